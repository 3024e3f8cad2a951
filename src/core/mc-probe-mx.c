/* mc-probe-mx.c: domain.mx: the mail servers (MX) of the sender's domain, and the look-up it shares.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-dns-batch.h"
#include "mc-probe-mx.h"

/* --- The look-up: MX, then every target's addresses ------------------- */

typedef struct
{
  McMxResult *result;
  McDnsBatch *batch;
} MxLookup;

static void
mx_host_free (McMxHost *host)
{
  g_free (host->host);
  g_ptr_array_unref (host->addresses);
  g_free (host);
}

void
mc_mx_result_free (McMxResult *result)
{
  if (result == NULL)
    return;
  g_free (result->domain);
  g_ptr_array_unref (result->hosts);
  g_ptr_array_unref (result->domain_addresses);
  g_free (result);
}

static void
mx_lookup_free (MxLookup *lookup)
{
  g_clear_pointer (&lookup->result, mc_mx_result_free);
  g_clear_pointer (&lookup->batch, mc_dns_batch_free);
  g_free (lookup);
}

/* One status for the A and AAAA look-ups of a name: any address is enough;
 * otherwise a failure to find out wins over "none". */
static McDnsStatus
merge_status (GPtrArray   *addresses,
              McDnsStatus  a_status,
              McDnsStatus  aaaa_status)
{
  if (addresses->len > 0)
    return MC_DNS_STATUS_OK;
  if (!mc_dns_status_is_answer (a_status))
    return a_status;
  if (!mc_dns_status_is_answer (aaaa_status))
    return aaaa_status;
  if (a_status == MC_DNS_STATUS_NXDOMAIN || aaaa_status == MC_DNS_STATUS_NXDOMAIN)
    return MC_DNS_STATUS_NXDOMAIN;
  return MC_DNS_STATUS_NODATA;
}

/* IPv6 first, as the resolver's host look-ups order them. */
static void
add_addresses (GPtrArray   *addresses,
               McDnsAnswer *answer)
{
  GPtrArray *found;

  if (answer == NULL || mc_dns_answer_get_status (answer) != MC_DNS_STATUS_OK)
    return;
  found = mc_dns_answer_get_addresses (answer);
  for (guint i = 0; i < found->len; i++)
    {
      GInetAddress *address = g_ptr_array_index (found, i);

      if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
        g_ptr_array_insert (addresses, 0, g_object_ref (address));
      else
        g_ptr_array_add (addresses, g_object_ref (address));
    }
}

static void
host_a_cb (McDnsBatch  *batch,
           McDnsAnswer *answer,
           gpointer     user_data)
{
  McMxHost *host = user_data;

  host->a_status = mc_dns_batch_status_of (answer);
  add_addresses (host->addresses, answer);
}

static void
host_aaaa_cb (McDnsBatch  *batch,
              McDnsAnswer *answer,
              gpointer     user_data)
{
  McMxHost *host = user_data;

  host->aaaa_status = mc_dns_batch_status_of (answer);
  add_addresses (host->addresses, answer);
}

static void
domain_a_cb (McDnsBatch  *batch,
             McDnsAnswer *answer,
             gpointer     user_data)
{
  McMxResult *result = user_data;

  result->domain_a_status = mc_dns_batch_status_of (answer);
  add_addresses (result->domain_addresses, answer);
}

static void
domain_aaaa_cb (McDnsBatch  *batch,
                McDnsAnswer *answer,
                gpointer     user_data)
{
  McMxResult *result = user_data;

  result->domain_aaaa_status = mc_dns_batch_status_of (answer);
  add_addresses (result->domain_addresses, answer);
}

static int
compare_hosts (gconstpointer a,
               gconstpointer b)
{
  const McMxHost *x = *(McMxHost * const *) a;
  const McMxHost *y = *(McMxHost * const *) b;

  if (x->preference != y->preference)
    return x->preference < y->preference ? -1 : 1;
  return g_ascii_strcasecmp (x->host, y->host);
}

