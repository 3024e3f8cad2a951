/* test-window.c: the main window under Xvfb: live rows, lights, guidance, errors and screenshots.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs real checkups against the test DNS server (nsd), the scripted SMTP
 * server (tests/smtp-hostile.py, with a certificate from the test CA) in
 * place of port 587 and two TCP listeners on loopback that stand in for
 * ports 25 and 465, then looks at the widgets the way a person would: one
 * row per finding, every light done and labelled, the guidance of a
 * problem, no missing glyph, the password nowhere, and PNGs of the window.
 * The account is typed in (as with --email, --host, …), in a home folder of
 * the test's own that holds no other account.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include <json-glib/json-glib.h>

#include "mc-finding-row.h"
#include "mc-guidance.h"
#include "mc-i18n.h"
#include "mc-status-light.h"
#include "mc-test-dns.h"
#include "mc-test-gtk.h"
#include "mc-test-net.h"
#include "mc-test-pki.h"
#include "mc-test-smtp-server.h"
#include "mc-version.h"
#include "mc-window.h"

#define RUN_TIMEOUT_MS 30000
#define SHOT_TIMEOUT_MS 10000

static McTestDns *dns;
static McTestPki *pki;
static McTestSmtpServer *smtp;
static char *port_map;
static McResolver *resolver;
static GSocketListener *listener;
static GCancellable *listener_cancellable;

/* The ports probe only needs the connection to be accepted. */
static void
accept_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GSocketConnection) conn = NULL;

  conn = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  if (conn == NULL)
    return;

  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  g_socket_listener_accept_async (listener, listener_cancellable, accept_cb, NULL);
}

/* Ports 25 and 465 only need to accept; 587 is the scripted SMTP server. */
static char *
open_listeners (guint16 submission_port)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  guint16 ports[2];

  listener = g_socket_listener_new ();
  listener_cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) address = NULL;

      ports[i] = mc_test_pick_port (G_SOCKET_TYPE_STREAM, &error);
      g_assert_no_error (error);
      address = g_inet_socket_address_new (lo, ports[i]);
      g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                     G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_socket_listener_accept_async (listener, listener_cancellable, accept_cb, NULL);

  return g_strdup_printf ("25=%u,465=%u,587=%u", ports[0], ports[1], submission_port);
}

static McFindingRow *
find_row (McWindow   *window,
          const char *id)
{
  g_autoptr(GPtrArray) rows = mc_test_find_widgets (GTK_WIDGET (window), MC_TYPE_FINDING_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      McFinding *finding = mc_finding_row_get_finding (rows->pdata[i]);

      if (g_strcmp0 (mc_finding_get_id (finding), id) == 0)
        return rows->pdata[i];
    }
  g_assert_not_reached ();
}

static void
fill_account (McWindow   *window,
              const char *host)
{
  g_autoptr(McAccount) account = mc_account_new ();

  mc_account_set_email (account, "taro@example.test");
  mc_account_set_host (account, host);
  mc_account_set_port (account, 587);
  mc_account_set_user (account, mc_test_smtp_server_get_user (smtp));
  mc_window_set_account (window, account);
}

/* A window for the account at host, logging in with password (NULL: none)
 * and trusting the test CA. */
