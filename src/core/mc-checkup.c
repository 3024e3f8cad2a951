/* mc-checkup.c: plans and runs every probe for one account, concurrently.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-checkup.h"
#include "mc-probe.h"

#define MAX_DEPS 4

/* The plan. Order matters: a finding comes after everything it needs, and
 * the report's headline is the first of the worst findings in this order. */
typedef struct
{
  const char  *id;
  McGroup      group;
  const char  *title;
  /* Findings this probe needs: when one of them fails, could not be tested
   * or was skipped, this probe is skipped and names the root cause. */
  const char  *needs[MAX_DEPS];
  /* Findings whose result this probe reads, without being blocked by them. */
  const char  *after[MAX_DEPS];
  /* How many timeouts the probe may take before the checkup gives up on it. */
  guint        budget;
  McProbeFunc  run;
  /* Whether one of the needs applies to this account; NULL: all of them do. */
  gboolean   (*need_applies) (McProbeContext *ctx,
                              const char     *need);
} McProbeInfo;

/* A server given as an IP address needs no DNS to be found. */
static gboolean
address_need_applies (McProbeContext *ctx,
                      const char     *need)
{
  return !(g_str_equal (need, "network.dns") &&
           g_hostname_is_ip_address (mc_account_get_host (ctx->account)));
}

static const McProbeInfo probe_plan[] = {
  { "network.link", MC_GROUP_NETWORK, N_("Network connection"),
    { NULL }, { "server.ports" }, 1, mc_probe_network_link },
  { "network.dns", MC_GROUP_NETWORK, N_("DNS"),
    { NULL }, { NULL }, 1, mc_probe_network_dns },
  { "server.address", MC_GROUP_SERVER, N_("Server address"),
    { "network.dns" }, { NULL }, 1, mc_probe_server_address, address_need_applies },
  { "server.ports", MC_GROUP_SERVER, N_("Mail ports"),
    { "server.address" }, { NULL }, 1, mc_probe_server_ports },
};

#define N_PROBES G_N_ELEMENTS (probe_plan)

typedef struct
{
  McFinding    *finding;
  GCancellable *cancellable;
  guint         watchdog_id;
  gboolean      started;
  gboolean      done;
  gboolean      watchdog_fired;
} ProbeState;

struct _McCheckup
{
  GObject         parent_instance;

  McAccount      *account;
  McResolver     *resolver;
  GListStore     *findings;
  ProbeState      states[N_PROBES];
  McProbeContext  ctx;
  char           *port_map_text;
  GError         *port_map_error;

  GTask          *task;
  GCancellable   *run_cancellable;
  gulong          cancel_handler;
  GDateTime      *started_at;
  gint64          started_us;
  guint           timeout_s;
  guint           n_running;
};

G_DEFINE_FINAL_TYPE (McCheckup, mc_checkup, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_RESOLVER,
  PROP_TIMEOUT,
  PROP_RUNNING,
  PROP_N_RUNNING,
  N_PROPS
};

