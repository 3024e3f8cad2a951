/* mc-probe-dmarc.c: domain.dmarc: the DMARC record that applies to the sender's domain, and its policy.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 9989 finds the record with a DNS tree walk: the domain's own
 * _dmarc record, else its organisational domain's, else a public
 * suffix's. No public-suffix list is needed, and none is shipped. The
 * names the walk may ask for depend only on the domain, so they are all
 * asked at once and the answers read in the walk's order: the result is
 * the walk's, in one round trip instead of up to five.
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-dmarc.h"
#include "mc-dns-batch.h"

typedef struct
{
  McProbeContext *ctx;
  McDnsBatch     *batch;
  GPtrArray      *targets;    /* char *: the domains whose _dmarc the walk asks for */
  McDnsAnswer   **answers;    /* NULL where none came; same order */
} DmarcData;

static void
record_unref (gpointer record)
{
  if (record != NULL)
    mc_dmarc_record_free (record);
}

static void
dmarc_data_free (DmarcData *data)
{
  g_clear_pointer (&data->batch, mc_dns_batch_free);
  for (guint i = 0; data->answers != NULL && i < data->targets->len; i++)
    g_clear_pointer (&data->answers[i], mc_dns_answer_unref);
  g_free (data->answers);
  g_clear_pointer (&data->targets, g_ptr_array_unref);
  g_free (data);
}

/* The records found at one name, sorted as receivers sort them. */
typedef struct
{
  GPtrArray *dmarc;     /* char *: records that start with v=DMARC1 */
  GPtrArray *attempts;  /* char *: records meant as DMARC that receivers discard */
} NameRecords;

static void
name_records_clear (NameRecords *records)
{
  g_clear_pointer (&records->dmarc, g_ptr_array_unref);
  g_clear_pointer (&records->attempts, g_ptr_array_unref);
}

static void
read_name (McFinding   *finding,
           const char  *target,
           McDnsAnswer *answer,
           NameRecords *out)
{
  McDnsStatus status = mc_dns_batch_status_of (answer);
  GPtrArray *records = NULL;

  out->dmarc = g_ptr_array_new_with_free_func (g_free);
  out->attempts = g_ptr_array_new_with_free_func (g_free);

  if (status != MC_DNS_STATUS_OK)
    {
      mc_finding_add_detail (finding, "_dmarc.%s TXT → %s", target,
                             mc_dns_status_to_string (status));
      return;
    }

  records = mc_dns_answer_get_records (answer);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      char *text = mc_dns_txt_record_text (g_ptr_array_index (records, i));

      if (mc_dmarc_is_record (text))
        {
          mc_finding_add_detail (finding, "_dmarc.%s TXT \"%s\"", target, text);
          g_ptr_array_add (out->dmarc, text);
        }
      else if (mc_dmarc_looks_like_record (text))
        {
          mc_finding_add_detail (finding, "_dmarc.%s TXT (not read as DMARC) \"%s\"", target, text);
          g_ptr_array_add (out->attempts, text);
        }
      else
        {
          mc_finding_add_detail (finding, "_dmarc.%s TXT (ignored) \"%s\"", target, text);
          g_free (text);
        }
    }
}

static JsonArray *
string_array (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  return array;
}

static void
set_policy_member (JsonObject    *object,
                   const char    *member,
                   McDmarcPolicy  policy)
{
  if (policy == MC_DMARC_POLICY_UNSET)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, mc_dmarc_policy_to_string (policy));
}

static const char *
policy_word (McDmarcPolicy policy)
{
  return policy != MC_DMARC_POLICY_UNSET ? mc_dmarc_policy_to_string (policy) : "(none)";
}

static const char *
alignment_name (char mode)
{
  return mode == 's' ? "strict" : "relaxed";
}

static void
set_empty_evidence (JsonObject *evidence)
{
  json_object_set_null_member (evidence, "record");
  json_object_set_null_member (evidence, "policy");
  json_object_set_null_member (evidence, "subdomain_policy");
  json_object_set_null_member (evidence, "np");
  json_object_set_null_member (evidence, "alignment");
  json_object_set_array_member (evidence, "rua", json_array_new ());
  json_object_set_null_member (evidence, "found_at");
}

