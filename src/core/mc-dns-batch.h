/* mc-dns-batch.h: many DNS queries at once under one deadline, for the probes (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-probe.h"

G_BEGIN_DECLS

typedef struct _McDnsBatch McDnsBatch;

/* One query's outcome. answer is NULL when no answer came before the
 * deadline (or the run was cancelled); the function may add more queries. */
typedef void (*McDnsBatchFunc)     (McDnsBatch  *batch,
                                    McDnsAnswer *answer,
                                    gpointer     user_data);
/* Every query has ended, follow-ups included. The batch may be freed here. */
typedef void (*McDnsBatchDoneFunc) (McDnsBatch  *batch,
                                    gpointer     user_data);

McDnsBatch *mc_dns_batch_new        (McProbeContext     *ctx,
                                     JsonArray          *queries,
                                     GCancellable       *cancellable,
                                     McDnsBatchDoneFunc  done,
                                     gpointer            user_data);
void        mc_dns_batch_add        (McDnsBatch         *batch,
                                     const char         *name,
                                     McDnsType           type,
                                     McDnsBatchFunc      func,
                                     gpointer            user_data,
                                     GDestroyNotify      destroy);
void        mc_dns_batch_start      (McDnsBatch         *batch);
gboolean    mc_dns_batch_timed_out  (McDnsBatch         *batch);
gboolean    mc_dns_batch_cancelled  (McDnsBatch         *batch);
void        mc_dns_batch_free       (McDnsBatch         *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDnsBatch, mc_dns_batch_free)

/* A McDnsBatchFunc that keeps the answer, or NULL, in *(McDnsAnswer **) user_data. */
void        mc_dns_batch_keep_answer (McDnsBatch        *batch,
                                      McDnsAnswer       *answer,
                                      gpointer           user_data);

/* Shared by the probes that read DNS: a query's outcome as a status, with
 * "no answer in time" as MC_DNS_STATUS_TIMEOUT. */
McDnsStatus mc_dns_batch_status_of  (McDnsAnswer        *answer);
/* The text of a TXT record: its strings joined. */
char       *mc_dns_txt_record_text  (GVariant           *record);
/* Completes a finding as "could not test" after a DNS failure of name
 * (anything but OK, NODATA and NXDOMAIN), with the matching guidance, in
 * both report languages. It may also be called from a McFindingTextFunc
 * (see mc_finding_complete_twice ()). */
void        mc_probe_complete_dns_failure (McFinding      *finding,
                                           McDnsStatus     status,
                                           const char     *name,
                                           guint           timeout_ms);
gboolean    mc_dns_status_is_answer (McDnsStatus       status);
/* An address of a private network (RFC 1918, RFC 6598 shared address
 * space, link-local, RFC 4193 unique local): never seen by receivers, so
 * its reverse DNS and its blocklist entries mean nothing. */
gboolean    mc_probe_address_is_private (GInetAddress   *address);

G_END_DECLS
