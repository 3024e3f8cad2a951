/* test-guidance.c: unit tests of the guidance catalogue: complete, used ids present, translated.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mc-explain.h"
#include "mc-guidance.h"
#include "mc-i18n.h"

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static void
test_entries_complete (void)
{
  g_autoptr(GRegex) id_format = g_regex_new ("^[a-z0-9]+(-[a-z0-9]+)*$", 0, 0, NULL);
  const McGuidance *all;
  guint n = 0;

  all = mc_guidance_get_all (&n);
  g_assert_nonnull (all);
  g_assert_cmpuint (n, >, 0);

  for (guint i = 0; i < n; i++)
    {
      const McGuidance *g = &all[i];
      gboolean ended = FALSE;

      g_assert_false (is_empty (g->id));
      if (!g_regex_match (id_format, g->id, 0, NULL))
        g_error ("Guidance id “%s” is not lower-case words joined by hyphens", g->id);
      if (is_empty (g->title) || is_empty (g->meaning))
        g_error ("Guidance “%s” has no title or no meaning", g->id);
      if (is_empty (g->steps[0]))
        g_error ("Guidance “%s” has no step", g->id);

      /* The lists end at the first NULL: nothing may hide behind a gap, and
       * no item may be empty. */
      for (guint c = 0; c < MC_GUIDANCE_MAX_CAUSES; c++)
        {
          if (g->causes[c] == NULL)
            ended = TRUE;
          else if (ended || *g->causes[c] == '\0')
            g_error ("Guidance “%s” has a gap or an empty cause", g->id);
        }
      ended = FALSE;
      for (guint s = 0; s < MC_GUIDANCE_MAX_STEPS; s++)
        {
          if (g->steps[s] == NULL)
            ended = TRUE;
          else if (ended || *g->steps[s] == '\0')
            g_error ("Guidance “%s” has a gap or an empty step", g->id);
        }

      g_assert_cmpint (g->contact, >=, MC_CONTACT_NONE);
      g_assert_cmpint (g->contact, <=, MC_CONTACT_DOMAIN_ADMIN);
      if (g->link != NULL && !g_str_has_prefix (g->link, "https://"))
        g_error ("Guidance “%s” links to “%s”, which is not https", g->id, g->link);
    }
}

static void
test_ids_unique (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const McGuidance *all;
  guint n = 0;

  all = mc_guidance_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      if (!g_hash_table_add (seen, (gpointer) all[i].id))
        g_error ("Guidance id “%s” appears twice", all[i].id);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n);
}

static void
test_lookup (void)
{
  const McGuidance *all;
  guint n = 0;

  all = mc_guidance_get_all (&n);
  for (guint i = 0; i < n; i++)
    g_assert_true (mc_guidance_lookup (all[i].id) == &all[i]);

  g_assert_nonnull (mc_guidance_lookup ("op25b"));
  g_assert_null (mc_guidance_lookup ("no-such-guidance"));
  g_assert_null (mc_guidance_lookup (""));
  g_assert_null (mc_guidance_lookup (NULL));
}

static void
test_contact_labels (void)
{
  g_assert_true (mc_i18n_set_language ("en", NULL));

  g_assert_null (mc_contact_get_label (MC_CONTACT_NONE));
  g_assert_cmpstr (mc_contact_get_label (MC_CONTACT_PROVIDER), ==, "Your mail provider");
  for (McContact c = MC_CONTACT_PROVIDER; c <= MC_CONTACT_DOMAIN_ADMIN; c++)
    g_assert_false (is_empty (mc_contact_get_label (c)));
}

