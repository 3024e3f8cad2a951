/* mc-report.c: the result of a finished checkup, and its text, Markdown and JSON renderings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-guidance.h"
#include "mc-report.h"

struct _McReport
{
  GObject    parent_instance;

  McAccount *account;
  GDateTime *started_at;
  GPtrArray *findings;
  gint64     duration_ms;
  gboolean   verbose;
};

G_DEFINE_FINAL_TYPE (McReport, mc_report, G_TYPE_OBJECT)

static void
mc_report_finalize (GObject *object)
{
  McReport *self = (McReport *) object;

  g_clear_object (&self->account);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_report_parent_class)->finalize (object);
}

static void
mc_report_class_init (McReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_report_finalize;
}

static void
mc_report_init (McReport *self)
{
}

/* Takes a snapshot: the report keeps its own copy of the account and its own
 * references to the findings, in plan order. */
McReport *
mc_report_new (McAccount *account,
               GDateTime *started_at,
               gint64     duration_ms,
               GPtrArray *findings)
{
  McReport *self;

  g_return_val_if_fail (MC_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (started_at != NULL, NULL);
  g_return_val_if_fail (findings != NULL, NULL);

  self = g_object_new (MC_TYPE_REPORT, NULL);
  self->account = mc_account_copy (account);
  self->started_at = g_date_time_ref (started_at);
  self->duration_ms = duration_ms;
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < findings->len; i++)
    g_ptr_array_add (self->findings, g_object_ref (g_ptr_array_index (findings, i)));

  return self;
}

/* Whether the text and Markdown renderings show the technical details of
 * every finding, not only of those that need attention. */
void
mc_report_set_verbose (McReport *self,
                       gboolean  verbose)
{
  g_return_if_fail (MC_IS_REPORT (self));
  self->verbose = !!verbose;
}

McAccount *
mc_report_get_account (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);
  return self->account;
}

GDateTime *
mc_report_get_started_at (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);
  return self->started_at;
}

gint64
mc_report_get_duration_ms (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), 0);
  return self->duration_ms;
}

GPtrArray *
mc_report_get_findings (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);
  return self->findings;
}

McFinding *
mc_report_lookup_finding (McReport   *self,
                          const char *id)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);

  for (guint i = 0; i < self->findings->len; i++)
    {
      McFinding *finding = g_ptr_array_index (self->findings, i);

      if (g_strcmp0 (mc_finding_get_id (finding), id) == 0)
        return finding;
    }
  return NULL;
}

/* fail outranks error ("could not test" is never the user's fault, so a real
 * failure is the better headline), error outranks warn, warn outranks ok. */
static int
severity (McStatus status)
{
  switch (status)
    {
    case MC_STATUS_FAIL:    return 4;
    case MC_STATUS_ERROR:   return 3;
    case MC_STATUS_WARN:    return 2;
    case MC_STATUS_OK:
    case MC_STATUS_INFO:
    case MC_STATUS_SKIPPED:
    case MC_STATUS_PENDING:
    case MC_STATUS_RUNNING:
    default:                return 0;
    }
}

McStatus
mc_findings_overall_status (GPtrArray *findings)
{
  int worst = 0;

  g_return_val_if_fail (findings != NULL, MC_STATUS_ERROR);

  for (guint i = 0; i < findings->len; i++)
    worst = MAX (worst, severity (mc_finding_get_status (g_ptr_array_index (findings, i))));

  switch (worst)
    {
    case 4:  return MC_STATUS_FAIL;
    case 3:  return MC_STATUS_ERROR;
    case 2:  return MC_STATUS_WARN;
    default: return MC_STATUS_OK;
    }
}

/* The root cause: the first finding, in plan order, with the worst status.
 * Plan order puts what others depend on first, and what a finding blocked is
 * skipped rather than failed, so the first one is the cause, not a symptom. */
