/* mc-spf.c: the check_host() function of RFC 7208, as a state machine on the GLib main loop.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One evaluation follows the record's terms in order, one at a time, as the
 * limits of section 4.6.4 are defined by that order; only the look-ups that
 * one term needs together (the addresses of its MX names, the names that
 * validate a PTR) are asked at once. "include" pushes a frame; "redirect"
 * replaces the frame's domain and record, as a tail call.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-spf-check.h"

#define DEFAULT_EXPLANATION "%{i} is not one of %{d}'s designated mail servers."

/* ---- State -------------------------------------------------------------- */

static void
frame_free (McSpfFrame *frame)
{
  g_free (frame->domain);
  g_clear_pointer (&frame->record, mc_spf_record_free);
  g_free (frame);
}

static void
check_free (McSpfCheck *check)
{
  while (check->frame != NULL)
    {
      McSpfFrame *parent = check->frame->parent;

      frame_free (check->frame);
      check->frame = parent;
    }
  g_clear_object (&check->lookup);
  g_clear_pointer (&check->eval, mc_spf_evaluation_unref);
  g_clear_object (&check->ip);
  g_free (check->sender);
  g_free (check->local_part);
  g_free (check->sender_domain);
  g_free (check->helo);
  g_free (check->receiver);
  g_free (check->default_explanation);
  g_clear_pointer (&check->batch, g_ptr_array_unref);
  g_clear_error (&check->batch_error);
  g_clear_pointer (&check->batch_names, g_ptr_array_unref);
  g_clear_pointer (&check->ptr_names, g_ptr_array_unref);
  g_clear_pointer (&check->validated, g_ptr_array_unref);
  g_clear_pointer (&check->exp_text, g_bytes_unref);
  g_free (check);
}

/* ---- Look-ups ------------------------------------------------------------ */

typedef struct
{
  GTask *task;
  guint  index;
} QueryRef;

static void
batch_query_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  QueryRef *ref = user_data;
  g_autoptr(GTask) task = ref->task;
  McSpfCheck *check = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  McSpfAnswer *answer;

  answer = mc_spf_lookup_query_finish (MC_SPF_LOOKUP (source), result, &error);
  if (answer == NULL && check->batch_error == NULL)
    check->batch_error = g_steal_pointer (&error);
  g_ptr_array_index (check->batch, ref->index) = answer;
  g_free (ref);

  g_assert (check->pending > 0);
  if (--check->pending > 0)
    return;

  if (check->batch_error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&check->batch_error));
      g_object_unref (check->task);  /* the evaluation's own reference */
      return;
    }
  check->batch_done (check);
}

/* Asks for every name at once; done runs when all have answered. */
void
mc_spf_check_batch (McSpfCheck *check,
                    GPtrArray  *names,
                    McDnsType   type,
                    McSpfStep   done)
{
  g_assert (check->pending == 0);
  g_assert (names->len > 0);

  g_clear_pointer (&check->batch, g_ptr_array_unref);
  check->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_spf_answer_free);
  g_ptr_array_set_size (check->batch, (gint) names->len);
  check->pending = names->len;
  check->batch_done = done;
  check->batch_type = type;
  g_clear_pointer (&check->batch_names, g_ptr_array_unref);
  check->batch_names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < names->len; i++)
    {
      QueryRef *ref = g_new0 (QueryRef, 1);

      ref->task = g_object_ref (check->task);
      ref->index = i;
      g_ptr_array_add (check->batch_names, g_strdup (g_ptr_array_index (names, i)));
      mc_spf_lookup_query_async (check->lookup, g_ptr_array_index (names, i), type,
                                 g_task_get_cancellable (check->task), batch_query_cb, ref);
    }
}

void
mc_spf_check_batch_one (McSpfCheck *check,
                        const char *name,
                        McDnsType   type,
                        McSpfStep   done)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_ptr_array_add (names, (gpointer) name);
  mc_spf_check_batch (check, names, type, done);
}

McSpfAnswer *
mc_spf_check_answer (McSpfCheck *check,
                     guint       index)
{
  return g_ptr_array_index (check->batch, index);
}

