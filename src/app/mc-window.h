/* mc-window.h: the main window: the account chooser, the verdict, the chosen account, the Check button and the findings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-account.h"
#include "mc-accounts.h"
#include "mc-application.h"
#include "mc-checkup.h"
#include "mc-explain-window.h"
#include "mc-report.h"
#include "mc-resolver.h"
#include "mc-verdict-banner.h"

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
McExplainWindow *mc_window_show_explainer (McWindow   *self);

/* The dashboard and the report of the last check that finished. */
McReport        *mc_window_get_report          (McWindow       *self);
McVerdictBanner *mc_window_get_verdict_banner  (McWindow       *self);
gboolean         mc_window_get_redact          (McWindow       *self);
void             mc_window_set_redact          (McWindow       *self,
                                                gboolean        redact);
const char      *mc_window_get_report_language (McWindow       *self);
void             mc_window_set_report_language (McWindow       *self,
                                                const char     *lang);
char            *mc_window_dup_report_text     (McWindow       *self,
                                                McReportFormat  format);
void             mc_window_save_report_async   (McWindow            *self,
                                                GFile               *file,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean         mc_window_save_report_finish  (McWindow      *self,
                                                GAsyncResult  *result,
                                                GError       **error);

G_END_DECLS
