/* mc-test-dns.h: a real DNS server (nsd) and a silent one on loopback, for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _McTestDns McTestDns;

McTestDns       *mc_test_dns_start              (GError          **error);
const char      *mc_test_dns_get_server         (McTestDns        *dns);
guint16          mc_test_dns_get_port           (McTestDns        *dns);
void             mc_test_dns_stop               (McTestDns        *dns);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestDns, mc_test_dns_stop)

/* A "server" that never answers: UDP and TCP sockets bound on a free
 * loopback port that never reply (TCP connections wait in the backlog). */
typedef struct _McTestSilentDns McTestSilentDns;

McTestSilentDns *mc_test_silent_dns_new         (GError          **error);
const char      *mc_test_silent_dns_get_server  (McTestSilentDns  *silent);
void             mc_test_silent_dns_free        (McTestSilentDns  *silent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestSilentDns, mc_test_silent_dns_free)

G_END_DECLS
