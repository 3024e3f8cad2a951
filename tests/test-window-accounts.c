/* test-window-accounts.c: the window's accounts under Xvfb: chooser, summary, editor, first start, screenshots.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs in a home folder of its own with a real gnome-keyring on a private
 * session bus (tests/support/mc-test-keyring.h). The home holds a copy of
 * the mail programs' settings in tests/fixtures/accounts/home, or nothing,
 * as each case needs; the cases change the files in that one home rather
 * than the environment, which is set once, before any thread runs.
 *
 * Everything goes through the window the way a person would use it: the
 * chooser's rows, the actions behind the menu items and keys, the editor's
 * fields and its Save and Delete, the confirmation dialog. What the window
 * did is then checked where it lands: the store's file, the keyring, the
 * other programs' files (never changed), and the widgets.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-account-chooser.h"
#include "mc-account-editor.h"
#include "mc-account-row.h"
#include "mc-account-summary.h"
#include "mc-accounts.h"
#include "mc-i18n.h"
#include "mc-secrets.h"
#include "mc-test-dns.h"
#include "mc-test-gtk.h"
#include "mc-test-keyring.h"
#include "mc-test-net.h"
#include "mc-window.h"

#define WAIT_MS 20000

/* What msmtp keeps in its own file for the account "work": it must never
 * show in the window. */
#define MSMTP_FILE_PASSWORD "s3cret pass#1"
#define EVOLUTION_PASSWORD "evo-Passw0rd-7c41"

static McTestKeyring *keyring;
static char *fixture_home;
/* The editor that open_editor () opened, until it is gone. */
static gpointer open_editor_alive;

/* ---- Widgets ---- */

static gpointer
find_widget (GtkWidget *root,
             GType      type)
{
  g_autoptr(GPtrArray) found = mc_test_find_widgets (root, type);

  g_assert_cmpuint (found->len, ==, 1);
  return found->pdata[0];
}

/* The preferences row with this (translated) title. */
static gpointer
find_row_titled (GtkWidget  *root,
                 const char *title)
{
  g_autoptr(GPtrArray) rows = mc_test_find_widgets (root, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
        return rows->pdata[i];
    }
  g_error ("No row titled “%s”", title);
}

static GtkWidget *
find_button_for_action (GtkWidget  *root,
                        const char *action)
{
  g_autoptr(GPtrArray) buttons = mc_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), action) == 0)
        return buttons->pdata[i];
    }
  g_error ("No button for %s", action);
}

static GtkPopover *
find_chooser_popover (McWindow *window)
{
  g_autoptr(GPtrArray) popovers = mc_test_find_widgets (GTK_WIDGET (window), GTK_TYPE_POPOVER);

  for (guint i = 0; i < popovers->len; i++)
    {
      if (gtk_widget_has_css_class (popovers->pdata[i], "account-chooser"))
        return popovers->pdata[i];
    }
  g_assert_not_reached ();
}

/* A visible toplevel of this type (an editor, a message dialog), or NULL. */
static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static GPtrArray *
find_account_rows (McWindow *window)
{
  return mc_test_find_widgets (GTK_WIDGET (window), MC_TYPE_ACCOUNT_ROW);
}

static McAccountRow *
find_account_row (McWindow   *window,
                  const char *id)
{
  g_autoptr(GPtrArray) rows = find_account_rows (window);

  for (guint i = 0; i < rows->len; i++)
    {
      if (g_strcmp0 (mc_account_get_id (mc_account_row_get_account (rows->pdata[i])), id) == 0)
        return rows->pdata[i];
    }
  return NULL;
}

/* The window's own stack: the one with a first-start page. */
static GtkStack *
find_main_stack (McWindow *window)
{
  g_autoptr(GPtrArray) stacks = mc_test_find_widgets (GTK_WIDGET (window), GTK_TYPE_STACK);

  for (guint i = 0; i < stacks->len; i++)
    {
      if (gtk_stack_get_child_by_name (stacks->pdata[i], "first-start") != NULL)
        return stacks->pdata[i];
    }
  g_assert_not_reached ();
}

static const char *
visible_page (McWindow *window)
{
  return gtk_stack_get_visible_child_name (find_main_stack (window));
}

/* ---- Waiting, bounded ---- */

typedef gboolean (*Condition) (gpointer data);

