/* mc-dmarc.c: DMARC records (RFC 7489 and RFC 9989) and the DNS tree walk that finds the one that applies.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records are read as both RFCs allow: the tags RFC 9989 added (np, psd,
 * t) and the ones it removed (pct, rf, ri, still read by older receivers,
 * so accepted and listed as legacy). Unknown tags are ignored, as both
 * require, and listed. Where the RFCs tell receivers to skip a bad value
 * quietly, this parser names it: the person reading the report wants to
 * know what the receivers will skip.
 *
 * Missing p=: RFC 7489 requires the tag; both RFCs tell receivers to read
 * a record without a valid p= but with a valid rua= as p=none (RFC 7489
 * §6.6.3, RFC 9989 "DMARC Policy Discovery"). The parser does the same
 * and says so (policy_implied); without a valid rua= the record is
 * ignored, which is a problem.
 */
#include "config.h"

#include "mc-i18n.h"
#include <string.h>

#include "mc-dmarc.h"

#define WALK_MAX_LABELS 4

void
mc_dmarc_record_free (McDmarcRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->record);
  g_clear_pointer (&record->rua, g_ptr_array_unref);
  g_clear_pointer (&record->ruf, g_ptr_array_unref);
  g_free (record->fo);
  g_clear_pointer (&record->legacy_tags, g_ptr_array_unref);
  g_clear_pointer (&record->unknown_tags, g_ptr_array_unref);
  g_clear_pointer (&record->problems, g_ptr_array_unref);
  g_free (record);
}

gboolean
mc_dmarc_record_is_valid (McDmarcRecord *record)
{
  g_return_val_if_fail (record != NULL, FALSE);
  return record->problems->len == 0;
}

const char *
mc_dmarc_record_get_error (McDmarcRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  if (record->problems->len == 0)
    return NULL;
  return ((McRecordProblem *) g_ptr_array_index (record->problems, 0))->message;
}

const char *
mc_dmarc_policy_to_string (McDmarcPolicy policy)
{
  switch (policy)
    {
    case MC_DMARC_POLICY_NONE:       return "none";
    case MC_DMARC_POLICY_QUARANTINE: return "quarantine";
    case MC_DMARC_POLICY_REJECT:     return "reject";
    case MC_DMARC_POLICY_UNSET:
    default:                         return NULL;
    }
}

/* The policy for existing subdomains: sp=, else p=. */
McDmarcPolicy
mc_dmarc_record_get_subdomain_policy (McDmarcRecord *record)
{
  g_return_val_if_fail (record != NULL, MC_DMARC_POLICY_UNSET);
  if (record->subdomain_policy != MC_DMARC_POLICY_UNSET)
    return record->subdomain_policy;
  return record->policy;
}

/* The policy for subdomains that do not exist: np=, else sp=, else p=
 * (RFC 9989, "General Record Format"). */
McDmarcPolicy
mc_dmarc_record_get_nonexistent_policy (McDmarcRecord *record)
{
  g_return_val_if_fail (record != NULL, MC_DMARC_POLICY_UNSET);
  if (record->nonexistent_policy != MC_DMARC_POLICY_UNSET)
    return record->nonexistent_policy;
  return mc_dmarc_record_get_subdomain_policy (record);
}

static const char *
skip_wsp (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  return p;
}

/* Where the value of a leading "v=" starts, or NULL: "v" is an ABNF
 * string, so either case, with white space allowed around "=". */
static const char *
leading_version (const char *text)
{
  const char *p = skip_wsp (text);

  if (*p != 'v' && *p != 'V')
    return NULL;
  p = skip_wsp (p + 1);
  if (*p != '=')
    return NULL;
  return skip_wsp (p + 1);
}

/* Whether receivers take the text as a DMARC record: it starts with
 * v=DMARC1, "DMARC1" in exactly that case (RFC 9989's grammar). Others at
 * _dmarc names are discarded. */
