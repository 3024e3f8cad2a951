/* mc-spf-lookup.h: the DNS look-ups that the SPF evaluator makes, behind an interface.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-resolver.h"

G_BEGIN_DECLS

/* How a look-up ended, in the terms RFC 7208 reasons in: an answer with
 * records, an empty answer, a name that does not exist, or anything else
 * (time-out, SERVFAIL, an unusable answer), which is a "temperror". */
typedef enum
{
  MC_SPF_LOOKUP_OK,
  MC_SPF_LOOKUP_NODATA,
  MC_SPF_LOOKUP_NXDOMAIN,
  MC_SPF_LOOKUP_TEMPERROR,
} McSpfLookupStatus;

/* One answer. Only the array of the queried type is filled:
 *  - TXT: @txt, one GBytes per record, its strings joined without a separator;
 *  - A and AAAA: @addresses (GInetAddress);
 *  - MX: @names, the exchanges in order of preference;
 *  - PTR: @names. */
typedef struct
{
  McSpfLookupStatus status;
  char             *error;      /* with TEMPERROR: what went wrong, e.g. "timeout" */
  GPtrArray        *txt;
  GPtrArray        *addresses;
  GPtrArray        *names;
} McSpfAnswer;

McSpfAnswer *mc_spf_answer_new  (McSpfLookupStatus status);
void         mc_spf_answer_free (McSpfAnswer      *answer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSpfAnswer, mc_spf_answer_free)

#define MC_TYPE_SPF_LOOKUP (mc_spf_lookup_get_type ())

G_DECLARE_INTERFACE (McSpfLookup, mc_spf_lookup, MC, SPF_LOOKUP, GObject)

/* query_finish returns NULL with an error only when the look-up was
 * cancelled; every DNS outcome is an answer. */
struct _McSpfLookupInterface
{
  GTypeInterface parent_iface;

  void         (*query_async)  (McSpfLookup         *self,
                                const char          *name,
                                McDnsType            type,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  McSpfAnswer *(*query_finish) (McSpfLookup         *self,
                                GAsyncResult        *result,
                                GError             **error);
};

void         mc_spf_lookup_query_async  (McSpfLookup         *self,
                                         const char          *name,
                                         McDnsType            type,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
McSpfAnswer *mc_spf_lookup_query_finish (McSpfLookup         *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* The look-ups through McResolver, as the application makes them. Answers
 * are kept for the adapter's life, and a question asked while the same one
 * is on its way waits for that answer: several evaluations of one policy
 * (one per server address) then cost the DNS queries of one. The
 * "answered" signal (McDnsAnswer) tells of each query's answer as it
 * arrives. */
#define MC_TYPE_SPF_RESOLVER_LOOKUP (mc_spf_resolver_lookup_get_type ())

G_DECLARE_FINAL_TYPE (McSpfResolverLookup, mc_spf_resolver_lookup, MC, SPF_RESOLVER_LOOKUP, GObject)

McSpfResolverLookup *mc_spf_resolver_lookup_new         (McResolver          *resolver);
GPtrArray           *mc_spf_resolver_lookup_get_answers (McSpfResolverLookup *self);

G_END_DECLS
