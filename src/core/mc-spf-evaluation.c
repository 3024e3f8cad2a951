/* mc-spf-evaluation.c: the outcome of an SPF check: result, problem, look-up counts, records.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-spf-private.h"

static void
node_free (McSpfNode *node)
{
  g_free (node->domain);
  g_free (node->term);
  g_free (node->record);
  g_ptr_array_unref (node->children);
  g_free (node);
}

McSpfNode *
mc_spf_node_new (McSpfNode  *parent,
                 const char *domain,
                 const char *term)
{
  McSpfNode *node = g_new0 (McSpfNode, 1);

  node->parent = parent;
  node->domain = g_strdup (domain);
  node->term = g_strdup (term);
  node->result = MC_SPF_RESULT_NONE;
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  if (parent != NULL)
    g_ptr_array_add (parent->children, node);
  return node;
}

/* Fills in total_lookups, bottom up. */
guint
mc_spf_node_sum (McSpfNode *node)
{
  node->total_lookups = node->lookups;
  for (guint i = 0; i < node->children->len; i++)
    node->total_lookups += mc_spf_node_sum (g_ptr_array_index (node->children, i));
  return node->total_lookups;
}

static void
evaluation_clear (gpointer data)
{
  McSpfEvaluation *self = data;

  g_free (self->problem_text);
  g_free (self->problem_domain);
  g_free (self->problem_term);
  g_free (self->syntax_error);
  g_free (self->explanation);
  g_free (self->domain);
  g_free (self->record);
  g_ptr_array_unref (self->records);
  g_free (self->matched_term);
  g_free (self->matched_domain);
  g_strfreev (self->limit_path);
  g_clear_pointer (&self->tree, node_free);
  g_free (self->ip);
}

McSpfEvaluation *
mc_spf_evaluation_new (const char   *domain,
                       GInetAddress *ip)
{
  McSpfEvaluation *self = g_atomic_rc_box_new0 (McSpfEvaluation);

  self->domain = g_strdup (domain);
  self->records = g_ptr_array_new_with_free_func (g_free);
  self->tree = mc_spf_node_new (NULL, domain, NULL);
  self->ip = g_inet_address_to_string (ip);
  return self;
}

McSpfEvaluation *
mc_spf_evaluation_ref (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
mc_spf_evaluation_unref (McSpfEvaluation *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, evaluation_clear);
}

G_DEFINE_BOXED_TYPE (McSpfEvaluation, mc_spf_evaluation, mc_spf_evaluation_ref,
                     mc_spf_evaluation_unref)

static const char * const result_names[] = {
  [MC_SPF_RESULT_NONE] = "none",
  [MC_SPF_RESULT_NEUTRAL] = "neutral",
  [MC_SPF_RESULT_PASS] = "pass",
  [MC_SPF_RESULT_FAIL] = "fail",
  [MC_SPF_RESULT_SOFTFAIL] = "softfail",
  [MC_SPF_RESULT_TEMPERROR] = "temperror",
  [MC_SPF_RESULT_PERMERROR] = "permerror",
};

/* The result names of RFC 7208, section 2.6, in lower case as
 * Received-SPF and Authentication-Results headers write them. */
const char *
mc_spf_result_to_string (McSpfResult result)
{
  g_return_val_if_fail ((guint) result < G_N_ELEMENTS (result_names), "none");
  return result_names[result];
}

gboolean
mc_spf_result_from_string (const char  *text,
                           McSpfResult *result)
{
  for (guint i = 0; i < G_N_ELEMENTS (result_names); i++)
    if (g_ascii_strcasecmp (text, result_names[i]) == 0)
      {
        *result = (McSpfResult) i;
        return TRUE;
      }
  return FALSE;
}

McSpfResult
mc_spf_evaluation_get_result (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, MC_SPF_RESULT_NONE);
  return self->result;
}

McSpfProblem
mc_spf_evaluation_get_problem (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, MC_SPF_PROBLEM_NONE);
  return self->problem;
}

/* What went wrong, as a sentence in the user's language; NULL when the
 * evaluation ended without a problem. */
const char *
mc_spf_evaluation_get_problem_text (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->problem_text;
}

/* The domain whose record or look-up had the problem. */
const char *
mc_spf_evaluation_get_problem_domain (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->problem_domain;
}

/* The term at fault: the one that was look-up number 11, that made the
 * third void look-up, or that named too many MX; NULL for the other
 * problems. */
const char *
mc_spf_evaluation_get_problem_term (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->problem_term;
}

/* What is wrong in a record that does not parse, without the domain. */
const char *
mc_spf_evaluation_get_syntax_error (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->syntax_error;
}

/* The explanation of a "fail" (6.2): the domain's own, from exp=, or the
 * default one; NULL for the other results. */
const char *
mc_spf_evaluation_get_explanation (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->explanation;
}

const char *
mc_spf_evaluation_get_domain (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->domain;
}

/* The SPF record of the domain checked, or NULL when it has none or more
 * than one (then see mc_spf_evaluation_get_records()). */
const char *
mc_spf_evaluation_get_record (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->record;
}

/* Every SPF record the domain checked has (char *). */
GPtrArray *
mc_spf_evaluation_get_records (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->records;
}

guint
mc_spf_evaluation_get_dns_lookups (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->dns_lookups;
}

guint
mc_spf_evaluation_get_void_lookups (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->void_lookups;
}

/* The term of the checked domain's record (or of the record a redirect led
 * to) that decided the result, or NULL when none matched. */
const char *
mc_spf_evaluation_get_matched_term (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->matched_term;
}

const char *
mc_spf_evaluation_get_matched_domain (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->matched_domain;
}

/* When the look-up limit was crossed: the terms from the checked domain's
 * record down to the one that was look-up number 11, e.g.
 * { "include:_spf.example.net", "include:more.example.net", "a", NULL };
 * the first is the term of the domain's own record to blame. */
const char * const *
mc_spf_evaluation_get_limit_path (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->limit_path;
}

/* The records that were read, as a tree: the domain's, then those of its
 * include and redirect terms. */
const McSpfNode *
mc_spf_evaluation_get_tree (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tree;
}

/* One sentence that says why the result is what it is. */
char *
mc_spf_evaluation_describe (McSpfEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (self->result)
    {
    case MC_SPF_RESULT_PASS:
      /* Translators: an IP address, a domain, a term of its SPF record, e.g. “ip4:192.0.2.1”. */
      return g_strdup_printf (_("%s may send mail for %s: “%s” in the SPF record of %s lists it."),
                              self->ip, self->domain, self->matched_term, self->matched_domain);
    case MC_SPF_RESULT_FAIL:
    case MC_SPF_RESULT_SOFTFAIL:
    case MC_SPF_RESULT_NEUTRAL:
      if (self->matched_term != NULL)
        /* Translators: an IP address, a domain, a term of an SPF record such as “-all”,
         * the domain whose record it is, and the SPF result (fail, softfail, neutral). */
        return g_strdup_printf (_("%s is not authorised to send mail for %s: “%s” in the SPF "
                                  "record of %s applies (%s)."),
                                self->ip, self->domain, self->matched_term, self->matched_domain,
                                mc_spf_result_to_string (self->result));
      return g_strdup_printf (_("%s is not listed, and the SPF record of %s says nothing about "
                                "other senders (neutral)."), self->ip, self->domain);
    case MC_SPF_RESULT_NONE:
    case MC_SPF_RESULT_TEMPERROR:
    case MC_SPF_RESULT_PERMERROR:
    default:
      if (self->problem_text != NULL)
        return g_strdup (self->problem_text);
      return g_strdup (mc_spf_result_to_string (self->result));
    }
}
