/* mc-window.c: the main window: the account chooser, the chosen account, the Check button and the findings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window loads the accounts of this computer (McAccounts) when it
 * opens and chooses one: the one asked for on the command line, else the
 * one used last time, else the first. An account typed in on the command
 * line is listed on its own ("Typed in") and chosen at once. With no
 * account at all, a first-start page asks for one.
 *
 * The window keeps one McCheckup, whose account is the window's own copy:
 * the chosen account is copied into it when a check starts, never while it
 * runs, so the probes always see the account the person asked for. The
 * rows exist from the start (every finding "Waiting") and follow their
 * findings live.
 *
 * The window never reads a saved password: the checkup looks it up itself.
 * A password typed for the check lives only in its entry row
 * (AdwPasswordEntryRow keeps it in non-pageable memory where it can) and,
 * while a check runs, in the checkup, which is told to forget it as soon as
 * the check has ended.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mc-account-chooser.h"
#include "mc-account-editor.h"
#include "mc-account-row.h"
#include "mc-account-summary.h"
#include "mc-attachment-row.h"
#include "mc-explain-window.h"
#include "mc-finding-row.h"
#include "mc-status-light.h"
#include "mc-window.h"

/* The schema id stays the same for the development profile, whose
 * application id ends in .Devel, so both share one remembered size. */
#define SETTINGS_SCHEMA_ID "io.github.mailcheckup.MailCheckup"

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  McAccountChooser     *chooser;
  GtkButton            *run_button;
  GtkButton            *cancel_button;
  GtkStack             *main_stack;
  AdwPreferencesGroup  *problems_group;
  McAccountSummary     *summary;
  AdwPreferencesGroup  *more_group;
  AdwEntryRow          *recipient_row;
  AdwEntryRow          *dkim_row;
  AdwActionRow         *attachments_row;
  McStatusLight        *verdict_light;
  GtkLabel             *verdict_title;
  GtkLabel             *verdict_summary;
  GtkLabel             *verdict_meta;
  GtkBox               *groups_box;

  GSettings            *settings;
  McResolver           *resolver;

  /* The accounts: the typed-in one (0 or 1) first, then those loaded. */
  McAccounts           *accounts;
  GListStore           *typed_accounts;
  GListStore           *account_lists;
  GtkFlattenListModel  *all_accounts;
  GCancellable         *load_cancellable;
  McAccount            *current;
  char                 *pending_account_id;
  AdwExpanderRow       *problems_row;

  /* The checkup, its own account (a copy of the current one) and what its
   * last run gave. */
  McAccount            *account;
  McCheckup            *checkup;
  GCancellable         *cancellable;
  McReport             *report;
  GError               *run_error;
  char                 *ca_file;
  char                 *blocklists_file;

  /* The files chosen for the attachment check (GFile), their rows in the
   * "More checks" group, and the file chooser while it is open. */
  GListStore           *attachments;
  GPtrArray            *attachment_rows;
  GtkNativeDialog      *attachment_chooser;

  /* The one explainer window, while it is open. */
  GtkWindow            *explain_window;

  guint                 timeout_s;
  gboolean              loading;
  gboolean              run_when_loaded;
  gboolean              has_run;
  gboolean              disposed;
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  CHECKUP_FINISHED,
  ACCOUNTS_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_running (McWindow *self);

