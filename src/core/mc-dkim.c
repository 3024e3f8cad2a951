/* mc-dkim.c: DKIM key records (RFC 6376 §3.6.1, RFC 8463): their tags, their key and its length.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only what a person sending mail can get wrong is checked: the record's
 * syntax, the key's type and encoding, and its length. RSA keys are read
 * with GnuTLS, both as the SubjectPublicKeyInfo that RFC 6376's examples
 * and every common tool publish and as the bare PKCS#1 RSAPublicKey that
 * some hand-made records hold.
 */
#include "config.h"

#include "mc-i18n.h"
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "mc-dkim.h"

#define ED25519_KEY_BYTES 32

void
mc_dkim_key_free (McDkimKey *key)
{
  if (key == NULL)
    return;
  g_free (key->record);
  g_free (key->key_type_name);
  g_clear_pointer (&key->key, g_bytes_unref);
  g_free (key->hash_algorithms);
  g_free (key->service_types);
  g_free (key->notes);
  g_clear_pointer (&key->unknown_tags, g_ptr_array_unref);
  g_clear_pointer (&key->problems, g_ptr_array_unref);
  g_free (key);
}

gboolean
mc_dkim_key_is_valid (McDkimKey *key)
{
  g_return_val_if_fail (key != NULL, FALSE);
  return key->problems->len == 0;
}

/* The first problem in words, or NULL when there is none. */
const char *
mc_dkim_key_get_error (McDkimKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  if (key->problems->len == 0)
    return NULL;
  return ((McRecordProblem *) g_ptr_array_index (key->problems, 0))->message;
}

const char *
mc_dkim_key_type_to_string (McDkimKeyType type)
{
  switch (type)
    {
    case MC_DKIM_KEY_RSA:     return "rsa";
    case MC_DKIM_KEY_ED25519: return "ed25519";
    case MC_DKIM_KEY_UNKNOWN:
    default:                  return "unknown";
    }
}

/* Whether a TXT record at a selector's name is meant as a DKIM key: names
 * such as a wildcard's SPF record can sit there too and are no key. */
gboolean
mc_dkim_looks_like_key (const char *record)
{
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (record != NULL, FALSE);

  if (strstr (record, "DKIM") != NULL || strstr (record, "dkim") != NULL)
    return TRUE;
  parts = g_strsplit (record, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *p = parts[i];

      while (g_ascii_isspace (*p))
        p++;
      if (*p != 'p' && *p != 'k')
        continue;
      p++;
      while (g_ascii_isspace (*p))
        p++;
      if (*p == '=')
        return TRUE;
    }
  return FALSE;
}

/* Strict base64 (RFC 6376 base64string, white space already removed):
 * only the alphabet, and "=" only as the last one or two characters. A
 * missing final padding is forgiven, as verifiers forgive it. */
