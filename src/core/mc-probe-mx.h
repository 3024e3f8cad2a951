/* mc-probe-mx.h: a domain's mail servers (MX) with their addresses, for domain.mx and recipient.domain.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-dns-batch.h"

G_BEGIN_DECLS

typedef struct
{
  guint16      preference;
  char        *host;        /* without the final dot */
  GPtrArray   *addresses;   /* GInetAddress: IPv6 then IPv4 */
  McDnsStatus  status;      /* OK when it has an address, else what its look-ups said */
  McDnsStatus  a_status;
  McDnsStatus  aaaa_status;
} McMxHost;

typedef struct
{
  char        *domain;
  McDnsStatus  status;           /* of the MX query; TIMEOUT: no answer in time */
  GPtrArray   *hosts;            /* McMxHost, by preference; null MX records left out */
  gboolean     null_mx;          /* a "0 ." record (RFC 7505) was among the answers */
  GPtrArray   *domain_addresses; /* the domain's own addresses, where mail goes without MX */
  McDnsStatus  domain_status;    /* of those look-ups, merged as for a host */
  McDnsStatus  domain_a_status;
  McDnsStatus  domain_aaaa_status;
} McMxResult;

void        mc_mx_lookup_async     (McProbeContext      *ctx,
                                    const char          *domain,
                                    JsonArray           *queries,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
McMxResult *mc_mx_lookup_finish    (GAsyncResult        *result,
                                    GError             **error);
void        mc_mx_result_free      (McMxResult          *result);
JsonArray  *mc_mx_result_to_json   (McMxResult          *result);
char       *mc_mx_hosts_text       (GPtrArray           *hosts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McMxResult, mc_mx_result_free)

G_END_DECLS
