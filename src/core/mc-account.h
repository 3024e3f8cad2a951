/* mc-account.h: one outgoing mail account: address, server, port, security, user name.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-enums.h"

G_BEGIN_DECLS

#define MC_TYPE_ACCOUNT (mc_account_get_type ())

G_DECLARE_FINAL_TYPE (McAccount, mc_account, MC, ACCOUNT, GObject)

McAccount  *mc_account_new              (void);
const char *mc_account_get_id           (McAccount   *self);
void        mc_account_set_id           (McAccount   *self,
                                         const char  *id);
const char *mc_account_get_display_name (McAccount   *self);
void        mc_account_set_display_name (McAccount   *self,
                                         const char  *display_name);
const char *mc_account_get_email        (McAccount   *self);
void        mc_account_set_email        (McAccount   *self,
                                         const char  *email);
const char *mc_account_get_host         (McAccount   *self);
void        mc_account_set_host         (McAccount   *self,
                                         const char  *host);
guint16     mc_account_get_port         (McAccount   *self);
void        mc_account_set_port         (McAccount   *self,
                                         guint16      port);
McSecurity  mc_account_get_security     (McAccount   *self);
void        mc_account_set_security     (McAccount   *self,
                                         McSecurity   security);
const char *mc_account_get_user         (McAccount   *self);
void        mc_account_set_user         (McAccount   *self,
                                         const char  *user);
const char *mc_account_get_source       (McAccount   *self);
void        mc_account_set_source       (McAccount   *self,
                                         const char  *source);
char       *mc_account_dup_domain       (McAccount   *self);
guint16     mc_account_get_effective_port (McAccount *self);
gboolean    mc_account_validate         (McAccount   *self,
                                         GError     **error);
McAccount  *mc_account_copy             (McAccount   *self);

G_END_DECLS