static void
set_row_error (GtkWidget *row,
               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
show_toast (McWindow   *self,
            const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The verdict line: what is happening, or what the last check found. */
static void
update_verdict (McWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *meta = NULL;
  const char *summary = NULL;
  McStatus light = MC_STATUS_PENDING;

  if (self->checkup != NULL && mc_checkup_get_running (self->checkup))
    {
      guint n = mc_checkup_get_n_running (self->checkup);
      McAccount *account = mc_checkup_get_account (self->checkup);

      light = MC_STATUS_RUNNING;
      if (n > 0)
        /* Translators: %u is how many checks are running at the same time. */
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Checking… %u check running",
                                              "Checking… %u checks running", n), n);
      else
        title = g_strdup (_("Checking…"));
      /* Translators: %s is the sending server's name, %u its port number. */
      meta = g_strdup_printf (_("Server %s, port %u"), mc_account_get_host (account),
                              (guint) mc_account_get_effective_port (account));
    }
  else if (self->report != NULL)
    {
      McFinding *headline = mc_report_get_headline (self->report);
      const char *headline_title = headline ? mc_finding_get_title (headline) : "";
      g_autofree char *took = NULL;

      light = mc_report_get_overall_status (self->report);
      switch (light)
        {
        case MC_STATUS_WARN:
          /* Translators: %s is the title of a check, such as "Mail ports". */
          title = g_strdup_printf (_("Warning: %s"), headline_title);
          break;

        case MC_STATUS_FAIL:
          /* Translators: %s is the title of a check, such as "Mail ports". */
          title = g_strdup_printf (_("Problem found: %s"), headline_title);
          break;

        case MC_STATUS_ERROR:
          /* Translators: %s is the title of a check that could not be done. */
          title = g_strdup_printf (_("Could not check: %s"), headline_title);
          break;

        case MC_STATUS_OK:
        case MC_STATUS_INFO:
        case MC_STATUS_SKIPPED:
        case MC_STATUS_PENDING:
        case MC_STATUS_RUNNING:
        default:
          light = MC_STATUS_OK;
          title = g_strdup (_("All checks passed"));
          break;
        }
      if (headline != NULL)
        summary = mc_finding_get_summary (headline);
      took = mc_format_duration (mc_report_get_duration_ms (self->report));
      /* Translators: %s is a duration, such as “1.2 s” or “12 ms”. */
      meta = g_strdup_printf (_("Finished in %s"), took);
    }
  else if (self->run_error != NULL)
    {
      if (g_error_matches (self->run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          light = MC_STATUS_SKIPPED;
          title = g_strdup (_("The checkup was stopped"));
          summary = _("Choose Check to start again.");
        }
      else
        {
          light = MC_STATUS_ERROR;
          title = g_strdup (_("The checkup could not start"));
          summary = self->run_error->message;
        }
    }
  else
    {
      title = g_strdup (_("Ready to check"));
      summary = _("Choose Check to test sending with this account.");
    }

  mc_status_light_set_status (self->verdict_light, light);
  gtk_label_set_label (self->verdict_title, title);
  gtk_label_set_label (self->verdict_summary, summary ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_summary), summary != NULL && *summary != '\0');
  gtk_label_set_label (self->verdict_meta, meta ? meta : "");
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_meta), meta != NULL);
}

static void
update_running (McWindow *self)
{
  gboolean running = self->checkup != NULL && mc_checkup_get_running (self->checkup);
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "run");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               !running && (self->current != NULL || self->loading));
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "cancel");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), running);

  gtk_widget_set_visible (GTK_WIDGET (self->run_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);

  update_verdict (self);
}

static void
rebuild_rows (McWindow *self)
{
  AdwPreferencesGroup *groups[MC_GROUP_RECIPIENT + 1] = { NULL };
  GListModel *findings;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);

  if (self->checkup == NULL)
    return;

  /* One group per part of the system that has findings, in plan order. */
  findings = mc_checkup_get_findings (self->checkup);
  n = g_list_model_get_n_items (findings);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McFinding) finding = g_list_model_get_item (findings, i);
      McGroup group = mc_finding_get_group (finding);

      g_assert (group < G_N_ELEMENTS (groups));

      if (groups[group] == NULL)
        {
          groups[group] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (groups[group], mc_group_get_title (group));
          gtk_box_append (self->groups_box, GTK_WIDGET (groups[group]));
        }
      adw_preferences_group_add (groups[group], mc_finding_row_new (finding));
    }
}

static void
findings_changed_cb (McWindow   *self,
                     guint       position,
                     guint       removed,
                     guint       added,
                     GListModel *model)
{
  rebuild_rows (self);
}

static void
disconnect_checkup (McWindow *self)
{
  if (self->checkup == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->checkup, self);
  g_signal_handlers_disconnect_by_data (mc_checkup_get_findings (self->checkup), self);
}

static void
set_checkup (McWindow  *self,
             McCheckup *checkup)
{
  disconnect_checkup (self);
  g_set_object (&self->checkup, checkup);

  if (self->checkup != NULL)
    {
      if (self->timeout_s > 0)
        mc_checkup_set_timeout (self->checkup, self->timeout_s);
      if (self->ca_file != NULL)
        {
          g_autoptr(GError) error = NULL;

          /* It was read once already; it can only fail if it changed since. */
          if (!mc_checkup_set_ca_file (self->checkup, self->ca_file, &error))
            {
              show_toast (self, error->message);
              g_clear_pointer (&self->ca_file, g_free);
            }
        }
      mc_checkup_set_blocklists_file (self->checkup, self->blocklists_file);

      g_signal_connect_object (self->checkup, "notify::running",
                               G_CALLBACK (update_running), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->checkup, "notify::n-running",
                               G_CALLBACK (update_verdict), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mc_checkup_get_findings (self->checkup), "items-changed",
                               G_CALLBACK (findings_changed_cb), self, G_CONNECT_SWAPPED);
    }

  rebuild_rows (self);
  update_running (self);
}


/* The checkup keeps the window's own account object for life: the chosen
 * account is copied into it, password reference included (never a
 * password), so that the checkup can look the password up itself. */