static void
on_expired (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Runs the main context until condition holds; a bug fails the test
 * instead of hanging it. */
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
window_loaded (gpointer data)
{
  return !mc_window_get_loading (data);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
summary_state_known (gpointer data)
{
  return mc_account_summary_get_password_state (data) != MC_PASSWORD_STATE_UNKNOWN;
}

static gboolean
row_hint_known (gpointer data)
{
  return mc_account_row_get_password_hint (data) != NULL;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static McWindow *
open_window (void)
{
  McWindow *window = mc_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 900);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (McWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  /* Let the cancelled and finished sources run before the next case. */
  mc_test_drain_main_context ();
}

/* Closing may finalize an editor at once: it is watched from its start. */
static void
watch_editor (McAccountEditor *editor)
{
  g_assert_null (open_editor_alive);
  open_editor_alive = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &open_editor_alive);
}

/* Activates the action and returns the editor it opened. */
static McAccountEditor *
open_editor (McWindow   *window,
             const char *action)
{
  McAccountEditor *editor;

  g_assert_null (find_toplevel (MC_TYPE_ACCOUNT_EDITOR));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  editor = find_toplevel (MC_TYPE_ACCOUNT_EDITOR);
  g_assert_nonnull (editor);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (window));
  wait_until (widget_mapped, editor, "the editor to show");
  watch_editor (editor);
  return editor;
}

/* Waits until the watched editor has closed and gone. */
static void
wait_editor_closed (McAccountEditor *editor)
{
  g_assert_true (open_editor_alive == NULL || open_editor_alive == (gpointer) editor);
  wait_until (pointer_cleared, &open_editor_alive, "the editor to close");
}

static gboolean
save_enabled (McAccountEditor *editor)
{
  return gtk_widget_get_sensitive (find_button_for_action (GTK_WIDGET (editor), "editor.save"));
}

/* ---- The home folder ---- */

static void
copy_tree (GFile *source,
           GFile *dest)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;

  if (!g_file_make_directory_with_parents (dest, NULL, &error))
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
      g_clear_error (&error);
    }

  children = g_file_enumerate_children (source, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);
  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) from = g_file_get_child (source, g_file_info_get_name (info));
      g_autoptr(GFile) to = g_file_get_child (dest, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        copy_tree (from, to);
      else
        {
          g_file_copy (from, to, G_FILE_COPY_OVERWRITE | G_FILE_COPY_ALL_METADATA,
                       NULL, NULL, NULL, &error);
          g_assert_no_error (error);
        }
    }
  g_assert_no_error (error);
}

/* The names at the top of the fixture home and of its .config, which is
 * what a case puts into the test's home and takes out again. */
static GPtrArray *
fixture_paths (void)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *dirs[] = { "", ".config" };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = g_build_filename (fixture_home, dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          if (d == 0 && strcmp (name, ".config") == 0)
            continue;
          g_ptr_array_add (paths, g_build_filename (dirs[d], name, NULL));
        }
    }
  return paths;
}

/* Empties the home of every mail program's settings and of our own store;
 * the keyring (under XDG_DATA_HOME) stays. */
static void
clear_home (void)
{
  g_autoptr(GPtrArray) paths = fixture_paths ();
  const char *home = mc_test_keyring_get_home (keyring);
  const char *config = mc_test_keyring_get_config_home (keyring);
  g_autofree char *store = g_build_filename (config, "mail-checkup", NULL);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *path = g_build_filename (home, paths->pdata[i], NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        mc_test_rm_rf (path);
    }
  if (g_file_test (store, G_FILE_TEST_EXISTS))
    mc_test_rm_rf (store);
}

static void
fill_home (void)
{
  g_autoptr(GFile) source = g_file_new_for_path (fixture_home);
  g_autoptr(GFile) dest = g_file_new_for_path (mc_test_keyring_get_home (keyring));

  clear_home ();
  copy_tree (source, dest);
}

/* Every file of the mail programs in the home is still byte for byte the
 * fixture's. */
static void
assert_fixture_unchanged_at (const char *relative)
{
  g_autofree char *source = g_build_filename (fixture_home, relative, NULL);
  g_autofree char *copy = g_build_filename (mc_test_keyring_get_home (keyring), relative, NULL);

  if (g_file_test (source, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (source, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (relative, name, NULL);

          assert_fixture_unchanged_at (child);
        }
    }
  else
    {
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;
      gsize expected_len = 0, actual_len = 0;
      g_autoptr(GError) error = NULL;

      g_file_get_contents (source, &expected, &expected_len, &error);
      g_assert_no_error (error);
      g_file_get_contents (copy, &actual, &actual_len, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (actual, actual_len, expected, expected_len);
    }
}

static char *
store_path (McWindow *window)
{
  return g_strdup (mc_account_store_get_path (mc_accounts_get_store (mc_window_get_accounts (window))));
}

/* The group of the store's file whose address is email, or NULL. */
static char *
find_stored_group (McWindow   *window,
                   const char *email,
                   GKeyFile   *key_file)
{
  g_autofree char *path = store_path (window);
  g_auto(GStrv) groups = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error))
    {
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
      return NULL;
    }
  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_string (key_file, groups[i], "email", NULL);

      if (g_strcmp0 (value, email) == 0)
        return g_strdup (groups[i]);
    }
  return NULL;
}

/* ---- What a person can read ---- */

/* No label, tooltip or editable text (but the password row's own) holds
 * the password. */
static void
assert_password_hidden (GtkWidget  *root,
                        GtkWidget  *password_row,
                        const char *password)
{
  g_autoptr(GPtrArray) widgets = mc_test_find_widgets (root, GTK_TYPE_WIDGET);
  guint labels = 0;

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = widgets->pdata[i];
      const char *tooltip = gtk_widget_get_tooltip_text (widget);

      if (password_row != NULL && (widget == password_row || gtk_widget_is_ancestor (widget, password_row)))
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
        g_assert_null (strstr (gtk_editable_get_text (GTK_EDITABLE (widget)), password));
    }
  g_assert_cmpuint (labels, >, 5);
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
  g_assert_cmpuint (checked, >, 3);
}

/* ---- Accounts as the engine loads them ---- */

