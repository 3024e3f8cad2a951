/* mc-probe-spf.c: domain.spf: the sender domain's SPF policy, and whether it lists the server.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two kinds of evaluation run at once over one caching look-up adapter:
 * one for an address the policy does not list (TEST-NET-1, RFC 5737),
 * which walks every term up to "all" and so counts the look-ups, finds the
 * syntax errors and gives what a forger's mail gets; and one per address
 * of the SMTP server, which says whether mail from it passes.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-deadline.h"
#include "mc-dns-batch.h"
#include "mc-probe.h"
#include "mc-spf.h"
/* For mc_spf_record_parse (): see spf_problem_texts (). */
#include "mc-spf-private.h"

#define UNLISTED_ADDRESS "192.0.2.1"

typedef struct
{
  McProbeContext      *ctx;
  McDeadline          *deadline;
  McSpfResolverLookup *lookup;
  McSpfEvaluation     *walk;
  GPtrArray           *addresses;  /* GInetAddress: the server's */
  GPtrArray           *results;    /* McSpfEvaluation, or NULL; same order */
  JsonArray           *queries;
  GError              *error;
  guint                pending;
  /* The language of the evaluator's texts (problem, syntax error): the one
   * _() gave while it ran. */
  const char          *language;
} SpfData;

typedef struct
{
  GTask *task;
  gint   index;  /* -1: the walk */
} SpfRun;

static void
evaluation_unref (gpointer evaluation)
{
  if (evaluation != NULL)
    mc_spf_evaluation_unref (evaluation);
}

static void
spf_data_free (SpfData *data)
{
  g_clear_pointer (&data->deadline, mc_deadline_free);
  if (data->lookup != NULL)
    g_signal_handlers_disconnect_by_data (data->lookup, data);
  g_clear_object (&data->lookup);
  g_clear_pointer (&data->walk, mc_spf_evaluation_unref);
  g_clear_pointer (&data->addresses, g_ptr_array_unref);
  g_clear_pointer (&data->results, g_ptr_array_unref);
  g_clear_pointer (&data->queries, json_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

/* "-all" → TRUE: the term is the "all" mechanism with some qualifier. */
static gboolean
is_all_term (const char *term)
{
  if (term == NULL)
    return FALSE;
  if (strchr ("+-~?", term[0]) != NULL)
    term++;
  return g_ascii_strcasecmp (term, "all") == 0;
}

static void
add_chain (JsonArray       *chain,
           const McSpfNode *node,
           guint            depth,
           McFinding       *finding)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "domain", node->domain);
  if (node->term != NULL)
    json_object_set_string_member (entry, "term", node->term);
  else
    json_object_set_null_member (entry, "term");
  json_object_set_int_member (entry, "depth", depth);
  json_object_set_int_member (entry, "lookups", node->lookups);
  json_object_set_int_member (entry, "total_lookups", node->total_lookups);
  json_object_set_int_member (entry, "void_lookups", node->void_lookups);
  json_object_set_string_member (entry, "result", mc_spf_result_to_string (node->result));
  if (node->record != NULL)
    json_object_set_string_member (entry, "record", node->record);
  else
    json_object_set_null_member (entry, "record");
  json_array_add_object_element (chain, entry);

  if (depth > 0)
    mc_finding_add_detail (finding, "%*s%s → %s: %u look-up(s) here, %u with those below",
                           (int) depth * 2, "", node->term, node->domain, node->lookups,
                           node->total_lookups);
  for (guint i = 0; i < node->children->len; i++)
    add_chain (chain, g_ptr_array_index (node->children, i), depth + 1, finding);
}