enum {
  FINDING_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void try_start_probes (McCheckup  *self);
static int  probe_index      (const char *id);

static void
mc_checkup_dispose (GObject *object)
{
  McCheckup *self = (McCheckup *) object;

  for (guint i = 0; i < N_PROBES; i++)
    {
      g_clear_handle_id (&self->states[i].watchdog_id, g_source_remove);
      g_clear_object (&self->states[i].cancellable);
      g_clear_object (&self->states[i].finding);
    }
  g_clear_object (&self->findings);

  G_OBJECT_CLASS (mc_checkup_parent_class)->dispose (object);
}

static void
mc_checkup_finalize (GObject *object)
{
  McCheckup *self = (McCheckup *) object;

  g_assert (self->task == NULL);

  g_clear_object (&self->account);
  g_clear_object (&self->resolver);
  g_clear_pointer (&self->ctx.server_addresses, g_ptr_array_unref);
  g_clear_pointer (&self->port_map_text, g_free);
  g_clear_error (&self->port_map_error);
  g_clear_pointer (&self->started_at, g_date_time_unref);

  G_OBJECT_CLASS (mc_checkup_parent_class)->finalize (object);
}

static void
mc_checkup_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  McCheckup *self = MC_CHECKUP (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:   g_value_set_object (value, self->account); break;
    case PROP_RESOLVER:  g_value_set_object (value, self->resolver); break;
    case PROP_TIMEOUT:   g_value_set_uint (value, self->timeout_s); break;
    case PROP_RUNNING:   g_value_set_boolean (value, self->task != NULL); break;
    case PROP_N_RUNNING: g_value_set_uint (value, self->n_running); break;
    default:             G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_checkup_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  McCheckup *self = MC_CHECKUP (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:  self->account = g_value_dup_object (value); break;
    case PROP_RESOLVER: self->resolver = g_value_dup_object (value); break;
    case PROP_TIMEOUT:  mc_checkup_set_timeout (self, g_value_get_uint (value)); break;
    default:            G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_checkup_constructed (GObject *object)
{
  McCheckup *self = MC_CHECKUP (object);

  G_OBJECT_CLASS (mc_checkup_parent_class)->constructed (object);

  if (self->account == NULL)
    self->account = mc_account_new ();
  if (self->resolver == NULL)
    self->resolver = mc_resolver_new ();

  /* The plan must list what a probe needs or reads before the probe itself. */
  for (guint i = 0; i < N_PROBES; i++)
    {
      for (guint d = 0; d < MAX_DEPS; d++)
        {
          g_assert (probe_plan[i].needs[d] == NULL ||
                    (guint) probe_index (probe_plan[i].needs[d]) < i);
          g_assert (probe_plan[i].after[d] == NULL || probe_index (probe_plan[i].after[d]) >= 0);
        }
    }

  /* The findings exist from the start, so that a window can show every row
   * as waiting before the first probe reports. */
  for (guint i = 0; i < N_PROBES; i++)
    {
      self->states[i].finding = mc_finding_new (probe_plan[i].id, probe_plan[i].group,
                                                _(probe_plan[i].title));
      g_list_store_append (self->findings, self->states[i].finding);
    }

  /* Tests move the well-known ports; a bad value is reported when the
   * checkup runs, so that nothing silently connects to the wrong port. */
  mc_checkup_set_port_map (self, g_getenv ("MAIL_CHECKUP_PORT_MAP"), NULL);
}

static void
mc_checkup_class_init (McCheckupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_checkup_dispose;
  object_class->finalize = mc_checkup_finalize;
  object_class->get_property = mc_checkup_get_property;
  object_class->set_property = mc_checkup_set_property;
  object_class->constructed = mc_checkup_constructed;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, MC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOLVER] =
    g_param_spec_object ("resolver", NULL, NULL, MC_TYPE_RESOLVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 600, MC_CHECKUP_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McCheckup::finding-changed:
   * @finding: the finding whose status or result changed
   *
   * Emitted when a probe starts, completes or is skipped.
   */
  signals[FINDING_CHANGED] =
    g_signal_new ("finding-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_FINDING);
}

static void
mc_checkup_init (McCheckup *self)
{
  self->findings = g_list_store_new (MC_TYPE_FINDING);
  self->timeout_s = MC_CHECKUP_DEFAULT_TIMEOUT;
}

McCheckup *
mc_checkup_new (McAccount  *account,
                McResolver *resolver)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (resolver == NULL || MC_IS_RESOLVER (resolver), NULL);

  return g_object_new (MC_TYPE_CHECKUP, "account", account, "resolver", resolver, NULL);
}

McAccount *
mc_checkup_get_account (McCheckup *self)
{
  g_return_val_if_fail (MC_IS_CHECKUP (self), NULL);
  return self->account;
}

McResolver *
mc_checkup_get_resolver (McCheckup *self)
{
  g_return_val_if_fail (MC_IS_CHECKUP (self), NULL);
  return self->resolver;
}

/* The findings, McFinding items in plan order; the same objects for the
 * whole life of the checkup, reset at each run. */
GListModel *
mc_checkup_get_findings (McCheckup *self)
{
  g_return_val_if_fail (MC_IS_CHECKUP (self), NULL);
  return G_LIST_MODEL (self->findings);
}

static int
probe_index (const char *id)
{
  for (guint i = 0; i < N_PROBES; i++)
    {
      if (g_strcmp0 (probe_plan[i].id, id) == 0)
        return (int) i;
    }
  return -1;
}

McFinding *
mc_checkup_lookup_finding (McCheckup  *self,
                           const char *id)
{
  int i;

  g_return_val_if_fail (MC_IS_CHECKUP (self), NULL);

  i = probe_index (id);
  return i < 0 ? NULL : self->states[i].finding;
}

guint
mc_checkup_get_timeout (McCheckup *self)
{
  g_return_val_if_fail (MC_IS_CHECKUP (self), 0);
  return self->timeout_s;
}

/* The deadline of each network step, in seconds: a port that does not answer
 * costs one deadline, whatever the number of ports and addresses. */
void
mc_checkup_set_timeout (McCheckup *self,
                        guint      seconds)
{
  g_return_if_fail (MC_IS_CHECKUP (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout_s != seconds)
    {
      self->timeout_s = seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
    }
}

gboolean
mc_checkup_set_port_map (McCheckup   *self,
                         const char  *port_map,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MC_IS_CHECKUP (self), FALSE);

  g_clear_error (&self->port_map_error);
  if (!mc_port_map_parse (&self->ctx.port_map, port_map, &local_error))
    {
      self->port_map_error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

guint
mc_checkup_get_n_running (McCheckup *self)
{
  g_return_val_if_fail (MC_IS_CHECKUP (self), 0);
  return self->n_running;
}

gboolean
mc_checkup_get_running (McCheckup *self)
{
  g_return_val_if_fail (MC_IS_CHECKUP (self), FALSE);
  return self->task != NULL;
}

static void
set_n_running (McCheckup *self,
               guint      n_running)
{
  if (self->n_running != n_running)
    {
      self->n_running = n_running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
    }
}

static void
emit_changed (McCheckup *self,
              McFinding *finding)
{
  g_signal_emit (self, signals[FINDING_CHANGED], 0, finding);
}

static GPtrArray *
snapshot_findings (McCheckup *self)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < N_PROBES; i++)
    g_ptr_array_add (findings, g_object_ref (self->states[i].finding));
  return findings;
}

static void
finish_run (McCheckup *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_cancellable_disconnect (self->run_cancellable, self->cancel_handler);
  self->cancel_handler = 0;
  g_clear_object (&self->run_cancellable);

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The checkup was cancelled"));
    }
  else
    {
      g_autoptr(GPtrArray) findings = snapshot_findings (self);
      gint64 duration_ms = (g_get_monotonic_time () - self->started_us) / 1000;

      g_task_return_pointer (task, mc_report_new (self->account, self->started_at, duration_ms,
                                                  findings),
                             g_object_unref);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
maybe_finish (McCheckup *self)
{
  for (guint i = 0; i < N_PROBES; i++)
    {
      if (!self->states[i].done)
        return;
    }
  finish_run (self);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(McCheckup) self = user_data;
  g_autoptr(GError) error = NULL;
  McFinding *finding = MC_FINDING (source);
  ProbeState *state = NULL;
  guint i;

  for (i = 0; i < N_PROBES; i++)
    {
      if (self->states[i].finding == finding)
        {
          state = &self->states[i];
          break;
        }
    }
  g_assert (state != NULL);

  g_clear_handle_id (&state->watchdog_id, g_source_remove);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (state->watchdog_fired)
        mc_finding_complete (finding, MC_STATUS_ERROR, "check-timeout",
                             /* Translators: %u is a number of seconds. */
                             _("The check did not finish within %u seconds"),
                             probe_plan[i].budget * self->timeout_s);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mc_finding_complete (finding, MC_STATUS_ERROR, NULL, _("Cancelled"));
      else
        mc_finding_complete (finding, MC_STATUS_ERROR, "check-failed",
                             _("The check could not be done: %s"), error->message);
    }
  else if (!mc_status_is_done (mc_finding_get_status (finding)))
    {
      /* A probe that forgot to record its result is a bug; never leave a row spinning. */
      g_critical ("Probe %s returned without a result", mc_finding_get_id (finding));
      mc_finding_complete (finding, MC_STATUS_ERROR, "check-failed", _("The check gave no result"));
    }

  state->done = TRUE;
  g_clear_object (&state->cancellable);
  set_n_running (self, self->n_running - 1);
  emit_changed (self, finding);

  if (self->task != NULL)
    {
      try_start_probes (self);
      maybe_finish (self);
    }
}

static void
watchdog_cb (gpointer user_data)
{
  ProbeState *state = user_data;

  state->watchdog_id = 0;
  state->watchdog_fired = TRUE;
  g_cancellable_cancel (state->cancellable);
}

static void
start_probe (McCheckup *self,
             guint      i)
{
  ProbeState *state = &self->states[i];
  GCancellable *run_cancellable = g_task_get_cancellable (self->task);

  state->started = TRUE;
  state->cancellable = g_cancellable_new ();
  if (run_cancellable != NULL && g_cancellable_is_cancelled (run_cancellable))
    g_cancellable_cancel (state->cancellable);

  /* A safety net: every probe has its own deadlines; this one only catches a
   * probe that overran them, so that the checkup always ends. */
  state->watchdog_id = g_timeout_add_once (probe_plan[i].budget * self->timeout_s * 1000 + 1000,
                                           watchdog_cb, state);

  set_n_running (self, self->n_running + 1);
  mc_finding_begin (state->finding);
  emit_changed (self, state->finding);

  probe_plan[i].run (&self->ctx, state->finding, state->cancellable,
                     probe_done_cb, g_object_ref (self));
}

/* The finding that really caused a dependency to fail: a skipped finding
 * passes on the cause that blocked it. */
static McFinding *
root_cause (McCheckup *self,
            McFinding *finding)
{
  const char *blocked_by = mc_finding_get_blocked_by (finding);
  int i = blocked_by ? probe_index (blocked_by) : -1;

  return i < 0 ? finding : self->states[i].finding;
}

/* Starts every probe whose dependencies have finished, and skips every probe
 * that a failed dependency blocks, until nothing more changes. */
static void
try_start_probes (McCheckup *self)
{
  gboolean changed = TRUE;

  while (changed)
    {
      changed = FALSE;

      for (guint i = 0; i < N_PROBES; i++)
        {
          const McProbeInfo *info = &probe_plan[i];
          ProbeState *state = &self->states[i];
          McFinding *blocker = NULL;
          gboolean ready = TRUE;

          if (state->started || state->done)
            continue;

          for (guint d = 0; d < MAX_DEPS && info->needs[d] != NULL; d++)
            {
              ProbeState *need = &self->states[probe_index (info->needs[d])];

              if (info->need_applies != NULL && !info->need_applies (&self->ctx, info->needs[d]))
                continue;

              if (!need->done)
                ready = FALSE;
              else if (mc_status_blocks (mc_finding_get_status (need->finding)) && blocker == NULL)
                blocker = root_cause (self, need->finding);
            }

          if (blocker != NULL)
            {
              state->done = TRUE;
              mc_finding_skip (state->finding, blocker);
              emit_changed (self, state->finding);
              changed = TRUE;
              continue;
            }

          for (guint d = 0; d < MAX_DEPS && info->after[d] != NULL; d++)
            {
              if (!self->states[probe_index (info->after[d])].done)
                ready = FALSE;
            }

          if (ready)
            {
              start_probe (self, i);
              changed = TRUE;
            }
        }
    }
}

static void
cancelled_idle_cb (gpointer user_data)
{
  g_autoptr(McCheckup) self = user_data;

  if (self->task == NULL)
    return;

  for (guint i = 0; i < N_PROBES; i++)
    {
      ProbeState *state = &self->states[i];

      if (state->cancellable != NULL)
        g_cancellable_cancel (state->cancellable);
      if (!state->started && !state->done)
        {
          state->done = TRUE;
          mc_finding_complete (state->finding, MC_STATUS_ERROR, NULL, _("Cancelled"));
          emit_changed (self, state->finding);
        }
    }
  maybe_finish (self);
}

/* Runs inside g_cancellable_cancel (), possibly deep in the caller's stack.
 * Everything is done from an idle instead: cancelling the probes from here
 * could complete the run and disconnect this very handler, which deadlocks. */
static void
run_cancelled_cb (GCancellable *cancellable,
                  gpointer      user_data)
{
  g_idle_add_once (cancelled_idle_cb, g_object_ref (user_data));
}

/**
 * mc_checkup_run_async:
 *
 * Runs every probe for the account. Probes run concurrently; a probe waits
 * only for the findings it needs. The findings change as probes finish
 * (McCheckup::finding-changed); the result is a #McReport.
 */
void
mc_checkup_run_async (McCheckup           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MC_IS_CHECKUP (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_checkup_run_async);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A checkup is already running"));
      return;
    }
  if (self->port_map_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->port_map_error));
      return;
    }
  if (!mc_account_validate (self->account, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < N_PROBES; i++)
    {
      ProbeState *state = &self->states[i];

      state->started = state->done = state->watchdog_fired = FALSE;
      mc_finding_reset (state->finding);
    }
  self->ctx.account = self->account;
  self->ctx.resolver = self->resolver;
  self->ctx.timeout_ms = self->timeout_s * 1000;
  self->ctx.server_reached = FALSE;
  g_clear_pointer (&self->ctx.server_addresses, g_ptr_array_unref);

  g_clear_pointer (&self->started_at, g_date_time_unref);
  self->started_at = g_date_time_new_now_utc ();
  self->started_us = g_get_monotonic_time ();
  self->task = g_steal_pointer (&task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (cancellable != NULL)
    {
      self->run_cancellable = g_object_ref (cancellable);
      self->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (run_cancelled_cb),
                                                    self, NULL);
    }

  try_start_probes (self);
  if (self->task != NULL)
    maybe_finish (self);
}

McReport *
mc_checkup_run_finish (McCheckup     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (MC_IS_CHECKUP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_checkup_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
