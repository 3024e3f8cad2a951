/* test-spf-suite.c: the openspf RFC 7208 test suite, every case through the SPF evaluator.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The suite (rfc7208-tests.yml) is read from the path in MC_SPF_SUITE; its
 * zone data becomes an in-memory look-up table behind McSpfLookup, as the
 * suite's own drivers use it: a TIMEOUT entry makes the look-ups of a name
 * time out (unless records of the asked type come before it), and records
 * of type SPF are also TXT records unless the name lists TXT records (or
 * "TXT: NONE") itself.
 */
#include "config.h"

#include <string.h>

#include <yaml.h>

#include "mc-spf.h"

/* ---- The zone table -------------------------------------------------------- */

typedef enum
{
  ENTRY_TIMEOUT,
  ENTRY_A,
  ENTRY_AAAA,
  ENTRY_MX,
  ENTRY_TXT,
  ENTRY_PTR,
  ENTRY_CNAME,
} EntryType;

typedef struct
{
  EntryType  type;
  GBytes    *txt;
  char      *value;
} Entry;

static void
entry_free (Entry *entry)
{
  g_clear_pointer (&entry->txt, g_bytes_unref);
  g_free (entry->value);
  g_free (entry);
}

static char *
zone_key (const char *name)
{
  gsize len = strlen (name);

  if (len > 0 && name[len - 1] == '.')
    len--;
  return g_ascii_strdown (name, (gssize) len);
}

#define TEST_TYPE_SPF_TABLE (test_spf_table_get_type ())
G_DECLARE_FINAL_TYPE (TestSpfTable, test_spf_table, TEST, SPF_TABLE, GObject)

struct _TestSpfTable
{
  GObject     parent_instance;
  GHashTable *names;   /* key → GPtrArray of Entry */
};

static void test_spf_table_iface_init (McSpfLookupInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSpfTable, test_spf_table, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_SPF_LOOKUP, test_spf_table_iface_init))

static gboolean
entry_matches (Entry     *entry,
               McDnsType  type)
{
  switch (entry->type)
    {
    case ENTRY_A:     return type == MC_DNS_TYPE_A;
    case ENTRY_AAAA:  return type == MC_DNS_TYPE_AAAA;
    case ENTRY_MX:    return type == MC_DNS_TYPE_MX;
    case ENTRY_TXT:   return type == MC_DNS_TYPE_TXT;
    case ENTRY_PTR:   return type == MC_DNS_TYPE_PTR;
    case ENTRY_CNAME: return type == MC_DNS_TYPE_CNAME;
    case ENTRY_TIMEOUT:
    default:          return FALSE;
    }
}

static McSpfAnswer *
table_answer (TestSpfTable *self,
              const char   *name,
              McDnsType     type)
{
  g_autofree char *key = zone_key (name);

  /* CNAME chains are followed as a recursive resolver would; a loop is a
   * server failure. */
  for (guint hops = 0; hops < 8; hops++)
    {
      GPtrArray *entries = g_hash_table_lookup (self->names, key);
      g_autoptr(McSpfAnswer) answer = mc_spf_answer_new (MC_SPF_LOOKUP_OK);
      gboolean found = FALSE;
      Entry *cname = NULL;

      if (entries == NULL)
        return mc_spf_answer_new (MC_SPF_LOOKUP_NXDOMAIN);

      for (guint i = 0; i < entries->len; i++)
        {
          Entry *entry = g_ptr_array_index (entries, i);

          if (entry->type == ENTRY_CNAME && cname == NULL)
            cname = entry;
          if (entry->type == ENTRY_TIMEOUT)
            {
              if (found)
                break;
              answer->status = MC_SPF_LOOKUP_TEMPERROR;
              answer->error = g_strdup ("timeout");
              return g_steal_pointer (&answer);
            }
          if (!entry_matches (entry, type))
            continue;
          found = TRUE;
          switch (entry->type)
            {
            case ENTRY_A:
            case ENTRY_AAAA:
              {
                GInetAddress *address = g_inet_address_new_from_string (entry->value);

                g_assert_nonnull (address);
                g_ptr_array_add (answer->addresses, address);
              }
              break;
            case ENTRY_TXT:
              g_ptr_array_add (answer->txt, g_bytes_ref (entry->txt));
              break;
            case ENTRY_MX:
            case ENTRY_PTR:
            case ENTRY_CNAME:
            case ENTRY_TIMEOUT:
            default:
              g_ptr_array_add (answer->names, g_strdup (entry->value));
              break;
            }
        }
      if (found)
        return g_steal_pointer (&answer);
      if (cname == NULL)
        return mc_spf_answer_new (MC_SPF_LOOKUP_NODATA);
      g_free (key);
      key = zone_key (cname->value);
    }

  {
    McSpfAnswer *answer = mc_spf_answer_new (MC_SPF_LOOKUP_TEMPERROR);

    answer->error = g_strdup ("servfail");
    return answer;
  }
}