/* The facts of the walk: the fixed members of DESIGN.md and more. */
static void
add_walk_evidence (SpfData   *data,
                   McFinding *finding)
{
  JsonObject *evidence = mc_finding_get_evidence (finding);
  McSpfEvaluation *walk = data->walk;
  GPtrArray *records = mc_spf_evaluation_get_records (walk);
  const char * const *path = mc_spf_evaluation_get_limit_path (walk);
  const char *matched = mc_spf_evaluation_get_matched_term (walk);
  JsonArray *list = json_array_new ();
  JsonArray *chain = json_array_new ();

  if (mc_spf_evaluation_get_record (walk) != NULL)
    json_object_set_string_member (evidence, "record", mc_spf_evaluation_get_record (walk));
  else
    json_object_set_null_member (evidence, "record");
  for (guint i = 0; i < records->len; i++)
    {
      json_array_add_string_element (list, g_ptr_array_index (records, i));
      mc_finding_add_detail (finding, "%s TXT \"%s\"", data->ctx->domain,
                             (const char *) g_ptr_array_index (records, i));
    }
  json_object_set_array_member (evidence, "records", list);
  json_object_set_int_member (evidence, "dns_lookups", mc_spf_evaluation_get_dns_lookups (walk));
  json_object_set_int_member (evidence, "void_lookups", mc_spf_evaluation_get_void_lookups (walk));
  json_object_set_string_member (evidence, "result",
                                 mc_spf_result_to_string (mc_spf_evaluation_get_result (walk)));
  if (is_all_term (matched))
    json_object_set_string_member (evidence, "all", matched);
  else
    json_object_set_null_member (evidence, "all");
  if (mc_spf_evaluation_get_problem_text (walk) != NULL)
    {
      json_object_set_string_member (evidence, "problem", mc_spf_evaluation_get_problem_text (walk));
      json_object_set_string_member (evidence, "problem_domain",
                                     mc_spf_evaluation_get_problem_domain (walk));
    }
  else
    {
      json_object_set_null_member (evidence, "problem");
      json_object_set_null_member (evidence, "problem_domain");
    }

  add_chain (chain, mc_spf_evaluation_get_tree (walk), 0, finding);
  json_object_set_array_member (evidence, "include_chain", chain);
  if (path != NULL)
    {
      JsonArray *at = json_array_new ();

      for (guint i = 0; path[i] != NULL; i++)
        json_array_add_string_element (at, path[i]);
      json_object_set_array_member (evidence, "limit_exceeded_at", at);
    }
  else
    json_object_set_null_member (evidence, "limit_exceeded_at");

  mc_finding_add_detail (finding, "%u DNS look-up(s) of %d allowed, %u void of %d allowed; "
                         "an unlisted address gets %s",
                         mc_spf_evaluation_get_dns_lookups (walk), MC_SPF_MAX_DNS_LOOKUPS,
                         mc_spf_evaluation_get_void_lookups (walk), MC_SPF_MAX_VOID_LOOKUPS,
                         mc_spf_result_to_string (mc_spf_evaluation_get_result (walk)));
}

/* Each server address and its result, in the evidence. */
static void
add_server_evidence (SpfData   *data,
                     McFinding *finding)
{
  JsonObject *evidence = mc_finding_get_evidence (finding);
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < data->addresses->len; i++)
    {
      GInetAddress *address = g_ptr_array_index (data->addresses, i);
      McSpfEvaluation *evaluation = g_ptr_array_index (data->results, i);
      g_autofree char *text = g_inet_address_to_string (address);
      JsonObject *entry = json_object_new ();
      McSpfResult result = mc_spf_evaluation_get_result (evaluation);

      json_object_set_string_member (entry, "address", text);
      json_object_set_string_member (entry, "result", mc_spf_result_to_string (result));
      json_object_set_boolean_member (entry, "authorised", result == MC_SPF_RESULT_PASS);
      json_object_set_boolean_member (entry, "private", mc_probe_address_is_private (address));
      if (mc_spf_evaluation_get_matched_term (evaluation) != NULL)
        json_object_set_string_member (entry, "matched", mc_spf_evaluation_get_matched_term (evaluation));
      else
        json_object_set_null_member (entry, "matched");
      json_array_add_object_element (list, entry);
    }
  json_object_set_array_member (evidence, "authorised", list);
}

/* The same in the details. */
static void
add_server_details (SpfData   *data,
                    McFinding *finding)
{
  for (guint i = 0; i < data->addresses->len; i++)
    {
      GInetAddress *address = g_ptr_array_index (data->addresses, i);
      McSpfEvaluation *evaluation = g_ptr_array_index (data->results, i);
      const char *matched = mc_spf_evaluation_get_matched_term (evaluation);
      g_autofree char *text = g_inet_address_to_string (address);

      mc_finding_add_detail (finding, "server address %s: %s%s%s%s", text,
                             mc_spf_result_to_string (mc_spf_evaluation_get_result (evaluation)),
                             matched != NULL ? " (" : "", matched != NULL ? matched : "",
                             matched != NULL ? ")" : "");
      if (mc_probe_address_is_private (address))
        mc_finding_add_detail (finding, "%s is a private address: receivers never see it", text);
    }
}

