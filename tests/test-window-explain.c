/* test-window-explain.c: the explainer window and the attachment check in the window, under Xvfb, with screenshots.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The explainer is opened the way a person opens it (win.explain, from the
 * main menu or Ctrl+E); a message is pasted, a saved returned mail (.eml)
 * is opened, a common problem is chosen, and what the window shows is
 * compared with what the engine (mc_explain) says about the same input.
 *
 * The attachment check: files are added to the main window as choosing or
 * dropping them does (the window's own drop handler, with a real
 * GdkFileList), listed with their sizes, one removed, and a real checkup
 * runs against a real Postfix (SIZE 10240000) and nsd on loopback.
 *
 * Every label drawn must have a glyph for each character; the pictures go
 * to the build's tests folder, in the language of the run.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-application.h"
#include "mc-attachment-row.h"
#include "mc-explain-window.h"
#include "mc-finding-row.h"
#include "mc-guidance.h"
#include "mc-guidance-view.h"
#include "mc-i18n.h"
#include "mc-status-light.h"
#include "mc-test-dns.h"
#include "mc-test-gtk.h"
#include "mc-test-net.h"
#include "mc-test-pki.h"
#include "mc-test-postfix.h"
#include "mc-window.h"

#define WAIT_MS 30000

/* What a person pastes from an error dialog. */
#define PASTED "Your message could not be sent.\n" \
               "550 5.1.1 <hanako@example.jp>: Recipient address rejected: User unknown in " \
               "virtual mailbox table"

/* A returned mail as mail programs save it: a delivery status
 * notification (RFC 3464) with the text in Japanese (ISO-2022-JP, as
 * Japanese mail often is) and the machine-readable part. */
static const char returned_mail[] =
  "Return-Path: <>\r\n"
  "From: Mail Delivery System <MAILER-DAEMON@mail.example.test>\r\n"
  "To: taro@example.test\r\n"
  "Subject: Undelivered Mail Returned to Sender\r\n"
  "Date: Mon, 23 Nov 2026 13:45:00 +0900\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: multipart/report; report-type=delivery-status;\r\n"
  "\tboundary=\"B0UNDARY\"\r\n"
  "\r\n"
  "--B0UNDARY\r\n"
  "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
  "Content-Transfer-Encoding: 7bit\r\n"
  "\r\n"
  /* 「メールを配送できませんでした。」 in ISO-2022-JP. */
  "\x1b$B%a!<%k$rG[Aw$G$-$^$;$s$G$7$?!#\x1b(B\r\n"
  "\r\n"
  "<jiro@mobile.example.jp>: host mx.mobile.example.jp[192.0.2.25] said: 552 5.2.2\r\n"
  "    <jiro@mobile.example.jp>: Mailbox full\r\n"
  "\r\n"
  "--B0UNDARY\r\n"
  "Content-Type: message/delivery-status\r\n"
  "\r\n"
  "Reporting-MTA: dns; mail.example.test\r\n"
  "\r\n"
  "Final-Recipient: rfc822; jiro@mobile.example.jp\r\n"
  "Action: failed\r\n"
  "Status: 5.2.2\r\n"
  "Remote-MTA: dns; mx.mobile.example.jp\r\n"
  "Diagnostic-Code: smtp; 552 5.2.2 <jiro@mobile.example.jp>: Mailbox full\r\n"
  "\r\n"
  "--B0UNDARY--\r\n";

static char *tmp_home;
static McTestDns *dns;
static McTestPki *pki;
static McTestPostfix *postfix;
static McResolver *resolver;

/* ---- Widgets ---- */

/* The label with this style class, which must be unique. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *css_class)
{
  g_autoptr(GPtrArray) labels = mc_test_find_widgets (root, GTK_TYPE_LABEL);
  GtkLabel *found = NULL;

  for (guint i = 0; i < labels->len; i++)
    {
      if (gtk_widget_has_css_class (labels->pdata[i], css_class))
        {
          g_assert_null (found);
          found = labels->pdata[i];
        }
    }
  g_assert_nonnull (found);
  return found;
}

static gpointer
find_one (GtkWidget *root,
          GType      type)
{
  g_autoptr(GPtrArray) found = mc_test_find_widgets (root, type);

  g_assert_cmpuint (found->len, ==, 1);
  return found->pdata[0];
}

static McFindingRow *
find_finding_row (McWindow   *window,
                  const char *id)
{
  g_autoptr(GPtrArray) rows = mc_test_find_widgets (GTK_WIDGET (window), MC_TYPE_FINDING_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      if (g_strcmp0 (mc_finding_get_id (mc_finding_row_get_finding (rows->pdata[i])), id) == 0)
        return rows->pdata[i];
    }
  g_error ("No row for %s", id);
}

/* Every label a person can see has a glyph for each character. */
static void
assert_no_missing_glyphs (GtkWidget *root)
{
  g_autoptr(GPtrArray) labels = mc_test_find_widgets (root, GTK_TYPE_LABEL);
  guint checked = 0;

  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = labels->pdata[i];
      const char *text = gtk_label_get_text (label);

      if (!gtk_widget_is_drawable (GTK_WIDGET (label)) || text == NULL || *text == '\0')
        continue;
      if (pango_layout_get_unknown_glyphs_count (gtk_label_get_layout (label)) != 0)
        g_error ("Missing glyphs in the label “%s”", text);
      checked++;
    }
  g_assert_cmpuint (checked, >, 5);
}

