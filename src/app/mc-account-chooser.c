/* mc-account-chooser.c: the header bar's account button and its list of accounts, grouped by source.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkDropDown has no sections in GTK 4.8, so the list is a GtkListBox
 * bound to the accounts, with a header above the first account of each
 * source. Choosing an account only emits ::account-activated: the window
 * decides what the current account is, and nothing runs until the person
 * asks for a check.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mc-account-chooser.h"
#include "mc-account-row.h"
#include "mc-account-source.h"

struct _McAccountChooser
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkMenuButton  *button;
  GtkSpinner     *spinner;
  GtkLabel       *label;
  GtkPopover     *popover;
  GtkListBox     *list_box;
  GtkLabel       *empty_label;
  GtkSeparator   *problems_separator;
  GtkExpander    *problems_expander;
  GtkBox         *problems_box;

  GListModel     *model;
  McAccount      *account;
  gboolean        loading;
};

G_DEFINE_FINAL_TYPE (McAccountChooser, mc_account_chooser, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_ACCOUNT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACCOUNT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_button (McAccountChooser *self)
{
  g_autofree char *accessible = NULL;
  const char *text;

  if (self->account != NULL)
    text = mc_account_row_get_title_for (self->account);
  else if (self->loading)
    text = _("Loading accounts…");
  else
    text = _("No account");

  gtk_label_set_label (self->label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->loading && self->account == NULL);
  gtk_spinner_set_spinning (self->spinner, self->loading && self->account == NULL);

  /* Translators: what a screen reader says for the account button; %s is
   * the account's name or address. */
  accessible = g_strdup_printf (_("Account: %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
update_empty (McAccountChooser *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self->list_box), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  gtk_label_set_label (self->empty_label,
                       self->loading ? _("Looking for your mail accounts…")
                                     : _("No mail accounts were found on this computer."));
}

static void
update_current (McAccountChooser *self)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, i);

      if (row == NULL)
        break;
      mc_account_row_set_current (MC_ACCOUNT_ROW (row),
                                  mc_account_row_get_account (MC_ACCOUNT_ROW (row)) == self->account);
    }
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  McAccountChooser *self = user_data;
  GtkWidget *row = mc_account_row_new (MC_ACCOUNT (item));

  mc_account_row_set_current (MC_ACCOUNT_ROW (row), item == (gpointer) self->account);
  return row;
}

/* A heading with the source's name above the first account of each source. */
static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const char *source = mc_account_get_source (mc_account_row_get_account (MC_ACCOUNT_ROW (row)));
  GtkWidget *header;

  if (before != NULL &&
      g_strcmp0 (source, mc_account_get_source (mc_account_row_get_account (MC_ACCOUNT_ROW (before)))) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_list_box_row_get_header (row);
  if (!GTK_IS_LABEL (header))
    {
      header = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (header, "account-source-header");
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_add_css_class (header, "dim-label");
      gtk_list_box_row_set_header (row, header);
    }
  if (before != NULL)
    gtk_widget_add_css_class (header, "separated");
  else
    gtk_widget_remove_css_class (header, "separated");
  gtk_label_set_label (GTK_LABEL (header), mc_account_source_get_label (source));
}

static void
row_activated_cb (McAccountChooser *self,
                  GtkListBoxRow    *row)
{
  g_autoptr(McAccount) account = g_object_ref (mc_account_row_get_account (MC_ACCOUNT_ROW (row)));

  gtk_popover_popdown (self->popover);
  g_signal_emit (self, signals[ACCOUNT_ACTIVATED], 0, account);
}

/* Opened, the list starts at the current account, with the keyboard focus
 * on it, so that the arrow keys move from there. */
static void
popover_map_cb (McAccountChooser *self)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, i);

      if (row == NULL)
        break;
      if (mc_account_row_get_current (MC_ACCOUNT_ROW (row)))
        {
          gtk_widget_grab_focus (GTK_WIDGET (row));
          break;
        }
    }
}

static void
model_changed_cb (McAccountChooser *self)
{
  update_empty (self);
}

static void
mc_account_chooser_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  McAccountChooser *self = MC_ACCOUNT_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_MODEL:   g_value_set_object (value, self->model); break;
    case PROP_ACCOUNT: g_value_set_object (value, self->account); break;
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    default:           G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_account_chooser_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  McAccountChooser *self = MC_ACCOUNT_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_MODEL:   mc_account_chooser_set_model (self, g_value_get_object (value)); break;
    case PROP_ACCOUNT: mc_account_chooser_set_account (self, g_value_get_object (value)); break;
    case PROP_LOADING: mc_account_chooser_set_loading (self, g_value_get_boolean (value)); break;
    default:           G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_account_chooser_dispose (GObject *object)
{
  McAccountChooser *self = MC_ACCOUNT_CHOOSER (object);
  GtkWidget *child;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_ACCOUNT_CHOOSER);
  /* What the template put in and no template child names goes too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (mc_account_chooser_parent_class)->dispose (object);
}

static void
mc_account_chooser_class_init (McAccountChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = mc_account_chooser_get_property;
  object_class->set_property = mc_account_chooser_set_property;
  object_class->dispose = mc_account_chooser_dispose;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, MC_TYPE_ACCOUNT, flags);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McAccountChooser::account-activated:
   * @account: the account the person chose
   *
   * Emitted when the person chooses an account in the list.
   */
  signals[ACCOUNT_ACTIVATED] =
    g_signal_new ("account-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_ACCOUNT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mc-account-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, McAccountChooser, button);
  gtk_widget_class_bind_template_child (widget_class, McAccountChooser, spinner);
  gtk_widget_class_bind_template_child (widget_class, McAccountChooser, label);
  gtk_widget_class_bind_template_child (widget_class, McAccountChooser, popover);
  gtk_widget_class_bind_template_child (widget_class, McAccountChooser, list_box);
  gtk_widget_class_bind_template_child (widget_class, McAccountChooser, empty_label);
  gtk_widget_class_bind_template_child (widget_class, McAccountChooser, problems_separator);
  gtk_widget_class_bind_template_child (widget_class, McAccountChooser, problems_expander);
  gtk_widget_class_bind_template_child (widget_class, McAccountChooser, problems_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_map_cb);
}