/* The public server addresses that do not pass, joined, or NULL when every
 * one passes; *first_result is the result of the first of them. */
static char *
not_listed_addresses (SpfData     *data,
                      McSpfResult *first_result)
{
  GString *missing = NULL;

  for (guint i = 0; i < data->addresses->len; i++)
    {
      GInetAddress *address = g_ptr_array_index (data->addresses, i);
      McSpfResult result = mc_spf_evaluation_get_result (g_ptr_array_index (data->results, i));
      g_autofree char *text = NULL;

      /* A temporary error says nothing about the listing either way. */
      if (result == MC_SPF_RESULT_PASS || result == MC_SPF_RESULT_TEMPERROR ||
          mc_probe_address_is_private (address))
        continue;
      text = g_inet_address_to_string (address);
      if (missing == NULL)
        {
          missing = g_string_new (text);
          *first_result = result;
        }
      else
        g_string_append_printf (missing, ", %s", text);
    }
  return missing != NULL ? g_string_free (missing, FALSE) : NULL;
}

/* Recorded as each answer arrives, which is what the timings are
 * measured from. */
static void
answered_cb (McSpfResolverLookup *lookup,
             McDnsAnswer         *answer,
             SpfData             *data)
{
  mc_probe_add_query_evidence (data->ctx, data->queries, answer);
}

static void
add_queries (SpfData   *data,
             McFinding *finding)
{
  json_object_set_array_member (mc_finding_get_evidence (finding), "queries",
                                json_array_ref (data->queries));
}

/* The first query that failed (anything but an answer), or NULL. */
static McDnsAnswer *
first_failed_answer (SpfData *data)
{
  GPtrArray *answers = mc_spf_resolver_lookup_get_answers (data->lookup);

  for (guint i = 0; i < answers->len; i++)
    if (!mc_dns_status_is_answer (mc_dns_answer_get_status (g_ptr_array_index (answers, i))))
      return g_ptr_array_index (answers, i);
  return NULL;
}

/* The status of the query that failed, to word a DNS failure of the
 * domain's own record as every domain finding words it. */
static McDnsStatus
failed_status (SpfData *data)
{
  McDnsAnswer *failed = first_failed_answer (data);

  return failed != NULL ? mc_dns_answer_get_status (failed) : MC_DNS_STATUS_TIMEOUT;
}

static const McSpfNode *
find_node (const McSpfNode *node,
           const char      *domain)
{
  if (g_ascii_strcasecmp (node->domain, domain) == 0)
    return node;
  for (guint i = 0; i < node->children->len; i++)
    {
      const McSpfNode *found = find_node (g_ptr_array_index (node->children, i), domain);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The SPF records among the TXT records of name, as the look-ups found them. */
static guint
count_spf_records (SpfData    *data,
                   const char *name)
{
  GPtrArray *answers = mc_spf_resolver_lookup_get_answers (data->lookup);

  for (guint i = 0; i < answers->len; i++)
    {
      McDnsAnswer *answer = g_ptr_array_index (answers, i);
      GPtrArray *records = mc_dns_answer_get_records (answer);
      guint n = 0;

      if (mc_dns_answer_get_query_type (answer) != MC_DNS_TYPE_TXT ||
          g_ascii_strcasecmp (mc_dns_answer_get_name (answer), name) != 0)
        continue;
      for (guint j = 0; records != NULL && j < records->len; j++)
        {
          g_autofree char *text = mc_dns_txt_record_text (g_ptr_array_index (records, j));
          g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));

          if (mc_spf_record_is_spf (bytes))
            n++;
        }
      return n;
    }
  return 0;
}

/* The evaluator words its problem and the syntax error of a record in the
 * language _() gave while it ran. For the other report language they are
 * worded again here, from what the evaluation kept, with the evaluator's
 * own messages; where what it kept is not enough (the number of mail
 * servers of an "mx" term), its words are used as they are. Either may be
 * NULL, as the evaluation's getters give them. */