static gboolean
inside_toast (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      if (g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0)
        return TRUE;
    }
  return FALSE;
}

/* Every button that shows only an icon says what it does, in a tooltip
 * and to a screen reader. */
static void
assert_icon_buttons_labelled (GtkWidget *root)
{
  g_autoptr(GPtrArray) buttons = mc_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkButton *button = buttons->pdata[i];

      /* The window's own title buttons, menu buttons and the toasts' close
   * buttons are GTK's and libadwaita's. */
      if (gtk_button_get_icon_name (button) == NULL || gtk_button_get_label (button) != NULL ||
          GTK_IS_MENU_BUTTON (gtk_widget_get_parent (GTK_WIDGET (button))) ||
          gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_WINDOW_CONTROLS) != NULL ||
          inside_toast (GTK_WIDGET (button)))
        continue;
      if (gtk_widget_get_tooltip_text (GTK_WIDGET (button)) == NULL)
        g_error ("The button with the icon %s has no tooltip", gtk_button_get_icon_name (button));
    }
}

static char *
clipboard_text (GtkWidget *widget)
{
  GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (widget));
  GValue value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  char *text;

  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, &error));
  g_assert_no_error (error);
  text = g_value_dup_string (&value);
  g_value_unset (&value);
  return text;
}

/* Runs what the key does on widget, through the widget's own shortcut
 * controllers (those of its class bindings too), as pressing it would. */
static void
press_shortcut (GtkWidget  *widget,
                const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_auto(GStrv) alternatives = g_strsplit (trigger, "|", -1);

          if (g_strv_contains ((const char * const *) alternatives, accelerator))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           widget, gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_error ("No shortcut %s", accelerator);
}

/* ---- Waiting, bounded ---- */

typedef gboolean (*Condition) (gpointer data);

static void
on_expired (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_once (WAIT_MS, on_expired, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (expired && !condition (data))
    g_error ("Waited in vain for %s", what);
  g_source_remove (id);
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
explainer_idle (gpointer data)
{
  return !mc_explain_window_get_busy (data);
}

static gboolean
rows_ready (gpointer data)
{
  g_autoptr(GPtrArray) rows = mc_test_find_widgets (data, MC_TYPE_ATTACHMENT_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      if (!mc_attachment_row_get_ready (rows->pdata[i]))
        return FALSE;
    }
  return rows->len > 0;
}

/* ---- Windows ---- */

static McWindow *
open_main_window (int height)
{
  McWindow *window = mc_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 640, height);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  /* Let the cancelled and finished sources run before the next case. */
  mc_test_drain_main_context ();
}

/* Opens the explainer with Ctrl+E, then again as the menu item does. */
static McExplainWindow *
open_explainer (McWindow *window)
{
  GtkWindow *explainer;

  g_assert_null (mc_window_get_explain_window (window));
  press_shortcut (GTK_WIDGET (window), "<Control>e");
  explainer = mc_window_get_explain_window (window);
  g_assert_true (MC_IS_EXPLAIN_WINDOW (explainer));
  g_assert_false (gtk_window_get_modal (explainer));
  g_assert_true (gtk_window_get_transient_for (explainer) == GTK_WINDOW (window));
  gtk_window_set_default_size (explainer, 640, 1500);
  wait_until (widget_mapped, explainer, "the explainer to show");

  /* One instance: asking again brings the same window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.explain", NULL));
  g_assert_true (mc_window_get_explain_window (window) == explainer);
  return MC_EXPLAIN_WINDOW (explainer);
}

static gboolean
action_enabled (GtkWidget  *widget,
                const char *action)
{
  /* gtk_widget_activate_action () would run it: ask the muxer instead,
   * through a button bound to it. */
  g_autoptr(GPtrArray) buttons = mc_test_find_widgets (widget, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), action) == 0)
        return gtk_widget_get_sensitive (buttons->pdata[i]);
    }
  g_error ("No button for %s", action);
}

