/* mc-finding-row.c: one finding of a checkup as a row that updates while its probe runs.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row shows the light, the finding's title, its one-line summary and the
 * status word; expanding it shows the technical evidence, which a person can
 * select and copy for their support desk.
 */
#include "config.h"

#include "mc-finding-row.h"

struct _McFindingRow
{
  AdwExpanderRow  parent_instance;

  McStatusLight  *light;
  GtkLabel       *status_label;
  GtkLabel       *details_label;

  McFinding      *finding;
};

G_DEFINE_FINAL_TYPE (McFindingRow, mc_finding_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_FINDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_status (McFindingRow *self)
{
  McStatus status = mc_finding_get_status (self->finding);

  mc_status_light_set_status (self->light, status);
  gtk_label_set_label (self->status_label, mc_status_get_label (status));
}

static void
update_summary (McFindingRow *self)
{
  const char *summary = mc_finding_get_summary (self->finding);

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), summary ? summary : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary ? summary : "",
                                  -1);
}

static void
update_details (McFindingRow *self)
{
  const char *details = mc_finding_get_details (self->finding);
  gboolean has_details = details != NULL && *details != '\0';
  g_autofree char *trimmed = has_details ? g_strchomp (g_strdup (details)) : NULL;

  gtk_label_set_label (self->details_label, trimmed ? trimmed : "");

  /* AdwExpanderRow expands itself whenever expansion is enabled; keep the
   * row as the person left it and only allow expanding when there is
   * something to show. */
  if (has_details != adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self)))
    {
      gboolean expanded = adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self));

      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), has_details);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), has_details && expanded);
    }
}

static void
mc_finding_row_constructed (GObject *object)
{
  McFindingRow *self = MC_FINDING_ROW (object);

  G_OBJECT_CLASS (mc_finding_row_parent_class)->constructed (object);

  g_assert (MC_IS_FINDING (self->finding));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), mc_finding_get_title (self->finding));

  g_signal_connect_object (self->finding, "notify::status",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->finding, "notify::summary",
                           G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->finding, "notify::details",
                           G_CALLBACK (update_details), self, G_CONNECT_SWAPPED);

  update_status (self);
  update_summary (self);
  update_details (self);
}

static void
mc_finding_row_dispose (GObject *object)
{
  McFindingRow *self = MC_FINDING_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_FINDING_ROW);
  g_clear_object (&self->finding);

  G_OBJECT_CLASS (mc_finding_row_parent_class)->dispose (object);
}

static void
mc_finding_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  McFindingRow *self = MC_FINDING_ROW (object);

  switch (prop_id)
    {
    case PROP_FINDING:
      g_value_set_object (value, self->finding);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_finding_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  McFindingRow *self = MC_FINDING_ROW (object);

  switch (prop_id)
    {
    case PROP_FINDING:
      self->finding = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_finding_row_class_init (McFindingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mc_finding_row_constructed;
  object_class->dispose = mc_finding_row_dispose;
  object_class->get_property = mc_finding_row_get_property;
  object_class->set_property = mc_finding_row_set_property;

  properties[PROP_FINDING] =
    g_param_spec_object ("finding", NULL, NULL, MC_TYPE_FINDING,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MC_TYPE_STATUS_LIGHT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mc-finding-row.ui");
  gtk_widget_class_bind_template_child (widget_class, McFindingRow, light);
  gtk_widget_class_bind_template_child (widget_class, McFindingRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, McFindingRow, details_label);
}

static void
mc_finding_row_init (McFindingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mc_finding_row_new (McFinding *finding)
{
  g_return_val_if_fail (MC_IS_FINDING (finding), NULL);

  return g_object_new (MC_TYPE_FINDING_ROW, "finding", finding, NULL);
}

McFinding *
mc_finding_row_get_finding (McFindingRow *self)
{
  g_return_val_if_fail (MC_IS_FINDING_ROW (self), NULL);

  return self->finding;
}

McStatusLight *
mc_finding_row_get_light (McFindingRow *self)
{
  g_return_val_if_fail (MC_IS_FINDING_ROW (self), NULL);

  return self->light;
}
