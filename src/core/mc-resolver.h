/* mc-resolver.h: a GResolver backed by c-ares and driven by the GLib main loop.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* DNS record types, by their wire values. */
typedef enum
{
  MC_DNS_TYPE_A     = 1,
  MC_DNS_TYPE_NS    = 2,
  MC_DNS_TYPE_CNAME = 5,
  MC_DNS_TYPE_SOA   = 6,
  MC_DNS_TYPE_PTR   = 12,
  MC_DNS_TYPE_MX    = 15,
  MC_DNS_TYPE_TXT   = 16,
  MC_DNS_TYPE_AAAA  = 28,
  MC_DNS_TYPE_SRV   = 33,
} McDnsType;

/* How a query ended. Every value but OK is a complete answer about the name
 * or about the servers; only cancellation is reported as a GError. */
typedef enum
{
  MC_DNS_STATUS_OK,          /* NOERROR with at least one record of the type */
  MC_DNS_STATUS_NODATA,      /* NOERROR, the name exists, no record of the type */
  MC_DNS_STATUS_NXDOMAIN,    /* the name does not exist */
  MC_DNS_STATUS_SERVFAIL,    /* the server failed (often a broken zone or DNSSEC failure) */
  MC_DNS_STATUS_REFUSED,     /* the server refused to answer */
  MC_DNS_STATUS_FORMERR,     /* the server did not understand the query */
  MC_DNS_STATUS_NOTIMP,      /* the server does not implement the query */
  MC_DNS_STATUS_BADRESP,     /* an answer came that could not be parsed */
  MC_DNS_STATUS_TIMEOUT,     /* no server answered in time */
  MC_DNS_STATUS_UNREACHABLE, /* no server could be contacted (refused at once, no route) */
} McDnsStatus;

#define MC_TYPE_DNS_ANSWER (mc_dns_answer_get_type ())

typedef struct _McDnsAnswer McDnsAnswer;

GType         mc_dns_answer_get_type        (void) G_GNUC_CONST;
McDnsAnswer  *mc_dns_answer_ref             (McDnsAnswer *answer);
void          mc_dns_answer_unref           (McDnsAnswer *answer);
const char   *mc_dns_answer_get_name        (McDnsAnswer *answer);
McDnsType     mc_dns_answer_get_query_type  (McDnsAnswer *answer);
McDnsStatus   mc_dns_answer_get_status      (McDnsAnswer *answer);
int           mc_dns_answer_get_rcode       (McDnsAnswer *answer);
gboolean      mc_dns_answer_get_authenticated (McDnsAnswer *answer);
gboolean      mc_dns_answer_get_from_hosts_file (McDnsAnswer *answer);
gint64        mc_dns_answer_get_elapsed_us  (McDnsAnswer *answer);
GPtrArray    *mc_dns_answer_get_addresses   (McDnsAnswer *answer);
GPtrArray    *mc_dns_answer_get_records     (McDnsAnswer *answer);

/* FALSE, with the error a GResolver reports, unless the answer is OK. */
gboolean      mc_dns_answer_check           (McDnsAnswer  *answer,
                                             GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDnsAnswer, mc_dns_answer_unref)

const char   *mc_dns_status_to_string       (McDnsStatus status);
const char   *mc_dns_type_to_string         (McDnsType type);
const char   *mc_dns_rcode_to_string        (int rcode);

#define MC_TYPE_RESOLVER (mc_resolver_get_type ())

G_DECLARE_FINAL_TYPE (McResolver, mc_resolver, MC, RESOLVER, GResolver)

McResolver   *mc_resolver_new               (void);
gboolean      mc_resolver_set_servers       (McResolver          *self,
                                             const char * const  *servers,
                                             GError             **error);
char        **mc_resolver_dup_servers       (McResolver          *self);
void          mc_resolver_set_query_timeout (McResolver          *self,
                                             guint                timeout_ms,
                                             guint                tries);
void          mc_resolver_set_use_hosts_file (McResolver         *self,
                                             gboolean             use_hosts_file);
gboolean      mc_resolver_get_use_hosts_file (McResolver         *self);
void          mc_resolver_query_async       (McResolver          *self,
                                             const char          *name,
                                             McDnsType            type,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
McDnsAnswer  *mc_resolver_query_finish      (McResolver          *self,
                                             GAsyncResult        *result,
                                             GError             **error);
McDnsAnswer  *mc_resolver_query             (McResolver          *self,
                                             const char          *name,
                                             McDnsType            type,
                                             GCancellable        *cancellable,
                                             GError             **error);
void          mc_resolver_lookup_host_async (McResolver         *self,
                                             const char          *name,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
McDnsAnswer  *mc_resolver_lookup_host_finish (McResolver        *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* The PTR name of an address (in-addr.arpa or ip6.arpa), or the name to
 * ask a DNS blocklist zone about it when zone is given. */
char         *mc_dns_reverse_name           (GInetAddress       *address,
                                             const char         *zone);
gboolean      mc_parse_server_address       (const char          *text,
                                             char               **host_out,
                                             guint16             *port_out,
                                             GError             **error);

G_END_DECLS
