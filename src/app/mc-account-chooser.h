/* mc-account-chooser.h: the header bar's account button and its list of accounts, grouped by source.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-account.h"

G_BEGIN_DECLS

#define MC_TYPE_ACCOUNT_CHOOSER (mc_account_chooser_get_type ())

G_DECLARE_FINAL_TYPE (McAccountChooser, mc_account_chooser, MC, ACCOUNT_CHOOSER, GtkWidget)

GtkWidget  *mc_account_chooser_new          (void);
void        mc_account_chooser_set_model    (McAccountChooser *self,
                                             GListModel       *model);
GListModel *mc_account_chooser_get_model    (McAccountChooser *self);
void        mc_account_chooser_set_account  (McAccountChooser *self,
                                             McAccount        *account);
McAccount  *mc_account_chooser_get_account  (McAccountChooser *self);
void        mc_account_chooser_set_loading  (McAccountChooser *self,
                                             gboolean          loading);
gboolean    mc_account_chooser_get_loading  (McAccountChooser *self);
void        mc_account_chooser_set_problems (McAccountChooser *self,
                                             GPtrArray        *problems);
void        mc_account_chooser_popup        (McAccountChooser *self);
void        mc_account_chooser_popdown      (McAccountChooser *self);

G_END_DECLS