static void
copy_account_into (McAccount *dest,
                   McAccount *src)
{
  mc_account_set_id (dest, mc_account_get_id (src));
  mc_account_set_display_name (dest, mc_account_get_display_name (src));
  mc_account_set_email (dest, mc_account_get_email (src));
  mc_account_set_host (dest, mc_account_get_host (src));
  mc_account_set_port (dest, mc_account_get_port (src));
  mc_account_set_security (dest, mc_account_get_security (src));
  mc_account_set_user (dest, mc_account_get_user (src));
  mc_account_set_source (dest, mc_account_get_source (src));
  mc_account_set_source_file (dest, mc_account_get_source_file (src));
  if (mc_account_get_secret_schema (src) != NULL && mc_account_get_secret_attributes (src) != NULL)
    mc_account_set_secret (dest, mc_account_get_secret_schema (src),
                           mc_account_get_secret_attributes (src),
                           mc_account_get_secret_match_any_schema (src));
  if (mc_account_get_password_file (src) != NULL)
    mc_account_set_password_file (dest, mc_account_get_password_file (src),
                                  mc_account_get_password_key (src));
  mc_account_set_password_source (dest, mc_account_get_password_source (src));
}

static gboolean
is_typed_in (McAccount *account)
{
  return g_strcmp0 (mc_account_get_source (account), "manual") == 0;
}

/* The same account, perhaps loaded again as a new object. */
static gboolean
same_account (McAccount *a,
              McAccount *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return mc_account_get_id (a) != NULL &&
         g_strcmp0 (mc_account_get_id (a), mc_account_get_id (b)) == 0;
}

static McAccount *
find_account (McWindow   *self,
              const char *id)
{
  GListModel *model = G_LIST_MODEL (self->all_accounts);
  guint n = g_list_model_get_n_items (model);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McAccount) account = g_list_model_get_item (model, i);

      if (!is_typed_in (account) && g_strcmp0 (mc_account_get_id (account), id) == 0)
        return account;
    }
  return NULL;
}

static char *
dup_last_account_id (McWindow *self)
{
  g_autofree char *last = NULL;

  if (self->settings == NULL)
    return NULL;

  last = g_settings_get_string (self->settings, "last-account");
  return *last != '\0' ? g_steal_pointer (&last) : NULL;
}

static void
remember_account (McWindow  *self,
                  McAccount *account)
{
  /* A typed-in account is not kept anywhere, so there is nothing to find
   * again next time. */
  if (self->settings == NULL || account == NULL || is_typed_in (account) ||
      mc_account_get_id (account) == NULL)
    return;

  g_settings_set_string (self->settings, "last-account", mc_account_get_id (account));
}

/* Which page the window shows: the findings for an account, the first
 * start when there is none, or that the accounts are being looked for. */
static void
update_page (McWindow *self)
{
  const char *page;

  if (self->current != NULL)
    page = "dashboard";
  else if (self->loading)
    page = "loading";
  else
    page = "first-start";

  gtk_stack_set_visible_child_name (self->main_stack, page);
  /* While the accounts load, an editor would save into a list that is
   * about to be replaced. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-account", !self->loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-account",
                                 self->current != NULL && !self->loading);
  update_running (self);
}

static void
set_current (McWindow  *self,
             McAccount *account,
             gboolean   remember)
{
  gboolean same = same_account (self->current, account);

  g_set_object (&self->current, account);
  mc_account_chooser_set_account (self->chooser, account);
  mc_account_summary_set_account (self->summary, account);

  /* The findings of another account would say nothing about this one:
   * they are put away until the next check. */
  if (!same)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->report);
      g_clear_error (&self->run_error);
      gtk_widget_set_visible (GTK_WIDGET (self->groups_box), !self->has_run);
    }

  if (remember)
    remember_account (self, account);
  update_page (self);
}

static void
update_problems (McWindow *self)
{
  GPtrArray *problems = mc_accounts_get_problems (self->accounts);
  guint n = problems != NULL ? problems->len : 0;
  g_autofree char *title = NULL;

  mc_account_chooser_set_problems (self->chooser, problems);

  if (self->problems_row != NULL)
    {
      adw_preferences_group_remove (self->problems_group, GTK_WIDGET (self->problems_row));
      self->problems_row = NULL;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), n > 0);
  if (n == 0)
    return;

  /* Folded, so that what could not be read does not look like an alarm. */
  self->problems_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  /* Translators: below the list of accounts; it unfolds to the messages. */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u settings file could not be read",
                                        "%u settings files could not be read", n), n);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->problems_row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->problems_row), FALSE);
  adw_expander_row_set_subtitle (self->problems_row,
                                 _("Mail Checkup only reads the settings of other programs; nothing was changed."));
  for (guint i = 0; i < n; i++)
    {
      McAccountProblem *problem = problems->pdata[i];
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem->message);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      /* The path, unless the message names it already. */
      if (problem->path != NULL && strstr (problem->message, problem->path) == NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->path);
      adw_expander_row_add_row (self->problems_row, row);
    }
  adw_preferences_group_add (self->problems_group, GTK_WIDGET (self->problems_row));
}

