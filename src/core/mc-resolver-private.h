/* mc-resolver-private.h: what mc-resolver.c and mc-dns-answer.c share.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-resolver.h"

G_BEGIN_DECLS

struct _McDnsAnswer
{
  char        *name;
  McDnsType    type;
  McDnsStatus  status;
  int          rcode;           /* -1 when no answer arrived */
  gboolean     authenticated;
  gboolean     from_hosts_file;
  gboolean     merged;          /* A and AAAA answers merged by a host look-up */
  gint64       elapsed_us;
  GPtrArray   *addresses;       /* GInetAddress, never NULL */
  GPtrArray   *records;         /* GVariant, never NULL */
};

McDnsAnswer *mc_dns_answer_new            (const char    *name,
                                           McDnsType      type);
McDnsAnswer *mc_dns_answer_new_from_reply (const char    *name,
                                           McDnsType      type,
                                           int            ares_status,
                                           const guint8  *abuf,
                                           int            alen,
                                           gint64         elapsed_us,
                                           GError       **error);
McDnsAnswer *mc_dns_answer_merge          (McDnsAnswer   *v6,
                                           McDnsAnswer   *v4);

G_END_DECLS
