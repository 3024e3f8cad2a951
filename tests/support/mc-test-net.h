/* mc-test-net.h: loopback ports, listeners and child processes for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-checkup.h"

G_BEGIN_DECLS

guint16   mc_test_pick_port         (GSocketType    type,
                                     GError       **error);
gboolean  mc_test_wait_tcp          (const char    *host,
                                     guint16        port,
                                     guint          timeout_ms,
                                     GError       **error);
void      mc_test_iterate_until     (gboolean      *done,
                                     guint          timeout_ms);
char     *mc_test_make_tmpdir       (void);
char     *mc_test_make_home         (void);
void      mc_test_rm_rf             (const char    *path);

/* A TCP port on 127.0.0.1 that accepts connections and closes them at once:
 * an "open" port for the port probe. */
typedef struct _McTestListener McTestListener;

McTestListener *mc_test_listener_new      (GError         **error);
McTestListener *mc_test_listener_new_on_port (guint16        port,
                                           GError         **error);
guint16         mc_test_listener_get_port (McTestListener  *listener);
guint           mc_test_listener_get_accepted (McTestListener *listener);
void            mc_test_listener_free     (McTestListener  *listener);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestListener, mc_test_listener_free)

/* For tests in a network namespace of their own (tests/netns-run.sh). */
gboolean        mc_test_in_netns          (void);
void            mc_test_spawn_checked     (const char * const *argv,
                                           const char         *input);
void            mc_test_set_firewall      (const char     *output_rules);

/* Runs a checkup to its end (bounded) and returns its report; a run that
 * ends in an error fails the test. */
McReport       *mc_test_run_checkup       (McCheckup      *checkup,
                                           guint           timeout_ms);

G_END_DECLS
