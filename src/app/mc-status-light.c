/* mc-status-light.c: a status shown as a shape, a colour and a spoken word.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The light never relies on colour alone: every status has its own shape
 * (a check mark in a disc, an exclamation mark in a triangle, a cross in a
 * disc, a question mark in a diamond, a dash, an empty ring, a spinner), a
 * colour from the style sheet and, for screen readers, the same word that
 * the rows show next to it, after the title of what it is the light of.
 *
 * The size comes from the style sheet: the rows' lights are small, the
 * style class "large" is the 40 px light and "huge" the 64 px light of the
 * verdict banner.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-enum-types.h"
#include "mc-status-light.h"

struct _McStatusLight
{
  GtkWidget   parent_instance;

  GtkSpinner *spinner;
  GtkImage   *image;

  McStatus    status;
  char       *title;
};

G_DEFINE_FINAL_TYPE (McStatusLight, mc_status_light, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every icon here ships with the Adwaita icon theme of GNOME 43. */
const char *
mc_status_light_get_icon_name (McStatus status)
{
  switch (status)
    {
    case MC_STATUS_OK:      return "object-select-symbolic";
    case MC_STATUS_INFO:    return "dialog-information-symbolic";
    case MC_STATUS_WARN:    return "dialog-warning-symbolic";
    case MC_STATUS_FAIL:    return "window-close-symbolic";
    case MC_STATUS_ERROR:   return "dialog-question-symbolic";
    case MC_STATUS_SKIPPED: return "list-remove-symbolic";
    /* Waiting is an empty ring drawn by the style sheet, running a spinner. */
    case MC_STATUS_PENDING:
    case MC_STATUS_RUNNING:
    default:                return NULL;
    }
}

/* What a screen reader says: "Log-in: Problem", or only the status word
 * when the light has no title of its own (its neighbour names it). */
static void
update_label (McStatusLight *self)
{
  const char *word = mc_status_get_label (self->status);
  g_autofree char *label = NULL;

  if (self->title != NULL && *self->title != '\0')
    /* Translators: the spoken name of a status light: the title of a check
     * (%1$s, such as “Log-in”), then its status word (%2$s, such as “Problem”). */
    label = g_strdup_printf (_("%1$s: %2$s"), self->title, word);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label ? label : word,
                                  -1);
}

static void
update (McStatusLight *self)
{
  static const McStatus all[] = {
    MC_STATUS_PENDING, MC_STATUS_RUNNING, MC_STATUS_OK, MC_STATUS_INFO,
    MC_STATUS_WARN, MC_STATUS_FAIL, MC_STATUS_ERROR, MC_STATUS_SKIPPED,
  };
  gboolean running = self->status == MC_STATUS_RUNNING;

  /* The style classes are the stable status tokens: "ok", "warn", "fail", … */
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), mc_status_to_string (all[i]));
  gtk_widget_add_css_class (GTK_WIDGET (self), mc_status_to_string (self->status));

  gtk_image_set_from_icon_name (self->image, mc_status_light_get_icon_name (self->status));
  gtk_widget_set_visible (GTK_WIDGET (self->image), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);

  update_label (self);
}

static void
mc_status_light_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_STATUS_LIGHT);

  G_OBJECT_CLASS (mc_status_light_parent_class)->dispose (object);
}

static void
mc_status_light_finalize (GObject *object)
{
  McStatusLight *self = MC_STATUS_LIGHT (object);

  g_free (self->title);

  G_OBJECT_CLASS (mc_status_light_parent_class)->finalize (object);
}

static void
mc_status_light_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McStatusLight *self = MC_STATUS_LIGHT (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_status_light_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  McStatusLight *self = MC_STATUS_LIGHT (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      mc_status_light_set_status (self, g_value_get_enum (value));
      break;

    case PROP_TITLE:
      mc_status_light_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_status_light_class_init (McStatusLightClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_status_light_dispose;
  object_class->finalize = mc_status_light_finalize;
  object_class->get_property = mc_status_light_get_property;
  object_class->set_property = mc_status_light_set_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, MC_TYPE_STATUS, MC_STATUS_PENDING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * McStatusLight:title:
   *
   * What this is the light of (a check's title), spoken before the status
   * word; %NULL when a label next to the light already says it.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mc-status-light.ui");
  gtk_widget_class_bind_template_child (widget_class, McStatusLight, spinner);
  gtk_widget_class_bind_template_child (widget_class, McStatusLight, image);

  gtk_widget_class_set_css_name (widget_class, "statuslight");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mc_status_light_init (McStatusLight *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->status = MC_STATUS_PENDING;
  update (self);
}

GtkWidget *
mc_status_light_new (void)
{
  return g_object_new (MC_TYPE_STATUS_LIGHT, NULL);
}

McStatus
mc_status_light_get_status (McStatusLight *self)
{
  g_return_val_if_fail (MC_IS_STATUS_LIGHT (self), MC_STATUS_PENDING);

  return self->status;
}

void
mc_status_light_set_status (McStatusLight *self,
                            McStatus       status)
{
  g_return_if_fail (MC_IS_STATUS_LIGHT (self));

  if (self->status == status)
    return;

  self->status = status;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char *
mc_status_light_get_title (McStatusLight *self)
{
  g_return_val_if_fail (MC_IS_STATUS_LIGHT (self), NULL);

  return self->title;
}

void
mc_status_light_set_title (McStatusLight *self,
                           const char    *title)
{
  g_return_if_fail (MC_IS_STATUS_LIGHT (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  update_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}