/* What the window shows for an explanation is what the engine says. */
static void
assert_shows (McExplainWindow *explainer,
              McExplanation   *expected)
{
  GtkWidget *root = GTK_WIDGET (explainer);
  McExplanation *shown = mc_explain_window_get_explanation (explainer);
  const McGuidance *guidance = mc_guidance_lookup (mc_explanation_get_guidance (expected));
  McGuidanceView *view = find_one (root, MC_TYPE_GUIDANCE_VIEW);
  McStatusLight *light = NULL;
  g_autoptr(GPtrArray) lights = mc_test_find_widgets (root, MC_TYPE_STATUS_LIGHT);
  g_autoptr(GPtrArray) boxes = mc_test_find_widgets (GTK_WIDGET (view), GTK_TYPE_BOX);
  guint steps = 0;

  g_assert_nonnull (shown);
  g_assert_nonnull (guidance);
  g_assert_cmpstr (mc_explanation_get_basic_code (shown), ==, mc_explanation_get_basic_code (expected));
  g_assert_cmpstr (mc_explanation_get_enhanced_code (shown), ==,
                   mc_explanation_get_enhanced_code (expected));
  g_assert_cmpstr (mc_explain_window_get_guidance (explainer), ==,
                   mc_explanation_get_guidance (expected));

  /* The headline: the summary, and the kind of failure in words beside a
   * light with a shape. */
  g_assert_cmpstr (gtk_label_get_text (find_label (root, "explain-summary")), ==,
                   mc_explanation_get_summary (expected));
  g_assert_cmpstr (gtk_label_get_text (find_label (root, "explain-class")), ==,
                   mc_bounce_class_get_label (mc_explanation_get_class (expected)));
  g_assert_cmpuint (lights->len, ==, 1);
  light = lights->pdata[0];
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (light)));
  g_assert_nonnull (mc_status_light_get_icon_name (mc_status_light_get_status (light)));

  /* The codes and what they mean. */
  if (mc_explanation_get_enhanced_code (expected) != NULL)
    g_assert_nonnull (strstr (gtk_label_get_text (find_label (root, "explain-codes")),
                              mc_explanation_get_enhanced_code (expected)));
  if (mc_explanation_get_code_meaning (expected) != NULL)
    g_assert_cmpstr (gtk_label_get_text (find_label (root, "explain-code-meaning")), ==,
                     mc_explanation_get_code_meaning (expected));
  if (mc_explanation_get_recipient (expected) != NULL)
    g_assert_cmpstr (gtk_label_get_text (find_label (root, "explain-recipient")), ==,
                     mc_explanation_get_recipient (expected));
  if (mc_explanation_get_remote_server (expected) != NULL)
    g_assert_cmpstr (gtk_label_get_text (find_label (root, "explain-server")), ==,
                     mc_explanation_get_remote_server (expected));

  /* The guidance: its title and numbered steps. */
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (view)));
  g_assert_cmpstr (gtk_label_get_text (find_label (GTK_WIDGET (view), "guidance-title")), ==,
                   _(guidance->title));
  for (guint i = 0; i < boxes->len; i++)
    steps += gtk_widget_has_css_class (boxes->pdata[i], "step");
  g_assert_cmpuint (steps, >, 0);
}

static McExplanation *
explain_directly (const char *data,
                  gsize       length)
{
  McExplanation *explanation = mc_explain (data, length);

  g_test_message ("engine: %s %s %s → %s",
                  mc_explanation_get_basic_code (explanation) ?: "-",
                  mc_explanation_get_enhanced_code (explanation) ?: "-",
                  mc_bounce_class_to_string (mc_explanation_get_class (explanation)),
                  mc_explanation_get_guidance (explanation));
  return explanation;
}

/* ---- The cases ---- */

/* Pasted text, explained with the button's action: the codes, the
 * recipient, the advice; the copy button copies all of it. */