McFinding *
mc_findings_headline (GPtrArray *findings)
{
  McStatus overall = mc_findings_overall_status (findings);

  if (overall == MC_STATUS_OK)
    return NULL;

  for (guint i = 0; i < findings->len; i++)
    {
      McFinding *finding = g_ptr_array_index (findings, i);

      if (mc_finding_get_status (finding) == overall)
        return finding;
    }
  return NULL;
}

McStatus
mc_report_get_overall_status (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), MC_STATUS_ERROR);
  return mc_findings_overall_status (self->findings);
}

McFinding *
mc_report_get_headline (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);
  return mc_findings_headline (self->findings);
}

/* 0: nothing failed and everything could be tested; 1 otherwise. */
int
mc_report_get_exit_status (McReport *self)
{
  McStatus overall = mc_report_get_overall_status (self);

  return (overall == MC_STATUS_FAIL || overall == MC_STATUS_ERROR) ? 1 : 0;
}

/* A duration for people: "under 1 ms", "12 ms" below a second, "3.4 s" above. */
char *
mc_format_duration (gint64 ms)
{
  if (ms < 1)
    /* Translators: a duration too short to count in milliseconds. */
    return g_strdup (_("under 1 ms"));
  if (ms < 1000)
    /* Translators: a duration in milliseconds. */
    return g_strdup_printf (_("%d ms"), (int) ms);
  /* Translators: a duration in seconds, with one decimal. */
  return g_strdup_printf (_("%.1f s"), ms / 1000.0);
}

/* Masks the user part of an address: "taro@example.jp" → "***@example.jp". */
char *
mc_redact_address (const char *address)
{
  const char *at;

  if (address == NULL)
    return NULL;
  at = strrchr (address, '@');
  if (at == NULL)
    return g_strdup ("***");
  return g_strconcat ("***", at, NULL);
}

/* Redaction of free text: every occurrence of the account's address and user
 * name is masked, wherever a probe may have quoted it. */
typedef struct
{
  char    *needles[2];
  char    *replacements[2];
  gboolean redact;
} Redactor;

static void
redactor_init (Redactor  *r,
               McAccount *account,
               gboolean   redact)
{
  const char *email = mc_account_get_email (account);
  const char *user = mc_account_get_user (account);

  memset (r, 0, sizeof *r);
  r->redact = redact;
  if (!redact)
    return;
  if (email != NULL && *email != '\0')
    {
      r->needles[0] = g_strdup (email);
      r->replacements[0] = mc_redact_address (email);
    }
  if (user != NULL && *user != '\0' && g_strcmp0 (user, email) != 0)
    {
      r->needles[1] = g_strdup (user);
      r->replacements[1] = strchr (user, '@') ? mc_redact_address (user) : g_strdup ("***");
    }
}

static void
redactor_clear (Redactor *r)
{
  for (guint i = 0; i < G_N_ELEMENTS (r->needles); i++)
    {
      g_free (r->needles[i]);
      g_free (r->replacements[i]);
    }
}

/* The user part of any address: the recipient's, the sender's in a
 * transcript. The domain stays, since support needs it. */
static GRegex *
address_regex (void)
{
  static GRegex *regex;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      regex = g_regex_new ("(?<![\\w.%+*-])[\\w.%+'-]+@(?=[\\w-]+(\\.[\\w-]+)+)",
                           G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (regex != NULL);
      g_once_init_leave (&initialised, 1);
    }
  return regex;
}

static char *
redact_text (Redactor   *r,
             const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_new (text);
  if (!r->redact)
    return g_string_free (out, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (r->needles); i++)
    {
      if (r->needles[i] != NULL)
        g_string_replace (out, r->needles[i], r->replacements[i], 0);
    }
  {
    g_autofree char *masked = g_regex_replace_literal (address_regex (), out->str, -1, 0,
                                                       "***@", 0, NULL);

    if (masked != NULL)
      {
        g_string_free (out, TRUE);
        return g_steal_pointer (&masked);
      }
  }
  return g_string_free (out, FALSE);
}

