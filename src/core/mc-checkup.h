/* mc-checkup.h: plans and runs every probe for one account, concurrently.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-account.h"
#include "mc-finding.h"
#include "mc-report.h"
#include "mc-resolver.h"

G_BEGIN_DECLS

#define MC_CHECKUP_DEFAULT_TIMEOUT 10

#define MC_TYPE_CHECKUP (mc_checkup_get_type ())

G_DECLARE_FINAL_TYPE (McCheckup, mc_checkup, MC, CHECKUP, GObject)

McCheckup  *mc_checkup_new              (McAccount           *account,
                                         McResolver          *resolver);
McAccount  *mc_checkup_get_account      (McCheckup           *self);
McResolver *mc_checkup_get_resolver     (McCheckup           *self);
GListModel *mc_checkup_get_findings     (McCheckup           *self);
McFinding  *mc_checkup_lookup_finding   (McCheckup           *self,
                                         const char          *id);
guint       mc_checkup_get_timeout      (McCheckup           *self);
void        mc_checkup_set_timeout      (McCheckup           *self,
                                         guint                seconds);
gboolean    mc_checkup_set_port_map     (McCheckup           *self,
                                         const char          *port_map,
                                         GError             **error);
void        mc_checkup_set_password     (McCheckup           *self,
                                         const char          *password);
gboolean    mc_checkup_get_has_password (McCheckup           *self);
gboolean    mc_checkup_set_ca_file      (McCheckup           *self,
                                         const char          *ca_file,
                                         GError             **error);
void        mc_checkup_set_allow_plaintext_auth (McCheckup   *self,
                                         gboolean             allow);
void        mc_checkup_set_recipient    (McCheckup           *self,
                                         const char          *recipient);
void        mc_checkup_set_dkim_selector (McCheckup          *self,
                                         const char          *selector);
void        mc_checkup_set_blocklists_file (McCheckup        *self,
                                         const char          *path);
void        mc_checkup_set_attachments  (McCheckup           *self,
                                         GPtrArray           *files);
void        mc_checkup_set_attachment_bytes (McCheckup       *self,
                                         guint64              bytes);
guint       mc_checkup_get_n_running    (McCheckup           *self);
gboolean    mc_checkup_get_running      (McCheckup           *self);
void        mc_checkup_run_async        (McCheckup           *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
McReport   *mc_checkup_run_finish       (McCheckup           *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
