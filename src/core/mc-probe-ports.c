/* mc-probe-ports.c: server.ports: TCP connections to 25, 465 and 587 on every address.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-deadline.h"
#include "mc-probe.h"

typedef enum
{
  PORT_PENDING,
  PORT_OPEN,
  PORT_REFUSED,
  PORT_FILTERED,
  PORT_UNREACHABLE,
} PortState;

static const char *
port_state_to_string (PortState state)
{
  switch (state)
    {
    case PORT_OPEN:        return "open";
    case PORT_REFUSED:     return "refused";
    case PORT_FILTERED:    return "filtered";
    case PORT_UNREACHABLE: return "unreachable";
    case PORT_PENDING:
    default:               return "pending";
    }
}

typedef struct _PortsData PortsData;

typedef struct
{
  PortsData    *data;
  GInetAddress *address;
  guint16       port;         /* the well-known port */
  guint16       real_port;    /* where it was moved by MAIL_CHECKUP_PORT_MAP */
  PortState     state;
  gint64        started_us;
  gint64        ms;
  char         *error;
} Attempt;

struct _PortsData
{
  McProbeContext *ctx;
  McDeadline     *deadline;
  GSocketClient  *client;
  GTask          *task;       /* owned while connections are pending */
  GPtrArray      *attempts;
  guint           n_pending;
  guint16         ports[4];
  guint           n_ports;
};

static void
attempt_free (Attempt *attempt)
{
  g_clear_object (&attempt->address);
  g_free (attempt->error);
  g_free (attempt);
}

static void
ports_data_free (PortsData *data)
{
  g_clear_pointer (&data->deadline, mc_deadline_free);
  g_clear_object (&data->client);
  g_clear_pointer (&data->attempts, g_ptr_array_unref);
  g_free (data);
}

/* The best state a port reached over all addresses of the server: a port is
 * usable when any address accepts it. */
static PortState
port_best_state (PortsData *data,
                 guint16    port)
{
  PortState best = PORT_PENDING;
  static const int rank[] = {
    [PORT_PENDING] = 0, [PORT_FILTERED] = 1, [PORT_UNREACHABLE] = 2,
    [PORT_REFUSED] = 3, [PORT_OPEN] = 4,
  };

  for (guint i = 0; i < data->attempts->len; i++)
    {
      Attempt *attempt = g_ptr_array_index (data->attempts, i);

      if (attempt->port == port && rank[attempt->state] > rank[best])
        best = attempt->state;
    }
  return best;
}

static gboolean
port_open_everywhere (PortsData *data,
                      guint16    port,
                      GString   *failures)
{
  gboolean all = TRUE;

  for (guint i = 0; i < data->attempts->len; i++)
    {
      Attempt *attempt = g_ptr_array_index (data->attempts, i);

      if (attempt->port == port && attempt->state != PORT_OPEN)
        {
          g_autofree char *text = g_inet_address_to_string (attempt->address);

          all = FALSE;
          if (failures->len > 0)
            g_string_append (failures, ", ");
          g_string_append_printf (failures, "%s (%s)", text, port_state_to_string (attempt->state));
        }
    }
  return all;
}

/* How to name a submission port in advice: what the mail program calls it. */
static char *
port_advice (guint16 port)
{
  if (port == 465)
    /* Translators: advice on a port setting; SSL/TLS is the setting's name in mail programs. */
    return g_strdup (_("465 with SSL/TLS"));
  if (port == 587)
    /* Translators: advice on a port setting; STARTTLS is the setting's name in mail programs. */
    return g_strdup (_("587 with STARTTLS"));
  return g_strdup_printf ("%u", port);
}

static guint16
open_alternative (PortsData *data,
                  guint16    configured)
{
  static const guint16 submission[] = { 587, 465 };

  for (guint i = 0; i < G_N_ELEMENTS (submission); i++)
    {
      if (submission[i] != configured && port_best_state (data, submission[i]) == PORT_OPEN)
        return submission[i];
    }
  return 0;
}

static gboolean
all_ports_in_state (PortsData *data,
                    PortState  state)
{
  for (guint i = 0; i < data->n_ports; i++)
    {
      if (port_best_state (data, data->ports[i]) != state)
        return FALSE;
    }
  return TRUE;
}