static void
mx_cb (McDnsBatch  *batch,
       McDnsAnswer *answer,
       gpointer     user_data)
{
  McMxResult *result = user_data;
  GPtrArray *records;

  result->status = mc_dns_batch_status_of (answer);
  if (result->status != MC_DNS_STATUS_OK)
    return;

  records = mc_dns_answer_get_records (answer);
  for (guint i = 0; i < records->len; i++)
    {
      guint16 preference;
      const char *name;
      McMxHost *host;

      g_variant_get (g_ptr_array_index (records, i), "(q&s)", &preference, &name);
      /* RFC 7505: the root name as the target says "no mail here". */
      if (*name == '\0' || g_str_equal (name, "."))
        {
          result->null_mx = TRUE;
          continue;
        }
      host = g_new0 (McMxHost, 1);
      host->preference = preference;
      host->host = g_strndup (name, strlen (name) - (g_str_has_suffix (name, ".") ? 1 : 0));
      host->addresses = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (result->hosts, host);
    }
  g_ptr_array_sort (result->hosts, compare_hosts);

  /* Every target's addresses at once. */
  for (guint i = 0; i < result->hosts->len; i++)
    {
      McMxHost *host = g_ptr_array_index (result->hosts, i);

      mc_dns_batch_add (batch, host->host, MC_DNS_TYPE_AAAA, host_aaaa_cb, host, NULL);
      mc_dns_batch_add (batch, host->host, MC_DNS_TYPE_A, host_a_cb, host, NULL);
    }
}

static void
lookup_done_cb (McDnsBatch *batch,
                gpointer    user_data)
{
  g_autoptr(GTask) task = user_data;
  MxLookup *lookup = g_task_get_task_data (task);
  McMxResult *result = lookup->result;

  if (mc_dns_batch_cancelled (batch))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return;
    }
  for (guint i = 0; i < result->hosts->len; i++)
    {
      McMxHost *host = g_ptr_array_index (result->hosts, i);

      host->status = merge_status (host->addresses, host->a_status, host->aaaa_status);
    }
  result->domain_status = merge_status (result->domain_addresses, result->domain_a_status,
                                        result->domain_aaaa_status);
  g_task_return_pointer (task, g_steal_pointer (&lookup->result),
                         (GDestroyNotify) mc_mx_result_free);
}

/* Asks for the MX records of domain and, at the same time, for the domain's
 * own addresses (where mail goes when there is no MX: RFC 5321, 5.1); then
 * for every target's addresses at once. Each query lands in queries. Fails
 * only when cancelled; a deadline of ctx->timeout_ms ends it otherwise. */
void
mc_mx_lookup_async (McProbeContext      *ctx,
                    const char          *domain,
                    JsonArray           *queries,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  MxLookup *lookup = g_new0 (MxLookup, 1);
  McMxResult *result = g_new0 (McMxResult, 1);

  g_task_set_source_tag (task, mc_mx_lookup_async);
  g_task_set_task_data (task, lookup, (GDestroyNotify) mx_lookup_free);

  result->domain = g_strdup (domain);
  result->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) mx_host_free);
  result->domain_addresses = g_ptr_array_new_with_free_func (g_object_unref);
  lookup->result = result;
  lookup->batch = mc_dns_batch_new (ctx, queries, cancellable, lookup_done_cb, task);

  mc_dns_batch_add (lookup->batch, domain, MC_DNS_TYPE_MX, mx_cb, result, NULL);
  mc_dns_batch_add (lookup->batch, domain, MC_DNS_TYPE_AAAA, domain_aaaa_cb, result, NULL);
  mc_dns_batch_add (lookup->batch, domain, MC_DNS_TYPE_A, domain_a_cb, result, NULL);
  mc_dns_batch_start (lookup->batch);
}

McMxResult *
mc_mx_lookup_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_address_element (JsonArray    *list,
                     GInetAddress *address)
{
  g_autofree char *text = g_inet_address_to_string (address);

  json_array_add_string_element (list, text);
}