static void
spf_problem_texts (SpfData  *data,
                   char    **problem_out,
                   char    **syntax_out)
{
  McSpfEvaluation *walk = data->walk;
  const char *problem = mc_spf_evaluation_get_problem_text (walk);
  const char *syntax = mc_spf_evaluation_get_syntax_error (walk);
  const char *domain = mc_spf_evaluation_get_problem_domain (walk);
  const char *term = mc_spf_evaluation_get_problem_term (walk);
  g_autofree char *problem_now = NULL;
  g_autofree char *syntax_now = NULL;

  if (g_str_equal (mc_i18n_get_language (), data->language) || problem == NULL)
    {
      *problem_out = g_strdup (problem);
      *syntax_out = g_strdup (syntax);
      return;
    }

  switch (mc_spf_evaluation_get_problem (walk))
    {
    case MC_SPF_PROBLEM_BAD_DOMAIN:
      problem_now = g_strdup_printf (_("“%s” is not a domain name that SPF can check"), domain);
      break;

    case MC_SPF_PROBLEM_NO_RECORD:
      problem_now = g_strdup_printf (_("%s has no SPF record"), domain);
      break;

    case MC_SPF_PROBLEM_INCLUDE_NONE:
    case MC_SPF_PROBLEM_REDIRECT_NONE:
      {
        const McSpfNode *node = find_node (mc_spf_evaluation_get_tree (walk), domain);

        /* The domain named has no record (rather than a name that could
         * not be made from the term). */
        if (node != NULL && node->record == NULL)
          problem_now = g_strdup_printf (_("%s has no SPF record"), domain);
      }
      break;

    case MC_SPF_PROBLEM_MULTIPLE_RECORDS:
      problem_now = g_strdup_printf (_("%s has %u SPF records; it must have one"), domain,
                                     count_spf_records (data, domain));
      break;

    case MC_SPF_PROBLEM_SYNTAX:
      {
        const McSpfNode *node = find_node (mc_spf_evaluation_get_tree (walk), domain);
        g_autoptr(GError) error = NULL;

        if (node != NULL && node->record != NULL)
          {
            g_autoptr(GBytes) bytes = g_bytes_new (node->record, strlen (node->record));
            g_autoptr(McSpfRecord) record = mc_spf_record_parse (bytes, &error);

            if (record == NULL && syntax != NULL)
              syntax_now = g_strdup (error->message);
          }
        if (error != NULL)
          /* Translators: a domain, then what is wrong in its record. */
          problem_now = g_strdup_printf (_("the SPF record of %s is not valid: %s"), domain,
                                         error->message);
      }
      break;

    case MC_SPF_PROBLEM_TOO_MANY_LOOKUPS:
      problem_now = g_strdup_printf (_("more than %d DNS look-ups: “%s” in the record of %s is "
                                       "number %u"),
                                     MC_SPF_MAX_DNS_LOOKUPS, term, domain,
                                     mc_spf_evaluation_get_dns_lookups (walk));
      break;

    case MC_SPF_PROBLEM_TOO_MANY_VOID:
      problem_now = g_strdup_printf (_("more than %d DNS look-ups found nothing; the last was "
                                       "“%s” in the record of %s"),
                                     MC_SPF_MAX_VOID_LOOKUPS, term, domain);
      break;

    case MC_SPF_PROBLEM_DNS:
      {
        McDnsAnswer *failed = first_failed_answer (data);

        if (failed != NULL)
          /* Translators: a DNS name, its record type (TXT, A…), what went wrong. */
          problem_now = g_strdup_printf (_("the DNS look-up of %s (%s) failed: %s"),
                                         mc_dns_answer_get_name (failed),
                                         mc_dns_type_to_string (mc_dns_answer_get_query_type (failed)),
                                         mc_dns_status_to_string (mc_dns_answer_get_status (failed)));
      }
      break;

    case MC_SPF_PROBLEM_TOO_MANY_MX:
    case MC_SPF_PROBLEM_NONE:
    default:
      break;
    }

  *problem_out = problem_now != NULL ? g_steal_pointer (&problem_now) : g_strdup (problem);
  *syntax_out = syntax_now != NULL ? g_steal_pointer (&syntax_now) : g_strdup (syntax);
}