/* The loaded accounts changed (first load, or the editor saved or deleted
 * one): the list follows, and the current account is found again by its
 * id, or another one is chosen. */
static void
accounts_changed (McWindow *self)
{
  GListModel *model = mc_accounts_get_model (self->accounts);
  g_autoptr(GListModel) listed = g_list_model_get_item (G_LIST_MODEL (self->account_lists), 1);
  McAccount *choice = NULL;
  gboolean remember = FALSE;

  if (listed != model)
    g_list_store_splice (self->account_lists, 1, 1, (gpointer *) &model, 1);

  update_problems (self);

  if (self->current != NULL && !is_typed_in (self->current))
    choice = find_account (self, mc_account_get_id (self->current));
  else if (self->current != NULL)
    choice = self->current;

  if (self->pending_account_id != NULL)
    {
      McAccount *asked = find_account (self, self->pending_account_id);

      if (asked != NULL)
        {
          choice = asked;
          remember = TRUE;
        }
      else
        {
          g_autofree char *message =
            /* Translators: %s is the account id given with --account. */
            g_strdup_printf (_("No account “%s” was found on this computer"), self->pending_account_id);

          show_toast (self, message);
          self->run_when_loaded = FALSE;
        }
      g_clear_pointer (&self->pending_account_id, g_free);
    }

  if (choice == NULL)
    {
      g_autofree char *last = dup_last_account_id (self);

      choice = find_account (self, last);
    }
  if (choice == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->all_accounts)) > 0)
    {
      g_autoptr(McAccount) first = g_list_model_get_item (G_LIST_MODEL (self->all_accounts), 0);

      choice = first;
    }

  set_current (self, choice, remember);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Loading only fails when cancelled: the window is closing. */
  if (!mc_accounts_load_finish (MC_ACCOUNTS (source), result, &error) || self->disposed)
    return;

  self->loading = FALSE;
  mc_account_chooser_set_loading (self->chooser, FALSE);
  accounts_changed (self);
  g_signal_emit (self, signals[ACCOUNTS_LOADED], 0);

  if (self->run_when_loaded)
    {
      self->run_when_loaded = FALSE;
      if (self->current != NULL)
        mc_window_run (self);
    }
}

static void
load_accounts (McWindow *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  self->loading = TRUE;
  mc_account_chooser_set_loading (self->chooser, TRUE);
  update_page (self);
  mc_accounts_load_async (self->accounts, self->load_cancellable, load_cb, g_object_ref (self));
}

static void
account_activated_cb (McWindow  *self,
                      McAccount *account)
{
  set_current (self, account, TRUE);
}

static void
editor_saved_cb (McWindow        *self,
                 McAccount       *saved,
                 McAccountEditor *editor)
{
  McAccount *found;

  accounts_changed (self);
  found = find_account (self, mc_account_get_id (saved));
  if (found != NULL)
    set_current (self, found, TRUE);
  /* Its password may have been saved just now: the keyring is asked again. */
  mc_account_summary_refresh_password_state (self->summary);
  show_toast (self, _("Account saved"));
}

static void
editor_removed_cb (McWindow        *self,
                   const char      *id,
                   const char      *message,
                   McAccountEditor *editor)
{
  g_autofree char *last = dup_last_account_id (self);

  if (last != NULL && g_strcmp0 (last, id) == 0)
    g_settings_reset (self->settings, "last-account");
  if (self->current != NULL && g_strcmp0 (mc_account_get_id (self->current), id) == 0 &&
      !is_typed_in (self->current))
    set_current (self, NULL, FALSE);

  accounts_changed (self);
  show_toast (self, message != NULL ? message : _("Account deleted"));
}

static void
open_editor (McWindow  *self,
             McAccount *account)
{
  McAccountEditor *editor;

  if (self->loading)
    return;

  editor = mc_account_editor_new (GTK_WINDOW (self), self->accounts, account);
  g_signal_connect_object (editor, "account-saved", G_CALLBACK (editor_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "account-removed", G_CALLBACK (editor_removed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_editor (MC_WINDOW (widget), NULL);
}

static void
edit_account_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->current != NULL)
    open_editor (self, self->current);
}

static void
choose_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  mc_account_chooser_popup (MC_WINDOW (widget)->chooser);
}

/* ---- Attachments ---- */