static McWindow *
make_window_with_password (const char *host,
                           const char *password)
{
  McWindow *window = mc_window_new (NULL);
  g_autoptr(GError) error = NULL;

  /* Set here rather than through MAIL_CHECKUP_PORT_MAP: the servers'
   * ports are only known once their threads and processes run, and
   * setenv () is not safe then. */
  g_assert_true (mc_checkup_set_port_map (mc_window_get_checkup (window), port_map, &error));
  g_assert_no_error (error);
  mc_checkup_set_blocklists_file (mc_window_get_checkup (window),
                                  g_test_get_filename (G_TEST_DIST, "blocklists-test.ini", NULL));
  fill_account (window, host);
  mc_window_set_password (window, password);
  g_assert_true (mc_window_set_ca_file (window, mc_test_pki_get_ca_file (pki), &error));
  g_assert_no_error (error);
  mc_window_set_timeout (window, 5);

  /* Tall enough for every row, and one of them open, to be in the screenshot. */
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 2900);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static McWindow *
make_window (const char *host)
{
  return make_window_with_password (host, mc_test_smtp_server_get_password (smtp));
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static void
run_and_wait (McWindow *window)
{
  gboolean finished = FALSE;
  gulong id;

  id = g_signal_connect_swapped (window, "checkup-finished", G_CALLBACK (set_flag), &finished);
  mc_window_run (window);
  g_assert_true (mc_checkup_get_running (mc_window_get_checkup (window)));
  mc_test_iterate_until (&finished, RUN_TIMEOUT_MS);
  g_signal_handler_disconnect (window, id);

  g_assert_false (mc_checkup_get_running (mc_window_get_checkup (window)));
  /* The checkup forgot the password as soon as the check ended. */
  g_assert_false (mc_checkup_get_has_password (mc_window_get_checkup (window)));
}

/* One row per finding, in the model's order, each showing its finding. */
static void
assert_rows (McWindow *window,
             gboolean  done)
{
  GListModel *findings = mc_checkup_get_findings (mc_window_get_checkup (window));
  g_autoptr(GPtrArray) rows = mc_test_find_widgets (GTK_WIDGET (window), MC_TYPE_FINDING_ROW);

  g_assert_cmpuint (rows->len, ==, g_list_model_get_n_items (findings));
  g_assert_cmpuint (rows->len, >, 0);

  for (guint i = 0; i < rows->len; i++)
    {
      McFindingRow *row = rows->pdata[i];
      g_autoptr(McFinding) finding = g_list_model_get_item (findings, i);
      McStatusLight *light = mc_finding_row_get_light (row);
      McStatus status = mc_finding_get_status (finding);
      g_autoptr(GPtrArray) spinners = mc_test_find_widgets (GTK_WIDGET (light), GTK_TYPE_SPINNER);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      const char *subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));

      g_assert_true (mc_finding_row_get_finding (row) == finding);
      g_assert_cmpint (mc_status_light_get_status (light), ==, status);
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");

      /* The light is an image whose name is the check's title and its
       * status word: "Log-in: Problem". */
      gtk_test_accessible_assert_role (GTK_ACCESSIBLE (light), GTK_ACCESSIBLE_ROLE_IMG);
      {
        g_autofree char *name = g_strdup_printf (_("%1$s: %2$s"), title,
                                                 mc_status_get_label (status));

        gtk_test_accessible_assert_property (GTK_ACCESSIBLE (light),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL, name);
      }

      if (done)
        {
          g_assert_true (mc_status_is_done (status));
          g_assert_nonnull (subtitle);
          g_assert_cmpstr (subtitle, !=, "");
          gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row),
                                               GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle);
          for (guint s = 0; s < spinners->len; s++)
            {
              g_assert_false (gtk_widget_get_visible (spinners->pdata[s]));
              g_assert_false (gtk_spinner_get_spinning (spinners->pdata[s]));
            }
        }
      else
        {
          g_assert_cmpint (status, ==, MC_STATUS_PENDING);
        }
    }
}

/* Every label a person can see has a glyph for each character: without a
 * Japanese font, Pango draws boxes and counts them as unknown. */