typedef struct
{
  gboolean  done;
  char     *password;
  GError   *error;
} Lookup;

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->password = mc_secrets_lookup_finish (MC_ACCOUNT (source), result, &lookup->error);
  lookup->done = TRUE;
}

/* Asserts that the engine gives this account's password back. */
static void
assert_secret (McAccount  *account,
               const char *expected)
{
  Lookup lookup = { FALSE, NULL, NULL };

  mc_secrets_lookup_async (account, NULL, lookup_cb, &lookup);
  mc_test_iterate_until (&lookup.done, WAIT_MS);
  g_assert_no_error (lookup.error);
  g_assert_cmpstr (lookup.password, ==, expected);
  mc_password_free (lookup.password);
}

static void
set_flag_cb (gboolean *flag)
{
  *flag = TRUE;
}

static void
wait_loaded (McWindow *window)
{
  wait_until (window_loaded, window, "the accounts to load");
}

/* The first loaded account of source whose password is kept there, or NULL. */
static McAccount *
first_with_password (McWindow         *window,
                     const char       *source,
                     McPasswordSource  password_source)
{
  GListModel *model = mc_accounts_get_model (mc_window_get_accounts (window));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McAccount) account = g_list_model_get_item (model, i);

      if (g_strcmp0 (mc_account_get_source (account), source) == 0 &&
          mc_account_get_password_source (account) == password_source)
        return account;
    }
  return NULL;
}

/* ---- The cases ---- */

/* The chooser lists every account under its source, with the remembered
 * one checked; its popover is the screenshot. */
