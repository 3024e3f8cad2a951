/* mc-dns-batch.c: many DNS queries at once under one deadline, for the probes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The domain probes ask many independent questions (every MX target, every
 * address on every blocklist) and some follow-ups (the address of a PTR
 * name). They all go out at once; the batch counts them, records each in the
 * finding's "queries" evidence and reports when the last one has ended.
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-deadline.h"
#include "mc-dns-batch.h"

struct _McDnsBatch
{
  McProbeContext     *ctx;
  JsonArray          *queries;
  McDeadline         *deadline;
  McDnsBatchDoneFunc  done;
  gpointer            user_data;
  guint               outstanding;   /* queries in flight, plus one until started */
  gboolean            timed_out;
};

typedef struct
{
  McDnsBatch     *batch;
  char           *name;
  McDnsType       type;
  gint64          started_us;
  McDnsBatchFunc  func;
  gpointer        user_data;
  GDestroyNotify  destroy;
} BatchQuery;

static void
batch_query_free (BatchQuery *query)
{
  if (query->destroy != NULL)
    query->destroy (query->user_data);
  g_free (query->name);
  g_free (query);
}

/* The deadline of ctx->timeout_ms starts now. */
McDnsBatch *
mc_dns_batch_new (McProbeContext     *ctx,
                  JsonArray          *queries,
                  GCancellable       *cancellable,
                  McDnsBatchDoneFunc  done,
                  gpointer            user_data)
{
  McDnsBatch *batch = g_new0 (McDnsBatch, 1);

  batch->ctx = ctx;
  batch->queries = json_array_ref (queries);
  batch->deadline = mc_deadline_new (cancellable, ctx->timeout_ms);
  batch->done = done;
  batch->user_data = user_data;
  batch->outstanding = 1;
  return batch;
}

void
mc_dns_batch_free (McDnsBatch *batch)
{
  if (batch == NULL)
    return;
  g_assert (batch->outstanding == 0);
  g_clear_pointer (&batch->deadline, mc_deadline_free);
  g_clear_pointer (&batch->queries, json_array_unref);
  g_free (batch);
}

/* The evidence of a query that got no answer in time: what
 * mc_probe_add_query_evidence () writes for an answer, with status
 * "timeout" and no rcode. */
static void
add_timeout_evidence (McDnsBatch *batch,
                      BatchQuery *query)
{
  JsonObject *entry = json_object_new ();
  gint64 now = g_get_monotonic_time ();

  json_object_set_string_member (entry, "name", query->name);
  json_object_set_string_member (entry, "type", mc_dns_type_to_string (query->type));
  json_object_set_string_member (entry, "status", "timeout");
  json_object_set_null_member (entry, "rcode");
  json_object_set_int_member (entry, "started_ms",
                              MAX (query->started_us - batch->ctx->started_us, 0) / 1000);
  json_object_set_int_member (entry, "ms", (now - query->started_us) / 1000);
  json_array_add_object_element (batch->queries, entry);
}

static void
release (McDnsBatch *batch)
{
  g_assert (batch->outstanding > 0);
  if (--batch->outstanding == 0)
    batch->done (batch, batch->user_data);
}

static void
query_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  BatchQuery *query = user_data;
  McDnsBatch *batch = query->batch;
  g_autoptr(McDnsAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = mc_resolver_query_finish (MC_RESOLVER (source), result, &error);
  if (answer != NULL)
    mc_probe_add_query_evidence (batch->ctx, batch->queries, answer);
  else if (mc_deadline_expired (batch->deadline))
    {
      batch->timed_out = TRUE;
      add_timeout_evidence (batch, query);
    }

  query->func (batch, answer, query->user_data);
  /* The query's data goes first: the done function may free the batch. */
  batch_query_free (query);
  release (batch);
}

/* Sends one query now. While the batch has not been started, or from a
 * query's function, done cannot fire in between. */
void
mc_dns_batch_add (McDnsBatch     *batch,
                  const char     *name,
                  McDnsType       type,
                  McDnsBatchFunc  func,
                  gpointer        user_data,
                  GDestroyNotify  destroy)
{
  BatchQuery *query = g_new0 (BatchQuery, 1);

  g_return_if_fail (batch->outstanding > 0);

  query->batch = batch;
  query->name = g_strdup (name);
  query->type = type;
  query->started_us = g_get_monotonic_time ();
  query->func = func;
  query->user_data = user_data;
  query->destroy = destroy;
  batch->outstanding++;
  mc_resolver_query_async (batch->ctx->resolver, name, type,
                           mc_deadline_get_cancellable (batch->deadline), query_cb, query);
}

/* Every first query has been added: done fires once they (and their
 * follow-ups) have ended; at once from an idle if there were none, so
 * that it never runs inside the caller. */
static gboolean
release_idle_cb (gpointer user_data)
{
  release (user_data);
  return G_SOURCE_REMOVE;
}