static void
assert_no_missing_glyphs (McWindow *window)
{
  g_autoptr(GPtrArray) labels = mc_test_find_widgets (GTK_WIDGET (window), GTK_TYPE_LABEL);
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

static McStatus
row_status (McWindow   *window,
            const char *id)
{
  return mc_finding_get_status (mc_finding_row_get_finding (find_row (window, id)));
}

/* The label of a row's expansion with a style class, such as "guidance-title". */
static GtkLabel *
find_row_label (McFindingRow *row,
                const char   *css_class)
{
  g_autoptr(GPtrArray) labels = mc_test_find_widgets (GTK_WIDGET (row), GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      if (gtk_widget_has_css_class (labels->pdata[i], css_class))
        return labels->pdata[i];
    }
  g_assert_not_reached ();
}

static GtkWidget *
find_copy_button (McFindingRow *row)
{
  g_autoptr(GPtrArray) buttons = mc_test_find_widgets (GTK_WIDGET (row), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "row.copy-details") == 0)
        return buttons->pdata[i];
    }
  g_assert_not_reached ();
}

/* Whether widget is root or inside it. */
static gboolean
is_inside (GtkWidget *widget,
           GtkWidget *root)
{
  return widget == root || gtk_widget_is_ancestor (widget, root);
}

/* The password is nowhere a person (or a screen reader) could read it:
 * not in a label, an entry, a tooltip. Only its own row holds it. */
static void
assert_password_hidden (McWindow   *window,
                        const char *password)
{
  g_autoptr(GPtrArray) widgets = mc_test_find_widgets (GTK_WIDGET (window), GTK_TYPE_WIDGET);
  g_autoptr(GPtrArray) password_rows = mc_test_find_widgets (GTK_WIDGET (window),
                                                             ADW_TYPE_PASSWORD_ENTRY_ROW);
  GtkWidget *password_row;
  guint labels = 0;
  guint editables = 0;

  g_assert_cmpuint (password_rows->len, ==, 1);
  password_row = password_rows->pdata[0];
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, password);

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = widgets->pdata[i];
      const char *tooltip = gtk_widget_get_tooltip_text (widget);

      if (is_inside (widget, password_row))
        continue;

      if (tooltip != NULL)
        g_assert_null (strstr (tooltip, password));
      if (GTK_IS_LABEL (widget))
        {
          g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (widget)), password));
          g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (widget)), password));
          labels++;
        }
      if (GTK_IS_EDITABLE (widget))
        {
          g_assert_null (strstr (gtk_editable_get_text (GTK_EDITABLE (widget)), password));
          editables++;
        }
    }
  g_assert_cmpuint (labels, >, 20);
  g_assert_cmpuint (editables, >, 2);
}

/* _build/tests/NAME-LANG.png of window (with popover drawn over it), at
 * least 360 pixels wide. */
static void
save_screenshot_with (McWindow   *window,
                      GtkWidget  *popover,
                      const char *name)
{
  g_autofree char *path = mc_test_save_screenshot_with_popover (GTK_WIDGET (window), popover, name);

  /* The helper checked that the picture is exactly as wide as the window,
   * so this is the picture's width too. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, 360);
}

static void
save_screenshot (McWindow   *window,
                 const char *name)
{
  save_screenshot_with (window, NULL, name);
}

/* Whether menu (or one of its sections and submenus) has an item for the
 * action. */
static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      links = g_menu_model_iterate_item_links (menu, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) linked = g_menu_link_iter_get_value (links);

          if (menu_has_action (linked, action))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The report's actions and settings are in the main menu and next to Copy
 * Report in the banner; the open main menu is a screenshot. */
static void
assert_report_menus (McWindow *window)
{
  static const char *actions[] = {
    "win.copy-report", "win.save-report", "win.save-report-image", "win.copy-report-image",
    "win.redact-reports", "win.report-language",
  };
  g_autoptr(GPtrArray) buttons = mc_test_find_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  GtkMenuButton *primary = NULL;
  GtkWidget *split = mc_verdict_banner_get_copy_button (mc_window_get_verdict_banner (window));
  GtkPopover *popover;
  guint waited = 0;

  for (guint i = 0; i < buttons->len; i++)
    {
      if (gtk_menu_button_get_primary (buttons->pdata[i]))
        primary = buttons->pdata[i];
    }
  g_assert_nonnull (primary);
  g_assert_true (ADW_IS_SPLIT_BUTTON (split));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (primary), actions[i]));
      /* Copy Report is the split button's own action. */
      if (i > 0)
        g_assert_true (menu_has_action (adw_split_button_get_menu_model (ADW_SPLIT_BUTTON (split)),
                                        actions[i]));
    }

  gtk_menu_button_popup (primary);
  popover = gtk_menu_button_get_popover (primary);
  while (!popover_shown (popover) && waited++ < 1000)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (popover_shown (popover));
  save_screenshot_with (window, GTK_WIDGET (popover), "screenshot-window-menu");
  gtk_menu_button_popdown (primary);
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