/* The record's facts in the evidence and the details, but for its
 * problems: the evidence has them in the language of the process, and
 * add_error_details () writes them into the details in each report
 * language. */
static void
add_record_evidence (McFinding     *finding,
                     McDmarcRecord *record,
                     const char    *found_at,
                     McDmarcPolicy  applied)
{
  JsonObject *evidence = mc_finding_get_evidence (finding);
  JsonObject *alignment = json_object_new ();
  JsonArray *errors = json_array_new ();
  char psd[2] = { record->psd, '\0' };

  json_object_set_string_member (evidence, "record", record->record);
  set_policy_member (evidence, "policy", applied);
  set_policy_member (evidence, "subdomain_policy", mc_dmarc_record_get_subdomain_policy (record));
  set_policy_member (evidence, "np", mc_dmarc_record_get_nonexistent_policy (record));
  json_object_set_boolean_member (evidence, "policy_implied", record->policy_implied);
  json_object_set_string_member (alignment, "dkim", alignment_name (record->adkim));
  json_object_set_string_member (alignment, "spf", alignment_name (record->aspf));
  json_object_set_object_member (evidence, "alignment", alignment);
  json_object_set_array_member (evidence, "rua", string_array (record->rua));
  json_object_set_array_member (evidence, "ruf", string_array (record->ruf));
  json_object_set_string_member (evidence, "found_at", found_at);
  json_object_set_boolean_member (evidence, "testing", record->testing);
  json_object_set_string_member (evidence, "psd", psd);
  json_object_set_array_member (evidence, "legacy_tags", string_array (record->legacy_tags));
  json_object_set_array_member (evidence, "unknown_tags", string_array (record->unknown_tags));
  for (guint i = 0; i < record->problems->len; i++)
    json_array_add_string_element (errors,
                                   ((McRecordProblem *) record->problems->pdata[i])->message);
  json_object_set_array_member (evidence, "errors", errors);

  mc_finding_add_detail (finding, "policy: p=%s, subdomains %s, non-existent subdomains %s%s",
                         policy_word (record->policy),
                         policy_word (mc_dmarc_record_get_subdomain_policy (record)),
                         policy_word (mc_dmarc_record_get_nonexistent_policy (record)),
                         record->testing ? ", t=y (testing)" : "");
  mc_finding_add_detail (finding, "alignment: DKIM %s, SPF %s", alignment_name (record->adkim),
                         alignment_name (record->aspf));
  if (record->rua->len > 0)
    for (guint i = 0; i < record->rua->len; i++)
      mc_finding_add_detail (finding, "aggregate reports (rua) to %s",
                             (char *) record->rua->pdata[i]);
  else
    mc_finding_add_detail (finding, "no rua=: no receiver sends reports about this domain");
  for (guint i = 0; i < record->ruf->len; i++)
    mc_finding_add_detail (finding, "failure reports (ruf) to %s", (char *) record->ruf->pdata[i]);
  for (guint i = 0; i < record->legacy_tags->len; i++)
    mc_finding_add_detail (finding, "%s: RFC 7489 only; RFC 9989 removed it",
                           (char *) record->legacy_tags->pdata[i]);
  if (record->pct >= 0 && record->pct < 100)
    mc_finding_add_detail (finding, "pct=%d: receivers of RFC 7489 apply the policy to %d%% of "
                           "failing mail", record->pct, record->pct);
  for (guint i = 0; i < record->unknown_tags->len; i++)
    mc_finding_add_detail (finding, "unknown tag ignored: %s",
                           (char *) record->unknown_tags->pdata[i]);
}

static void
add_error_details (McFinding     *finding,
                   McDmarcRecord *record)
{
  for (guint i = 0; i < record->problems->len; i++)
    mc_finding_add_detail (finding, "error: %s",
                           ((McRecordProblem *) record->problems->pdata[i])->message);
}