static void
complete_permerror (SpfData    *data,
                    McFinding  *finding,
                    const char *problem,
                    const char *syntax)
{
  McSpfEvaluation *walk = data->walk;
  const char *domain = data->ctx->domain;
  const char * const *path = mc_spf_evaluation_get_limit_path (walk);

  switch (mc_spf_evaluation_get_problem (walk))
    {
    case MC_SPF_PROBLEM_MULTIPLE_RECORDS:
      mc_finding_complete (finding, MC_STATUS_FAIL, "spf-multiple",
                           _("%s has %u SPF records, but only one is allowed, so receivers treat "
                             "its policy as broken (permerror). Merge them into one record."),
                           domain, mc_spf_evaluation_get_records (walk)->len);
      break;

    case MC_SPF_PROBLEM_TOO_MANY_LOOKUPS:
      if (path != NULL && path[0] != NULL && path[1] != NULL)
        /* Translators: a domain, then a term of its SPF record such as “include:_spf.example.com”. */
        mc_finding_complete (finding, MC_STATUS_FAIL, "spf-too-many-lookups",
                             _("The SPF record of %s needs more than 10 DNS look-ups; the limit is "
                               "crossed inside “%s”. Receivers treat the record as broken "
                               "(permerror)."), domain, path[0]);
      else
        mc_finding_complete (finding, MC_STATUS_FAIL, "spf-too-many-lookups",
                             _("The SPF record of %s needs more than 10 DNS look-ups, so receivers "
                               "treat it as broken (permerror)."), domain);
      break;

    case MC_SPF_PROBLEM_TOO_MANY_MX:
      mc_finding_complete (finding, MC_STATUS_FAIL, "spf-too-many-lookups",
                           /* Translators: a domain, then a term of its SPF record such as “mx”. */
                           _("The SPF record of %s is broken for receivers (permerror): “%s” names "
                             "more than 10 mail servers."),
                           domain, mc_spf_evaluation_get_problem_term (walk));
      break;

    case MC_SPF_PROBLEM_TOO_MANY_VOID:
      mc_finding_complete (finding, MC_STATUS_FAIL, "spf-void-lookups",
                           /* Translators: a domain, then a term of its SPF record such as “a:mail.example.com”. */
                           _("The SPF record of %s points more than twice to names that do not "
                             "exist or have no address (the last one: “%s”), so receivers treat it "
                             "as broken (permerror)."),
                           domain, mc_spf_evaluation_get_problem_term (walk));
      break;

    case MC_SPF_PROBLEM_INCLUDE_NONE:
    case MC_SPF_PROBLEM_REDIRECT_NONE:
      /* Translators: the sender's domain, then the domain its SPF record refers to. */
      mc_finding_complete (finding, MC_STATUS_FAIL, "spf-include-missing",
                           _("The SPF record of %s refers to %s, which has no SPF record, so "
                             "receivers treat the policy as broken (permerror)."),
                           domain, mc_spf_evaluation_get_problem_domain (walk));
      break;

    case MC_SPF_PROBLEM_SYNTAX:
    case MC_SPF_PROBLEM_NONE:
    case MC_SPF_PROBLEM_BAD_DOMAIN:
    case MC_SPF_PROBLEM_NO_RECORD:
    case MC_SPF_PROBLEM_DNS:
    default:
      if (syntax != NULL && g_ascii_strcasecmp (mc_spf_evaluation_get_problem_domain (walk), domain) != 0)
        mc_finding_complete (finding, MC_STATUS_FAIL, "spf-syntax",
                             /* Translators: the sender's domain, the domain whose record it
                              * includes, then what is wrong in that record. */
                             _("The SPF record of %s includes the record of %s, which has a "
                               "mistake, so receivers treat the policy as broken (permerror): %s."),
                             domain, mc_spf_evaluation_get_problem_domain (walk), syntax);
      else
        mc_finding_complete (finding, MC_STATUS_FAIL, "spf-syntax",
                             /* Translators: %s is the domain, then what is wrong in the record. */
                             _("The SPF record of %s has a mistake, so receivers treat it as broken "
                               "(permerror): %s."),
                             domain, syntax != NULL ? syntax : problem != NULL ? problem : "");
      break;
    }
}

