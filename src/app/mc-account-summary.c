/* mc-account-summary.c: the chosen account on the main page, and the log-in settings for this check.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account's settings are shown, not edited here: changing them goes
 * through the editor, which saves them (an imported account as a copy, so
 * that another program's files are never written). What can be set here
 * is only for the checks of this window: a password typed for the check,
 * which is never saved and is forgotten when another account is chosen,
 * and the switch that allows sending it without encryption.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mc-account-summary.h"
#include "mc-secrets.h"

struct _McAccountSummary
{
  GtkWidget             parent_instance;

  /* Template widgets */
  AdwPreferencesGroup  *account_group;
  GtkButton            *edit_button;
  AdwActionRow         *email_row;
  AdwActionRow         *server_row;
  AdwActionRow         *user_row;
  AdwActionRow         *password_state_row;
  AdwActionRow         *source_row;
  AdwPasswordEntryRow  *password_row;
  AdwActionRow         *plaintext_row;
  GtkSwitch            *plaintext_switch;

  McAccount            *account;
  GCancellable         *state_cancellable;
  McPasswordState       state;
};

G_DEFINE_FINAL_TYPE (McAccountSummary, mc_account_summary, GTK_TYPE_WIDGET)

static gboolean
is_typed_in (McAccount *account)
{
  return g_strcmp0 (mc_account_get_source (account), "manual") == 0;
}

/* A path in the home folder is shown from "~", as people know it. */
static char *
shorten_path (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize len = home != NULL ? strlen (home) : 0;

  if (len > 1 && g_str_has_prefix (path, home) && path[len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + len, NULL);
  return g_strdup (path);
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL ? text : "");
}

static void
update_password_state_row (McAccountSummary *self)
{
  if (self->account != NULL && is_typed_in (self->account))
    set_subtitle (self->password_state_row,
                  _("Not saved for a typed-in account: enter it below to test the log-in"));
  else if (self->account != NULL)
    set_subtitle (self->password_state_row,
                  mc_account_get_password_label (self->account, self->state));
  else
    set_subtitle (self->password_state_row, mc_password_state_get_label (self->state));
}

typedef struct
{
  McAccountSummary *self;
  GCancellable     *cancellable;
} StateQuery;

static void
get_state_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  StateQuery *query = user_data;
  McPasswordState state = mc_secrets_get_state_finish (MC_ACCOUNT (source), result);

  /* The answer to a question asked again since (another account shown,
   * the password saved) is dropped. */
  if (!g_cancellable_is_cancelled (query->cancellable))
    {
      query->self->state = state;
      update_password_state_row (query->self);
    }
  g_object_unref (query->self);
  g_object_unref (query->cancellable);
  g_free (query);
}

/**
 * mc_account_summary_refresh_password_state:
 *
 * Asks again whether the account's password can be had (after it was
 * saved or removed).
 */
void
mc_account_summary_refresh_password_state (McAccountSummary *self)
{
  StateQuery *query;

  g_return_if_fail (MC_IS_ACCOUNT_SUMMARY (self));

  g_cancellable_cancel (self->state_cancellable);
  g_clear_object (&self->state_cancellable);
  self->state = MC_PASSWORD_STATE_UNKNOWN;
  update_password_state_row (self);

  if (self->account == NULL || is_typed_in (self->account))
    return;

  query = g_new0 (StateQuery, 1);
  query->self = g_object_ref (self);
  self->state_cancellable = g_cancellable_new ();
  query->cancellable = g_object_ref (self->state_cancellable);
  mc_secrets_get_state_async (self->account, self->state_cancellable, get_state_cb, query);
}

static void
update_plaintext_row (McAccountSummary *self)
{
  g_autofree char *subtitle = NULL;
  gboolean none = self->account != NULL &&
                  mc_account_get_security (self->account) == MC_SECURITY_NONE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->plaintext_row), none);
  subtitle =
    /* Translators: %s is the security setting without encryption, “None”. */
    g_strdup_printf (_("Others on the network could read the password. Only used with the security setting “%s”."),
                     mc_security_get_label (MC_SECURITY_NONE));
  adw_action_row_set_subtitle (self->plaintext_row, subtitle);
}

static void
update_edit_button (McAccountSummary *self)
{
  const char *label;
  const char *tooltip;

  if (self->account == NULL || mc_account_is_editable (self->account))
    {
      label = _("_Edit…");
      tooltip = _("Change the settings of this account");
    }
  else if (is_typed_in (self->account))
    {
      label = _("_Save as Account…");
      tooltip = _("Keep this account in Mail Checkup, to check it again later");
    }
  else
    {
      label = _("Co_rrect a Copy…");
      tooltip = _("Your mail program’s settings are not changed: a corrected copy is saved in Mail Checkup");
    }
  gtk_button_set_label (self->edit_button, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button), tooltip);
}