McDnsType
mc_spf_check_address_type (McSpfCheck *check)
{
  return g_inet_address_get_family (check->ip) == G_SOCKET_FAMILY_IPV4 ? MC_DNS_TYPE_A
                                                                      : MC_DNS_TYPE_AAAA;
}

gboolean
mc_spf_answer_is_void (McSpfAnswer *answer)
{
  return answer->status == MC_SPF_LOOKUP_NODATA || answer->status == MC_SPF_LOOKUP_NXDOMAIN;
}

/* ---- Results ------------------------------------------------------------- */

static void mc_spf_check_start_frame (McSpfCheck *check);
static void explain (McSpfCheck *check);

/* The first problem is the one reported: errors end the evaluation, and
 * the frames above only pass the result on. */
void
mc_spf_check_problem (McSpfCheck   *check,
                      McSpfProblem  problem,
                      const char   *domain,
                      const char   *format,
                      ...)
{
  va_list args;

  if (check->eval->problem != MC_SPF_PROBLEM_NONE)
    return;
  check->eval->problem = problem;
  check->eval->problem_domain = g_strdup (domain);
  va_start (args, format);
  check->eval->problem_text = g_strdup_vprintf (format, args);
  va_end (args);
}

void
mc_spf_check_dns_problem (McSpfCheck  *check,
                          McSpfAnswer *answer,
                          const char  *name,
                          McDnsType    type)
{
  mc_spf_check_problem (check, MC_SPF_PROBLEM_DNS, check->frame->domain,
                        /* Translators: a DNS name, its record type (TXT, A…), what went wrong. */
                        _("the DNS look-up of %s (%s) failed: %s"), name,
                        mc_dns_type_to_string (type),
                        answer->error != NULL ? answer->error : "error");
}

static void
complete (McSpfCheck  *check,
          McSpfResult  result)
{
  McSpfEvaluation *eval = check->eval;

  eval->result = result;
  eval->dns_lookups = check->lookups;
  eval->void_lookups = check->voids;
  mc_spf_node_sum (eval->tree);
  if (result != MC_SPF_RESULT_FAIL)
    g_clear_pointer (&eval->explanation, g_free);
  g_task_return_pointer (check->task, mc_spf_evaluation_ref (eval),
                         (GDestroyNotify) mc_spf_evaluation_unref);
  g_object_unref (check->task);
}

/* Counts a term that queries DNS (4.6.4); FALSE, with the evaluation
 * ended, past the limit. */
gboolean
mc_spf_check_count_lookup (McSpfCheck *check,
                           const char *term)
{
  check->lookups++;
  check->frame->node->lookups++;
  if (check->lookups <= MC_SPF_MAX_DNS_LOOKUPS)
    return TRUE;

  {
    g_autoptr(GPtrArray) path = g_ptr_array_new ();

    g_ptr_array_add (path, g_strdup (term));
    for (McSpfNode *node = check->frame->node; node->parent != NULL; node = node->parent)
      g_ptr_array_insert (path, 0, g_strdup (node->term));
    g_ptr_array_add (path, NULL);
    check->eval->limit_path = (GStrv) g_ptr_array_steal (path, NULL);
  }
  if (check->eval->problem == MC_SPF_PROBLEM_NONE)
    check->eval->problem_term = g_strdup (term);
  mc_spf_check_problem (check, MC_SPF_PROBLEM_TOO_MANY_LOOKUPS, check->frame->domain,
                        _("more than %d DNS look-ups: “%s” in the record of %s is number %u"),
                        MC_SPF_MAX_DNS_LOOKUPS, term, check->frame->domain, check->lookups);
  mc_spf_check_finish_frame (check, MC_SPF_RESULT_PERMERROR, NULL);
  return FALSE;
}

