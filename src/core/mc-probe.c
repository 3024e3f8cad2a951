/* mc-probe.c: what the probes share: evidence from DNS answers, and small helpers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-probe.h"

McFinding *
mc_probe_context_get_finding (McProbeContext *ctx,
                              const char     *id)
{
  McFinding *finding = ctx->lookup_finding (ctx->checkup, id);

  g_assert (finding != NULL);
  return finding;
}

/* Forgets what the probes of the last run learnt. */
void
mc_probe_context_reset_facts (McProbeContext *ctx)
{
  g_clear_pointer (&ctx->server_addresses, g_ptr_array_unref);
  ctx->server_reached = FALSE;
  g_clear_pointer (&ctx->client_ip, g_free);
  g_clear_pointer (&ctx->domain, g_free);
  g_clear_pointer (&ctx->recipient_domain, g_free);
}

void
mc_probe_context_clear (McProbeContext *ctx)
{
  mc_probe_context_reset_facts (ctx);
  g_clear_pointer (&ctx->recipient, g_free);
  g_clear_pointer (&ctx->dkim_selector, g_free);
  g_clear_pointer (&ctx->blocklists_file, g_free);
  g_clear_pointer (&ctx->attachments, g_ptr_array_unref);
  g_clear_pointer (&ctx->password, mc_password_free);
  g_clear_error (&ctx->password_problem);
  g_clear_object (&ctx->extra_ca);
}

/* Frees a password after overwriting it, so that it does not linger in
 * freed memory (and in core dumps) longer than the checkup needs it. */
