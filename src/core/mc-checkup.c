/* mc-checkup.c: plans and runs every probe for one account, concurrently.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-checkup.h"
#include "mc-probe.h"

#include "mc-checkup-plan.h"

#define N_FINDINGS mc_finding_plan_len
#define N_PROBES   mc_probe_plan_len

typedef struct
{
  GCancellable *cancellable;
  guint         watchdog_id;
  gboolean      started;
  gboolean      returned;        /* the probe's task has completed */
  gboolean      done;            /* and its findings are final */
  gboolean      watchdog_fired;
} ProbeState;

struct _McCheckup
{
  GObject         parent_instance;

  McAccount      *account;
  McResolver     *resolver;
  GListStore     *findings;
  McFinding     **finding_by_index;  /* in mc_finding_plan order */
  guint          *owner;             /* finding index → probe index */
  ProbeState     *states;            /* in mc_probe_plan order */
  McProbeContext  ctx;
  GError         *port_map_error;

  GTask          *task;
  GCancellable   *run_cancellable;
  gulong          cancel_handler;
  GDateTime      *started_at;
  gint64          started_us;
  guint           timeout_s;
  guint           n_running;

  /* A password given with mc_checkup_set_password is kept for every run;
   * one looked up from the account's store lives only during a run. */
  gboolean        password_pending;
  guint           run_serial;
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

static void try_start_probes (McCheckup *self);

static int
finding_index (const char *id)
{
  for (guint i = 0; i < N_FINDINGS; i++)
    {
      if (g_strcmp0 (mc_finding_plan[i].id, id) == 0)
        return (int) i;
    }
  return -1;
}

static McFinding *
finding_by_id (McCheckup  *self,
               const char *id)
{
  int i = finding_index (id);

  g_assert (i >= 0);
  return self->finding_by_index[i];
}

/* A finding is final when the probe that fills it is done, attribution
 * included: only then may others read it or depend on it. */
static gboolean
finding_is_final (McCheckup  *self,
                  const char *id)
{
  return self->states[self->owner[finding_index (id)]].done;
}

static McFinding *
lookup_for_probe (gpointer    checkup,
                  const char *id)
{
  McCheckup *self = checkup;
  int i = finding_index (id);

  return i < 0 ? NULL : self->finding_by_index[i];
}

static void
mc_checkup_dispose (GObject *object)
{
  McCheckup *self = (McCheckup *) object;

  for (guint i = 0; self->states != NULL && i < N_PROBES; i++)
    {
      g_clear_handle_id (&self->states[i].watchdog_id, g_source_remove);
      g_clear_object (&self->states[i].cancellable);
    }
  for (guint i = 0; self->finding_by_index != NULL && i < N_FINDINGS; i++)
    {
      if (self->finding_by_index[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->finding_by_index[i], self);
      g_clear_object (&self->finding_by_index[i]);
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
  mc_probe_context_clear (&self->ctx);
  g_clear_pointer (&self->finding_by_index, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->states, g_free);
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
finding_notify_cb (McFinding  *finding,
                   GParamSpec *pspec,
                   McCheckup  *self)
{
  g_signal_emit (self, signals[FINDING_CHANGED], 0, finding);
}

/* The plan must name every finding once, give each to one probe, and list
 * what a probe depends on before the probe's own findings. */
static void
check_plan (void)
{
  g_autofree int *owned = g_new0 (int, N_FINDINGS);

  for (guint p = 0; p < N_PROBES; p++)
    {
      const McProbeInfo *info = &mc_probe_plan[p];
      int first = finding_index (info->findings[0]);

      g_assert (first >= 0);
      for (guint f = 0; f < MC_PLAN_MAX_OWNED && info->findings[f] != NULL; f++)
        {
          g_assert (finding_index (info->findings[f]) >= 0);
          owned[finding_index (info->findings[f])]++;
        }
      for (guint d = 0; d < MC_PLAN_MAX_DEPS; d++)
        {
          g_assert (info->needs[d] == NULL || finding_index (info->needs[d]) < first);
          g_assert (info->explained_by[d] == NULL || finding_index (info->explained_by[d]) < first);
          g_assert (info->after[d] == NULL || finding_index (info->after[d]) >= 0);
        }
    }
  for (guint i = 0; i < N_FINDINGS; i++)
    g_assert (owned[i] == 1);
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

  check_plan ();

  /* The findings exist from the start, so that a window can show every row
   * as waiting before the first probe reports. */
  self->finding_by_index = g_new0 (McFinding *, N_FINDINGS);
  self->owner = g_new0 (guint, N_FINDINGS);
  self->states = g_new0 (ProbeState, N_PROBES);
  for (guint i = 0; i < N_FINDINGS; i++)
    {
      McFinding *finding = mc_finding_new (mc_finding_plan[i].id, mc_finding_plan[i].group,
                                           mc_finding_plan[i].title);

      self->finding_by_index[i] = finding;
      g_list_store_append (self->findings, finding);
      g_signal_connect (finding, "notify::status", G_CALLBACK (finding_notify_cb), self);
      g_signal_connect (finding, "notify::blocked-by", G_CALLBACK (finding_notify_cb), self);
    }
  for (guint p = 0; p < N_PROBES; p++)
    {
      for (guint f = 0; f < MC_PLAN_MAX_OWNED && mc_probe_plan[p].findings[f] != NULL; f++)
        self->owner[finding_index (mc_probe_plan[p].findings[f])] = p;
    }

  self->ctx.lookup_finding = lookup_for_probe;
  self->ctx.checkup = self;

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
   * @finding: the finding whose status changed
   *
   * Emitted when a finding starts, completes, is skipped, or names another
   * root cause.
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

McFinding *
mc_checkup_lookup_finding (McCheckup  *self,
                           const char *id)
{
  g_return_val_if_fail (MC_IS_CHECKUP (self), NULL);
  return lookup_for_probe (self, id);
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

/* The password for the log-in check. It is kept only in this object, wiped
 * when replaced or freed, and never written to any report. NULL: none. */
void
mc_checkup_set_password (McCheckup  *self,
                         const char *password)
{
  g_return_if_fail (MC_IS_CHECKUP (self));

  g_clear_pointer (&self->ctx.password, mc_password_free);
  if (password != NULL)
    self->ctx.password = g_strdup (password);
  self->ctx.password_given = password != NULL;
}

gboolean
mc_checkup_get_has_password (McCheckup *self)
{
  g_return_val_if_fail (MC_IS_CHECKUP (self), FALSE);
  return self->ctx.password != NULL;
}

/* Certificate authorities to trust besides the system's (a company's own CA,
 * a test CA): a PEM file. */
gboolean
mc_checkup_set_ca_file (McCheckup   *self,
                        const char  *ca_file,
                        GError     **error)
{
  GTlsDatabase *database = NULL;

  g_return_val_if_fail (MC_IS_CHECKUP (self), FALSE);

  if (ca_file != NULL)
    {
      database = g_tls_file_database_new (ca_file, error);
      if (database == NULL)
        return FALSE;
    }
  g_clear_object (&self->ctx.extra_ca);
  self->ctx.extra_ca = database;
  return TRUE;
}

/* Whether the user allowed the password to go over a connection that is not
 * encrypted. Off by default: then it never does. */
void
mc_checkup_set_allow_plaintext_auth (McCheckup *self,
                                     gboolean   allow)
{
  g_return_if_fail (MC_IS_CHECKUP (self));
  self->ctx.allow_plaintext_auth = !!allow;
}

/* An address to check the receiving side of (recipient.*); NULL: none. */
void
mc_checkup_set_recipient (McCheckup  *self,
                          const char *recipient)
{
  g_return_if_fail (MC_IS_CHECKUP (self));

  g_free (self->ctx.recipient);
  self->ctx.recipient = recipient != NULL && *recipient != '\0' ? g_strdup (recipient) : NULL;
}

/* The DKIM selector of the account's domain; NULL: try the common ones. */
void
mc_checkup_set_dkim_selector (McCheckup  *self,
                              const char *selector)
{
  g_return_if_fail (MC_IS_CHECKUP (self));

  g_free (self->ctx.dkim_selector);
  self->ctx.dkim_selector = selector != NULL && *selector != '\0' ? g_strdup (selector) : NULL;
}

/* A file listing the DNS blocklists to ask, instead of the built-in list. */
void
mc_checkup_set_blocklists_file (McCheckup  *self,
                                const char *path)
{
  g_return_if_fail (MC_IS_CHECKUP (self));

  g_free (self->ctx.blocklists_file);
  self->ctx.blocklists_file = g_strdup (path);
}

/**
 * mc_checkup_set_attachments:
 * @files: (nullable) (element-type GFile): the files to check, or %NULL
 *
 * The files that message.attachment measures at the next run: their size
 * once encoded, against the server's and the recipient provider's limits,
 * and whether mail filters refuse their type. They are never sent.
 */
void
mc_checkup_set_attachments (McCheckup *self,
                            GPtrArray *files)
{
  g_return_if_fail (MC_IS_CHECKUP (self));

  g_clear_pointer (&self->ctx.attachments, g_ptr_array_unref);
  if (files == NULL || files->len == 0)
    return;

  self->ctx.attachments = g_ptr_array_new_full (files->len, g_object_unref);
  for (guint i = 0; i < files->len; i++)
    {
      g_return_if_fail (G_IS_FILE (files->pdata[i]));
      g_ptr_array_add (self->ctx.attachments, g_object_ref (files->pdata[i]));
    }
}

/**
 * mc_checkup_set_attachment_bytes:
 * @bytes: the size of an attachment to check, or 0 for none
 *
 * An attachment of this many bytes for message.attachment, without a file.
 */
void
mc_checkup_set_attachment_bytes (McCheckup *self,
                                 guint64    bytes)
{
  g_return_if_fail (MC_IS_CHECKUP (self));

  self->ctx.attachment_bytes = bytes;
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

static GPtrArray *
snapshot_findings (McCheckup *self)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < N_FINDINGS; i++)
    g_ptr_array_add (findings, g_object_ref (self->finding_by_index[i]));
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
  self->password_pending = FALSE;
  if (!self->ctx.password_given)
    g_clear_pointer (&self->ctx.password, mc_password_free);

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

/* The finding that really caused a failure: a skipped finding passes on the
 * cause that blocked it. */
static McFinding *
root_cause (McCheckup *self,
            McFinding *finding)
{
  for (guint depth = 0; depth < N_FINDINGS; depth++)
    {
      const char *blocked_by = mc_finding_get_blocked_by (finding);

      if (mc_finding_get_status (finding) != MC_STATUS_SKIPPED || blocked_by == NULL)
        break;
      finding = finding_by_id (self, blocked_by);
    }
  return finding;
}

/* A probe whose own finding failed while one of its explained_by findings
 * failed too: the latter is the cause. The probe's finding becomes skipped,
 * and so do the probe's findings it had blocked, naming the same cause. */
static void
attribute_failure (McCheckup *self,
                   guint      p)
{
  const McProbeInfo *info = &mc_probe_plan[p];
  McFinding *own = finding_by_id (self, info->findings[0]);
  McFinding *cause = NULL;

  if (!mc_status_blocks (mc_finding_get_status (own)) ||
      mc_finding_get_status (own) == MC_STATUS_SKIPPED)
    return;

  for (guint d = 0; d < MC_PLAN_MAX_DEPS && info->explained_by[d] != NULL && cause == NULL; d++)
    {
      McFinding *candidate = finding_by_id (self, info->explained_by[d]);

      if (mc_status_blocks (mc_finding_get_status (candidate)))
        cause = root_cause (self, candidate);
    }
  if (cause == NULL)
    return;

  for (guint f = 1; f < MC_PLAN_MAX_OWNED && info->findings[f] != NULL; f++)
    {
      McFinding *other = finding_by_id (self, info->findings[f]);

      if (mc_finding_get_status (other) == MC_STATUS_SKIPPED &&
          g_strcmp0 (mc_finding_get_blocked_by (other), info->findings[0]) == 0)
        mc_finding_skip (other, cause);
    }
  mc_finding_skip (own, cause);
}

static gboolean
explanations_final (McCheckup *self,
                    guint      p)
{
  const McProbeInfo *info = &mc_probe_plan[p];

  for (guint d = 0; d < MC_PLAN_MAX_DEPS && info->explained_by[d] != NULL; d++)
    {
      if (!finding_is_final (self, info->explained_by[d]))
        return FALSE;
    }
  return TRUE;
}

/* Marks probes done whose task returned and whose explanations are final:
 * attribution first, then their findings count as final for others. */
static gboolean
settle_probes (McCheckup *self)
{
  gboolean changed = FALSE;

  for (guint p = 0; p < N_PROBES; p++)
    {
      ProbeState *state = &self->states[p];

      if (state->returned && !state->done && explanations_final (self, p))
        {
          attribute_failure (self, p);
          state->done = TRUE;
          changed = TRUE;
        }
    }
  return changed;
}

/* Why a probe's findings have no result of their own. */
typedef enum
{
  UNFINISHED_CANCELLED,
  UNFINISHED_TIMEOUT,
  UNFINISHED_FAILED,
  UNFINISHED_NO_RESULT,
} Unfinished;

typedef struct
{
  Unfinished    why;
  guint         seconds;   /* UNFINISHED_TIMEOUT */
  const GError *error;     /* UNFINISHED_FAILED */
} UnfinishedText;

static void
unfinished_text (McFinding *finding,
                 gpointer   user_data)
{
  const UnfinishedText *t = user_data;

  switch (t->why)
    {
    case UNFINISHED_TIMEOUT:
      mc_finding_complete (finding, MC_STATUS_ERROR, "check-timeout",
                           /* Translators: %u is a number of seconds. */
                           _("The check did not finish within %u seconds"), t->seconds);
      break;
    case UNFINISHED_FAILED:
      /* The error's message is in the language of the process. */
      mc_finding_complete (finding, MC_STATUS_ERROR, "check-failed",
                           _("The check could not be done: %s"), t->error->message);
      break;
    case UNFINISHED_NO_RESULT:
      mc_finding_complete (finding, MC_STATUS_ERROR, "check-failed", "%s",
                           _("The check gave no result"));
      break;
    case UNFINISHED_CANCELLED:
    default:
      mc_finding_complete (finding, MC_STATUS_ERROR, NULL, "%s", _("Cancelled"));
      break;
    }
}

static void
complete_unfinished (McCheckup            *self,
                     guint                 p,
                     const UnfinishedText *text)
{
  for (guint f = 0; f < MC_PLAN_MAX_OWNED && mc_probe_plan[p].findings[f] != NULL; f++)
    {
      McFinding *finding = finding_by_id (self, mc_probe_plan[p].findings[f]);

      if (!mc_status_is_done (mc_finding_get_status (finding)))
        mc_finding_complete_twice (finding, unfinished_text, (gpointer) text);
    }
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(McCheckup) self = user_data;
  g_autoptr(GError) error = NULL;
  ProbeState *state = NULL;
  guint p;

  for (p = 0; p < N_PROBES; p++)
    {
      if (finding_by_id (self, mc_probe_plan[p].findings[0]) == MC_FINDING (source))
        {
          state = &self->states[p];
          break;
        }
    }
  g_assert (state != NULL);

  g_clear_handle_id (&state->watchdog_id, g_source_remove);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      UnfinishedText text = { UNFINISHED_FAILED, 0, error };

      if (state->watchdog_fired)
        {
          text.why = UNFINISHED_TIMEOUT;
          text.seconds = mc_probe_plan[p].budget * self->timeout_s;
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text.why = UNFINISHED_CANCELLED;
      complete_unfinished (self, p, &text);
    }
  else
    {
      UnfinishedText text = { UNFINISHED_NO_RESULT, 0, NULL };

      /* A probe that forgot a result is a bug; never leave a row spinning. */
      for (guint f = 0; f < MC_PLAN_MAX_OWNED && mc_probe_plan[p].findings[f] != NULL; f++)
        {
          if (!mc_status_is_done (mc_finding_get_status (finding_by_id (self, mc_probe_plan[p].findings[f]))))
            g_critical ("Probe %s returned without a result for %s", mc_probe_plan[p].findings[0],
                        mc_probe_plan[p].findings[f]);
        }
      complete_unfinished (self, p, &text);
    }

  state->returned = TRUE;
  g_clear_object (&state->cancellable);
  set_n_running (self, self->n_running - 1);

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
             guint      p)
{
  const McProbeInfo *info = &mc_probe_plan[p];
  ProbeState *state = &self->states[p];
  GCancellable *run_cancellable = g_task_get_cancellable (self->task);

  state->started = TRUE;
  state->cancellable = g_cancellable_new ();
  if (run_cancellable != NULL && g_cancellable_is_cancelled (run_cancellable))
    g_cancellable_cancel (state->cancellable);

  /* A safety net: every probe has its own deadlines; this one only catches a
   * probe that overran them, so that the checkup always ends. */
  state->watchdog_id = g_timeout_add_once (info->budget * self->timeout_s * 1000 + 1000,
                                           watchdog_cb, state);

  set_n_running (self, self->n_running + 1);
  for (guint f = 0; f < MC_PLAN_MAX_OWNED && info->findings[f] != NULL; f++)
    mc_finding_begin (finding_by_id (self, info->findings[f]));

  info->run (&self->ctx, finding_by_id (self, info->findings[0]), state->cancellable,
             probe_done_cb, g_object_ref (self));
}

/* Starts every probe whose dependencies are final, skips every probe that a
 * failed dependency blocks, and settles returned probes, until nothing more
 * changes. */
static void
try_start_probes (McCheckup *self)
{
  gboolean changed = TRUE;

  while (changed)
    {
      changed = settle_probes (self);

      for (guint p = 0; p < N_PROBES; p++)
        {
          const McProbeInfo *info = &mc_probe_plan[p];
          ProbeState *state = &self->states[p];
          McFinding *blocker = NULL;
          gboolean ready = TRUE;

          if (state->started || state->done)
            continue;

          for (guint d = 0; d < MC_PLAN_MAX_DEPS && info->needs[d] != NULL; d++)
            {
              McFinding *need = finding_by_id (self, info->needs[d]);

              if (!finding_is_final (self, info->needs[d]))
                ready = FALSE;
              else if (mc_status_blocks (mc_finding_get_status (need)) && blocker == NULL)
                blocker = root_cause (self, need);
            }

          if (blocker != NULL)
            {
              for (guint f = 0; f < MC_PLAN_MAX_OWNED && info->findings[f] != NULL; f++)
                mc_finding_skip (finding_by_id (self, info->findings[f]), blocker);
              state->returned = state->done = TRUE;
              changed = TRUE;
              continue;
            }

          for (guint d = 0; d < MC_PLAN_MAX_DEPS && info->after[d] != NULL; d++)
            {
              if (!finding_is_final (self, info->after[d]))
                ready = FALSE;
            }
          if (info->uses_password && self->password_pending)
            ready = FALSE;

          if (ready)
            {
              start_probe (self, p);
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

  for (guint p = 0; p < N_PROBES; p++)
    {
      ProbeState *state = &self->states[p];

      if (state->cancellable != NULL)
        g_cancellable_cancel (state->cancellable);
      if (!state->started && !state->done)
        {
          UnfinishedText text = { UNFINISHED_CANCELLED, 0, NULL };

          complete_unfinished (self, p, &text);
          state->returned = state->done = TRUE;
        }
    }
  try_start_probes (self);
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

typedef struct
{
  McCheckup *self;
  guint      serial;
} LookupData;

static void
password_lookup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LookupData *data = user_data;
  g_autoptr(McCheckup) self = data->self;
  g_autoptr(GError) error = NULL;
  char *password = mc_secrets_lookup_finish (MC_ACCOUNT (source), result, &error);

  /* A run that has ended (cancelled, or all its probes gave up) has no use
   * for the password any more. */
  if (self->task == NULL || data->serial != self->run_serial)
    {
      mc_password_free (password);
      g_free (data);
      return;
    }
  g_free (data);

  self->password_pending = FALSE;
  if (password != NULL)
    self->ctx.password = password;
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->ctx.password_problem = g_steal_pointer (&error);

  try_start_probes (self);
  if (self->task != NULL)
    maybe_finish (self);
}

/* The account's stored password, asked for when the run starts so that the
 * Secret Service round trip overlaps the DNS and connection work before the
 * log-in. */
static void
start_password_lookup (McCheckup *self)
{
  LookupData *data;

  g_clear_error (&self->ctx.password_problem);
  if (self->ctx.password_given ||
      mc_account_get_password_source (self->account) == MC_PASSWORD_SOURCE_NONE)
    return;

  data = g_new0 (LookupData, 1);
  data->self = g_object_ref (self);
  data->serial = self->run_serial;
  self->password_pending = TRUE;
  mc_secrets_lookup_async (self->account, g_task_get_cancellable (self->task),
                           password_lookup_cb, data);
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
  if (!mc_account_validate_server (self->account, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  memset (self->states, 0, sizeof (ProbeState) * N_PROBES);
  for (guint i = 0; i < N_FINDINGS; i++)
    mc_finding_reset (self->finding_by_index[i]);
  self->ctx.account = self->account;
  self->ctx.resolver = self->resolver;
  self->ctx.timeout_ms = self->timeout_s * 1000;
  mc_probe_context_reset_facts (&self->ctx);
  self->ctx.domain = mc_probe_domain_of_address (mc_account_get_email (self->account));
  self->ctx.recipient_domain = mc_probe_domain_of_address (self->ctx.recipient);

  g_clear_pointer (&self->started_at, g_date_time_unref);
  self->started_at = g_date_time_new_now_utc ();
  self->started_us = g_get_monotonic_time ();
  self->ctx.started_us = self->started_us;
  self->task = g_steal_pointer (&task);
  self->run_serial++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (cancellable != NULL)
    {
      self->run_cancellable = g_object_ref (cancellable);
      self->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (run_cancelled_cb),
                                                    self, NULL);
    }

  start_password_lookup (self);
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