/* "mx1.example.jp, mx2.example.jp": the hosts in order of preference. */
char *
mc_mx_hosts_text (GPtrArray *hosts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < hosts->len; i++)
    {
      McMxHost *host = g_ptr_array_index (hosts, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, host->host);
    }
  return g_string_free (out, FALSE);
}

/* [{"preference": 10, "host": "mx1.example.jp", "addresses": ["192.0.2.1"]}] */
JsonArray *
mc_mx_result_to_json (McMxResult *result)
{
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < result->hosts->len; i++)
    {
      McMxHost *host = g_ptr_array_index (result->hosts, i);
      JsonObject *entry = json_object_new ();
      JsonArray *addresses = json_array_new ();

      for (guint j = 0; j < host->addresses->len; j++)
        add_address_element (addresses, g_ptr_array_index (host->addresses, j));
      json_object_set_int_member (entry, "preference", host->preference);
      json_object_set_string_member (entry, "host", host->host);
      json_object_set_array_member (entry, "addresses", addresses);
      json_object_set_string_member (entry, "status", mc_dns_status_to_string (host->status));
      json_array_add_object_element (list, entry);
    }
  return list;
}

/* --- domain.mx ----------------------------------------------------------- */

typedef struct
{
  McProbeContext *ctx;
} MxProbe;

/* Lists the hosts whose status is one of the answers "no address". */
static GPtrArray *
hosts_without_address (GPtrArray *hosts,
                       gboolean   undetermined)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < hosts->len; i++)
    {
      McMxHost *host = g_ptr_array_index (hosts, i);

      if (host->status == MC_DNS_STATUS_OK)
        continue;
      if (mc_dns_status_is_answer (host->status) != undetermined)
        g_ptr_array_add (out, host);
    }
  return out;
}

static void
add_host_details (McFinding  *finding,
                  McMxResult *result)
{
  for (guint i = 0; i < result->hosts->len; i++)
    {
      McMxHost *host = g_ptr_array_index (result->hosts, i);
      g_autofree char *addresses = mc_addresses_text (host->addresses);

      mc_finding_add_detail (finding, "MX %u %s → %s", host->preference, host->host,
                             host->addresses->len > 0 ? addresses
                                                      : mc_dns_status_to_string (host->status));
    }
}

/* What domain.mx found. The summary is written from it by mx_text (),
 * once in each report language. */
typedef enum
{
  MX_VERDICT_NULL_ONLY,       /* a null MX and nothing else */
  MX_VERDICT_NO_ADDRESS,      /* some or all of the servers have no address */
  MX_VERDICT_NULL_AND_HOSTS,  /* a null MX next to ordinary records */
  MX_VERDICT_OK,
  MX_VERDICT_FALLBACK,        /* no MX, but the domain has an address */
  MX_VERDICT_MISSING,         /* no MX and no address */
  MX_VERDICT_NOT_FOUND,       /* the domain does not exist */
} MxVerdict;

typedef struct
{
  McMxResult *result;
  MxVerdict   verdict;
} MxText;

/* A McFindingTextFunc: it runs once per report language, so it only
 * composes text from the result and writes it into the finding. */
