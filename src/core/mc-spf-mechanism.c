/* mc-spf-mechanism.c: the SPF mechanisms (RFC 7208, section 5) and the validated names of an address (5.5).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-spf-check.h"

/* ---- Validated names (5.5) ------------------------------------------------ */

static void
validation_done (McSpfCheck *check)
{
  McSpfStep next = check->after_validation;

  check->validation = MC_SPF_VALIDATION_DONE;
  check->after_validation = NULL;
  next (check);
}

static void
validation_addresses_cb (McSpfCheck *check)
{
  for (guint i = 0; i < check->ptr_names->len; i++)
    {
      McSpfAnswer *answer = mc_spf_check_answer (check, i);

      /* A name whose addresses cannot be looked up is skipped (5.5). */
      if (answer->status != MC_SPF_LOOKUP_OK)
        continue;
      for (guint j = 0; j < answer->addresses->len; j++)
        if (g_inet_address_equal (g_ptr_array_index (answer->addresses, j), check->ip))
          {
            g_ptr_array_add (check->validated, g_strdup (g_ptr_array_index (check->ptr_names, i)));
            break;
          }
    }
  validation_done (check);
}

static void
validation_ptr_cb (McSpfCheck *check)
{
  McSpfAnswer *answer = mc_spf_check_answer (check, 0);

  check->ptr_status = answer->status;
  if (answer->status == MC_SPF_LOOKUP_OK)
    {
      /* At most 10 names, the rest ignored (4.6.4). */
      for (guint i = 0; i < answer->names->len && check->ptr_names->len < MC_SPF_MAX_NAMES; i++)
        {
          const char *name = g_ptr_array_index (answer->names, i);
          g_autofree char *target = mc_spf_target_name (name);

          if (mc_spf_domain_is_valid (target))
            g_ptr_array_add (check->ptr_names, g_steal_pointer (&target));
        }
    }
  if (check->ptr_names->len == 0)
    {
      validation_done (check);
      return;
    }
  mc_spf_check_batch (check, check->ptr_names, mc_spf_check_address_type (check), validation_addresses_cb);
}

void
mc_spf_check_validate (McSpfCheck *check,
                       McSpfStep   next)
{
  g_autofree char *name = NULL;

  if (check->validation == MC_SPF_VALIDATION_DONE)
    {
      next (check);
      return;
    }
  g_assert (check->validation == MC_SPF_VALIDATION_NOT_STARTED);
  check->validation = MC_SPF_VALIDATION_RUNNING;
  check->after_validation = next;
  check->ptr_names = g_ptr_array_new_with_free_func (g_free);
  check->validated = g_ptr_array_new_with_free_func (g_free);
  name = mc_dns_reverse_name (check->ip, NULL);
  mc_spf_check_batch_one (check, name, MC_DNS_TYPE_PTR, validation_ptr_cb);
}

/* ---- Mechanisms ------------------------------------------------------------ */

static McSpfTerm *
current_term (McSpfCheck *check)
{
  return g_ptr_array_index (check->frame->record->terms, check->frame->next);
}

void
mc_spf_check_term_done (McSpfCheck *check,
                        gboolean    matched)
{
  McSpfTerm *term = current_term (check);

  if (matched && (!check->unlisted || term->mechanism == MC_SPF_MECH_INCLUDE))
    {
      mc_spf_check_finish_frame (check, term->result, term);
      return;
    }
  check->frame->next++;
  mc_spf_check_terms (check);
}

static gboolean
addresses_match (McSpfCheck *check,
                 GPtrArray  *addresses,
                 McSpfTerm  *term)
{
  guint prefix = g_inet_address_get_family (check->ip) == G_SOCKET_FAMILY_IPV4 ? term->cidr4
                                                                              : term->cidr6;

  for (guint i = 0; i < addresses->len; i++)
    if (mc_spf_address_in_network (check->ip, g_ptr_array_index (addresses, i), prefix))
      return TRUE;
  return FALSE;
}