static void
test_to_text (void)
{
  const McGuidance *all;
  guint n = 0;

  g_assert_true (mc_i18n_set_language ("en", NULL));
  all = mc_guidance_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      const McGuidance *g = &all[i];
      g_autofree char *text = mc_guidance_to_text (g);

      g_assert_true (g_str_has_prefix (text, g->title));
      g_assert_nonnull (strstr (text, g->meaning));
      g_assert_nonnull (strstr (text, "What to do:\n"));
      for (guint s = 0; s < MC_GUIDANCE_MAX_STEPS && g->steps[s] != NULL; s++)
        {
          g_autofree char *step = g_strdup_printf ("\n%u. %s\n", s + 1, g->steps[s]);

          g_assert_nonnull (strstr (text, step));
        }
      if (g->causes[0] != NULL)
        {
          g_autofree char *cause = g_strdup_printf ("Likely causes:\n• %s\n", g->causes[0]);

          g_assert_nonnull (strstr (text, cause));
        }
      else
        g_assert_null (strstr (text, "Likely causes:"));

      if (g->contact != MC_CONTACT_NONE)
        g_assert_nonnull (strstr (text, "Who can help: "));
      else
        g_assert_null (strstr (text, "Who can help"));
      if (g->link != NULL)
        {
          g_autofree char *more = g_strdup_printf ("More: %s\n", g->link);

          /* The link ends the entry, unless “See also” lines follow it. */
          if (g->related[0] == NULL)
            g_assert_true (g_str_has_suffix (text, more));
          else
            g_assert_nonnull (strstr (text, more));
        }
      for (guint r = 0; r < MC_GUIDANCE_MAX_RELATED && g->related[r] != NULL; r++)
        {
          const McGuidance *related = mc_guidance_lookup (g->related[r]);
          g_autofree char *see_also = NULL;

          /* A link to an entry that is not there yet is reported by
           * /guidance/related-valid; the text just leaves it out. */
          if (related == NULL)
            continue;
          see_also = g_strdup_printf ("\nSee also: %s\n", related->title);
          g_assert_nonnull (strstr (text, see_also));
        }
      g_assert_true (g_str_has_suffix (text, "\n"));
      g_assert_null (strstr (text, "\n\n"));
    }
}

/* One entry, in full, as the text report shows it. */
static void
test_to_text_layout (void)
{
  g_autofree char *text = NULL;

  g_assert_true (mc_i18n_set_language ("en", NULL));
  text = mc_guidance_to_text (mc_guidance_lookup ("op25b"));
  g_assert_true (g_str_has_prefix (text,
                                   "This network blocks port 25 (Outbound Port 25 Blocking)\n"));
  g_assert_nonnull (strstr (text, "\nLikely causes:\n• "));
  g_assert_nonnull (strstr (text, "\nWhat to do:\n1. In your mail program's outgoing server (SMTP) "
                                  "settings, set the port to 587"));
  g_assert_nonnull (strstr (text, "\n2. "));
  g_assert_nonnull (strstr (text, "\nWho can help: Your mail provider\n"));
  g_assert_true (g_str_has_suffix (text, "\nMore: https://www.rfc-editor.org/rfc/rfc6409\n"));
}

/* Every guidance id the engine sets, read from its sources: a finding must
 * never point at guidance that does not exist. */
static void
test_engine_ids_exist (void)
{
  g_autoptr(GRegex) pattern = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *core = g_test_get_filename (G_TEST_DIST, "..", "src", "core", NULL);
  const char *name;
  guint n_files = 0;

  /* \s also matches line breaks, so calls split over lines are found too. */
  pattern = g_regex_new ("MC_STATUS_[A-Z]+,\\s*\"([a-z0-9-]+)\"", 0, 0, &error);
  g_assert_no_error (error);

  dir = g_dir_open (core, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_str_has_suffix (name, ".c"))
        continue;
      path = g_build_filename (core, name, NULL);
      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      n_files++;

      g_regex_match (pattern, contents, 0, &match);
      while (g_match_info_matches (match))
        {
          char *id = g_match_info_fetch (match, 1);

          if (mc_guidance_lookup (id) == NULL && !g_hash_table_contains (used, id))
            g_string_append_printf (missing, " %s (%s)", id, name);
          g_hash_table_add (used, id);
          g_match_info_next (match, NULL);
        }
    }

  g_assert_cmpuint (n_files, >, 0);
  /* The engine names dozens of ids; finding none means the pattern broke. */
  g_assert_cmpuint (g_hash_table_size (used), >, 10);
  if (missing->len > 0)
    {
      g_test_message ("Guidance ids used by the engine but missing from the catalogue:%s",
                      missing->str);
      g_test_fail_printf ("Missing guidance:%s", missing->str);
    }
}

static gboolean
has_letters (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        return TRUE;
    }
  return FALSE;
}

