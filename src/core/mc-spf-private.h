/* mc-spf-private.h: the SPF record parser and macro expander, shared by the evaluator's files.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-spf.h"

G_BEGIN_DECLS

typedef enum
{
  MC_SPF_MECH_ALL,
  MC_SPF_MECH_INCLUDE,
  MC_SPF_MECH_A,
  MC_SPF_MECH_MX,
  MC_SPF_MECH_PTR,
  MC_SPF_MECH_IP4,
  MC_SPF_MECH_IP6,
  MC_SPF_MECH_EXISTS,
} McSpfMechanism;

typedef struct
{
  McSpfMechanism mechanism;
  McSpfResult    result;       /* what a match gives: from the qualifier */
  char          *text;         /* the term as written */
  char          *domain_spec;  /* NULL: the current domain */
  guint          cidr4;        /* a, mx, ip4: prefix length for IPv4 */
  guint          cidr6;        /* a, mx, ip6: prefix length for IPv6 */
  GInetAddress  *network;      /* ip4, ip6 */
} McSpfTerm;

typedef struct
{
  char      *text;
  GPtrArray *terms;      /* McSpfTerm: the mechanisms, in order */
  char      *redirect;   /* domain-spec, or NULL */
  char      *exp;        /* domain-spec, or NULL */
  gboolean   has_all;
  gboolean   uses_p;     /* some domain-spec has the %{p} macro */
} McSpfRecord;

gboolean     mc_spf_record_is_spf   (GBytes      *txt);
McSpfRecord *mc_spf_record_parse    (GBytes      *txt,
                                     GError     **error);
void         mc_spf_record_free     (McSpfRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSpfRecord, mc_spf_record_free)

/* The values the macros of RFC 7208, section 7, expand to. */
typedef struct
{
  const char   *sender;         /* s */
  const char   *local_part;     /* l */
  const char   *sender_domain;  /* o */
  const char   *domain;         /* d */
  GInetAddress *ip;             /* i, c, v (never IPv4-mapped) */
  const char   *validated;      /* p; NULL: "unknown" */
  const char   *helo;           /* h */
  const char   *receiver;       /* r */
  gint64        now;            /* t */
} McSpfMacroVars;

/* Where a macro-string appears: a domain-spec may not use c, r and t;
 * an explanation may, and may hold spaces. */
typedef enum
{
  MC_SPF_MACRO_DOMAIN,
  MC_SPF_MACRO_EXPLANATION,
  MC_SPF_MACRO_ANY,          /* the value of an unknown modifier */
} McSpfMacroContext;

gboolean  mc_spf_macro_validate       (const char        *text,
                                       McSpfMacroContext  context,
                                       GError           **error);
gboolean  mc_spf_domain_spec_validate (const char        *text,
                                       GError           **error);
gboolean  mc_spf_macro_uses_p         (const char        *text);
char     *mc_spf_macro_expand         (const char        *text,
                                       McSpfMacroContext  context,
                                       const McSpfMacroVars *vars,
                                       GError           **error);
char     *mc_spf_target_name          (const char        *expanded);
gboolean  mc_spf_domain_is_valid      (const char        *name);

GInetAddress *mc_spf_address_unmap    (GInetAddress      *address);
gboolean  mc_spf_address_in_network  (GInetAddress      *address,
                                       GInetAddress      *network,
                                       guint              prefix);

/* The outcome of one check_host(), filled by mc-spf.c, read through the
 * getters of mc-spf-evaluation.c. */
struct _McSpfEvaluation
{
  McSpfResult   result;
  McSpfProblem  problem;
  char         *problem_text;
  char         *problem_domain;
  char         *problem_term;
  char         *syntax_error;
  char         *explanation;
  char         *domain;
  char         *record;
  GPtrArray    *records;
  guint         dns_lookups;
  guint         void_lookups;
  char         *matched_term;
  char         *matched_domain;
  GStrv         limit_path;
  McSpfNode    *tree;
  char         *ip;
};

McSpfEvaluation *mc_spf_evaluation_new  (const char   *domain,
                                         GInetAddress *ip);
McSpfNode       *mc_spf_node_new        (McSpfNode    *parent,
                                         const char   *domain,
                                         const char   *term);
guint            mc_spf_node_sum        (McSpfNode    *node);

/* Errors of the parser and the expander; the messages are for people. */
#define MC_SPF_ERROR (mc_spf_error_quark ())
GQuark    mc_spf_error_quark          (void);

typedef enum
{
  MC_SPF_ERROR_SYNTAX,
} McSpfError;

G_END_DECLS
