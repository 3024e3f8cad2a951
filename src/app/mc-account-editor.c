/* mc-account-editor.c: the window that adds, changes, copies and deletes an account of our own store.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three kinds of editing, one form:
 *  - a new account;
 *  - one of our own accounts, saved in place (an empty password keeps the
 *    one in the keyring);
 *  - an imported or typed-in account, saved as a new account of our own
 *    (the store gives it its own id), because another program's files are
 *    never written.
 *
 * Saving is a chain of asynchronous steps: the store writes the account, the
 * Secret Service keeps the password when one was typed, the accounts are
 * loaded again, and only then does the editor close, after telling the
 * window which account to choose. A failure anywhere leaves the editor open
 * with everything the person typed and a message that says what happened;
 * when only the password could not be kept, the account is saved all the
 * same and the editor says so.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-account-editor.h"
#include "mc-account-row.h"
#include "mc-secrets.h"

typedef enum
{
  MODE_NEW,
  MODE_EDIT,
  MODE_COPY,
} Mode;

struct _McAccountEditor
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkButton            *cancel_button;
  GtkButton            *save_button;
  GtkSpinner           *busy_spinner;
  GtkBox               *form_box;
  GtkLabel             *intro_label;
  GtkBox               *error_box;
  GtkLabel             *error_label;
  AdwEntryRow          *name_row;
  AdwEntryRow          *email_row;
  GtkLabel             *email_message;
  AdwEntryRow          *host_row;
  AdwActionRow         *port_row;
  GtkSpinButton        *port_spin;
  AdwComboRow          *security_row;
  GtkLabel             *server_message;
  AdwPreferencesGroup  *login_group;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  GtkButton            *delete_button;

  McAccounts           *accounts;
  McAccount            *account;
  McAccount            *saved;
  char                 *removed_id;
  char                 *removal_message;
  GError               *password_error;
  GtkWidget            *focus_before_busy;
  Mode                  mode;
  gboolean              password_unsaved;
  gboolean              closed;
  gboolean              busy;
  gboolean              valid;
};

G_DEFINE_FINAL_TYPE (McAccountEditor, mc_account_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNTS,
  PROP_ACCOUNT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACCOUNT_SAVED,
  ACCOUNT_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The order of the items in the security combo row. */
static const McSecurity security_choices[] = {
  MC_SECURITY_STARTTLS,
  MC_SECURITY_TLS,
  MC_SECURITY_NONE,
};

static McSecurity
get_security (McAccountEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->security_row);

  return selected < G_N_ELEMENTS (security_choices) ? security_choices[selected]
                                                     : MC_SECURITY_STARTTLS;
}

static void
set_security (McAccountEditor *self,
              McSecurity       security)
{
  for (guint i = 0; i < G_N_ELEMENTS (security_choices); i++)
    {
      if (security_choices[i] == security)
        adw_combo_row_set_selected (self->security_row, i);
    }
}

/* Port text: empty or the word for "automatic" is 0, otherwise 1–65535.
 * Returns FALSE for anything else. */
static gboolean
parse_port (const char *text,
            guint16    *port)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  guint64 value = 0;

  if (*stripped == '\0' ||
      g_utf8_collate (stripped, C_("port", "Automatic")) == 0 ||
      g_ascii_strcasecmp (stripped, "auto") == 0)
    {
      *port = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXUINT16, &value, NULL))
    return FALSE;

  *port = (guint16) value;
  return TRUE;
}