static JsonNode *
redact_node (Redactor *r,
             JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *in = json_node_get_object (node);
        JsonObject *out = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        JsonNode *result = json_node_new (JSON_NODE_OBJECT);

        json_object_iter_init (&iter, in);
        while (json_object_iter_next (&iter, &name, &member))
          json_object_set_member (out, name, redact_node (r, member));
        json_node_take_object (result, out);
        return result;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *in = json_node_get_array (node);
        JsonArray *out = json_array_sized_new (json_array_get_length (in));
        JsonNode *result = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (in); i++)
          json_array_add_element (out, redact_node (r, json_array_get_element (in, i)));
        json_node_take_array (result, out);
        return result;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *text = redact_text (r, json_node_get_string (node));
          JsonNode *result = json_node_new (JSON_NODE_VALUE);

          json_node_set_string (result, text);
          return result;
        }
      return json_node_copy (node);
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

static char *
format_utc (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The JSON report, schema mail-checkup/1 as fixed in DESIGN.md. */
char *
mc_report_to_json (McReport *self,
                   gboolean  redact)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *started = NULL;
  g_autofree char *email = NULL;
  McFinding *headline;
  Redactor r;

  g_return_val_if_fail (MC_IS_REPORT (self), NULL);

  redactor_init (&r, self->account, redact);
  started = format_utc (self->started_at);
  email = redact_text (&r, mc_account_get_email (self->account));
  headline = mc_report_get_headline (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, MC_REPORT_SCHEMA);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_string_value (builder, started);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, self->duration_ms);

  json_builder_set_member_name (builder, "account");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "email", email);
  add_string_or_null (builder, "host", mc_account_get_host (self->account));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, mc_account_get_effective_port (self->account));
  json_builder_set_member_name (builder, "security");
  json_builder_add_string_value (builder, mc_security_to_string (mc_account_get_security (self->account)));
  add_string_or_null (builder, "source", mc_account_get_source (self->account));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "overall");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, mc_status_to_string (mc_report_get_overall_status (self)));
  add_string_or_null (builder, "headline", headline ? mc_finding_get_id (headline) : NULL);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->findings->len; i++)
    {
      McFinding *finding = g_ptr_array_index (self->findings, i);
      g_autofree char *summary = redact_text (&r, mc_finding_get_summary (finding));
      g_autoptr(JsonNode) evidence_in = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (evidence_in, mc_finding_get_evidence (finding));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, mc_finding_get_id (finding));
      json_builder_set_member_name (builder, "group");
      json_builder_add_string_value (builder, mc_group_to_string (mc_finding_get_group (finding)));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, mc_status_to_string (mc_finding_get_status (finding)));
      add_string_or_null (builder, "summary", summary);
      add_string_or_null (builder, "guidance", mc_finding_get_guidance (finding));
      add_string_or_null (builder, "blocked_by", mc_finding_get_blocked_by (finding));
      json_builder_set_member_name (builder, "duration_ms");
      json_builder_add_int_value (builder, mc_finding_get_duration_ms (finding));
      json_builder_set_member_name (builder, "evidence");
      json_builder_add_value (builder, redact_node (&r, evidence_in));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  redactor_clear (&r);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

static const char *
text_mark (McStatus status)
{
  switch (status)
    {
    case MC_STATUS_OK:      return "[ OK ]";
    case MC_STATUS_INFO:    return "[INFO]";
    case MC_STATUS_WARN:    return "[WARN]";
    case MC_STATUS_FAIL:    return "[FAIL]";
    case MC_STATUS_ERROR:   return "[ ?? ]";
    case MC_STATUS_SKIPPED: return "[ -- ]";
    case MC_STATUS_PENDING:
    case MC_STATUS_RUNNING:
    default:                return "[ .. ]";
    }
}