static gboolean
report_action_enabled (McWindow   *window,
                       const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

/* The verdict banner says what the report says, to screen readers too. */
static void
assert_banner (McWindow *window)
{
  McVerdictBanner *banner = mc_window_get_verdict_banner (window);
  McReport *report = mc_window_get_report (window);
  g_autofree char *sentence = NULL;

  g_assert_nonnull (report);
  sentence = mc_report_dup_verdict_sentence (report, mc_window_get_redact (window));
  g_assert_cmpint (mc_status_light_get_status (mc_verdict_banner_get_light (banner)), ==,
                   mc_report_get_verdict_light (report));
  g_assert_cmpstr (mc_verdict_banner_get_title (banner), ==, mc_report_get_verdict_title (report));
  g_assert_cmpstr (mc_verdict_banner_get_sentence (banner), ==, sentence);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (banner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       mc_report_get_verdict_title (report));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (banner),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence);
  /* When, and with which version. */
  g_assert_nonnull (strstr (mc_verdict_banner_get_when (banner), mc_version_get_display ()));
  g_assert_null (mc_verdict_banner_get_progress_text (banner));
  g_assert_true (gtk_widget_is_drawable (mc_verdict_banner_get_copy_button (banner)));
  g_assert_false (gtk_widget_get_visible (mc_verdict_banner_get_cancel_button (banner)));
  for (guint i = 0; i < 4; i++)
    {
      static const char *actions[] = { "copy-report", "save-report", "save-report-image",
                                       "copy-report-image" };

      g_assert_true (report_action_enabled (window, actions[i]));
    }
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_window_save_report_finish (MC_WINDOW (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static char *
save_and_read (McWindow   *window,
               const char *dir,
               const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  char *contents = NULL;

  mc_window_save_report_async (window, file, NULL, saved_cb, &done);
  mc_test_iterate_until (&done, SHOT_TIMEOUT_MS);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* Copy Report and Save Report…: Markdown on the clipboard, .md and .json
 * files, in the language and with the redaction chosen; never the
 * password. */
static void
assert_reports (McWindow   *window,
                const char *password)
{
  McReport *report = mc_window_get_report (window);
  g_autofree char *dir = mc_test_make_tmpdir ();
  g_autofree char *copied = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *json = NULL;
  g_autofree char *japanese = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  /* On by default: the user part of the address is masked. */
  g_assert_true (mc_window_get_redact (window));
  g_assert_null (mc_window_get_report_language (window));
  g_assert_null (strstr (mc_verdict_banner_get_account (mc_window_get_verdict_banner (window)),
                         "taro@"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-report", NULL));
  copied = clipboard_text (GTK_WIDGET (window));
  expected = mc_report_render (report, MC_REPORT_FORMAT_MARKDOWN, TRUE);
  g_assert_cmpstr (copied, ==, expected);
  g_assert_null (strstr (copied, "taro@"));
  g_assert_nonnull (strstr (copied, "***@example.test"));
  g_assert_null (strstr (copied, password));

  markdown = save_and_read (window, dir, "report.md");
  g_assert_cmpstr (markdown, ==, expected);
  json = save_and_read (window, dir, "report.JSON");
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, MC_REPORT_SCHEMA);
  g_assert_null (strstr (json, "taro@"));
  g_assert_null (strstr (json, password));

  /* The other language, whatever the window's: as the engine writes it. */
  mc_window_set_report_language (window, "ja");
  g_assert_cmpstr (mc_window_get_report_language (window), ==, "ja");
  japanese = mc_window_dup_report_text (window, MC_REPORT_FORMAT_MARKDOWN);
  {
    g_autofree char *direct = mc_report_render_for (report, MC_REPORT_FORMAT_MARKDOWN, TRUE, "ja");

    g_assert_cmpstr (japanese, ==, direct);
  }
  mc_window_set_report_language (window, NULL);
  g_assert_null (mc_window_get_report_language (window));

  /* Off: the address is there, in the banner too; the password still not. */
  mc_window_set_redact (window, FALSE);
  g_assert_nonnull (strstr (mc_verdict_banner_get_account (mc_window_get_verdict_banner (window)),
                            "taro@example.test"));
  g_clear_pointer (&copied, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-report", NULL));
  copied = clipboard_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (copied, "taro@example.test"));
  g_assert_null (strstr (copied, password));
  mc_window_set_redact (window, TRUE);

  mc_test_rm_rf (dir);
}

static void
close_window (McWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  /* Let the cancelled and finished sources run before the next case. */
  mc_test_drain_main_context ();
}

/* Everything in order, the password right: every light green. */
static void
test_window_ok (void)
{
  McWindow *window = make_window ("mail.example.test");
  GListModel *findings;
  McFindingRow *auth_row;

  /* The rows are there, waiting, before anything ran; nothing to report. */
  assert_rows (window, FALSE);
  g_assert_null (mc_window_get_report (window));
  g_assert_false (report_action_enabled (window, "copy-report"));
  g_assert_false (report_action_enabled (window, "save-report-image"));
  g_assert_false (gtk_widget_get_visible (mc_verdict_banner_get_copy_button (mc_window_get_verdict_banner (window))));
  save_screenshot (window, "screenshot-window-ready");

  run_and_wait (window);
  assert_rows (window, TRUE);
  assert_banner (window);
  g_assert_cmpint (mc_report_get_verdict_light (mc_window_get_report (window)), ==, MC_STATUS_OK);

  findings = mc_checkup_get_findings (mc_window_get_checkup (window));
  g_assert_cmpuint (g_list_model_get_n_items (findings), >=, 10);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(McFinding) finding = g_list_model_get_item (findings, i);
      McStatus status = mc_finding_get_status (finding);

      if (status != MC_STATUS_OK && status != MC_STATUS_INFO)
        g_error ("%s is %s: %s", mc_finding_get_id (finding), mc_status_to_string (status),
                 mc_finding_get_summary (finding));
    }
  g_assert_cmpint (row_status (window, "server.auth"), ==, MC_STATUS_OK);
  g_assert_cmpint (row_status (window, "server.tls"), ==, MC_STATUS_OK);
  g_assert_true (mc_test_smtp_server_saw_event (smtp, "auth", "password_ok=true"));

  assert_password_hidden (window, mc_test_smtp_server_get_password (smtp));
  assert_no_missing_glyphs (window);
  save_screenshot (window, "screenshot-window");
  assert_reports (window, mc_test_smtp_server_get_password (smtp));
  assert_report_menus (window);

  /* A green row has its transcript to copy (after the picture: the copy
   * shows a toast). */
  auth_row = find_row (window, "server.auth");
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (auth_row)));
  {
    GtkWidget *copy = find_copy_button (auth_row);
    const char *tooltip = gtk_widget_get_tooltip_text (copy);
    GdkContentProvider *content;
    GValue value = G_VALUE_INIT;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (tooltip);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         _("Copy the technical details"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (auth_row), "row.copy-details", NULL));
    content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (auth_row)));
    g_assert_nonnull (content);
    g_value_init (&value, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (content, &value, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (g_value_get_string (&value), "AUTH"));
    g_assert_null (strstr (g_value_get_string (&value),
                           mc_test_smtp_server_get_password (smtp)));
    g_value_unset (&value);
  }

  close_window (window);
}