gboolean
mc_dmarc_is_record (const char *text)
{
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);

  p = leading_version (text);
  if (p == NULL || !g_str_has_prefix (p, "DMARC1"))
    return FALSE;
  p = skip_wsp (p + strlen ("DMARC1"));
  return *p == ';' || *p == '\0';
}

/* Whether a TXT record at a _dmarc name is an attempt at DMARC that
 * receivers will discard, rather than something unrelated. */
gboolean
mc_dmarc_looks_like_record (const char *text)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  if (mc_dmarc_is_record (text) || leading_version (text) != NULL)
    return TRUE;
  lower = g_ascii_strdown (text, -1);
  return strstr (lower, "dmarc") != NULL || strstr (lower, "p=") != NULL;
}

static McDmarcPolicy
parse_policy (const char *value)
{
  if (g_ascii_strcasecmp (value, "none") == 0)
    return MC_DMARC_POLICY_NONE;
  if (g_ascii_strcasecmp (value, "quarantine") == 0)
    return MC_DMARC_POLICY_QUARANTINE;
  if (g_ascii_strcasecmp (value, "reject") == 0)
    return MC_DMARC_POLICY_REJECT;
  return MC_DMARC_POLICY_UNSET;
}

/* One letter out of a set, in either case, or 0. */
static char
parse_letter (const char *value,
              const char *letters)
{
  char c = g_ascii_tolower (value[0]);

  if (c == '\0' || value[1] != '\0' || strchr (letters, c) == NULL)
    return 0;
  return c;
}

static gboolean
parse_number (const char *value,
              guint64     max,
              guint64    *out)
{
  return g_ascii_string_to_unsigned (value, 10, 0, max, out, NULL);
}

