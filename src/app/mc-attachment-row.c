/* mc-attachment-row.c: one file chosen for the attachment check: its name, its size and a remove button.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row asks the file system for the file's name, size and type by its
 * name only (fast-content-type); it never opens the file. The checkup
 * measures the file itself when it runs.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-attachment-row.h"

struct _McAttachmentRow
{
  AdwActionRow  parent_instance;

  GtkImage     *icon;
  GtkButton    *remove_button;

  GFile        *file;
  GCancellable *cancellable;
  guint64       size;
  gboolean      ready;
};

G_DEFINE_FINAL_TYPE (McAttachmentRow, mc_attachment_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_FILE,
  PROP_READY,
  N_PROPS
};

enum {
  REMOVE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_name (McAttachmentRow *self,
          const char      *name)
{
  /* Translators: the tooltip of the button that takes a file off the list; %s is its name. */
  g_autofree char *remove = g_strdup_printf (_("Remove “%s” from the check"), name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), remove);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
}

static void
set_ready (McAttachmentRow *self)
{
  self->ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
query_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(McAttachmentRow) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;
  const char *type;

  info = g_file_query_info_finish (G_FILE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (info == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      set_ready (self);
      return;
    }

  set_name (self, g_file_info_get_display_name (info));
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                                   _("This is a folder: only files can be attached"));
      gtk_image_set_from_icon_name (self->icon, "folder-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      set_ready (self);
      return;
    }

  self->size = (guint64) MAX (g_file_info_get_size (info), 0);
  size = g_format_size (self->size);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), size);

  type = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_STANDARD_FAST_CONTENT_TYPE);
  if (type != NULL)
    {
      g_autoptr(GIcon) icon = g_content_type_get_symbolic_icon (type);

      gtk_image_set_from_gicon (self->icon, icon);
    }
  set_ready (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE_REQUESTED], 0);
}

static void
mc_attachment_row_constructed (GObject *object)
{
  McAttachmentRow *self = MC_ATTACHMENT_ROW (object);
  g_autofree char *basename = NULL;

  G_OBJECT_CLASS (mc_attachment_row_parent_class)->constructed (object);

  g_assert (G_IS_FILE (self->file));

  /* The name from the path at once; the display name and the size follow. */
  basename = g_file_get_basename (self->file);
  set_name (self, basename != NULL ? basename : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _("Reading the size…"));

  self->cancellable = g_cancellable_new ();
  g_file_query_info_async (self->file,
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                           G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_FAST_CONTENT_TYPE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                           query_cb, g_object_ref (self));
}

static void
mc_attachment_row_dispose (GObject *object)
{
  McAttachmentRow *self = MC_ATTACHMENT_ROW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_ATTACHMENT_ROW);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_attachment_row_parent_class)->dispose (object);
}

static void
mc_attachment_row_finalize (GObject *object)
{
  McAttachmentRow *self = MC_ATTACHMENT_ROW (object);

  g_clear_object (&self->file);

  G_OBJECT_CLASS (mc_attachment_row_parent_class)->finalize (object);
}

static void
mc_attachment_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  McAttachmentRow *self = MC_ATTACHMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_attachment_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  McAttachmentRow *self = MC_ATTACHMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_attachment_row_class_init (McAttachmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mc_attachment_row_constructed;
  object_class->dispose = mc_attachment_row_dispose;
  object_class->finalize = mc_attachment_row_finalize;
  object_class->get_property = mc_attachment_row_get_property;
  object_class->set_property = mc_attachment_row_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McAttachmentRow::remove-requested:
   *
   * The person asked to take the file off the list.
   */
  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mc-attachment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, McAttachmentRow, icon);
  gtk_widget_class_bind_template_child (widget_class, McAttachmentRow, remove_button);

  gtk_widget_class_install_action (widget_class, "row.remove", NULL, remove_action);
}

static void
mc_attachment_row_init (McAttachmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mc_attachment_row_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (MC_TYPE_ATTACHMENT_ROW, "file", file, NULL);
}

GFile *
mc_attachment_row_get_file (McAttachmentRow *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT_ROW (self), NULL);

  return self->file;
}

guint64
mc_attachment_row_get_size (McAttachmentRow *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT_ROW (self), 0);

  return self->size;
}

gboolean
mc_attachment_row_get_ready (McAttachmentRow *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT_ROW (self), FALSE);

  return self->ready;
}
