/* mc-account-store.h: Mail Checkup's own accounts, in $XDG_CONFIG_HOME/mail-checkup/accounts.ini.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A key file, one group per account ("[account ID]": email, display-name,
 * host, port, security, user, copied-from). Every change takes an advisory
 * lock on accounts.ini.lock, reads the file again, changes it, and writes it
 * atomically (a temporary file renamed over it), so a crash leaves the old
 * or the new file and a second instance never loses the first's change.
 * A damaged file is never overwritten: it is reported, and changes refuse
 * with a message, until the person moves it away. The passwords are not
 * here: they are in the Secret Service (mc-secrets.h).
 */
#pragma once

#include <gio/gio.h>

#include "mc-account.h"

G_BEGIN_DECLS

#define MC_TYPE_ACCOUNT_STORE (mc_account_store_get_type ())

G_DECLARE_FINAL_TYPE (McAccountStore, mc_account_store, MC, ACCOUNT_STORE, GObject)

/* path NULL: $XDG_CONFIG_HOME/mail-checkup/accounts.ini. */
McAccountStore *mc_account_store_new      (const char      *path);
const char     *mc_account_store_get_path (McAccountStore  *self);

/* Blocking (call from a worker thread, or use the async forms): the
 * accounts (source "mail-checkup", id "mail-checkup:N", password source
 * the Secret Service item of that id), with problems for what could not be
 * read. A missing file is an empty store. */
GPtrArray      *mc_account_store_load     (McAccountStore  *self,
                                           GPtrArray       *problems,
                                           GError         **error);
/* Adds the account (a new id when it has none, or when it is not one of
 * ours, e.g. a corrected copy of an imported account) or replaces the one
 * with its id. Returns the stored account, with its id. */
McAccount      *mc_account_store_save     (McAccountStore  *self,
                                           McAccount       *account,
                                           GError         **error);
gboolean        mc_account_store_remove   (McAccountStore  *self,
                                           const char      *id,
                                           GError         **error);

void            mc_account_store_save_async    (McAccountStore      *self,
                                                McAccount           *account,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
McAccount      *mc_account_store_save_finish   (McAccountStore      *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void            mc_account_store_remove_async  (McAccountStore      *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        mc_account_store_remove_finish (McAccountStore      *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
