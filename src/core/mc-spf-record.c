/* mc-spf-record.c: parses an SPF record into its terms (RFC 7208, sections 4.5, 4.6, 5 and 6).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "mc-i18n.h"

#include "mc-spf-private.h"

/* The version section: "v=spf1" alone or followed by a space, in any case
 * (4.5). Records that do not start so are not SPF records at all. */
gboolean
mc_spf_record_is_spf (GBytes *txt)
{
  gsize len;
  const char *data = g_bytes_get_data (txt, &len);

  return len >= 6 && g_ascii_strncasecmp (data, "v=spf1", 6) == 0 && (len == 6 || data[6] == ' ');
}

static void
term_free (McSpfTerm *term)
{
  g_free (term->text);
  g_free (term->domain_spec);
  g_clear_object (&term->network);
  g_free (term);
}

void
mc_spf_record_free (McSpfRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->text);
  g_ptr_array_unref (record->terms);
  g_free (record->redirect);
  g_free (record->exp);
  g_free (record);
}

static gboolean
syntax_error (GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
syntax_error (GError     **error,
              const char  *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MC_SPF_ERROR, MC_SPF_ERROR_SYNTAX, message);
  return FALSE;
}

/* 1*DIGIT without leading zeros (as ip4-network forbids them, the openspf
 * suite forbids them here too), at most max. */
static gboolean
parse_prefix (const char *text,
              guint       max,
              guint      *out)
{
  guint64 value = 0;

  if (*text == '\0' || (text[0] == '0' && text[1] != '\0'))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
      if (value > max)
        return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* ip4-network = qnum "." qnum "." qnum "." qnum, qnum = 0 to 255 without
 * leading zeros: stricter than inet_pton, which takes "01.2.3.4". */
static GInetAddress *
parse_ip4 (const char *text)
{
  guint8 bytes[4];
  const char *p = text;

  for (guint i = 0; i < 4; i++)
    {
      guint value = 0;
      const char *start = p;

      while (g_ascii_isdigit (*p) && p - start < 3)
        value = value * 10 + (guint) (*p++ - '0');
      if (p == start || value > 255 || (start[0] == '0' && p - start > 1))
        return NULL;
      bytes[i] = (guint8) value;
      if (i < 3 && *p++ != '.')
        return NULL;
    }
  if (*p != '\0')
    return NULL;
  return g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV4);
}

static GInetAddress *
parse_ip6 (const char *text)
{
  guint8 bytes[16];

  if (inet_pton (AF_INET6, text, bytes) != 1)
    return NULL;
  return g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);
}

/* [ ":" domain-spec ] [ dual-cidr-length ] for "a" and "mx", from the
 * text after the mechanism's name. The prefixes are taken from the end,
 * since a domain-spec may itself hold "/" (but never ends in digits after
 * a "/", its last label being a top-level name or a macro). */
static gboolean
parse_a_mx (McSpfTerm   *term,
            const char  *rest,
            GError     **error)
{
  g_autofree char *s = g_strdup (rest);
  char *slash;

  term->cidr4 = 32;
  term->cidr6 = 128;

  slash = g_strrstr (s, "//");
  if (slash != NULL && all_digits (slash + 2))
    {
      if (!parse_prefix (slash + 2, 128, &term->cidr6))
        return syntax_error (error, _("“%s”: “%s” is not an IPv6 prefix length (0 to 128)"),
                             term->text, slash + 2);
      *slash = '\0';
    }
  slash = strrchr (s, '/');
  if (slash != NULL && all_digits (slash + 1))
    {
      if (!parse_prefix (slash + 1, 32, &term->cidr4))
        return syntax_error (error, _("“%s”: “%s” is not an IPv4 prefix length (0 to 32)"),
                             term->text, slash + 1);
      *slash = '\0';
    }

  if (*s == '\0')
    return TRUE;
  if (*s != ':')
    return syntax_error (error, _("“%s” is not a valid term"), term->text);
  if (!mc_spf_domain_spec_validate (s + 1, error))
    return FALSE;
  term->domain_spec = g_strdup (s + 1);
  return TRUE;
}