/* What the summary of server.ports needs, in either language. */
typedef struct
{
  PortsData  *data;
  guint16     configured;
  PortState   state;        /* the configured port's best state */
  PortState   state25;
  guint16     alternative;  /* an open submission port other than the configured one, or 0 */
  gboolean    everywhere;   /* the configured port is open on every address */
  const char *failures;     /* where it is not: "192.0.2.1 (filtered), …" */
} PortsText;

static void
ports_text (McFinding *finding,
            gpointer   user_data)
{
  const PortsText *t = user_data;
  guint16 configured = t->configured;
  guint16 alternative = t->alternative;
  g_autofree char *advice = alternative ? port_advice (alternative) : NULL;

  if (t->state == PORT_OPEN)
    {
      if (!t->everywhere)
        mc_finding_complete (finding, MC_STATUS_WARN, "port-partly-reachable",
                             _("Port %u is open, but not on every address of the server: %s. "
                               "Sending may be slow or fail now and then."),
                             configured, t->failures);
      else if (configured != 25 && t->state25 == PORT_FILTERED)
        mc_finding_complete (finding, MC_STATUS_OK, "op25b",
                             _("Port %u is open. Port 25 is blocked by this network (Outbound "
                               "Port 25 Blocking, usual at Japanese providers); sending on "
                               "port %u is not affected."), configured, configured);
      else
        mc_finding_complete (finding, MC_STATUS_OK, NULL, _("Port %u is open."), configured);
    }
  else if (configured == 25 && t->state25 == PORT_FILTERED && alternative != 0)
    mc_finding_complete (finding, MC_STATUS_FAIL, "op25b",
                         _("This network blocks port 25 (Outbound Port 25 Blocking, usual at "
                           "Japanese providers), but the server is open on port %u. In your mail "
                           "program, change the sending port to %s."), alternative, advice);
  else if (t->state == PORT_FILTERED && alternative != 0)
    mc_finding_complete (finding, MC_STATUS_FAIL, "port-blocked",
                         _("Port %u does not answer (a firewall or security software drops it), "
                           "but port %u is open. In your mail program, change the sending port "
                           "to %s."), configured, alternative, advice);
  else if (alternative != 0)
    mc_finding_complete (finding, MC_STATUS_FAIL, "port-closed",
                         _("The server does not accept port %u (%s), but port %u is open. In your "
                           "mail program, change the sending port to %s."), configured,
                         port_state_to_string (t->state), alternative, advice);
  else if (all_ports_in_state (t->data, PORT_FILTERED))
    mc_finding_complete (finding, MC_STATUS_FAIL, "ports-filtered",
                         _("No mail port of the server answers (25, 465 and 587 are silent). A "
                           "firewall or security software blocks them, or the server is down."));
  else if (all_ports_in_state (t->data, PORT_REFUSED))
    mc_finding_complete (finding, MC_STATUS_FAIL, "server-refuses",
                         _("The server refuses connections on every mail port. Its mail service "
                           "is down, or the name points to a machine that is not a mail server."));
  else if (all_ports_in_state (t->data, PORT_UNREACHABLE))
    mc_finding_complete (finding, MC_STATUS_FAIL, "server-unreachable",
                         _("The server cannot be reached from this network (no route to it)."));
  else
    mc_finding_complete (finding, MC_STATUS_FAIL, "port-unusable",
                         _("Port %u of the server is not usable (%s), and neither 587 nor 465 is "
                           "open."), configured, port_state_to_string (t->state));
}

