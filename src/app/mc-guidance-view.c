/* mc-guidance-view.c: one guidance entry as a person reads it: meaning, causes, steps, who can help, see also.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same parts, in the same order and with the same style classes, as a
 * finding row's expansion (mc-finding-row.c): a heading, what it means,
 * then numbered steps with the number in its own column. It adds the
 * likely causes and the "See also" entries, which a person reading about an
 * error message, rather than a check, needs to find their way.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-guidance.h"
#include "mc-guidance-view.h"

struct _McGuidanceView
{
  GtkBox          parent_instance;

  GtkLabel       *title_label;
  GtkLabel       *meaning_label;
  GtkLabel       *causes_heading;
  GtkBox         *causes_box;
  GtkLabel       *steps_heading;
  GtkBox         *steps_box;
  GtkLabel       *contact_label;
  GtkLinkButton  *link_button;
  GtkLabel       *related_heading;
  GtkBox         *related_box;

  char           *guidance;
};

G_DEFINE_FINAL_TYPE (McGuidanceView, mc_guidance_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_GUIDANCE,
  N_PROPS
};

enum {
  RELATED_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* gettext maps "" to the catalogue's header: never pass it an empty string. */
static const char *
translate (const char *text)
{
  return (text != NULL && *text != '\0') ? _(text) : NULL;
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* One item of a list: its mark ("1.", "•") in its own column, so that an
 * item that wraps stays clear of it. */
static GtkWidget *
make_item (const char *mark,
           const char *text,
           const char *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *mark_label = gtk_label_new (mark);
  GtkWidget *text_label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (mark_label), 1.0);
  gtk_label_set_yalign (GTK_LABEL (mark_label), 0.0);
  gtk_label_set_width_chars (GTK_LABEL (mark_label), 2);
  gtk_widget_set_valign (mark_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (mark_label, "numeric");
  gtk_widget_add_css_class (mark_label, "step-number");

  gtk_label_set_xalign (GTK_LABEL (text_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (text_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text_label), TRUE);
  gtk_widget_set_hexpand (text_label, TRUE);

  gtk_box_append (GTK_BOX (box), mark_label);
  gtk_box_append (GTK_BOX (box), text_label);
  gtk_widget_add_css_class (box, css_class);
  return box;
}

static void
related_clicked_cb (GtkButton      *button,
                    McGuidanceView *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "guidance-id");

  g_signal_emit (self, signals[RELATED_ACTIVATED], 0, id);
}

/* A "See also" entry: a flat button with the entry's title, which asks
 * whoever shows this view to show that entry. */
static GtkWidget *
make_related (McGuidanceView   *self,
              const McGuidance *related)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (translate (related->title));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", "go-next-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), icon);

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "related-button");
  gtk_widget_set_halign (button, GTK_ALIGN_FILL);
  g_object_set_data_full (G_OBJECT (button), "guidance-id", g_strdup (related->id), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (related_clicked_cb), self, 0);
  return button;
}