static gboolean
parse_domain_only (McSpfTerm   *term,
                   const char  *rest,
                   gboolean     optional,
                   GError     **error)
{
  if (*rest == '\0' && optional)
    return TRUE;
  if (*rest != ':')
    return syntax_error (error, _("“%s” needs a domain name after a colon"), term->text);
  if (!mc_spf_domain_spec_validate (rest + 1, error))
    return FALSE;
  term->domain_spec = g_strdup (rest + 1);
  return TRUE;
}

static gboolean
parse_ip (McSpfTerm   *term,
          const char  *rest,
          gboolean     v6,
          GError     **error)
{
  g_autofree char *network = NULL;
  const char *slash;

  if (*rest != ':')
    return syntax_error (error, _("“%s” needs an address after a colon"), term->text);
  rest++;
  slash = strchr (rest, '/');
  network = slash != NULL ? g_strndup (rest, (gsize) (slash - rest)) : g_strdup (rest);
  term->network = v6 ? parse_ip6 (network) : parse_ip4 (network);
  if (term->network == NULL)
    return syntax_error (error, v6 ? _("“%s”: “%s” is not an IPv6 address")
                                   : _("“%s”: “%s” is not an IPv4 address"),
                         term->text, network);
  term->cidr4 = 32;
  term->cidr6 = 128;
  if (slash != NULL && !parse_prefix (slash + 1, v6 ? 128 : 32, v6 ? &term->cidr6 : &term->cidr4))
    return syntax_error (error, _("“%s”: “%s” is not a valid prefix length"), term->text,
                         slash + 1);
  return TRUE;
}

static const struct
{
  const char     *name;
  McSpfMechanism  mechanism;
} mechanisms[] = {
  { "all",     MC_SPF_MECH_ALL },
  { "include", MC_SPF_MECH_INCLUDE },
  { "a",       MC_SPF_MECH_A },
  { "mx",      MC_SPF_MECH_MX },
  { "ptr",     MC_SPF_MECH_PTR },
  { "ip4",     MC_SPF_MECH_IP4 },
  { "ip6",     MC_SPF_MECH_IP6 },
  { "exists",  MC_SPF_MECH_EXISTS },
};

static McSpfTerm *
parse_mechanism (const char  *text,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  McSpfTerm *term = g_new0 (McSpfTerm, 1);
  const char *p = text;
  gsize name_len;
  gboolean ok = FALSE, known = FALSE;

  term->text = g_strdup (text);
  switch (*p)
    {
    case '+': term->result = MC_SPF_RESULT_PASS; p++; break;
    case '-': term->result = MC_SPF_RESULT_FAIL; p++; break;
    case '~': term->result = MC_SPF_RESULT_SOFTFAIL; p++; break;
    case '?': term->result = MC_SPF_RESULT_NEUTRAL; p++; break;
    default:  term->result = MC_SPF_RESULT_PASS; break;
    }

  name_len = strcspn (p, ":/");
  for (guint i = 0; i < G_N_ELEMENTS (mechanisms); i++)
    {
      const char *rest = p + name_len;

      if (strlen (mechanisms[i].name) != name_len ||
          g_ascii_strncasecmp (p, mechanisms[i].name, name_len) != 0)
        continue;
      known = TRUE;
      term->mechanism = mechanisms[i].mechanism;
      switch (term->mechanism)
        {
        case MC_SPF_MECH_ALL:
          ok = *rest == '\0' || syntax_error (&local_error, _("“%s”: “all” takes no value"), text);
          break;
        case MC_SPF_MECH_INCLUDE:
        case MC_SPF_MECH_EXISTS:
          ok = parse_domain_only (term, rest, FALSE, &local_error);
          break;
        case MC_SPF_MECH_PTR:
          ok = parse_domain_only (term, rest, TRUE, &local_error);
          break;
        case MC_SPF_MECH_A:
        case MC_SPF_MECH_MX:
          ok = parse_a_mx (term, rest, &local_error);
          break;
        case MC_SPF_MECH_IP4:
        case MC_SPF_MECH_IP6:
          ok = parse_ip (term, rest, term->mechanism == MC_SPF_MECH_IP6, &local_error);
          break;
        default:
          g_assert_not_reached ();
        }
      break;
    }
  if (!known)
    syntax_error (&local_error, _("unknown mechanism “%s”"), text);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      term_free (term);
      return NULL;
    }
  return term;
}

