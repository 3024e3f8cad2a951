/* mc-cli-explain.h: the “explain” command of mail-checkup-cli.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int mc_cli_explain (int    argc,
                char **argv);

G_END_DECLS
