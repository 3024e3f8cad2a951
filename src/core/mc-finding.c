/* mc-finding.c: one result of a checkup: id, group, status, summary, evidence, guidance.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

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
  /* The same texts in each report language (mc_i18n_language_index): the
   * summary, and the details of the other language (see
   * mc_finding_complete_twice()). summary is the one last set. */
  char       *summaries[MC_I18N_N_LANGUAGES];
  GString    *other_details[MC_I18N_N_LANGUAGES];
  int         details_language;
  int         capture_language;   /* -1 unless inside a second pass */
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

/* Forgets the details made for the other language. */
static void
clear_other_details (McFinding *self)
{
  for (guint i = 0; i < MC_I18N_N_LANGUAGES; i++)
    {
      if (self->other_details[i] != NULL)
        g_string_free (self->other_details[i], TRUE);
      self->other_details[i] = NULL;
    }
}

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
  for (guint i = 0; i < MC_I18N_N_LANGUAGES; i++)
    g_clear_pointer (&self->summaries[i], g_free);
  clear_other_details (self);

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
    case PROP_TITLE:       g_value_set_string (value, mc_finding_get_title (self)); break;
    case PROP_STATUS:      g_value_set_enum (value, self->status); break;
    case PROP_SUMMARY:     g_value_set_string (value, mc_finding_get_summary (self)); break;
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
  self->details_language = -1;
  self->capture_language = -1;
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
  /* Kept untranslated (the plan's N_() string): translated on each use, so
   * that a report in the other language has its titles too. */
  return _(self->title);
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

  if (self->capture_language >= 0)
    return;
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

const char *
mc_finding_get_summary (McFinding *self)
{
  int lang;

  g_return_val_if_fail (MC_IS_FINDING (self), NULL);

  lang = mc_i18n_language_index (mc_i18n_get_language ());
  if (lang >= 0 && self->summaries[lang] != NULL)
    return self->summaries[lang];
  return self->summary;
}

/* Sets the summary in the language _() gives now. Outside a second pass
 * (mc_finding_complete_twice()) this forgets the other language's summary,
 * which described an earlier result. */
void
mc_finding_set_summary (McFinding  *self,
                        const char *summary)
{
  int lang;

  g_return_if_fail (MC_IS_FINDING (self));

  lang = mc_i18n_language_index (mc_i18n_get_language ());
  if (self->capture_language >= 0)
    {
      replace_string (&self->summaries[self->capture_language], summary);
      return;
    }
  for (guint i = 0; i < MC_I18N_N_LANGUAGES; i++)
    g_clear_pointer (&self->summaries[i], g_free);
  if (lang >= 0)
    self->summaries[lang] = g_strdup (summary);
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

  if (self->capture_language >= 0)
    return;
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

  if (self->capture_language >= 0)
    return;
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

  if (self->capture_language >= 0)
    return;
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

  if (evidence == self->evidence || self->capture_language >= 0)
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
  int lang;

  g_return_val_if_fail (MC_IS_FINDING (self), NULL);

  lang = mc_i18n_language_index (mc_i18n_get_language ());
  if (lang >= 0 && lang != self->details_language && self->other_details[lang] != NULL)
    return self->other_details[lang]->len > 0 ? self->other_details[lang]->str : NULL;
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

  if (self->capture_language >= 0)
    {
      GString *other = self->other_details[self->capture_language];

      if (other->len > 0)
        g_string_append_c (other, '\n');
      va_start (args, format);
      g_string_append_vprintf (other, format, args);
      va_end (args);
      return;
    }

  if (self->details == NULL)
    self->details = g_string_new (NULL);
  else
    g_string_append_c (self->details, '\n');
  if (self->details_language < 0)
    self->details_language = mc_i18n_language_index (mc_i18n_get_language ());
  /* A detail added after a second pass is in one language only: the other
   * language shows the details as they are. */
  clear_other_details (self);

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

  if (self->capture_language >= 0)
    {
      mc_finding_set_summary (self, summary);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->started_us != 0)
    mc_finding_set_duration_ms (self, (g_get_monotonic_time () - self->started_us) / 1000);
  mc_finding_set_guidance (self, guidance);
  mc_finding_set_summary (self, summary);
  mc_finding_set_status (self, status);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
skip_text (McFinding *self,
           gpointer   user_data)
{
  McFinding *root_cause = user_data;

  /* Translators: %s is the title of another check, e.g. “Server address”. */
  mc_finding_complete (self, MC_STATUS_SKIPPED, NULL,
                       _("Not checked, because “%s” did not pass."),
                       mc_finding_get_title (root_cause));
}

/* Completes the finding in both report languages: func runs once as usual,
 * then once more with _() translating into the other language, when only
 * the summary and the details it writes are kept (status, guidance and
 * evidence are left as the first run set them). func must have no effect
 * other than on the finding, since it runs twice. A text function may
 * itself call this (through a helper) for the same finding. */
void
mc_finding_complete_twice (McFinding         *self,
                           McFindingTextFunc  func,
                           gpointer           user_data)
{
  const char *current;
  const char *other;
  const char *previous;
  gsize details_before;
  GString *base;
  int other_index;

  g_return_if_fail (MC_IS_FINDING (self));
  g_return_if_fail (func != NULL);

  /* Called from a text function during its second pass (a shared helper
   * that completes the finding, say): that pass already writes the other
   * language, so func runs once, in it. */
  if (self->capture_language >= 0)
    {
      func (self, user_data);
      return;
    }

  current = mc_i18n_get_language ();
  other = mc_i18n_get_other_language (current);
  other_index = mc_i18n_language_index (other);

  /* The other language's details start from those written before: the
   * other language's version where an earlier second pass made one (only
   * kept while no plain detail came since), else the plain ones
   * (transcripts, records: the same in every language). */
  details_before = self->details ? self->details->len : 0;
  base = g_steal_pointer (&self->other_details[other_index]);
  func (self, user_data);

  if (base == NULL)
    base = g_string_new_len (self->details ? self->details->str : "", details_before);
  clear_other_details (self);
  self->other_details[other_index] = base;
  if (self->details_language < 0)
    self->details_language = mc_i18n_language_index (current);

  previous = mc_i18n_push_language (other);
  self->capture_language = other_index;
  func (self, user_data);
  self->capture_language = -1;
  mc_i18n_pop_language (previous);
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
  mc_finding_complete_twice (self, skip_text, root_cause);
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
  clear_other_details (self);
  self->details_language = -1;
  if (self->details != NULL)
    {
      g_string_free (self->details, TRUE);
      self->details = NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