static const char *
markdown_mark (McStatus status)
{
  switch (status)
    {
    case MC_STATUS_OK:      return "✅";
    case MC_STATUS_INFO:    return "ℹ️";
    case MC_STATUS_WARN:    return "⚠️";
    case MC_STATUS_FAIL:    return "❌";
    case MC_STATUS_ERROR:   return "❔";
    case MC_STATUS_SKIPPED: return "➖";
    case MC_STATUS_PENDING:
    case MC_STATUS_RUNNING:
    default:                return "⏳";
    }
}

static char *
format_local (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S %Z");
}

static void
append_account_line (GString   *out,
                     McReport  *self,
                     Redactor  *r)
{
  g_autofree char *email = redact_text (r, mc_account_get_email (self->account));
  const char *host = mc_account_get_host (self->account);
  guint port = mc_account_get_effective_port (self->account);
  const char *security = mc_security_to_string (mc_account_get_security (self->account));

  if (email != NULL)
    /* Translators: account line of the report: address, server, port, security. */
    g_string_append_printf (out, _("Account: %s via %s:%u (%s)"), email, host, port, security);
  else
    /* Translators: account line of the report without an address: server, port, security. */
    g_string_append_printf (out, _("Server: %s:%u (%s)"), host, port, security);
  g_string_append_c (out, '\n');
}

static void
append_indented (GString    *out,
                 const char *text,
                 const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (out, "%s%s\n", indent, lines[i]);
}

/* What to do about the root cause, from the guidance catalogue. */
static void
append_guidance (GString    *out,
                 McFinding  *finding,
                 const char *indent)
{
  const McGuidance *guidance = finding ? mc_guidance_lookup (mc_finding_get_guidance (finding)) : NULL;
  g_autofree char *text = NULL;

  if (guidance == NULL)
    return;
  text = mc_guidance_to_text (guidance);
  g_strchomp (text);
  g_string_append_c (out, '\n');
  append_indented (out, text, indent);
}

/* The plain-text report for terminals and e-mail to a support desk. */
char *
mc_report_to_text (McReport *self,
                   gboolean  redact)
{
  GString *out = g_string_new (NULL);
  g_autofree char *when = NULL;
  McFinding *headline;
  McStatus overall;
  Redactor r;
  int group = -1;

  g_return_val_if_fail (MC_IS_REPORT (self), NULL);

  redactor_init (&r, self->account, redact);
  when = format_local (self->started_at);
  overall = mc_report_get_overall_status (self);
  headline = mc_report_get_headline (self);

  /* Translators: the first line of the text report: version, then date and time. */
  g_string_append_printf (out, _("Mail Checkup %s — %s"), PACKAGE_VERSION, when);
  g_string_append_c (out, '\n');
  append_account_line (out, self, &r);
  if (headline != NULL)
    {
      g_autofree char *summary = redact_text (&r, mc_finding_get_summary (headline));

      /* Translators: the verdict line: a status word and the root cause. */
      g_string_append_printf (out, _("Result: %s — %s"), mc_status_get_label (overall), summary);
    }
  else
    g_string_append_printf (out, _("Result: %s — every check passed"), mc_status_get_label (overall));
  g_string_append_c (out, '\n');
  append_guidance (out, headline, "  ");

  for (guint i = 0; i < self->findings->len; i++)
    {
      McFinding *finding = g_ptr_array_index (self->findings, i);
      McStatus status = mc_finding_get_status (finding);
      g_autofree char *summary = redact_text (&r, mc_finding_get_summary (finding));
      g_autofree char *details = redact_text (&r, mc_finding_get_details (finding));

      if ((int) mc_finding_get_group (finding) != group)
        {
          group = mc_finding_get_group (finding);
          g_string_append_printf (out, "\n%s\n", mc_group_get_title (group));
        }
      g_string_append_printf (out, "  %s %s: %s\n", text_mark (status),
                              mc_finding_get_title (finding), summary ? summary : "");
      if (details != NULL && (self->verbose || (status != MC_STATUS_OK && status != MC_STATUS_SKIPPED)))
        append_indented (out, details, "         ");
    }

  redactor_clear (&r);
  return g_string_free (out, FALSE);
}