static void
test_paste (void)
{
  McWindow *window = open_main_window (700);
  McExplainWindow *explainer = open_explainer (window);
  g_autoptr(McExplanation) expected = explain_directly (PASTED, strlen (PASTED));
  g_autofree char *copied = NULL;

  /* Nothing to explain yet: the button waits, the copy button too. */
  g_assert_false (action_enabled (GTK_WIDGET (explainer), "explain.explain"));
  g_assert_false (action_enabled (GTK_WIDGET (explainer), "explain.copy"));
  g_assert_null (mc_explain_window_get_guidance (explainer));

  mc_explain_window_set_text (explainer, PASTED);
  g_assert_true (action_enabled (GTK_WIDGET (explainer), "explain.explain"));
  /* Ctrl+Enter, as typed in the box. */
  press_shortcut (GTK_WIDGET (explainer), "<Control>Return");
  g_assert_true (mc_explain_window_get_busy (explainer));
  wait_until (explainer_idle, explainer, "the explanation");

  g_assert_cmpstr (mc_explanation_get_basic_code (expected), ==, "550");
  g_assert_cmpstr (mc_explanation_get_enhanced_code (expected), ==, "5.1.1");
  g_assert_cmpstr (mc_explanation_get_recipient (expected), ==, "hanako@example.jp");
  assert_shows (explainer, expected);
  g_assert_cmpint (mc_status_light_get_status (find_one (GTK_WIDGET (explainer), MC_TYPE_STATUS_LIGHT)),
                   ==, MC_STATUS_FAIL);
  assert_no_missing_glyphs (GTK_WIDGET (explainer));
  assert_icon_buttons_labelled (GTK_WIDGET (explainer));
  g_free (mc_test_save_screenshot (GTK_WIDGET (explainer), "screenshot-explain"));

  /* Copy: the whole explanation, as the engine writes it. */
  g_assert_true (action_enabled (GTK_WIDGET (explainer), "explain.copy"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (explainer), "explain.copy", NULL));
  copied = clipboard_text (GTK_WIDGET (explainer));
  {
    g_autofree char *expected_text = mc_explanation_to_text (expected);

    g_assert_cmpstr (copied, ==, expected_text);
    g_assert_nonnull (strstr (copied, "5.1.1"));
  }

  /* Closing the main window closes the explainer with it. */
  {
    gpointer alive = explainer;

    g_object_add_weak_pointer (G_OBJECT (explainer), &alive);
    close_window (GTK_WIDGET (window));
    g_assert_null (alive);
  }
}