/* A wrong password: the log-in row fails and says what to do. */
static void
test_window_auth (void)
{
  const char *wrong = "not-the-password-8f3a";
  McWindow *window = make_window_with_password ("mail.example.test", wrong);
  const McGuidance *guidance = mc_guidance_lookup ("auth-failed");
  McFindingRow *auth_row;
  GtkLabel *title;
  g_autoptr(GPtrArray) steps = NULL;

  g_assert_nonnull (guidance);

  run_and_wait (window);
  assert_rows (window, TRUE);
  assert_banner (window);
  g_assert_cmpint (mc_report_get_verdict_light (mc_window_get_report (window)), ==, MC_STATUS_FAIL);

  auth_row = find_row (window, "server.auth");
  g_assert_cmpint (mc_status_light_get_status (mc_finding_row_get_light (auth_row)),
                   ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (mc_finding_row_get_finding (auth_row)), ==, "auth-failed");
  g_assert_cmpint (row_status (window, "server.greeting"), ==, MC_STATUS_OK);
  g_assert_cmpint (row_status (window, "server.tls"), ==, MC_STATUS_OK);

  /* Opened, it shows the guidance: its title, the numbered steps, the
   * evidence with its Copy button. */
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (auth_row)));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (auth_row), TRUE);
  title = find_row_label (auth_row, "guidance-title");
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (title)));
  g_assert_nonnull (strstr (gtk_label_get_text (title), _(guidance->title)));
  steps = mc_test_find_widgets (GTK_WIDGET (auth_row), GTK_TYPE_BOX);
  {
    guint n_steps = 0;

    for (guint i = 0; i < steps->len; i++)
      n_steps += gtk_widget_has_css_class (steps->pdata[i], "step");
    g_assert_cmpuint (n_steps, >, 0);
  }
  g_assert_true (gtk_widget_is_drawable (find_copy_button (auth_row)));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (find_row_label (auth_row, "details"))));

  assert_password_hidden (window, wrong);
  assert_no_missing_glyphs (window);
  save_screenshot (window, "screenshot-window-auth");

  close_window (window);
}