/* What dmarc_text () writes the summary from. */
typedef enum
{
  DMARC_TEXT_RECORD,     /* the record that applies, judged */
  DMARC_TEXT_MULTIPLE,   /* the domain has several records */
  DMARC_TEXT_ATTEMPT,    /* the domain's record does not start as DMARC records must */
  DMARC_TEXT_UNKNOWN,    /* none of its own, and the names above did not answer */
  DMARC_TEXT_MISSING,    /* none of its own, and none above applies */
} DmarcTextKind;

typedef struct
{
  DmarcTextKind     kind;
  const char       *domain;
  const char       *record;     /* RECORD, ATTEMPT: read again in each language */
  const char       *found_at;   /* RECORD: where the record is */
  McDmarcDiscovery *discovery;  /* RECORD */
  guint             n_records;  /* MULTIPLE */
} DmarcText;

/* Judges the record that applies, read again from text->record, so that
 * its problems are worded in the language _() gives now. It is the
 * domain's own record when the walk found it first; otherwise it is
 * found_at's, read for a subdomain of it. */
static void
judge_record (McFinding *finding,
              DmarcText *text)
{
  g_autoptr(McDmarcRecord) record = mc_dmarc_record_parse (text->record);
  McDmarcDiscovery *discovery = text->discovery;
  const char *domain = text->domain;
  const char *found_at = text->found_at;
  gboolean own = discovery->policy_index == 0;
  McDmarcPolicy applied = own ? record->policy : mc_dmarc_record_get_subdomain_policy (record);
  const char *policy = mc_dmarc_policy_to_string (applied);

  add_error_details (finding, record);

  if (!mc_dmarc_record_is_valid (record))
    {
      if (own)
        mc_finding_complete (finding, MC_STATUS_FAIL, "dmarc-syntax",
                             _("The DMARC record of %s has a mistake: %s. Receivers skip what "
                               "they cannot read, so the record may not do what you meant."),
                             domain, mc_dmarc_record_get_error (record));
      else
        mc_finding_complete (finding, MC_STATUS_FAIL, "dmarc-syntax",
                             _("The DMARC record of %s, which applies to %s, has a mistake: %s. "
                               "Receivers skip what they cannot read, so the record may not do "
                               "what you meant."),
                             found_at, domain, mc_dmarc_record_get_error (record));
      return;
    }

  if (discovery->from_public_suffix)
    {
      mc_finding_complete (finding, MC_STATUS_WARN, "dmarc-missing",
                           _("%s has no DMARC record of its own; only the record of %s, a "
                             "public suffix, applies (policy “%s”). Large mailbox providers "
                             "expect a record published by the sender's own domain."),
                           domain, found_at, policy);
      return;
    }

  if (record->policy_implied)
    {
      mc_finding_complete (finding, MC_STATUS_WARN, "dmarc-none",
                           _("The DMARC record of %s has no p= tag, so receivers read it as "
                             "p=none (and older ones ignore it). It protects nothing: mail that "
                             "forges your address is treated like any other."), found_at);
      return;
    }

  if (applied == MC_DMARC_POLICY_NONE)
    {
      if (own)
        mc_finding_complete (finding, MC_STATUS_WARN, "dmarc-none",
                             _("The DMARC policy of %s is “none”. That satisfies large mailbox "
                               "providers, which require at least a record from bulk senders, "
                               "but it protects nothing: receivers treat mail that forges your "
                               "address like any other."), domain);
      else
        mc_finding_complete (finding, MC_STATUS_WARN, "dmarc-none",
                             _("%s has no DMARC record of its own; the record of %s applies, with "
                               "the policy “none” for subdomains. That satisfies large mailbox "
                               "providers, but it protects nothing: receivers treat mail that "
                               "forges your address like any other."), domain, found_at);
      return;
    }

  if (record->testing)
    {
      mc_finding_complete (finding, MC_STATUS_WARN, "dmarc-testing",
                           _("The DMARC record of %s is marked as being tested (t=y): receivers "
                             "do not apply its policy “%s” yet."), found_at, policy);
      return;
    }

  if (own)
    mc_finding_complete (finding, MC_STATUS_OK, NULL,
                         _("%s has a DMARC record with the policy “%s”."), domain, policy);
  else
    mc_finding_complete (finding, MC_STATUS_OK, NULL,
                         _("%s has no DMARC record of its own; the record of its organisational "
                           "domain %s applies, with the policy “%s” for subdomains."),
                         domain, found_at, policy);
}