gboolean
mc_spf_check_count_void (McSpfCheck *check,
                         const char *term)
{
  check->voids++;
  check->frame->node->void_lookups++;
  if (check->voids <= MC_SPF_MAX_VOID_LOOKUPS)
    return TRUE;
  if (check->eval->problem == MC_SPF_PROBLEM_NONE)
    check->eval->problem_term = g_strdup (term);
  mc_spf_check_problem (check, MC_SPF_PROBLEM_TOO_MANY_VOID, check->frame->domain,
                        _("more than %d DNS look-ups found nothing; the last was “%s” in the record of %s"),
                        MC_SPF_MAX_VOID_LOOKUPS, term, check->frame->domain);
  mc_spf_check_finish_frame (check, MC_SPF_RESULT_PERMERROR, NULL);
  return FALSE;
}

/* ---- Macros --------------------------------------------------------------- */

/* %{p}: a validated name of ip, preferably <domain> itself, then one of
 * its subdomains, then any (7.3). */
static const char *
validated_name (McSpfCheck *check,
                const char *domain)
{
  if (check->validated == NULL || check->validated->len == 0)
    return NULL;
  for (guint i = 0; i < check->validated->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (check->validated, i), domain) == 0)
      return g_ptr_array_index (check->validated, i);
  for (guint i = 0; i < check->validated->len; i++)
    {
      const char *name = g_ptr_array_index (check->validated, i);
      gsize len = strlen (name), dlen = strlen (domain);

      if (len > dlen && name[len - dlen - 1] == '.' &&
          g_ascii_strcasecmp (name + len - dlen, domain) == 0)
        return name;
    }
  return g_ptr_array_index (check->validated, 0);
}

static char *
expand (McSpfCheck        *check,
        const char        *text,
        const char        *domain,
        McSpfMacroContext  context)
{
  McSpfMacroVars vars = {
    .sender = check->sender,
    .local_part = check->local_part,
    .sender_domain = check->sender_domain,
    .domain = domain,
    .ip = check->ip,
    .validated = validated_name (check, domain),
    .helo = check->helo,
    .receiver = check->receiver,
    .now = check->now,
  };

  return mc_spf_macro_expand (text, context, &vars, NULL);
}

/* The name a term asks about, or NULL when its domain-spec does not give
 * one that DNS can be asked about (an empty or over-long label). */
char *
mc_spf_check_target_name (McSpfCheck *check,
                          const char *domain_spec)
{
  g_autofree char *expanded = NULL;
  g_autofree char *name = NULL;

  if (domain_spec == NULL)
    return g_strdup (check->frame->domain);
  expanded = expand (check, domain_spec, check->frame->domain, MC_SPF_MACRO_DOMAIN);
  if (expanded == NULL)
    return NULL;
  name = mc_spf_target_name (expanded);
  if (!mc_spf_domain_is_valid (name))
    return NULL;
  return g_steal_pointer (&name);
}

/* ---- Frames ---------------------------------------------------------------- */

void
mc_spf_check_push_frame (McSpfCheck *check,
                         const char *domain,
                         const char *term)
{
  McSpfFrame *frame = g_new0 (McSpfFrame, 1);

  frame->parent = check->frame;
  frame->domain = g_strdup (domain);
  frame->node = mc_spf_node_new (check->frame->node, domain, term);
  frame->base = frame->node;
  check->frame = frame;
  mc_spf_check_start_frame (check);
}

/* ---- Redirect (6.1) -------------------------------------------------------- */

/* No mechanism matched: "redirect", unless the record has "all" (6.1). */
void
mc_spf_check_after_terms (McSpfCheck *check)
{
  McSpfFrame *frame = check->frame;
  McSpfRecord *record = frame->record;

  if (record->redirect != NULL && !record->has_all)
    {
      g_autofree char *term = g_strconcat ("redirect=", record->redirect, NULL);
      g_autofree char *target = NULL;

      if (!mc_spf_check_count_lookup (check, term))
        return;
      target = mc_spf_check_target_name (check, record->redirect);
      if (target == NULL)
        {
          mc_spf_check_problem (check, MC_SPF_PROBLEM_REDIRECT_NONE, frame->domain,
                                _("“%s” in the record of %s does not give a usable domain name"),
                                term, frame->domain);
          mc_spf_check_finish_frame (check, MC_SPF_RESULT_PERMERROR, NULL);
          return;
        }
      g_free (frame->domain);
      frame->domain = g_steal_pointer (&target);
      frame->node = mc_spf_node_new (frame->node, frame->domain, term);
      frame->redirected = TRUE;
      frame->next = 0;
      g_clear_pointer (&frame->record, mc_spf_record_free);
      mc_spf_check_start_frame (check);
      return;
    }
  mc_spf_check_finish_frame (check, MC_SPF_RESULT_NEUTRAL, NULL);
}

