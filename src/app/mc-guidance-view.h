/* mc-guidance-view.h: one guidance entry as a person reads it: meaning, causes, steps, who can help, see also.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MC_TYPE_GUIDANCE_VIEW (mc_guidance_view_get_type ())

G_DECLARE_FINAL_TYPE (McGuidanceView, mc_guidance_view, MC, GUIDANCE_VIEW, GtkBox)

GtkWidget  *mc_guidance_view_new          (void);
const char *mc_guidance_view_get_guidance (McGuidanceView *self);
/* Shows the catalogue entry with this id; NULL or an unknown id shows
 * nothing. Returns whether there is an entry to show. */
gboolean    mc_guidance_view_set_guidance (McGuidanceView *self,
                                           const char     *id);

G_END_DECLS
