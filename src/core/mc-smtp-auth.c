/* mc-smtp-auth.c: SMTP log-in (SASL PLAIN, LOGIN, CRAM-MD5): choosing a mechanism and computing answers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions: no I/O. Every string that carries the password, or
 * something from which it could be recovered, is an McSecret, wiped when
 * freed, so that it does not linger in freed memory.
 */
#include "config.h"

#include <string.h>

#include "mc-smtp-auth.h"

void
mc_secret_free (McSecret *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* The strongest mechanism both sides know. CRAM-MD5 never sends the
 * password itself; PLAIN and LOGIN do, which TLS protects. NULL when there
 * is none we can use (OAuth-only servers, for one). */
const char *
mc_smtp_auth_choose (const char * const *offered)
{
  static const char *ours[] = { "CRAM-MD5", "PLAIN", "LOGIN" };

  for (guint i = 0; offered != NULL && i < G_N_ELEMENTS (ours); i++)
    {
      if (g_strv_contains (offered, ours[i]))
        return ours[i];
    }
  return NULL;
}

/* The initial response of PLAIN (RFC 4616): authzid (empty) NUL authcid
 * NUL password, in base64. */
McSecret *
mc_smtp_auth_plain (const char *user,
                    const char *password)
{
  gsize user_len = strlen (user);
  gsize password_len = strlen (password);
  gsize length = user_len + password_len + 2;
  g_autofree char *raw = g_malloc0 (length + 1);
  McSecret *encoded;

  memcpy (raw + 1, user, user_len);
  memcpy (raw + 2 + user_len, password, password_len);
  encoded = g_base64_encode ((const guchar *) raw, length);
  explicit_bzero (raw, length);
  return encoded;
}

/* LOGIN asks for the user name, then the password, each prompt in base64
 * ("Username:", "Password:"); a prompt that does not say which is taken as
 * the password's, which LOGIN asks for last. */
McSecret *
mc_smtp_auth_login_answer (const char *challenge,
                           const char *user,
                           const char *password,
                           gboolean   *asks_user)
{
  g_autofree guchar *prompt = NULL;
  gsize length = 0;
  gboolean user_wanted;

  prompt = g_base64_decode (challenge, &length);
  user_wanted = prompt != NULL && length >= 4 && g_ascii_strncasecmp ((const char *) prompt, "user", 4) == 0;
  if (asks_user != NULL)
    *asks_user = user_wanted;
  if (user_wanted)
    return g_base64_encode ((const guchar *) user, strlen (user));
  return g_base64_encode ((const guchar *) password, strlen (password));
}

/* CRAM-MD5 (RFC 2195): the user name, a space and the hexadecimal HMAC-MD5
 * of the server's challenge keyed with the password, in base64. */
McSecret *
mc_smtp_auth_cram_md5 (const char *challenge,
                       const char *user,
                       const char *password)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(McSecret) response = NULL;
  gsize length = 0;

  decoded = g_base64_decode (challenge, &length);
  digest = g_compute_hmac_for_data (G_CHECKSUM_MD5, (const guchar *) password, strlen (password),
                                    decoded, length);
  response = g_strdup_printf ("%s %s", user, digest);
  return g_base64_encode ((const guchar *) response, strlen (response));
}