/* ---- Records ---------------------------------------------------------------- */

static void
record_fetched (McSpfCheck *check)
{
  McSpfAnswer *answer = mc_spf_check_answer (check, 0);
  McSpfFrame *frame = check->frame;
  g_autoptr(GPtrArray) spf = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean top = frame->node->parent == NULL;

  if (answer->status == MC_SPF_LOOKUP_TEMPERROR)
    {
      mc_spf_check_dns_problem (check, answer, frame->domain, MC_DNS_TYPE_TXT);
      mc_spf_check_finish_frame (check, MC_SPF_RESULT_TEMPERROR, NULL);
      return;
    }
  for (guint i = 0; i < answer->txt->len; i++)
    if (mc_spf_record_is_spf (g_ptr_array_index (answer->txt, i)))
      g_ptr_array_add (spf, g_ptr_array_index (answer->txt, i));

  if (top)
    for (guint i = 0; i < spf->len; i++)
      {
        gsize len;
        const char *data = g_bytes_get_data (g_ptr_array_index (spf, i), &len);

        g_ptr_array_add (check->eval->records, g_strndup (data, len));
      }

  if (spf->len == 0)
    {
      mc_spf_check_problem (check, MC_SPF_PROBLEM_NO_RECORD, frame->domain,
                            _("%s has no SPF record"), frame->domain);
      mc_spf_check_finish_frame (check, MC_SPF_RESULT_NONE, NULL);
      return;
    }
  if (spf->len > 1)
    {
      mc_spf_check_problem (check, MC_SPF_PROBLEM_MULTIPLE_RECORDS, frame->domain,
                            _("%s has %u SPF records; it must have one"), frame->domain, spf->len);
      mc_spf_check_finish_frame (check, MC_SPF_RESULT_PERMERROR, NULL);
      return;
    }

  {
    gsize len;
    const char *data = g_bytes_get_data (g_ptr_array_index (spf, 0), &len);

    frame->node->record = g_strndup (data, len);
    if (top)
      check->eval->record = g_strndup (data, len);
  }
  frame->record = mc_spf_record_parse (g_ptr_array_index (spf, 0), &error);
  if (frame->record == NULL)
    {
      if (check->eval->problem == MC_SPF_PROBLEM_NONE)
        check->eval->syntax_error = g_strdup (error->message);
      /* Translators: a domain, then what is wrong in its record. */
      mc_spf_check_problem (check, MC_SPF_PROBLEM_SYNTAX, frame->domain,
                            _("the SPF record of %s is not valid: %s"), frame->domain, error->message);
      mc_spf_check_finish_frame (check, MC_SPF_RESULT_PERMERROR, NULL);
      return;
    }
  frame->next = 0;
  if (frame->record->uses_p)
    mc_spf_check_validate (check, mc_spf_check_terms);
  else
    mc_spf_check_terms (check);
}

static void
mc_spf_check_start_frame (McSpfCheck *check)
{
  mc_spf_check_batch_one (check, check->frame->domain, MC_DNS_TYPE_TXT, record_fetched);
}