static void
a_cb (McSpfCheck *check)
{
  McSpfAnswer *answer = mc_spf_check_answer (check, 0);
  McSpfTerm *term = current_term (check);

  if (answer->status == MC_SPF_LOOKUP_TEMPERROR)
    {
      mc_spf_check_dns_problem (check, answer, g_ptr_array_index (check->batch_names, 0), check->batch_type);
      mc_spf_check_finish_frame (check, MC_SPF_RESULT_TEMPERROR, NULL);
      return;
    }
  if (mc_spf_answer_is_void (answer) && !mc_spf_check_count_void (check, term->text))
    return;
  mc_spf_check_term_done (check, answer->status == MC_SPF_LOOKUP_OK &&
                    addresses_match (check, answer->addresses, term));
}

static void
mx_addresses_cb (McSpfCheck *check)
{
  McSpfTerm *term = current_term (check);

  /* In the order of the MX names, as if they had been asked one by one. */
  for (guint i = 0; i < check->batch->len; i++)
    {
      McSpfAnswer *answer = mc_spf_check_answer (check, i);

      if (answer->status == MC_SPF_LOOKUP_TEMPERROR)
        {
          mc_spf_check_dns_problem (check, answer, g_ptr_array_index (check->batch_names, i), check->batch_type);
          mc_spf_check_finish_frame (check, MC_SPF_RESULT_TEMPERROR, NULL);
          return;
        }
      if (answer->status == MC_SPF_LOOKUP_OK && addresses_match (check, answer->addresses, term))
        {
          mc_spf_check_term_done (check, TRUE);
          return;
        }
    }
  mc_spf_check_term_done (check, FALSE);
}

static void
mx_cb (McSpfCheck *check)
{
  McSpfAnswer *answer = mc_spf_check_answer (check, 0);
  McSpfTerm *term = current_term (check);
  g_autoptr(GPtrArray) names = NULL;

  if (answer->status == MC_SPF_LOOKUP_TEMPERROR)
    {
      mc_spf_check_dns_problem (check, answer, g_ptr_array_index (check->batch_names, 0), MC_DNS_TYPE_MX);
      mc_spf_check_finish_frame (check, MC_SPF_RESULT_TEMPERROR, NULL);
      return;
    }
  if (mc_spf_answer_is_void (answer))
    {
      if (mc_spf_check_count_void (check, term->text))
        mc_spf_check_term_done (check, FALSE);
      return;
    }
  if (answer->names->len > MC_SPF_MAX_NAMES)
    {
      if (check->eval->problem == MC_SPF_PROBLEM_NONE)
        check->eval->problem_term = g_strdup (term->text);
      mc_spf_check_problem (check, MC_SPF_PROBLEM_TOO_MANY_MX, check->frame->domain,
                            _("“%s” in the record of %s names %u mail servers; at most %d are allowed"),
                            term->text, check->frame->domain, answer->names->len, MC_SPF_MAX_NAMES);
      mc_spf_check_finish_frame (check, MC_SPF_RESULT_PERMERROR, NULL);
      return;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < answer->names->len; i++)
    {
      g_autofree char *name = mc_spf_target_name (g_ptr_array_index (answer->names, i));

      /* A null MX (".") names no server. */
      if (mc_spf_domain_is_valid (name))
        g_ptr_array_add (names, g_steal_pointer (&name));
    }
  if (names->len == 0)
    {
      mc_spf_check_term_done (check, FALSE);
      return;
    }
  mc_spf_check_batch (check, names, mc_spf_check_address_type (check), mx_addresses_cb);
}

static void
ptr_validated_cb (McSpfCheck *check)
{
  McSpfTerm *term = current_term (check);
  g_autofree char *target = mc_spf_check_target_name (check, term->domain_spec);
  gboolean matched = FALSE;

  /* A DNS error on the PTR query is no match, not a temperror (5.5). */
  if ((check->ptr_status == MC_SPF_LOOKUP_NODATA || check->ptr_status == MC_SPF_LOOKUP_NXDOMAIN) &&
      !mc_spf_check_count_void (check, term->text))
    return;
  for (guint i = 0; target != NULL && i < check->validated->len; i++)
    {
      const char *name = g_ptr_array_index (check->validated, i);
      gsize len = strlen (name), tlen = strlen (target);

      if (g_ascii_strcasecmp (name, target) == 0 ||
          (len > tlen && name[len - tlen - 1] == '.' &&
           g_ascii_strcasecmp (name + len - tlen, target) == 0))
        matched = TRUE;
    }
  mc_spf_check_term_done (check, matched);
}