/* A McFindingTextFunc: it runs once per report language, so it only
 * composes text (the evaluator's texts in that language included) and
 * writes it into the finding. */
static void
spf_text (McFinding *finding,
          gpointer   user_data)
{
  SpfData *data = user_data;
  McSpfEvaluation *walk = data->walk;
  const char *domain = data->ctx->domain;
  const char *matched = mc_spf_evaluation_get_matched_term (walk);
  guint lookups = mc_spf_evaluation_get_dns_lookups (walk);
  g_autofree char *problem = NULL;
  g_autofree char *syntax = NULL;
  g_autofree char *not_listed = NULL;
  McSpfResult server_result = MC_SPF_RESULT_NONE;

  spf_problem_texts (data, &problem, &syntax);
  if (problem != NULL)
    mc_finding_add_detail (finding, "%s", problem);
  add_server_details (data, finding);

  switch (mc_spf_evaluation_get_result (walk))
    {
    case MC_SPF_RESULT_TEMPERROR:
      /* Without the domain's own record, a DNS failure as every domain
       * finding words it. */
      if (mc_spf_evaluation_get_record (walk) == NULL)
        {
          mc_probe_complete_dns_failure (finding, failed_status (data), domain,
                                         data->ctx->timeout_ms);
          return;
        }
      mc_finding_complete (finding, MC_STATUS_ERROR, "spf-temperror",
                           /* Translators: %s is the domain, then the technical reason. */
                           _("The SPF record of %s could not be checked to its end: %s. Receivers "
                             "meet the same temporary error and may delay the mail."),
                           domain, problem);
      return;

    case MC_SPF_RESULT_NONE:
      mc_finding_complete (finding, MC_STATUS_FAIL, "spf-missing",
                           _("%s has no SPF record, so receivers cannot tell which servers may "
                             "send its mail; more of it lands in spam or is refused."), domain);
      return;

    case MC_SPF_RESULT_PERMERROR:
      complete_permerror (data, finding, problem, syntax);
      return;

    case MC_SPF_RESULT_PASS:
      mc_finding_complete (finding, MC_STATUS_WARN, "spf-permissive-all",
                           /* Translators: a domain, then the term, e.g. “+all”. */
                           _("The SPF record of %s lets every server in the world send its mail "
                             "(“%s”), so it protects nothing against forged mail."),
                           domain, matched != NULL ? matched : "+all");
      return;

    case MC_SPF_RESULT_NEUTRAL:
      if (is_all_term (matched))
        mc_finding_complete (finding, MC_STATUS_WARN, "spf-permissive-all",
                             _("The SPF record of %s ends with “%s”, which tells receivers "
                               "nothing about other servers, so it barely protects against "
                               "forged mail."), domain, matched);
      else
        mc_finding_complete (finding, MC_STATUS_WARN, "spf-permissive-all",
                             _("The SPF record of %s does not end with “-all” or “~all”, so it "
                               "tells receivers nothing about other servers and barely protects "
                               "against forged mail."), domain);
      return;

    case MC_SPF_RESULT_FAIL:
    case MC_SPF_RESULT_SOFTFAIL:
    default:
      break;
    }

  not_listed = not_listed_addresses (data, &server_result);
  if (not_listed != NULL)
    {
      /* Translators: the server's addresses, the domain, an SPF result (fail, softfail…). */
      mc_finding_complete (finding, MC_STATUS_WARN, "spf-server-not-authorised",
                           _("Your sending server (%s) is not listed in the SPF record of %s "
                             "(result: %s), so your mail may look forged to receivers."),
                           not_listed, domain, mc_spf_result_to_string (server_result));
      return;
    }
  mc_finding_complete (finding, MC_STATUS_OK, NULL,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%s has one valid SPF record; it needs %u DNS look-up of the "
                                    "10 allowed.",
                                    "%s has one valid SPF record; it needs %u DNS look-ups of the "
                                    "10 allowed.", lookups),
                       domain, lookups);
}