static char *
dup_stripped_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static void
set_row_error (gpointer row,
               gboolean error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
set_message (GtkLabel   *label,
             const char *message)
{
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
update_actions (McAccountEditor *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->valid && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.delete",
                                 self->mode == MODE_EDIT && !self->busy);
}

/* Checks the form as it is typed. An empty address or server only keeps
 * Save insensitive; a message appears once something wrong was typed. */
static void
validate (McAccountEditor *self)
{
  g_autofree char *email = dup_stripped_text (self->email_row);
  g_autofree char *host = dup_stripped_text (self->host_row);
  g_autofree char *email_error = NULL;
  g_autofree char *server_error = NULL;
  gboolean email_ok, host_ok, port_ok;
  guint16 port;

  email_ok = mc_account_email_is_valid (email);
  if (*email != '\0' && !email_ok)
    {
      g_autoptr(McAccount) probe = mc_account_new ();
      g_autoptr(GError) error = NULL;

      /* The engine's own sentence, so that the window and the terminal
       * tool say the same. */
      mc_account_set_host (probe, "localhost");
      mc_account_set_email (probe, email);
      if (!mc_account_validate (probe, &error))
        email_error = g_strdup (error->message);
      else
        email_error = g_strdup (_("This is not an email address"));
    }
  set_row_error (self->email_row, email_error != NULL);
  set_message (self->email_message, email_error);

  host_ok = FALSE;
  if (*host != '\0')
    {
      g_autoptr(McAccount) probe = mc_account_new ();
      g_autoptr(GError) error = NULL;

      mc_account_set_host (probe, host);
      host_ok = mc_account_validate_server (probe, &error);
      if (!host_ok)
        server_error = g_strdup (error->message);
    }
  set_row_error (self->host_row, server_error != NULL);

  port_ok = parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_spin)), &port);
  set_row_error (self->port_row, !port_ok);
  if (!port_ok && server_error == NULL)
    server_error = g_strdup (_("The port is a number from 1 to 65535, or 0 for automatic"));
  set_message (self->server_message, server_error);

  self->valid = email_ok && host_ok && port_ok;
  update_actions (self);
}

static void update_port_subtitle (McAccountEditor *self);

static void
validate_cb (McAccountEditor *self)
{
  validate (self);
  update_port_subtitle (self);
}

static void
update_port_subtitle (McAccountEditor *self)
{
  guint16 typed = 0;
  guint port;
  guint usual = mc_security_default_port (get_security (self));
  g_autofree char *subtitle = NULL;

  /* What is typed, before the spin button takes it on Enter or on leaving. */
  if (parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_spin)), &typed))
    port = typed;
  else
    port = (guint) gtk_spin_button_get_value_as_int (self->port_spin);

  if (port == 0)
    /* Translators: the port is chosen automatically; %u is the port that will be used. */
    subtitle = g_strdup_printf (_("Automatic: %u"), usual);
  else if (port == usual)
    subtitle = g_strdup (_("The usual port for this security setting"));
  else
    /* Translators: %u is a port number such as 587. */
    subtitle = g_strdup_printf (_("The usual port for this security setting is %u"), usual);

  adw_action_row_set_subtitle (self->port_row, subtitle);
}

static gboolean
port_output_cb (GtkSpinButton   *spin,
                McAccountEditor *self)
{
  if (gtk_spin_button_get_value_as_int (spin) != 0)
    return FALSE;

  /* Translators: shown in the port field when the port is chosen automatically. */
  gtk_editable_set_text (GTK_EDITABLE (spin), C_("port", "Automatic"));
  return TRUE;
}

static int
port_input_cb (GtkSpinButton   *spin,
               double          *new_value,
               McAccountEditor *self)
{
  guint16 port;

  if (!parse_port (gtk_editable_get_text (GTK_EDITABLE (spin)), &port))
    return GTK_INPUT_ERROR;

  *new_value = port;
  return TRUE;
}

static void
entry_activated_cb (McAccountEditor *self)
{
  /* Enter saves, as the default button would, once the form is complete. */
  if (self->valid && !self->busy)
    gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static void
show_error (McAccountEditor *self,
            const char      *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), message != NULL);
}

