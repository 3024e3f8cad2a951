/* mc-probe-address.c: server.address: the SMTP host's addresses, through McResolver.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-deadline.h"
#include "mc-probe.h"

typedef struct
{
  McProbeContext *ctx;
  McDeadline     *deadline;
  char           *name;
} AddressData;

static void
address_data_free (AddressData *data)
{
  g_clear_pointer (&data->deadline, mc_deadline_free);
  g_free (data->name);
  g_free (data);
}

static void
record_addresses (McProbeContext *ctx,
                  McFinding      *finding,
                  GPtrArray      *addresses,
                  const char     *source)
{
  JsonObject *evidence = mc_finding_get_evidence (finding);
  JsonArray *list = json_array_new ();

  g_clear_pointer (&ctx->server_addresses, g_ptr_array_unref);
  ctx->server_addresses = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      GInetAddress *address = g_ptr_array_index (addresses, i);
      g_autofree char *text = g_inet_address_to_string (address);

      g_ptr_array_add (ctx->server_addresses, g_object_ref (address));
      json_array_add_string_element (list, text);
    }
  json_object_set_array_member (evidence, "addresses", list);
  json_object_set_string_member (evidence, "source", source);
}

/* What the summary of server.address needs, in either language. */
typedef struct
{
  McDnsStatus  status;    /* MC_DNS_STATUS_TIMEOUT also when the deadline ran out */
  gboolean     literal;   /* the server is given as an address */
  const char  *host;
  const char  *list;      /* the addresses, for MC_DNS_STATUS_OK */
  guint        n_addresses;
  gboolean     hosts;     /* from /etc/hosts */
  guint        timeout_s;
} AddressText;

static void
address_text (McFinding *finding,
              gpointer   user_data)
{
  const AddressText *t = user_data;
  const char *host = t->host;

  if (t->literal)
    {
      mc_finding_complete (finding, MC_STATUS_OK, NULL,
                           _("The server is given as the address %s; no DNS look-up is needed."),
                           host);
      return;
    }

  switch (t->status)
    {
    case MC_DNS_STATUS_OK:
      if (t->hosts)
        mc_finding_complete (finding, MC_STATUS_OK, "host-from-hosts-file",
                             /* Translators: %s is a server name, then its addresses. */
                             _("%s is %s, from this computer's hosts file (/etc/hosts), not "
                               "from DNS."), host, t->list);
      else
        mc_finding_complete (finding, MC_STATUS_OK, NULL,
                             g_dngettext (GETTEXT_PACKAGE, "%s has the address %s.",
                                          "%s has the addresses %s.", t->n_addresses),
                             host, t->list);
      break;

    case MC_DNS_STATUS_NXDOMAIN:
      mc_finding_complete (finding, MC_STATUS_FAIL, "host-unknown",
                           _("The server name “%s” does not exist (Host unknown). Check the "
                             "spelling of the sending (SMTP) server in your mail program."), host);
      break;

    case MC_DNS_STATUS_NODATA:
      mc_finding_complete (finding, MC_STATUS_FAIL, "host-no-address",
                           _("The name “%s” exists but has no address, so no mail program can "
                             "connect to it. It is probably not the sending server's name."),
                           host);
      break;

    case MC_DNS_STATUS_SERVFAIL:
      mc_finding_complete (finding, MC_STATUS_FAIL, "dns-servfail",
                           _("The DNS of “%s” is broken (SERVFAIL), so its address cannot be "
                             "found. Try again later; if it lasts, tell your mail provider."),
                           host);
      break;

    case MC_DNS_STATUS_REFUSED:
      mc_finding_complete (finding, MC_STATUS_ERROR, "dns-refused",
                           _("The DNS server refused to look up %s."), host);
      break;

    case MC_DNS_STATUS_TIMEOUT:
      mc_finding_complete (finding, MC_STATUS_ERROR, "dns-no-answer",
                           _("No DNS answer for %s within %u seconds."), host, t->timeout_s);
      break;

    case MC_DNS_STATUS_UNREACHABLE:
      mc_finding_complete (finding, MC_STATUS_ERROR, "dns-no-answer",
                           _("No DNS server could be reached to look up %s."), host);
      break;

    case MC_DNS_STATUS_FORMERR:
    case MC_DNS_STATUS_NOTIMP:
    case MC_DNS_STATUS_BADRESP:
    default:
      mc_finding_complete (finding, MC_STATUS_ERROR, "dns-bad-answer",
                           _("The DNS server gave an unusable answer for %s (%s)."), host,
                           mc_dns_status_to_string (t->status));
      break;
    }
}

