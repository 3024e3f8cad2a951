/* mc-accounts.h: every account found on this computer: our own, and those of other mail programs.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-account.h"
#include "mc-account-source.h"
#include "mc-account-store.h"

G_BEGIN_DECLS

#define MC_TYPE_ACCOUNTS (mc_accounts_get_type ())

G_DECLARE_FINAL_TYPE (McAccounts, mc_accounts, MC, ACCOUNTS, GObject)

/* Reads HOME and XDG_CONFIG_HOME when loading starts. */
McAccounts     *mc_accounts_new          (void);

/* Loads every source in a worker thread (our store first, then Evolution,
 * Thunderbird, Geary, msmtp, git), replacing what was loaded before. Fails
 * only when cancelled: unreadable sources become problems. */
void            mc_accounts_load_async   (McAccounts          *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean        mc_accounts_load_finish  (McAccounts          *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* McAccount items, in source order (as above), then as each source lists them. */
GListModel     *mc_accounts_get_model    (McAccounts          *self);
/* McAccountProblem items of the last load. */
GPtrArray      *mc_accounts_get_problems (McAccounts          *self);
McAccount      *mc_accounts_lookup       (McAccounts          *self,
                                          const char          *id);
McAccountStore *mc_accounts_get_store    (McAccounts          *self);

G_END_DECLS
