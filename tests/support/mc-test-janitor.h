/* mc-test-janitor.h: removes a fixture's folder and ends its servers when the test program dies first.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A shell that waits on a pipe from the test program. If the program goes
 * (a failed assertion aborts it, or it is killed) before dismissing the
 * janitor, the janitor sends SIGTERM, then SIGKILL, to every process group
 * listed in the folder's "groups" file (one number a line), then removes the
 * folder. Start it from the thread that will stop the fixture. */
typedef struct _McTestJanitor McTestJanitor;

McTestJanitor *mc_test_janitor_new           (const char     *dir,
                                              GError        **error);
/* Where a server started for the fixture writes its process group. */
const char    *mc_test_janitor_get_groups_file (McTestJanitor  *janitor);
/* Processes launcher starts get a session (process group) of their own,
 * written into the groups file, and SIGTERM when the test program dies:
 * one signal then reaches all of a server's helpers. */
void           mc_test_janitor_watch_launcher (McTestJanitor       *janitor,
                                               GSubprocessLauncher *launcher);
/* All is clean: the janitor leaves without touching anything. */
void           mc_test_janitor_dismiss       (McTestJanitor  *janitor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestJanitor, mc_test_janitor_dismiss)

G_END_DECLS
