/* mc-cli.h: the terminal interface of Mail Checkup.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, as DESIGN.md fixes them. */
#define MC_EXIT_OK      0
#define MC_EXIT_PROBLEM 1
#define MC_EXIT_USAGE   2

int mc_cli_main (int    argc,
                 char **argv);

G_END_DECLS
