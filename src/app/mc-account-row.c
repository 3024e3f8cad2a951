/* mc-account-row.c: one account in the account chooser: its address, its server and a password hint.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hint asks the Secret Service whether the password is there (never
 * for the password itself) once, when the row is made. The row is made
 * again whenever the accounts are loaded again, so the hint stays current.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-account-row.h"
#include "mc-secrets.h"

struct _McAccountRow
{
  GtkListBoxRow    parent_instance;

  GtkLabel        *title_label;
  GtkLabel        *detail_label;
  GtkLabel        *hint_label;
  GtkImage        *check_image;

  McAccount       *account;
  GCancellable    *cancellable;
  McPasswordState  state;
  gboolean         current;
  gboolean         disposed;
};

G_DEFINE_FINAL_TYPE (McAccountRow, mc_account_row, GTK_TYPE_LIST_BOX_ROW)

/* A few words for the list; the window's summary has the whole sentence. */
static const char *
password_hint (McAccount       *account,
               McPasswordState  state)
{
  if (account != NULL && state == MC_PASSWORD_STATE_UNREADABLE &&
      mc_account_get_password_source (account) == MC_PASSWORD_SOURCE_OAUTH2)
    /* Translators: the account signs in on the provider's web page (OAuth 2.0). */
    return C_("password hint", "Web sign-in");

  switch (state)
    {
    case MC_PASSWORD_STATE_AVAILABLE:
      return C_("password hint", "Password saved");
    case MC_PASSWORD_STATE_NOT_NEEDED:
      return C_("password hint", "No log-in");
    case MC_PASSWORD_STATE_LOCKED:
      return C_("password hint", "Keyring locked");
    case MC_PASSWORD_STATE_MISSING:
      return C_("password hint", "No password saved");
    case MC_PASSWORD_STATE_NO_SERVICE:
      return C_("password hint", "No keyring running");
    case MC_PASSWORD_STATE_UNREADABLE:
      return C_("password hint", "Password kept by your mail program");
    case MC_PASSWORD_STATE_UNKNOWN:
    default:
      return NULL;
    }
}

const char *
mc_account_row_get_title_for (McAccount *account)
{
  const char *text;

  g_return_val_if_fail (MC_IS_ACCOUNT (account), "");

  text = mc_account_get_display_name (account);
  if (text != NULL && *text != '\0')
    return text;
  text = mc_account_get_email (account);
  if (text != NULL && *text != '\0')
    return text;
  text = mc_account_get_host (account);
  if (text != NULL && *text != '\0')
    return text;
  return _("Account without an address");
}

static void
update_accessible (McAccountRow *self)
{
  const char *detail = gtk_label_get_text (self->detail_label);
  const char *hint = password_hint (self->account, self->state);
  g_autofree char *description = NULL;

  description = hint != NULL ? g_strdup_printf ("%s, %s", detail, hint) : g_strdup (detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (self->title_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self),
                               GTK_ACCESSIBLE_STATE_SELECTED, self->current,
                               -1);
}

static void
set_state (McAccountRow    *self,
           McPasswordState  state)
{
  const char *hint = password_hint (self->account, state);

  self->state = state;
  gtk_label_set_label (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
  /* The hint is short; its tooltip is the sentence the summary shows. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hint_label),
                               hint == NULL ? NULL
                               : self->account != NULL ? mc_account_get_password_label (self->account, state)
                               : mc_password_state_get_label (state));
  update_accessible (self);
}

static void
get_state_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McAccountRow) self = user_data;
  McPasswordState state = mc_secrets_get_state_finish (MC_ACCOUNT (source), result);

  if (self->disposed)
    return;
  set_state (self, state);
}

static void
mc_account_row_dispose (GObject *object)
{
  McAccountRow *self = MC_ACCOUNT_ROW (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_ACCOUNT_ROW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (mc_account_row_parent_class)->dispose (object);
}

static void
mc_account_row_class_init (McAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_account_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/mc-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, McAccountRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, McAccountRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, McAccountRow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, McAccountRow, check_image);
}

static void
mc_account_row_init (McAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
mc_account_row_new (McAccount *account)
{
  McAccountRow *self;
  const char *title;
  const char *email;
  const char *host;
  g_autofree char *server = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (MC_IS_ACCOUNT (account), NULL);

  self = g_object_new (MC_TYPE_ACCOUNT_ROW, NULL);
  self->account = g_object_ref (account);

  title = mc_account_row_get_title_for (account);
  email = mc_account_get_email (account);
  host = mc_account_get_host (account);

  if (host != NULL && *host != '\0')
    server = g_strdup_printf ("%s:%u", host, (guint) mc_account_get_effective_port (account));
  else
    server = g_strdup (_("No sending server"));

  /* The address goes on the second line when the first shows a name. */
  if (email != NULL && *email != '\0' && g_strcmp0 (title, email) != 0)
    /* Translators: an email address, then its server, on one line of the account list. */
    detail = g_strdup_printf (_("%s — %s"), email, server);
  else
    detail = g_steal_pointer (&server);

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), email);
  set_state (self, MC_PASSWORD_STATE_UNKNOWN);

  /* A typed-in account has nothing stored anywhere to ask about. */
  if (g_strcmp0 (mc_account_get_source (account), "manual") != 0)
    mc_secrets_get_state_async (account, self->cancellable, get_state_cb, g_object_ref (self));

  return GTK_WIDGET (self);
}

McAccount *
mc_account_row_get_account (McAccountRow *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_ROW (self), NULL);

  return self->account;
}

gboolean
mc_account_row_get_current (McAccountRow *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_ROW (self), FALSE);

  return self->current;
}

/* The current account has a check mark (and is "selected" for screen
 * readers), the way a radio menu item shows its choice. */
void
mc_account_row_set_current (McAccountRow *self,
                            gboolean      current)
{
  g_return_if_fail (MC_IS_ACCOUNT_ROW (self));

  current = !!current;
  if (self->current == current)
    return;

  self->current = current;
  gtk_widget_set_opacity (GTK_WIDGET (self->check_image), current ? 1.0 : 0.0);
  update_accessible (self);
}

/* The short hint shown, or NULL while the state is not known. */
const char *
mc_account_row_get_password_hint (McAccountRow *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_ROW (self), NULL);

  return password_hint (self->account, self->state);
}