static GBytes *
decode_base64 (const char  *text,
               GPtrArray   *problems)
{
  gsize len = strlen (text);
  gsize data_len = len;
  g_autofree char *padded = NULL;
  g_autofree guchar *bytes = NULL;
  gsize n_bytes = 0;

  while (data_len > 0 && text[data_len - 1] == '=')
    data_len--;

  for (gsize i = 0; i < data_len; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/')
      {
        mc_record_add_problem (problems, MC_RECORD_PROBLEM_BASE64, "p",
                               /* Translators: %c is the character that is wrong. */
                               _("the p= tag is not valid base64 (it contains the character “%c”)"),
                               text[i]);
        return NULL;
      }
  if (len - data_len > 2 || (len != data_len && len % 4 != 0) || data_len % 4 == 1)
    {
      mc_record_add_problem (problems, MC_RECORD_PROBLEM_BASE64, "p", "%s",
                             _("the p= tag is not valid base64 (its length is wrong, so part "
                               "of it is probably missing)"));
      return NULL;
    }

  padded = g_strndup (text, data_len + 3);
  memset (padded + data_len, '=', 3);
  padded[data_len + (4 - data_len % 4) % 4] = '\0';
  bytes = g_base64_decode (padded, &n_bytes);
  return g_bytes_new_take (g_steal_pointer (&bytes), n_bytes);
}

/* One DER element of the given tag; moves *p past it. */
static gboolean
der_read (const guchar **p,
          const guchar  *end,
          guchar         tag,
          gnutls_datum_t *content)
{
  gsize len;

  if (end - *p < 2 || **p != tag)
    return FALSE;
  (*p)++;
  len = *(*p)++;
  if (len & 0x80)
    {
      guint n = len & 0x7f;

      if (n == 0 || n > 4 || (gsize) (end - *p) < n)
        return FALSE;
      len = 0;
      for (guint i = 0; i < n; i++)
        len = (len << 8) | *(*p)++;
    }
  if ((gsize) (end - *p) < len)
    return FALSE;
  content->data = (unsigned char *) *p;
  content->size = len;
  *p += len;
  return TRUE;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static gboolean
import_pkcs1 (gnutls_pubkey_t  pubkey,
              GBytes          *der)
{
  gsize size;
  const guchar *start = g_bytes_get_data (der, &size);
  const guchar *p = start;
  const guchar *end = start + size;
  gnutls_datum_t sequence, modulus, exponent;

  if (!der_read (&p, end, 0x30, &sequence) || p != end)
    return FALSE;
  p = sequence.data;
  end = sequence.data + sequence.size;
  if (!der_read (&p, end, 0x02, &modulus) || !der_read (&p, end, 0x02, &exponent) || p != end)
    return FALSE;
  return gnutls_pubkey_import_rsa_raw (pubkey, &modulus, &exponent) == GNUTLS_E_SUCCESS;
}

static void
read_rsa_key (McDkimKey *key)
{
  gnutls_pubkey_t pubkey = NULL;
  gsize size;
  gnutls_datum_t datum;
  unsigned int bits = 0;
  int algorithm;

  datum.data = (unsigned char *) g_bytes_get_data (key->key, &size);
  datum.size = size;

  if (gnutls_pubkey_init (&pubkey) != GNUTLS_E_SUCCESS)
    g_error ("Out of memory");

  if (gnutls_pubkey_import (pubkey, &datum, GNUTLS_X509_FMT_DER) == GNUTLS_E_SUCCESS)
    {
      algorithm = gnutls_pubkey_get_pk_algorithm (pubkey, &bits);
      if (algorithm != GNUTLS_PK_RSA)
        mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_KEY, "p",
                               /* Translators: %s is a key algorithm such as "EdDSA (Ed25519)". */
                               _("the p= tag holds a %s key, but the record says it is an RSA "
                                 "key (k=rsa)"), gnutls_pk_get_name (algorithm));
      else
        key->key_bits = bits;
    }
  else
    {
      /* A fresh key object: a failed import may leave the first half-set. */
      gnutls_pubkey_deinit (pubkey);
      if (gnutls_pubkey_init (&pubkey) != GNUTLS_E_SUCCESS)
        g_error ("Out of memory");
      if (import_pkcs1 (pubkey, key->key)
          && gnutls_pubkey_get_pk_algorithm (pubkey, &bits) == GNUTLS_PK_RSA)
        {
          key->key_bits = bits;
          key->rsa_pkcs1 = TRUE;
        }
      else
        mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_KEY, "p", "%s",
                               _("the p= tag is not an RSA public key (it may be cut short or "
                                 "copied wrongly)"));
    }
  gnutls_pubkey_deinit (pubkey);
}

static void
read_ed25519_key (McDkimKey *key)
{
  gsize size = g_bytes_get_size (key->key);
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t datum;
  unsigned int bits = 0;

  if (size == ED25519_KEY_BYTES)
    {
      key->key_bits = ED25519_KEY_BYTES * 8;
      return;
    }

  /* The usual mistake: the key as OpenSSL prints it, in a
   * SubjectPublicKeyInfo, where RFC 8463 wants the 32 bytes alone. */
  datum.data = (unsigned char *) g_bytes_get_data (key->key, NULL);
  datum.size = size;
  if (gnutls_pubkey_init (&pubkey) != GNUTLS_E_SUCCESS)
    g_error ("Out of memory");
  if (gnutls_pubkey_import (pubkey, &datum, GNUTLS_X509_FMT_DER) == GNUTLS_E_SUCCESS
      && gnutls_pubkey_get_pk_algorithm (pubkey, &bits) == GNUTLS_PK_EDDSA_ED25519)
    mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_KEY, "p", "%s",
                           _("the ed25519 key in p= is wrapped in a SubjectPublicKeyInfo "
                             "structure; RFC 8463 requires the bare 32-byte key"));
  else
    mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_KEY, "p",
                           /* Translators: %u is a number of bytes. */
                           _("an ed25519 key is 32 bytes long, but the one in p= is %u bytes"),
                           (guint) size);
  gnutls_pubkey_deinit (pubkey);
}

/* The value of a "v=" tag at the very start of the record, or NULL when
 * the record starts with another tag. */
static char *
leading_version (const char *record)
{
  const char *p = record;
  const char *end;

  while (g_ascii_isspace (*p))
    p++;
  if (*p != 'v')
    return NULL;
  p++;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '=')
    return NULL;
  p++;
  end = strchr (p, ';');
  if (end == NULL)
    end = p + strlen (p);
  return g_strstrip (g_strndup (p, end - p));
}

/* A colon-separated list (h=, s=, t=) as lower-case words. */
static char **
split_colons (const char *value)
{
  char **words = g_strsplit (value, ":", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      char *lower = g_ascii_strdown (g_strstrip (words[i]), -1);

      g_free (words[i]);
      words[i] = lower;
    }
  return words;
}

static void
check_hash_algorithms (McDkimKey *key)
{
  g_auto(GStrv) algorithms = split_colons (key->hash_algorithms);

  if (g_strv_contains ((const char * const *) algorithms, "sha256"))
    return;
  if (g_strv_contains ((const char * const *) algorithms, "sha1"))
    mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_HASH, "h",
                           _("h=%s allows only SHA-1 signatures, which receivers no longer "
                             "accept (RFC 8301)"), key->hash_algorithms);
  else
    mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_HASH, "h",
                           _("h=%s names no hash algorithm that receivers accept (sha256)"),
                           key->hash_algorithms);
}

