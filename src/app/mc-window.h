/* mc-window.h: the main window: the account chooser, the chosen account, the Check button and the findings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-account.h"
#include "mc-accounts.h"
#include "mc-application.h"
#include "mc-checkup.h"
#include "mc-resolver.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())

G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

McWindow   *mc_window_new          (McApplication *app);
void        mc_window_set_resolver (McWindow      *self,
                                    McResolver    *resolver);
void        mc_window_set_account  (McWindow      *self,
                                    McAccount     *account);
void        mc_window_select_account (McWindow    *self,
                                      const char  *id);
McAccount  *mc_window_get_current_account (McWindow *self);
McAccounts *mc_window_get_accounts (McWindow      *self);
gboolean    mc_window_get_loading  (McWindow      *self);
void        mc_window_set_timeout  (McWindow      *self,
                                    guint          seconds);
void        mc_window_set_password (McWindow      *self,
                                    const char    *password);
gboolean    mc_window_set_ca_file  (McWindow      *self,
                                    const char    *path,
                                    GError       **error);
void        mc_window_set_allow_plaintext_auth (McWindow *self,
                                                gboolean  allow);
void        mc_window_run          (McWindow      *self);
McCheckup  *mc_window_get_checkup  (McWindow      *self);

void        mc_window_set_recipient       (McWindow    *self,
                                           const char  *recipient);
void        mc_window_set_dkim_selector   (McWindow    *self,
                                           const char  *selector);
void        mc_window_set_blocklists_file (McWindow    *self,
                                           const char  *path);
void        mc_window_add_attachments     (McWindow    *self,
                                           GPtrArray   *files);
GListModel *mc_window_get_attachments     (McWindow    *self);
GtkWindow  *mc_window_get_explain_window  (McWindow    *self);

G_END_DECLS