static void
set_busy (McAccountEditor *self,
          gboolean         busy)
{
  /* A field that has the focus when it becomes insensitive never hears
   * that it lost it (GTK warns): the focus leaves first and comes back
   * afterwards, so that the person can type on where they were. */
  if (busy)
    {
      g_set_weak_pointer (&self->focus_before_busy, gtk_window_get_focus (GTK_WINDOW (self)));
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }

  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), !busy);

  if (!busy && self->focus_before_busy != NULL)
    {
      gtk_widget_grab_focus (self->focus_before_busy);
      /* Back where they were typing, not with everything selected. */
      if (GTK_IS_EDITABLE (self->focus_before_busy))
        gtk_editable_select_region (GTK_EDITABLE (self->focus_before_busy), -1, -1);
      g_clear_weak_pointer (&self->focus_before_busy);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy);
  gtk_spinner_set_spinning (self->busy_spinner, busy);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The title, the words above the form and the log-in explanation say
 * what saving will do. */
static void
update_mode_texts (McAccountEditor *self)
{
  g_autofree char *intro = NULL;
  const char *title = NULL;
  const char *subtitle = NULL;
  const char *login = NULL;

  switch (self->mode)
    {
    case MODE_NEW:
      title = _("Add Account");
      login = _("An empty user name means the email address. The password is kept in your keyring, not in a file.");
      break;

    case MODE_EDIT:
      title = _("Edit Account");
      subtitle = mc_account_row_get_title_for (self->account);
      /* Just saved without its password: there is none to keep. */
      if (self->password_unsaved)
        login = _("An empty user name means the email address. The password is kept in your keyring, not in a file.");
      else
        login = _("An empty user name means the email address. Leave the password empty to keep the one saved in your keyring.");
      break;

    case MODE_COPY:
    default:
      if (g_strcmp0 (mc_account_get_source (self->account), "manual") == 0)
        {
          title = _("Save as Account");
          intro = g_strdup (_("The account you typed in is saved in Mail Checkup, so that it can be checked again later."));
        }
      else
        {
          title = _("Correct a Copy");
          subtitle = mc_account_row_get_title_for (self->account);
          intro =
            /* Translators: %s is a mail program, such as “Evolution”. */
            g_strdup_printf (_("The settings of %s stay as they are: your corrections are saved as a new account in Mail Checkup."),
                             mc_account_source_get_label (mc_account_get_source (self->account)));
        }
      login = _("An empty user name means the email address. The password is kept in your keyring, not in a file.");
      break;
    }

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  gtk_label_set_label (self->intro_label, intro != NULL ? intro : "");
  gtk_widget_set_visible (GTK_WIDGET (self->intro_label), intro != NULL);
  adw_preferences_group_set_description (self->login_group, login);
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), self->mode == MODE_EDIT);
  update_actions (self);
}

static void
fill_form (McAccountEditor *self)
{
  McAccount *account = self->account;
  const char *text;

  if (account == NULL)
    return;

  text = mc_account_get_display_name (account);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), text ? text : "");
  text = mc_account_get_email (account);
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), text ? text : "");
  text = mc_account_get_host (account);
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), text ? text : "");
  set_security (self, mc_account_get_security (account));
  gtk_spin_button_set_value (self->port_spin, mc_account_get_port (account));
  text = mc_account_get_user (account);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), text ? text : "");
}

/* The account as the form says. Editing keeps the account's id; a copy
 * keeps the original's id and source, from which the store knows to give
 * it an id of its own and to note where it was copied from. */
static McAccount *
build_account (McAccountEditor *self)
{
  g_autoptr(McAccount) account = NULL;
  g_autofree char *name = dup_stripped_text (self->name_row);
  g_autofree char *email = dup_stripped_text (self->email_row);
  g_autofree char *host = dup_stripped_text (self->host_row);
  g_autofree char *user = dup_stripped_text (self->user_row);
  guint16 port = 0;

  account = self->account != NULL ? mc_account_copy (self->account) : mc_account_new ();

  if (!parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_spin)), &port))
    g_assert_not_reached ();

  mc_account_set_display_name (account, *name != '\0' ? name : NULL);
  mc_account_set_email (account, email);
  mc_account_set_host (account, host);
  mc_account_set_port (account, port);
  mc_account_set_security (account, get_security (self));
  mc_account_set_user (account, *user != '\0' ? user : NULL);

  return g_steal_pointer (&account);
}

