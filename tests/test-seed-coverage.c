/* test-seed-coverage.c: every problem of the reference articles maps to guidance that exists, in Japanese.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The topics come from ../shared/seed-topics.tsv (the path in
 * MC_SEED_TOPICS), the map from data/seed-coverage.tsv in the source tree.
 * Every topic needs a row; every guidance id of a row must be in the
 * catalogue and translated; a topic that the articles say a check can see
 * ("finding") needs a finding id that a checkup really has; and each way
 * the row says a person reaches the guidance must be true. One line per
 * topic is printed, so that the log reads as the coverage report.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mc-checkup.h"
#include "mc-explain.h"
#include "mc-guidance.h"
#include "mc-i18n.h"

#define MAP_HEADER "topic\tguidance\tfindings\treached"
#define TOPICS_HEADER "id\tseed\ttopic\tcovered by"

typedef struct
{
  char  *id;
  char  *topic;
  char  *covered_by;    /* "finding", "guidance" or "finding or guidance" */
} SeedTopic;

typedef struct
{
  char  *topic;
  GStrv  guidance;
  GStrv  findings;      /* empty for "-" */
  GStrv  reached;
  guint  line;
} MapRow;

static GPtrArray  *seed_topics;    /* SeedTopic, in the file's order */
static GHashTable *map;            /* topic id → MapRow */
static GPtrArray  *map_order;      /* MapRow, in the file's order */
static GHashTable *finding_ids;    /* the ids a checkup has */
static GHashTable *engine_ids;     /* guidance ids that the engine's checks set */
static GHashTable *explain_ids;    /* guidance ids that the explainer names */
static GHashTable *topic_ids;      /* guidance ids of the common problems */
static GHashTable *related_ids;    /* guidance ids that another entry links to */

static void
seed_topic_free (SeedTopic *topic)
{
  g_free (topic->id);
  g_free (topic->topic);
  g_free (topic->covered_by);
  g_free (topic);
}

static void
map_row_free (MapRow *row)
{
  g_free (row->topic);
  g_strfreev (row->guidance);
  g_strfreev (row->findings);
  g_strfreev (row->reached);
  g_free (row);
}

/* "a,b" → { "a", "b" }; "-" → { }. Empty items are an error. */
static GStrv
split_list (const char *field,
            const char *what,
            guint       line)
{
  g_auto(GStrv) items = NULL;

  if (g_str_equal (field, "-"))
    return g_new0 (char *, 1);

  items = g_strsplit (field, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (*items[i] == '\0')
        g_error ("seed-coverage.tsv line %u: an empty item in the %s “%s”", line, what, field);
    }
  if (items[0] == NULL)
    g_error ("seed-coverage.tsv line %u: no %s (write “-” for none)", line, what);
  return g_steal_pointer (&items);
}

/* Lines of a tab-separated file, without the comment lines, the header
 * checked and dropped. Each returned line is its fields. */
static GPtrArray *
read_tsv (const char *path,
          const char *header,
          guint       n_fields,
          GArray     *line_numbers)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gboolean seen_header = FALSE;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, -1, NULL));

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      g_auto(GStrv) fields = NULL;

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      if (*line == '\0' || *line == '#')
        continue;
      if (!seen_header)
        {
          if (!g_str_equal (line, header))
            g_error ("%s: the header is “%s”, expected “%s”", path, line, header);
          seen_header = TRUE;
          continue;
        }
      fields = g_strsplit (line, "\t", -1);
      if (g_strv_length (fields) != n_fields)
        g_error ("%s line %u: %u fields, expected %u", path, i + 1, g_strv_length (fields),
                 n_fields);
      g_ptr_array_add (rows, g_steal_pointer (&fields));
      if (line_numbers != NULL)
        {
          guint number = i + 1;

          g_array_append_val (line_numbers, number);
        }
    }
  if (!seen_header)
    g_error ("%s has no header line", path);
  return rows;
}