gboolean
mc_guidance_view_set_guidance (McGuidanceView *self,
                               const char     *id)
{
  const McGuidance *guidance;
  const char *contact;
  guint n_causes = 0, n_steps = 0, n_related = 0;

  g_return_val_if_fail (MC_IS_GUIDANCE_VIEW (self), FALSE);

  if (g_strcmp0 (self->guidance, id) != 0)
    {
      g_free (self->guidance);
      self->guidance = g_strdup (id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUIDANCE]);
    }

  clear_box (self->causes_box);
  clear_box (self->steps_box);
  clear_box (self->related_box);

  guidance = mc_guidance_lookup (id);
  gtk_widget_set_visible (GTK_WIDGET (self), guidance != NULL);
  if (guidance == NULL)
    return FALSE;

  set_label (self->title_label, translate (guidance->title));
  set_label (self->meaning_label, translate (guidance->meaning));

  for (guint i = 0; i < MC_GUIDANCE_MAX_CAUSES && translate (guidance->causes[i]) != NULL; i++)
    {
      /* Translators: the mark in front of each item of an unnumbered list. */
      gtk_box_append (self->causes_box, make_item (C_("list", "•"), translate (guidance->causes[i]),
                                                   "cause"));
      n_causes++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->causes_heading), n_causes > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->causes_box), n_causes > 0);

  for (guint i = 0; i < MC_GUIDANCE_MAX_STEPS && translate (guidance->steps[i]) != NULL; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);

      gtk_box_append (self->steps_box, make_item (number, translate (guidance->steps[i]), "step"));
      n_steps++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->steps_heading), n_steps > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_box), n_steps > 0);

  contact = mc_contact_get_label (guidance->contact);
  if (contact != NULL)
    {
      /* The same sentence as in the text report and the finding rows. */
      /* Translators: %s is who can help, such as “Your mail provider”. */
      g_autofree char *text = g_strdup_printf (_("Who can help: %s"), contact);

      set_label (self->contact_label, text);
    }
  else
    set_label (self->contact_label, NULL);

  if (guidance->link != NULL)
    {
      gtk_link_button_set_uri (self->link_button, guidance->link);
      gtk_button_set_label (GTK_BUTTON (self->link_button), guidance->link);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->link_button), guidance->link != NULL);

  for (guint i = 0; i < MC_GUIDANCE_MAX_RELATED && guidance->related[i] != NULL; i++)
    {
      const McGuidance *related = mc_guidance_lookup (guidance->related[i]);

      if (related == NULL)
        continue;
      gtk_box_append (self->related_box, make_related (self, related));
      n_related++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->related_heading), n_related > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->related_box), n_related > 0);
  return TRUE;
}

const char *
mc_guidance_view_get_guidance (McGuidanceView *self)
{
  g_return_val_if_fail (MC_IS_GUIDANCE_VIEW (self), NULL);

  return self->guidance;
}

static void
mc_guidance_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_GUIDANCE_VIEW);

  G_OBJECT_CLASS (mc_guidance_view_parent_class)->dispose (object);
}

static void
mc_guidance_view_finalize (GObject *object)
{
  McGuidanceView *self = MC_GUIDANCE_VIEW (object);

  g_free (self->guidance);

  G_OBJECT_CLASS (mc_guidance_view_parent_class)->finalize (object);
}

static void
mc_guidance_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  McGuidanceView *self = MC_GUIDANCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_GUIDANCE:
      g_value_set_string (value, self->guidance);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_guidance_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  McGuidanceView *self = MC_GUIDANCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_GUIDANCE:
      mc_guidance_view_set_guidance (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_guidance_view_class_init (McGuidanceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_guidance_view_dispose;
  object_class->finalize = mc_guidance_view_finalize;
  object_class->get_property = mc_guidance_view_get_property;
  object_class->set_property = mc_guidance_view_set_property;

  properties[PROP_GUIDANCE] =
    g_param_spec_string ("guidance", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McGuidanceView::related-activated:
   * @id: the guidance id of the entry chosen under "See also"
   */
  signals[RELATED_ACTIVATED] =
    g_signal_new ("related-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mc-guidance-view.ui");
  gtk_widget_class_bind_template_child (widget_class, McGuidanceView, title_label);
  gtk_widget_class_bind_template_child (widget_class, McGuidanceView, meaning_label);
  gtk_widget_class_bind_template_child (widget_class, McGuidanceView, causes_heading);
  gtk_widget_class_bind_template_child (widget_class, McGuidanceView, causes_box);
  gtk_widget_class_bind_template_child (widget_class, McGuidanceView, steps_heading);
  gtk_widget_class_bind_template_child (widget_class, McGuidanceView, steps_box);
  gtk_widget_class_bind_template_child (widget_class, McGuidanceView, contact_label);
  gtk_widget_class_bind_template_child (widget_class, McGuidanceView, link_button);
  gtk_widget_class_bind_template_child (widget_class, McGuidanceView, related_heading);
  gtk_widget_class_bind_template_child (widget_class, McGuidanceView, related_box);
}

static void
mc_guidance_view_init (McGuidanceView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mc_guidance_view_new (void)
{
  return g_object_new (MC_TYPE_GUIDANCE_VIEW, NULL);
}