static void
check_service_types (McDkimKey *key)
{
  g_auto(GStrv) services = split_colons (key->service_types);

  if (g_strv_contains ((const char * const *) services, "*")
      || g_strv_contains ((const char * const *) services, "email"))
    return;
  mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_SERVICE, "s",
                         _("s=%s does not allow the key to be used for e-mail"),
                         key->service_types);
}

/* Parses one DKIM key record (the TXT strings of one record, joined). The
 * result always exists; its problems say what is wrong, in words. */
McDkimKey *
mc_dkim_key_parse (const char *record)
{
  static const char * const known[] = { "v", "h", "k", "n", "p", "s", "t", NULL };
  McDkimKey *key = g_new0 (McDkimKey, 1);
  g_autoptr(GPtrArray) tags = NULL;
  g_autofree char *version = NULL;
  McTag *tag;

  g_return_val_if_fail (record != NULL, NULL);

  key->record = g_strdup (record);
  key->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_record_problem_free);
  key->unknown_tags = g_ptr_array_new_with_free_func (g_free);
  key->key_type = MC_DKIM_KEY_RSA;
  key->key_type_name = g_strdup ("rsa");

  /* RFC 6376 §3.6.1: v= is optional, but when present it comes first and
   * says DKIM1; a record that starts with another version is discarded. */
  version = leading_version (record);
  if (version != NULL && !g_str_equal (version, "DKIM1"))
    mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_VERSION, "v",
                           /* Translators: %s is what the record has instead of DKIM1. */
                           _("the record does not start with v=DKIM1 (it says v=%s)"), version);

  tags = mc_tag_list_parse (record, FALSE, key->problems);

  if (version == NULL && mc_tag_list_find (tags, "v") != NULL)
    mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_VERSION, "v", "%s",
                           _("the record does not start with v=DKIM1 (v= must be its first "
                             "tag)"));

  for (guint i = 0; i < tags->len; i++)
    {
      McTag *t = g_ptr_array_index (tags, i);

      if (!g_strv_contains (known, t->name))
        g_ptr_array_add (key->unknown_tags, g_strdup (t->name));
    }

  if ((tag = mc_tag_list_find (tags, "k")) != NULL)
    {
      g_free (key->key_type_name);
      key->key_type_name = g_ascii_strdown (tag->value, -1);
      if (g_str_equal (key->key_type_name, "rsa"))
        key->key_type = MC_DKIM_KEY_RSA;
      else if (g_str_equal (key->key_type_name, "ed25519"))
        key->key_type = MC_DKIM_KEY_ED25519;
      else
        {
          key->key_type = MC_DKIM_KEY_UNKNOWN;
          mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_KEY_TYPE, "k",
                                 /* Translators: %s is the key type the record names. */
                                 _("unknown key type k=%s (receivers know rsa and ed25519)"),
                                 tag->value);
        }
    }

  if ((tag = mc_tag_list_find (tags, "h")) != NULL)
    {
      key->hash_algorithms = g_strdup (tag->value);
      check_hash_algorithms (key);
    }
  if ((tag = mc_tag_list_find (tags, "s")) != NULL)
    {
      key->service_types = g_strdup (tag->value);
      check_service_types (key);
    }
  if ((tag = mc_tag_list_find (tags, "n")) != NULL)
    key->notes = g_strdup (tag->value);
  if ((tag = mc_tag_list_find (tags, "t")) != NULL)
    {
      g_auto(GStrv) flags = split_colons (tag->value);

      /* Unknown flags are ignored (RFC 6376 §3.6.1). */
      key->testing = g_strv_contains ((const char * const *) flags, "y");
      key->strict = g_strv_contains ((const char * const *) flags, "s");
    }

  tag = mc_tag_list_find (tags, "p");
  if (tag == NULL)
    {
      /* Unless the tag is there but unreadable, which is already said. */
      gboolean named = FALSE;

      for (guint i = 0; i < key->problems->len; i++)
        named |= g_strcmp0 (((McRecordProblem *) key->problems->pdata[i])->tag, "p") == 0;
      if (!named)
        mc_record_add_problem (key->problems, MC_RECORD_PROBLEM_MISSING, "p", "%s",
                               _("the record has no p= tag, which holds the key"));
    }
  else
    {
      g_autofree char *data = mc_tag_value_strip_whitespace (tag->value);

      if (data[0] == '\0')
        key->revoked = TRUE;
      else
        key->key = decode_base64 (data, key->problems);
    }

  if (key->key != NULL && key->key_type == MC_DKIM_KEY_RSA)
    read_rsa_key (key);
  else if (key->key != NULL && key->key_type == MC_DKIM_KEY_ED25519)
    read_ed25519_key (key);

  return key;
}
