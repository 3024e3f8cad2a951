/* mc-blocklists.h: the DNS blocklists to ask, read from data/blocklists.ini or a file of the same format.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_BLOCKLISTS_RESOURCE "/io/github/mailcheckup/MailCheckup/data/blocklists.ini"

/* Answers, as IPv4 addresses in host order: FIRST to LAST. */
typedef struct
{
  guint32 first;
  guint32 last;
} McCodeRange;

/* One list: a group of the file (its keys are explained there). */
typedef struct
{
  char    *id;
  char    *zone;
  char    *name;
  char    *page;
  GArray  *listed;   /* McCodeRange: "listed" */
  GArray  *policy;   /* McCodeRange: listed as an ordinary connection */
  GArray  *refused;  /* McCodeRange: "not answered" (public DNS, rate limit) */
  gboolean ipv6;
} McBlocklist;

GPtrArray *mc_blocklists_load          (const char   *path,
                                        GError      **error);
void       mc_blocklist_free           (McBlocklist  *list);
gboolean   mc_blocklist_parse_code     (const char   *text,
                                        guint32      *out);
gboolean   mc_blocklist_codes_contain  (GArray       *ranges,
                                        guint32       code);

G_END_DECLS