/* "See also" opens the entry it names, Back returns. */
static void
test_see_also (void)
{
  McWindow *window = open_main_window (700);
  McExplainWindow *explainer = open_explainer (window);
  McGuidanceView *view;
  g_autoptr(GPtrArray) buttons = NULL;
  GtkButton *related = NULL;
  g_autofree char *first = NULL;

  mc_explain_window_set_text (explainer, PASTED);
  mc_explain_window_explain (explainer);
  wait_until (explainer_idle, explainer, "the explanation");
  first = g_strdup (mc_explain_window_get_guidance (explainer));

  view = find_one (GTK_WIDGET (explainer), MC_TYPE_GUIDANCE_VIEW);
  buttons = mc_test_find_widgets (GTK_WIDGET (view), GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len && related == NULL; i++)
    {
      if (gtk_widget_has_css_class (buttons->pdata[i], "related-button"))
        related = buttons->pdata[i];
    }
  if (related == NULL)
    {
      /* The catalogue decides; an entry without "See also" shows none. */
      g_assert_null (mc_guidance_lookup (first)->related[0]);
      close_window (GTK_WIDGET (window));
      return;
    }

  g_assert_false (action_enabled (GTK_WIDGET (explainer), "explain.back"));
  g_signal_emit_by_name (related, "clicked");
  g_assert_cmpstr (mc_explain_window_get_guidance (explainer), !=, first);
  g_assert_nonnull (mc_guidance_lookup (mc_explain_window_get_guidance (explainer)));
  g_assert_cmpstr (mc_explain_window_get_guidance (explainer), ==,
                   mc_guidance_lookup (first)->related[0]);
  g_assert_true (action_enabled (GTK_WIDGET (explainer), "explain.back"));

  /* The copy now holds the explanation and the entry being read. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (explainer), "explain.copy", NULL));
  {
    g_autofree char *copied = clipboard_text (GTK_WIDGET (explainer));
    const McGuidance *shown = mc_guidance_lookup (mc_explain_window_get_guidance (explainer));

    g_assert_nonnull (strstr (copied, "5.1.1"));
    g_assert_nonnull (strstr (copied, _(shown->title)));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (explainer), "explain.back", NULL));
  g_assert_cmpstr (mc_explain_window_get_guidance (explainer), ==, first);
  g_assert_false (action_enabled (GTK_WIDGET (explainer), "explain.back"));

  close_window (GTK_WIDGET (window));
}

static void
explain_file (McExplainWindow *explainer,
              const char      *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  mc_explain_window_open_file (explainer, file);
  g_assert_true (mc_explain_window_get_busy (explainer));
  wait_until (explainer_idle, explainer, "the file's explanation");
}

/* A saved returned mail, opened as Open File… opens it: the engine's
 * explanation of the same bytes, the recipient and the remote server, and
 * the file's name. Then the samples of tests/samples/bounces, if any. */
static void
test_open_eml (void)
{
  McWindow *window = open_main_window (700);
  McExplainWindow *explainer = open_explainer (window);
  g_autofree char *path = g_build_filename (tmp_home, "返送メール.eml", NULL);
  g_autofree char *samples = g_test_build_filename (G_TEST_DIST, "samples", "bounces", NULL);
  g_autoptr(McExplanation) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_file_set_contents (path, returned_mail, sizeof returned_mail - 1, &error);
  g_assert_no_error (error);
  expected = explain_directly (returned_mail, sizeof returned_mail - 1);
  g_assert_cmpstr (mc_explanation_get_enhanced_code (expected), ==, "5.2.2");
  g_assert_cmpstr (mc_explanation_get_recipient (expected), ==, "jiro@mobile.example.jp");

  explain_file (explainer, path);
  assert_shows (explainer, expected);
  g_assert_nonnull (strstr (gtk_label_get_text (find_label (GTK_WIDGET (explainer), "explain-summary")),
                            "jiro@mobile.example.jp"));
  {
    GtkLabel *server = find_label (GTK_WIDGET (explainer), "explain-server");

    g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (server)));
    g_assert_nonnull (strstr (gtk_label_get_text (server), "mx.mobile.example.jp"));
  }
  /* The text box is left as it was: the file is not pasted into it. */
  g_assert_false (action_enabled (GTK_WIDGET (explainer), "explain.explain"));
  assert_no_missing_glyphs (GTK_WIDGET (explainer));
  g_remove (path);

  /* A file that is not there: said in a toast, the last result stays. */
  explain_file (explainer, path);
  g_assert_cmpstr (mc_explain_window_get_guidance (explainer), ==,
                   mc_explanation_get_guidance (expected));

  dir = g_dir_open (samples, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sample = g_build_filename (samples, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(McExplanation) direct = NULL;

      /* The samples' own list of what they should give is no sample. */
      if (g_str_has_suffix (name, ".tsv") || g_str_has_suffix (name, ".md") ||
          !g_file_get_contents (sample, &contents, &length, NULL))
        continue;
      g_test_message ("sample %s", name);
      direct = explain_directly (contents, length);
      explain_file (explainer, sample);
      g_assert_cmpstr (mc_explain_window_get_guidance (explainer), ==,
                       mc_explanation_get_guidance (direct));
      g_assert_cmpstr (mc_explanation_get_enhanced_code (mc_explain_window_get_explanation (explainer)),
                       ==, mc_explanation_get_enhanced_code (direct));
    }

  close_window (GTK_WIDGET (window));
}

/* A dropped file is opened, dropped text explained: through the window's
 * own drop handler. */
