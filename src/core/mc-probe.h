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
#include "mc-secrets.h"

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
  char         *password;            /* NULL: none given or found; wiped when freed */
  gboolean      password_given;      /* typed in or on standard input, not looked up */
  /* Why the account's stored password could not be had (MC_SECRETS_ERROR),
   * or NULL: the log-in verdict says so instead of "no password given". */
  GError       *password_problem;
  GTlsDatabase *extra_ca;            /* trusted besides the system's, or NULL */
  gboolean      allow_plaintext_auth;
  char         *recipient;           /* an address to check the domain of, or NULL */
  char         *dkim_selector;       /* the account's DKIM selector, or NULL */
  char         *blocklists_file;     /* a blocklist list instead of the built-in one, or NULL */
  GPtrArray    *attachments;         /* GFile: files to measure for message.attachment, or NULL */
  guint64       attachment_bytes;    /* an attachment of this many bytes, or 0 for none */

  /* Set when the run starts: the sender's domain (the part of the address
   * after "@", in ASCII) and the recipient's, or NULL; and the monotonic
   * time of the start, which evidence timings are relative to. */
  char         *domain;
  char         *recipient_domain;
  gint64        started_us;

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

void       mc_probe_add_query_evidence   (McProbeContext *ctx,
                                          JsonArray      *queries,
                                          McDnsAnswer    *answer);
JsonArray *mc_probe_add_queries_evidence (McFinding      *finding);
/* A fixed sentence (an N_() msgid) in both report languages. */
void       mc_probe_complete_text        (McFinding      *finding,
                                          McStatus        status,
                                          const char     *guidance,
                                          const char     *msgid);
gboolean   mc_probe_return_if_no_domain  (McProbeContext *ctx,
                                          GTask          *task);
gboolean   mc_probe_return_if_no_recipient (McProbeContext *ctx,
                                            GTask          *task);
gboolean   mc_probe_return_if_no_attachment (McProbeContext *ctx,
                                             GTask          *task);
char      *mc_addresses_text             (GPtrArray      *addresses);
void       mc_probe_wait_finding_async   (McFinding           *finding,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean   mc_probe_wait_finding_finish  (McFinding           *finding,
                                          GAsyncResult        *result,
                                          GError             **error);
char      *mc_probe_domain_of_address    (const char          *address);

/* A probe fills in its finding (mc_finding_complete, from a function given
 * to mc_finding_complete_twice so that it reads in both report languages)
 * and then returns TRUE through a GTask; an error from the task
 * (cancellation, or a bug) is turned into an "error" result by the checkup. */
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
void mc_probe_domain_mx      (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_domain_spf     (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_domain_dkim    (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_domain_dmarc   (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_domain_ptr     (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_domain_blocklist (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_domain_mta_sts (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_message_attachment (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_recipient_domain (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
void mc_probe_recipient_provider (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);

void mc_probe_add_dns_evidence (McFinding   *finding,
                                McDnsAnswer *answer);

G_END_DECLS
