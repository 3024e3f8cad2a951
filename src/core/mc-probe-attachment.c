/* mc-probe-attachment.c: message.attachment: the chosen files' size when sent, against the limits, and blocked types.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The files are measured in a worker thread (mc_attachment_new_for_file:
 * size, type, a ZIP archive's flags and names; never the whole file). The
 * comparison reads what server.size (the SIZE limit of RFC 1870) and
 * recipient.provider (a known provider's limit) found: the plan runs this
 * probe after them, and whatever they gave, it still runs.
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-attachment.h"
#include "mc-probe.h"

/* A message within this share of a limit may still fail: the message's own
 * text and headers vary, and some servers count what they add. */
#define NEAR_LIMIT_PERCENT 90

typedef struct
{
  GPtrArray *files;    /* GFile */
  guint64    bytes;
  char      *folder;   /* the name of a folder chosen instead of a file, or NULL */
} MeasureData;

static void
measure_data_free (MeasureData *data)
{
  g_ptr_array_unref (data->files);
  g_free (data->folder);
  g_free (data);
}

/* The name mc_attachment_new_for_file () gives a folder in its error. */
static char *
folder_name (GFile        *file,
             GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                                 G_FILE_QUERY_INFO_NONE, cancellable, NULL);

  if (info != NULL)
    return g_strdup (g_file_info_get_display_name (info));
  return g_file_get_parse_name (file);
}

static void
measure_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  MeasureData *data = task_data;
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < data->files->len; i++)
    {
      GFile *file = data->files->pdata[i];
      GError *error = NULL;
      McAttachment *attachment = mc_attachment_new_for_file (file, cancellable, &error);

      if (attachment == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (file);

          /* A folder is named again in each report language; other
           * errors come from the system, in the language of the process. */
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
            data->folder = folder_name (file, cancellable);
          else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_prefix_error (&error, "%s: ", name);
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (attachments, attachment);
    }
  if (data->bytes > 0)
    g_ptr_array_add (attachments, mc_attachment_new_for_size (data->bytes));

  g_task_return_pointer (task, g_steal_pointer (&attachments), (GDestroyNotify) g_ptr_array_unref);
}

/* Two sentences as one summary: a space between them in English, none in
 * Japanese. */
static char *
join_sentences (const char *first,
                const char *second)
{
  if (first == NULL || *first == '\0')
    return g_strdup (second);
  if (second == NULL || *second == '\0')
    return g_strdup (first);
  /* Translators: two sentences of a summary, one after the other. */
  return g_strdup_printf (C_("sentences", "%s %s"), first, second);
}

/* A limit from a finding's evidence: the number, or 0; *checked (may be
 * NULL) says whether the member is there at all (null: checked, none
 * announced). */
static guint64
limit_from_evidence (McFinding  *finding,
                     const char *member,
                     gboolean   *checked)
{
  JsonObject *evidence = mc_finding_get_evidence (finding);
  JsonNode *node;

  if (checked != NULL)
    *checked = FALSE;
  if (evidence == NULL || !json_object_has_member (evidence, member))
    return 0;
  if (checked != NULL)
    *checked = TRUE;
  node = json_object_get_member (evidence, member);
  if (JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) <= 0)
    return 0;
  return (guint64) json_node_get_int (node);
}

static gboolean
is_over (guint64 total,
         guint64 limit)
{
  return limit > 0 && total > limit;
}

static gboolean
is_near (guint64 total,
         guint64 limit)
{
  return limit > 0 && total <= limit && total * 100 > limit * NEAR_LIMIT_PERCENT;
}