static void
reload_after_save_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(McAccountEditor) self = user_data;
  g_autoptr(GError) password_error = g_steal_pointer (&self->password_error);
  g_autofree char *message = NULL;

  /* Loading fails only when cancelled; the account is saved either way. */
  mc_accounts_load_finish (MC_ACCOUNTS (source), result, NULL);
  g_signal_emit (self, signals[ACCOUNT_SAVED], 0, self->saved);

  if (self->closed)
    return;
  if (password_error == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  /* The account is saved: from now on this is an edit of it, so that Save
   * again stores the password without adding a second account. */
  g_set_object (&self->account, self->saved);
  self->mode = MODE_EDIT;
  self->password_unsaved = TRUE;
  update_mode_texts (self);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  set_busy (self, FALSE);
  message =
    /* Translators: %s says that and why the password was not saved, for
     * example “No keyring is running, so the password could not be saved.” */
    g_strdup_printf (_("The account was saved. %s\nYou can type the password for each check instead, or choose Save again once your keyring works."),
                     password_error->message);
  show_error (self, message);
}

/* Takes password_error, the reason the password was not kept, if any. */
static void
reload_after_save (McAccountEditor *self,
                   GError          *password_error)
{
  g_clear_error (&self->password_error);
  self->password_error = password_error;

  /* What is saved stays saved: the list is loaded again even when the
   * editor was closed meanwhile, so that the window shows the account. */
  mc_accounts_load_async (self->accounts, NULL, reload_after_save_cb, g_object_ref (self));
}

static void
store_password_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(McAccountEditor) self = user_data;
  GError *error = NULL;

  if (!mc_secrets_store_finish (MC_ACCOUNT (source), result, &error))
    {
      reload_after_save (self, error);
      return;
    }

  /* Kept in the keyring: the field is emptied, as for an account whose
   * password is saved. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  reload_after_save (self, NULL);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(McAccountEditor) self = user_data;
  g_autoptr(McAccount) saved = NULL;
  g_autoptr(GError) error = NULL;
  const char *password;

  saved = mc_account_store_save_finish (MC_ACCOUNT_STORE (source), result, &error);
  if (saved == NULL)
    {
      g_autofree char *message = NULL;

      set_busy (self, FALSE);
      /* Translators: %s is the reason, one or two sentences. */
      message = g_strdup_printf (_("The account could not be saved. %s"), error->message);
      show_error (self, message);
      return;
    }

  g_set_object (&self->saved, saved);
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (password != NULL && *password != '\0')
    mc_secrets_store_async (self->saved, password, NULL, store_password_cb, g_object_ref (self));
  else
    reload_after_save (self, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McAccountEditor *self = MC_ACCOUNT_EDITOR (widget);
  g_autoptr(McAccount) account = NULL;

  validate (self);
  if (!self->valid || self->busy)
    return;

  account = build_account (self);
  show_error (self, NULL);
  set_busy (self, TRUE);

  /* Not cancellable: once asked, a save runs to its end even if the
   * editor is closed meanwhile, so that nothing is half done. */
  mc_account_store_save_async (mc_accounts_get_store (self->accounts), account,
                               NULL, save_cb, g_object_ref (self));
}

static void
reload_after_remove_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(McAccountEditor) self = user_data;

  mc_accounts_load_finish (MC_ACCOUNTS (source), result, NULL);
  g_signal_emit (self, signals[ACCOUNT_REMOVED], 0, self->removed_id, self->removal_message);
  if (!self->closed)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
