/* mc-explain-window.c: the explainer: paste or open an error message or a returned mail, and read what it means.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * People come here with what their mail program showed them: an error
 * dialog's text, or a returned mail. They paste it, open the saved message
 * (.eml), or drop either on the window; the engine (mc_explain_async, in a
 * worker thread) says what the codes mean, who refused it and what to do.
 * Problems that come without any message ("it went to spam") are listed
 * under "Common problems".
 *
 * The result is a headline (a light with a shape and the kind of failure in
 * words, never colour alone), the facts the message gives, then the advice
 * as a finding row shows it. "See also" opens the entry it names; Back
 * returns. The copy button copies the whole explanation as text, for a
 * support desk.
 *
 * A file is read up to MC_EXPLAIN_MAX_INPUT bytes (the engine looks at no
 * more), in a thread; nothing is sent anywhere.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-explain-window.h"
#include "mc-guidance.h"
#include "mc-guidance-view.h"
#include "mc-status-light.h"

struct _McExplainWindow
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkScrolledWindow   *scroller;
  GtkWidget           *page_box;
  GtkTextView         *text_view;
  GtkWidget           *placeholder_label;
  GtkSpinner          *busy_spinner;
  GtkWidget           *result_box;
  McStatusLight       *result_light;
  GtkLabel            *class_label;
  GtkLabel            *summary_label;
  GtkLabel            *source_label;
  GtkWidget           *facts_box;
  GtkWidget           *code_fact;
  GtkLabel            *code_label;
  GtkLabel            *code_meaning_label;
  GtkWidget           *recipient_fact;
  GtkLabel            *recipient_label;
  GtkWidget           *server_fact;
  GtkLabel            *server_label;
  GtkWidget           *diagnostic_fact;
  GtkLabel            *diagnostic_label;
  GtkWidget           *back_button;
  McGuidanceView      *guidance_view;
  AdwPreferencesGroup *topics_group;

  GCancellable        *cancellable;
  GtkNativeDialog     *chooser;

  /* What is shown: an explanation, or a common problem (its title). */
  McExplanation       *explanation;
  char                *problem_title;
  /* The name of the file being explained, while it is. */
  char                *pending_source;
  /* The guidance ids shown before the current one, for Back. */
  GPtrArray           *history;
  gboolean             busy;
  guint                scroll_tick_id;
};