static void
test_drop (void)
{
  McWindow *window = open_main_window (700);
  McExplainWindow *explainer = open_explainer (window);
  g_autofree char *path = g_build_filename (tmp_home, "bounce.eml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  GtkDropTarget *target = NULL;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (explainer));
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "421 4.7.0 Try again later, closing connection.");
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  wait_until (explainer_idle, explainer, "the dropped text's explanation");
  g_assert_cmpstr (mc_explanation_get_basic_code (mc_explain_window_get_explanation (explainer)), ==,
                   "421");

  g_file_set_contents (path, returned_mail, sizeof returned_mail - 1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  {
    GSList files = { file, NULL };

    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed (&value, gdk_file_list_new_from_list (&files));
    g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
    g_value_unset (&value);
  }
  g_assert_true (accepted);
  wait_until (explainer_idle, explainer, "the dropped file's explanation");
  g_assert_cmpstr (mc_explanation_get_enhanced_code (mc_explain_window_get_explanation (explainer)), ==,
                   "5.2.2");
  g_remove (path);

  close_window (GTK_WIDGET (window));
}

/* The common problems: one row each, which opens its advice. */
static void
test_problems (void)
{
  McWindow *window = open_main_window (700);
  McExplainWindow *explainer = open_explainer (window);
  g_autoptr(GPtrArray) rows = mc_test_find_widgets (GTK_WIDGET (explainer), ADW_TYPE_ACTION_ROW);
  guint n_topics = 0;
  const McExplainTopic *topics = mc_explain_get_topics (&n_topics);
  guint shown = 0;
  AdwActionRow *first = NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      if (gtk_widget_has_css_class (rows->pdata[i], "topic-row"))
        {
          first = first != NULL ? first : rows->pdata[i];
          shown++;
        }
    }
  for (guint i = 0; i < n_topics; i++)
    {
      if (mc_guidance_lookup (topics[i].guidance) == NULL)
        g_test_message ("Topic “%s” leads to no entry (%s)", topics[i].title, topics[i].guidance);
    }
  if (n_topics == 0)
    {
      g_assert_cmpuint (shown, ==, 0);
      close_window (GTK_WIDGET (window));
      return;
    }
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <=, n_topics);

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, _(topics[0].title));
  g_signal_emit_by_name (first, "activated");
  g_assert_cmpstr (mc_explain_window_get_guidance (explainer), ==, topics[0].guidance);
  g_assert_null (mc_explain_window_get_explanation (explainer));
  g_assert_cmpstr (gtk_label_get_text (find_label (GTK_WIDGET (explainer), "explain-summary")), ==,
                   _(topics[0].title));
  g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (find_label (GTK_WIDGET (explainer),
                                                                  "explain-codes"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (explainer), "explain.copy", NULL));
  {
    g_autofree char *copied = clipboard_text (GTK_WIDGET (explainer));

    g_assert_true (g_str_has_prefix (copied, _(topics[0].title)));
  }
  assert_no_missing_glyphs (GTK_WIDGET (explainer));

  /* Unknown advice is refused, nothing changes. */
  g_assert_false (mc_explain_window_show_problem (explainer, "no-such-entry"));
  g_assert_cmpstr (mc_explain_window_get_guidance (explainer), ==, topics[0].guidance);

  close_window (GTK_WIDGET (window));
}

/* ---- The attachment check in the window ---- */

static char *
write_sparse_file (const char *name,
                   guint64     size)
{
  char *path = g_build_filename (tmp_home, name, NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) size), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
  return path;
}

static void
start_servers (void)
{
  g_autoptr(GError) error = NULL;
  const char *servers[] = { NULL, NULL };

  if (postfix != NULL)
    return;
  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);
  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);
  postfix = mc_test_postfix_start (pki, &error);
  g_assert_no_error (error);
  servers[0] = mc_test_dns_get_server (dns);
  resolver = mc_resolver_new ();
  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  g_assert_no_error (error);
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static GPtrArray *
attachment_rows (McWindow *window)
{
  return mc_test_find_widgets (GTK_WIDGET (window), MC_TYPE_ATTACHMENT_ROW);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  g_assert_not_reached ();
}

/* Files chosen and dropped, listed with their sizes, one removed; a real
 * check against Postfix finds the rest too big. */
