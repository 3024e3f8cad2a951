/* mc-account-editor.h: the window that adds, changes, copies and deletes an account of our own store.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-accounts.h"

G_BEGIN_DECLS

#define MC_TYPE_ACCOUNT_EDITOR (mc_account_editor_get_type ())

G_DECLARE_FINAL_TYPE (McAccountEditor, mc_account_editor, MC, ACCOUNT_EDITOR, AdwWindow)

McAccountEditor *mc_account_editor_new         (GtkWindow       *parent,
                                                McAccounts      *accounts,
                                                McAccount       *account);
McAccount       *mc_account_editor_get_account (McAccountEditor *self);
gboolean         mc_account_editor_get_busy    (McAccountEditor *self);

G_END_DECLS