G_DEFINE_FINAL_TYPE (McExplainWindow, mc_explain_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  RESULT_SHOWN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_toast (McExplainWindow *self,
            const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
dup_buffer_text (McExplainWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
buffer_is_blank (McExplainWindow *self)
{
  g_autofree char *text = dup_buffer_text (self);

  return *g_strstrip (text) == '\0';
}

static void
update_actions (McExplainWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  gboolean shown = self->explanation != NULL || self->problem_title != NULL;

  gtk_widget_set_visible (self->placeholder_label, gtk_text_buffer_get_char_count (buffer) == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "explain.explain",
                                 !self->busy && !buffer_is_blank (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "explain.open", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "explain.copy", shown && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "explain.back", self->history->len > 0);
  gtk_widget_set_visible (self->back_button, self->history->len > 0);
}

static void
set_busy (McExplainWindow *self,
          gboolean         busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy);
  gtk_spinner_set_spinning (self->busy_spinner, busy);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The light of a kind of failure: a cross for what will not go as it is,
 * a triangle for what may still go, a bulb when nothing was recognised. */
static McStatus
status_for_class (McBounceClass klass)
{
  switch (klass)
    {
    case MC_BOUNCE_CLASS_PERMANENT:
    case MC_BOUNCE_CLASS_POLICY:
    case MC_BOUNCE_CLASS_LOCAL_CONFIGURATION:
      return MC_STATUS_FAIL;

    case MC_BOUNCE_CLASS_TEMPORARY:
    case MC_BOUNCE_CLASS_DEFERRED:
      return MC_STATUS_WARN;

    case MC_BOUNCE_CLASS_UNKNOWN:
    default:
      return MC_STATUS_INFO;
    }
}

static void
set_fact (GtkWidget  *fact,
          GtkLabel   *label,
          const char *text)
{
  gboolean has_text = text != NULL && *text != '\0';

  gtk_label_set_label (label, has_text ? text : "");
  gtk_widget_set_visible (fact, has_text);
}

/* Brings the result into view once it has its size. */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  McExplainWindow *self = MC_EXPLAIN_WINDOW (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_point_t point;

  self->scroll_tick_id = 0;
  if (gtk_widget_compute_point (self->result_box, self->page_box, &GRAPHENE_POINT_INIT (0, 0), &point))
    gtk_adjustment_set_value (adjustment, MAX (point.y - 12, 0));
  return G_SOURCE_REMOVE;
}

static void
show_result (McExplainWindow *self)
{
  gtk_widget_set_visible (self->result_box, TRUE);
  update_actions (self);
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, NULL, NULL);
  g_signal_emit (self, signals[RESULT_SHOWN], 0);
}

static void
show_explanation (McExplainWindow *self,
                  McExplanation   *explanation,
                  const char      *source)
{
  const char *basic = mc_explanation_get_basic_code (explanation);
  const char *enhanced = mc_explanation_get_enhanced_code (explanation);
  g_autofree char *codes = NULL;
  g_autofree char *source_text = NULL;
  McBounceClass klass = mc_explanation_get_class (explanation);

  g_set_object (&self->explanation, explanation);
  g_clear_pointer (&self->problem_title, g_free);
  g_ptr_array_set_size (self->history, 0);

  mc_status_light_set_status (self->result_light, status_for_class (klass));
  gtk_label_set_label (self->class_label, mc_bounce_class_get_label (klass));
  gtk_widget_set_visible (GTK_WIDGET (self->class_label), TRUE);
  gtk_label_set_label (self->summary_label, mc_explanation_get_summary (explanation));
  if (source != NULL)
    /* Translators: %s is the name of the file that was explained. */
    source_text = g_strdup_printf (_("From the file “%s”"), source);
  gtk_label_set_label (self->source_label, source_text ? source_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), source_text != NULL);

  if (basic != NULL || enhanced != NULL)
    codes = g_strjoin (" ", basic ? basic : enhanced, basic && enhanced ? enhanced : NULL, NULL);
  set_fact (self->code_fact, self->code_label, codes);
  gtk_label_set_label (self->code_meaning_label,
                       mc_explanation_get_code_meaning (explanation) ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->code_meaning_label),
                          codes != NULL && mc_explanation_get_code_meaning (explanation) != NULL);
  set_fact (self->recipient_fact, self->recipient_label, mc_explanation_get_recipient (explanation));
  set_fact (self->server_fact, self->server_label, mc_explanation_get_remote_server (explanation));
  set_fact (self->diagnostic_fact, self->diagnostic_label,
            mc_explanation_get_diagnostic (explanation));
  gtk_widget_set_visible (self->facts_box,
                          gtk_widget_get_visible (self->code_fact) ||
                          gtk_widget_get_visible (self->recipient_fact) ||
                          gtk_widget_get_visible (self->server_fact) ||
                          gtk_widget_get_visible (self->diagnostic_fact));

  mc_guidance_view_set_guidance (self->guidance_view, mc_explanation_get_guidance (explanation));
  show_result (self);
}

static void
explained_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McExplainWindow) self = user_data;
  g_autoptr(McExplanation) explanation = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  explanation = mc_explain_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  name = g_steal_pointer (&self->pending_source);
  set_busy (self, FALSE);
  if (explanation == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  show_explanation (self, explanation, name);
}

/* source: the file's name, or NULL for pasted text. */
static void
start_explain (McExplainWindow *self,
               GBytes          *data,
               const char      *source)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_free (self->pending_source);
  self->pending_source = g_strdup (source);
  set_busy (self, TRUE);
  mc_explain_async (data, self->cancellable, explained_cb, g_object_ref (self));
}