clear_password_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(McAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Nothing stored, or no keyring to store it in: nothing is left behind. */
  if (!mc_secrets_clear_finish (MC_ACCOUNT (source), result, &error) &&
      !g_error_matches (error, MC_SECRETS_ERROR, MC_SECRETS_ERROR_NOT_FOUND) &&
      !g_error_matches (error, MC_SECRETS_ERROR, MC_SECRETS_ERROR_NO_SERVICE))
    /* Translators: %s says that and why the password was not removed, for
     * example “Your keyring is locked, so the saved password could not be removed. …” */
    self->removal_message = g_strdup_printf (_("The account was deleted. %s"),
                                             error->message);

  mc_accounts_load_async (self->accounts, NULL, reload_after_remove_cb, g_object_ref (self));
}

static void
remove_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_account_store_remove_finish (MC_ACCOUNT_STORE (source), result, &error))
    {
      g_autofree char *message = NULL;

      set_busy (self, FALSE);
      /* Translators: %s is the reason, one or two sentences. */
      message = g_strdup_printf (_("The account could not be deleted. %s"), error->message);
      show_error (self, message);
      return;
    }

  /* The account is gone from the store; its password goes too, whatever
   * happens to the editor meanwhile. */
  mc_secrets_clear_async (self->account, NULL, clear_password_cb, g_object_ref (self));
}