/* A McFindingTextFunc: it runs once per report language, so it only
 * composes text and writes it into the finding. */
static void
dmarc_text (McFinding *finding,
            gpointer   user_data)
{
  DmarcText *text = user_data;
  const char *domain = text->domain;

  switch (text->kind)
    {
    case DMARC_TEXT_RECORD:
      judge_record (finding, text);
      break;

    case DMARC_TEXT_MULTIPLE:
      mc_finding_complete (finding, MC_STATUS_FAIL, "dmarc-multiple",
                           _("%s has %u DMARC records. There must be exactly one: receivers "
                             "ignore them all when there are several."), domain, text->n_records);
      break;

    case DMARC_TEXT_ATTEMPT:
      {
        g_autoptr(McDmarcRecord) attempt = mc_dmarc_record_parse (text->record);

        mc_finding_complete (finding, MC_STATUS_FAIL, "dmarc-syntax",
                             _("The DMARC record of %s has a mistake: %s. Receivers ignore the "
                               "whole record."), domain, mc_dmarc_record_get_error (attempt));
      }
      break;

    case DMARC_TEXT_UNKNOWN:
      mc_finding_complete (finding, MC_STATUS_ERROR, "dns-no-answer",
                           _("%s has no DMARC record of its own, and the DNS did not answer "
                             "for the domains above it, so it is unknown whether one of "
                             "theirs applies."), domain);
      break;

    case DMARC_TEXT_MISSING:
    default:
      mc_finding_complete (finding, MC_STATUS_FAIL, "dmarc-missing",
                           _("%s has no DMARC record. Large mailbox providers such as Gmail and "
                             "Yahoo require one from bulk senders, and many receivers reject "
                             "mail or file it as spam without one."), domain);
      break;
    }
}