/* name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ), followed by "=". */
static gsize
modifier_name_len (const char *text)
{
  gsize i = 0;

  if (!g_ascii_isalpha (text[0]))
    return 0;
  while (g_ascii_isalnum (text[i]) || text[i] == '-' || text[i] == '_' || text[i] == '.')
    i++;
  return text[i] == '=' ? i : 0;
}

static gboolean
parse_modifier (McSpfRecord  *record,
                const char   *text,
                gsize         name_len,
                GError      **error)
{
  const char *value = text + name_len + 1;
  char **slot = NULL;

  if (name_len == 8 && g_ascii_strncasecmp (text, "redirect", 8) == 0)
    slot = &record->redirect;
  else if (name_len == 3 && g_ascii_strncasecmp (text, "exp", 3) == 0)
    slot = &record->exp;

  if (slot == NULL)
    {
      /* Unknown modifiers are ignored, but their value must still be a
       * valid macro-string (A/3). */
      return mc_spf_macro_validate (value, MC_SPF_MACRO_ANY, error);
    }
  if (*slot != NULL)
    return syntax_error (error, _("“%.*s=” appears more than once"), (int) name_len, text);
  if (!mc_spf_domain_spec_validate (value, error))
    return FALSE;
  *slot = g_strdup (value);
  return TRUE;
}

/* The whole record is checked before anything is evaluated: a syntax
 * error anywhere makes it a permerror (4.6), even after a match. */
McSpfRecord *
mc_spf_record_parse (GBytes  *txt,
                     GError **error)
{
  g_autoptr(McSpfRecord) record = NULL;
  g_auto(GStrv) tokens = NULL;
  gsize len;
  const guchar *data = g_bytes_get_data (txt, &len);

  g_return_val_if_fail (mc_spf_record_is_spf (txt), NULL);

  record = g_new0 (McSpfRecord, 1);
  record->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);
  for (gsize i = 0; i < len; i++)
    {
      if (data[i] < 0x20 || data[i] > 0x7e)
        {
          g_set_error (error, MC_SPF_ERROR, MC_SPF_ERROR_SYNTAX,
                       _("the record holds a character that is not allowed (a control "
                         "character or one that is not plain ASCII) at position %u"),
                       (guint) (i + 1));
          return NULL;
        }
    }
  record->text = g_strndup ((const char *) data, len);

  tokens = g_strsplit (record->text, " ", -1);
  for (guint i = 1; tokens[i] != NULL; i++)
    {
      const char *token = tokens[i];
      gsize name_len;

      if (*token == '\0')
        continue;
      name_len = modifier_name_len (token);
      if (name_len > 0)
        {
          if (!parse_modifier (record, token, name_len, error))
            return NULL;
        }
      else
        {
          McSpfTerm *term = parse_mechanism (token, error);

          if (term == NULL)
            return NULL;
          if (term->mechanism == MC_SPF_MECH_ALL)
            record->has_all = TRUE;
          if (term->domain_spec != NULL && mc_spf_macro_uses_p (term->domain_spec))
            record->uses_p = TRUE;
          g_ptr_array_add (record->terms, term);
        }
    }
  if (record->redirect != NULL && mc_spf_macro_uses_p (record->redirect))
    record->uses_p = TRUE;
  return g_steal_pointer (&record);
}