static void
load_seed_topics (void)
{
  const char *path = g_getenv ("MC_SEED_TOPICS");
  g_autoptr(GPtrArray) rows = NULL;

  /* Never a skip: without the topics, nothing would be checked. */
  if (path == NULL || *path == '\0')
    g_error ("MC_SEED_TOPICS names no file (tests/meson.build sets it to seed-topics.tsv)");

  rows = read_tsv (path, TOPICS_HEADER, 4, NULL);
  seed_topics = g_ptr_array_new_with_free_func ((GDestroyNotify) seed_topic_free);
  for (guint i = 0; i < rows->len; i++)
    {
      GStrv fields = rows->pdata[i];
      SeedTopic *topic = g_new0 (SeedTopic, 1);

      topic->id = g_strdup (fields[0]);
      topic->topic = g_strdup (fields[2]);
      topic->covered_by = g_strdup (fields[3]);
      g_ptr_array_add (seed_topics, topic);
    }
  /* The articles name 51 problems; far fewer means the file was cut. */
  g_assert_cmpuint (seed_topics->len, >=, 50);
}

static void
load_map (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "seed-coverage.tsv",
                                                 NULL);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) rows = read_tsv (path, MAP_HEADER, 4, numbers);

  map = g_hash_table_new (g_str_hash, g_str_equal);
  map_order = g_ptr_array_new_with_free_func ((GDestroyNotify) map_row_free);
  for (guint i = 0; i < rows->len; i++)
    {
      GStrv fields = rows->pdata[i];
      guint line = g_array_index (numbers, guint, i);
      MapRow *row = g_new0 (MapRow, 1);

      row->line = line;
      row->topic = g_strdup (fields[0]);
      row->guidance = split_list (fields[1], "guidance", line);
      row->findings = split_list (fields[2], "findings", line);
      row->reached = split_list (fields[3], "ways of reaching it", line);
      if (g_strv_length (row->guidance) == 0)
        g_error ("seed-coverage.tsv line %u: topic %s names no guidance", line, row->topic);
      if (!g_hash_table_insert (map, row->topic, row))
        g_error ("seed-coverage.tsv line %u: topic %s has a second row", line, row->topic);
      g_ptr_array_add (map_order, row);
    }
}

/* The finding ids as a checkup lists them: the engine's own plan. */
static void
load_finding_ids (void)
{
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  GListModel *findings;

  mc_account_set_email (account, "taro@example.test");
  mc_account_set_host (account, "smtp.example.test");
  checkup = mc_checkup_new (account, NULL);
  findings = mc_checkup_get_findings (checkup);

  finding_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(McFinding) finding = g_list_model_get_item (findings, i);

      g_hash_table_add (finding_ids, g_strdup (mc_finding_get_id (finding)));
    }
  g_assert_cmpuint (g_hash_table_size (finding_ids), >=, 10);
}

/* The quoted guidance ids in the engine's sources (comments left out):
 * which the checks set, and which the explainer's rules name. The
 * explainer's files are those of mc-explain, mc-bounce-input and
 * mc-status-codes; every other file but the catalogue's tables belongs to
 * the checks. */