/* No password and no user name: the log-in is only described, with the
 * address as the user name; the switch for sending the password in the
 * clear only applies without encryption. */
static void
test_window_no_password (void)
{
  McWindow *window = make_window_with_password ("mail.example.test", NULL);
  g_autoptr(GPtrArray) switches = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(McAccount) plain = mc_account_new ();
  g_autoptr(McAccount) no_user = mc_account_new ();
  GtkWidget *plaintext_row;
  McAccount *account;

  /* One switch, in a row that names it, off, and only usable with None.
   * (Every expander row has a hidden switch of its own.) */
  switches = mc_test_find_widgets (GTK_WIDGET (window), GTK_TYPE_SWITCH);
  for (guint i = 0; i < switches->len; i++)
    {
      if (gtk_widget_get_visible (switches->pdata[i]))
        g_ptr_array_add (shown, switches->pdata[i]);
    }
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_false (gtk_switch_get_active (shown->pdata[0]));
  plaintext_row = gtk_widget_get_ancestor (shown->pdata[0], ADW_TYPE_ACTION_ROW);
  g_assert_false (gtk_widget_get_sensitive (plaintext_row));

  mc_account_set_email (plain, "taro@example.test");
  mc_account_set_host (plain, "mail.example.test");
  mc_account_set_security (plain, MC_SECURITY_NONE);
  mc_window_set_account (window, plain);
  g_assert_true (gtk_widget_get_sensitive (plaintext_row));
  mc_window_set_allow_plaintext_auth (window, TRUE);
  g_assert_true (gtk_switch_get_active (shown->pdata[0]));

  /* Another account: the switch is off again, and means nothing with STARTTLS. */
  mc_account_set_email (no_user, "taro@example.test");
  mc_account_set_host (no_user, "mail.example.test");
  mc_account_set_port (no_user, 587);
  mc_window_set_account (window, no_user);
  g_assert_false (gtk_switch_get_active (shown->pdata[0]));
  g_assert_false (gtk_widget_get_sensitive (plaintext_row));

  run_and_wait (window);
  assert_rows (window, TRUE);

  account = mc_checkup_get_account (mc_window_get_checkup (window));
  g_assert_null (mc_account_get_user (account));
  g_assert_cmpint (row_status (window, "server.auth"), ==, MC_STATUS_INFO);
  g_assert_cmpstr (mc_finding_get_guidance (mc_finding_row_get_finding (find_row (window, "server.auth"))),
                   ==, "auth-not-tested");

  close_window (window);
}