static void
attachment_remove_cb (McWindow        *self,
                      McAttachmentRow *row)
{
  GFile *file = mc_attachment_row_get_file (row);
  guint position;

  if (g_list_store_find_with_equal_func (self->attachments, file,
                                         (GEqualFunc) g_file_equal, &position))
    g_list_store_remove (self->attachments, position);
}

/* One row per chosen file, after the "Attachments" row. */
static void
attachments_changed_cb (McWindow   *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < self->attachment_rows->len; i++)
    adw_preferences_group_remove (self->more_group, self->attachment_rows->pdata[i]);
  g_ptr_array_set_size (self->attachment_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (model, i);
      GtkWidget *row = mc_attachment_row_new (file);

      g_signal_connect_object (row, "remove-requested", G_CALLBACK (attachment_remove_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->more_group, row);
      g_ptr_array_add (self->attachment_rows, row);
    }
}

/* Adds the files not chosen yet; returns how many were new. */
static guint
add_attachments (McWindow *self,
                 GFile   **files,
                 guint     n_files)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  for (guint i = 0; i < n_files; i++)
    {
      gboolean seen = g_list_store_find_with_equal_func (self->attachments, files[i],
                                                         (GEqualFunc) g_file_equal, NULL);

      for (guint j = 0; j < added->len && !seen; j++)
        seen = g_file_equal (added->pdata[j], files[i]);
      if (!seen)
        g_ptr_array_add (added, files[i]);
    }
  g_list_store_splice (self->attachments, g_list_model_get_n_items (G_LIST_MODEL (self->attachments)),
                       0, added->pdata, added->len);
  return added->len;
}

static void
attachments_added_toast (McWindow *self,
                         guint     n)
{
  g_autofree char *message = NULL;

  if (n == 0)
    return;
  /* Translators: shown after files were dropped on the window or chosen. */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u file will be checked as an attachment",
                                          "%u files will be checked as attachments", n), n);
  show_toast (self, message);
}

static void
attachment_chooser_response_cb (McWindow        *self,
                                int              response,
                                GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        g_ptr_array_add (files, g_list_model_get_item (chosen, i));
      add_attachments (self, (GFile **) files->pdata, files->len);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->attachment_chooser);
}

static void
choose_attachments_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->attachment_chooser != NULL)
    {
      gtk_native_dialog_show (self->attachment_chooser);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Choose Files to Check"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Choose"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (attachment_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->attachment_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->attachment_chooser);
}

/* Files dropped anywhere on the window join the attachment check. */
static gboolean
drop_cb (McWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  GSList *list = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      list = gdk_file_list_get_files (g_value_get_boxed (value));
      for (GSList *l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);
      g_slist_free (list);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    g_ptr_array_add (files, g_value_get_object (value));

  if (files->len == 0)
    return FALSE;
  attachments_added_toast (self, add_attachments (self, (GFile **) files->pdata, files->len));
  return TRUE;
}

/* ---- The explainer ---- */

static void
explain_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  /* One explainer: asking again brings it to the front. */
  if (self->explain_window == NULL)
    {
      self->explain_window = GTK_WINDOW (mc_explain_window_new (GTK_WINDOW (self)));
      g_object_add_weak_pointer (G_OBJECT (self->explain_window),
                                 (gpointer *) &self->explain_window);
    }
  gtk_window_present (self->explain_window);
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = mc_checkup_run_finish (MC_CHECKUP (source), result, &error);

  /* The checkup keeps the password no longer than the check needs it. */
  mc_checkup_set_password (MC_CHECKUP (source), NULL);

  /* A window closed meanwhile, or a checkup replaced by another resolver's. */
  if (self->disposed || MC_CHECKUP (source) != self->checkup)
    return;

  g_clear_object (&self->report);
  g_clear_error (&self->run_error);
  if (report != NULL)
    self->report = g_steal_pointer (&report);
  else
    self->run_error = g_steal_pointer (&error);

  update_running (self);
  g_signal_emit (self, signals[CHECKUP_FINISHED], 0);
}

/**
 * mc_window_run:
 *
 * Checks the chosen account, as the Check button does. Does nothing while
 * a check runs; while the accounts load, checks once they have loaded.
 * An account that cannot be checked (no server) is marked and not run.
 */
