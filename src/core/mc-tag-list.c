/* mc-tag-list.c: the tag=value lists of DKIM and DMARC records, and what is wrong in them.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 6376 §3.2 defines the list; DMARC (RFC 7489 §6.4, RFC 9989) reuses it.
 * The parser is lenient where receivers are (empty parts between
 * semicolons) and names every real mistake, keeping the tags it could
 * read, so that one record can show all of its problems at once.
 */
#include "config.h"

#include "mc-i18n.h"
#include <string.h>

#include "mc-tag-list.h"

void
mc_record_problem_free (McRecordProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->tag);
  g_free (problem->message);
  g_free (problem);
}

void
mc_record_add_problem (GPtrArray           *problems,
                       McRecordProblemCode  code,
                       const char          *tag,
                       const char          *format,
                       ...)
{
  McRecordProblem *problem = g_new0 (McRecordProblem, 1);
  va_list args;

  problem->code = code;
  problem->tag = g_strdup (tag);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}

void
mc_tag_free (McTag *tag)
{
  if (tag == NULL)
    return;
  g_free (tag->name);
  g_free (tag->value);
  g_free (tag);
}

/* Folding white space as RFC 6376 allows it around and inside values. */
static gboolean
is_fws (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *
strip_fws (const char *start,
           const char *end)
{
  while (start < end && is_fws (*start))
    start++;
  while (end > start && is_fws (end[-1]))
    end--;
  return g_strndup (start, end - start);
}

static gboolean
is_tag_name (const char *name)
{
  if (!g_ascii_isalpha (name[0]))
    return FALSE;
  for (const char *p = name + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* VALCHAR (printable ASCII but ";") and the white space between words. */
static gboolean
is_value (const char *value)
{
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    if (!is_fws (*p) && (*p < 0x21 || *p > 0x7e || *p == ';'))
      return FALSE;
  return TRUE;
}

McTag *
mc_tag_list_find (GPtrArray  *tags,
                  const char *name)
{
  for (guint i = 0; tags != NULL && i < tags->len; i++)
    {
      McTag *tag = g_ptr_array_index (tags, i);

      if (g_str_equal (tag->name, name))
        return tag;
    }
  return NULL;
}

/* Parses "tag=value; tag=value; …" into McTag entries in their order. Every
 * mistake is added to problems (McRecordProblem) and the part skipped; a
 * repeated tag keeps its first value. Tag names are case-sensitive in DKIM
 * (RFC 6376 §3.2) but not in DMARC, whose grammar writes them as ABNF
 * strings: fold_case lowers them. */
GPtrArray *
mc_tag_list_parse (const char *text,
                   gboolean    fold_case,
                   GPtrArray  *problems)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_tag_free);
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  parts = g_strsplit (text, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];
      const char *equals = strchr (part, '=');
      g_autofree char *whole = strip_fws (part, part + strlen (part));
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      McTag *tag;

      /* Nothing between two semicolons, or after the last one. */
      if (whole[0] == '\0')
        continue;

      if (equals == NULL)
        {
          mc_record_add_problem (problems, MC_RECORD_PROBLEM_SYNTAX, NULL,
                                 /* Translators: %s is a piece of a DNS record. */
                                 _("“%s” is not of the form tag=value"), whole);
          continue;
        }

      name = strip_fws (part, equals);
      value = strip_fws (equals + 1, part + strlen (part));
      if (fold_case)
        {
          char *lower = g_ascii_strdown (name, -1);

          g_free (name);
          name = lower;
        }

      if (!is_tag_name (name))
        {
          mc_record_add_problem (problems, MC_RECORD_PROBLEM_SYNTAX, NULL,
                                 /* Translators: %s is a piece of a DNS record. */
                                 _("“%s” does not start with a valid tag name"), whole);
          continue;
        }
      if (!is_value (value))
        {
          mc_record_add_problem (problems, MC_RECORD_PROBLEM_SYNTAX, name,
                                 /* Translators: %s is a tag name such as "p". */
                                 _("the value of %s= contains a character that is not allowed "
                                   "there"), name);
          continue;
        }
      if (mc_tag_list_find (tags, name) != NULL)
        {
          mc_record_add_problem (problems, MC_RECORD_PROBLEM_DUPLICATE, name,
                                 /* Translators: %s is a tag name such as "p". */
                                 _("the tag %s= appears more than once"), name);
          continue;
        }

      tag = g_new0 (McTag, 1);
      tag->name = g_steal_pointer (&name);
      tag->value = g_steal_pointer (&value);
      g_ptr_array_add (tags, tag);
    }

  return g_steal_pointer (&tags);
}

/* A value with its folding white space removed, as base64 data is read. */
char *
mc_tag_value_strip_whitespace (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    if (!is_fws (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}