/* Lists what is missing, one line each, as TAP comments. */
static void
check_translated (guint      *n_untranslated,
                  const char *id,
                  const char *text)
{
  if (text != NULL && has_letters (text) && g_strcmp0 (_(text), text) == 0)
    {
      g_test_message ("Not translated: %s: %s", id, text);
      (*n_untranslated)++;
    }
}

/* Every string of every entry comes back in Japanese from the build's
 * catalogue (po/ja.po, compiled into the build folder). */
static void
test_japanese (void)
{
  const McGuidance *all;
  guint n = 0;
  guint n_untranslated = 0;

  g_assert_true (mc_i18n_set_language ("ja", NULL));
  all = mc_guidance_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      const McGuidance *g = &all[i];

      check_translated (&n_untranslated, g->id, g->title);
      check_translated (&n_untranslated, g->id, g->meaning);
      for (guint c = 0; c < MC_GUIDANCE_MAX_CAUSES && g->causes[c] != NULL; c++)
        check_translated (&n_untranslated, g->id, g->causes[c]);
      for (guint s = 0; s < MC_GUIDANCE_MAX_STEPS && g->steps[s] != NULL; s++)
        check_translated (&n_untranslated, g->id, g->steps[s]);
    }
  /* The titles of the common problems, which the window lists. */
  {
    const McExplainTopic *topics;
    guint n_topics = 0;

    topics = mc_explain_get_topics (&n_topics);
    for (guint i = 0; i < n_topics; i++)
      check_translated (&n_untranslated, topics[i].guidance, topics[i].title);
  }
  for (McContact c = MC_CONTACT_PROVIDER; c <= MC_CONTACT_DOMAIN_ADMIN; c++)
    {
      const char *label = mc_contact_get_label (c);

      /* Non-ASCII means the label came back translated. */
      if (g_str_is_ascii (label))
        {
          g_test_message ("Not translated: contact label: %s", label);
          n_untranslated++;
        }
    }

  g_assert_true (mc_i18n_set_language ("en", NULL));
  if (n_untranslated > 0)
    g_test_fail_printf ("%u guidance strings are not translated into Japanese (catalogue in %s)",
                        n_untranslated, mc_i18n_get_localedir ());
}

/* Every "See also" names an entry that exists, other than the entry
 * itself, once, with no gap before it. */
static void
test_related_valid (void)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  const McGuidance *all;
  guint n = 0;
  guint n_links = 0;

  all = mc_guidance_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      const McGuidance *g = &all[i];
      gboolean ended = FALSE;

      for (guint r = 0; r < MC_GUIDANCE_MAX_RELATED; r++)
        {
          const char *id = g->related[r];

          if (id == NULL)
            {
              ended = TRUE;
              continue;
            }
          n_links++;
          if (ended || *id == '\0')
            g_string_append_printf (problems, " %s: a gap or an empty link;", g->id);
          else if (g_str_equal (id, g->id))
            g_string_append_printf (problems, " %s: links to itself;", g->id);
          else if (mc_guidance_lookup (id) == NULL)
            g_string_append_printf (problems, " %s: links to %s, which does not exist;",
                                    g->id, id);
          for (guint q = 0; q < r; q++)
            {
              if (g_strcmp0 (g->related[q], id) == 0)
                g_string_append_printf (problems, " %s: links to %s twice;", g->id, id);
            }
        }
    }

  /* The advice that no check gives is reached through these links. */
  g_assert_cmpuint (n_links, >, 20);
  if (problems->len > 0)
    g_test_fail_printf ("Broken “See also” links:%s", problems->str);
}

/* The common problems: each leads to an entry, and no title comes twice.
 * (/guidance/japanese checks that the titles are translated.) */
static void
test_topics (void)
{
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) problems = g_string_new (NULL);
  const McExplainTopic *topics;
  guint n = 0;

  topics = mc_explain_get_topics (&n);
  g_assert_nonnull (topics);
  g_assert_cmpuint (n, >=, 10);
  for (guint i = 0; i < n; i++)
    {
      g_assert_false (is_empty (topics[i].title));
      g_assert_false (is_empty (topics[i].guidance));
      if (!g_hash_table_add (titles, (gpointer) topics[i].title))
        g_string_append_printf (problems, " “%s” twice;", topics[i].title);
      if (mc_guidance_lookup (topics[i].guidance) == NULL)
        g_string_append_printf (problems, " “%s” leads to %s, which does not exist;",
                                topics[i].title, topics[i].guidance);
    }
  if (problems->len > 0)
    g_test_fail_printf ("Common problems:%s", problems->str);
}