static void
complete_finding (SpfData   *data,
                  McFinding *finding)
{
  add_walk_evidence (data, finding);
  add_server_evidence (data, finding);
  add_queries (data, finding);
  mc_finding_complete_twice (finding, spf_text, data);
}

static void
spf_timeout_text (McFinding *finding,
                  gpointer   user_data)
{
  SpfData *data = user_data;

  mc_finding_complete (finding, MC_STATUS_ERROR, "dns-no-answer",
                       _("No DNS answer for the SPF record of %s within %u seconds."),
                       data->ctx->domain, MAX (data->ctx->timeout_ms / 1000, 1));
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SpfRun *run = user_data;
  g_autoptr(GTask) task = run->task;
  SpfData *data = g_task_get_task_data (task);
  McFinding *finding = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  McSpfEvaluation *evaluation;

  evaluation = mc_spf_check_host_finish (MC_SPF_LOOKUP (source), result, &error);
  if (evaluation == NULL && data->error == NULL)
    data->error = g_steal_pointer (&error);
  if (run->index < 0)
    data->walk = evaluation;
  else
    g_ptr_array_index (data->results, run->index) = evaluation;
  g_free (run);

  if (--data->pending > 0)
    return;

  if (data->error != NULL)
    {
      if (mc_deadline_expired (data->deadline))
        {
          add_queries (data, finding);
          mc_finding_complete_twice (finding, spf_timeout_text, data);
          g_task_return_boolean (task, TRUE);
        }
      else
        g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  complete_finding (data, finding);
  g_task_return_boolean (task, TRUE);
}

static void
start_check (GTask        *task,
             GInetAddress *ip,
             gboolean      unlisted,
             gint          index)
{
  SpfData *data = g_task_get_task_data (task);
  g_autofree char *sender = g_strconcat ("postmaster@", data->ctx->domain, NULL);
  const char *host = mc_account_get_host (data->ctx->account);
  McSpfRequest request = {
    .ip = ip,
    .domain = data->ctx->domain,
    .sender = sender,
    /* The server's own HELO name is unknown here; its host name is the
     * best guess for the rare policies that use %{h}. */
    .helo = host != NULL && *host != '\0' ? host : data->ctx->domain,
    .unlisted = unlisted,
  };
  SpfRun *run = g_new0 (SpfRun, 1);

  run->task = g_object_ref (task);
  run->index = index;
  data->pending++;
  mc_spf_check_host_async (MC_SPF_LOOKUP (data->lookup), &request,
                           mc_deadline_get_cancellable (data->deadline), check_done_cb, run);
}

/* domain.spf: the sender's domain has one valid SPF record within the
 * limits of RFC 7208 that does not let everyone send, and the SMTP server
 * is among the senders it lists. */
void
mc_probe_domain_spf (McProbeContext      *ctx,
                     McFinding           *finding,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  g_autoptr(GInetAddress) unlisted = NULL;
  SpfData *data;

  g_task_set_source_tag (task, mc_probe_domain_spf);

  if (mc_probe_return_if_no_domain (ctx, task))
    return;

  data = g_new0 (SpfData, 1);
  data->ctx = ctx;
  data->language = mc_i18n_get_language ();
  data->deadline = mc_deadline_new (cancellable, ctx->timeout_ms);
  data->lookup = mc_spf_resolver_lookup_new (ctx->resolver);
  data->queries = json_array_new ();
  g_signal_connect (data->lookup, "answered", G_CALLBACK (answered_cb), data);
  data->addresses = g_ptr_array_new_with_free_func (g_object_unref);
  data->results = g_ptr_array_new_with_free_func (evaluation_unref);
  for (guint i = 0; ctx->server_addresses != NULL && i < ctx->server_addresses->len; i++)
    {
      g_ptr_array_add (data->addresses, g_object_ref (g_ptr_array_index (ctx->server_addresses, i)));
      g_ptr_array_add (data->results, NULL);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) spf_data_free);

  /* Every evaluation is started before any answers: they share the
   * adapter, so the record is asked for once. */
  unlisted = g_inet_address_new_from_string (UNLISTED_ADDRESS);
  start_check (task, unlisted, TRUE, -1);
  for (guint i = 0; i < data->addresses->len; i++)
    start_check (task, g_ptr_array_index (data->addresses, i), FALSE, (gint) i);
}