static void
test_spf_table_query_async (McSpfLookup         *lookup,
                            const char          *name,
                            McDnsType            type,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  TestSpfTable *self = TEST_SPF_TABLE (lookup);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  /* The answer comes from an idle, as from a real resolver. */
  g_task_return_pointer (task, table_answer (self, name, type), (GDestroyNotify) mc_spf_answer_free);
}

static McSpfAnswer *
test_spf_table_query_finish (McSpfLookup   *lookup,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_spf_table_iface_init (McSpfLookupInterface *iface)
{
  iface->query_async = test_spf_table_query_async;
  iface->query_finish = test_spf_table_query_finish;
}

static void
test_spf_table_finalize (GObject *object)
{
  TestSpfTable *self = TEST_SPF_TABLE (object);

  g_hash_table_unref (self->names);
  G_OBJECT_CLASS (test_spf_table_parent_class)->finalize (object);
}

static void
test_spf_table_class_init (TestSpfTableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_spf_table_finalize;
}

static void
test_spf_table_init (TestSpfTable *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
}

/* ---- Reading the suite ----------------------------------------------------- */

typedef struct
{
  char         *name;
  char         *section;
  char         *host;
  char         *mailfrom;
  char         *helo;
  GStrv         results;
  char         *explanation;
  TestSpfTable *zone;

  /* The outcome. */
  gboolean      passed;
  char         *got;
} Case;

static void
case_free (Case *c)
{
  g_free (c->name);
  g_free (c->section);
  g_free (c->host);
  g_free (c->mailfrom);
  g_free (c->helo);
  g_strfreev (c->results);
  g_free (c->explanation);
  g_clear_object (&c->zone);
  g_free (c->got);
  g_free (c);
}

static yaml_node_t *
map_get (yaml_document_t *doc,
         yaml_node_t     *map,
         const char      *key)
{
  if (map == NULL || map->type != YAML_MAPPING_NODE)
    return NULL;
  for (yaml_node_pair_t *pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++)
    {
      yaml_node_t *k = yaml_document_get_node (doc, pair->key);

      if (k->type == YAML_SCALAR_NODE && strcmp ((const char *) k->data.scalar.value, key) == 0)
        return yaml_document_get_node (doc, pair->value);
    }
  return NULL;
}

static char *
scalar (yaml_node_t *node)
{
  if (node == NULL || node->type != YAML_SCALAR_NODE)
    return NULL;
  return g_strndup ((const char *) node->data.scalar.value, node->data.scalar.length);
}

/* A TXT value: one string, or a list of strings joined without a separator;
 * kept as bytes, since some hold a NUL. */
static GBytes *
txt_value (yaml_document_t *doc,
           yaml_node_t     *node)
{
  GByteArray *bytes = g_byte_array_new ();

  if (node->type == YAML_SCALAR_NODE)
    g_byte_array_append (bytes, node->data.scalar.value, (guint) node->data.scalar.length);
  else if (node->type == YAML_SEQUENCE_NODE)
    for (yaml_node_item_t *item = node->data.sequence.items.start; item < node->data.sequence.items.top; item++)
      {
        yaml_node_t *s = yaml_document_get_node (doc, *item);

        g_assert_cmpint (s->type, ==, YAML_SCALAR_NODE);
        g_byte_array_append (bytes, s->data.scalar.value, (guint) s->data.scalar.length);
      }
  return g_byte_array_free_to_bytes (bytes);
}

static Entry *
entry_new (EntryType   type,
           const char *value)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->type = type;
  entry->value = g_strdup (value);
  return entry;
}

