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
/* Where the account came from: "mail-checkup" (our own store, editable),
 * "evolution", "thunderbird", "msmtp", "geary", "git", "command-line",
 * "manual"; and the file it was read from, or NULL. */
const char *mc_account_get_source_file  (McAccount   *self);
void        mc_account_set_source_file  (McAccount   *self,
                                         const char  *path);
gboolean    mc_account_is_editable      (McAccount   *self);
/* The source's name for people: "Evolution", "git send-email", … */
const char *mc_account_source_get_label (const char  *source);

/* Where the password is kept (never the password itself). */
McPasswordSource mc_account_get_password_source (McAccount *self);
void        mc_account_set_password_source (McAccount        *self,
                                            McPasswordSource  source);
/* One translated sentence on the password for people: the state's label
 * (mc_password_state_get_label), made precise by the password source. */
const char *mc_account_get_password_label (McAccount       *self,
                                           McPasswordState  state);
/* MC_PASSWORD_SOURCE_SECRET_SERVICE: the item's schema name and attributes
 * (string to string). Setting them also sets that password source. The
 * schema name is matched loosely (SECRET_SCHEMA_DONT_MATCH_NAME) when
 * flags say so, for items that other tools stored under a generic schema. */
const char *mc_account_get_secret_schema     (McAccount   *self);
GHashTable *mc_account_get_secret_attributes (McAccount   *self);
gboolean    mc_account_get_secret_match_any_schema (McAccount *self);
void        mc_account_set_secret       (McAccount   *self,
                                         const char  *schema,
                                         GHashTable  *attributes,
                                         gboolean     match_any_schema);
/* MC_PASSWORD_SOURCE_CONFIG_FILE: the file and the source's key for the
 * entry holding it (msmtp: the account name; git: the config key). The file
 * is read again when the password is needed. Setting them also sets that
 * password source. */
const char *mc_account_get_password_file (McAccount  *self);
const char *mc_account_get_password_key  (McAccount  *self);
void        mc_account_set_password_file (McAccount  *self,
                                          const char *path,
                                          const char *key);

char       *mc_account_dup_domain       (McAccount   *self);
guint16     mc_account_get_effective_port (McAccount *self);
gboolean    mc_account_validate         (McAccount   *self,
                                         GError     **error);
gboolean    mc_account_validate_server  (McAccount   *self,
                                         GError     **error);
gboolean    mc_account_email_is_valid   (const char  *email);
McAccount  *mc_account_copy             (McAccount   *self);

G_END_DECLS
