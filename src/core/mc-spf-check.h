/* mc-spf-check.h: the state of one SPF evaluation, shared by mc-spf.c and mc-spf-mechanism.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-spf-private.h"

G_BEGIN_DECLS

/* One check_host() on the way: a domain, its record and the next term. */
typedef struct _McSpfFrame McSpfFrame;

struct _McSpfFrame
{
  McSpfFrame  *parent;       /* the frame whose "include" this is, or NULL */
  McSpfNode   *base;         /* the node the frame started with */
  McSpfNode   *node;         /* the node of its record (another after a redirect) */
  char        *domain;
  McSpfRecord *record;
  guint        next;         /* the term being evaluated */
  gboolean     redirected;   /* reached through "redirect": "none" is a permerror */
};

typedef struct _McSpfCheck McSpfCheck;

/* What runs when the look-ups of a step have all answered. */
typedef void (*McSpfStep) (McSpfCheck *check);

typedef enum
{
  MC_SPF_VALIDATION_NOT_STARTED,
  MC_SPF_VALIDATION_RUNNING,
  MC_SPF_VALIDATION_DONE,
} McSpfValidation;

struct _McSpfCheck
{
  GTask             *task;       /* not a reference: the task owns the check */
  McSpfLookup       *lookup;
  McSpfEvaluation   *eval;
  gboolean           unlisted;

  /* Macro values. */
  GInetAddress      *ip;
  char              *sender;
  char              *local_part;
  char              *sender_domain;
  char              *helo;
  char              *receiver;
  char              *default_explanation;
  gint64             now;

  McSpfFrame        *frame;
  guint              lookups;
  guint              voids;

  /* The look-ups of one step, asked together. */
  GPtrArray         *batch;       /* McSpfAnswer, NULL until answered */
  GPtrArray         *batch_names; /* char *, for messages */
  McDnsType          batch_type;
  guint              pending;
  GError            *batch_error;
  McSpfStep          batch_done;

  /* The names that PTR gives for ip and that resolve back to it (5.5),
   * for "ptr" and %{p}: found once per evaluation. */
  McSpfValidation    validation;
  McSpfLookupStatus  ptr_status;
  GPtrArray         *ptr_names;
  GPtrArray         *validated;
  McSpfStep          after_validation;

  /* The explanation's text, once the result is fail. */
  GBytes            *exp_text;
};

/* mc-spf.c: look-ups, limits, frames. */
void         mc_spf_check_batch          (McSpfCheck   *check,
                                          GPtrArray    *names,
                                          McDnsType     type,
                                          McSpfStep     done);
void         mc_spf_check_batch_one      (McSpfCheck   *check,
                                          const char   *name,
                                          McDnsType     type,
                                          McSpfStep     done);
McSpfAnswer *mc_spf_check_answer         (McSpfCheck   *check,
                                          guint         index);
McDnsType    mc_spf_check_address_type   (McSpfCheck   *check);
gboolean     mc_spf_answer_is_void       (McSpfAnswer  *answer);
void         mc_spf_check_problem        (McSpfCheck   *check,
                                          McSpfProblem  problem,
                                          const char   *domain,
                                          const char   *format,
                                          ...) G_GNUC_PRINTF (4, 5);
void         mc_spf_check_dns_problem    (McSpfCheck   *check,
                                          McSpfAnswer  *answer,
                                          const char   *name,
                                          McDnsType     type);
gboolean     mc_spf_check_count_lookup   (McSpfCheck   *check,
                                          const char   *term);
gboolean     mc_spf_check_count_void     (McSpfCheck   *check,
                                          const char   *term);
char        *mc_spf_check_target_name    (McSpfCheck   *check,
                                          const char   *domain_spec);
void         mc_spf_check_push_frame     (McSpfCheck   *check,
                                          const char   *domain,
                                          const char   *term);
void         mc_spf_check_finish_frame   (McSpfCheck   *check,
                                          McSpfResult   result,
                                          McSpfTerm    *matched);
void         mc_spf_check_after_terms    (McSpfCheck   *check);

/* mc-spf-mechanism.c: the mechanisms of section 5. */
void         mc_spf_check_terms          (McSpfCheck   *check);
void         mc_spf_check_term_done      (McSpfCheck   *check,
                                          gboolean      matched);
void         mc_spf_check_validate       (McSpfCheck   *check,
                                          McSpfStep     next);

G_END_DECLS
