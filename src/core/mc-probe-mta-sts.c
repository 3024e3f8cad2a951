/* mc-probe-mta-sts.c: domain.mta_sts: the MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) records of the sender's domain.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both protect mail sent *to* the domain (they ask senders to insist on
 * encryption, and to report when they could not): optional, and never why
 * mail does not go out. Only the DNS records are read; the policy file that
 * MTA-STS publishes over HTTPS is not fetched.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-dns-batch.h"

typedef struct
{
  const char  *key;          /* "mta_sts" or "tls_rpt" in the evidence */
  const char  *version;      /* the first field every record must start with */
  char        *name;
  McDnsStatus  status;
  char        *record;       /* the one record of this kind, or NULL */
  guint        n_records;    /* records that start with the version */
  JsonObject  *tags;         /* the fields read, up to the first problem */
  gboolean     valid;
} StsRecord;

typedef struct
{
  McProbeContext *ctx;
  StsRecord       sts;
  StsRecord       rpt;
  McDnsBatch     *batch;
} StsProbe;

static void
sts_record_clear (StsRecord *record)
{
  g_free (record->name);
  g_free (record->record);
  g_clear_pointer (&record->tags, json_object_unref);
}

static void
sts_probe_free (StsProbe *probe)
{
  g_clear_pointer (&probe->batch, mc_dns_batch_free);
  sts_record_clear (&probe->sts);
  sts_record_clear (&probe->rpt);
  g_free (probe);
}

static gboolean
is_wsp (char c)
{
  return c == ' ' || c == '\t';
}

static char *
strip_wsp (const char *start,
           const char *end)
{
  while (start < end && is_wsp (*start))
    start++;
  while (end > start && is_wsp (end[-1]))
    end--;
  return g_strndup (start, end - start);
}

/* Splits "v=STSv1; id=abc;" into its fields (RFC 8461 3.1 and RFC 8460 3
 * share this syntax: fields joined by *WSP ";" *WSP, a ";" allowed at the
 * end) and adds them to tags. Returns the problem, translated, or NULL. */
static char *
parse_fields (const char *version,
              const char *text,
              JsonObject *tags)
{
  const char *p = text;
  gboolean first = TRUE;

  while (*p != '\0')
    {
      const char *end = strchr (p, ';');
      g_autofree char *field = strip_wsp (p, end != NULL ? end : p + strlen (p));
      const char *eq = strchr (field, '=');
      g_autofree char *name = NULL;

      p = end != NULL ? end + 1 : p + strlen (p);
      if (*field == '\0' && (end == NULL || *p == '\0') && !first)
        break;
      if (first && !g_str_equal (field, version))
        /* Translators: %s is the version tag, such as v=STSv1. */
        return g_strdup_printf (_("its first field must be exactly “%s”"), version);
      if (eq == NULL || eq == field)
        /* Translators: %s is a part of a DNS record. */
        return g_strdup_printf (_("“%s” is not a name=value field"), field);
      name = g_strndup (field, eq - field);
      for (const char *c = name; *c != '\0'; c++)
        if (!g_ascii_isalnum (*c) && *c != '_' && *c != '-' && *c != '.')
          return g_strdup_printf (_("“%s” is not a name=value field"), field);
      if (json_object_has_member (tags, name))
        /* Translators: %s is a field name, such as id or rua. */
        return g_strdup_printf (_("the field “%s” appears twice"), name);
      json_object_set_string_member (tags, name, eq + 1);
      first = FALSE;
    }
  return NULL;
}