static void
test_attachment (void)
{
  McWindow *window;
  g_autofree char *video = write_sparse_file ("運動会の動画.mp4", 8000000);
  g_autofree char *photo = write_sparse_file ("photo.jpg", 2500000);
  g_autofree char *extra = write_sparse_file ("extra.pdf", 1000);
  g_autofree char *map = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) extra_file = g_file_new_for_path (extra);
  McFindingRow *row;
  McFinding *finding;
  gboolean finished = FALSE;
  gboolean accepted = FALSE;

  start_servers ();
  window = open_main_window (2900);
  mc_window_set_resolver (window, resolver);
  map = g_strdup_printf ("25=%u,465=%u,587=%u", mc_test_postfix_get_port (postfix, 25),
                         mc_test_postfix_get_port (postfix, 465),
                         mc_test_postfix_get_port (postfix, 587));
  g_assert_true (mc_checkup_set_port_map (mc_window_get_checkup (window), map, &error));
  mc_checkup_set_blocklists_file (mc_window_get_checkup (window),
                                  g_test_get_filename (G_TEST_DIST, "blocklists-test.ini", NULL));
  g_assert_true (mc_window_set_ca_file (window, mc_test_pki_get_ca_file (pki), &error));
  g_assert_no_error (error);
  mc_window_set_timeout (window, 5);
  mc_account_set_email (account, mc_test_postfix_get_email (postfix));
  mc_account_set_host (account, "mail.example.test");
  mc_account_set_port (account, 587);
  mc_account_set_user (account, mc_test_postfix_get_user (postfix));
  mc_window_set_account (window, account);
  mc_window_set_password (window, mc_test_postfix_get_password (postfix));

  /* Chosen (as the file chooser hands them over): each once. */
  g_ptr_array_add (files, g_file_new_for_path (video));
  g_ptr_array_add (files, g_file_new_for_path (photo));
  g_ptr_array_add (files, g_file_new_for_path (video));
  mc_window_add_attachments (window, files);
  g_assert_cmpuint (g_list_model_get_n_items (mc_window_get_attachments (window)), ==, 2);

  /* Dropped on the window. */
  {
    GSList list = { extra_file, NULL };
    GValue value = G_VALUE_INIT;

    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed (&value, gdk_file_list_new_from_list (&list));
    g_signal_emit_by_name (find_drop_target (GTK_WIDGET (window)), "drop", &value, 100.0, 100.0,
                           &accepted);
    g_value_unset (&value);
  }
  g_assert_true (accepted);
  g_assert_cmpuint (g_list_model_get_n_items (mc_window_get_attachments (window)), ==, 3);

  /* Listed with their sizes, as the file system gives them. */
  wait_until (rows_ready, window, "the attachment sizes");
  rows = attachment_rows (window);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      AdwActionRow *file_row = rows->pdata[i];
      GFile *file = mc_attachment_row_get_file (rows->pdata[i]);
      g_autofree char *basename = g_file_get_basename (file);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_autoptr(GPtrArray) buttons = mc_test_find_widgets (rows->pdata[i], GTK_TYPE_BUTTON);

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (file_row)), ==, basename);
      g_assert_cmpstr (adw_action_row_get_subtitle (file_row), ==, size);
      g_assert_cmpuint (buttons->len, ==, 1);
      g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (buttons->pdata[0]), basename));
    }

  /* The remove button takes one off. */
  g_assert_true (gtk_widget_activate_action (rows->pdata[2], "row.remove", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (mc_window_get_attachments (window)), ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = attachment_rows (window);
  g_assert_cmpuint (rows->len, ==, 2);
  wait_until (rows_ready, window, "the attachment sizes");

  /* The check: 8 MB and 2.5 MB are about 14.4 MB when sent. */
  g_signal_connect_swapped (window, "checkup-finished", G_CALLBACK (set_flag), &finished);
  mc_window_run (window);
  mc_test_iterate_until (&finished, WAIT_MS);
  g_assert_true (finished);

  row = find_finding_row (window, "message.attachment");
  finding = mc_finding_row_get_finding (row);
  g_test_message ("message.attachment: %s", mc_finding_get_summary (finding));
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (finding), ==, "attachment-too-big");
  g_assert_cmpint (mc_status_light_get_status (mc_finding_row_get_light (row)), ==, MC_STATUS_FAIL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (mc_finding_get_evidence (finding),
                                                                         "files")), ==, 2);
  g_assert_cmpint (mc_finding_get_status (mc_checkup_lookup_finding (mc_window_get_checkup (window),
                                                                     "server.size")), ==, MC_STATUS_OK);

  /* Opened, as a person would to read what to do. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  assert_no_missing_glyphs (GTK_WIDGET (window));
  assert_icon_buttons_labelled (GTK_WIDGET (window));
  g_free (mc_test_save_screenshot (GTK_WIDGET (window), "screenshot-attachment"));

  close_window (GTK_WIDGET (window));
  g_remove (video);
  g_remove (photo);
  g_remove (extra);
}


/* ---- The command line to the window ---- */

/* Polls the running application (every 25 ms, at most 400 times: 10 s)
 * until until_cb says its windows are in the state wanted, then quits. */
typedef struct
{
  GApplication *app;
  gboolean    (*until_cb) (GtkApplication *app,
                           gpointer        data);
  gpointer      data;
  guint         ticks;
  gboolean      reached;
} AppRun;

static gboolean
poll_app_cb (gpointer user_data)
{
  AppRun *run = user_data;

  if (run->until_cb (GTK_APPLICATION (run->app), run->data))
    run->reached = TRUE;
  else if (++run->ticks < 400)
    return G_SOURCE_CONTINUE;

  g_application_quit (run->app);
  return G_SOURCE_REMOVE;
}

/* Runs the application as the desktop would, with argv, until until_cb. */
static void
run_app (const char  *const *args,
         gboolean   (*until_cb) (GtkApplication *app,
                                 gpointer        data),
         gpointer      data)
{
  g_autoptr(McApplication) app = mc_application_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  AppRun run = { G_APPLICATION (app), until_cb, data, 0, FALSE };
  int status;

  g_ptr_array_add (argv, (char *) "mail-checkup");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_timeout_add (25, poll_app_cb, &run);
  status = g_application_run (G_APPLICATION (app), (int) argv->len - 1, (char **) argv->pdata);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.reached);
  mc_test_drain_main_context ();
}