static void
add_file_evidence (JsonArray    *files,
                   McAttachment *attachment)
{
  JsonObject *entry = json_object_new ();
  McAttachmentProblem problem = mc_attachment_get_problem (attachment);
  const char *name = mc_attachment_get_name (attachment);
  const char *type = mc_attachment_get_content_type (attachment);

  if (name != NULL)
    json_object_set_string_member (entry, "name", name);
  else
    json_object_set_null_member (entry, "name");
  json_object_set_int_member (entry, "bytes", (gint64) mc_attachment_get_size (attachment));
  json_object_set_int_member (entry, "encoded_bytes",
                              (gint64) mc_attachment_get_encoded_size (attachment));
  if (type != NULL)
    json_object_set_string_member (entry, "type", type);
  else
    json_object_set_null_member (entry, "type");
  json_object_set_boolean_member (entry, "blocked", problem != MC_ATTACHMENT_PROBLEM_NONE);
  if (problem != MC_ATTACHMENT_PROBLEM_NONE)
    json_object_set_string_member (entry, "reason", mc_attachment_problem_to_string (problem));
  else
    json_object_set_null_member (entry, "reason");
  if (mc_attachment_get_blocked_entry (attachment) != NULL)
    json_object_set_string_member (entry, "blocked_entry", mc_attachment_get_blocked_entry (attachment));
  json_array_add_object_element (files, entry);
}

static void
add_file_details (McFinding    *finding,
                  McAttachment *attachment)
{
  const char *name = mc_attachment_get_name (attachment);
  const char *type = mc_attachment_get_content_type (attachment);
  g_autofree char *size = g_format_size (mc_attachment_get_size (attachment));
  g_autofree char *encoded = g_format_size (mc_attachment_get_encoded_size (attachment));
  g_autofree char *text = mc_attachment_dup_problem_text (attachment);
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, mc_attachment_get_size (attachment));

  if (name != NULL)
    /* Translators: %1$s is a file name, %2$s its size, %3$s its exact number of bytes, %4$s its
     * size when sent, %5$s its type such as “application/pdf”. */
    mc_finding_add_detail (finding, _("%1$s: %2$s (%3$s bytes), %4$s when sent, %5$s"), name, size,
                           bytes, encoded, type);
  else
    /* Translators: %1$s is a size, %2$s an exact number of bytes, %3$s the size when sent. */
    mc_finding_add_detail (finding, _("An attachment of %1$s (%2$s bytes): %3$s when sent"), size,
                           bytes, encoded);
  if (text != NULL)
    mc_finding_add_detail (finding, "  %s", text);
}

/* What the total means against the server's limit: one sentence. */
static char *
server_sentence (guint64   total,
                 guint64   limit,
                 gboolean  checked)
{
  g_autofree char *text = limit > 0 ? g_format_size (limit) : NULL;

  if (is_over (total, limit))
    /* Translators: %s is a size such as “10.2 MB”. */
    return g_strdup_printf (_("That is more than the %s the server takes."), text);
  if (is_near (total, limit))
    /* Translators: %s is a size such as “10.2 MB”. */
    return g_strdup_printf (_("That is close to the %s the server takes."), text);
  if (limit > 0)
    /* Translators: %s is a size such as “10.2 MB”. */
    return g_strdup_printf (_("The server takes up to %s."), text);
  if (checked)
    return g_strdup (_("The server does not announce a size limit (not advertised)."));
  return g_strdup (_("The server's size limit could not be checked."));
}

/* The same against the recipient's provider's limit, or NULL without one. */
static char *
provider_sentence (guint64     total,
                   guint64     limit,
                   const char *provider)
{
  g_autofree char *text = limit > 0 ? g_format_size (limit) : NULL;

  if (limit == 0)
    return NULL;
  if (is_over (total, limit))
    /* Translators: %1$s is a size such as “10 MB”, %2$s a mail provider such as “Gmail”. */
    return g_strdup_printf (_("That is more than the %1$s that %2$s accepts."), text, provider);
  if (is_near (total, limit))
    /* Translators: %1$s is a size such as “10 MB”, %2$s a mail provider such as “Gmail”. */
    return g_strdup_printf (_("That is close to the %1$s that %2$s accepts."), text, provider);
  /* Translators: %1$s is a mail provider such as “Gmail”, %2$s a size such as “10 MB”. */
  return g_strdup_printf (_("%1$s accepts up to %2$s."), provider, text);
}

static void
set_limit_evidence (JsonObject *evidence,
                    const char *member,
                    guint64     limit)
{
  if (limit > 0)
    json_object_set_int_member (evidence, member, (gint64) limit);
  else
    json_object_set_null_member (evidence, member);
}

