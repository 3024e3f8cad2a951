/* mc-checkup-plan.c: which findings a checkup has, and which probe fills each.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-checkup-plan.h"

/* Order matters: a finding comes after everything it depends on, and the
 * report's headline is the first of the worst findings in this order. */
const McFindingInfo mc_finding_plan[] = {
  { "network.link",    MC_GROUP_NETWORK, N_("Network connection") },
  { "network.dns",     MC_GROUP_NETWORK, N_("DNS") },
  { "server.address",  MC_GROUP_SERVER,  N_("Server address") },
  { "server.ports",    MC_GROUP_SERVER,  N_("Mail ports") },
  { "server.greeting", MC_GROUP_SERVER,  N_("Server greeting") },
  { "server.tls",      MC_GROUP_SERVER,  N_("Encryption (TLS)") },
  { "server.auth",     MC_GROUP_SERVER,  N_("Log-in") },
  { "server.sender",   MC_GROUP_SERVER,  N_("Sender address") },
  { "server.size",     MC_GROUP_SERVER,  N_("Message size limit") },
  { "server.settings", MC_GROUP_SERVER,  N_("Recommended settings") },
  { "domain.mx",        MC_GROUP_DOMAIN,    N_("Mail servers of your domain (MX)") },
  { "domain.spf",       MC_GROUP_DOMAIN,    N_("Sender policy (SPF)") },
  { "domain.dkim",      MC_GROUP_DOMAIN,    N_("Signature key (DKIM)") },
  { "domain.dmarc",     MC_GROUP_DOMAIN,    N_("Domain policy (DMARC)") },
  { "domain.ptr",       MC_GROUP_DOMAIN,    N_("Reverse DNS (PTR)") },
  { "domain.blocklist", MC_GROUP_DOMAIN,    N_("Blocklists") },
  { "domain.mta_sts",   MC_GROUP_DOMAIN,    N_("Transport security policy (MTA-STS)") },
  { "message.attachment", MC_GROUP_MESSAGE, N_("Attachments") },
  { "recipient.domain", MC_GROUP_RECIPIENT, N_("Recipient's domain") },
  { "recipient.provider", MC_GROUP_RECIPIENT, N_("Recipient's mail provider") },
};
const guint mc_finding_plan_len = G_N_ELEMENTS (mc_finding_plan);

const McProbeInfo mc_probe_plan[] = {
  { .findings = { "network.link" },
    .after = { "server.ports" },
    .budget = 1, .run = mc_probe_network_link },
  { .findings = { "network.dns" },
    .budget = 1, .run = mc_probe_network_dns },
  /* Looked up at the same time as network.dns: a server given as an address
   * needs no DNS, and a dead DNS shows up here as its cause. */
  { .findings = { "server.address" },
    .explained_by = { "network.dns" },
    .budget = 1, .run = mc_probe_server_address },
  { .findings = { "server.ports" },
    .needs = { "server.address" },
    .budget = 1, .run = mc_probe_server_ports },
  /* One SMTP dialogue (and two more on the other submission ports, at the
   * same time) fills every server.* finding below. It does not wait for the
   * port probe: when it cannot connect because the port is closed, the port
   * probe's finding is the cause. */
  { .findings = { "server.greeting", "server.tls", "server.auth", "server.sender", "server.size",
                  "server.settings" },
    .needs = { "server.address" },
    .explained_by = { "server.ports" },
    .budget = 6, .uses_password = TRUE, .run = mc_probe_smtp },
  /* The domain's records: asked at the start, all at once. A dead DNS shows
   * up as the cause of their failures. */
  { .findings = { "domain.mx" },
    .explained_by = { "network.dns" },
    .budget = 2, .run = mc_probe_domain_mx },
  /* SPF also says whether the server's addresses may send for the domain,
   * so it reads them; looking them up takes one round trip at the start. */
  { .findings = { "domain.spf" },
    .after = { "server.address" },
    .explained_by = { "network.dns" },
    .budget = 3, .run = mc_probe_domain_spf },
  { .findings = { "domain.dkim" },
    .explained_by = { "network.dns" },
    .budget = 2, .run = mc_probe_domain_dkim },
  { .findings = { "domain.dmarc" },
    .explained_by = { "network.dns" },
    .budget = 2, .run = mc_probe_domain_dmarc },
  /* The server's addresses at once; this computer's public address when the
   * SMTP greeting has told it (mc_probe_wait_finding_async). */
  { .findings = { "domain.ptr" },
    .needs = { "server.address" },
    .budget = 8, .run = mc_probe_domain_ptr },
  { .findings = { "domain.blocklist" },
    .needs = { "server.address" },
    .budget = 8, .run = mc_probe_domain_blocklist },
  { .findings = { "domain.mta_sts" },
    .explained_by = { "network.dns" },
    .budget = 2, .run = mc_probe_domain_mta_sts },
  /* Measures the chosen files in a thread; it compares them with the
   * limits that server.size and recipient.provider found, so it waits for
   * them, but it runs (and says the limit is not known) whatever they gave. */
  { .findings = { "message.attachment" },
    .after = { "server.size", "recipient.provider" },
    .budget = 1, .run = mc_probe_message_attachment },
  { .findings = { "recipient.domain" },
    .explained_by = { "network.dns" },
    .budget = 2, .run = mc_probe_recipient_domain },
  { .findings = { "recipient.provider" },
    .after = { "recipient.domain" },
    .budget = 1, .run = mc_probe_recipient_provider },
};
const guint mc_probe_plan_len = G_N_ELEMENTS (mc_probe_plan);
