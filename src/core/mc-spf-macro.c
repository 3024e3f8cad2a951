/* mc-spf-macro.c: SPF macros (RFC 7208, section 7), domain-spec syntax, target names, addresses.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-spf-private.h"

G_DEFINE_QUARK (mc-spf-error-quark, mc_spf_error)

#define DELIMITERS ".-+,/_="

static gboolean
letter_allowed (char              letter,
                McSpfMacroContext context)
{
  letter = g_ascii_tolower (letter);
  if (strchr ("slodiphv", letter) != NULL)
    return TRUE;
  /* c, r and t are for explanations only (7.1). */
  return context != MC_SPF_MACRO_DOMAIN && strchr ("crt", letter) != NULL;
}

/* A parsed %{…}: the letter, the number of right-hand parts (0: all), the
 * reversal, the delimiters; *end is after the closing brace. */
typedef struct
{
  char     letter;
  guint    parts;
  gboolean reverse;
  char     delimiters[sizeof DELIMITERS];
} MacroExpand;

/* The length of the macro at p, for messages. */
static int
expand_len (const char *p)
{
  const char *close = strchr (p, '}');

  return (int) (close != NULL ? (gsize) (close + 1 - p) : strlen (p));
}

static gboolean
parse_expand (const char         *p,
              McSpfMacroContext   context,
              MacroExpand        *out,
              const char        **end,
              GError            **error)
{
  const char *start = p;
  guint n_delimiters = 0;

  g_assert (p[0] == '%' && p[1] == '{');
  p += 2;
  memset (out, 0, sizeof *out);

  if (!g_ascii_isalpha (*p) || !letter_allowed (*p, context))
    {
      if (g_ascii_isalpha (*p) && strchr ("crt", g_ascii_tolower (*p)) != NULL)
        g_set_error (error, MC_SPF_ERROR, MC_SPF_ERROR_SYNTAX,
                     /* Translators: %c is a macro letter; keep %%{%c} as it is. */
                     _("the macro %%{%c} may only be used in explanations"), *p);
      else
        g_set_error (error, MC_SPF_ERROR, MC_SPF_ERROR_SYNTAX,
                     _("unknown macro in “%.*s”"), expand_len (start), start);
      return FALSE;
    }
  out->letter = *p++;

  if (g_ascii_isdigit (*p))
    {
      guint64 value = 0;

      while (g_ascii_isdigit (*p))
        {
          value = MIN (value * 10 + (guint64) (*p - '0'), G_MAXUINT);
          p++;
        }
      if (value == 0)
        {
          g_set_error (error, MC_SPF_ERROR, MC_SPF_ERROR_SYNTAX,
                       _("a macro keeps zero parts in “%.*s”"), expand_len (start), start);
          return FALSE;
        }
      out->parts = (guint) value;
    }
  if (*p == 'r' || *p == 'R')
    {
      out->reverse = TRUE;
      p++;
    }
  while (*p != '\0' && strchr (DELIMITERS, *p) != NULL)
    {
      if (strchr (out->delimiters, *p) == NULL && n_delimiters < sizeof out->delimiters - 1)
        out->delimiters[n_delimiters++] = *p;
      p++;
    }
  if (*p != '}')
    {
      g_set_error (error, MC_SPF_ERROR, MC_SPF_ERROR_SYNTAX,
                   _("a macro is not closed properly in “%.*s”"), expand_len (start), start);
      return FALSE;
    }
  if (n_delimiters == 0)
    out->delimiters[0] = '.';
  *end = p + 1;
  return TRUE;
}

/* Walks a macro-string; *tail_out is where the literal text after the last
 * macro ends begins (the domain-end check reads it). */
static gboolean
scan (const char         *text,
      McSpfMacroContext   context,
      const char        **tail_out,
      GError            **error)
{
  const char *tail = text;

  for (const char *p = text; *p != '\0';)
    {
      guchar c = (guchar) *p;

      if (c == '%')
        {
          if (p[1] == '%' || p[1] == '_' || p[1] == '-')
            {
              p += 2;
              tail = p;
            }
          else if (p[1] == '{')
            {
              MacroExpand expand;

              if (!parse_expand (p, context, &expand, &p, error))
                return FALSE;
              tail = p;
            }
          else
            {
              g_set_error (error, MC_SPF_ERROR, MC_SPF_ERROR_SYNTAX,
                           _("a “%%” must be followed by “{”, “%%”, “_” or “-” in “%s”"), text);
              return FALSE;
            }
          continue;
        }
      if (c > 0x7e || c < 0x20 || (c == ' ' && context != MC_SPF_MACRO_EXPLANATION))
        {
          g_set_error (error, MC_SPF_ERROR, MC_SPF_ERROR_SYNTAX,
                       _("“%s” holds a character that is not allowed (only plain ASCII is)"), text);
          return FALSE;
        }
      p++;
    }
  if (tail_out != NULL)
    *tail_out = tail;
  return TRUE;
}

