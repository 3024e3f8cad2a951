/* mc-window.c: the main window: the account chooser, the verdict, the chosen account, the Check button and the findings.
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
 *
 * The verdict banner comes first: what a person looks for and what support
 * sees in a screenshot. Once a check has finished, its report can be copied
 * or saved as text (Markdown, JSON) or as an image, in the language and with
 * the redaction the person chose (GSettings keys "report-language" and
 * "redact-reports", as stateful window actions of the same names, so that
 * the menus show them as a check box and a choice).
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
#include "mc-i18n.h"
#include "mc-report-image.h"
#include "mc-status-light.h"
#include "mc-verdict-banner.h"
#include "mc-version.h"
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
  McVerdictBanner      *verdict_banner;
  McAccountSummary     *summary;
  AdwPreferencesGroup  *message_group;
  AdwEntryRow          *recipient_row;
  AdwEntryRow          *dkim_row;
  AdwActionRow         *attachments_row;
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

  /* Saving a report: the file chooser while it is open, and the writes,
   * which closing the window stops. */
  GtkNativeDialog      *save_chooser;
  GCancellable         *save_cancellable;

  guint                 timeout_s;
  gboolean              loading;
  gboolean              run_when_loaded;
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
static void related_activated_cb (McWindow   *self,
                                  const char *id);

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

/* ---- Report settings ---- */

/* Whether reports mask the user part of addresses and the user name (the
 * "redact-reports" switch, on unless the person turned it off). */
static gboolean
get_redact (McWindow *self)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self),
                                                               "redact-reports");

  return state == NULL || g_variant_get_boolean (state);
}

/* "en" or "ja", or NULL for the language of the application. */
static const char *
get_report_language (McWindow *self)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self),
                                                               "report-language");

  if (state == NULL)
    return NULL;
  return mc_i18n_canonical_language (g_variant_get_string (state, NULL));
}

/* "taro@example.jp · Server smtp.example.jp, port 587", the address masked
 * when reports are. */
static char *
dup_account_line (McWindow  *self,
                  McAccount *account)
{
  g_autofree char *email = NULL;
  const char *host;

  if (account == NULL || mc_account_get_host (account) == NULL)
    return NULL;

  host = mc_account_get_host (account);
  if (mc_account_get_email (account) != NULL)
    email = get_redact (self) ? mc_redact_address (mc_account_get_email (account))
                              : g_strdup (mc_account_get_email (account));
  if (email != NULL)
    /* Translators: under the verdict: the address checked (%1$s), its
     * sending server (%2$s) and the server's port (%3$u). */
    return g_strdup_printf (_("%1$s · Server %2$s, port %3$u"), email, host,
                            (guint) mc_account_get_effective_port (account));
  /* Translators: %s is the sending server's name, %u its port number. */
  return g_strdup_printf (_("Server %s, port %u"), host,
                          (guint) mc_account_get_effective_port (account));
}

/* How many findings are done, out of how many. */
static void
count_findings (McWindow *self,
                guint    *n_done,
                guint    *n_total)
{
  GListModel *findings = mc_checkup_get_findings (self->checkup);

  *n_total = g_list_model_get_n_items (findings);
  *n_done = 0;
  for (guint i = 0; i < *n_total; i++)
    {
      g_autoptr(McFinding) finding = g_list_model_get_item (findings, i);

      if (mc_status_is_done (mc_finding_get_status (finding)))
        (*n_done)++;
    }
}