void
mc_window_run (McWindow *self)
{
  g_autofree char *recipient = NULL;
  g_autofree char *selector = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MC_IS_WINDOW (self));

  if (self->checkup == NULL || mc_checkup_get_running (self->checkup))
    return;

  if (self->loading && (self->current == NULL || self->pending_account_id != NULL))
    {
      self->run_when_loaded = TRUE;
      return;
    }
  if (self->current == NULL)
    {
      show_toast (self, _("Add an account first"));
      return;
    }

  if (!mc_account_validate_server (self->current, &error))
    {
      mc_account_summary_set_server_error (self->summary, TRUE);
      show_toast (self, error->message);
      return;
    }
  mc_account_summary_set_server_error (self->summary, FALSE);

  recipient = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_row))));
  if (*recipient != '\0' && !mc_account_email_is_valid (recipient))
    {
      set_row_error (GTK_WIDGET (self->recipient_row), TRUE);
      show_toast (self, _("The recipient's address needs an “@” and a domain"));
      gtk_widget_grab_focus (GTK_WIDGET (self->recipient_row));
      return;
    }
  set_row_error (GTK_WIDGET (self->recipient_row), FALSE);
  selector = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->dkim_row))));

  copy_account_into (self->account, self->current);
  mc_checkup_set_recipient (self->checkup, recipient);
  {
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->attachments)); i++)
      g_ptr_array_add (files, g_list_model_get_item (G_LIST_MODEL (self->attachments), i));
    mc_checkup_set_attachments (self->checkup, files);
  }
  mc_checkup_set_dkim_selector (self->checkup, selector);
  /* Only a password typed for this check is handed over; a saved one is
   * looked up by the checkup itself. */
  mc_checkup_set_password (self->checkup, mc_account_summary_get_password (self->summary));
  /* The switch only means something for a connection that is not encrypted
   * on purpose: with STARTTLS asked for, the password never goes out in
   * the clear, even when the server does not offer STARTTLS. */
  mc_checkup_set_allow_plaintext_auth (self->checkup,
                                       mc_account_summary_get_allow_plaintext_auth (self->summary));

  g_clear_object (&self->report);
  g_clear_error (&self->run_error);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->has_run = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->groups_box), TRUE);
  remember_account (self, self->current);

  mc_checkup_run_async (self->checkup, self->cancellable, run_cb, g_object_ref (self));
  update_running (self);
}

static void
run_action (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  mc_window_run (MC_WINDOW (user_data));
}

static void
cancel_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  McWindow *self = MC_WINDOW (user_data);

  g_cancellable_cancel (self->cancellable);
}

static const GActionEntry win_actions[] = {
  { .name = "run", .activate = run_action },
  { .name = "cancel", .activate = cancel_action },
};

static void
entry_activated_cb (McWindow    *self,
                    AdwEntryRow *row)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "run", NULL);
}

static void
row_changed_cb (GtkEditable *editable,
                McWindow    *self)
{
  set_row_error (GTK_WIDGET (editable), FALSE);
}

/* A window made without an AdwApplication (the tests) does not get the
 * application's style sheet and icons on its own. */
