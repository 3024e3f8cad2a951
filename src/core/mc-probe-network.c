/* mc-probe-network.c: network.link (is there a usable network) and network.dns (does DNS answer).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-deadline.h"
#include "mc-probe.h"

static const char *
connectivity_to_string (GNetworkConnectivity connectivity)
{
  switch (connectivity)
    {
    case G_NETWORK_CONNECTIVITY_LOCAL:   return "local";
    case G_NETWORK_CONNECTIVITY_LIMITED: return "limited";
    case G_NETWORK_CONNECTIVITY_PORTAL:  return "portal";
    case G_NETWORK_CONNECTIVITY_FULL:    return "full";
    default:                             return "unknown";
    }
}

typedef struct
{
  gboolean             available;
  GNetworkConnectivity connectivity;
  gboolean             metered;
  gboolean             server_reached;
} LinkText;

static void
link_text (McFinding *finding,
           gpointer   user_data)
{
  const LinkText *t = user_data;

  if (!t->available || t->connectivity == G_NETWORK_CONNECTIVITY_LOCAL)
    {
      if (t->server_reached)
        mc_finding_complete (finding, MC_STATUS_INFO, NULL,
                             _("The system reports no network connection, but the mail server "
                               "was reached (it is on this computer or the local network)."));
      else
        mc_finding_complete (finding, MC_STATUS_FAIL, "network-offline",
                             _("This computer is not connected to a network. Connect to Wi-Fi "
                               "or a cable, then check again."));
    }
  else if (t->connectivity == G_NETWORK_CONNECTIVITY_PORTAL)
    mc_finding_complete (finding, t->server_reached ? MC_STATUS_WARN : MC_STATUS_FAIL,
                         "network-portal",
                         _("The network asks you to sign in first (a captive portal, as in "
                           "hotels and stations). Open a web page and sign in."));
  else if (t->connectivity == G_NETWORK_CONNECTIVITY_LIMITED)
    mc_finding_complete (finding, t->server_reached ? MC_STATUS_WARN : MC_STATUS_FAIL,
                         "network-limited",
                         _("The network is connected but has no full access to the internet."));
  else if (t->metered)
    mc_finding_complete (finding, MC_STATUS_INFO, NULL,
                         _("Connected to the network (a metered connection)."));
  else
    mc_finding_complete (finding, MC_STATUS_OK, NULL, _("Connected to the network."));
}

/* network.link: what the system's network monitor says, read against whether
 * the mail server was reached at all (server.ports runs first): the monitor
 * can be wrong, and a server on this computer or the local network needs no
 * internet. The link state explains other findings; it never blocks them. */
void
mc_probe_network_link (McProbeContext      *ctx,
                       McFinding           *finding,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  LinkText text = {
    .available = g_network_monitor_get_network_available (monitor),
    .connectivity = g_network_monitor_get_connectivity (monitor),
    .metered = g_network_monitor_get_network_metered (monitor),
    .server_reached = ctx->server_reached,
  };
  JsonObject *evidence = mc_finding_get_evidence (finding);

  g_task_set_source_tag (task, mc_probe_network_link);

  json_object_set_boolean_member (evidence, "available", text.available);
  json_object_set_string_member (evidence, "connectivity", connectivity_to_string (text.connectivity));
  json_object_set_boolean_member (evidence, "metered", text.metered);
  json_object_set_boolean_member (evidence, "server_reached", ctx->server_reached);
  mc_finding_add_detail (finding, "monitor: %s, available=%s, connectivity=%s, metered=%s",
                         G_OBJECT_TYPE_NAME (monitor), text.available ? "yes" : "no",
                         connectivity_to_string (text.connectivity), text.metered ? "yes" : "no");

  mc_finding_complete_twice (finding, link_text, &text);
  g_task_return_boolean (task, TRUE);
}

typedef struct
{
  McProbeContext *ctx;
  McDeadline     *deadline;
  char           *name;
  McDnsType       type;
} DnsData;

static void
dns_data_free (DnsData *data)
{
  g_clear_pointer (&data->deadline, mc_deadline_free);
  g_free (data->name);
  g_free (data);
}

/* The servers asked, as a list in the evidence; the caller owns them. */
static GStrv
servers_evidence (McResolver *resolver,
                  JsonObject *evidence)
{
  g_auto(GStrv) servers = mc_resolver_dup_servers (resolver);
  JsonArray *list = json_array_new ();

  for (guint i = 0; servers != NULL && servers[i] != NULL; i++)
    json_array_add_string_element (list, servers[i]);
  json_object_set_array_member (evidence, "servers", list);
  return g_steal_pointer (&servers);
}

/* The servers asked, as text for people. */
static char *
servers_text (const char * const *servers)
{
  if (servers == NULL || servers[0] == NULL)
    return g_strdup (_("none configured"));
  return g_strjoinv (", ", (char **) servers);
}

/* What the details and the summary of network.dns need, in either
 * language: answer is NULL when none came before the deadline. */
typedef struct
{
  DnsData     *data;
  McDnsAnswer *answer;
  GStrv        servers;
} DnsText;