static void
test_window_typo (void)
{
  McWindow *window = make_window ("typo.example.test");
  McFindingRow *address_row;
  McFindingRow *ports_row;

  run_and_wait (window);
  assert_rows (window, TRUE);

  address_row = find_row (window, "server.address");
  ports_row = find_row (window, "server.ports");
  g_assert_cmpint (mc_status_light_get_status (mc_finding_row_get_light (address_row)),
                   ==, MC_STATUS_FAIL);
  g_assert_cmpint (mc_status_light_get_status (mc_finding_row_get_light (ports_row)),
                   ==, MC_STATUS_SKIPPED);

  /* The root cause, opened to its evidence, as a person would send it. */
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (address_row)));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (address_row), TRUE);

  assert_no_missing_glyphs (window);
  save_screenshot (window, "screenshot-window-typo");

  /* Fixed and checked again: the same rows follow the new run. */
  {
    g_autoptr(McAccount) fixed = mc_account_new ();

    mc_account_set_email (fixed, "taro@example.test");
    mc_account_set_host (fixed, "mail.example.test");
    mc_account_set_user (fixed, mc_test_smtp_server_get_user (smtp));
    mc_window_set_account (window, fixed);
  }
  run_and_wait (window);
  assert_rows (window, TRUE);
  g_assert_true (find_row (window, "server.address") == address_row);
  g_assert_cmpint (mc_status_light_get_status (mc_finding_row_get_light (address_row)),
                   ==, MC_STATUS_OK);
  g_assert_cmpint (mc_status_light_get_status (mc_finding_row_get_light (ports_row)),
                   ==, MC_STATUS_OK);

  close_window (window);
}

/* No server: its row is marked, nothing runs, the rows stay waiting. */
static void
test_window_invalid (void)
{
  McWindow *window = make_window ("");
  g_autoptr(GPtrArray) rows = mc_test_find_widgets (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_ROW);
  GtkWidget *marked = NULL;

  mc_window_run (window);
  g_assert_false (mc_checkup_get_running (mc_window_get_checkup (window)));

  for (guint i = 0; i < rows->len; i++)
    {
      if (gtk_widget_has_css_class (rows->pdata[i], "error"))
        {
          g_assert_null (marked);
          marked = rows->pdata[i];
        }
    }
  g_assert_nonnull (marked);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (marked)), ==,
                   _("Sending server (SMTP)"));
  assert_rows (window, FALSE);

  close_window (window);
}

/* A DNS server that never answers: Escape's action stops the check, and
 * no row is left spinning. */