static void
load_source_ids (void)
{
  g_autoptr(GRegex) comments = g_regex_new ("/\\*.*?\\*/", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) quoted = g_regex_new ("\"([a-z0-9]+(?:-[a-z0-9]+)*)\"", 0, 0, NULL);
  g_autofree char *core = g_test_build_filename (G_TEST_DIST, "..", "src", "core", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  engine_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  explain_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  dir = g_dir_open (core, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *code = NULL;
      g_autoptr(GMatchInfo) match = NULL;
      GHashTable *into;

      /* The catalogue's tables only link entries; the topics are read
       * through their API. */
      if ((!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h")) ||
          g_str_has_prefix (name, "mc-guidance") || g_str_equal (name, "mc-explain-topics.c"))
        continue;
      if (g_str_has_prefix (name, "mc-explain") || g_str_has_prefix (name, "mc-bounce") ||
          g_str_has_prefix (name, "mc-status-codes"))
        into = explain_ids;
      else
        into = engine_ids;

      path = g_build_filename (core, name, NULL);
      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      code = g_regex_replace_literal (comments, contents, -1, 0, "", 0, &error);
      g_assert_no_error (error);

      g_regex_match (quoted, code, 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *id = g_match_info_fetch (match, 1);

          if (mc_guidance_lookup (id) != NULL)
            g_hash_table_add (into, g_steal_pointer (&id));
        }
    }
  g_assert_cmpuint (g_hash_table_size (engine_ids), >, 10);
}

static void
load_links (void)
{
  const McExplainTopic *topics;
  const McGuidance *all;
  guint n_topics = 0;
  guint n = 0;

  topic_ids = g_hash_table_new (g_str_hash, g_str_equal);
  topics = mc_explain_get_topics (&n_topics);
  for (guint i = 0; i < n_topics; i++)
    g_hash_table_add (topic_ids, (gpointer) topics[i].guidance);

  related_ids = g_hash_table_new (g_str_hash, g_str_equal);
  all = mc_guidance_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      for (guint r = 0; r < MC_GUIDANCE_MAX_RELATED && all[i].related[r] != NULL; r++)
        g_hash_table_add (related_ids, (gpointer) all[i].related[r]);
    }
}

static gboolean
any_in (GStrv       ids,
        GHashTable *set)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (g_hash_table_contains (set, ids[i]))
        return TRUE;
    }
  return FALSE;
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

static guint
count_untranslated_string (const char *text)
{
  return (text != NULL && has_letters (text) && g_strcmp0 (_(text), text) == 0) ? 1 : 0;
}

/* How many strings of the entry come back from the catalogue unchanged. */
static guint
count_untranslated (const McGuidance *g)
{
  guint n = count_untranslated_string (g->title) + count_untranslated_string (g->meaning);

  for (guint c = 0; c < MC_GUIDANCE_MAX_CAUSES && g->causes[c] != NULL; c++)
    n += count_untranslated_string (g->causes[c]);
  for (guint s = 0; s < MC_GUIDANCE_MAX_STEPS && g->steps[s] != NULL; s++)
    n += count_untranslated_string (g->steps[s]);
  return n;
}

/* Everything wrong with one topic's row, or an empty string. */
static char *
check_topic (SeedTopic *topic,
             MapRow    *row)
{
  GString *problems = g_string_new (NULL);
  gboolean needs_finding = g_str_equal (topic->covered_by, "finding");

  if (row == NULL)
    {
      g_string_append (problems, " no row in seed-coverage.tsv;");
      return g_string_free (problems, FALSE);
    }

  for (guint i = 0; row->guidance[i] != NULL; i++)
    {
      const McGuidance *g = mc_guidance_lookup (row->guidance[i]);
      guint untranslated;

      if (g == NULL)
        {
          g_string_append_printf (problems, " guidance %s is not in the catalogue;",
                                  row->guidance[i]);
          continue;
        }
      untranslated = count_untranslated (g);
      if (untranslated > 0)
        g_string_append_printf (problems, " guidance %s has %u strings without Japanese;",
                                row->guidance[i], untranslated);
    }

  for (guint i = 0; row->findings[i] != NULL; i++)
    {
      if (!g_hash_table_contains (finding_ids, row->findings[i]))
        g_string_append_printf (problems, " finding %s is not one a checkup has;",
                                row->findings[i]);
    }
  if (needs_finding && row->findings[0] == NULL)
    g_string_append (problems, " a check must see this topic, but no finding is named;");

  if (row->reached[0] == NULL)
    g_string_append (problems, " no way of reaching the guidance is named;");
  for (guint i = 0; row->reached[i] != NULL; i++)
    {
      const char *way = row->reached[i];

      if (g_str_equal (way, "finding"))
        {
          if (row->findings[0] == NULL)
            g_string_append (problems, " “finding”, but no finding is named;");
          else if (!any_in (row->guidance, engine_ids))
            g_string_append (problems, " “finding”, but no check sets any of its guidance;");
        }
      else if (g_str_equal (way, "explain"))
        {
          if (!any_in (row->guidance, explain_ids))
            g_string_append (problems, " “explain”, but the explainer names none of its guidance;");
        }
      else if (g_str_equal (way, "topics"))
        {
          if (!any_in (row->guidance, topic_ids))
            g_string_append (problems, " “topics”, but no common problem leads to its guidance;");
        }
      else if (g_str_equal (way, "related"))
        {
          if (!any_in (row->guidance, related_ids))
            g_string_append (problems, " “related”, but no entry links to its guidance;");
        }
      else
        g_string_append_printf (problems, " unknown way of reaching it “%s”;", way);
    }

  return g_string_free (problems, FALSE);
}