/* Markdown for chat windows and tickets: a heading, the verdict, then one
 * bullet a finding with its evidence in a code block where it helps. */
char *
mc_report_to_markdown (McReport *self,
                       gboolean  redact)
{
  GString *out = g_string_new (NULL);
  g_autofree char *when = NULL;
  McFinding *headline;
  McStatus overall;
  Redactor r;
  int group = -1;

  g_return_val_if_fail (MC_IS_REPORT (self), NULL);

  redactor_init (&r, self->account, redact);
  when = format_local (self->started_at);
  overall = mc_report_get_overall_status (self);
  headline = mc_report_get_headline (self);

  g_string_append_printf (out, "# %s\n\n", _("Mail Checkup report"));
  g_string_append_printf (out, "%s %s · %s\n\n", _("Mail Checkup"), PACKAGE_VERSION, when);
  append_account_line (out, self, &r);
  g_string_append_c (out, '\n');
  if (headline != NULL)
    {
      g_autofree char *summary = redact_text (&r, mc_finding_get_summary (headline));

      g_string_append_printf (out, "**%s %s** — %s\n", markdown_mark (overall),
                              mc_status_get_label (overall), summary);
    }
  else
    g_string_append_printf (out, "**%s %s** — %s\n", markdown_mark (overall),
                            mc_status_get_label (overall), _("every check passed"));
  append_guidance (out, headline, "> ");

  for (guint i = 0; i < self->findings->len; i++)
    {
      McFinding *finding = g_ptr_array_index (self->findings, i);
      McStatus status = mc_finding_get_status (finding);
      g_autofree char *summary = redact_text (&r, mc_finding_get_summary (finding));
      g_autofree char *details = redact_text (&r, mc_finding_get_details (finding));

      if ((int) mc_finding_get_group (finding) != group)
        {
          group = mc_finding_get_group (finding);
          g_string_append_printf (out, "\n## %s\n\n", mc_group_get_title (group));
        }
      g_string_append_printf (out, "- %s **%s** (%s): %s\n", markdown_mark (status),
                              mc_finding_get_title (finding), mc_status_get_label (status),
                              summary ? summary : "");
      if (details != NULL && (self->verbose || (status != MC_STATUS_OK && status != MC_STATUS_SKIPPED)))
        {
          g_string_append (out, "\n  ```\n");
          append_indented (out, details, "  ");
          g_string_append (out, "  ```\n\n");
        }
    }

  redactor_clear (&r);
  return g_string_free (out, FALSE);
}

char *
mc_report_render (McReport       *self,
                  McReportFormat  format,
                  gboolean        redact)
{
  switch (format)
    {
    case MC_REPORT_FORMAT_JSON:     return mc_report_to_json (self, redact);
    case MC_REPORT_FORMAT_MARKDOWN: return mc_report_to_markdown (self, redact);
    case MC_REPORT_FORMAT_TEXT:
    default:                        return mc_report_to_text (self, redact);
    }
}

gboolean
mc_report_format_from_string (const char     *text,
                              McReportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (g_strcmp0 (text, "text") == 0)
    *format = MC_REPORT_FORMAT_TEXT;
  else if (g_strcmp0 (text, "markdown") == 0 || g_strcmp0 (text, "md") == 0)
    *format = MC_REPORT_FORMAT_MARKDOWN;
  else if (g_strcmp0 (text, "json") == 0)
    *format = MC_REPORT_FORMAT_JSON;
  else
    return FALSE;
  return TRUE;
}

/* Renders the report in lang ("en" or "ja") whatever the language of the
 * process: titles, guidance and, where the probes made them in both
 * languages, summaries and details. */