/* RFC 8461 3.1: id=1*32(ALPHA / DIGIT). */
static char *
check_sts (JsonObject *tags)
{
  const char *id = json_object_get_string_member_with_default (tags, "id", NULL);

  if (id == NULL)
    return g_strdup (_("the policy id (id=) is missing"));
  if (*id == '\0' || strlen (id) > 32)
    return g_strdup_printf (_("the policy id “%s” must be 1 to 32 letters and digits"), id);
  for (const char *c = id; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      return g_strdup_printf (_("the policy id “%s” must be 1 to 32 letters and digits"), id);
  return NULL;
}

/* RFC 8460 3: rua= one or more mailto: or https: addresses, comma-separated. */
static char *
check_rpt (JsonObject *tags)
{
  const char *rua = json_object_get_string_member_with_default (tags, "rua", NULL);
  g_auto(GStrv) uris = NULL;

  if (rua == NULL)
    return g_strdup (_("the report address (rua=) is missing"));
  uris = g_strsplit (rua, ",", -1);
  for (guint i = 0; uris[i] != NULL; i++)
    {
      g_autofree char *uri = strip_wsp (uris[i], uris[i] + strlen (uris[i]));

      if (!(g_ascii_strncasecmp (uri, "mailto:", 7) == 0 && uri[7] != '\0' && strchr (uri, '@')) &&
          !(g_ascii_strncasecmp (uri, "https://", 8) == 0 && uri[8] != '\0'))
        /* Translators: %s is what the record gives as a report address. */
        return g_strdup_printf (_("the report address “%s” is neither a mailto: nor an https: "
                                  "address"), uri);
    }
  return NULL;
}

/* What is wrong with the record, translated into the language _() gives
 * now, or NULL. It reads the record again each time, so that each report
 * language gets its own words. */
static char *
record_problem (StsRecord *record)
{
  g_autoptr(JsonObject) tags = NULL;
  char *problem;

  if (record->record == NULL)
    return NULL;
  if (record->n_records > 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "there are %u records instead of one",
                                         "there are %u records instead of one",
                                         record->n_records),
                            record->n_records);
  tags = json_object_new ();
  problem = parse_fields (record->version, record->record, tags);
  if (problem == NULL)
    problem = g_str_equal (record->key, "mta_sts") ? check_sts (tags) : check_rpt (tags);
  return problem;
}

static void
txt_cb (McDnsBatch  *batch,
        McDnsAnswer *answer,
        gpointer     user_data)
{
  StsRecord *record = user_data;
  GPtrArray *records;

  record->status = mc_dns_batch_status_of (answer);
  if (record->status != MC_DNS_STATUS_OK)
    return;

  /* Only the records that start with the version count (RFC 8461 3.1);
   * a domain's other TXT records under the same name are ignored. */
  records = mc_dns_answer_get_records (answer);
  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *text = mc_dns_txt_record_text (g_ptr_array_index (records, i));

      if (g_ascii_strncasecmp (text, record->version, strlen (record->version)) != 0)
        continue;
      record->n_records++;
      if (record->record == NULL)
        record->record = g_steal_pointer (&text);
    }

  if (record->record == NULL)
    return;
  if (record->n_records == 1)
    {
      /* The fields, for the evidence. */
      record->tags = json_object_new ();
      g_free (parse_fields (record->version, record->record, record->tags));
    }
  {
    g_autofree char *problem = record_problem (record);

    record->valid = problem == NULL;
  }
}

static void
record_evidence (McFinding *finding,
                 StsRecord *record)
{
  JsonObject *entry = json_object_new ();
  g_autofree char *problem = record_problem (record);

  json_object_set_string_member (entry, "name", record->name);
  json_object_set_string_member (entry, "status", mc_dns_status_to_string (record->status));
  json_object_set_string_member (entry, "record", record->record);
  if (record->tags != NULL)
    json_object_set_object_member (entry, "tags", json_object_ref (record->tags));
  else
    json_object_set_null_member (entry, "tags");
  if (record->record != NULL)
    json_object_set_boolean_member (entry, "valid", record->valid);
  else
    json_object_set_null_member (entry, "valid");
  json_object_set_string_member (entry, "problem", problem);
  json_object_set_object_member (mc_finding_get_evidence (finding), record->key, entry);

  mc_finding_add_detail (finding, "%s TXT → %s", record->name,
                         record->record != NULL ? record->record
                                                : mc_dns_status_to_string (record->status));
}

static gboolean
present (StsRecord *record)
{
  return record->record != NULL;
}

/* A McFindingTextFunc: it runs once per report language, so it only
 * composes the summary (the records' problems included) and writes it
 * into the finding. The DNS failures are dealt with before. */