/* The verdict banner: what is happening, or what the last check found. */
static void
update_verdict (McWindow *self)
{
  g_autofree char *sentence = NULL;
  g_autofree char *account = NULL;
  g_autofree char *when = NULL;
  const char *title;
  McStatus light = MC_STATUS_PENDING;
  guint n_done = 0, n_total = 0;

  /* A setting or a finding may still change while the window closes. */
  if (self->disposed)
    return;

  if (self->checkup != NULL && mc_checkup_get_running (self->checkup))
    {
      light = MC_STATUS_RUNNING;
      title = _("Checking…");
      count_findings (self, &n_done, &n_total);
      /* A check with no finding yet still shows that it runs. */
      n_total = MAX (n_total, 1);
      account = dup_account_line (self, mc_checkup_get_account (self->checkup));
    }
  else if (self->report != NULL)
    {
      g_autofree char *started = mc_report_dup_started_at_text (self->report);
      g_autofree char *took = mc_format_duration (mc_report_get_duration_ms (self->report));

      light = mc_report_get_verdict_light (self->report);
      title = mc_report_get_verdict_title (self->report);
      sentence = mc_report_dup_verdict_sentence (self->report, get_redact (self));
      account = dup_account_line (self, mc_report_get_account (self->report));
      when =
        /* Translators: under the verdict: when the check started (%1$s, a
         * date and time), how long it took (%2$s, such as “1.2 s”) and the
         * version of Mail Checkup (%3$s). */
        g_strdup_printf (_("Checked %1$s, in %2$s · Mail Checkup %3$s"), started, took,
                         mc_version_get_display ());
    }
  else if (self->run_error != NULL)
    {
      if (g_error_matches (self->run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          light = MC_STATUS_SKIPPED;
          title = _("The checkup was stopped");
          sentence = g_strdup (_("Choose Check to start again."));
        }
      else
        {
          light = MC_STATUS_ERROR;
          title = _("The checkup could not start");
          sentence = g_strdup (self->run_error->message);
        }
      account = dup_account_line (self, self->current);
    }
  else
    {
      title = _("Ready to check");
      sentence = g_strdup (_("Choose Check to test sending with this account."));
      account = dup_account_line (self, self->current);
    }

  mc_verdict_banner_set_verdict (self->verdict_banner, light, title, sentence);
  mc_verdict_banner_set_details (self->verdict_banner, account, when);
  mc_verdict_banner_set_progress (self->verdict_banner, n_done, n_total);
  mc_verdict_banner_set_has_report (self->verdict_banner, self->report != NULL);
}

static void
update_running (McWindow *self)
{
  gboolean running = self->checkup != NULL && mc_checkup_get_running (self->checkup);
  gboolean can_report = self->report != NULL && !running;
  static const char *report_actions[] = {
    "copy-report", "save-report", "save-report-image", "copy-report-image",
  };
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "run");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               !running && (self->current != NULL || self->loading));
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "cancel");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), running);
  /* A report exists only once a check has finished. */
  for (guint i = 0; i < G_N_ELEMENTS (report_actions); i++)
    {
      action = g_action_map_lookup_action (G_ACTION_MAP (self), report_actions[i]);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_report);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->run_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  /* After a check of this account, the button checks again. */
  gtk_button_set_label (self->run_button,
                        self->report != NULL || self->run_error != NULL
                        /* Translators: the button that starts the checkup once more. */
                        ? C_("action", "Check _Again")
                        : C_("action", "_Check"));

  update_verdict (self);
}

static void
rebuild_rows (McWindow *self)
{
  AdwPreferencesGroup *groups[MC_GROUP_RECIPIENT + 1] = { NULL };
  GListModel *findings;
  GtkWidget *child;
  GtkWidget *row;
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
      row = mc_finding_row_new (finding);
      g_signal_connect_object (row, "related-activated", G_CALLBACK (related_activated_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (groups[group], row);

      /* The banner counts the findings done; connected once per finding,
       * however often the rows are made again. */
      g_signal_handlers_disconnect_by_func (finding, update_verdict, self);
      g_signal_connect_object (finding, "notify::status", G_CALLBACK (update_verdict), self,
                               G_CONNECT_SWAPPED);
    }
  update_verdict (self);
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
  {
    GListModel *findings = mc_checkup_get_findings (self->checkup);

    for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
      {
        g_autoptr(McFinding) finding = g_list_model_get_item (findings, i);

        g_signal_handlers_disconnect_by_data (finding, self);
      }
  }
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
      gtk_widget_set_visible (GTK_WIDGET (self->groups_box), FALSE);
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
    adw_preferences_group_remove (self->message_group, self->attachment_rows->pdata[i]);
  g_ptr_array_set_size (self->attachment_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (model, i);
      GtkWidget *row = mc_attachment_row_new (file);

      g_signal_connect_object (row, "remove-requested", G_CALLBACK (attachment_remove_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->message_group, row);
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
  mc_window_show_explainer (MC_WINDOW (widget));
}

/* "See also" in a row's guidance: the explainer shows that entry. */
static void
related_activated_cb (McWindow   *self,
                      const char *id)
{
  mc_explain_window_show_problem (mc_window_show_explainer (self), id);
}

/* ---- Reports: copy, save, image ---- */

typedef enum
{
  SAVE_BY_NAME,   /* .json, .txt, .png or (anything else) Markdown */
  SAVE_IMAGE,     /* a PNG, whatever the name */
} SaveKind;

/* mail-checkup-20261123-1345.md: the time of the check, so that two
 * reports sort by it and never overwrite each other by surprise. */
static char *
dup_default_name (McWindow   *self,
                  const char *extension)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (mc_report_get_started_at (self->report));
  g_autofree char *stamp = g_date_time_format (local, "%Y%m%d-%H%M");

  return g_strdup_printf ("mail-checkup-%s.%s", stamp, extension);
}

static GBytes *
render_for_file (McWindow  *self,
                 GFile     *file,
                 SaveKind   kind,
                 GError   **error)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = g_utf8_strdown (basename ? basename : "", -1);
  McReportFormat format = MC_REPORT_FORMAT_MARKDOWN;
  char *text;

  if (kind == SAVE_IMAGE || g_str_has_suffix (name, ".png"))
    return mc_report_image_render_png (self->report, get_report_language (self),
                                       get_redact (self), error);

  if (g_str_has_suffix (name, ".json"))
    format = MC_REPORT_FORMAT_JSON;
  else if (g_str_has_suffix (name, ".txt"))
    format = MC_REPORT_FORMAT_TEXT;
  text = mc_window_dup_report_text (self, format);
  return g_bytes_new_take (text, strlen (text));
}

static void
replace_contents_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_report (McWindow            *self,
             GFile               *file,
             SaveKind             kind,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, mc_window_save_report_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  if (self->report == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s",
                               _("There is no report yet: check the account first."));
      return;
    }

  /* Drawn and written out here, on the main thread, as GTK needs: a text
   * report takes no time, an image a few milliseconds. */
  bytes = render_for_file (self, file, kind, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_contents_cb, g_steal_pointer (&task));
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  McWindow *self = MC_WINDOW (source);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;

  if (!mc_window_save_report_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
        return;
      /* Translators: %s says why, such as “Permission denied”. */
      message = g_strdup_printf (_("Could not save the report: %s"), error->message);
      show_toast (self, message);
      return;
    }
  if (self->disposed)
    return;

  name = g_file_get_basename (file);
  /* Translators: %s is the name of the file the report was saved in. */
  message = g_strdup_printf (_("Report saved as “%s”"), name);
  show_toast (self, message);
}