static void
lookup_host_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDnsAnswer) answer = NULL;
  g_autofree char *list = NULL;
  AddressData *data = g_task_get_task_data (task);
  McFinding *finding = g_task_get_source_object (task);
  JsonObject *evidence = mc_finding_get_evidence (finding);
  AddressText text = {
    .host = mc_account_get_host (data->ctx->account),
    .timeout_s = data->ctx->timeout_ms / 1000,
  };
  McDnsStatus status;
  int rcode;

  answer = mc_resolver_lookup_host_finish (MC_RESOLVER (source), result, &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && mc_deadline_expired (data->deadline))
        {
          json_object_set_string_member (evidence, "status", "timeout");
          text.status = MC_DNS_STATUS_TIMEOUT;
          mc_finding_complete_twice (finding, address_text, &text);
          g_task_return_boolean (task, TRUE);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = mc_dns_answer_get_status (answer);
  rcode = mc_dns_answer_get_rcode (answer);
  mc_probe_add_dns_evidence (finding, answer);
  text.status = status;

  /* The details are records and codes, the same in every language. */
  switch (status)
    {
    case MC_DNS_STATUS_OK:
      {
        GPtrArray *addresses = mc_dns_answer_get_addresses (answer);

        list = mc_addresses_text (addresses);
        text.list = list;
        text.n_addresses = addresses->len;
        text.hosts = mc_dns_answer_get_from_hosts_file (answer);
        record_addresses (data->ctx, finding, addresses, text.hosts ? "hosts" : "dns");
        mc_finding_add_detail (finding, "%s → %s (%s)", data->name, list,
                               text.hosts ? "/etc/hosts" : "DNS");
      }
      break;

    case MC_DNS_STATUS_NXDOMAIN:
      mc_finding_add_detail (finding, "%s → NXDOMAIN (rcode %d)", data->name, rcode);
      break;

    case MC_DNS_STATUS_NODATA:
      mc_finding_add_detail (finding, "%s → no A or AAAA record", data->name);
      break;

    case MC_DNS_STATUS_SERVFAIL:
      mc_finding_add_detail (finding, "%s → SERVFAIL (rcode %d)", data->name, rcode);
      break;

    case MC_DNS_STATUS_REFUSED:
      mc_finding_add_detail (finding, "%s → REFUSED (rcode %d)", data->name, rcode);
      break;

    case MC_DNS_STATUS_TIMEOUT:
    case MC_DNS_STATUS_UNREACHABLE:
    case MC_DNS_STATUS_FORMERR:
    case MC_DNS_STATUS_NOTIMP:
    case MC_DNS_STATUS_BADRESP:
    default:
      mc_finding_add_detail (finding, "%s → %s", data->name, mc_dns_status_to_string (status));
      break;
    }
  mc_finding_complete_twice (finding, address_text, &text);
  g_task_return_boolean (task, TRUE);
}

/* server.address: the A and AAAA records of the sending server, or the hosts
 * file where the system would use it. A name that does not exist is the
 * "Host unknown" of the bounce messages: nearly always a typing mistake. */
void
mc_probe_server_address (McProbeContext      *ctx,
                         McFinding           *finding,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  const char *host = mc_account_get_host (ctx->account);
  JsonObject *evidence = mc_finding_get_evidence (finding);
  AddressData *data;

  g_task_set_source_tag (task, mc_probe_server_address);

  if (g_hostname_is_ip_address (host))
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);
      g_autoptr(GPtrArray) addresses = g_ptr_array_new ();
      AddressText text = { .literal = TRUE, .host = host };

      g_ptr_array_add (addresses, address);
      json_object_set_string_member (evidence, "name", host);
      record_addresses (ctx, finding, addresses, "literal");
      mc_finding_complete_twice (finding, address_text, &text);
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = g_new0 (AddressData, 1);
  data->ctx = ctx;
  data->name = g_hostname_to_ascii (host);
  data->deadline = mc_deadline_new (cancellable, ctx->timeout_ms);
  g_task_set_task_data (task, data, (GDestroyNotify) address_data_free);
  json_object_set_string_member (evidence, "name", data->name);

  mc_resolver_lookup_host_async (ctx->resolver, data->name,
                                 mc_deadline_get_cancellable (data->deadline),
                                 lookup_host_cb, g_steal_pointer (&task));
}