static void
test_chooser (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.mailcheckup.MailCheckup");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) sources_seen = g_ptr_array_new_with_free_func (g_free);
  McWindow *window;
  McAccount *remembered;
  McAccount *evolution;
  g_autofree char *evolution_id = NULL;
  McAccountChooser *chooser;
  GListModel *model;
  GtkPopover *popover;
  GtkWidget *button;
  g_autofree char *remembered_id = NULL;
  guint n_current = 0;

  fill_home ();

  /* Which accounts there are is the importers' business: the test asks the
   * engine, then remembers one that is not the first. */
  window = open_window ();
  wait_loaded (window);
  model = mc_accounts_get_model (mc_window_get_accounts (window));
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 3);
  {
    g_autoptr(McAccount) third = g_list_model_get_item (model, 2);

    remembered_id = g_strdup (mc_account_get_id (third));
  }
  /* An Evolution password in the keyring, for one row's hint. */
  evolution = first_with_password (window, "evolution", MC_PASSWORD_SOURCE_SECRET_SERVICE);
  g_assert_nonnull (evolution);
  {
    g_autoptr(GError) error = NULL;
    GHashTable *attributes = mc_account_get_secret_attributes (evolution);
    const char *uid = g_hash_table_lookup (attributes, "e-source-uid");

    g_assert_nonnull (uid);
    g_assert_true (mc_test_keyring_store (keyring, mc_account_get_secret_schema (evolution),
                                          "Evolution", EVOLUTION_PASSWORD, &error,
                                          "e-source-uid", uid, NULL));
    g_assert_no_error (error);
  }
  evolution_id = g_strdup (mc_account_get_id (evolution));
  close_window (window);

  /* The remembered account is chosen when the window opens. */
  g_settings_set_string (settings, "last-account", remembered_id);
  window = open_window ();
  chooser = find_widget (GTK_WIDGET (window), MC_TYPE_ACCOUNT_CHOOSER);
  wait_loaded (window);
  g_assert_cmpstr (visible_page (window), ==, "dashboard");
  remembered = mc_window_get_current_account (window);
  g_assert_nonnull (remembered);
  g_assert_cmpstr (mc_account_get_id (remembered), ==, remembered_id);
  g_assert_true (mc_account_chooser_get_account (chooser) == remembered);

  /* One row per account, in the model's order, a heading above the first
   * of each source, one source never split, only the current one checked. */
  model = mc_accounts_get_model (mc_window_get_accounts (window));
  evolution = mc_accounts_lookup (mc_window_get_accounts (window), evolution_id);
  g_assert_nonnull (evolution);
  g_assert_true (evolution != remembered);
  rows = find_account_rows (window);
  g_assert_cmpuint (rows->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < rows->len; i++)
    {
      McAccountRow *row = rows->pdata[i];
      McAccount *account = mc_account_row_get_account (row);
      const char *source = mc_account_get_source (account);
      GtkWidget *header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row));
      g_autoptr(McAccount) item = g_list_model_get_item (model, i);

      g_assert_true (account == item);
      if (i == 0 || g_strcmp0 (source, mc_account_get_source (mc_account_row_get_account (rows->pdata[i - 1]))) != 0)
        {
          g_assert_true (GTK_IS_LABEL (header));
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header)), ==, mc_account_source_get_label (source));
          g_assert_false (g_ptr_array_find_with_equal_func (sources_seen, source, g_str_equal, NULL));
          g_ptr_array_add (sources_seen, g_strdup (source));
        }
      else
        g_assert_null (header);

      if (mc_account_row_get_current (row))
        {
          n_current++;
          g_assert_true (account == remembered);
        }
    }
  g_assert_cmpuint (n_current, ==, 1);
  g_assert_cmpuint (sources_seen->len, >=, 2);

  /* The button names the account, for eyes and for screen readers. */
  button = find_widget (GTK_WIDGET (chooser), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  {
    g_autofree char *expected = g_strdup_printf (_("Account: %s"), mc_account_row_get_title_for (remembered));

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  }

  /* F4 (win.choose-account) opens the list; choosing runs nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.choose-account", NULL));
  popover = find_chooser_popover (window);
  wait_until (widget_mapped, popover, "the chooser to open");

  /* Every row's password hint is known once the keyring has answered;
   * the Evolution account whose password was stored says so. */
  {
    McAccountRow *evolution_row = find_account_row (window, mc_account_get_id (evolution));
    g_autoptr(GPtrArray) all = find_account_rows (window);

    g_assert_nonnull (evolution_row);
    for (guint i = 0; i < all->len; i++)
      wait_until (row_hint_known, all->pdata[i], "a password hint");
    g_assert_cmpstr (mc_account_row_get_password_hint (evolution_row), ==,
                     g_dpgettext2 (GETTEXT_PACKAGE, "password hint", "Password saved"));
  }

  assert_no_missing_glyphs (GTK_WIDGET (popover));
  assert_no_missing_glyphs (GTK_WIDGET (window));
  assert_password_hidden (GTK_WIDGET (window), NULL, MSMTP_FILE_PASSWORD);
  assert_password_hidden (GTK_WIDGET (window), NULL, EVOLUTION_PASSWORD);
  g_free (mc_test_save_screenshot_with_popover (GTK_WIDGET (window), GTK_WIDGET (popover),
                                                "screenshot-accounts-chooser"));

  /* What could not be read is folded below the list; unfolded, every
   * message shows. */
  {
    GtkExpander *expander = find_widget (GTK_WIDGET (popover), GTK_TYPE_EXPANDER);
    GPtrArray *problems = mc_accounts_get_problems (mc_window_get_accounts (window));
    g_autoptr(GPtrArray) labels = NULL;
    guint shown = 0;

    g_assert_cmpuint (problems->len, >, 0);
    g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (expander)));
    g_assert_false (gtk_expander_get_expanded (expander));
    gtk_expander_set_expanded (expander, TRUE);
    labels = mc_test_find_widgets (gtk_expander_get_child (expander), GTK_TYPE_LABEL);
    for (guint i = 0; i < problems->len; i++)
      {
        McAccountProblem *problem = problems->pdata[i];

        for (guint j = 0; j < labels->len; j++)
          shown += g_strcmp0 (gtk_label_get_text (labels->pdata[j]), problem->message) == 0;
      }
    g_assert_cmpuint (shown, ==, problems->len);
    assert_no_missing_glyphs (GTK_WIDGET (popover));
    g_free (mc_test_save_screenshot_with_popover (GTK_WIDGET (window), GTK_WIDGET (popover),
                                                  "screenshot-accounts-problems"));
    gtk_expander_set_expanded (expander, FALSE);
  }

  /* Choosing another account makes it current, remembers it, and runs
   * nothing. */
  {
    McAccountRow *row = find_account_row (window, mc_account_get_id (evolution));

    gtk_widget_activate (GTK_WIDGET (row));
    g_assert_true (mc_window_get_current_account (window) == evolution);
    g_assert_true (mc_account_row_get_current (row));
    g_assert_false (mc_checkup_get_running (mc_window_get_checkup (window)));
    {
      g_autofree char *last = g_settings_get_string (settings, "last-account");

      g_assert_cmpstr (last, ==, mc_account_get_id (evolution));
    }
  }

  /* The summary asks the keyring about the chosen account's password. */
  {
    McAccountSummary *summary = find_widget (GTK_WIDGET (window), MC_TYPE_ACCOUNT_SUMMARY);

    wait_until (summary_state_known, summary, "the password state");
    g_assert_cmpint (mc_account_summary_get_password_state (summary), ==, MC_PASSWORD_STATE_AVAILABLE);
    /* An imported account is corrected as a copy. */
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_button_for_action (GTK_WIDGET (summary), "win.edit-account"))),
                     ==, _("Co_rrect a Copy…"));
  }

  /* The chosen account on the main page, as a person sees it. */
  assert_no_missing_glyphs (GTK_WIDGET (window));
  g_free (mc_test_save_screenshot (GTK_WIDGET (window), "screenshot-accounts-summary"));

  close_window (window);
  g_settings_reset (settings, "last-account");
}

/* --account: the account asked for is chosen once loaded, and --run
 * waits for it. */