static void
save_chooser_response_cb (McWindow        *self,
                          int              response,
                          GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      SaveKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "save-kind"));

      if (file != NULL)
        save_report (self, file, kind, self->save_cancellable, save_done_cb, NULL);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->save_chooser);
}

/* GTK 4.8 has no GtkFileDialog: the native chooser, which is the portal's
 * in a sandbox. */
static void
open_save_chooser (McWindow *self,
                   SaveKind  kind)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (self->report == NULL)
    return;
  if (self->save_chooser != NULL)
    {
      gtk_native_dialog_destroy (self->save_chooser);
      g_clear_object (&self->save_chooser);
    }

  chooser = gtk_file_chooser_native_new (kind == SAVE_IMAGE ? _("Save Report Image")
                                                            : _("Save Report"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  /* Markdown reads well as it is and in a ticket; a name ending in .json
   * saves the JSON that support scripts read. */
  name = dup_default_name (self, kind == SAVE_IMAGE ? "png" : "md");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "save-kind", GINT_TO_POINTER (kind));
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->save_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->save_chooser);
}

static void
copy_report_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  McWindow *self = MC_WINDOW (user_data);
  g_autofree char *text = mc_window_dup_report_text (self, MC_REPORT_FORMAT_MARKDOWN);

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  /* Translators: shown after the text report was put on the clipboard. */
  show_toast (self, _("Report copied"));
}

static void
save_report_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  open_save_chooser (MC_WINDOW (user_data), SAVE_BY_NAME);
}

static void
save_report_image_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  open_save_chooser (MC_WINDOW (user_data), SAVE_IMAGE);
}

static void
copy_report_image_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  McWindow *self = MC_WINDOW (user_data);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  if (self->report == NULL)
    return;

  texture = mc_report_image_render (self->report, get_report_language (self), get_redact (self),
                                    &error);
  if (texture == NULL)
    {
      g_autofree char *message =
        /* Translators: %s says why the picture of the report could not be made. */
        g_strdup_printf (_("Could not make the report image: %s"), error->message);

      show_toast (self, message);
      return;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (self)), texture);
  /* Translators: shown after the picture of the report was put on the clipboard. */
  show_toast (self, _("Report image copied"));
}

/* The two report settings, as stateful actions for the menus: bound to
 * GSettings, or (running uninstalled without the schema) only kept while
 * the window is open. */
