/* mc-cli-accounts.h: the “accounts” command of mail-checkup-cli.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int mc_cli_accounts (int    argc,
                     char **argv);

G_END_DECLS