static void
test_select (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (&error);
  g_autoptr(McResolver) slow = mc_resolver_new ();
  g_autofree char *id = NULL;
  const char *servers[] = { NULL, NULL };
  McWindow *window;
  McAccount *msmtp;
  gboolean loaded = FALSE;
  gboolean finished = FALSE;

  g_assert_no_error (error);
  fill_home ();

  window = open_window ();
  wait_loaded (window);
  msmtp = first_with_password (window, "msmtp", MC_PASSWORD_SOURCE_CONFIG_FILE);
  g_assert_nonnull (msmtp);
  id = g_strdup (mc_account_get_id (msmtp));
  close_window (window);

  /* A DNS server that never answers, so that the check starts and stays. */
  servers[0] = mc_test_silent_dns_get_server (silent);
  g_assert_true (mc_resolver_set_servers (slow, servers, &error));
  g_assert_no_error (error);

  window = open_window ();
  mc_window_set_resolver (window, slow);
  g_assert_true (mc_window_get_loading (window));
  g_assert_cmpstr (visible_page (window), ==, "loading");
  g_signal_connect_swapped (window, "accounts-loaded", G_CALLBACK (set_flag_cb), &loaded);
  g_signal_connect_swapped (window, "checkup-finished", G_CALLBACK (set_flag_cb), &finished);
  mc_window_select_account (window, id);
  mc_window_run (window);
  g_assert_false (mc_checkup_get_running (mc_window_get_checkup (window)));

  mc_test_iterate_until (&loaded, WAIT_MS);
  g_assert_cmpstr (mc_account_get_id (mc_window_get_current_account (window)), ==, id);
  g_assert_true (mc_checkup_get_running (mc_window_get_checkup (window)));
  g_assert_cmpstr (mc_account_get_id (mc_checkup_get_account (mc_window_get_checkup (window))), ==, id);
  g_assert_cmpstr (mc_account_get_host (mc_checkup_get_account (mc_window_get_checkup (window))), ==,
                   mc_account_get_host (mc_window_get_current_account (window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  mc_test_iterate_until (&finished, WAIT_MS);
  assert_password_hidden (GTK_WIDGET (window), NULL, MSMTP_FILE_PASSWORD);

  /* An id that is not there chooses nothing else and says so. */
  mc_window_select_account (window, "msmtp:no-such-account");
  g_assert_cmpstr (mc_account_get_id (mc_window_get_current_account (window)), ==, id);

  close_window (window);
}

/* An account typed in is listed on its own and can be saved as ours. */
static void
test_typed_in (void)
{
  g_autoptr(McAccount) typed = mc_account_new ();
  g_autoptr(GPtrArray) rows = NULL;
  McAccountEditor *editor;
  McAccountSummary *summary;
  GtkWidget *header;
  McWindow *window;

  fill_home ();
  window = open_window ();
  mc_account_set_email (typed, "jiro@example.test");
  mc_account_set_host (typed, "smtp.example.test");
  mc_window_set_account (window, typed);
  g_assert_cmpstr (visible_page (window), ==, "dashboard");
  wait_loaded (window);

  /* Still the current one once the others have loaded, listed first. */
  g_assert_cmpstr (mc_account_get_email (mc_window_get_current_account (window)), ==, "jiro@example.test");
  rows = find_account_rows (window);
  g_assert_cmpuint (rows->len, >, 1);
  g_assert_true (mc_account_row_get_current (rows->pdata[0]));
  header = gtk_list_box_row_get_header (rows->pdata[0]);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header)), ==, mc_account_source_get_label ("manual"));

  summary = find_widget (GTK_WIDGET (window), MC_TYPE_ACCOUNT_SUMMARY);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_button_for_action (GTK_WIDGET (summary), "win.edit-account"))),
                   ==, _("_Save as Account…"));

  editor = open_editor (window, "win.edit-account");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, _("Save as Account"));
  g_assert_cmpstr (gtk_editable_get_text (find_row_titled (GTK_WIDGET (editor), _("Email address"))),
                   ==, "jiro@example.test");
  g_assert_true (save_enabled (editor));

  /* Escape closes the editor without saving. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL));
  wait_editor_closed (editor);
  {
    g_autoptr(GKeyFile) key_file = g_key_file_new ();
    g_autofree char *group = find_stored_group (window, "jiro@example.test", key_file);

    g_assert_null (group);
  }

  close_window (window);
}

/* A new account: checked as it is typed, saved to our store, its password
 * to the keyring, then chosen. */