static void
conclude (GTask *task)
{
  PortsData *data = g_task_get_task_data (task);
  McFinding *finding = g_task_get_source_object (task);
  JsonArray *list = json_array_new ();
  guint16 configured = mc_account_get_effective_port (data->ctx->account);
  g_autoptr(GString) failures = g_string_new (NULL);
  PortsText text = {
    .data = data,
    .configured = configured,
    .state = port_best_state (data, configured),
    .state25 = port_best_state (data, 25),
    .alternative = open_alternative (data, configured),
  };
  int width = 0;

  for (guint i = 0; i < data->attempts->len; i++)
    {
      Attempt *attempt = g_ptr_array_index (data->attempts, i);
      g_autofree char *address = g_inet_address_to_string (attempt->address);

      width = MAX (width, (int) strlen (address));
    }

  /* The details are states and timings, the same in every language. */
  for (guint i = 0; i < data->attempts->len; i++)
    {
      Attempt *attempt = g_ptr_array_index (data->attempts, i);
      g_autofree char *address = g_inet_address_to_string (attempt->address);
      JsonObject *entry = json_object_new ();

      json_object_set_int_member (entry, "port", attempt->port);
      json_object_set_string_member (entry, "address", address);
      json_object_set_string_member (entry, "state", port_state_to_string (attempt->state));
      json_object_set_int_member (entry, "ms", attempt->ms);
      json_array_add_object_element (list, entry);

      if (attempt->state == PORT_OPEN)
        data->ctx->server_reached = TRUE;

      mc_finding_add_detail (finding, "%-5u %-*s %-11s %5" G_GINT64_FORMAT " ms%s%s%s", attempt->port,
                             width, address, port_state_to_string (attempt->state), attempt->ms,
                             attempt->real_port != attempt->port ? " (mapped)" : "",
                             attempt->error ? " — " : "", attempt->error ? attempt->error : "");
    }
  json_object_set_array_member (mc_finding_get_evidence (finding), "ports", list);
  json_object_set_int_member (mc_finding_get_evidence (finding), "configured_port", configured);

  text.everywhere = port_open_everywhere (data, configured, failures);
  text.failures = failures->str;
  mc_finding_complete_twice (finding, ports_text, &text);
  g_task_return_boolean (task, TRUE);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Attempt *attempt = user_data;
  PortsData *data = attempt->data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  attempt->ms = (g_get_monotonic_time () - attempt->started_us) / 1000;

  if (connection != NULL)
    attempt->state = PORT_OPEN;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    attempt->state = PORT_FILTERED;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    attempt->state = PORT_REFUSED;
  else
    {
      attempt->state = PORT_UNREACHABLE;
      attempt->error = g_strdup (error->message);
    }

  /* The connection only proves the port is open; it closes when freed. */
  if (--data->n_pending > 0)
    return;

  /* The last attempt: take back the task's reference (the task owns data). */
  task = g_steal_pointer (&data->task);
  if (mc_deadline_parent_cancelled (data->deadline))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  else
    conclude (task);
}

/* server.ports: every port on every address at once, under one deadline:
 * a port that drops packets costs one timeout, however many there are. */
void
mc_probe_server_ports (McProbeContext      *ctx,
                       McFinding           *finding,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  guint16 configured = mc_account_get_effective_port (ctx->account);
  PortsData *data = g_new0 (PortsData, 1);

  g_task_set_source_tag (task, mc_probe_server_ports);
  g_task_set_task_data (task, data, (GDestroyNotify) ports_data_free);

  data->ctx = ctx;
  data->ports[data->n_ports++] = 25;
  data->ports[data->n_ports++] = 465;
  data->ports[data->n_ports++] = 587;
  if (configured != 25 && configured != 465 && configured != 587)
    data->ports[data->n_ports++] = configured;

  data->attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) attempt_free);
  data->deadline = mc_deadline_new (cancellable, ctx->timeout_ms);
  data->client = g_socket_client_new ();
  /* Mail programs connect directly; a web proxy in the environment must not
   * make a blocked port look open. */
  g_socket_client_set_enable_proxy (data->client, FALSE);

  /* server.address completed with at least one address, or this probe would
   * have been skipped. */
  g_assert (ctx->server_addresses != NULL && ctx->server_addresses->len > 0);

  for (guint p = 0; p < data->n_ports; p++)
    {
      for (guint a = 0; a < ctx->server_addresses->len; a++)
        {
          Attempt *attempt = g_new0 (Attempt, 1);

          attempt->data = data;
          attempt->address = g_object_ref (g_ptr_array_index (ctx->server_addresses, a));
          attempt->port = data->ports[p];
          attempt->real_port = mc_port_map_apply (&ctx->port_map, attempt->port);
          g_ptr_array_add (data->attempts, attempt);
        }
    }

  data->n_pending = data->attempts->len;
  data->task = g_steal_pointer (&task);
  for (guint i = 0; i < data->attempts->len; i++)
    {
      Attempt *attempt = g_ptr_array_index (data->attempts, i);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (attempt->address,
                                                                     attempt->real_port);

      attempt->started_us = g_get_monotonic_time ();
      g_socket_client_connect_async (data->client, G_SOCKET_CONNECTABLE (address),
                                     mc_deadline_get_cancellable (data->deadline),
                                     connect_cb, attempt);
    }
}