void
mc_password_free (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

/* The outcome of a DNS query as every probe records it: status, rcode (or
 * null when no answer came) and time taken. */
void
mc_probe_add_dns_evidence (McFinding   *finding,
                           McDnsAnswer *answer)
{
  JsonObject *evidence = mc_finding_get_evidence (finding);
  int rcode = mc_dns_answer_get_rcode (answer);

  json_object_set_string_member (evidence, "status",
                                 mc_dns_status_to_string (mc_dns_answer_get_status (answer)));
  if (rcode >= 0)
    json_object_set_string_member (evidence, "rcode", mc_dns_rcode_to_string (rcode));
  else
    json_object_set_null_member (evidence, "rcode");
  json_object_set_int_member (evidence, "ms", mc_dns_answer_get_elapsed_us (answer) / 1000);
}

/* The domain of an address, lower case and in ASCII (IDN names such as
 * 日本語.jp become xn--…), or NULL when there is none. */
char *
mc_probe_domain_of_address (const char *address)
{
  const char *at;
  g_autofree char *ascii = NULL;

  if (address == NULL || (at = strrchr (address, '@')) == NULL || at[1] == '\0')
    return NULL;
  ascii = g_hostname_to_ascii (at + 1);
  if (ascii == NULL)
    return NULL;
  return g_ascii_strdown (ascii, -1);
}

/* One DNS query in a finding's evidence: what was asked, what came back,
 * and when it started and how long it took, in milliseconds from the start
 * of the checkup: the timings show which queries ran at the same time. */
void
mc_probe_add_query_evidence (McProbeContext *ctx,
                             JsonArray      *queries,
                             McDnsAnswer    *answer)
{
  JsonObject *query = json_object_new ();
  gint64 elapsed_us = mc_dns_answer_get_elapsed_us (answer);
  gint64 started_us = g_get_monotonic_time () - elapsed_us - ctx->started_us;
  int rcode = mc_dns_answer_get_rcode (answer);

  json_object_set_string_member (query, "name", mc_dns_answer_get_name (answer));
  json_object_set_string_member (query, "type", mc_dns_type_to_string (mc_dns_answer_get_query_type (answer)));
  json_object_set_string_member (query, "status",
                                 mc_dns_status_to_string (mc_dns_answer_get_status (answer)));
  if (rcode >= 0)
    json_object_set_string_member (query, "rcode", mc_dns_rcode_to_string (rcode));
  else
    json_object_set_null_member (query, "rcode");
  json_object_set_int_member (query, "started_ms", MAX (started_us, 0) / 1000);
  json_object_set_int_member (query, "ms", elapsed_us / 1000);
  json_array_add_object_element (queries, query);
}

/* The finding's "queries" evidence, empty, for mc_probe_add_query_evidence ()
 * or a McDnsBatch to fill; the evidence owns it. */
JsonArray *
mc_probe_add_queries_evidence (McFinding *finding)
{
  JsonArray *queries = json_array_new ();

  json_object_set_array_member (mc_finding_get_evidence (finding), "queries", queries);
  return queries;
}

typedef struct
{
  McStatus    status;
  const char *guidance;
  const char *msgid;
} FixedText;

static void
fixed_text (McFinding *finding,
            gpointer   user_data)
{
  const FixedText *text = user_data;

  mc_finding_complete (finding, text->status, text->guidance, "%s", _(text->msgid));
}

/* Completes a finding with a sentence that has no arguments: msgid is the
 * untranslated N_() string, translated in each report language. */
void
mc_probe_complete_text (McFinding  *finding,
                        McStatus    status,
                        const char *guidance,
                        const char *msgid)
{
  FixedText text = { status, guidance, msgid };

  mc_finding_complete_twice (finding, fixed_text, &text);
}

static gboolean
return_if_no_domain (const char *domain,
                     GTask      *task,
                     const char *msgid)
{
  if (domain != NULL)
    return FALSE;
  mc_probe_complete_text (g_task_get_source_object (task), MC_STATUS_INFO, NULL, msgid);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

/* A domain probe without a domain to check (no e-mail address was given)
 * completes its finding as information and returns its task. Returns
 * TRUE when it did. */
gboolean
mc_probe_return_if_no_domain (McProbeContext *ctx,
                              GTask          *task)
{
  return return_if_no_domain (ctx->domain, task, N_("Not checked: no e-mail address was given."));
}

/* The same for a recipient probe without a recipient. */
gboolean
mc_probe_return_if_no_recipient (McProbeContext *ctx,
                                 GTask          *task)
{
  return return_if_no_domain (ctx->recipient_domain, task,
                              N_("Not checked: no recipient was given."));
}

/* The same for message.attachment without a file or a size to check. */
gboolean
mc_probe_return_if_no_attachment (McProbeContext *ctx,
                                  GTask          *task)
{
  if ((ctx->attachments != NULL && ctx->attachments->len > 0) || ctx->attachment_bytes > 0)
    return FALSE;
  mc_probe_complete_text (g_task_get_source_object (task), MC_STATUS_INFO, NULL,
                          N_("Not checked: no attachment was chosen."));
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

/* "192.0.2.1, 2001:db8::1"; addresses may be NULL. */
char *
mc_addresses_text (GPtrArray *addresses)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      g_autofree char *text = g_inet_address_to_string (g_ptr_array_index (addresses, i));

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

static void
wait_notify_cb (McFinding  *finding,
                GParamSpec *pspec,
                GTask      *task)
{
  if (!mc_status_is_done (mc_finding_get_status (finding)) || g_task_get_completed (task))
    return;
  g_signal_handlers_disconnect_by_data (finding, task);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Completes when another finding has a result (at once if it has one):
 * for a probe that can start early but needs a fact that finding's probe
 * learns, such as the client address from the SMTP greeting. Every finding
 * ends with a result, cancelled runs included, so the wait always ends; the
 * caller checks its cancellable afterwards. */
void
mc_probe_wait_finding_async (McFinding           *finding,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (finding, cancellable, callback, user_data);

  g_task_set_source_tag (task, mc_probe_wait_finding_async);

  if (mc_status_is_done (mc_finding_get_status (finding)))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_signal_connect (finding, "notify::status", G_CALLBACK (wait_notify_cb), task);
}

gboolean
mc_probe_wait_finding_finish (McFinding     *finding,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, finding), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