static void
finish (DmarcData *data,
        McFinding *finding)
{
  const char *domain = data->ctx->domain;
  JsonObject *evidence = mc_finding_get_evidence (finding);
  g_autoptr(GPtrArray) records = NULL;
  g_auto(McDmarcDiscovery) discovery = { 0 };
  McDnsStatus status = mc_dns_batch_status_of (data->answers[0]);
  gboolean walk_failed = FALSE;
  NameRecords own = { 0 };
  DmarcText text = { .domain = domain };

  /* Without an answer for the domain itself nothing can be said. */
  if (!mc_dns_status_is_answer (status))
    {
      g_autofree char *name = g_strconcat ("_dmarc.", domain, NULL);

      read_name (finding, domain, data->answers[0], &own);
      name_records_clear (&own);
      set_empty_evidence (evidence);
      mc_probe_complete_dns_failure (finding, status, name, data->ctx->timeout_ms);
      return;
    }

  records = g_ptr_array_new_full (data->targets->len, record_unref);
  for (guint i = 0; i < data->targets->len; i++)
    {
      const char *target = g_ptr_array_index (data->targets, i);
      NameRecords found = { 0 };

      read_name (finding, target, data->answers[i], &found);
      /* Receivers discard all records of a name that has several. */
      g_ptr_array_add (records, found.dmarc->len == 1
                       ? mc_dmarc_record_parse (g_ptr_array_index (found.dmarc, 0)) : NULL);
      if (i == 0)
        own = found;
      else
        name_records_clear (&found);
    }

  if (own.dmarc->len > 1)
    {
      text.kind = DMARC_TEXT_MULTIPLE;
      text.n_records = own.dmarc->len;
      set_empty_evidence (evidence);
      json_object_set_array_member (evidence, "records", string_array (own.dmarc));
      json_object_set_string_member (evidence, "found_at", domain);
      mc_finding_complete_twice (finding, dmarc_text, &text);
      name_records_clear (&own);
      return;
    }
  if (own.dmarc->len == 0 && own.attempts->len > 0)
    {
      const char *text_of_attempt = g_ptr_array_index (own.attempts, 0);
      g_autoptr(McDmarcRecord) attempt = mc_dmarc_record_parse (text_of_attempt);

      set_empty_evidence (evidence);
      json_object_set_string_member (evidence, "record", attempt->record);
      json_object_set_string_member (evidence, "found_at", domain);
      json_object_set_array_member (evidence, "errors", json_array_new ());
      json_array_add_string_element (json_object_get_array_member (evidence, "errors"),
                                     mc_dmarc_record_get_error (attempt));
      text.kind = DMARC_TEXT_ATTEMPT;
      text.record = text_of_attempt;
      mc_finding_complete_twice (finding, dmarc_text, &text);
      name_records_clear (&own);
      return;
    }
  name_records_clear (&own);

  mc_dmarc_discover (domain, data->targets, (McDmarcRecord *const *) records->pdata, &discovery);
  json_object_set_string_member (evidence, "organizational_domain",
                                 discovery.organizational_domain);
  mc_finding_add_detail (finding, "organisational domain: %s", discovery.organizational_domain);

  /* A name above the domain that gave no usable answer might have held
   * the record that applies. REFUSED is a server declining to answer for
   * a zone, as authoritative-only servers do for names not theirs: no
   * record for the purpose of the walk. */
  for (guint i = 1; i < discovery.n_used; i++)
    {
      McDnsStatus above = mc_dns_batch_status_of (data->answers[i]);

      if (!mc_dns_status_is_answer (above) && above != MC_DNS_STATUS_REFUSED)
        walk_failed = TRUE;
    }

  if (discovery.policy_index < 0)
    {
      set_empty_evidence (evidence);
      text.kind = walk_failed ? DMARC_TEXT_UNKNOWN : DMARC_TEXT_MISSING;
      mc_finding_complete_twice (finding, dmarc_text, &text);
      return;
    }

  {
    McDmarcRecord *record = g_ptr_array_index (records, discovery.policy_index);
    gboolean own_record = discovery.policy_index == 0;

    text.kind = DMARC_TEXT_RECORD;
    text.record = record->record;
    text.found_at = g_ptr_array_index (data->targets, discovery.policy_index);
    text.discovery = &discovery;
    add_record_evidence (finding, record, text.found_at,
                         own_record ? record->policy
                                    : mc_dmarc_record_get_subdomain_policy (record));
    mc_finding_complete_twice (finding, dmarc_text, &text);
  }
}

static void
batch_done_cb (McDnsBatch *batch,
               gpointer    user_data)
{
  g_autoptr(GTask) task = user_data;
  DmarcData *data = g_task_get_task_data (task);

  if (mc_dns_batch_cancelled (batch))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return;
    }

  finish (data, g_task_get_source_object (task));
  g_task_return_boolean (task, TRUE);
}

/* domain.dmarc: the record at _dmarc.<domain>, and the tree walk above it,
 * all asked at once. */
void
mc_probe_domain_dmarc (McProbeContext      *ctx,
                       McFinding           *finding,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  DmarcData *data;

  g_task_set_source_tag (task, mc_probe_domain_dmarc);

  if (mc_probe_return_if_no_domain (ctx, task))
    return;

  data = g_new0 (DmarcData, 1);
  data->ctx = ctx;
  data->targets = mc_dmarc_walk_targets (ctx->domain);
  data->answers = g_new0 (McDnsAnswer *, data->targets->len);
  g_task_set_task_data (task, data, (GDestroyNotify) dmarc_data_free);

  data->batch = mc_dns_batch_new (ctx, mc_probe_add_queries_evidence (finding), cancellable,
                                  batch_done_cb, g_object_ref (task));
  for (guint i = 0; i < data->targets->len; i++)
    {
      g_autofree char *name = g_strconcat ("_dmarc.", g_ptr_array_index (data->targets, i), NULL);

      mc_dns_batch_add (data->batch, name, MC_DNS_TYPE_TXT, mc_dns_batch_keep_answer,
                        &data->answers[i], NULL);
    }
  mc_dns_batch_start (data->batch);
}
