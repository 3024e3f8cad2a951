/* mc-probe.h: what a probe gets from the checkup, and what it gives back (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-account.h"
#include "mc-finding.h"
#include "mc-port-map.h"
#include "mc-report.h"
#include "mc-resolver.h"

G_BEGIN_DECLS

/* Shared by every probe of one checkup run. Probes read the configuration and
 * the facts that earlier probes learnt; a probe writes only its own facts,
 * and only before it completes, so the probes that need it see them. */
typedef struct
{
  McAccount    *account;
  McResolver   *resolver;
  McPortMap     port_map;
  guint         timeout_ms;
  char         *password;            /* NULL: none given; wiped when freed */
  GTlsDatabase *extra_ca;            /* trusted besides the system's, or NULL */
  gboolean      allow_plaintext_auth;

  /* The checkup, for the findings a probe fills besides its own. */
  gpointer      checkup;
  McFinding  *(*lookup_finding) (gpointer    checkup,
                                 const char *id);

  /* server.address: every address of the SMTP host (GInetAddress). */
  GPtrArray    *server_addresses;
  /* server.ports: some address accepted a TCP connection on some mail port. */
  gboolean      server_reached;
  /* server.greeting: this computer's public address as the server saw it,
   * from its EHLO reply, or NULL. */
  char         *client_ip;
} McProbeContext;

McFinding *mc_probe_context_get_finding  (McProbeContext *ctx,
                                          const char     *id);
void       mc_probe_context_reset_facts  (McProbeContext *ctx);
void       mc_probe_context_clear        (McProbeContext *ctx);
void       mc_password_free              (char           *password);

/* A probe fills in its finding (mc_finding_complete) and then returns TRUE
 * through a GTask; an error from the task (cancellation, or a bug) is turned
 * into an "error" result by the checkup. */
typedef void (*McProbeFunc) (McProbeContext      *ctx,
                             McFinding           *finding,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);

void mc_probe_network_link   (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_network_dns    (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_server_address (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_server_ports   (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_smtp           (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);

void mc_probe_add_dns_evidence (McFinding   *finding,
                                McDnsAnswer *answer);

G_END_DECLS
