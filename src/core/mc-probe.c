/* mc-probe.c: what the probes share: evidence from DNS answers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-probe.h"

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