static void
mc_account_chooser_init (McAccountChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list_box, header_func, NULL, NULL);
  update_button (self);
  update_empty (self);
}

GtkWidget *
mc_account_chooser_new (void)
{
  return g_object_new (MC_TYPE_ACCOUNT_CHOOSER, NULL);
}

/**
 * mc_account_chooser_set_model:
 * @model: (nullable): McAccount items, those of one source next to each other
 */
void
mc_account_chooser_set_model (McAccountChooser *self,
                              GListModel       *model)
{
  g_return_if_fail (MC_IS_ACCOUNT_CHOOSER (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (self->model != NULL)
    g_signal_connect_object (self->model, "items-changed",
                             G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->list_box, self->model, create_row, self, NULL);
  update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
mc_account_chooser_get_model (McAccountChooser *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_CHOOSER (self), NULL);

  return self->model;
}

/**
 * mc_account_chooser_set_account:
 * @account: (nullable): the current account, shown on the button and checked in the list
 */
void
mc_account_chooser_set_account (McAccountChooser *self,
                                McAccount        *account)
{
  g_return_if_fail (MC_IS_ACCOUNT_CHOOSER (self));
  g_return_if_fail (account == NULL || MC_IS_ACCOUNT (account));

  if (!g_set_object (&self->account, account))
    return;

  update_button (self);
  update_current (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

McAccount *
mc_account_chooser_get_account (McAccountChooser *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_CHOOSER (self), NULL);

  return self->account;
}

/**
 * mc_account_chooser_set_loading:
 *
 * While the accounts load, the button says so (with a spinner) unless an
 * account is already chosen.
 */
void
mc_account_chooser_set_loading (McAccountChooser *self,
                                gboolean          loading)
{
  g_return_if_fail (MC_IS_ACCOUNT_CHOOSER (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  update_button (self);
  update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
mc_account_chooser_get_loading (McAccountChooser *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_CHOOSER (self), FALSE);

  return self->loading;
}

/**
 * mc_account_chooser_set_problems:
 * @problems: (nullable) (element-type McAccountProblem): what could not be read
 *
 * Shows, folded below the list, how many settings files could not be
 * read; unfolded, each message and its file.
 */
void
mc_account_chooser_set_problems (McAccountChooser *self,
                                 GPtrArray        *problems)
{
  GtkWidget *child;
  guint n = problems != NULL ? problems->len : 0;
  g_autofree char *title = NULL;

  g_return_if_fail (MC_IS_ACCOUNT_CHOOSER (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_box))) != NULL)
    gtk_box_remove (self->problems_box, child);

  gtk_widget_set_visible (GTK_WIDGET (self->problems_separator), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_expander), n > 0);
  if (n == 0)
    return;

  /* Translators: below the list of accounts; it unfolds to the messages. */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u settings file could not be read",
                                        "%u settings files could not be read", n), n);
  gtk_expander_set_label (self->problems_expander, title);

  for (guint i = 0; i < n; i++)
    {
      McAccountProblem *problem = problems->pdata[i];
      GtkWidget *message = gtk_label_new (problem->message);

      gtk_label_set_wrap (GTK_LABEL (message), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (message), 44);
      gtk_label_set_xalign (GTK_LABEL (message), 0);
      gtk_label_set_selectable (GTK_LABEL (message), TRUE);
      gtk_widget_add_css_class (message, "caption");
      gtk_box_append (self->problems_box, message);

      /* The path, unless the message names it already. */
      if (problem->path != NULL && strstr (problem->message, problem->path) == NULL)
        {
          GtkWidget *path = gtk_label_new (problem->path);

          gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_START);
          gtk_label_set_max_width_chars (GTK_LABEL (path), 44);
          gtk_label_set_xalign (GTK_LABEL (path), 0);
          gtk_widget_set_tooltip_text (path, problem->path);
          gtk_widget_add_css_class (path, "caption");
          gtk_widget_add_css_class (path, "dim-label");
          gtk_box_append (self->problems_box, path);
        }
    }
}

void
mc_account_chooser_popup (McAccountChooser *self)
{
  g_return_if_fail (MC_IS_ACCOUNT_CHOOSER (self));

  gtk_menu_button_popup (self->button);
}

void
mc_account_chooser_popdown (McAccountChooser *self)
{
  g_return_if_fail (MC_IS_ACCOUNT_CHOOSER (self));

  gtk_menu_button_popdown (self->button);
}