void
mc_explain_window_explain (McExplainWindow *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GBytes) data = NULL;
  gsize length;

  g_return_if_fail (MC_IS_EXPLAIN_WINDOW (self));

  if (self->busy || buffer_is_blank (self))
    return;

  text = dup_buffer_text (self);
  length = strlen (text);
  data = g_bytes_new_take (g_steal_pointer (&text), length);
  start_explain (self, data, NULL);
}

/* ---- Files ---- */

/* Up to MC_EXPLAIN_MAX_INPUT bytes of the file: the engine looks at no
 * more, and a message that big is not a returned mail anyway. */
static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  stream = g_file_read (file, cancellable, &error);
  if (stream != NULL)
    bytes = g_input_stream_read_bytes (G_INPUT_STREAM (stream), MC_EXPLAIN_MAX_INPUT, cancellable,
                                       &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
file_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McExplainWindow) self = user_data;
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (bytes == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  name = g_file_get_basename (file);
  start_explain (self, bytes, name);
}

void
mc_explain_window_open_file (McExplainWindow *self,
                             GFile           *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_EXPLAIN_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  task = g_task_new (NULL, self->cancellable, file_read_cb, g_object_ref (self));
  g_task_set_source_tag (task, mc_explain_window_open_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_file_thread);
}

static void
chooser_response_cb (McExplainWindow *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        mc_explain_window_open_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McExplainWindow *self = MC_EXPLAIN_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) messages = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  /* Translators: the kind of file in the file chooser's list. */
  gtk_file_filter_set_name (messages, _("Mail messages"));
  gtk_file_filter_add_mime_type (messages, "message/rfc822");
  gtk_file_filter_add_suffix (messages, "eml");
  gtk_file_filter_add_suffix (messages, "msg");
  gtk_file_filter_add_suffix (messages, "txt");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  chooser = gtk_file_chooser_native_new (_("Open a Returned Mail"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), messages);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* A file dropped on the window is opened; text is put in the box and
 * explained at once. */
static gboolean
drop_cb (McExplainWindow *self,
         const GValue    *value,
         double           x,
         double           y,
         GtkDropTarget   *target)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      GFile *first = files != NULL ? files->data : NULL;

      if (first != NULL)
        mc_explain_window_open_file (self, first);
      g_slist_free (files);
      return first != NULL;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      mc_explain_window_open_file (self, g_value_get_object (value));
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_STRING) && g_value_get_string (value) != NULL)
    {
      mc_explain_window_set_text (self, g_value_get_string (value));
      mc_explain_window_explain (self);
      return TRUE;
    }
  return FALSE;
}

/* ---- Common problems, See also, Back ---- */

static void
show_guidance_only (McExplainWindow *self,
                    const char      *title,
                    const char      *guidance)
{
  g_clear_object (&self->explanation);
  g_free (self->problem_title);
  self->problem_title = g_strdup (title);
  g_ptr_array_set_size (self->history, 0);

  mc_status_light_set_status (self->result_light, MC_STATUS_INFO);
  /* Translators: above the title of a problem chosen from the list. */
  gtk_label_set_label (self->class_label, _("Common problem"));
  gtk_label_set_label (self->summary_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), FALSE);
  gtk_widget_set_visible (self->facts_box, FALSE);
  mc_guidance_view_set_guidance (self->guidance_view, guidance);
  show_result (self);
}

gboolean
mc_explain_window_show_problem (McExplainWindow *self,
                                const char      *guidance)
{
  const McExplainTopic *topics;
  const McGuidance *entry;
  guint n = 0;

  g_return_val_if_fail (MC_IS_EXPLAIN_WINDOW (self), FALSE);

  entry = mc_guidance_lookup (guidance);
  if (entry == NULL)
    return FALSE;

  /* The topic's own title when it is one of the list, else the entry's. */
  topics = mc_explain_get_topics (&n);
  for (guint i = 0; topics != NULL && i < n; i++)
    {
      if (g_strcmp0 (topics[i].guidance, guidance) == 0)
        {
          show_guidance_only (self, _(topics[i].title), guidance);
          return TRUE;
        }
    }
  show_guidance_only (self, _(entry->title), guidance);
  return TRUE;
}

