/* mc-account-summary.h: the chosen account on the main page, and the log-in settings for this check.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-account.h"

G_BEGIN_DECLS

#define MC_TYPE_ACCOUNT_SUMMARY (mc_account_summary_get_type ())

G_DECLARE_FINAL_TYPE (McAccountSummary, mc_account_summary, MC, ACCOUNT_SUMMARY, GtkWidget)

GtkWidget      *mc_account_summary_new                (void);
void            mc_account_summary_set_account        (McAccountSummary *self,
                                                       McAccount        *account);
McAccount      *mc_account_summary_get_account        (McAccountSummary *self);
McPasswordState mc_account_summary_get_password_state (McAccountSummary *self);
const char     *mc_account_summary_get_password       (McAccountSummary *self);
void            mc_account_summary_set_password       (McAccountSummary *self,
                                                       const char       *password);
gboolean        mc_account_summary_get_allow_plaintext_auth (McAccountSummary *self);
void            mc_account_summary_set_allow_plaintext_auth (McAccountSummary *self,
                                                             gboolean          allow);
void            mc_account_summary_set_server_error   (McAccountSummary *self,
                                                       gboolean          error);
void            mc_account_summary_refresh_password_state (McAccountSummary *self);

G_END_DECLS