static gboolean
is_fo (const char *value)
{
  g_auto(GStrv) options = g_strsplit (value, ":", -1);

  if (options[0] == NULL)
    return FALSE;
  for (guint i = 0; options[i] != NULL; i++)
    {
      g_strstrip (options[i]);
      if (parse_letter (options[i], "01ds") == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_scheme (const char *start,
           const char *colon)
{
  if (start == colon || !g_ascii_isalpha (*start))
    return FALSE;
  for (const char *p = start; p < colon; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/* One report address: a URI (mailto: is what every receiver supports),
 * optionally followed by RFC 7489's "!size" limit (1*DIGIT [k|m|g|t]),
 * which RFC 9989 leaves out but older receivers still read. */
static gboolean
check_uri (const char *tag,
           const char *uri,
           GPtrArray  *problems)
{
  g_autofree char *base = g_strdup (uri);
  char *bang = strrchr (base, '!');
  char *colon;

  if (bang != NULL)
    {
      const char *size = bang + 1;
      gsize digits = strspn (size, "0123456789");
      gboolean unit_ok = size[digits] == '\0'
                         || (strchr ("kmgtKMGT", size[digits]) != NULL && size[digits + 1] == '\0');

      if (digits == 0 || !unit_ok)
        {
          mc_record_add_problem (problems, MC_RECORD_PROBLEM_URI, tag,
                                 /* Translators: the first %s is rua or ruf, the second an address. */
                                 _("%s=: the size limit in “%s” is not valid (it must be a number, "
                                   "optionally followed by k, m, g or t)"), tag, uri);
          return FALSE;
        }
      *bang = '\0';
    }

  colon = strchr (base, ':');
  if (colon == NULL || !is_scheme (base, colon))
    {
      if (strchr (base, '@') != NULL)
        mc_record_add_problem (problems, MC_RECORD_PROBLEM_URI, tag,
                               /* Translators: the first %s is rua or ruf, the second an address. */
                               _("%s=: “%s” lacks “mailto:” in front"), tag, uri);
      else
        mc_record_add_problem (problems, MC_RECORD_PROBLEM_URI, tag,
                               /* Translators: the first %s is rua or ruf, the second an address. */
                               _("%s=: “%s” is not a valid address; write it as "
                                 "mailto:name@example.com"), tag, uri);
      return FALSE;
    }

  if (colon[1] == '\0' || strpbrk (colon + 1, " \t\r\n") != NULL
      || (g_ascii_strncasecmp (base, "mailto:", strlen ("mailto:")) == 0
          && (strchr (colon + 1, '@') == NULL || colon[1] == '@'
              || g_str_has_suffix (colon + 1, "@"))))
    {
      mc_record_add_problem (problems, MC_RECORD_PROBLEM_URI, tag,
                             /* Translators: the first %s is rua or ruf, the second an address. */
                             _("%s=: “%s” is not a valid address; write it as "
                               "mailto:name@example.com"), tag, uri);
      return FALSE;
    }
  return TRUE;
}

/* A comma-separated URI list; returns how many were valid. */
static guint
parse_uri_list (const char *tag,
                const char *value,
                GPtrArray  *uris,
                GPtrArray  *problems)
{
  g_auto(GStrv) items = g_strsplit (value, ",", -1);
  guint valid = 0;

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        {
          mc_record_add_problem (problems, MC_RECORD_PROBLEM_URI, tag,
                                 /* Translators: %s is rua or ruf. */
                                 _("%s= has an empty address between commas"), tag);
          continue;
        }
      g_ptr_array_add (uris, g_strdup (items[i]));
      if (check_uri (tag, items[i], problems))
        valid++;
    }
  return valid;
}

static void
bad_policy (GPtrArray  *problems,
            const char *tag,
            const char *value)
{
  mc_record_add_problem (problems, MC_RECORD_PROBLEM_VALUE, tag,
                         /* Translators: "%s=%s" is a tag and its value, such as p=block. */
                         _("%s=%s is not a policy (it must be none, quarantine or reject)"),
                         tag, value);
}

/* Parses one DMARC record (the TXT strings of one record, joined). The
 * result always exists; its problems say what is wrong, in words. */
McDmarcRecord *
mc_dmarc_record_parse (const char *text)
{
  McDmarcRecord *record = g_new0 (McDmarcRecord, 1);
  g_autoptr(GPtrArray) tags = NULL;
  gboolean has_p = FALSE;
  guint valid_rua = 0;

  g_return_val_if_fail (text != NULL, NULL);

  record->record = g_strdup (text);
  record->psd = 'u';
  record->adkim = 'r';
  record->aspf = 'r';
  record->pct = -1;
  record->rua = g_ptr_array_new_with_free_func (g_free);
  record->ruf = g_ptr_array_new_with_free_func (g_free);
  record->legacy_tags = g_ptr_array_new_with_free_func (g_free);
  record->unknown_tags = g_ptr_array_new_with_free_func (g_free);
  record->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_record_problem_free);

  record->is_dmarc = mc_dmarc_is_record (text);
  if (!record->is_dmarc)
    {
      const char *version = leading_version (text);

      if (version != NULL)
        {
          g_autofree char *value = g_strndup (version, strcspn (version, ";"));

          mc_record_add_problem (record->problems, MC_RECORD_PROBLEM_VERSION, "v",
                                 /* Translators: %s is what the record has instead of DMARC1. */
                                 _("the record does not start with v=DMARC1 (it says v=%s)"),
                                 g_strstrip (value));
        }
      else
        mc_record_add_problem (record->problems, MC_RECORD_PROBLEM_VERSION, "v", "%s",
                               _("the record does not start with v=DMARC1"));
      return record;
    }

  tags = mc_tag_list_parse (text, TRUE, record->problems);
  for (guint i = 0; i < tags->len; i++)
    {
      McTag *tag = g_ptr_array_index (tags, i);
      const char *name = tag->name;
      const char *value = tag->value;
      guint64 number;

      if (g_str_equal (name, "v"))
        continue;
      has_p |= g_str_equal (name, "p");

      if (value[0] == '\0')
        {
          mc_record_add_problem (record->problems, MC_RECORD_PROBLEM_VALUE, name,
                                 /* Translators: %s is a tag name such as "p". */
                                 _("the tag %s= has no value"), name);
          continue;
        }

      if (g_str_equal (name, "p"))
        {
          if ((record->policy = parse_policy (value)) == MC_DMARC_POLICY_UNSET)
            bad_policy (record->problems, name, value);
        }
      else if (g_str_equal (name, "sp"))
        {
          if ((record->subdomain_policy = parse_policy (value)) == MC_DMARC_POLICY_UNSET)
            bad_policy (record->problems, name, value);
        }
      else if (g_str_equal (name, "np"))
        {
          if ((record->nonexistent_policy = parse_policy (value)) == MC_DMARC_POLICY_UNSET)
            bad_policy (record->problems, name, value);
        }
      else if (g_str_equal (name, "adkim") || g_str_equal (name, "aspf"))
        {
          char mode = parse_letter (value, "rs");

          if (mode == 0)
            mc_record_add_problem (record->problems, MC_RECORD_PROBLEM_VALUE, name,
                                   /* Translators: "%s=%s" is a tag and its value, such as adkim=x. */
                                   _("%s=%s is not an alignment mode (it must be r for relaxed "
                                     "or s for strict)"), name, value);
          else if (name[1] == 'd')
            record->adkim = mode;
          else
            record->aspf = mode;
        }
      else if (g_str_equal (name, "psd"))
        {
          char psd = parse_letter (value, "ynu");

          if (psd == 0)
            mc_record_add_problem (record->problems, MC_RECORD_PROBLEM_VALUE, name,
                                   _("psd=%s is not valid (it must be y, n or u)"), value);
          else
            record->psd = psd;
        }
      else if (g_str_equal (name, "t"))
        {
          char t = parse_letter (value, "yn");

          if (t == 0)
            mc_record_add_problem (record->problems, MC_RECORD_PROBLEM_VALUE, name,
                                   _("t=%s is not valid (it must be y or n)"), value);
          else
            record->testing = t == 'y';
        }
      else if (g_str_equal (name, "fo"))
        {
          record->fo = g_strdup (value);
          if (!is_fo (value))
            mc_record_add_problem (record->problems, MC_RECORD_PROBLEM_VALUE, name,
                                   _("fo=%s is not valid (it must be 0, 1, d or s, or several of "
                                     "them separated by colons)"), value);
        }
      else if (g_str_equal (name, "rua"))
        valid_rua = parse_uri_list (name, value, record->rua, record->problems);
      else if (g_str_equal (name, "ruf"))
        parse_uri_list (name, value, record->ruf, record->problems);
      else if (g_str_equal (name, "pct") || g_str_equal (name, "rf") || g_str_equal (name, "ri"))
        {
          /* Removed by RFC 9989, still read by receivers of RFC 7489. */
          g_ptr_array_add (record->legacy_tags, g_strdup_printf ("%s=%s", name, value));
          if (g_str_equal (name, "pct"))
            {
              if (parse_number (value, 100, &number))
                record->pct = number;
              else
                mc_record_add_problem (record->problems, MC_RECORD_PROBLEM_VALUE, name,
                                       _("pct=%s is not valid (it must be a whole number from 0 "
                                         "to 100)"), value);
            }
          else if (g_str_equal (name, "ri") && !parse_number (value, G_MAXUINT32, &number))
            mc_record_add_problem (record->problems, MC_RECORD_PROBLEM_VALUE, name,
                                   _("ri=%s is not valid (it must be a number of seconds)"), value);
        }
      else
        g_ptr_array_add (record->unknown_tags, g_strdup_printf ("%s=%s", name, value));
    }

  if (record->policy == MC_DMARC_POLICY_UNSET)
    {
      if (valid_rua > 0)
        {
          record->policy = MC_DMARC_POLICY_NONE;
          record->policy_implied = TRUE;
        }
      else if (!has_p)
        mc_record_add_problem (record->problems, MC_RECORD_PROBLEM_MISSING, "p", "%s",
                               _("the record has no p= tag (the policy) and no valid rua= "
                                 "address, so receivers ignore it"));
    }

  return record;
}

static guint
count_labels (const char *name)
{
  guint n = 1;

  for (const char *p = name; *p != '\0'; p++)
    n += *p == '.';
  return n;
}

/* The last n labels of a name. */
static const char *
last_labels (const char *name,
             guint       n)
{
  guint labels = count_labels (name);
  const char *p = name;

  while (labels > n && (p = strchr (p, '.')) != NULL)
    {
      p++;
      labels--;
    }
  return p;
}

/* RFC 9989 §4.10: the domain itself, then, from a domain of five labels or
 * more, its last four labels, then one label less at a time down to the
 * top-level domain. None of the names depends on an answer, so the probe
 * asks for all of them at once and reads the answers in this order. */
GPtrArray *
mc_dmarc_walk_targets (const char *domain)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = NULL;
  guint labels;

  g_return_val_if_fail (domain != NULL && domain[0] != '\0', targets);

  name = g_strdup (domain);
  if (g_str_has_suffix (name, "."))
    name[strlen (name) - 1] = '\0';

  g_ptr_array_add (targets, g_strdup (name));
  for (labels = count_labels (name); labels > 1;)
    {
      labels = labels > WALK_MAX_LABELS ? WALK_MAX_LABELS : labels - 1;
      g_ptr_array_add (targets, g_strdup (last_labels (name, labels)));
    }
  return targets;
}

void
mc_dmarc_discovery_clear (McDmarcDiscovery *discovery)
{
  g_clear_pointer (&discovery->organizational_domain, g_free);
}

/* Reads the walk's answers: records[i] is the single DMARC record found
 * at targets[i], or NULL (none, several, or no answer). Follows RFC 9989
 * §4.10 (where the walk stops) and its sections on policy discovery
 * (which record applies) and organisational domain discovery. */
void
mc_dmarc_discover (const char           *domain,
                   GPtrArray            *targets,
                   McDmarcRecord *const *records,
                   McDmarcDiscovery     *discovery)
{
  int psd_index = -1;
  int last_found = -1;
  const char *organizational = NULL;
  g_autofree char *below_psd = NULL;

  g_return_if_fail (domain != NULL && targets != NULL && records != NULL);

  memset (discovery, 0, sizeof *discovery);
  discovery->policy_index = -1;

  /* The walk stops at psd=n, or at psd=y above the domain itself. */
  discovery->n_used = targets->len;
  for (guint i = 0; i < targets->len; i++)
    {
      McDmarcRecord *record = records[i];

      if (record == NULL)
        continue;
      if (record->psd == 'n' || (i > 0 && record->psd == 'y'))
        {
          discovery->n_used = i + 1;
          break;
        }
    }

  /* The organisational domain, from the longest name to the shortest. */
  for (guint i = 0; i < discovery->n_used && organizational == NULL; i++)
    {
      McDmarcRecord *record = records[i];
      const char *target = g_ptr_array_index (targets, i);

      if (record == NULL)
        continue;
      last_found = i;
      if (record->psd == 'n')
        organizational = target;
      else if (i > 0 && record->psd == 'y')
        {
          psd_index = i;
          below_psd = g_strdup (last_labels (domain, count_labels (target) + 1));
          organizational = below_psd;
        }
    }
  if (organizational == NULL)
    organizational = last_found >= 0 ? g_ptr_array_index (targets, last_found) : domain;
  discovery->organizational_domain = g_strdup (organizational);

  /* The domain's own record; else its organisational domain's; else the
   * public suffix's. A domain of six labels or more under a public
   * suffix of four may have its organisational domain outside the walk:
   * then the public suffix's record is the one known to apply. */
  if (records[0] != NULL)
    discovery->policy_index = 0;
  else
    {
      for (guint i = 1; i < discovery->n_used; i++)
        if (records[i] != NULL
            && g_ascii_strcasecmp (g_ptr_array_index (targets, i), organizational) == 0)
          discovery->policy_index = i;
      if (discovery->policy_index < 0 && psd_index >= 0)
        {
          discovery->policy_index = psd_index;
          discovery->from_public_suffix = TRUE;
        }
    }
}