/* A frame has its result: the check's, or its include's (5.2). */
void
mc_spf_check_finish_frame (McSpfCheck  *check,
                           McSpfResult  result,
                           McSpfTerm   *matched)
{
  McSpfFrame *frame = check->frame;
  McSpfFrame *parent = frame->parent;

  if (result == MC_SPF_RESULT_NONE && (frame->redirected || parent != NULL))
    {
      McSpfProblem problem = frame->redirected ? MC_SPF_PROBLEM_REDIRECT_NONE
                                               : MC_SPF_PROBLEM_INCLUDE_NONE;

      /* Replaces the "no record" of the domain named with what it means here. */
      if (check->eval->problem == MC_SPF_PROBLEM_NO_RECORD)
        check->eval->problem = problem;
      mc_spf_check_problem (check, problem, frame->domain, _("%s has no SPF record"), frame->domain);
      result = MC_SPF_RESULT_PERMERROR;
    }
  /* A redirect's result is also that of the records that led to it. */
  for (McSpfNode *node = frame->node; node != NULL; node = node->parent)
    {
      node->result = result;
      if (node == frame->base)
        break;
    }
  /* Only the top frame's term decides the result; an include's matching
   * term is the include itself, one frame up. */
  if (matched != NULL && parent == NULL)
    {
      g_free (check->eval->matched_term);
      check->eval->matched_term = g_strdup (matched->text);
      g_free (check->eval->matched_domain);
      check->eval->matched_domain = g_strdup (frame->domain);
    }

  if (parent == NULL)
    {
      if (result == MC_SPF_RESULT_FAIL)
        explain (check);
      else
        complete (check, result);
      return;
    }

  check->frame = parent;
  frame_free (frame);
  switch (result)
    {
    case MC_SPF_RESULT_PASS:
      mc_spf_check_term_done (check, TRUE);
      break;
    case MC_SPF_RESULT_FAIL:
    case MC_SPF_RESULT_SOFTFAIL:
    case MC_SPF_RESULT_NEUTRAL:
      mc_spf_check_term_done (check, FALSE);
      break;
    case MC_SPF_RESULT_TEMPERROR:
    case MC_SPF_RESULT_PERMERROR:
    case MC_SPF_RESULT_NONE:
    default:
      mc_spf_check_finish_frame (check, result, NULL);
      break;
    }
}

/* ---- Explanation (6.2) ------------------------------------------------------- */

static void
explain_default (McSpfCheck *check)
{
  const char *domain = check->frame->domain;
  char *text = expand (check, check->default_explanation, domain, MC_SPF_MACRO_EXPLANATION);

  check->eval->explanation = text != NULL ? text : g_strdup (check->default_explanation);
  complete (check, MC_SPF_RESULT_FAIL);
}

static void
explain_expand (McSpfCheck *check)
{
  gsize len;
  const char *data = g_bytes_get_data (check->exp_text, &len);
  g_autofree char *text = g_strndup (data, len);
  char *explanation = expand (check, text, check->frame->domain, MC_SPF_MACRO_EXPLANATION);

  if (explanation == NULL)
    {
      explain_default (check);
      return;
    }
  check->eval->explanation = explanation;
  complete (check, MC_SPF_RESULT_FAIL);
}

/* Any problem with the explanation is no explanation from the domain:
 * the default one is given instead (6.2). */
static void
explain_fetched (McSpfCheck *check)
{
  McSpfAnswer *answer = mc_spf_check_answer (check, 0);
  g_autofree char *text = NULL;
  gsize len;
  const guchar *data;

  if (answer->status != MC_SPF_LOOKUP_OK || answer->txt->len != 1)
    {
      explain_default (check);
      return;
    }
  data = g_bytes_get_data (g_ptr_array_index (answer->txt, 0), &len);
  for (gsize i = 0; i < len; i++)
    if (data[i] < 0x20 || data[i] > 0x7e)
      {
        explain_default (check);
        return;
      }
  check->exp_text = g_bytes_ref (g_ptr_array_index (answer->txt, 0));
  text = g_strndup ((const char *) data, len);
  if (mc_spf_macro_uses_p (text) && check->validation == MC_SPF_VALIDATION_NOT_STARTED)
    mc_spf_check_validate (check, explain_expand);
  else
    explain_expand (check);
}

static void
explain_lookup (McSpfCheck *check)
{
  g_autofree char *target = mc_spf_check_target_name (check, check->frame->record->exp);

  if (target == NULL)
    {
      explain_default (check);
      return;
    }
  /* Not counted: the explanation comes after the result (4.6.4). */
  mc_spf_check_batch_one (check, target, MC_DNS_TYPE_TXT, explain_fetched);
}

