/* mc-status-light.h: a status shown as a shape, a colour and a spoken word.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-enums.h"

G_BEGIN_DECLS

#define MC_TYPE_STATUS_LIGHT (mc_status_light_get_type ())

G_DECLARE_FINAL_TYPE (McStatusLight, mc_status_light, MC, STATUS_LIGHT, GtkWidget)

GtkWidget  *mc_status_light_new            (void);
McStatus    mc_status_light_get_status     (McStatusLight *self);
void        mc_status_light_set_status     (McStatusLight *self,
                                            McStatus       status);
const char *mc_status_light_get_title      (McStatusLight *self);
void        mc_status_light_set_title      (McStatusLight *self,
                                            const char    *title);
const char *mc_status_light_get_icon_name  (McStatus       status);

G_END_DECLS