gboolean
mc_spf_macro_validate (const char         *text,
                       McSpfMacroContext   context,
                       GError            **error)
{
  return scan (text, context, NULL, error);
}

/* toplabel = ( *alphanum ALPHA *alphanum ) /
 *            ( 1*alphanum "-" *( alphanum / "-" ) alphanum ) */
static gboolean
is_toplabel (const char *label,
             gsize       len)
{
  gboolean alpha = FALSE, dash = FALSE;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isalpha (label[i]))
        alpha = TRUE;
      else if (label[i] == '-')
        dash = TRUE;
      else if (!g_ascii_isdigit (label[i]))
        return FALSE;
    }
  if (dash)
    return label[0] != '-' && label[len - 1] != '-';
  return alpha;
}

/* domain-spec = macro-string domain-end
 * domain-end  = ( "." toplabel [ "." ] ) / macro-expand */
gboolean
mc_spf_domain_spec_validate (const char  *text,
                             GError     **error)
{
  const char *tail = NULL;
  gsize len;
  const char *dot;

  if (*text == '\0')
    {
      g_set_error (error, MC_SPF_ERROR, MC_SPF_ERROR_SYNTAX, _("a domain name is missing"));
      return FALSE;
    }
  if (!scan (text, MC_SPF_MACRO_DOMAIN, &tail, error))
    return FALSE;
  len = strlen (tail);
  if (len == 0)
    return TRUE;
  if (tail[len - 1] == '.')
    len--;
  dot = g_strrstr_len (tail, (gssize) len, ".");
  if (dot == NULL || !is_toplabel (dot + 1, len - (gsize) (dot + 1 - tail)))
    {
      g_set_error (error, MC_SPF_ERROR, MC_SPF_ERROR_SYNTAX,
                   _("“%s” is not a valid domain name (it must end in a dot and a top-level "
                     "name, such as “.com”)"), text);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_spf_macro_uses_p (const char *text)
{
  for (const char *p = text; p != NULL && (p = strstr (p, "%{")) != NULL; p += 2)
    if (p[2] == 'p' || p[2] == 'P')
      return TRUE;
  return FALSE;
}

static void
append_escaped (GString    *out,
                const char *value)
{
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
        g_string_append_c (out, (char) *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
}

/* The "i" macro: dotted quads, or for IPv6 the 32 nibbles dot-separated
 * (7.3), in capitals as the openspf test suite expects. */
static char *
ip_dotted (GInetAddress *ip)
{
  const guint8 *bytes = g_inet_address_to_bytes (ip);
  GString *out;

  if (g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV4)
    return g_inet_address_to_string (ip);
  out = g_string_new (NULL);
  for (guint i = 0; i < 16; i++)
    g_string_append_printf (out, "%s%X.%X", i > 0 ? "." : "", bytes[i] >> 4, bytes[i] & 0xf);
  return g_string_free (out, FALSE);
}

static char *
macro_value (const McSpfMacroVars *vars,
             char                  letter)
{
  switch (g_ascii_tolower (letter))
    {
    case 's': return g_strdup (vars->sender);
    case 'l': return g_strdup (vars->local_part);
    case 'o': return g_strdup (vars->sender_domain);
    case 'd': return g_strdup (vars->domain);
    case 'i': return ip_dotted (vars->ip);
    case 'p': return g_strdup (vars->validated != NULL ? vars->validated : "unknown");
    case 'v':
      return g_strdup (g_inet_address_get_family (vars->ip) == G_SOCKET_FAMILY_IPV4 ? "in-addr"
                                                                                  : "ip6");
    case 'h': return g_strdup (vars->helo);
    case 'c': return g_inet_address_to_string (vars->ip);
    case 'r': return g_strdup (vars->receiver != NULL ? vars->receiver : "unknown");
    case 't': return g_strdup_printf ("%" G_GINT64_FORMAT, vars->now);
    default:  g_return_val_if_reached (g_strdup (""));
    }
}

/* Splits on the delimiters, reverses, keeps the right-hand parts and
 * joins with dots (7.3). */
static char *
transform (const char        *value,
           const MacroExpand *expand)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = value;
  GString *out;
  guint first;

  for (const char *p = value;; p++)
    {
      if (*p == '\0' || strchr (expand->delimiters, *p) != NULL)
        {
          g_ptr_array_add (parts, g_strndup (start, (gsize) (p - start)));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  if (expand->reverse)
    {
      for (guint i = 0, j = parts->len - 1; i < j; i++, j--)
        {
          gpointer tmp = parts->pdata[i];

          parts->pdata[i] = parts->pdata[j];
          parts->pdata[j] = tmp;
        }
    }
  first = expand->parts > 0 && expand->parts < parts->len ? parts->len - expand->parts : 0;
  out = g_string_new (NULL);
  for (guint i = first; i < parts->len; i++)
    {
      if (i > first)
        g_string_append_c (out, '.');
      g_string_append (out, g_ptr_array_index (parts, i));
    }
  return g_string_free (out, FALSE);
}

char *
mc_spf_macro_expand (const char            *text,
                     McSpfMacroContext      context,
                     const McSpfMacroVars  *vars,
                     GError               **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!scan (text, context, NULL, error))
    return NULL;

  for (const char *p = text; *p != '\0';)
    {
      MacroExpand expand;
      g_autofree char *value = NULL;
      g_autofree char *transformed = NULL;

      if (*p != '%')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      switch (p[1])
        {
        case '%': g_string_append_c (out, '%'); p += 2; continue;
        case '_': g_string_append_c (out, ' '); p += 2; continue;
        case '-': g_string_append (out, "%20"); p += 2; continue;
        default: break;
        }
      if (!parse_expand (p, context, &expand, &p, error))
        g_return_val_if_reached (NULL);
      value = macro_value (vars, expand.letter);
      transformed = transform (value, &expand);
      if (g_ascii_isupper (expand.letter))
        append_escaped (out, transformed);
      else
        g_string_append (out, transformed);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* An expanded domain-spec as a name to query: without its trailing dot,
 * and cut from the left, label by label, to 253 characters (7.3). */
char *
mc_spf_target_name (const char *expanded)
{
  gsize len = strlen (expanded);
  const char *start = expanded;

  if (len > 0 && expanded[len - 1] == '.')
    len--;
  while (len > 253)
    {
      const char *dot = memchr (start, '.', len);

      if (dot == NULL)
        break;
      len -= (gsize) (dot + 1 - start);
      start = dot + 1;
    }
  return g_strndup (start, len);
}

/* Whether a name can be asked for at all: no empty label, none longer
 * than 63 characters, 253 in all (4.3, and 4.8 for target names). */
gboolean
mc_spf_domain_is_valid (const char *name)
{
  gsize len = strlen (name);
  const char *label = name;

  if (len == 0 || len > 253)
    return FALSE;
  for (const char *p = name;; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          gsize label_len = (gsize) (p - label);

          if (label_len == 0 || label_len > 63)
            return FALSE;
          if (*p == '\0')
            return TRUE;
          label = p + 1;
        }
    }
}

/* An IPv4-mapped IPv6 address is IPv4 (RFC 7208, section 5). */
GInetAddress *
mc_spf_address_unmap (GInetAddress *address)
{
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    {
      static const guint8 prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
      const guint8 *bytes = g_inet_address_to_bytes (address);

      if (memcmp (bytes, prefix, sizeof prefix) == 0)
        return g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);
    }
  return g_object_ref (address);
}

gboolean
mc_spf_address_in_network (GInetAddress *address,
                           GInetAddress *network,
                           guint         prefix)
{
  const guint8 *a, *n;
  guint bytes;

  if (g_inet_address_get_family (address) != g_inet_address_get_family (network))
    return FALSE;
  a = g_inet_address_to_bytes (address);
  n = g_inet_address_to_bytes (network);
  bytes = prefix / 8;
  if (memcmp (a, n, bytes) != 0)
    return FALSE;
  if (prefix % 8 != 0)
    {
      guint8 mask = (guint8) (0xff << (8 - prefix % 8));

      return (a[bytes] & mask) == (n[bytes] & mask);
    }
  return TRUE;
}