static void
mx_text (McFinding *finding,
         gpointer   user_data)
{
  MxText *text = user_data;
  McMxResult *result = text->result;
  const char *domain = result->domain;

  switch (text->verdict)
    {
    case MX_VERDICT_NULL_ONLY:
      mc_finding_complete (finding, MC_STATUS_WARN, "mx-null",
                           _("%s says that it receives no mail (a “null MX” record). "
                             "Sending from it works, but replies to your address bounce, "
                             "and some receivers refuse mail from a domain that accepts "
                             "none."), domain);
      break;

    case MX_VERDICT_NO_ADDRESS:
      {
        g_autoptr(GPtrArray) missing = hosts_without_address (result->hosts, FALSE);
        g_autofree char *names = mc_mx_hosts_text (missing);
        guint n = result->hosts->len;

        if (missing->len == n)
          mc_finding_complete (finding, MC_STATUS_FAIL, "mx-target-no-address",
                               /* Translators: %1$s is a domain, %2$s its mail servers' names. */
                               g_dngettext (GETTEXT_PACKAGE,
                                            "The mail server of %1$s, %2$s, has no address, so no "
                                            "mail can be delivered to %1$s addresses, replies to "
                                            "you included.",
                                            "None of the mail servers of %1$s (%2$s) has an "
                                            "address, so no mail can be delivered to %1$s "
                                            "addresses, replies to you included.", n),
                               domain, names);
        else
          mc_finding_complete (finding, MC_STATUS_FAIL, "mx-target-no-address",
                               /* Translators: %1$s is one or more server names, %2$s a domain. */
                               g_dngettext (GETTEXT_PACKAGE,
                                            "The mail server %1$s in the MX records of %2$s has no "
                                            "address. Mail for %2$s goes to its other servers only.",
                                            "The mail servers %1$s in the MX records of %2$s have no "
                                            "address. Mail for %2$s goes to its other servers only.",
                                            missing->len),
                               names, domain);
      }
      break;

    case MX_VERDICT_NULL_AND_HOSTS:
      {
        g_autofree char *all = mc_mx_hosts_text (result->hosts);

        mc_finding_complete (finding, MC_STATUS_WARN, "mx-null",
                             _("%s has a “null MX” record, which means “this domain receives no "
                               "mail”, next to ordinary MX records (%s). Receivers may treat the "
                               "domain as one that accepts no mail; the null MX record should be "
                               "removed."), domain, all);
      }
      break;

    case MX_VERDICT_OK:
      {
        g_autofree char *all = mc_mx_hosts_text (result->hosts);

        mc_finding_complete (finding, MC_STATUS_OK, NULL,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "Mail for %s goes to %s, which has an address.",
                                          "Mail for %s goes to %s (in this order); each has an "
                                          "address.", result->hosts->len),
                             domain, all);
      }
      break;

    case MX_VERDICT_FALLBACK:
      {
        g_autofree char *addresses = mc_addresses_text (result->domain_addresses);

        mc_finding_complete (finding, MC_STATUS_WARN, "mx-fallback-a",
                             _("%s has no MX record, so mail for it goes to the domain's own "
                               "address (%s) instead. That works only if a mail server runs "
                               "there; replies to you may be lost."), domain, addresses);
      }
      break;

    case MX_VERDICT_MISSING:
      mc_finding_complete (finding, MC_STATUS_FAIL, "mx-missing",
                           _("%s has no MX record and no address, so it cannot receive "
                             "mail: replies to your address bounce, and receivers may "
                             "distrust mail from it."), domain);
      break;

    case MX_VERDICT_NOT_FOUND:
    default:
      mc_finding_complete (finding, MC_STATUS_FAIL, "domain-not-found",
                           _("The domain of your e-mail address, %s, does not exist in DNS. "
                             "Check the address in your mail program; if it is right, the "
                             "domain may have expired."), domain);
      break;
    }
}

static void
complete_text (McFinding  *finding,
               McMxResult *result,
               MxVerdict   verdict)
{
  MxText text = { result, verdict };

  mc_finding_complete_twice (finding, mx_text, &text);
}

static void
complete_with_hosts (McFinding  *finding,
                     McMxResult *result,
                     guint       timeout_ms)
{
  g_autoptr(GPtrArray) missing = hosts_without_address (result->hosts, FALSE);
  g_autoptr(GPtrArray) unknown = hosts_without_address (result->hosts, TRUE);

  if (missing->len > 0)
    complete_text (finding, result, MX_VERDICT_NO_ADDRESS);
  else if (unknown->len > 0)
    {
      McMxHost *host = g_ptr_array_index (unknown, 0);

      mc_probe_complete_dns_failure (finding, host->status, host->host, timeout_ms);
    }
  else if (result->null_mx)
    complete_text (finding, result, MX_VERDICT_NULL_AND_HOSTS);
  else
    complete_text (finding, result, MX_VERDICT_OK);
}