static void
test_editor_new (void)
{
  const char *password = "Hanako-pw 9!x";
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *group = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  McAccountEditor *editor;
  McAccountSummary *summary;
  GtkWidget *email_row, *host_row, *password_row;
  GtkLabel *email_message = NULL;
  McWindow *window;
  McAccount *current;

  fill_home ();
  window = open_window ();
  wait_loaded (window);

  /* Ctrl+N's action. */
  editor = open_editor (window, "win.add-account");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, _("Add Account"));
  g_assert_false (save_enabled (editor));

  email_row = find_row_titled (GTK_WIDGET (editor), _("Email address"));
  host_row = find_row_titled (GTK_WIDGET (editor), _("Server name"));
  password_row = find_row_titled (GTK_WIDGET (editor), _("Password"));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (password_row));

  /* Not an address: said under the row, in the error style, and Save
   * stays off. */
  gtk_editable_set_text (GTK_EDITABLE (email_row), "hanako.example.test");
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  {
    g_autoptr(GPtrArray) labels = mc_test_find_widgets (GTK_WIDGET (editor), GTK_TYPE_LABEL);

    for (guint i = 0; i < labels->len; i++)
      {
        if (gtk_widget_has_css_class (labels->pdata[i], "error") &&
            gtk_widget_get_visible (labels->pdata[i]) &&
            strstr (gtk_label_get_text (labels->pdata[i]), "hanako.example.test") != NULL)
          email_message = labels->pdata[i];
      }
  }
  g_assert_nonnull (email_message);
  g_assert_false (save_enabled (editor));

  gtk_editable_set_text (GTK_EDITABLE (email_row), "hanako@example.test");
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (email_message)));
  g_assert_false (save_enabled (editor));

  /* Not a server name. */
  gtk_editable_set_text (GTK_EDITABLE (host_row), "smtp example test");
  g_assert_true (gtk_widget_has_css_class (host_row, "error"));
  g_assert_false (save_enabled (editor));
  gtk_editable_set_text (GTK_EDITABLE (host_row), "smtp.example.test");
  g_assert_false (gtk_widget_has_css_class (host_row, "error"));
  g_assert_true (save_enabled (editor));

  gtk_editable_set_text (find_row_titled (GTK_WIDGET (editor), _("Account name (optional)")), "Hanako (work)");
  adw_combo_row_set_selected (find_row_titled (GTK_WIDGET (editor), _("Security")), 1);
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (editor), GTK_TYPE_SPIN_BUTTON)), "2465");
  gtk_editable_set_text (find_row_titled (GTK_WIDGET (editor), _("User name")), "hanako");
  gtk_editable_set_text (GTK_EDITABLE (password_row), password);
  g_assert_true (save_enabled (editor));

  assert_password_hidden (GTK_WIDGET (editor), password_row, password);
  assert_no_missing_glyphs (GTK_WIDGET (editor));
  g_free (mc_test_save_screenshot (GTK_WIDGET (editor), "screenshot-accounts-editor"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  wait_editor_closed (editor);

  /* In our store's file, without the password… */
  group = find_stored_group (window, "hanako@example.test", key_file);
  g_assert_nonnull (group);
  {
    g_autofree char *host = g_key_file_get_string (key_file, group, "host", NULL);
    g_autofree char *user = g_key_file_get_string (key_file, group, "user", NULL);
    g_autofree char *name = g_key_file_get_string (key_file, group, "display-name", NULL);
    g_autofree char *security = g_key_file_get_string (key_file, group, "security", NULL);

    g_assert_cmpstr (host, ==, "smtp.example.test");
    g_assert_cmpstr (user, ==, "hanako");
    g_assert_cmpstr (name, ==, "Hanako (work)");
    g_assert_cmpstr (security, ==, "tls");
    g_assert_cmpint (g_key_file_get_integer (key_file, group, "port", NULL), ==, 2465);
  }
  path = store_path (window);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, password));

  /* …the current account, listed under Mail Checkup, its password in the
   * keyring. */
  current = mc_window_get_current_account (window);
  g_assert_nonnull (current);
  g_assert_cmpstr (mc_account_get_email (current), ==, "hanako@example.test");
  g_assert_cmpstr (mc_account_get_source (current), ==, "mail-checkup");
  g_assert_nonnull (find_account_row (window, mc_account_get_id (current)));
  assert_secret (current, password);

  summary = find_widget (GTK_WIDGET (window), MC_TYPE_ACCOUNT_SUMMARY);
  wait_until (summary_state_known, summary, "the password state");
  g_assert_cmpint (mc_account_summary_get_password_state (summary), ==, MC_PASSWORD_STATE_AVAILABLE);
  g_assert_null (mc_account_summary_get_password (summary));
  assert_password_hidden (GTK_WIDGET (window), NULL, password);

  /* Edited again: an empty password keeps the saved one. */
  editor = open_editor (window, "win.edit-account");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, _("Edit Account"));
  g_assert_true (gtk_widget_get_visible (find_button_for_action (GTK_WIDGET (editor), "editor.delete")));
  g_assert_cmpstr (gtk_editable_get_text (find_row_titled (GTK_WIDGET (editor), _("Password"))), ==, "");
  gtk_editable_set_text (find_row_titled (GTK_WIDGET (editor), _("Server name")), "smtp2.example.test");
  /* Enter in a field saves. */
  g_signal_emit_by_name (find_row_titled (GTK_WIDGET (editor), _("Server name")), "entry-activated");
  wait_editor_closed (editor);

  current = mc_window_get_current_account (window);
  g_assert_cmpstr (mc_account_get_host (current), ==, "smtp2.example.test");
  assert_secret (current, password);
  {
    g_autoptr(GKeyFile) again = g_key_file_new ();
    g_autofree char *same = find_stored_group (window, "hanako@example.test", again);

    g_assert_cmpstr (same, ==, group);
  }

  close_window (window);
}

/* An imported account corrected: a copy in our store; the mail program's
 * file is not touched. */