static void
ensure_style (McWindow *self)
{
  static GtkCssProvider *provider;
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (ADW_IS_APPLICATION (app) || provider != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* Nor its icons (the first-start page shows the application's). */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    RESOURCE_BASE_PATH "/icons");
}

static void
restore_window_state (McWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  int width, height;

  /* Running uninstalled without `meson devenv` finds no schema: the window
   * then simply does not remember its size nor the last account. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      g_settings_apply (self->settings);
    }

  if (GTK_WINDOW_CLASS (mc_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
  return FALSE;
}

static void
mc_window_constructed (GObject *object)
{
  McWindow *self = MC_WINDOW (object);
  GtkApplication *app;

  G_OBJECT_CLASS (mc_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (MC_IS_APPLICATION (app))
    self->resolver = g_object_ref (mc_application_get_resolver (MC_APPLICATION (app)));
  else
    {
      g_autoptr(GResolver) fallback = g_resolver_get_default ();

      self->resolver = MC_IS_RESOLVER (fallback) ? g_object_ref (MC_RESOLVER (fallback))
                                                 : mc_resolver_new ();
    }

  ensure_style (self);
  restore_window_state (self);

  {
    g_autoptr(McCheckup) checkup = mc_checkup_new (self->account, self->resolver);

    set_checkup (self, checkup);
  }

  load_accounts (self);
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  disconnect_checkup (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WINDOW);

  if (self->attachment_chooser != NULL)
    {
      gtk_native_dialog_destroy (self->attachment_chooser);
      g_clear_object (&self->attachment_chooser);
    }
  if (self->explain_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->explain_window),
                                    (gpointer *) &self->explain_window);
      gtk_window_destroy (g_steal_pointer (&self->explain_window));
    }
  if (self->attachments != NULL)
    g_signal_handlers_disconnect_by_data (self->attachments, self);
  g_clear_object (&self->attachments);
  g_clear_pointer (&self->attachment_rows, g_ptr_array_unref);

  g_clear_object (&self->checkup);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->report);
  g_clear_error (&self->run_error);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->blocklists_file, g_free);
  g_clear_pointer (&self->pending_account_id, g_free);
  g_clear_object (&self->current);
  g_clear_object (&self->all_accounts);
  g_clear_object (&self->account_lists);
  g_clear_object (&self->typed_accounts);
  g_clear_object (&self->accounts);
  g_clear_object (&self->account);
  g_clear_object (&self->resolver);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mc_window_constructed;
  object_class->dispose = mc_window_dispose;
  window_class->close_request = mc_window_close_request;

  /**
   * McWindow::checkup-finished:
   *
   * Emitted when a check has ended, with a report or with an error
   * (cancelled, or the account could not be checked).
   */
  signals[CHECKUP_FINISHED] =
    g_signal_new ("checkup-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * McWindow::accounts-loaded:
   *
   * Emitted when the accounts of this computer have been loaded and one of
   * them (or none) chosen.
   */
  signals[ACCOUNTS_LOADED] =
    g_signal_new ("accounts-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_STATUS_LIGHT);
  g_type_ensure (MC_TYPE_ACCOUNT_CHOOSER);
  g_type_ensure (MC_TYPE_ACCOUNT_SUMMARY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, chooser);
  gtk_widget_class_bind_template_child (widget_class, McWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, problems_group);
  gtk_widget_class_bind_template_child (widget_class, McWindow, summary);
  gtk_widget_class_bind_template_child (widget_class, McWindow, more_group);
  gtk_widget_class_bind_template_child (widget_class, McWindow, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dkim_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, attachments_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, verdict_light);
  gtk_widget_class_bind_template_child (widget_class, McWindow, verdict_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, verdict_summary);
  gtk_widget_class_bind_template_child (widget_class, McWindow, verdict_meta);
  gtk_widget_class_bind_template_child (widget_class, McWindow, groups_box);
  gtk_widget_class_bind_template_callback (widget_class, account_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, add_account_action);
  gtk_widget_class_install_action (widget_class, "win.edit-account", NULL, edit_account_action);
  gtk_widget_class_install_action (widget_class, "win.choose-account", NULL,
                                   choose_account_action);
  gtk_widget_class_install_action (widget_class, "win.choose-attachments", NULL,
                                   choose_attachments_action);
  gtk_widget_class_install_action (widget_class, "win.explain", NULL, explain_action);

  /* Escape stops a running check; the application binds Ctrl+R to win.run.
   * The account keys are bound here, so that they work in every window. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.add-account", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F4, 0, "win.choose-account", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_ALT_MASK,
                                       "win.choose-account", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.explain", NULL);
}

static void
mc_window_init (McWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->account = mc_account_new ();
  self->accounts = mc_accounts_new ();
  self->typed_accounts = g_list_store_new (MC_TYPE_ACCOUNT);
  self->account_lists = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (self->account_lists, self->typed_accounts);
  g_list_store_append (self->account_lists, mc_accounts_get_model (self->accounts));
  self->all_accounts = gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->account_lists)));
  mc_account_chooser_set_model (self->chooser, G_LIST_MODEL (self->all_accounts));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-account", FALSE);

  self->attachments = g_list_store_new (G_TYPE_FILE);
  self->attachment_rows = g_ptr_array_new ();
  g_signal_connect_object (self->attachments, "items-changed",
                           G_CALLBACK (attachments_changed_cb), self, G_CONNECT_SWAPPED);
  {
    GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
    GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

    gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
    /* Before the entry rows, which would paste a dropped file's name. */
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (target), GTK_PHASE_CAPTURE);
    g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  }
}

/**
 * mc_window_new:
 * @app: (nullable): the application, or %NULL (tests)
 *
 * Without an application the window uses the process's default resolver
 * when it is an McResolver, and a new one otherwise. Either way it starts
 * loading the accounts of this computer (HOME, XDG_CONFIG_HOME).
 */
McWindow *
mc_window_new (McApplication *app)
{
  g_return_val_if_fail (app == NULL || MC_IS_APPLICATION (app), NULL);

  return g_object_new (MC_TYPE_WINDOW, "application", app, NULL);
}

void
mc_window_set_resolver (McWindow   *self,
                        McResolver *resolver)
{
  g_autoptr(McCheckup) checkup = NULL;

  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (MC_IS_RESOLVER (resolver));

  if (self->resolver == resolver)
    return;

  /* A checkup keeps its resolver for life: start over with a new one. */
  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->resolver, resolver);
  checkup = mc_checkup_new (self->account, self->resolver);
  set_checkup (self, checkup);
}

/**
 * mc_window_set_account:
 *
 * Makes a copy of @account, as typed in (on the command line), the current
 * account. It is listed on its own, under "Typed in", and replaces the
 * account typed in before, if any. It is not saved.
 */
void
mc_window_set_account (McWindow  *self,
                       McAccount *account)
{
  g_autoptr(McAccount) typed = NULL;

  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (MC_IS_ACCOUNT (account));

  typed = mc_account_copy (account);
  mc_account_set_source (typed, "manual");
  g_list_store_splice (self->typed_accounts, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->typed_accounts)),
                       (gpointer *) &typed, 1);
  set_current (self, typed, FALSE);
}