static void
topic_activated_cb (AdwActionRow    *row,
                    McExplainWindow *self)
{
  mc_explain_window_show_problem (self, g_object_get_data (G_OBJECT (row), "guidance-id"));
}

static void
fill_topics (McExplainWindow *self)
{
  guint n = 0;
  const McExplainTopic *topics = mc_explain_get_topics (&n);
  guint shown = 0;

  for (guint i = 0; topics != NULL && i < n; i++)
    {
      GtkWidget *row;
      GtkWidget *icon;

      if (topics[i].title == NULL || mc_guidance_lookup (topics[i].guidance) == NULL)
        continue;

      row = adw_action_row_new ();
      icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", "go-next-symbolic",
                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(topics[i].title));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_add_css_class (row, "topic-row");
      g_object_set_data_full (G_OBJECT (row), "guidance-id", g_strdup (topics[i].guidance), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (topic_activated_cb), self, 0);
      adw_preferences_group_add (self->topics_group, row);
      shown++;
    }
  /* The list may be empty in a build whose catalogue has none. */
  gtk_widget_set_visible (GTK_WIDGET (self->topics_group), shown > 0);
}

static void
related_activated_cb (McExplainWindow *self,
                      const char      *id,
                      McGuidanceView  *view)
{
  const char *current = mc_guidance_view_get_guidance (view);

  if (mc_guidance_lookup (id) == NULL)
    return;
  if (current != NULL)
    g_ptr_array_add (self->history, g_strdup (current));
  mc_guidance_view_set_guidance (view, id);
  update_actions (self);
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, NULL, NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McExplainWindow *self = MC_EXPLAIN_WINDOW (widget);
  g_autofree char *previous = NULL;

  if (self->history->len == 0)
    return;
  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  mc_guidance_view_set_guidance (self->guidance_view, previous);
  update_actions (self);
}

/* ---- Copy ---- */

char *
mc_explain_window_dup_text (McExplainWindow *self)
{
  const char *current;
  const McGuidance *guidance;
  GString *text;

  g_return_val_if_fail (MC_IS_EXPLAIN_WINDOW (self), NULL);

  if (self->explanation == NULL && self->problem_title == NULL)
    return NULL;
  if (self->busy)
    return NULL;

  current = mc_guidance_view_get_guidance (self->guidance_view);
  guidance = mc_guidance_lookup (current);
  text = g_string_new (NULL);
  if (self->explanation != NULL)
    {
      g_autofree char *explanation = mc_explanation_to_text (self->explanation);

      g_string_append (text, explanation);
      /* An entry opened from "See also" is what the person is reading. */
      if (guidance != NULL && g_strcmp0 (current, mc_explanation_get_guidance (self->explanation)) != 0)
        {
          g_autofree char *more = mc_guidance_to_text (guidance);

          if (text->len > 0 && text->str[text->len - 1] != '\n')
            g_string_append_c (text, '\n');
          g_string_append_c (text, '\n');
          g_string_append (text, more);
        }
    }
  else
    {
      g_string_append_printf (text, "%s\n\n", self->problem_title);
      if (guidance != NULL)
        {
          g_autofree char *advice = mc_guidance_to_text (guidance);

          g_string_append (text, advice);
        }
    }
  return g_string_free (text, FALSE);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McExplainWindow *self = MC_EXPLAIN_WINDOW (widget);
  g_autofree char *text = mc_explain_window_dup_text (self);

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  /* Translators: shown briefly after the explanation was copied. */
  show_toast (self, _("Copied"));
}

static void
explain_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  mc_explain_window_explain (MC_EXPLAIN_WINDOW (widget));
}

static void
buffer_changed_cb (McExplainWindow *self,
                   GtkTextBuffer   *buffer)
{
  update_actions (self);
}

/* ---- The window ---- */