/* What the details and the summary of message.attachment need, in either
 * language. */
typedef struct
{
  GPtrArray    *attachments;
  guint64       total;
  guint64       server_limit;
  gboolean      server_checked;
  guint64       provider_limit;   /* 0 without a known provider limit */
  const char   *provider;         /* its name, untranslated */
  McAttachment *flagged;          /* one that filters would refuse, or NULL */
} AttachmentText;

static void
attachment_text (McFinding *finding,
                 gpointer   user_data)
{
  const AttachmentText *t = user_data;
  guint64 total = t->total;
  guint64 server_limit = t->server_limit;
  guint64 provider_limit = t->provider_limit;
  McAttachment *flagged = t->flagged;
  g_autofree char *total_text = g_format_size (total);
  g_autofree char *total_bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, total);
  g_autofree char *size_text = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *provider_text = NULL;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < t->attachments->len; i++)
    add_file_details (finding, t->attachments->pdata[i]);

  /* Translators: %1$s is a size such as “9.6 MB”, %2$s the exact number of bytes. */
  size_text = g_strdup_printf (_("With the attachments, the message comes to %1$s (%2$s bytes) "
                                 "when sent."), total_text, total_bytes);
  server_text = server_sentence (total, server_limit, t->server_checked);
  provider_text = provider_sentence (total, provider_limit,
                                     provider_limit > 0 ? _(t->provider) : NULL);
  mc_finding_add_detail (finding, "%s", size_text);
  mc_finding_add_detail (finding, "%s", server_text);
  if (provider_text != NULL)
    mc_finding_add_detail (finding, "%s", provider_text);

  if (is_over (total, server_limit))
    {
      summary = join_sentences (size_text, server_text);
      mc_finding_complete (finding, MC_STATUS_FAIL, "attachment-too-big", "%s", summary);
    }
  else if (is_over (total, provider_limit))
    {
      summary = join_sentences (size_text, provider_text);
      mc_finding_complete (finding, MC_STATUS_FAIL, "attachment-too-big-recipient", "%s", summary);
    }
  else if (flagged != NULL)
    {
      /* What the person must act on; the size is in the details. */
      summary = mc_attachment_dup_problem_text (flagged);
      mc_finding_complete (finding, MC_STATUS_WARN,
                           mc_attachment_get_problem (flagged) == MC_ATTACHMENT_PROBLEM_ENCRYPTED_ZIP
                             ? "attachment-encrypted-zip" : "attachment-blocked-type",
                           "%s", summary);
    }
  else if (is_near (total, server_limit) || is_near (total, provider_limit))
    {
      summary = join_sentences (size_text, is_near (total, server_limit) ? server_text : provider_text);
      mc_finding_complete (finding, MC_STATUS_WARN, "attachment-near-limit", "%s", summary);
    }
  else
    {
      g_autofree char *limits = join_sentences (server_text, provider_text);

      summary = join_sentences (size_text, limits);
      mc_finding_complete (finding, MC_STATUS_OK, NULL, "%s", summary);
    }
}

/* Compares the measured attachments with the limits and completes the
 * finding. A limit that would be passed comes first, then a type that
 * filters refuse, then a limit that is close. */