static void
explain (McSpfCheck *check)
{
  McSpfRecord *record = check->frame->record;

  if (record == NULL || record->exp == NULL)
    explain_default (check);
  else if (mc_spf_macro_uses_p (record->exp) && check->validation == MC_SPF_VALIDATION_NOT_STARTED)
    mc_spf_check_validate (check, explain_lookup);
  else
    explain_lookup (check);
}

/* ---- Entry point ---------------------------------------------------------- */

/* 4.3: a domain that is not a multi-label name DNS can be asked about
 * (empty or long labels, a domain literal) has no SPF policy. */
static gboolean
initial_domain_valid (const char *domain)
{
  return mc_spf_domain_is_valid (domain) && strchr (domain, '.') != NULL && domain[0] != '[';
}

void
mc_spf_check_host_async (McSpfLookup         *lookup,
                         const McSpfRequest  *request,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  McSpfCheck *check;
  const char *at;
  g_autofree char *domain = NULL;
  gsize len;

  g_return_if_fail (MC_IS_SPF_LOOKUP (lookup));
  g_return_if_fail (request != NULL && G_IS_INET_ADDRESS (request->ip));
  g_return_if_fail (request->domain != NULL || request->sender != NULL || request->helo != NULL);

  task = g_task_new (lookup, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_spf_check_host_async);
  check = g_new0 (McSpfCheck, 1);
  check->task = task;
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);

  check->lookup = g_object_ref (lookup);
  check->unlisted = request->unlisted;
  check->ip = mc_spf_address_unmap (request->ip);
  check->now = g_get_real_time () / G_USEC_PER_SEC;
  check->receiver = g_strdup (request->receiver);
  check->default_explanation = g_strdup (request->default_explanation != NULL
                                         ? request->default_explanation : DEFAULT_EXPLANATION);

  /* 4.3: an empty MAIL FROM is postmaster at the HELO name, and an empty
   * local part is "postmaster". */
  check->helo = g_strdup (request->helo != NULL ? request->helo
                          : request->domain != NULL ? request->domain : "");
  if (request->sender != NULL && *request->sender != '\0')
    check->sender = g_strdup (request->sender);
  else
    check->sender = g_strconcat ("postmaster@", check->helo, NULL);
  at = strrchr (check->sender, '@');
  if (at == NULL)
    {
      check->sender_domain = g_strdup (check->sender);
      g_free (check->sender);
      check->sender = g_strconcat ("postmaster@", check->sender_domain, NULL);
      at = strrchr (check->sender, '@');
    }
  else
    check->sender_domain = g_strdup (at + 1);
  check->local_part = at == check->sender ? g_strdup ("postmaster")
                                          : g_strndup (check->sender, (gsize) (at - check->sender));
  if (at == check->sender)
    {
      g_autofree char *full = g_strconcat ("postmaster", check->sender, NULL);

      g_free (check->sender);
      check->sender = g_steal_pointer (&full);
    }

  domain = g_strdup (request->domain != NULL ? request->domain : check->sender_domain);
  len = strlen (domain);
  if (len > 0 && domain[len - 1] == '.')
    domain[len - 1] = '\0';

  check->eval = mc_spf_evaluation_new (domain, check->ip);

  check->frame = g_new0 (McSpfFrame, 1);
  check->frame->domain = g_strdup (domain);
  check->frame->node = check->eval->tree;
  check->frame->base = check->eval->tree;

  if (!initial_domain_valid (domain))
    {
      mc_spf_check_problem (check, MC_SPF_PROBLEM_BAD_DOMAIN, domain,
                            _("“%s” is not a domain name that SPF can check"), domain);
      complete (check, MC_SPF_RESULT_NONE);
      return;
    }
  mc_spf_check_start_frame (check);
}

McSpfEvaluation *
mc_spf_check_host_finish (McSpfLookup   *lookup,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, lookup), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