static gboolean
mc_explain_window_close_request (GtkWindow *window)
{
  McExplainWindow *self = MC_EXPLAIN_WINDOW (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (mc_explain_window_parent_class)->close_request (window);
}

static void
mc_explain_window_dispose (GObject *object)
{
  McExplainWindow *self = MC_EXPLAIN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_EXPLAIN_WINDOW);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->explanation);
  g_clear_pointer (&self->problem_title, g_free);
  g_clear_pointer (&self->pending_source, g_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_explain_window_parent_class)->dispose (object);
}

static void
mc_explain_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  McExplainWindow *self = MC_EXPLAIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_explain_window_class_init (McExplainWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mc_explain_window_dispose;
  object_class->get_property = mc_explain_window_get_property;
  window_class->close_request = mc_explain_window_close_request;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McExplainWindow::result-shown:
   *
   * Emitted when an explanation, or a common problem's advice, is shown.
   */
  signals[RESULT_SHOWN] =
    g_signal_new ("result-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_STATUS_LIGHT);
  g_type_ensure (MC_TYPE_GUIDANCE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mc-explain-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, page_box);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, text_view);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, result_box);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, result_light);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, class_label);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, source_label);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, facts_box);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, code_fact);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, code_label);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, code_meaning_label);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, recipient_fact);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, recipient_label);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, server_fact);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, server_label);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, diagnostic_fact);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, diagnostic_label);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, guidance_view);
  gtk_widget_class_bind_template_child (widget_class, McExplainWindow, topics_group);
  gtk_widget_class_bind_template_callback (widget_class, related_activated_cb);

  gtk_widget_class_install_action (widget_class, "explain.explain", NULL, explain_action);
  gtk_widget_class_install_action (widget_class, "explain.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "explain.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "explain.back", NULL, back_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "explain.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_explain_window_init (McExplainWindow *self)
{
  GtkEventController *shortcuts;
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, G_TYPE_STRING };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+Enter explains, also while typing in the box: caught before the
   * text view would take it as a new line. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("explain.explain")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  /* Caught before the text box's own drop handling, so that a dropped file
   * is opened rather than its name pasted. */
  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (target), GTK_PHASE_CAPTURE);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  fill_topics (self);
  update_actions (self);
}

/**
 * mc_explain_window_new:
 * @parent: (nullable): the main window
 *
 * The explainer, in front of @parent but not modal: people keep their mail
 * program's message open beside it.
 */
GtkWidget *
mc_explain_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MC_TYPE_EXPLAIN_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       "destroy-with-parent", TRUE,
                       NULL);
}

void
mc_explain_window_set_text (McExplainWindow *self,
                            const char      *text)
{
  g_return_if_fail (MC_IS_EXPLAIN_WINDOW (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
}

/**
 * mc_explain_window_explain_data:
 * @data: an error message or a returned mail, as read (from standard input,
 *   for `mail-checkup --explain -`)
 *
 * Explains @data as if it had been pasted and Explain chosen; text that is
 * UTF-8 is also shown in the box, as pasted text would be.
 */
void
mc_explain_window_explain_data (McExplainWindow *self,
                                GBytes          *data)
{
  gsize size = 0;
  const char *text;

  g_return_if_fail (MC_IS_EXPLAIN_WINDOW (self));
  g_return_if_fail (data != NULL);

  text = g_bytes_get_data (data, &size);
  if (text != NULL && g_utf8_validate_len (text, size, NULL))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, (int) MIN (size, G_MAXINT));
  start_explain (self, data, NULL);
}

gboolean
mc_explain_window_get_busy (McExplainWindow *self)
{
  g_return_val_if_fail (MC_IS_EXPLAIN_WINDOW (self), FALSE);

  return self->busy;
}

McExplanation *
mc_explain_window_get_explanation (McExplainWindow *self)
{
  g_return_val_if_fail (MC_IS_EXPLAIN_WINDOW (self), NULL);

  return self->busy ? NULL : self->explanation;
}

const char *
mc_explain_window_get_guidance (McExplainWindow *self)
{
  g_return_val_if_fail (MC_IS_EXPLAIN_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (self->result_box))
    return NULL;
  return mc_guidance_view_get_guidance (self->guidance_view);
}
