/* mc-probe.c: what the probes share: evidence from DNS answers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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
}

void
mc_probe_context_clear (McProbeContext *ctx)
{
  mc_probe_context_reset_facts (ctx);
  g_clear_pointer (&ctx->password, mc_password_free);
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