static void
add_report_settings (McWindow *self)
{
  g_autoptr(GAction) redact = NULL;
  g_autoptr(GAction) language = NULL;

  if (self->settings != NULL)
    {
      redact = g_settings_create_action (self->settings, "redact-reports");
      language = g_settings_create_action (self->settings, "report-language");
    }
  else
    {
      redact = G_ACTION (g_simple_action_new_stateful ("redact-reports", NULL,
                                                       g_variant_new_boolean (TRUE)));
      language = G_ACTION (g_simple_action_new_stateful ("report-language", G_VARIANT_TYPE_STRING,
                                                         g_variant_new_string ("")));
    }
  g_action_map_add_action (G_ACTION_MAP (self), redact);
  g_action_map_add_action (G_ACTION_MAP (self), language);
  /* The banner masks the address as the reports do. */
  g_signal_connect_object (redact, "notify::state", G_CALLBACK (update_verdict), self,
                           G_CONNECT_SWAPPED);
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
  { .name = "copy-report", .activate = copy_report_action },
  { .name = "save-report", .activate = save_report_action },
  { .name = "save-report-image", .activate = save_report_image_action },
  { .name = "copy-report-image", .activate = copy_report_image_action },
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
  add_report_settings (self);

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
  if (self->save_chooser != NULL)
    {
      gtk_native_dialog_destroy (self->save_chooser);
      g_clear_object (&self->save_chooser);
    }
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
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
  g_type_ensure (MC_TYPE_VERDICT_BANNER);
  g_type_ensure (MC_TYPE_ACCOUNT_CHOOSER);
  g_type_ensure (MC_TYPE_ACCOUNT_SUMMARY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, chooser);
  gtk_widget_class_bind_template_child (widget_class, McWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, problems_group);
  gtk_widget_class_bind_template_child (widget_class, McWindow, verdict_banner);
  gtk_widget_class_bind_template_child (widget_class, McWindow, summary);
  gtk_widget_class_bind_template_child (widget_class, McWindow, message_group);
  gtk_widget_class_bind_template_child (widget_class, McWindow, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dkim_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, attachments_row);
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

  /* Escape stops a running check; the application binds Ctrl+R to win.run
   * (and shows the report keys in its menus). The other keys are bound
   * here, so that they work in every window, with or without the
   * application. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-report", NULL);
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

  self->save_cancellable = g_cancellable_new ();
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

/**
 * mc_window_show_explainer:
 *
 * Opens the explainer window, or brings it to the front, as
 * Explain an Error Message… (Ctrl+E) does.
 *
 * Returns: (transfer none): the explainer
 */
McExplainWindow *
mc_window_show_explainer (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  /* One explainer: asking again brings it to the front. */
  if (self->explain_window == NULL)
    {
      self->explain_window = GTK_WINDOW (mc_explain_window_new (GTK_WINDOW (self)));
      g_object_add_weak_pointer (G_OBJECT (self->explain_window),
                                 (gpointer *) &self->explain_window);
    }
  gtk_window_present (self->explain_window);
  return MC_EXPLAIN_WINDOW (self->explain_window);
}

/**
 * mc_window_get_report:
 *
 * Returns: (transfer none) (nullable): the report of the last check that
 * finished, or %NULL (none yet, cancelled, running, another account)
 */
McReport *
mc_window_get_report (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->report;
}

/**
 * mc_window_get_verdict_banner:
 *
 * Returns: (transfer none): the banner at the top of the dashboard
 */
McVerdictBanner *
mc_window_get_verdict_banner (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->verdict_banner;
}

/* Whether reports (and the banner) mask the user part of addresses and
 * the user name: the "Hide My Address and User Name" switch. */
gboolean
mc_window_get_redact (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), TRUE);

  return get_redact (self);
}

void
mc_window_set_redact (McWindow *self,
                      gboolean  redact)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  g_action_group_change_action_state (G_ACTION_GROUP (self), "redact-reports",
                                      g_variant_new_boolean (redact));
}

/* "en" or "ja", or NULL for the language of the application. */
const char *
mc_window_get_report_language (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return get_report_language (self);
}

/**
 * mc_window_set_report_language:
 * @lang: (nullable): "en", "ja", or %NULL for the application's language
 */
void
mc_window_set_report_language (McWindow   *self,
                               const char *lang)
{
  const char *canonical = mc_i18n_canonical_language (lang);

  g_return_if_fail (MC_IS_WINDOW (self));

  g_action_group_change_action_state (G_ACTION_GROUP (self), "report-language",
                                      g_variant_new_string (canonical ? canonical : ""));
}

/**
 * mc_window_dup_report_text:
 *
 * The report of the last check as Copy Report and Save Report… write it:
 * in the report language, with the redaction chosen.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL without a report
 */
char *
mc_window_dup_report_text (McWindow       *self,
                           McReportFormat  format)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  if (self->report == NULL)
    return NULL;
  return mc_report_render_for (self->report, format, get_redact (self),
                               get_report_language (self));
}

/**
 * mc_window_save_report_async:
 * @file: where to write; the name says what: .json, .txt, .png (the report
 *   image) or anything else (Markdown)
 *
 * Writes the report of the last check as Save Report… does, in the report
 * language and with the redaction chosen, replacing the file.
 */
void
mc_window_save_report_async (McWindow            *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  save_report (self, file, SAVE_BY_NAME, cancellable, callback, user_data);
}

gboolean
mc_window_save_report_finish (McWindow      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_window_save_report_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
