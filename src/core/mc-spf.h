/* mc-spf.h: the SPF check_host() function of RFC 7208, asynchronous, over McSpfLookup.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-spf-lookup.h"

G_BEGIN_DECLS

typedef enum
{
  MC_SPF_RESULT_NONE,
  MC_SPF_RESULT_NEUTRAL,
  MC_SPF_RESULT_PASS,
  MC_SPF_RESULT_FAIL,
  MC_SPF_RESULT_SOFTFAIL,
  MC_SPF_RESULT_TEMPERROR,
  MC_SPF_RESULT_PERMERROR,
} McSpfResult;

/* Why an evaluation ended in none, permerror or temperror. */
typedef enum
{
  MC_SPF_PROBLEM_NONE,
  MC_SPF_PROBLEM_BAD_DOMAIN,        /* none: not a domain name SPF can check */
  MC_SPF_PROBLEM_NO_RECORD,         /* none: no SPF record */
  MC_SPF_PROBLEM_MULTIPLE_RECORDS,  /* permerror: more than one SPF record */
  MC_SPF_PROBLEM_SYNTAX,            /* permerror: a record does not parse */
  MC_SPF_PROBLEM_TOO_MANY_LOOKUPS,  /* permerror: more than 10 terms that query DNS */
  MC_SPF_PROBLEM_TOO_MANY_VOID,     /* permerror: more than 2 look-ups that found nothing */
  MC_SPF_PROBLEM_TOO_MANY_MX,       /* permerror: an "mx" with more than 10 mail servers */
  MC_SPF_PROBLEM_INCLUDE_NONE,      /* permerror: an "include" names a domain without SPF */
  MC_SPF_PROBLEM_REDIRECT_NONE,     /* permerror: a "redirect" names a domain without SPF */
  MC_SPF_PROBLEM_DNS,               /* temperror: a DNS look-up failed */
} McSpfProblem;

/* RFC 7208, section 4.6.4. */
#define MC_SPF_MAX_DNS_LOOKUPS  10
#define MC_SPF_MAX_VOID_LOOKUPS 2
#define MC_SPF_MAX_NAMES        10

const char *mc_spf_result_to_string   (McSpfResult  result);
gboolean    mc_spf_result_from_string (const char  *text,
                                       McSpfResult *result);

/* What to check. @ip may be IPv4-mapped IPv6; it is then IPv4 (RFC 7208, 5). */
typedef struct
{
  GInetAddress *ip;
  const char   *domain;       /* <domain>; NULL: the domain of @sender */
  const char   *sender;       /* MAIL FROM; NULL or "": postmaster@helo */
  const char   *helo;         /* the HELO/EHLO name; NULL: the domain */
  const char   *receiver;     /* the %{r} macro; NULL: "unknown" */
  const char   *default_explanation;  /* a macro-string; NULL: a built-in one */
  /* Evaluate for an address that the policy does not list: no mechanism
   * but "all" (and "include", through the records it names) can match,
   * yet every look-up is made. This is what a receiver computes for a
   * forger's address, and it walks every term up to the first "all":
   * the way to count a policy's look-ups and find its mistakes. */
  gboolean      unlisted;
} McSpfRequest;

/* One record on the way, read-only: the top record, then those the
 * "include" and "redirect" terms named, in evaluation order. */
typedef struct _McSpfNode McSpfNode;

struct _McSpfNode
{
  McSpfNode   *parent;
  char        *domain;
  char        *term;          /* "include:…" or "redirect=…"; NULL at the top */
  char        *record;        /* NULL when none was found */
  guint        lookups;       /* terms of this record that query DNS */
  guint        total_lookups; /* with those of the records below it */
  guint        void_lookups;
  McSpfResult  result;
  GPtrArray   *children;      /* McSpfNode */
};

typedef struct _McSpfEvaluation McSpfEvaluation;

#define MC_TYPE_SPF_EVALUATION (mc_spf_evaluation_get_type ())

GType            mc_spf_evaluation_get_type         (void) G_GNUC_CONST;
McSpfEvaluation *mc_spf_evaluation_ref              (McSpfEvaluation *self);
void             mc_spf_evaluation_unref            (McSpfEvaluation *self);

McSpfResult      mc_spf_evaluation_get_result       (McSpfEvaluation *self);
McSpfProblem     mc_spf_evaluation_get_problem      (McSpfEvaluation *self);
const char      *mc_spf_evaluation_get_problem_text (McSpfEvaluation *self);
const char      *mc_spf_evaluation_get_problem_domain (McSpfEvaluation *self);
const char      *mc_spf_evaluation_get_problem_term (McSpfEvaluation *self);
const char      *mc_spf_evaluation_get_syntax_error (McSpfEvaluation *self);
const char      *mc_spf_evaluation_get_explanation  (McSpfEvaluation *self);
const char      *mc_spf_evaluation_get_domain       (McSpfEvaluation *self);
const char      *mc_spf_evaluation_get_record       (McSpfEvaluation *self);
GPtrArray       *mc_spf_evaluation_get_records      (McSpfEvaluation *self);
guint            mc_spf_evaluation_get_dns_lookups  (McSpfEvaluation *self);
guint            mc_spf_evaluation_get_void_lookups (McSpfEvaluation *self);
const char      *mc_spf_evaluation_get_matched_term (McSpfEvaluation *self);
const char      *mc_spf_evaluation_get_matched_domain (McSpfEvaluation *self);
const char * const *mc_spf_evaluation_get_limit_path (McSpfEvaluation *self);
const McSpfNode *mc_spf_evaluation_get_tree         (McSpfEvaluation *self);
char            *mc_spf_evaluation_describe         (McSpfEvaluation *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSpfEvaluation, mc_spf_evaluation_unref)

void             mc_spf_check_host_async            (McSpfLookup         *lookup,
                                                     const McSpfRequest  *request,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
McSpfEvaluation *mc_spf_check_host_finish           (McSpfLookup         *lookup,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