static gboolean
load_zone (TestSpfTable     *zone,
           yaml_document_t  *doc,
           yaml_node_t      *zonedata,
           GError          **error)
{
  for (yaml_node_pair_t *pair = zonedata->data.mapping.pairs.start; pair < zonedata->data.mapping.pairs.top; pair++)
    {
      g_autofree char *name = scalar (yaml_document_get_node (doc, pair->key));
      yaml_node_t *list = yaml_document_get_node (doc, pair->value);
      GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
      g_autoptr(GPtrArray) spf = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      gboolean has_txt = FALSE;

      g_hash_table_replace (zone->names, zone_key (name), entries);
      if (list->type != YAML_SEQUENCE_NODE)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "zone data of %s is not a list", name);
          return FALSE;
        }
      for (yaml_node_item_t *item = list->data.sequence.items.start; item < list->data.sequence.items.top; item++)
        {
          yaml_node_t *node = yaml_document_get_node (doc, *item);
          yaml_node_pair_t *rr;
          g_autofree char *type = NULL;
          g_autofree char *value = NULL;
          yaml_node_t *value_node;

          if (node->type == YAML_SCALAR_NODE)
            {
              g_autofree char *word = scalar (node);

              if (g_strcmp0 (word, "TIMEOUT") != 0)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown entry %s at %s", word, name);
                  return FALSE;
                }
              g_ptr_array_add (entries, entry_new (ENTRY_TIMEOUT, NULL));
              continue;
            }
          rr = node->data.mapping.pairs.start;
          type = scalar (yaml_document_get_node (doc, rr->key));
          value_node = yaml_document_get_node (doc, rr->value);
          value = scalar (value_node);

          if (g_strcmp0 (value, "TIMEOUT") == 0)
            {
              g_ptr_array_add (entries, entry_new (ENTRY_TIMEOUT, NULL));
              continue;
            }
          if (strcmp (type, "TXT") == 0 || strcmp (type, "SPF") == 0)
            {
              gboolean is_txt = strcmp (type, "TXT") == 0;

              if (is_txt)
                has_txt = TRUE;
              if (g_strcmp0 (value, "NONE") == 0)
                continue;
              if (is_txt)
                {
                  Entry *entry = entry_new (ENTRY_TXT, NULL);

                  entry->txt = txt_value (doc, value_node);
                  g_ptr_array_add (entries, entry);
                }
              else
                g_ptr_array_add (spf, txt_value (doc, value_node));
            }
          else if (strcmp (type, "A") == 0)
            g_ptr_array_add (entries, entry_new (ENTRY_A, value));
          else if (strcmp (type, "AAAA") == 0)
            g_ptr_array_add (entries, entry_new (ENTRY_AAAA, value));
          else if (strcmp (type, "PTR") == 0)
            g_ptr_array_add (entries, entry_new (ENTRY_PTR, value));
          else if (strcmp (type, "CNAME") == 0)
            g_ptr_array_add (entries, entry_new (ENTRY_CNAME, value));
          else if (strcmp (type, "MX") == 0 && value_node->type == YAML_SEQUENCE_NODE &&
                   value_node->data.sequence.items.top - value_node->data.sequence.items.start == 2)
            {
              g_autofree char *host = scalar (yaml_document_get_node (doc, value_node->data.sequence.items.start[1]));

              g_ptr_array_add (entries, entry_new (ENTRY_MX, host));
            }
          else
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown record type %s at %s", type, name);
              return FALSE;
            }
        }
      /* The suite's drivers copy SPF records to TXT, unless the name has
       * TXT records of its own (comments at the top of the suite). */
      for (guint i = 0; !has_txt && i < spf->len; i++)
        {
          Entry *entry = entry_new (ENTRY_TXT, NULL);

          entry->txt = g_bytes_ref (g_ptr_array_index (spf, i));
          g_ptr_array_add (entries, entry);
        }
    }
  return TRUE;
}