static void
update_rows (McAccountSummary *self)
{
  McAccount *account = self->account;
  const char *host;
  const char *user;
  const char *source;
  const char *file;
  g_autofree char *server = NULL;
  g_autofree char *source_title = NULL;
  g_autofree char *source_subtitle = NULL;

  update_edit_button (self);
  update_plaintext_row (self);
  if (account == NULL)
    return;

  set_subtitle (self->email_row, mc_account_get_email (account));
  if (mc_account_get_email (account) == NULL || *mc_account_get_email (account) == '\0')
    set_subtitle (self->email_row, _("Not set"));

  host = mc_account_get_host (account);
  if (host != NULL && *host != '\0')
    /* Translators: the sending server, its port and its security, such as
     * “smtp.example.jp, port 587, STARTTLS”. */
    server = g_strdup_printf (_("%s, port %u, %s"), host,
                              (guint) mc_account_get_effective_port (account),
                              mc_security_get_label (mc_account_get_security (account)));
  else
    server = g_strdup (_("Not set"));
  set_subtitle (self->server_row, server);
  mc_account_summary_set_server_error (self, FALSE);

  user = mc_account_get_user (account);
  set_subtitle (self->user_row, (user != NULL && *user != '\0') ? user
                                : _("The email address (none set)"));

  source = mc_account_get_source (account);
  file = mc_account_get_source_file (account);
  if (g_strcmp0 (source, "mail-checkup") == 0)
    source_title = g_strdup (_("Saved in Mail Checkup"));
  else if (is_typed_in (account))
    source_title = g_strdup (_("Typed in, not saved"));
  else
    /* Translators: where the account was read; %s is a mail program, such as “Evolution”. */
    source_title = g_strdup_printf (_("From %s"), mc_account_source_get_label (source));
  if (file != NULL)
    source_subtitle = shorten_path (file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->source_row), source_title);
  set_subtitle (self->source_row, source_subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_row), file);
}

static void
password_activated_cb (McAccountSummary *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.run", NULL);
}

static void
mc_account_summary_dispose (GObject *object)
{
  McAccountSummary *self = MC_ACCOUNT_SUMMARY (object);
  GtkWidget *child;

  g_cancellable_cancel (self->state_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_ACCOUNT_SUMMARY);
  /* What the template put in and no template child names goes too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->state_cancellable);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (mc_account_summary_parent_class)->dispose (object);
}

static void
mc_account_summary_class_init (McAccountSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_account_summary_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mc-account-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, McAccountSummary, account_group);
  gtk_widget_class_bind_template_child (widget_class, McAccountSummary, edit_button);
  gtk_widget_class_bind_template_child (widget_class, McAccountSummary, email_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountSummary, server_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountSummary, user_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountSummary, password_state_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountSummary, source_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountSummary, password_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountSummary, plaintext_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountSummary, plaintext_switch);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
}

static void
mc_account_summary_init (McAccountSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_rows (self);
}

GtkWidget *
mc_account_summary_new (void)
{
  return g_object_new (MC_TYPE_ACCOUNT_SUMMARY, NULL);
}

static gboolean
same_account (McAccount *a,
              McAccount *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return mc_account_get_id (a) != NULL && g_strcmp0 (mc_account_get_id (a), mc_account_get_id (b)) == 0;
}

/**
 * mc_account_summary_set_account:
 * @account: (nullable): the account to show
 *
 * Shows @account and asks whether its password can be had. A password
 * typed for the check is forgotten when another account is shown (the
 * same account loaded again keeps it).
 */
void
mc_account_summary_set_account (McAccountSummary *self,
                                McAccount        *account)
{
  gboolean same;

  g_return_if_fail (MC_IS_ACCOUNT_SUMMARY (self));
  g_return_if_fail (account == NULL || MC_IS_ACCOUNT (account));

  same = same_account (self->account, account);
  if (!g_set_object (&self->account, account))
    return;

  if (!same)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_switch_set_active (self->plaintext_switch, FALSE);
    }
  update_rows (self);
  mc_account_summary_refresh_password_state (self);
}

McAccount *
mc_account_summary_get_account (McAccountSummary *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_SUMMARY (self), NULL);

  return self->account;
}

McPasswordState
mc_account_summary_get_password_state (McAccountSummary *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_SUMMARY (self), MC_PASSWORD_STATE_UNKNOWN);

  return self->state;
}

/* The password typed for the check, or NULL when there is none. */
const char *
mc_account_summary_get_password (McAccountSummary *self)
{
  const char *text;

  g_return_val_if_fail (MC_IS_ACCOUNT_SUMMARY (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  return (text != NULL && *text != '\0') ? text : NULL;
}

void
mc_account_summary_set_password (McAccountSummary *self,
                                 const char       *password)
{
  g_return_if_fail (MC_IS_ACCOUNT_SUMMARY (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password ? password : "");
}

/* Whether the switch is on and means something: only without encryption. */
gboolean
mc_account_summary_get_allow_plaintext_auth (McAccountSummary *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_SUMMARY (self), FALSE);

  return gtk_switch_get_active (self->plaintext_switch) &&
         self->account != NULL &&
         mc_account_get_security (self->account) == MC_SECURITY_NONE;
}

void
mc_account_summary_set_allow_plaintext_auth (McAccountSummary *self,
                                             gboolean          allow)
{
  g_return_if_fail (MC_IS_ACCOUNT_SUMMARY (self));

  gtk_switch_set_active (self->plaintext_switch, allow);
}

/* Marks the server row when the account cannot be checked as it is. */
void
mc_account_summary_set_server_error (McAccountSummary *self,
                                     gboolean          error)
{
  g_return_if_fail (MC_IS_ACCOUNT_SUMMARY (self));

  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
}