static void
test_correct_copy (void)
{
  McAccountEditor *editor;
  McWindow *window;
  McAccount *msmtp;
  McAccount *current;
  g_autofree char *original_id = NULL;
  g_autofree char *original_host = NULL;
  g_autofree char *email = NULL;

  fill_home ();
  window = open_window ();
  wait_loaded (window);
  msmtp = first_with_password (window, "msmtp", MC_PASSWORD_SOURCE_CONFIG_FILE);
  g_assert_nonnull (msmtp);
  original_id = g_strdup (mc_account_get_id (msmtp));
  original_host = g_strdup (mc_account_get_host (msmtp));
  email = g_strdup (mc_account_get_email (msmtp));
  gtk_widget_activate (GTK_WIDGET (find_account_row (window, original_id)));
  g_assert_true (mc_window_get_current_account (window) == msmtp);

  editor = open_editor (window, "win.edit-account");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, _("Correct a Copy"));
  g_assert_false (gtk_widget_get_visible (find_button_for_action (GTK_WIDGET (editor), "editor.delete")));
  g_assert_cmpstr (gtk_editable_get_text (find_row_titled (GTK_WIDGET (editor), _("Server name"))),
                   ==, original_host);
  gtk_editable_set_text (find_row_titled (GTK_WIDGET (editor), _("Server name")), "smtp-fixed.example.test");
  assert_no_missing_glyphs (GTK_WIDGET (editor));
  g_free (mc_test_save_screenshot (GTK_WIDGET (editor), "screenshot-accounts-copy"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  wait_editor_closed (editor);

  /* The copy is ours and current; the original is still listed as it was. */
  current = mc_window_get_current_account (window);
  g_assert_cmpstr (mc_account_get_source (current), ==, "mail-checkup");
  g_assert_cmpstr (mc_account_get_host (current), ==, "smtp-fixed.example.test");
  g_assert_cmpstr (mc_account_get_email (current), ==, email);
  g_assert_cmpstr (mc_account_get_id (current), !=, original_id);
  {
    McAccount *original = mc_accounts_lookup (mc_window_get_accounts (window), original_id);

    g_assert_nonnull (original);
    g_assert_cmpstr (mc_account_get_host (original), ==, original_host);
  }
  {
    g_autoptr(GKeyFile) key_file = g_key_file_new ();
    g_autofree char *group = find_stored_group (window, email, key_file);
    g_autofree char *copied_from = NULL;

    g_assert_nonnull (group);
    copied_from = g_key_file_get_string (key_file, group, "copied-from", NULL);
    g_assert_cmpstr (copied_from, ==, original_id);
  }

  /* Every file of the mail programs, msmtp's included, byte for byte. */
  assert_fixture_unchanged_at ("");

  close_window (window);
}

/* Delete: confirmed, then gone from the store and from the keyring. */
static void
test_delete (void)
{
  g_autoptr(McAccountStore) store = NULL;
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McAccount) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *stored = NULL;
  AdwMessageDialog *dialog;
  McAccountEditor *editor;
  McWindow *window;

  clear_home ();

  /* One account of ours with a password, put there by the engine. */
  store = mc_account_store_new (NULL);
  mc_account_set_email (account, "saburo@example.test");
  mc_account_set_host (account, "smtp.example.test");
  saved = mc_account_store_save (store, account, &error);
  g_assert_no_error (error);
  id = g_strdup (mc_account_get_id (saved));
  g_assert_true (mc_test_keyring_store (keyring, MC_SECRETS_SCHEMA_NAME, "Saburo", "saburo-pw",
                                        &error, MC_SECRETS_ATTRIBUTE_ID, id, NULL));
  g_assert_no_error (error);

  window = open_window ();
  wait_loaded (window);
  g_assert_cmpstr (mc_account_get_id (mc_window_get_current_account (window)), ==, id);

  editor = open_editor (window, "win.edit-account");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (editor));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");

  /* Cancelled first: nothing happens. */
  adw_message_dialog_response (dialog, "cancel");
  mc_test_drain_main_context ();
  g_assert_true (find_toplevel (MC_TYPE_ACCOUNT_EDITOR) == editor);
  g_assert_nonnull (find_account_row (window, id));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  wait_editor_closed (editor);

  g_assert_null (find_account_row (window, id));
  g_assert_null (mc_accounts_lookup (mc_window_get_accounts (window), id));
  stored = mc_test_keyring_lookup (keyring, &error, MC_SECRETS_ATTRIBUTE_ID, id, NULL);
  g_assert_no_error (error);
  g_assert_null (stored);
  {
    g_autoptr(GKeyFile) key_file = g_key_file_new ();
    g_autofree char *group = find_stored_group (window, "saburo@example.test", key_file);

    g_assert_null (group);
  }

  /* It was the only account: the first start shows. */
  g_assert_null (mc_window_get_current_account (window));
  g_assert_cmpstr (visible_page (window), ==, "first-start");

  close_window (window);
}

/* No keyring running: the account is saved all the same, and the editor
 * stays open and says that the password was not. */