void
mc_dns_batch_start (McDnsBatch *batch)
{
  if (batch->outstanding == 1)
    {
      GSource *idle = g_idle_source_new ();

      g_source_set_callback (idle, release_idle_cb, batch, NULL);
      g_source_set_static_name (idle, "[mc] empty DNS batch");
      g_source_attach (idle, g_main_context_get_thread_default ());
      g_source_unref (idle);
    }
  else
    release (batch);
}

/* Some query got no answer before the deadline. */
gboolean
mc_dns_batch_timed_out (McDnsBatch *batch)
{
  return batch->timed_out;
}

/* The run itself was cancelled (not merely the deadline passed). */
gboolean
mc_dns_batch_cancelled (McDnsBatch *batch)
{
  return mc_deadline_parent_cancelled (batch->deadline);
}

/* For the probes that read every answer together once the batch is done:
 * keeps the answer (NULL when none came in time) in the McDnsAnswer * that
 * user_data points to. */
void
mc_dns_batch_keep_answer (McDnsBatch  *batch,
                          McDnsAnswer *answer,
                          gpointer     user_data)
{
  McDnsAnswer **slot = user_data;

  g_assert (*slot == NULL);
  if (answer != NULL)
    *slot = mc_dns_answer_ref (answer);
}

McDnsStatus
mc_dns_batch_status_of (McDnsAnswer *answer)
{
  return answer != NULL ? mc_dns_answer_get_status (answer) : MC_DNS_STATUS_TIMEOUT;
}

/* The strings of one TXT record, joined without spaces as RFC 7208
 * §3.3, RFC 6376 §3.6.2.2 and RFC 8461 §3.1 all read them. */
char *
mc_dns_txt_record_text (GVariant *record)
{
  g_autofree const char **strings = NULL;

  g_variant_get (record, "(^a&s)", &strings);
  return g_strjoinv ("", (char **) strings);
}

/* NOERROR with records, NOERROR without, and "no such name" are answers
 * about the name; everything else is a failure to find out. */
gboolean
mc_dns_status_is_answer (McDnsStatus status)
{
  return status == MC_DNS_STATUS_OK || status == MC_DNS_STATUS_NODATA ||
         status == MC_DNS_STATUS_NXDOMAIN;
}

typedef struct
{
  McDnsStatus  status;
  const char  *name;
  guint        timeout_ms;
} DnsFailure;

static void
dns_failure_text (McFinding *finding,
                  gpointer   user_data)
{
  const DnsFailure *failure = user_data;
  const char *name = failure->name;
  guint timeout_s = MAX (failure->timeout_ms / 1000, 1);

  switch (failure->status)
    {
    case MC_DNS_STATUS_SERVFAIL:
      mc_finding_complete (finding, MC_STATUS_ERROR, "domain-dns-servfail",
                           _("The DNS of “%s” is broken (SERVFAIL), so it could not be "
                             "checked."), name);
      break;
    case MC_DNS_STATUS_REFUSED:
      mc_finding_complete (finding, MC_STATUS_ERROR, "dns-refused",
                           _("The DNS server refused to look up %s."), name);
      break;
    case MC_DNS_STATUS_TIMEOUT:
      mc_finding_complete (finding, MC_STATUS_ERROR, "dns-no-answer",
                           g_dngettext (GETTEXT_PACKAGE,
                                        "No DNS answer for %s within %u second.",
                                        "No DNS answer for %s within %u seconds.", timeout_s),
                           name, timeout_s);
      break;
    case MC_DNS_STATUS_UNREACHABLE:
      mc_finding_complete (finding, MC_STATUS_ERROR, "dns-no-answer",
                           _("No DNS server could be reached to look up %s."), name);
      break;
    case MC_DNS_STATUS_OK:
    case MC_DNS_STATUS_NODATA:
    case MC_DNS_STATUS_NXDOMAIN:
    case MC_DNS_STATUS_FORMERR:
    case MC_DNS_STATUS_NOTIMP:
    case MC_DNS_STATUS_BADRESP:
    default:
      mc_finding_complete (finding, MC_STATUS_ERROR, "dns-bad-answer",
                           _("The DNS server gave an unusable answer for %s (%s)."), name,
                           mc_dns_status_to_string (failure->status));
      break;
    }
}

/* A failure to get an answer says nothing about the domain: "could not
 * test", never the user's fault. In both report languages, whether the
 * probe calls this directly or from its own text function. */
void
mc_probe_complete_dns_failure (McFinding   *finding,
                               McDnsStatus  status,
                               const char  *name,
                               guint        timeout_ms)
{
  DnsFailure failure = { status, name, timeout_ms };

  mc_finding_complete_twice (finding, dns_failure_text, &failure);
}

gboolean
mc_probe_address_is_private (GInetAddress *address)
{
  const guint8 *bytes = g_inet_address_to_bytes (address);

  if (g_inet_address_get_is_link_local (address) || g_inet_address_get_is_any (address))
    return TRUE;
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    return g_inet_address_get_is_site_local (address) ||
           (bytes[0] == 100 && (bytes[1] & 0xc0) == 64);
  return (bytes[0] & 0xfe) == 0xfc || g_inet_address_get_is_site_local (address);
}