/**
 * mc_window_select_account:
 * @id: an account id, as `mail-checkup-cli accounts` lists them
 *
 * Chooses the account with this id, now or, while the accounts load, once
 * they have loaded. An id that is not found is said in a toast.
 */
void
mc_window_select_account (McWindow   *self,
                          const char *id)
{
  McAccount *account;

  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  if (self->loading)
    {
      g_free (self->pending_account_id);
      self->pending_account_id = g_strdup (id);
      return;
    }

  account = find_account (self, id);
  if (account != NULL)
    set_current (self, account, TRUE);
  else
    {
      g_autofree char *message =
        /* Translators: %s is the account id given with --account. */
        g_strdup_printf (_("No account “%s” was found on this computer"), id);

      show_toast (self, message);
    }
}

/* The account chosen now (one of the listed accounts), or NULL. */
McAccount *
mc_window_get_current_account (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->current;
}

McAccounts *
mc_window_get_accounts (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->accounts;
}

gboolean
mc_window_get_loading (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);

  return self->loading;
}

/**
 * mc_window_set_timeout:
 * @seconds: the deadline of each network step, 1–600 seconds
 */
void
mc_window_set_timeout (McWindow *self,
                       guint     seconds)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (seconds > 0);

  self->timeout_s = seconds;
  if (self->checkup != NULL)
    mc_checkup_set_timeout (self->checkup, seconds);
}

McCheckup *
mc_window_get_checkup (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->checkup;
}

/**
 * mc_window_set_password:
 * @password: (nullable): the password, or %NULL for none
 *
 * Fills the "password for this check" row, as if typed; the next check
 * logs in with it. It is never saved.
 */
void
mc_window_set_password (McWindow   *self,
                        const char *password)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  mc_account_summary_set_password (self->summary, password);
}

/**
 * mc_window_set_ca_file:
 * @path: (nullable): a PEM file of certificate authorities, or %NULL
 *
 * Also trusts the certificate authorities in @path (a company's own CA, a
 * test CA) in this window's checks. Returns %FALSE and changes nothing when
 * the file cannot be read.
 */
gboolean
mc_window_set_ca_file (McWindow    *self,
                       const char  *path,
                       GError     **error)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->checkup != NULL && !mc_checkup_set_ca_file (self->checkup, path, error))
    return FALSE;

  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  return TRUE;
}

/**
 * mc_window_set_recipient:
 *
 * Fills the recipient's address in the form.
 */
void
mc_window_set_recipient (McWindow   *self,
                         const char *recipient)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->recipient_row), recipient ? recipient : "");
}

/**
 * mc_window_set_dkim_selector:
 *
 * Fills the DKIM selector in the form.
 */
void
mc_window_set_dkim_selector (McWindow   *self,
                             const char *selector)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->dkim_row), selector ? selector : "");
}

/**
 * mc_window_set_blocklists_file:
 *
 * Asks the DNS blocklists listed in this file instead of the built-in ones.
 */
void
mc_window_set_blocklists_file (McWindow   *self,
                               const char *path)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  g_free (self->blocklists_file);
  self->blocklists_file = g_strdup (path);
  if (self->checkup != NULL)
    mc_checkup_set_blocklists_file (self->checkup, path);
}

/**
 * mc_window_set_allow_plaintext_auth:
 *
 * Sets the switch that allows sending the password over a connection that
 * is not encrypted; it only has an effect with the security setting None.
 */
void
mc_window_set_allow_plaintext_auth (McWindow *self,
                                    gboolean  allow)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  mc_account_summary_set_allow_plaintext_auth (self->summary, allow);
}

/**
 * mc_window_add_attachments:
 * @files: (element-type GFile): files to add
 *
 * Adds files to the attachment check, as choosing them or dropping them
 * on the window does; a file already chosen is not added twice. The next
 * check measures them.
 */
void
mc_window_add_attachments (McWindow  *self,
                           GPtrArray *files)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (files != NULL);

  add_attachments (self, (GFile **) files->pdata, files->len);
}

/**
 * mc_window_get_attachments:
 *
 * Returns: (transfer none): the files chosen for the attachment check,
 * GFile items in the order they were added
 */
GListModel *
mc_window_get_attachments (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->attachments);
}

/**
 * mc_window_get_explain_window:
 *
 * Returns: (transfer none) (nullable): the explainer window, while it is open
 */
GtkWindow *
mc_window_get_explain_window (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->explain_window;
}