/* One line per topic, and a failure for each topic with a problem. */
static void
test_every_topic (void)
{
  g_autoptr(GString) failed = g_string_new (NULL);

  for (guint i = 0; i < seed_topics->len; i++)
    {
      SeedTopic *topic = seed_topics->pdata[i];
      MapRow *row = g_hash_table_lookup (map, topic->id);
      g_autofree char *problems = check_topic (topic, row);
      g_autofree char *guidance = row ? g_strjoinv (", ", row->guidance) : g_strdup ("-");
      g_autofree char *findings = row && row->findings[0] ? g_strjoinv (", ", row->findings)
                                                          : g_strdup ("-");
      g_autofree char *reached = row ? g_strjoinv (", ", row->reached) : g_strdup ("-");

      g_test_message ("%s %s [%s] → %s | findings: %s | reached by: %s%s%s", topic->id,
                      topic->topic, topic->covered_by, guidance, findings, reached,
                      *problems ? " | PROBLEM:" : " | ok", problems);
      if (*problems)
        g_string_append_printf (failed, " %s", topic->id);
    }
  if (failed->len > 0)
    g_test_fail_printf ("Topics not covered as the map says:%s", failed->str);
}

/* A row for a topic that the articles do not have is a mistake, perhaps a
 * renamed topic whose new id has no row. */
static void
test_no_unknown_rows (void)
{
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) unknown = g_string_new (NULL);

  for (guint i = 0; i < seed_topics->len; i++)
    g_hash_table_add (known, ((SeedTopic *) seed_topics->pdata[i])->id);
  for (guint i = 0; i < map_order->len; i++)
    {
      MapRow *row = map_order->pdata[i];

      if (!g_hash_table_contains (known, row->topic))
        g_string_append_printf (unknown, " %s (line %u)", row->topic, row->line);
    }
  if (unknown->len > 0)
    g_test_fail_printf ("Rows for topics that seed-topics.tsv does not have:%s", unknown->str);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Japanese from the build's own catalogue (MAIL_CHECKUP_LOCALEDIR). */
  g_setenv ("LANGUAGE", "ja", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  load_seed_topics ();
  load_map ();
  load_finding_ids ();
  load_source_ids ();
  load_links ();

  g_test_add_func ("/seed-coverage/every-topic", test_every_topic);
  g_test_add_func ("/seed-coverage/no-unknown-rows", test_no_unknown_rows);

  status = g_test_run ();

  g_clear_pointer (&related_ids, g_hash_table_unref);
  g_clear_pointer (&topic_ids, g_hash_table_unref);
  g_clear_pointer (&explain_ids, g_hash_table_unref);
  g_clear_pointer (&engine_ids, g_hash_table_unref);
  g_clear_pointer (&finding_ids, g_hash_table_unref);
  g_clear_pointer (&map, g_hash_table_unref);
  g_clear_pointer (&map_order, g_ptr_array_unref);
  g_clear_pointer (&seed_topics, g_ptr_array_unref);
  return status;
}