static void
complete (McProbeContext *ctx,
          McFinding      *finding,
          GPtrArray      *attachments)
{
  JsonObject *evidence = mc_finding_get_evidence (finding);
  McFinding *provider_finding = mc_probe_context_get_finding (ctx, "recipient.provider");
  JsonObject *provider_evidence = mc_finding_get_evidence (provider_finding);
  JsonArray *files = json_array_new ();
  AttachmentText text = {
    .attachments = attachments,
    .total = mc_attachment_estimate_message_size ((McAttachment * const *) attachments->pdata,
                                                  attachments->len),
    .provider_limit = limit_from_evidence (provider_finding, "size_limit_bytes", NULL),
  };

  text.server_limit = limit_from_evidence (mc_probe_context_get_finding (ctx, "server.size"),
                                           "limit_bytes", &text.server_checked);
  if (text.provider_limit > 0 && json_object_has_member (provider_evidence, "name"))
    text.provider = json_object_get_string_member (provider_evidence, "name");
  else
    text.provider_limit = 0;

  /* An encrypted ZIP file is named before other refused types: it is the
   * one that companies refuse on purpose, whatever is inside. */
  for (guint i = 0; i < attachments->len; i++)
    {
      McAttachment *attachment = attachments->pdata[i];
      McAttachmentProblem problem = mc_attachment_get_problem (attachment);

      add_file_evidence (files, attachment);
      if (problem == MC_ATTACHMENT_PROBLEM_ENCRYPTED_ZIP &&
          (text.flagged == NULL || mc_attachment_get_problem (text.flagged) != problem))
        text.flagged = attachment;
      else if (problem != MC_ATTACHMENT_PROBLEM_NONE && text.flagged == NULL)
        text.flagged = attachment;
    }
  json_object_set_array_member (evidence, "files", files);
  json_object_set_int_member (evidence, "message_overhead_bytes", MC_ATTACHMENT_MESSAGE_OVERHEAD);
  json_object_set_int_member (evidence, "total_encoded_bytes", (gint64) text.total);
  set_limit_evidence (evidence, "server_limit_bytes", text.server_limit);
  set_limit_evidence (evidence, "provider_limit_bytes", text.provider_limit);

  mc_finding_complete_twice (finding, attachment_text, &text);
}

/* Why the files could not be measured, in either language. The system's
 * own messages exist only in the language of the process; a folder, the
 * usual mistake, is worded again as mc_attachment_new_for_file () words it. */
typedef struct
{
  const GError *error;
  const char   *folder;
} MeasureFailure;

static void
measure_failure_text (McFinding *finding,
                      gpointer   user_data)
{
  const MeasureFailure *t = user_data;
  g_autofree char *why = NULL;

  if (t->folder != NULL)
    /* Translators: %s is a folder's name. */
    why = g_strdup_printf (_("“%s” is a folder; only files can be attached"), t->folder);
  else
    why = g_strdup (t->error->message);

  mc_finding_complete (finding, MC_STATUS_ERROR, NULL,
                       /* Translators: %s says which file and why, from the system. */
                       _("The attachment could not be measured: %s"), why);
}

static void
measured_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  McFinding *finding = g_task_get_source_object (task);
  McProbeContext *ctx = g_task_get_task_data (task);
  MeasureData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;

  attachments = g_task_propagate_pointer (G_TASK (result), &error);
  if (attachments == NULL)
    {
      MeasureFailure failure = { error, data->folder };

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      json_object_set_null_member (mc_finding_get_evidence (finding), "files");
      mc_finding_complete_twice (finding, measure_failure_text, &failure);
      g_task_return_boolean (task, TRUE);
      return;
    }

  complete (ctx, finding, attachments);
  g_task_return_boolean (task, TRUE);
}

/* message.attachment: how big the chosen files (or a size) make a message
 * once encoded for mail, against the server's SIZE limit and the
 * recipient's provider's limit; and whether mail filters refuse their
 * types. Without a file or a size it checks nothing, like the recipient
 * checks without a recipient. */
void
mc_probe_message_attachment (McProbeContext      *ctx,
                             McFinding           *finding,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  g_autoptr(GTask) measure = NULL;
  MeasureData *data;

  g_task_set_source_tag (task, mc_probe_message_attachment);
  /* The context outlives every probe of the run. */
  g_task_set_task_data (task, ctx, NULL);

  if (mc_probe_return_if_no_attachment (ctx, task))
    return;

  data = g_new0 (MeasureData, 1);
  data->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; ctx->attachments != NULL && i < ctx->attachments->len; i++)
    g_ptr_array_add (data->files, g_object_ref (ctx->attachments->pdata[i]));
  data->bytes = ctx->attachment_bytes;

  measure = g_task_new (NULL, cancellable, measured_cb, g_steal_pointer (&task));
  g_task_set_source_tag (measure, measure_thread);
  g_task_set_task_data (measure, data, (GDestroyNotify) measure_data_free);
  g_task_run_in_thread (measure, measure_thread);
}