static gboolean
load_cases (yaml_document_t  *doc,
            GPtrArray        *cases,
            GError          **error)
{
  yaml_node_t *root = yaml_document_get_root_node (doc);
  yaml_node_t *tests = map_get (doc, root, "tests");
  yaml_node_t *zonedata = map_get (doc, root, "zonedata");
  g_autofree char *section = scalar (map_get (doc, root, "description"));
  g_autoptr(TestSpfTable) zone = g_object_new (TEST_TYPE_SPF_TABLE, NULL);

  if (tests == NULL || tests->type != YAML_MAPPING_NODE || zonedata == NULL ||
      zonedata->type != YAML_MAPPING_NODE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "a document has no tests or no zonedata mapping");
      return FALSE;
    }
  if (!load_zone (zone, doc, zonedata, error))
    return FALSE;

  for (yaml_node_pair_t *pair = tests->data.mapping.pairs.start; pair < tests->data.mapping.pairs.top; pair++)
    {
      yaml_node_t *test = yaml_document_get_node (doc, pair->value);
      yaml_node_t *result = map_get (doc, test, "result");
      Case *c = g_new0 (Case, 1);

      c->name = scalar (yaml_document_get_node (doc, pair->key));
      c->section = g_strdup (section);
      c->host = scalar (map_get (doc, test, "host"));
      c->mailfrom = scalar (map_get (doc, test, "mailfrom"));
      c->helo = scalar (map_get (doc, test, "helo"));
      c->explanation = scalar (map_get (doc, test, "explanation"));
      c->zone = g_object_ref (zone);
      if (result != NULL && result->type == YAML_SEQUENCE_NODE)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          for (yaml_node_item_t *item = result->data.sequence.items.start; item < result->data.sequence.items.top; item++)
            {
              g_autofree char *word = scalar (yaml_document_get_node (doc, *item));

              g_strv_builder_add (builder, word);
            }
          c->results = g_strv_builder_end (builder);
        }
      else
        {
          g_autofree char *word = scalar (result);

          c->results = g_strsplit (word != NULL ? word : "", ",", -1);
        }
      g_ptr_array_add (cases, c);
      if (c->host == NULL || c->mailfrom == NULL || c->helo == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "test %s lacks host, mailfrom or helo", c->name);
          return FALSE;
        }
    }
  return TRUE;
}

static GPtrArray *
load_suite (const char  *path,
            GError     **error)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);
  g_autofree char *contents = NULL;
  gsize length;
  yaml_parser_t parser;
  gboolean ok = TRUE;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const guchar *) contents, length);
  while (ok)
    {
      yaml_document_t doc;
      gboolean empty;

      if (!yaml_parser_load (&parser, &doc))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s at line %zu", path,
                       parser.problem, parser.problem_mark.line + 1);
          ok = FALSE;
          break;
        }
      empty = yaml_document_get_root_node (&doc) == NULL;
      if (!empty)
        ok = load_cases (&doc, cases, error);
      yaml_document_delete (&doc);
      if (empty)
        break;
    }
  yaml_parser_delete (&parser);
  if (!ok)
    return NULL;
  return g_steal_pointer (&cases);
}

/* ---- Running it ------------------------------------------------------------ */

typedef struct
{
  McSpfEvaluation *evaluation;
  GError          *error;
  gboolean         done;
} Outcome;

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->evaluation = mc_spf_check_host_finish (MC_SPF_LOOKUP (source), result, &outcome->error);
  outcome->done = TRUE;
}

