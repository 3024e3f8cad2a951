/* mc-verdict-banner.c: the top of the dashboard: the big light, the verdict, what to do, and the report buttons.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The banner is what a person reads first and what support sees in a
 * screenshot: a 64 px light (shape and colour), the verdict in a few words,
 * one sentence naming the root cause and what to do, then the account and
 * the time of the check with the version. While a check runs it shows how
 * many checks are still running, a progress bar and a Cancel button; once a
 * check has finished, the Copy Report button (with the other report actions
 * in its menu), so that nobody has to look for it in the main menu.
 *
 * The window decides what to say; the banner only shows it. Screen readers
 * get the verdict as the banner's name and the sentence as its description.
 * GTK 4.8 has no way to announce a change, so a person finds the verdict by
 * moving to the banner, which comes first in the dashboard.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-verdict-banner.h"

struct _McVerdictBanner
{
  GtkWidget       parent_instance;

  GtkWidget      *content;
  McStatusLight  *light;
  GtkLabel       *title_label;
  GtkLabel       *sentence_label;
  GtkWidget      *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  GtkLabel       *account_label;
  GtkLabel       *when_label;
  GtkWidget      *button_box;
  GtkWidget      *copy_button;
  GtkWidget      *cancel_button;

  gboolean        running;
  gboolean        has_report;
};

G_DEFINE_FINAL_TYPE (McVerdictBanner, mc_verdict_banner, GTK_TYPE_WIDGET)

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update_buttons (McVerdictBanner *self)
{
  gtk_widget_set_visible (self->cancel_button, self->running);
  gtk_widget_set_visible (self->copy_button, self->has_report && !self->running);
  gtk_widget_set_visible (self->button_box, self->running || self->has_report);
}

static void
mc_verdict_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_VERDICT_BANNER);

  G_OBJECT_CLASS (mc_verdict_banner_parent_class)->dispose (object);
}

static void
mc_verdict_banner_class_init (McVerdictBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_verdict_banner_dispose;

  g_type_ensure (MC_TYPE_STATUS_LIGHT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mc-verdict-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, content);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, light);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, progress_box);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, progress_label);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, account_label);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, when_label);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, button_box);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, copy_button);
  gtk_widget_class_bind_template_child (widget_class, McVerdictBanner, cancel_button);

  gtk_widget_class_set_css_name (widget_class, "verdictbanner");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* A status: advisory information about the checkup, read as a whole. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
mc_verdict_banner_init (McVerdictBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The split button's arrow only has a tooltip: give it a name too, so
   * that a screen reader says what it opens. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->copy_button);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_MENU_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        adw_split_button_get_dropdown_tooltip (ADW_SPLIT_BUTTON (self->copy_button)),
                                        -1);
    }
}

GtkWidget *
mc_verdict_banner_new (void)
{
  return g_object_new (MC_TYPE_VERDICT_BANNER, NULL);
}

void
mc_verdict_banner_set_verdict (McVerdictBanner *self,
                               McStatus         light,
                               const char      *title,
                               const char      *sentence)
{
  g_return_if_fail (MC_IS_VERDICT_BANNER (self));

  mc_status_light_set_status (self->light, light);
  set_label (self->title_label, title);
  set_label (self->sentence_label, sentence);

  /* The style class of the status tints the card ("verdict-fail", …). */
  for (McStatus s = MC_STATUS_PENDING; s <= MC_STATUS_SKIPPED; s++)
    {
      g_autofree char *css_class = g_strconcat ("verdict-", mc_status_to_string (s), NULL);

      if (s == light)
        gtk_widget_add_css_class (GTK_WIDGET (self), css_class);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), css_class);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence ? sentence : "",
                                  -1);
}

void
mc_verdict_banner_set_details (McVerdictBanner *self,
                               const char      *account,
                               const char      *when)
{
  g_return_if_fail (MC_IS_VERDICT_BANNER (self));

  set_label (self->account_label, account);
  set_label (self->when_label, when);
}

void
mc_verdict_banner_set_progress (McVerdictBanner *self,
                                guint            n_done,
                                guint            n_total)
{
  g_return_if_fail (MC_IS_VERDICT_BANNER (self));

  self->running = n_total > 0;
  gtk_widget_set_visible (self->progress_box, self->running);
  if (self->running)
    {
      guint n_left = n_total - MIN (n_done, n_total);
      g_autofree char *text =
        /* Translators: shown while checking: %1$u checks of %2$u have not
         * finished yet. */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u of %2$u check still running",
                                      "%1$u of %2$u checks still running", n_total),
                         n_left, n_total);

      gtk_progress_bar_set_fraction (self->progress_bar, (double) (n_total - n_left) / n_total);
      gtk_label_set_label (self->progress_label, text);
    }
  else
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_label_set_label (self->progress_label, "");
    }
  update_buttons (self);
}

void
mc_verdict_banner_set_has_report (McVerdictBanner *self,
                                  gboolean         has_report)
{
  g_return_if_fail (MC_IS_VERDICT_BANNER (self));

  self->has_report = !!has_report;
  update_buttons (self);
}

McStatusLight *
mc_verdict_banner_get_light (McVerdictBanner *self)
{
  g_return_val_if_fail (MC_IS_VERDICT_BANNER (self), NULL);

  return self->light;
}

const char *
mc_verdict_banner_get_title (McVerdictBanner *self)
{
  g_return_val_if_fail (MC_IS_VERDICT_BANNER (self), NULL);

  return gtk_label_get_label (self->title_label);
}

const char *
mc_verdict_banner_get_sentence (McVerdictBanner *self)
{
  g_return_val_if_fail (MC_IS_VERDICT_BANNER (self), NULL);

  return gtk_label_get_label (self->sentence_label);
}

const char *
mc_verdict_banner_get_account (McVerdictBanner *self)
{
  g_return_val_if_fail (MC_IS_VERDICT_BANNER (self), NULL);

  return gtk_label_get_label (self->account_label);
}

const char *
mc_verdict_banner_get_when (McVerdictBanner *self)
{
  g_return_val_if_fail (MC_IS_VERDICT_BANNER (self), NULL);

  return gtk_label_get_label (self->when_label);
}

const char *
mc_verdict_banner_get_progress_text (McVerdictBanner *self)
{
  g_return_val_if_fail (MC_IS_VERDICT_BANNER (self), NULL);

  return self->running ? gtk_label_get_label (self->progress_label) : NULL;
}

double
mc_verdict_banner_get_fraction (McVerdictBanner *self)
{
  g_return_val_if_fail (MC_IS_VERDICT_BANNER (self), 0.0);

  return gtk_progress_bar_get_fraction (self->progress_bar);
}

GtkWidget *
mc_verdict_banner_get_copy_button (McVerdictBanner *self)
{
  g_return_val_if_fail (MC_IS_VERDICT_BANNER (self), NULL);

  return self->copy_button;
}

GtkWidget *
mc_verdict_banner_get_cancel_button (McVerdictBanner *self)
{
  g_return_val_if_fail (MC_IS_VERDICT_BANNER (self), NULL);

  return self->cancel_button;
}