static void
test_no_keyring (void)
{
  McAccountEditor *editor;
  McWindow *window;
  GtkWidget *password_row;
  gboolean saved = FALSE;
  g_autoptr(GPtrArray) labels = NULL;
  gboolean said = FALSE;

  clear_home ();
  mc_test_keyring_stop_service (keyring);

  window = open_window ();
  wait_loaded (window);
  g_assert_cmpstr (visible_page (window), ==, "first-start");

  editor = open_editor (window, "win.add-account");
  g_signal_connect_swapped (editor, "account-saved", G_CALLBACK (set_flag_cb), &saved);
  gtk_editable_set_text (find_row_titled (GTK_WIDGET (editor), _("Email address")), "shiro@example.test");
  gtk_editable_set_text (find_row_titled (GTK_WIDGET (editor), _("Server name")), "smtp.example.test");
  password_row = find_row_titled (GTK_WIDGET (editor), _("Password"));
  gtk_editable_set_text (GTK_EDITABLE (password_row), "shiro-pw");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  wait_until (flag_set, &saved, "the account to be saved");
  mc_test_drain_main_context ();

  /* Still open, with what was typed and the reason. */
  g_assert_true (find_toplevel (MC_TYPE_ACCOUNT_EDITOR) == editor);
  g_assert_false (mc_account_editor_get_busy (editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "shiro-pw");
  labels = mc_test_find_widgets (GTK_WIDGET (editor), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = labels->pdata[i];

      if (gtk_widget_is_drawable (label) &&
          gtk_widget_has_css_class (gtk_widget_get_parent (label), "editor-error") &&
          *gtk_label_get_text (GTK_LABEL (label)) != '\0')
        {
          g_test_message ("Editor says: %s", gtk_label_get_text (GTK_LABEL (label)));
          said = TRUE;
        }
    }
  g_assert_true (said);
  assert_no_missing_glyphs (GTK_WIDGET (editor));
  g_free (mc_test_save_screenshot (GTK_WIDGET (editor), "screenshot-accounts-no-keyring"));
  assert_password_hidden (GTK_WIDGET (editor), password_row, "shiro-pw");

  /* The account is in the store and chosen in the window. */
  g_assert_cmpstr (mc_account_get_email (mc_window_get_current_account (window)), ==, "shiro@example.test");
  g_assert_cmpstr (visible_page (window), ==, "dashboard");

  /* Once the keyring runs again, Save stores the password, without a
   * second account. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (mc_test_keyring_start_service (keyring, &error));
    g_assert_no_error (error);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  wait_editor_closed (editor);
  assert_secret (mc_window_get_current_account (window), "shiro-pw");
  {
    GListModel *model = mc_accounts_get_model (mc_window_get_accounts (window));

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  }

  close_window (window);
}

/* Nothing found: the first-start page, what could not be read, and its
 * button opens the editor. */
static void
test_first_start (void)
{
  g_autofree char *msmtprc = NULL;
  McAccountEditor *editor;
  McWindow *window;
  GtkWidget *button;
  g_autoptr(GPtrArray) expanders = NULL;
  guint problems = 0;

  clear_home ();
  /* A settings file that is not text: a problem, no account. */
  msmtprc = g_build_filename (mc_test_keyring_get_home (keyring), ".msmtprc", NULL);
  g_assert_true (g_file_set_contents (msmtprc, "account work\nhost smtp.\xff\xfe.example\n", -1, NULL));

  window = open_window ();
  wait_loaded (window);
  g_assert_null (mc_window_get_current_account (window));
  g_assert_cmpstr (visible_page (window), ==, "first-start");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "run"));

  /* The problem is there, folded. */
  expanders = mc_test_find_widgets (GTK_WIDGET (window), ADW_TYPE_EXPANDER_ROW);
  for (guint i = 0; i < expanders->len; i++)
    {
      if (gtk_widget_is_drawable (expanders->pdata[i]))
        {
          g_assert_false (adw_expander_row_get_expanded (expanders->pdata[i]));
          problems++;
        }
    }
  g_assert_cmpuint (problems, ==, 1);

  assert_no_missing_glyphs (GTK_WIDGET (window));
  g_free (mc_test_save_screenshot (GTK_WIDGET (window), "screenshot-accounts-first-start"));

  button = find_button_for_action (gtk_stack_get_visible_child (find_main_stack (window)),
                                   "win.add-account");
  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  /* A click (activate would wait for the button's pressed animation). */
  g_signal_emit_by_name (button, "clicked");
  editor = find_toplevel (MC_TYPE_ACCOUNT_EDITOR);
  g_assert_nonnull (editor);
  watch_editor (editor);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, _("Add Account"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL));
  wait_editor_closed (editor);
  g_assert_cmpstr (visible_page (window), ==, "first-start");

  close_window (window);
  g_remove (msmtprc);
}

/* The application refuses --account together with a typed-in account. */
static void
test_command_line (void)
{
  const char *app = g_getenv ("MC_TEST_APP");
  const char *argv[] = { app, "--account", "msmtp:work", "--email", "a@example.test", NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (app);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "--account"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Reproducible pictures and no accessibility bus; the "test" backend
   * keeps the accessible properties so that they can be checked. */
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* The home, the bus and the keyring first: before anything (libadwaita's
   * style manager) opens the session bus. */
  keyring = mc_test_keyring_start (&error);
  g_assert_no_error (error);
  fixture_home = g_test_build_filename (G_TEST_DIST, "fixtures", "accounts", "home", NULL);
  g_assert_true (g_file_test (fixture_home, G_FILE_TEST_IS_DIR));

  gtk_init ();
  mc_i18n_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/window-accounts/chooser", test_chooser);
  g_test_add_func ("/window-accounts/select", test_select);
  g_test_add_func ("/window-accounts/typed-in", test_typed_in);
  g_test_add_func ("/window-accounts/editor-new", test_editor_new);
  g_test_add_func ("/window-accounts/correct-copy", test_correct_copy);
  g_test_add_func ("/window-accounts/delete", test_delete);
  g_test_add_func ("/window-accounts/no-keyring", test_no_keyring);
  g_test_add_func ("/window-accounts/first-start", test_first_start);
  g_test_add_func ("/window-accounts/command-line", test_command_line);

  status = g_test_run ();

  g_clear_pointer (&fixture_home, g_free);
  g_clear_pointer (&keyring, mc_test_keyring_stop);
  return status;
}