static void
mx_lookup_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McMxResult) result = NULL;
  McFinding *finding = g_task_get_source_object (task);
  MxProbe *probe = g_task_get_task_data (task);
  JsonObject *evidence = mc_finding_get_evidence (finding);
  const char *domain = probe->ctx->domain;

  result = mc_mx_lookup_finish (res, &error);
  if (result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  json_object_set_array_member (evidence, "mx", mc_mx_result_to_json (result));
  json_object_set_boolean_member (evidence, "null_mx", result->null_mx);
  add_host_details (finding, result);

  switch (result->status)
    {
    case MC_DNS_STATUS_OK:
      if (result->null_mx && result->hosts->len == 0)
        {
          mc_finding_add_detail (finding, "MX 0 . (null MX, RFC 7505)");
          complete_text (finding, result, MX_VERDICT_NULL_ONLY);
        }
      else
        complete_with_hosts (finding, result, probe->ctx->timeout_ms);
      break;

    case MC_DNS_STATUS_NODATA:
      {
        g_autofree char *addresses = mc_addresses_text (result->domain_addresses);
        JsonArray *fallback = json_array_new ();

        for (guint i = 0; i < result->domain_addresses->len; i++)
          add_address_element (fallback, g_ptr_array_index (result->domain_addresses, i));
        json_object_set_array_member (evidence, "fallback_addresses", fallback);
        mc_finding_add_detail (finding, "MX %s → none; A/AAAA → %s", domain,
                               result->domain_addresses->len > 0
                                 ? addresses : mc_dns_status_to_string (result->domain_status));

        if (result->domain_status == MC_DNS_STATUS_OK)
          complete_text (finding, result, MX_VERDICT_FALLBACK);
        else if (mc_dns_status_is_answer (result->domain_status))
          complete_text (finding, result, MX_VERDICT_MISSING);
        else
          mc_probe_complete_dns_failure (finding, result->domain_status, domain,
                                         probe->ctx->timeout_ms);
      }
      break;

    case MC_DNS_STATUS_NXDOMAIN:
      mc_finding_add_detail (finding, "MX %s → NXDOMAIN", domain);
      complete_text (finding, result, MX_VERDICT_NOT_FOUND);
      break;

    case MC_DNS_STATUS_SERVFAIL:
    case MC_DNS_STATUS_REFUSED:
    case MC_DNS_STATUS_FORMERR:
    case MC_DNS_STATUS_NOTIMP:
    case MC_DNS_STATUS_BADRESP:
    case MC_DNS_STATUS_TIMEOUT:
    case MC_DNS_STATUS_UNREACHABLE:
    default:
      mc_finding_add_detail (finding, "MX %s → %s", domain,
                             mc_dns_status_to_string (result->status));
      mc_probe_complete_dns_failure (finding, result->status, domain, probe->ctx->timeout_ms);
      break;
    }
  g_task_return_boolean (task, TRUE);
}

/* domain.mx: where mail for the sender's domain goes. A broken MX does not
 * stop mail from going out, but replies and bounces cannot come back, and
 * receivers check that a sender's domain can receive mail. */
void
mc_probe_domain_mx (McProbeContext      *ctx,
                    McFinding           *finding,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  JsonArray *queries;
  MxProbe *probe;

  g_task_set_source_tag (task, mc_probe_domain_mx);

  if (mc_probe_return_if_no_domain (ctx, task))
    return;

  probe = g_new0 (MxProbe, 1);
  probe->ctx = ctx;
  g_task_set_task_data (task, probe, g_free);

  json_object_set_string_member (mc_finding_get_evidence (finding), "domain", ctx->domain);
  queries = mc_probe_add_queries_evidence (finding);
  mc_mx_lookup_async (ctx, ctx->domain, queries, cancellable, mx_lookup_cb,
                      g_steal_pointer (&task));
}
