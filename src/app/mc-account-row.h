/* mc-account-row.h: one account in the account chooser: its address, its server and a password hint.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-account.h"

G_BEGIN_DECLS

#define MC_TYPE_ACCOUNT_ROW (mc_account_row_get_type ())

G_DECLARE_FINAL_TYPE (McAccountRow, mc_account_row, MC, ACCOUNT_ROW, GtkListBoxRow)

GtkWidget  *mc_account_row_new          (McAccount    *account);
McAccount  *mc_account_row_get_account  (McAccountRow *self);
gboolean    mc_account_row_get_current  (McAccountRow *self);
void        mc_account_row_set_current  (McAccountRow *self,
                                         gboolean      current);
const char *mc_account_row_get_password_hint (McAccountRow *self);

/* The name people know an account by: its name, else its address, else
 * its server. Never NULL. */
const char *mc_account_row_get_title_for (McAccount *account);

G_END_DECLS