static void
delete_confirmed_cb (McAccountEditor *self)
{
  if (self->busy || self->account == NULL)
    return;

  g_free (self->removed_id);
  self->removed_id = g_strdup (mc_account_get_id (self->account));
  show_error (self, NULL);
  set_busy (self, TRUE);

  mc_account_store_remove_async (mc_accounts_get_store (self->accounts), self->removed_id,
                                 NULL, remove_cb, g_object_ref (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McAccountEditor *self = MC_ACCOUNT_EDITOR (widget);
  GtkWidget *dialog;

  if (self->mode != MODE_EDIT || self->busy)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete Account?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: %s is the account's name or address. */
                                  _("“%s” is removed from Mail Checkup, with its password in your keyring. The settings of your mail program are not changed."),
                                  mc_account_row_get_title_for (self->account));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", C_("dialog", "_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response::delete", G_CALLBACK (delete_confirmed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
mc_account_editor_close_request (GtkWindow *window)
{
  McAccountEditor *self = MC_ACCOUNT_EDITOR (window);

  /* A save or a deletion under way carries on to its end (see
   * save_action); it only no longer shows its outcome here. */
  self->closed = TRUE;

  if (GTK_WINDOW_CLASS (mc_account_editor_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (mc_account_editor_parent_class)->close_request (window);
  return FALSE;
}

static void
mc_account_editor_constructed (GObject *object)
{
  McAccountEditor *self = MC_ACCOUNT_EDITOR (object);

  G_OBJECT_CLASS (mc_account_editor_parent_class)->constructed (object);

  g_assert (MC_IS_ACCOUNTS (self->accounts));

  if (self->account == NULL)
    self->mode = MODE_NEW;
  else if (mc_account_is_editable (self->account) && mc_account_get_id (self->account) != NULL)
    self->mode = MODE_EDIT;
  else
    self->mode = MODE_COPY;

  fill_form (self);
  update_mode_texts (self);
  update_port_subtitle (self);
  validate (self);

  /* The address is what most people fill in first; the server when the
   * address is there already. */
  if (self->mode == MODE_NEW || *gtk_editable_get_text (GTK_EDITABLE (self->email_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
}

static void
mc_account_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  McAccountEditor *self = MC_ACCOUNT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ACCOUNTS: g_value_set_object (value, self->accounts); break;
    case PROP_ACCOUNT:  g_value_set_object (value, self->account); break;
    case PROP_BUSY:     g_value_set_boolean (value, self->busy); break;
    default:            G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_account_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  McAccountEditor *self = MC_ACCOUNT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ACCOUNTS: g_set_object (&self->accounts, g_value_get_object (value)); break;
    case PROP_ACCOUNT:  g_set_object (&self->account, g_value_get_object (value)); break;
    default:            G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_account_editor_dispose (GObject *object)
{
  McAccountEditor *self = MC_ACCOUNT_EDITOR (object);

  g_clear_weak_pointer (&self->focus_before_busy);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_ACCOUNT_EDITOR);
  g_clear_object (&self->accounts);
  g_clear_object (&self->account);
  g_clear_object (&self->saved);
  g_clear_pointer (&self->removed_id, g_free);
  g_clear_pointer (&self->removal_message, g_free);
  g_clear_error (&self->password_error);

  G_OBJECT_CLASS (mc_account_editor_parent_class)->dispose (object);
}

static void
mc_account_editor_class_init (McAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = mc_account_editor_constructed;
  object_class->get_property = mc_account_editor_get_property;
  object_class->set_property = mc_account_editor_set_property;
  object_class->dispose = mc_account_editor_dispose;
  window_class->close_request = mc_account_editor_close_request;

  properties[PROP_ACCOUNTS] = g_param_spec_object ("accounts", NULL, NULL, MC_TYPE_ACCOUNTS,
                                                   construct);
  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, MC_TYPE_ACCOUNT,
                                                  construct);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McAccountEditor::account-saved:
   * @account: the account as the store keeps it, with its id
   *
   * Emitted once the account is saved and the accounts are loaded again.
   */
  signals[ACCOUNT_SAVED] =
    g_signal_new ("account-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_ACCOUNT);

  /**
   * McAccountEditor::account-removed:
   * @id: the id of the deleted account
   * @message: (nullable): what went wrong with its password, or %NULL
   *
   * Emitted once the account is deleted and the accounts are loaded again.
   */
  signals[ACCOUNT_REMOVED] =
    g_signal_new ("account-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mc-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, form_box);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, intro_label);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, error_box);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, email_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, email_message);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, host_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, port_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, port_spin);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, security_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, server_message);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, login_group);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, user_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, McAccountEditor, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, validate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_port_subtitle);
  gtk_widget_class_bind_template_callback (widget_class, port_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_input_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_action);

  /* Escape closes, as in every dialog; Enter in a field saves (see
   * entry_activated_cb). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_account_editor_init (McAccountEditor *self)
{
  g_autoptr(GtkStringList) security_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The names of the settings as the engine and the reports say them. */
  for (guint i = 0; i < G_N_ELEMENTS (security_choices); i++)
    gtk_string_list_append (security_names, mc_security_get_label (security_choices[i]));
  adw_combo_row_set_model (self->security_row, G_LIST_MODEL (security_names));

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
}

/**
 * mc_account_editor_new:
 * @parent: the window it belongs to
 * @accounts: the accounts, whose store saves and which are loaded again after a change
 * @account: (nullable): the account to edit (one of ours) or to copy
 *   (imported or typed in), or %NULL for a new account
 */
McAccountEditor *
mc_account_editor_new (GtkWindow  *parent,
                       McAccounts *accounts,
                       McAccount  *account)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MC_IS_ACCOUNTS (accounts), NULL);
  g_return_val_if_fail (account == NULL || MC_IS_ACCOUNT (account), NULL);

  return g_object_new (MC_TYPE_ACCOUNT_EDITOR,
                       "transient-for", parent,
                       "accounts", accounts,
                       "account", account,
                       NULL);
}

/* The account being edited or copied (after a save that kept the editor
 * open, the saved one), or NULL for a new account. */
McAccount *
mc_account_editor_get_account (McAccountEditor *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_EDITOR (self), NULL);

  return self->account;
}

gboolean
mc_account_editor_get_busy (McAccountEditor *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_EDITOR (self), FALSE);

  return self->busy;
}