static void
sts_text (McFinding *finding,
          gpointer   user_data)
{
  StsProbe *probe = user_data;
  const char *domain = probe->ctx->domain;
  StsRecord *sts = &probe->sts, *rpt = &probe->rpt;

  if (present (sts) && !sts->valid)
    {
      g_autofree char *problem = record_problem (sts);

      mc_finding_complete (finding, MC_STATUS_WARN, "mta-sts-broken",
                           /* Translators: %1$s is a domain, %2$s what is wrong. */
                           _("The MTA-STS record of %1$s is broken: %2$s. Senders ignore it, so "
                             "mail to %1$s is not protected as intended."), domain, problem);
    }
  else if (present (rpt) && !rpt->valid)
    {
      g_autofree char *problem = record_problem (rpt);

      mc_finding_complete (finding, MC_STATUS_WARN, "tls-rpt-broken",
                           /* Translators: %1$s is a domain, %2$s what is wrong. */
                           _("The TLS reporting (TLS-RPT) record of %1$s is broken: %2$s. No "
                             "reports about failed encryption will arrive."), domain, problem);
    }
  else if (present (sts) && present (rpt))
    mc_finding_complete (finding, MC_STATUS_OK, NULL,
                         _("%s asks senders to always encrypt mail to it (MTA-STS, policy id "
                           "%s) and to report failures (TLS-RPT)."), domain,
                         json_object_get_string_member (sts->tags, "id"));
  else if (present (sts))
    mc_finding_complete (finding, MC_STATUS_OK, NULL,
                         _("%s asks senders to always encrypt mail to it (MTA-STS, policy id "
                           "%s). Reports of failures (TLS-RPT) are not set up; they are "
                           "optional."), domain, json_object_get_string_member (sts->tags, "id"));
  else if (present (rpt))
    mc_finding_complete (finding, MC_STATUS_INFO, "mta-sts-absent",
                         _("%s asks for reports about encryption failures (TLS-RPT) but has no "
                           "MTA-STS policy. Both are optional and do not affect sending."),
                         domain);
  else
    mc_finding_complete (finding, MC_STATUS_INFO, "mta-sts-absent",
                         _("%s does not use MTA-STS or TLS reporting. Both are optional: they "
                           "protect mail sent to the domain and do not affect sending."), domain);
}

static void
batch_done_cb (McDnsBatch *batch,
               gpointer    user_data)
{
  g_autoptr(GTask) task = user_data;
  StsProbe *probe = g_task_get_task_data (task);
  McFinding *finding = g_task_get_source_object (task);
  StsRecord *sts = &probe->sts, *rpt = &probe->rpt;

  g_clear_pointer (&probe->batch, mc_dns_batch_free);
  if (g_task_return_error_if_cancelled (task))
    return;

  record_evidence (finding, sts);
  record_evidence (finding, rpt);

  /* A broken record found is the verdict even when the other look-up
   * failed. */
  if ((present (sts) && !sts->valid) || (present (rpt) && !rpt->valid))
    mc_finding_complete_twice (finding, sts_text, probe);
  else if (!mc_dns_status_is_answer (sts->status))
    mc_probe_complete_dns_failure (finding, sts->status, sts->name, probe->ctx->timeout_ms);
  else if (!mc_dns_status_is_answer (rpt->status))
    mc_probe_complete_dns_failure (finding, rpt->status, rpt->name, probe->ctx->timeout_ms);
  else
    mc_finding_complete_twice (finding, sts_text, probe);
  g_task_return_boolean (task, TRUE);
}

/* domain.mta_sts: both records at once. */
void
mc_probe_domain_mta_sts (McProbeContext      *ctx,
                         McFinding           *finding,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (finding, cancellable, callback, user_data);
  JsonArray *queries;
  StsProbe *probe;

  g_task_set_source_tag (task, mc_probe_domain_mta_sts);

  if (mc_probe_return_if_no_domain (ctx, task))
    {
      g_object_unref (task);
      return;
    }

  probe = g_new0 (StsProbe, 1);
  probe->ctx = ctx;
  probe->sts.key = "mta_sts";
  probe->sts.version = "v=STSv1";
  probe->sts.name = g_strconcat ("_mta-sts.", ctx->domain, NULL);
  probe->rpt.key = "tls_rpt";
  probe->rpt.version = "v=TLSRPTv1";
  probe->rpt.name = g_strconcat ("_smtp._tls.", ctx->domain, NULL);
  g_task_set_task_data (task, probe, (GDestroyNotify) sts_probe_free);

  queries = mc_probe_add_queries_evidence (finding);
  probe->batch = mc_dns_batch_new (ctx, queries, cancellable, batch_done_cb, task);
  mc_dns_batch_add (probe->batch, probe->sts.name, MC_DNS_TYPE_TXT, txt_cb, &probe->sts, NULL);
  mc_dns_batch_add (probe->batch, probe->rpt.name, MC_DNS_TYPE_TXT, txt_cb, &probe->rpt, NULL);
  mc_dns_batch_start (probe->batch);
}