static gboolean
explainer_done (GtkApplication *app,
                gpointer        data)
{
  McExplanation **shown = data;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    {
      McExplainWindow *explainer = l->data;

      if (!MC_IS_EXPLAIN_WINDOW (explainer) || mc_explain_window_get_busy (explainer) ||
          mc_explain_window_get_explanation (explainer) == NULL)
        continue;
      /* Over the main window, not on its own. */
      g_assert_true (MC_IS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (explainer))));
      *shown = g_object_ref (mc_explain_window_get_explanation (explainer));
      return TRUE;
    }
  return FALSE;
}

/* `mail-checkup --explain FILE` opens the explainer with the message read
 * and explained, as a person who got a returned mail would want. */
static void
test_command_line_explain (void)
{
  g_autofree char *eml = g_test_build_filename (G_TEST_DIST, "samples", "bounces",
                                                "postfix-user-unknown.eml", NULL);
  const char *args[] = { "--explain", eml, NULL };
  g_autoptr(McExplanation) shown = NULL;

  run_app (args, explainer_done, &shown);
  g_assert_nonnull (shown);
  g_assert_cmpstr (mc_explanation_get_basic_code (shown), ==, "550");
  g_assert_cmpstr (mc_explanation_get_enhanced_code (shown), ==, "5.1.1");
  g_assert_cmpstr (mc_explanation_get_recipient (shown), ==, "hanako@example.jp");
  g_assert_cmpstr (mc_explanation_get_guidance (shown), ==, "bounce-user-unknown");
}

static gboolean
check_started (GtkApplication *app,
               gpointer        data)
{
  char **account_id = data;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    {
      McWindow *window = l->data;
      McCheckup *checkup;

      if (!MC_IS_WINDOW (window) || mc_window_get_current_account (window) == NULL)
        continue;
      checkup = mc_window_get_checkup (window);
      /* Started by itself: running, or already done with a report. */
      if (!mc_checkup_get_running (checkup) && mc_window_get_report (window) == NULL)
        continue;
      *account_id = g_strdup (mc_account_get_id (mc_window_get_current_account (window)));
      return TRUE;
    }
  return FALSE;
}

/* `mail-checkup --account ID` opens with that account and checks it at
 * once. The account is an msmtp one of the test's home, on a loopback port
 * where nothing listens, and DNS goes to a loopback port too: nothing
 * leaves the machine. */
static void
test_command_line_account (void)
{
  g_autofree char *msmtprc = g_build_filename (tmp_home, ".msmtprc", NULL);
  const char *args[] = { "--account", "msmtp:msmtprc/work", "--dns-server", "127.0.0.1:9",
                         "--timeout", "2", NULL };
  g_autofree char *account_id = NULL;

  g_assert_true (g_file_set_contents (msmtprc,
                                      "account other\nhost 127.0.0.1\nport 9\nfrom b@example.test\n"
                                      "account work\nhost 127.0.0.1\nport 9\nfrom a@example.test\n",
                                      -1, NULL));
  run_app (args, check_started, &account_id);
  g_assert_cmpstr (account_id, ==, "msmtp:msmtprc/work");
  g_remove (msmtprc);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Reproducible pictures and no accessibility bus. */
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_unsetenv ("MAIL_CHECKUP_PORT_MAP");
  /* The application run from the command line finds no session bus (and
   * starts none): it runs as a plain, non-unique application. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mail-checkup-test-bus", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* A home of the test's own, set before any thread starts: the window
   * finds no account of the person running the tests. */
  tmp_home = mc_test_make_home ();

  gtk_init ();
  mc_i18n_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/window-explain/paste", test_paste);
  g_test_add_func ("/window-explain/see-also", test_see_also);
  g_test_add_func ("/window-explain/open-eml", test_open_eml);
  g_test_add_func ("/window-explain/drop", test_drop);
  g_test_add_func ("/window-explain/problems", test_problems);
  g_test_add_func ("/window-explain/attachment", test_attachment);
  g_test_add_func ("/window-explain/command-line-explain", test_command_line_explain);
  g_test_add_func ("/window-explain/command-line-account", test_command_line_account);

  status = g_test_run ();

  g_clear_object (&resolver);
  g_clear_pointer (&postfix, mc_test_postfix_stop);
  g_clear_pointer (&pki, mc_test_pki_free);
  g_clear_pointer (&dns, mc_test_dns_stop);
  mc_test_rm_rf (tmp_home);
  g_free (tmp_home);
  return status;
}