static void
run_case (Case *c)
{
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string (c->host);
  McSpfRequest request = {
    .ip = ip,
    .sender = c->mailfrom,
    .helo = c->helo,
    /* As the suite's reference driver sets it. */
    .default_explanation = "DEFAULT",
  };
  Outcome outcome = { 0 };
  const char *result;

  if (ip == NULL)
    {
      c->got = g_strdup_printf ("the host “%s” is not an address", c->host);
      return;
    }

  mc_spf_check_host_async (MC_SPF_LOOKUP (c->zone), &request, NULL, check_done_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  if (outcome.evaluation == NULL)
    {
      c->got = g_strdup_printf ("error: %s", outcome.error->message);
      g_clear_error (&outcome.error);
      return;
    }
  result = mc_spf_result_to_string (mc_spf_evaluation_get_result (outcome.evaluation));
  c->passed = g_strv_contains ((const char * const *) c->results, result);
  if (c->passed && c->explanation != NULL)
    c->passed = g_strcmp0 (c->explanation, mc_spf_evaluation_get_explanation (outcome.evaluation)) == 0;
  if (mc_spf_evaluation_get_explanation (outcome.evaluation) != NULL)
    c->got = g_strdup_printf ("%s (explanation “%s”)", result,
                              mc_spf_evaluation_get_explanation (outcome.evaluation));
  else
    c->got = g_strdup (result);
  if (mc_spf_evaluation_get_problem_text (outcome.evaluation) != NULL)
    {
      char *got = g_strdup_printf ("%s [%s]", c->got, mc_spf_evaluation_get_problem_text (outcome.evaluation));

      g_free (c->got);
      c->got = got;
    }
  mc_spf_evaluation_unref (outcome.evaluation);
}

static char *
expected_text (Case *c)
{
  g_autofree char *results = g_strjoinv (" or ", c->results);

  if (c->explanation != NULL)
    return g_strdup_printf ("%s (explanation “%s”)", results, c->explanation);
  return g_steal_pointer (&results);
}

static void
test_case (gconstpointer data)
{
  Case *c = (Case *) data;
  g_autofree char *expected = expected_text (c);

  g_test_message ("%s: %s; expected %s, got %s", c->section, c->name, expected, c->got);
  if (!c->passed)
    g_test_fail_printf ("%s: expected %s, got %s", c->name, expected, c->got);
}

typedef struct
{
  GPtrArray *cases;
  guint      passed;
  guint      failed;
} Summary;

static void
test_summary (gconstpointer data)
{
  const Summary *summary = data;

  g_test_message ("%u passed, %u failed", summary->passed, summary->failed);
  for (guint i = 0; i < summary->cases->len; i++)
    {
      Case *c = g_ptr_array_index (summary->cases, i);
      g_autofree char *expected = NULL;

      if (c->passed)
        continue;
      expected = expected_text (c);
      g_test_message ("FAILED %s: expected %s, got %s", c->name, expected, c->got);
    }
  if (summary->failed > 0)
    g_test_fail_printf ("%u passed, %u failed", summary->passed, summary->failed);
}

static void
test_no_suite (gconstpointer data)
{
  g_test_fail_printf ("The RFC 7208 test suite could not be read: %s", (const char *) data);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *summary_path = NULL;
  const char *path;
  Summary summary = { 0 };

  g_test_init (&argc, &argv, NULL);

  path = g_getenv ("MC_SPF_SUITE");
  if (path == NULL)
    {
      message = g_strdup ("MC_SPF_SUITE is not set (it names rfc7208-tests.yml)");
      g_test_add_data_func ("/spf-suite/load", message, test_no_suite);
      return g_test_run ();
    }
  cases = load_suite (path, &error);
  if (cases == NULL)
    {
      /* The message names the path: GError from g_file_get_contents does. */
      message = g_strdup_printf ("%s (MC_SPF_SUITE=%s)", error->message, path);
      g_test_add_data_func ("/spf-suite/load", message, test_no_suite);
      return g_test_run ();
    }

  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = g_ptr_array_index (cases, i);
      g_autofree char *test_path = NULL;

      run_case (c);
      if (c->passed)
        summary.passed++;
      else
        summary.failed++;
      test_path = g_strdup_printf ("/spf-suite/case/%s", c->name);
      g_test_add_data_func (test_path, c, test_case);
    }
  summary.cases = cases;
  summary_path = g_strdup_printf ("/spf-suite/%u-passed-%u-failed", summary.passed, summary.failed);
  g_test_add_data_func (summary_path, &summary, test_summary);

  return g_test_run ();
}