static void
dns_text (McFinding *finding,
          gpointer   user_data)
{
  const DnsText *t = user_data;
  DnsData *data = t->data;
  g_autofree char *servers = servers_text ((const char * const *) t->servers);
  g_autofree char *took = NULL;
  guint timeout_s = data->ctx->timeout_ms / 1000;
  McDnsStatus status;
  int rcode;

  if (t->answer == NULL)
    {
      mc_finding_add_detail (finding, "%s %s: no answer within %u s (servers: %s)", data->name,
                             mc_dns_type_to_string (data->type), timeout_s, servers);
      mc_finding_complete (finding, MC_STATUS_FAIL, "dns-no-answer",
                           _("No DNS server answered within %u seconds (servers: %s)."),
                           timeout_s, servers);
      return;
    }

  status = mc_dns_answer_get_status (t->answer);
  rcode = mc_dns_answer_get_rcode (t->answer);
  took = mc_format_duration (mc_dns_answer_get_elapsed_us (t->answer) / 1000);
  mc_finding_add_detail (finding, "%s %s → %s%s%s in %" G_GINT64_FORMAT " ms (servers: %s)",
                         data->name, mc_dns_type_to_string (data->type),
                         mc_dns_status_to_string (status), rcode >= 0 ? ", rcode " : "",
                         rcode >= 0 ? mc_dns_rcode_to_string (rcode) : "",
                         mc_dns_answer_get_elapsed_us (t->answer) / 1000, servers);

  switch (status)
    {
    case MC_DNS_STATUS_OK:
    case MC_DNS_STATUS_NODATA:
    case MC_DNS_STATUS_NXDOMAIN:
      /* Any real answer, even "no such name", shows that DNS works. */
      mc_finding_complete (finding, MC_STATUS_OK, NULL, _("DNS answers (in %s)."), took);
      break;
    case MC_DNS_STATUS_SERVFAIL:
      mc_finding_complete (finding, MC_STATUS_WARN, "dns-servfail",
                           _("The DNS server answered, but failed to look up %s (SERVFAIL)."),
                           data->name);
      break;
    case MC_DNS_STATUS_REFUSED:
      mc_finding_complete (finding, MC_STATUS_FAIL, "dns-refused",
                           _("The DNS server refuses to answer this computer (REFUSED). The DNS "
                             "server in the network settings is probably wrong."));
      break;
    case MC_DNS_STATUS_FORMERR:
    case MC_DNS_STATUS_NOTIMP:
    case MC_DNS_STATUS_BADRESP:
      mc_finding_complete (finding, MC_STATUS_WARN, "dns-bad-answer",
                           _("The DNS server gave an unusable answer (%s)."),
                           mc_dns_status_to_string (status));
      break;
    case MC_DNS_STATUS_TIMEOUT:
      mc_finding_complete (finding, MC_STATUS_FAIL, "dns-no-answer",
                           _("No DNS server answered within %u seconds (servers: %s)."),
                           timeout_s, servers);
      break;
    case MC_DNS_STATUS_UNREACHABLE:
    default:
      mc_finding_complete (finding, MC_STATUS_FAIL, "dns-no-answer",
                           _("No DNS server can be reached (servers: %s)."), servers);
      break;
    }
}

static void
dns_query_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDnsAnswer) answer = NULL;
  g_auto(GStrv) servers = NULL;
  DnsData *data = g_task_get_task_data (task);
  McFinding *finding = g_task_get_source_object (task);
  JsonObject *evidence = mc_finding_get_evidence (finding);
  DnsText text = { data, NULL, NULL };

  answer = mc_resolver_query_finish (MC_RESOLVER (source), result, &error);
  servers = servers_evidence (data->ctx->resolver, evidence);
  text.servers = servers;

  if (answer == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && mc_deadline_expired (data->deadline))
        {
          json_object_set_string_member (evidence, "status", "timeout");
          mc_finding_complete_twice (finding, dns_text, &text);
          g_task_return_boolean (task, TRUE);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  mc_probe_add_dns_evidence (finding, answer);
  text.answer = answer;
  mc_finding_complete_twice (finding, dns_text, &text);
  g_task_return_boolean (task, TRUE);
}

/* network.dns: one look-up of the mail server's own name (or, for a server
 * given as an address, its reverse name) shows whether DNS answers and how
 * fast, before anything depends on it. */
void
mc_probe_network_dns (McProbeContext      *ctx,
                      McFinding           *finding,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  const char *host = mc_account_get_host (ctx->account);
  g_autoptr(GInetAddress) literal = NULL;
  DnsData *data = g_new0 (DnsData, 1);

  g_task_set_source_tag (task, mc_probe_network_dns);
  g_task_set_task_data (task, data, (GDestroyNotify) dns_data_free);

  data->ctx = ctx;
  literal = g_hostname_is_ip_address (host) ? g_inet_address_new_from_string (host) : NULL;
  if (literal != NULL)
    {
      data->name = mc_dns_reverse_name (literal, NULL);
      data->type = MC_DNS_TYPE_PTR;
    }
  else
    {
      data->name = g_hostname_to_ascii (host);
      data->type = MC_DNS_TYPE_A;
    }
  data->deadline = mc_deadline_new (cancellable, ctx->timeout_ms);

  json_object_set_string_member (mc_finding_get_evidence (finding), "query", data->name);
  json_object_set_string_member (mc_finding_get_evidence (finding), "type",
                                 mc_dns_type_to_string (data->type));

  mc_resolver_query_async (ctx->resolver, data->name, data->type,
                           mc_deadline_get_cancellable (data->deadline),
                           dns_query_cb, g_steal_pointer (&task));
}
