/* mc-finding.c: one result of a checkup: id, group, status, summary, evidence, guidance.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-enum-types.h"
#include "mc-finding.h"

struct _McFinding
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  char       *summary;
  char       *guidance;
  char       *blocked_by;
  JsonObject *evidence;
  GString    *details;
  gint64      started_us;
  gint64      duration_ms;
  McGroup     group;
  McStatus    status;
};

G_DEFINE_FINAL_TYPE (McFinding, mc_finding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_GROUP,
  PROP_TITLE,
  PROP_STATUS,
  PROP_SUMMARY,
  PROP_GUIDANCE,
  PROP_BLOCKED_BY,
  PROP_DURATION_MS,
  PROP_EVIDENCE,
  PROP_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_finding_finalize (GObject *object)
{
  McFinding *self = (McFinding *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->guidance, g_free);
  g_clear_pointer (&self->blocked_by, g_free);
  g_clear_pointer (&self->evidence, json_object_unref);
  if (self->details != NULL)
    g_string_free (self->details, TRUE);

  G_OBJECT_CLASS (mc_finding_parent_class)->finalize (object);
}

static void
mc_finding_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  McFinding *self = MC_FINDING (object);

  switch (prop_id)
    {
    case PROP_ID:          g_value_set_string (value, self->id); break;
    case PROP_GROUP:       g_value_set_enum (value, self->group); break;
    case PROP_TITLE:       g_value_set_string (value, self->title); break;
    case PROP_STATUS:      g_value_set_enum (value, self->status); break;
    case PROP_SUMMARY:     g_value_set_string (value, self->summary); break;
    case PROP_GUIDANCE:    g_value_set_string (value, self->guidance); break;
    case PROP_BLOCKED_BY:  g_value_set_string (value, self->blocked_by); break;
    case PROP_DURATION_MS: g_value_set_int64 (value, self->duration_ms); break;
    case PROP_EVIDENCE:    g_value_set_boxed (value, self->evidence); break;
    case PROP_DETAILS:     g_value_set_string (value, mc_finding_get_details (self)); break;
    default:               G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_finding_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  McFinding *self = MC_FINDING (object);

  switch (prop_id)
    {
    case PROP_ID:          self->id = g_value_dup_string (value); break;
    case PROP_GROUP:       self->group = g_value_get_enum (value); break;
    case PROP_TITLE:       self->title = g_value_dup_string (value); break;
    case PROP_STATUS:      mc_finding_set_status (self, g_value_get_enum (value)); break;
    case PROP_SUMMARY:     mc_finding_set_summary (self, g_value_get_string (value)); break;
    case PROP_GUIDANCE:    mc_finding_set_guidance (self, g_value_get_string (value)); break;
    case PROP_BLOCKED_BY:  mc_finding_set_blocked_by (self, g_value_get_string (value)); break;
    case PROP_DURATION_MS: mc_finding_set_duration_ms (self, g_value_get_int64 (value)); break;
    case PROP_EVIDENCE:    mc_finding_set_evidence (self, g_value_get_boxed (value)); break;
    default:               G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_finding_class_init (McFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = mc_finding_finalize;
  object_class->get_property = mc_finding_get_property;
  object_class->set_property = mc_finding_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, co);
  properties[PROP_GROUP] = g_param_spec_enum ("group", NULL, NULL, MC_TYPE_GROUP,
                                              MC_GROUP_NETWORK, co);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, co);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, MC_TYPE_STATUS,
                                               MC_STATUS_PENDING, rw);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, rw);
  properties[PROP_GUIDANCE] = g_param_spec_string ("guidance", NULL, NULL, NULL, rw);
  properties[PROP_BLOCKED_BY] = g_param_spec_string ("blocked-by", NULL, NULL, NULL, rw);
  properties[PROP_DURATION_MS] = g_param_spec_int64 ("duration-ms", NULL, NULL,
                                                     0, G_MAXINT64, 0, rw);
  properties[PROP_EVIDENCE] = g_param_spec_boxed ("evidence", NULL, NULL, JSON_TYPE_OBJECT, rw);
  properties[PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_finding_init (McFinding *self)
{
  self->status = MC_STATUS_PENDING;
  self->evidence = json_object_new ();
}

McFinding *
mc_finding_new (const char *id,
                McGroup     group,
                const char *title)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (MC_TYPE_FINDING,
                       "id", id,
                       "group", group,
                       "title", title ? title : id,
                       NULL);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

const char *
mc_finding_get_id (McFinding *self)
{
  g_return_val_if_fail (MC_IS_FINDING (self), NULL);
  return self->id;
}

McGroup
mc_finding_get_group (McFinding *self)
{
  g_return_val_if_fail (MC_IS_FINDING (self), MC_GROUP_NETWORK);
  return self->group;
}

const char *
mc_finding_get_title (McFinding *self)
{
  g_return_val_if_fail (MC_IS_FINDING (self), NULL);
  return self->title;
}

McStatus
mc_finding_get_status (McFinding *self)
{
  g_return_val_if_fail (MC_IS_FINDING (self), MC_STATUS_ERROR);
  return self->status;
}

void
mc_finding_set_status (McFinding *self,
                       McStatus   status)
{
  g_return_if_fail (MC_IS_FINDING (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

const char *
mc_finding_get_summary (McFinding *self)
{
  g_return_val_if_fail (MC_IS_FINDING (self), NULL);
  return self->summary;
}

void
mc_finding_set_summary (McFinding  *self,
                        const char *summary)
{
  g_return_if_fail (MC_IS_FINDING (self));

  if (replace_string (&self->summary, summary))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

const char *
mc_finding_get_guidance (McFinding *self)
{
  g_return_val_if_fail (MC_IS_FINDING (self), NULL);
  return self->guidance;
}

void
mc_finding_set_guidance (McFinding  *self,
                         const char *guidance)
{
  g_return_if_fail (MC_IS_FINDING (self));

  if (replace_string (&self->guidance, guidance))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUIDANCE]);
}

const char *
mc_finding_get_blocked_by (McFinding *self)
{
  g_return_val_if_fail (MC_IS_FINDING (self), NULL);
  return self->blocked_by;
}

void
mc_finding_set_blocked_by (McFinding  *self,
                           const char *blocked_by)
{
  g_return_if_fail (MC_IS_FINDING (self));

  if (replace_string (&self->blocked_by, blocked_by))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_BY]);
}

gint64
mc_finding_get_duration_ms (McFinding *self)
{
  g_return_val_if_fail (MC_IS_FINDING (self), 0);
  return self->duration_ms;
}

void
mc_finding_set_duration_ms (McFinding *self,
                            gint64     duration_ms)
{
  g_return_if_fail (MC_IS_FINDING (self));

  if (self->duration_ms != duration_ms)
    {
      self->duration_ms = duration_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
    }
}

/* The structured evidence, as written into the JSON report. Probes add
 * members to it; the object always exists. */