/* Adds to ids every quoted catalogue id in the engine's sources (.c and
 * .h), other than the catalogue's own tables (they only link entries to
 * each other), with comments left out. */
static void
collect_source_roots (GHashTable *ids)
{
  g_autoptr(GRegex) comments = g_regex_new ("/\\*.*?\\*/", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) quoted = g_regex_new ("\"([a-z0-9]+(?:-[a-z0-9]+)*)\"", 0, 0, NULL);
  const char *core = g_test_get_filename (G_TEST_DIST, "..", "src", "core", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (core, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *code = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if ((!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h")) ||
          g_str_has_prefix (name, "mc-guidance"))
        continue;
      path = g_build_filename (core, name, NULL);
      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      code = g_regex_replace_literal (comments, contents, -1, 0, "", 0, &error);
      g_assert_no_error (error);

      g_regex_match (quoted, code, 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *id = g_match_info_fetch (match, 1);
          const McGuidance *g = mc_guidance_lookup (id);

          if (g != NULL)
            g_hash_table_add (ids, (gpointer) g->id);
        }
    }
}

/* Every entry can be reached by a person: from a finding or an explained
 * error message (the ids the engine's sources name), from the list of
 * common problems, or through "See also" links from those. An entry that
 * nothing leads to is advice nobody reads. */
static void
test_reachable (void)
{
  g_autoptr(GHashTable) reached = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();
  g_autoptr(GString) unreached = g_string_new (NULL);
  const McExplainTopic *topics;
  const McGuidance *all;
  guint n_topics = 0;
  guint n_roots;
  guint n = 0;

  collect_source_roots (reached);
  topics = mc_explain_get_topics (&n_topics);
  for (guint i = 0; i < n_topics; i++)
    {
      const McGuidance *g = mc_guidance_lookup (topics[i].guidance);

      if (g != NULL)
        g_hash_table_add (reached, (gpointer) g->id);
    }
  n_roots = g_hash_table_size (reached);
  /* The checks alone set dozens of ids; far fewer means the scan broke. */
  g_assert_cmpuint (n_roots, >, 50);

  /* Breadth first along the links; each id is queued once. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, reached);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (queue, key);
  }
  for (guint q = 0; q < queue->len; q++)
    {
      const McGuidance *g = mc_guidance_lookup (queue->pdata[q]);

      for (guint r = 0; r < MC_GUIDANCE_MAX_RELATED && g->related[r] != NULL; r++)
        {
          const McGuidance *next = mc_guidance_lookup (g->related[r]);

          if (next != NULL && g_hash_table_add (reached, (gpointer) next->id))
            g_ptr_array_add (queue, (gpointer) next->id);
        }
    }

  all = mc_guidance_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      if (!g_hash_table_contains (reached, all[i].id))
        g_string_append_printf (unreached, " %s", all[i].id);
    }
  g_test_message ("%u of %u entries reached: %u from findings, error messages and common "
                  "problems, %u more through “See also”", g_hash_table_size (reached), n, n_roots,
                  g_hash_table_size (reached) - n_roots);
  if (unreached->len > 0)
    g_test_fail_printf ("Entries that nothing leads to:%s", unreached->str);
}

int
main (int   argc,
      char *argv[])
{
  /* Japanese from the build's own catalogue; tests that compare English
   * text switch to English themselves. */
  g_setenv ("LANGUAGE", "ja", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guidance/entries-complete", test_entries_complete);
  g_test_add_func ("/guidance/ids-unique", test_ids_unique);
  g_test_add_func ("/guidance/lookup", test_lookup);
  g_test_add_func ("/guidance/contact-labels", test_contact_labels);
  g_test_add_func ("/guidance/to-text", test_to_text);
  g_test_add_func ("/guidance/to-text-layout", test_to_text_layout);
  g_test_add_func ("/guidance/engine-ids-exist", test_engine_ids_exist);
  g_test_add_func ("/guidance/related-valid", test_related_valid);
  g_test_add_func ("/guidance/topics", test_topics);
  g_test_add_func ("/guidance/reachable", test_reachable);
  g_test_add_func ("/guidance/japanese", test_japanese);

  return g_test_run ();
}