char *
mc_report_render_for (McReport       *self,
                      McReportFormat  format,
                      gboolean        redact,
                      const char     *lang)
{
  const char *previous;
  char *out;

  g_return_val_if_fail (MC_IS_REPORT (self), NULL);

  if (mc_i18n_canonical_language (lang) == NULL)
    return mc_report_render (self, format, redact);
  previous = mc_i18n_push_language (lang);
  out = mc_report_render (self, format, redact);
  mc_i18n_pop_language (previous);
  return out;
}

/* The light of the verdict: green, amber or red, or grey when something
 * could not be tested and nothing failed. "Could not test" alone is never red. */
McStatus
mc_report_get_verdict_light (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), MC_STATUS_ERROR);

  switch (mc_report_get_overall_status (self))
    {
    case MC_STATUS_FAIL:  return MC_STATUS_FAIL;
    case MC_STATUS_WARN:  return MC_STATUS_WARN;
    case MC_STATUS_ERROR: return MC_STATUS_ERROR;
    case MC_STATUS_OK:
    case MC_STATUS_INFO:
    case MC_STATUS_SKIPPED:
    case MC_STATUS_PENDING:
    case MC_STATUS_RUNNING:
    default:              return MC_STATUS_OK;
    }
}

/* The verdict in a few words, in the language _() gives now. */
const char *
mc_report_get_verdict_title (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);

  switch (mc_report_get_verdict_light (self))
    {
    case MC_STATUS_FAIL:
      /* Translators: the verdict when a check failed. */
      return _("Mail cannot go out as set up");
    case MC_STATUS_WARN:
      /* Translators: the verdict when only warnings were found. */
      return _("Mail goes out, but something needs attention");
    case MC_STATUS_ERROR:
      /* Translators: the verdict when nothing failed but some checks could not be done. */
      return _("Some checks could not be done");
    case MC_STATUS_OK:
    case MC_STATUS_INFO:
    case MC_STATUS_SKIPPED:
    case MC_STATUS_PENDING:
    case MC_STATUS_RUNNING:
    default:
      /* Translators: the verdict when every check passed. */
      return _("Mail should go out");
    }
}

/* One sentence (or two short ones) naming the root cause and what to do:
 * the headline's summary and the first step of its guidance, which is the
 * one most likely to work. */
char *
mc_report_dup_verdict_sentence (McReport *self,
                                gboolean  redact)
{
  McFinding *headline;
  const McGuidance *guidance;
  g_autofree char *summary = NULL;
  Redactor r;
  char *out;

  g_return_val_if_fail (MC_IS_REPORT (self), NULL);

  headline = mc_report_get_headline (self);
  if (headline == NULL)
    /* Translators: the verdict sentence when every check passed. */
    return g_strdup (_("Every check passed: the server, the log-in and your domain are in order."));

  redactor_init (&r, self->account, redact);
  summary = redact_text (&r, mc_finding_get_summary (headline));
  redactor_clear (&r);
  guidance = mc_guidance_lookup (mc_finding_get_guidance (headline));
  if (guidance != NULL && guidance->steps[0] != NULL)
    /* Translators: the verdict sentence: what was found (%1$s), then the
     * first thing to do (%2$s). */
    out = g_strdup_printf (_("%1$s What to do: %2$s"), summary ? summary : "", _(guidance->steps[0]));
  else
    out = g_strdup (summary ? summary : "");
  return out;
}

/* Applies the report's redaction to a text of the caller (the window's
 * report image uses it for what it draws). */
char *
mc_report_redact_text (McReport   *self,
                       const char *text,
                       gboolean    redact)
{
  Redactor r;
  char *out;

  g_return_val_if_fail (MC_IS_REPORT (self), NULL);

  redactor_init (&r, self->account, redact);
  out = redact_text (&r, text);
  redactor_clear (&r);
  return out;
}

/* When the check started, in local time, for people. */
char *
mc_report_dup_started_at_text (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);
  return format_local (self->started_at);
}