static void
test_window_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (&error);
  g_autoptr(McResolver) slow = mc_resolver_new ();
  const char *servers[] = { NULL, NULL };
  McWindow *window;
  gboolean finished = FALSE;

  g_assert_no_error (error);
  servers[0] = mc_test_silent_dns_get_server (silent);
  g_assert_true (mc_resolver_set_servers (slow, servers, &error));
  g_assert_no_error (error);

  window = make_window ("mail.example.test");
  mc_window_set_resolver (window, slow);
  assert_rows (window, FALSE);

  g_signal_connect_swapped (window, "checkup-finished", G_CALLBACK (set_flag), &finished);
  mc_window_run (window);
  g_assert_true (mc_checkup_get_running (mc_window_get_checkup (window)));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "cancel"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "run"));
  g_assert_false (report_action_enabled (window, "copy-report"));

  /* The banner says how many checks still run, and offers Cancel. */
  {
    McVerdictBanner *banner = mc_window_get_verdict_banner (window);

    g_assert_cmpint (mc_status_light_get_status (mc_verdict_banner_get_light (banner)), ==,
                     MC_STATUS_RUNNING);
    g_assert_nonnull (mc_verdict_banner_get_progress_text (banner));
    g_assert_cmpfloat (mc_verdict_banner_get_fraction (banner), <, 1.0);
    g_assert_true (gtk_widget_get_visible (mc_verdict_banner_get_cancel_button (banner)));
    save_screenshot (window, "screenshot-window-running");
  }

  /* The way Escape's binding and the Cancel button reach it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  mc_test_iterate_until (&finished, 5000);

  g_assert_false (mc_checkup_get_running (mc_window_get_checkup (window)));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "run"));
  assert_rows (window, TRUE);

  close_window (window);
}

/* Closing the window remembers its size for the next one. */
static void
test_window_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.mailcheckup.MailCheckup");
  McWindow *window = mc_window_new (NULL);
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 810);
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_close (GTK_WINDOW (window));
  mc_test_drain_main_context ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 810);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = mc_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 810);
  close_window (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  const char *servers[] = { NULL, NULL };
  int status;

  /* Reproducible pictures and no accessibility bus; the "test" backend
   * keeps the accessible properties so that they can be checked. */
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* A home of the test's own, set before any thread starts: the window
   * loads the accounts it finds there (none), and nothing of the person
   * running the tests is read. */
  home = mc_test_make_home ();

  /* The servers first: nsd, the test CA and the scripted SMTP server. */
  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);
  servers[0] = mc_test_dns_get_server (dns);
  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);
  smtp = mc_test_smtp_server_start ("ok-starttls", pki, MC_TEST_CERT_GOOD, NULL, &error);
  g_assert_no_error (error);

  port_map = open_listeners (mc_test_smtp_server_get_port (smtp));

  gtk_init ();
  mc_i18n_init ();
  adw_init ();
  /* Screenshots show rows at rest, not half-way through an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  resolver = mc_resolver_new ();
  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  g_assert_no_error (error);
  mc_resolver_set_query_timeout (resolver, 300, 2);
  g_resolver_set_default (G_RESOLVER (resolver));

  g_test_add_func ("/window/ok", test_window_ok);
  g_test_add_func ("/window/auth", test_window_auth);
  g_test_add_func ("/window/no-password", test_window_no_password);
  g_test_add_func ("/window/typo", test_window_typo);
  g_test_add_func ("/window/invalid", test_window_invalid);
  g_test_add_func ("/window/cancel", test_window_cancel);
  g_test_add_func ("/window/size", test_window_size);

  status = g_test_run ();

  g_cancellable_cancel (listener_cancellable);
  g_socket_listener_close (listener);
  mc_test_drain_main_context ();
  g_clear_object (&listener);
  g_clear_object (&listener_cancellable);
  /* The resolver stays the process default until the end. */
  g_clear_object (&resolver);
  g_clear_pointer (&port_map, g_free);
  g_clear_pointer (&smtp, mc_test_smtp_server_stop);
  g_clear_pointer (&pki, mc_test_pki_free);
  g_clear_pointer (&dns, mc_test_dns_stop);
  mc_test_rm_rf (home);

  return status;
}