JsonObject *
mc_finding_get_evidence (McFinding *self)
{
  g_return_val_if_fail (MC_IS_FINDING (self), NULL);
  return self->evidence;
}

void
mc_finding_set_evidence (McFinding  *self,
                         JsonObject *evidence)
{
  g_return_if_fail (MC_IS_FINDING (self));

  if (evidence == self->evidence)
    return;
  g_clear_pointer (&self->evidence, json_object_unref);
  self->evidence = evidence ? json_object_ref (evidence) : json_object_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVIDENCE]);
}

/* The technical evidence for people: reply lines, records and timings, one
 * per line, as shown in the dashboard and the text report. */
const char *
mc_finding_get_details (McFinding *self)
{
  g_return_val_if_fail (MC_IS_FINDING (self), NULL);
  return self->details ? self->details->str : NULL;
}

void
mc_finding_add_detail (McFinding  *self,
                       const char *format,
                       ...)
{
  va_list args;

  g_return_if_fail (MC_IS_FINDING (self));
  g_return_if_fail (format != NULL);

  if (self->details == NULL)
    self->details = g_string_new (NULL);
  else
    g_string_append_c (self->details, '\n');

  va_start (args, format);
  g_string_append_vprintf (self->details, format, args);
  va_end (args);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
}

/* Marks the finding as running and starts its clock. */
void
mc_finding_begin (McFinding *self)
{
  g_return_if_fail (MC_IS_FINDING (self));

  self->started_us = g_get_monotonic_time ();
  mc_finding_set_status (self, MC_STATUS_RUNNING);
}

/* Records the result of the probe in one go: observers see a single burst of
 * notifications with every field already consistent. */
void
mc_finding_complete (McFinding  *self,
                     McStatus    status,
                     const char *guidance,
                     const char *summary_format,
                     ...)
{
  g_autofree char *summary = NULL;
  va_list args;

  g_return_if_fail (MC_IS_FINDING (self));
  g_return_if_fail (mc_status_is_done (status));
  g_return_if_fail (summary_format != NULL);

  va_start (args, summary_format);
  summary = g_strdup_vprintf (summary_format, args);
  va_end (args);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->started_us != 0)
    mc_finding_set_duration_ms (self, (g_get_monotonic_time () - self->started_us) / 1000);
  mc_finding_set_guidance (self, guidance);
  mc_finding_set_summary (self, summary);
  mc_finding_set_status (self, status);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Marks the finding as not run because root_cause failed; the summary names it. */
void
mc_finding_skip (McFinding *self,
                 McFinding *root_cause)
{
  g_return_if_fail (MC_IS_FINDING (self));
  g_return_if_fail (MC_IS_FINDING (root_cause));

  g_object_freeze_notify (G_OBJECT (self));
  mc_finding_set_blocked_by (self, root_cause->id);
  mc_finding_set_duration_ms (self, 0);
  mc_finding_set_guidance (self, NULL);
  /* Translators: %s is the title of another check, e.g. “Server address”. */
  mc_finding_complete (self, MC_STATUS_SKIPPED, NULL,
                       _("Not checked, because “%s” did not pass."), root_cause->title);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Clears the result so that the finding can run again. */
void
mc_finding_reset (McFinding *self)
{
  g_return_if_fail (MC_IS_FINDING (self));

  g_object_freeze_notify (G_OBJECT (self));
  self->started_us = 0;
  mc_finding_set_status (self, MC_STATUS_PENDING);
  mc_finding_set_summary (self, NULL);
  mc_finding_set_guidance (self, NULL);
  mc_finding_set_blocked_by (self, NULL);
  mc_finding_set_duration_ms (self, 0);
  mc_finding_set_evidence (self, NULL);
  if (self->details != NULL)
    {
      g_string_free (self->details, TRUE);
      self->details = NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