static void
exists_cb (McSpfCheck *check)
{
  McSpfAnswer *answer = mc_spf_check_answer (check, 0);
  McSpfTerm *term = current_term (check);

  if (answer->status == MC_SPF_LOOKUP_TEMPERROR)
    {
      mc_spf_check_dns_problem (check, answer, g_ptr_array_index (check->batch_names, 0), MC_DNS_TYPE_A);
      mc_spf_check_finish_frame (check, MC_SPF_RESULT_TEMPERROR, NULL);
      return;
    }
  if (mc_spf_answer_is_void (answer) && !mc_spf_check_count_void (check, term->text))
    return;
  mc_spf_check_term_done (check, answer->status == MC_SPF_LOOKUP_OK);
}

/* Evaluates the terms from frame->next on; returns when one waits for DNS
 * or the frame has a result. */
void
mc_spf_check_terms (McSpfCheck *check)
{
  McSpfFrame *frame = check->frame;
  McSpfRecord *record = frame->record;

  while (frame->next < record->terms->len)
    {
      McSpfTerm *term = current_term (check);
      g_autofree char *target = NULL;

      switch (term->mechanism)
        {
        case MC_SPF_MECH_ALL:
          mc_spf_check_finish_frame (check, term->result, term);
          return;

        case MC_SPF_MECH_IP4:
        case MC_SPF_MECH_IP6:
          if (!check->unlisted &&
              mc_spf_address_in_network (check->ip, term->network,
                                         term->mechanism == MC_SPF_MECH_IP4 ? term->cidr4
                                                                            : term->cidr6))
            {
              mc_spf_check_finish_frame (check, term->result, term);
              return;
            }
          frame->next++;
          continue;

        case MC_SPF_MECH_A:
        case MC_SPF_MECH_MX:
        case MC_SPF_MECH_PTR:
        case MC_SPF_MECH_EXISTS:
        case MC_SPF_MECH_INCLUDE:
        default:
          break;
        }

      if (!mc_spf_check_count_lookup (check, term->text))
        return;

      if (term->mechanism == MC_SPF_MECH_PTR)
        {
          mc_spf_check_validate (check, ptr_validated_cb);
          return;
        }

      target = mc_spf_check_target_name (check, term->domain_spec);
      if (target == NULL)
        {
          if (term->mechanism == MC_SPF_MECH_INCLUDE)
            {
              mc_spf_check_problem (check, MC_SPF_PROBLEM_INCLUDE_NONE, frame->domain,
                                    _("“%s” in the record of %s does not give a usable domain name"),
                                    term->text, frame->domain);
              mc_spf_check_finish_frame (check, MC_SPF_RESULT_PERMERROR, NULL);
              return;
            }
          /* Not a name DNS can answer for: the mechanism does not match. */
          frame->next++;
          continue;
        }

      switch (term->mechanism)
        {
        case MC_SPF_MECH_A:
          mc_spf_check_batch_one (check, target, mc_spf_check_address_type (check), a_cb);
          return;
        case MC_SPF_MECH_MX:
          mc_spf_check_batch_one (check, target, MC_DNS_TYPE_MX, mx_cb);
          return;
        case MC_SPF_MECH_EXISTS:
          /* Always an A query, whatever the address family (5.7). */
          mc_spf_check_batch_one (check, target, MC_DNS_TYPE_A, exists_cb);
          return;
        case MC_SPF_MECH_INCLUDE:
          mc_spf_check_push_frame (check, target, term->text);
          return;
        case MC_SPF_MECH_ALL:
        case MC_SPF_MECH_IP4:
        case MC_SPF_MECH_IP6:
        case MC_SPF_MECH_PTR:
        default:
          g_assert_not_reached ();
        }
    }

  mc_spf_check_after_terms (check);
}
