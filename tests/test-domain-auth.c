/* test-domain-auth.c: domain.dkim and domain.dmarc in whole checkups against real DNS (nsd) on loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The records are in tests/zones/dkim*.test.zone and dmarc*.test.zone, one
 * case per selector or subdomain; the DKIM keys there are real. The SMTP
 * ports are closed, so the server findings end at once and only the
 * domain's records take time.
 */
#include "config.h"

#include <string.h>

#include "mc-checkup.h"
#include "mc-i18n.h"
#include "mc-probe.h"
#include "mc-test-dns.h"
#include "mc-test-net.h"

static McTestDns *dns;

static guint16
closed_port (void)
{
  g_autoptr(GError) error = NULL;
  guint16 port = mc_test_pick_port (G_SOCKET_TYPE_STREAM, &error);

  g_assert_no_error (error);
  return port;
}

static McResolver *
make_resolver (const char *server)
{
  McResolver *resolver = mc_resolver_new ();
  const char *servers[] = { server, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  g_assert_no_error (error);
  return resolver;
}

/* A whole checkup of the account email (with a DKIM selector, or NULL). */
static McReport *
check (const char *email,
       const char *selector)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McResolver) resolver = make_resolver (mc_test_dns_get_server (dns));
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  g_autofree char *map = g_strdup_printf ("25=%u,465=%u,587=%u", closed_port (), closed_port (),
                                          closed_port ());

  mc_account_set_email (account, email);
  mc_account_set_host (account, "127.0.0.1");
  mc_account_set_port (account, 587);
  checkup = mc_checkup_new (account, resolver);
  g_assert_true (mc_checkup_set_port_map (checkup, map, &error));
  g_assert_no_error (error);
  mc_checkup_set_timeout (checkup, 5);
  mc_checkup_set_dkim_selector (checkup, selector);

  return mc_test_run_checkup (checkup, 30000);
}

static McFinding *
assert_finding (McReport   *report,
                const char *id,
                McStatus    status,
                const char *guidance,
                const char *summary_part)
{
  McFinding *f = mc_report_lookup_finding (report, id);

  g_assert_nonnull (f);
  g_test_message ("%s: %s", id, mc_finding_get_summary (f));
  g_test_message ("%s", mc_finding_get_details (f) != NULL ? mc_finding_get_details (f) : "");
  g_assert_cmpint (mc_finding_get_status (f), ==, status);
  g_assert_cmpstr (mc_finding_get_guidance (f), ==, guidance);
  if (summary_part != NULL && strstr (mc_finding_get_summary (f), summary_part) == NULL)
    g_error ("“%s” is not in the summary “%s”", summary_part, mc_finding_get_summary (f));
  return f;
}

static const char *
evidence_string (McFinding  *f,
                 const char *member)
{
  JsonObject *evidence = mc_finding_get_evidence (f);

  g_assert_true (json_object_has_member (evidence, member));
  return json_object_get_string_member_with_default (evidence, member, NULL);
}

static gboolean
evidence_is_null (McFinding  *f,
                  const char *member)
{
  JsonObject *evidence = mc_finding_get_evidence (f);

  g_assert_true (json_object_has_member (evidence, member));
  return json_object_get_null_member (evidence, member);
}

/* The queries in the evidence all started within a few milliseconds of
 * each other: they were asked at once, not one after another. */
static void
assert_concurrent (McFinding *f,
                   guint      n_queries)
{
  JsonArray *queries = json_object_get_array_member (mc_finding_get_evidence (f), "queries");
  gint64 first = G_MAXINT64, last = 0;

  g_assert_nonnull (queries);
  g_assert_cmpuint (json_array_get_length (queries), ==, n_queries);
  for (guint i = 0; i < n_queries; i++)
    {
      gint64 started = json_object_get_int_member (json_array_get_object_element (queries, i),
                                                   "started_ms");

      first = MIN (first, started);
      last = MAX (last, started);
    }
  g_assert_cmpint (last - first, <=, 50);
}

/* The names asked for, in any order. */
static void
assert_query_names (McFinding          *f,
                    const char * const *names)
{
  JsonArray *queries = json_object_get_array_member (mc_finding_get_evidence (f), "queries");

  g_assert_cmpuint (json_array_get_length (queries), ==, g_strv_length ((char **) names));
  for (guint i = 0; names[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < json_array_get_length (queries); j++)
        found |= g_str_equal (json_object_get_string_member (json_array_get_object_element (queries, j),
                                                             "name"), names[i]);
      if (!found)
        g_error ("%s was not asked for", names[i]);
    }
}

static McFinding *
check_dkim (McReport  **report_out,
            const char *selector,
            McStatus    status,
            const char *guidance,
            const char *summary_part)
{
  McReport *report = check ("taro@dkim.test", selector);
  McFinding *f = assert_finding (report, "domain.dkim", status, guidance, summary_part);

  g_assert_cmpstr (evidence_string (f, "selector"), ==, selector);
  g_assert_cmpstr (evidence_string (f, "selector_source"), ==, "given");
  assert_concurrent (f, 1);
  *report_out = report;
  return f;
}

static void
test_dkim_rsa_2048 (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dkim (&report, "s2048", MC_STATUS_OK, NULL, "a 2048-bit RSA key");
  JsonObject *evidence = mc_finding_get_evidence (f);

  g_assert_cmpstr (evidence_string (f, "key_type"), ==, "rsa");
  g_assert_cmpint (json_object_get_int_member (evidence, "key_bits"), ==, 2048);
  g_assert_false (json_object_get_boolean_member (evidence, "testing"));
  g_assert_true (g_str_has_prefix (evidence_string (f, "record"), "v=DKIM1; k=rsa; p=MIIB"));
}

static void
test_dkim_rsa_1024 (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dkim (&report, "s1024", MC_STATUS_WARN, "dkim-short-key",
                             "is a 1024-bit RSA key");

  g_assert_cmpint (json_object_get_int_member (mc_finding_get_evidence (f), "key_bits"), ==, 1024);
}

static void
test_dkim_rsa_512 (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dkim (&report, "s512", MC_STATUS_FAIL, "dkim-weak-key", "only 512 bits");

  g_assert_cmpint (json_object_get_int_member (mc_finding_get_evidence (f), "key_bits"), ==, 512);
}

static void
test_dkim_ed25519 (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dkim (&report, "ed", MC_STATUS_OK, NULL, "an Ed25519 key");

  g_assert_cmpstr (evidence_string (f, "key_type"), ==, "ed25519");
  g_assert_cmpint (json_object_get_int_member (mc_finding_get_evidence (f), "key_bits"), ==, 256);
}

static void
test_dkim_ed25519_spki (void)
{
  g_autoptr(McReport) report = NULL;

  check_dkim (&report, "edspki", MC_STATUS_FAIL, "dkim-syntax", "wrapped in a SubjectPublicKeyInfo");
}

static void
test_dkim_pkcs1 (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dkim (&report, "pkcs1", MC_STATUS_WARN, "dkim-key-format", "unusual form");

  g_assert_cmpint (json_object_get_int_member (mc_finding_get_evidence (f), "key_bits"), ==, 2048);
  g_assert_cmpstr (evidence_string (f, "key_format"), ==, "pkcs1");
}

static void
test_dkim_revoked (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dkim (&report, "revoked", MC_STATUS_FAIL, "dkim-revoked", "withdrawn");

  g_assert_true (evidence_is_null (f, "key_bits"));
  g_assert_true (json_object_get_boolean_member (mc_finding_get_evidence (f), "revoked"));
}

static void
test_dkim_testing (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dkim (&report, "testing", MC_STATUS_WARN, "dkim-testing",
                             "treat mail signed with it as unsigned");

  g_assert_true (json_object_get_boolean_member (mc_finding_get_evidence (f), "testing"));
}

static void
test_dkim_broken (void)
{
  static const struct { const char *selector; const char *words; } cases[] = {
    { "badb64", "the p= tag is not valid base64" },
    { "truncated", "the p= tag is not an RSA public key" },
    { "dsa", "unknown key type k=dsa" },
    { "v2", "the record does not start with v=DKIM1" },
    { "sha1", "allows only SHA-1 signatures" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McReport) report = NULL;
      McFinding *f = check_dkim (&report, cases[i].selector, MC_STATUS_FAIL, "dkim-syntax",
                                 cases[i].words);
      JsonArray *errors = json_object_get_array_member (mc_finding_get_evidence (f), "errors");

      g_assert_cmpuint (json_array_get_length (errors), >=, 1);
      g_assert_nonnull (strstr (json_array_get_string_element (errors, 0), cases[i].words));
    }
}

static void
test_dkim_two_keys (void)
{
  g_autoptr(McReport) report = NULL;

  check_dkim (&report, "twokeys", MC_STATUS_FAIL, "dkim-multiple", "There are 2 DKIM keys");
}

static void
test_dkim_not_found (void)
{
  g_autoptr(McReport) report = NULL;
  g_autoptr(McReport) report2 = NULL;
  McFinding *f = check_dkim (&report, "absent", MC_STATUS_FAIL, "dkim-not-found",
                             "no record at absent._domainkey.dkim.test");

  g_assert_true (evidence_is_null (f, "key_type"));
  g_assert_true (evidence_is_null (f, "key_bits"));
  /* A TXT record that is not a key is no key. */
  check_dkim (&report2, "notkey", MC_STATUS_FAIL, "dkim-not-found", "“notkey”");
}

static void
test_dkim_folding_whitespace (void)
{
  g_autoptr(McReport) report = NULL;

  check_dkim (&report, "spaced", MC_STATUS_WARN, "dkim-short-key", "1024-bit");
}

/* A selector that is a CNAME to the key, as hosted services publish them. */
static void
test_dkim_cname (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dkim (&report, "cname", MC_STATUS_OK, NULL, "a 2048-bit RSA key");

  g_assert_cmpint (json_object_get_int_member (mc_finding_get_evidence (f), "key_bits"), ==, 2048);
}

/* The whole name pasted where only the selector belongs. */
static void
test_dkim_selector_as_name (void)
{
  g_autoptr(McReport) report = check ("taro@dkim.test", "S2048._domainkey.dkim.test");
  McFinding *f = assert_finding (report, "domain.dkim", MC_STATUS_OK, NULL, "2048-bit");

  g_assert_cmpstr (evidence_string (f, "selector"), ==, "s2048");
}

static void
test_dkim_common_found (void)
{
  g_autoptr(McReport) report = check ("taro@dkimfound.test", NULL);
  McFinding *f = assert_finding (report, "domain.dkim", MC_STATUS_OK, NULL,
                                 "DKIM key found at selector “selector1” of dkimfound.test");
  JsonArray *found = json_object_get_array_member (mc_finding_get_evidence (f), "found_selectors");
  JsonArray *tried = json_object_get_array_member (mc_finding_get_evidence (f), "selectors_tried");

  g_assert_cmpstr (evidence_string (f, "selector"), ==, "selector1");
  g_assert_cmpstr (evidence_string (f, "selector_source"), ==, "common");
  g_assert_cmpint (json_object_get_int_member (mc_finding_get_evidence (f), "key_bits"), ==, 2048);
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_assert_cmpuint (json_array_get_length (tried), >=, 10);
  g_assert_cmpuint (json_array_get_length (tried), <=, 15);
  assert_concurrent (f, json_array_get_length (tried));
}

/* Two keys at common selectors: the worse one is reported. */
static void
test_dkim_common_worst (void)
{
  g_autoptr(McReport) report = check ("taro@dkimmulti.test", NULL);
  McFinding *f = assert_finding (report, "domain.dkim", MC_STATUS_WARN, "dkim-short-key",
                                 "selector “k1”");
  JsonArray *found = json_object_get_array_member (mc_finding_get_evidence (f), "found_selectors");

  g_assert_cmpstr (evidence_string (f, "selector"), ==, "k1");
  g_assert_cmpuint (json_array_get_length (found), ==, 2);
}

/* Nothing at the common selectors: information, never a failure. */
static void
test_dkim_common_none (void)
{
  g_autoptr(McReport) report = check ("taro@dkimnone.test", NULL);
  McFinding *f = assert_finding (report, "domain.dkim", MC_STATUS_INFO, "dkim-selector-missing",
                                 "Give your selector");

  g_assert_true (evidence_is_null (f, "selector"));
  g_assert_true (evidence_is_null (f, "key_bits"));
}

static McFinding *
check_dmarc (McReport  **report_out,
             const char *email,
             McStatus    status,
             const char *guidance,
             const char *summary_part)
{
  McReport *report = check (email, NULL);
  McFinding *f = assert_finding (report, "domain.dmarc", status, guidance, summary_part);

  *report_out = report;
  return f;
}

static void
test_dmarc_none (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@none.dmarc.test", MC_STATUS_WARN, "dmarc-none",
                              "it protects nothing");
  JsonArray *rua = json_object_get_array_member (mc_finding_get_evidence (f), "rua");

  g_assert_cmpstr (evidence_string (f, "record"), ==, "v=DMARC1; p=none; rua=mailto:dmarc@dmarc.test");
  g_assert_cmpstr (evidence_string (f, "policy"), ==, "none");
  g_assert_cmpstr (evidence_string (f, "found_at"), ==, "none.dmarc.test");
  g_assert_cmpuint (json_array_get_length (rua), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (rua, 0), ==, "mailto:dmarc@dmarc.test");
  assert_concurrent (f, 3);
}

static void
test_dmarc_reject (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@reject.dmarc.test", MC_STATUS_OK, NULL,
                              "has a DMARC record with the policy “reject”");
  JsonObject *evidence = mc_finding_get_evidence (f);
  JsonObject *alignment = json_object_get_object_member (evidence, "alignment");

  g_assert_cmpstr (evidence_string (f, "policy"), ==, "reject");
  g_assert_cmpstr (evidence_string (f, "subdomain_policy"), ==, "quarantine");
  g_assert_cmpstr (evidence_string (f, "np"), ==, "quarantine");
  g_assert_cmpstr (json_object_get_string_member (alignment, "dkim"), ==, "strict");
  g_assert_cmpstr (json_object_get_string_member (alignment, "spf"), ==, "relaxed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evidence, "rua")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evidence, "ruf")), ==, 1);
  g_assert_nonnull (strstr (mc_finding_get_details (f), "mailto:agg@reports.example!10m"));
}

static void
test_dmarc_broken (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@broken.dmarc.test", MC_STATUS_FAIL, "dmarc-syntax",
                              "p=block is not a policy");
  JsonArray *errors = json_object_get_array_member (mc_finding_get_evidence (f), "errors");

  g_assert_cmpuint (json_array_get_length (errors), ==, 3);
  g_assert_nonnull (strstr (json_array_get_string_element (errors, 1), "adkim=x"));
  g_assert_nonnull (strstr (json_array_get_string_element (errors, 2), "lacks “mailto:”"));
}

static void
test_dmarc_wrong_version (void)
{
  g_autoptr(McReport) report = NULL;

  check_dmarc (&report, "taro@wrongver.dmarc.test", MC_STATUS_FAIL, "dmarc-syntax",
               "does not start with v=DMARC1 (it says v=DMARC2)");
}

static void
test_dmarc_rfc9989_testing (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@bis.dmarc.test", MC_STATUS_WARN, "dmarc-testing",
                              "(t=y)");
  JsonObject *evidence = mc_finding_get_evidence (f);

  g_assert_cmpstr (evidence_string (f, "policy"), ==, "quarantine");
  g_assert_cmpstr (evidence_string (f, "np"), ==, "reject");
  g_assert_cmpstr (evidence_string (f, "psd"), ==, "n");
  g_assert_true (json_object_get_boolean_member (evidence, "testing"));
  /* psd=n: the walk stops at the domain, its own organisational domain. */
  g_assert_cmpstr (evidence_string (f, "organizational_domain"), ==, "bis.dmarc.test");
}

static void
test_dmarc_rfc9989_tags (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@bisok.dmarc.test", MC_STATUS_OK, NULL, "“reject”");

  g_assert_cmpstr (evidence_string (f, "subdomain_policy"), ==, "quarantine");
  g_assert_cmpstr (evidence_string (f, "np"), ==, "reject");
  g_assert_false (json_object_get_boolean_member (mc_finding_get_evidence (f), "testing"));
}

static void
test_dmarc_multiple (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@multiple.dmarc.test", MC_STATUS_FAIL,
                              "dmarc-multiple", "has 2 DMARC records");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (mc_finding_get_evidence (f),
                                                                         "records")), ==, 2);
}

static void
test_dmarc_no_policy (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@nop.dmarc.test", MC_STATUS_WARN, "dmarc-none",
                              "has no p= tag");

  g_assert_cmpstr (evidence_string (f, "policy"), ==, "none");
  g_assert_true (json_object_get_boolean_member (mc_finding_get_evidence (f), "policy_implied"));
}

static void
test_dmarc_legacy (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@legacy.dmarc.test", MC_STATUS_OK, NULL, "“quarantine”");
  JsonObject *evidence = mc_finding_get_evidence (f);
  JsonArray *legacy = json_object_get_array_member (evidence, "legacy_tags");
  JsonArray *unknown = json_object_get_array_member (evidence, "unknown_tags");

  g_assert_cmpuint (json_array_get_length (legacy), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (legacy, 0), ==, "pct=50");
  g_assert_cmpuint (json_array_get_length (unknown), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (unknown, 0), ==, "foo=bar");
  g_assert_nonnull (strstr (mc_finding_get_details (f), "pct=50"));
}

/* One record in two strings, beside an unrelated TXT record. */
static void
test_dmarc_split (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@split.dmarc.test", MC_STATUS_OK, NULL, "“reject”");

  g_assert_cmpstr (evidence_string (f, "record"), ==,
                   "v=DMARC1; p=reject; rua=mailto:agg@dmarc.test");
}

static void
test_dmarc_missing (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@missing.dmarc.test", MC_STATUS_FAIL, "dmarc-missing",
                              "such as Gmail and Yahoo");

  g_assert_true (evidence_is_null (f, "record"));
  g_assert_true (evidence_is_null (f, "policy"));
  assert_query_names (f, (const char * const []) { "_dmarc.missing.dmarc.test", "_dmarc.dmarc.test",
                                                   "_dmarc.test", NULL });
  assert_concurrent (f, 3);
}

/* A subdomain without a record of its own falls back to its
 * organisational domain's, and to its policy for subdomains. */
static void
test_dmarc_organizational (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@mail.dmarcorg.test", MC_STATUS_OK, NULL,
                              "the record of its organisational domain dmarcorg.test applies");

  g_assert_cmpstr (evidence_string (f, "found_at"), ==, "dmarcorg.test");
  g_assert_cmpstr (evidence_string (f, "organizational_domain"), ==, "dmarcorg.test");
  g_assert_cmpstr (evidence_string (f, "policy"), ==, "reject");
}

/* Seven labels: the walk jumps to four (RFC 9989 §4.10), five queries in
 * all, asked at once; the record with the fewest labels is the
 * organisational domain's, not the one on d.e.dmarcorg.test. */
static void
test_dmarc_deep (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_dmarc (&report, "taro@a.b.c.d.e.dmarcorg.test", MC_STATUS_OK, NULL,
                              "dmarcorg.test");

  assert_query_names (f, (const char * const []) { "_dmarc.a.b.c.d.e.dmarcorg.test",
                                                   "_dmarc.d.e.dmarcorg.test",
                                                   "_dmarc.e.dmarcorg.test", "_dmarc.dmarcorg.test",
                                                   "_dmarc.test", NULL });
  assert_concurrent (f, 5);
  g_assert_cmpstr (evidence_string (f, "found_at"), ==, "dmarcorg.test");
  g_assert_cmpstr (evidence_string (f, "policy"), ==, "reject");
}

static void
test_dmarc_public_suffix (void)
{
  g_autoptr(McReport) report = NULL;
  g_autoptr(McReport) report2 = NULL;
  McFinding *f = check_dmarc (&report, "taro@shop.dmarcpsd.test", MC_STATUS_WARN, "dmarc-missing",
                              "a public suffix");

  g_assert_cmpstr (evidence_string (f, "found_at"), ==, "dmarcpsd.test");
  g_assert_cmpstr (evidence_string (f, "organizational_domain"), ==, "shop.dmarcpsd.test");

  /* A domain under the public suffix with a record of its own. */
  f = check_dmarc (&report2, "taro@own.dmarcpsd.test", MC_STATUS_WARN, "dmarc-none", NULL);
  g_assert_cmpstr (evidence_string (f, "found_at"), ==, "own.dmarcpsd.test");
  g_assert_cmpstr (evidence_string (f, "organizational_domain"), ==, "own.dmarcpsd.test");
}

/* A zone that does not load: its server answers SERVFAIL. The DNS could
 * not be asked, which is an error of the check, not a fault found. */
static void
test_servfail (void)
{
  g_autoptr(McReport) report = check ("taro@broken.test", "s1");
  g_autoptr(McReport) common = check ("taro@broken.test", NULL);

  assert_finding (report, "domain.dkim", MC_STATUS_ERROR, "domain-dns-servfail", "SERVFAIL");
  assert_finding (report, "domain.dmarc", MC_STATUS_ERROR, "domain-dns-servfail", "SERVFAIL");
  assert_finding (common, "domain.dkim", MC_STATUS_ERROR, "domain-dns-servfail", "SERVFAIL");
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
} ProbeRun;

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProbeRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->ok = g_task_propagate_boolean (G_TASK (result), &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

/* One probe on its own, against a DNS server that never answers, with a
 * deadline shorter than the resolver's own time-out. */
static McFinding *
run_probe_silent (McProbeFunc  probe,
                  const char  *domain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (&error);
  g_autoptr(McResolver) resolver = NULL;
  McProbeContext ctx = { 0 };
  McFinding *f = mc_finding_new ("domain.x", MC_GROUP_DOMAIN, "x");
  ProbeRun run = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  resolver = make_resolver (mc_test_silent_dns_get_server (silent));
  mc_resolver_set_query_timeout (resolver, 10000, 1);
  ctx.resolver = resolver;
  ctx.timeout_ms = 1000;
  ctx.domain = g_strdup (domain);
  ctx.started_us = start;

  mc_finding_begin (f);
  probe (&ctx, f, NULL, probe_done_cb, &run);
  mc_test_iterate_until (&run.done, 10000);
  g_assert_true (run.ok);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 5000);
  mc_probe_context_clear (&ctx);
  return f;
}

static void
test_deadline (void)
{
  g_autoptr(McFinding) dkim = run_probe_silent (mc_probe_domain_dkim, "dkim.test");
  g_autoptr(McFinding) dmarc = run_probe_silent (mc_probe_domain_dmarc, "dmarc.test");
  g_autoptr(McFinding) no_address = run_probe_silent (mc_probe_domain_dmarc, NULL);

  g_assert_cmpint (mc_finding_get_status (dkim), ==, MC_STATUS_ERROR);
  g_assert_cmpstr (mc_finding_get_guidance (dkim), ==, "dns-no-answer");
  g_assert_nonnull (strstr (mc_finding_get_summary (dkim), "within 1 second."));
  g_assert_cmpint (mc_finding_get_status (dmarc), ==, MC_STATUS_ERROR);
  g_assert_cmpstr (mc_finding_get_guidance (dmarc), ==, "dns-no-answer");
  g_assert_cmpint (mc_finding_get_status (no_address), ==, MC_STATUS_INFO);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_unsetenv ("MAIL_CHECKUP_PORT_MAP");
  g_setenv ("LANGUAGE", "en", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);

  g_test_add_func ("/domain-auth/dkim/rsa-2048", test_dkim_rsa_2048);
  g_test_add_func ("/domain-auth/dkim/rsa-1024", test_dkim_rsa_1024);
  g_test_add_func ("/domain-auth/dkim/rsa-512", test_dkim_rsa_512);
  g_test_add_func ("/domain-auth/dkim/ed25519", test_dkim_ed25519);
  g_test_add_func ("/domain-auth/dkim/ed25519-spki", test_dkim_ed25519_spki);
  g_test_add_func ("/domain-auth/dkim/pkcs1", test_dkim_pkcs1);
  g_test_add_func ("/domain-auth/dkim/revoked", test_dkim_revoked);
  g_test_add_func ("/domain-auth/dkim/testing", test_dkim_testing);
  g_test_add_func ("/domain-auth/dkim/broken", test_dkim_broken);
  g_test_add_func ("/domain-auth/dkim/two-keys", test_dkim_two_keys);
  g_test_add_func ("/domain-auth/dkim/not-found", test_dkim_not_found);
  g_test_add_func ("/domain-auth/dkim/folding-whitespace", test_dkim_folding_whitespace);
  g_test_add_func ("/domain-auth/dkim/cname", test_dkim_cname);
  g_test_add_func ("/domain-auth/dkim/selector-as-name", test_dkim_selector_as_name);
  g_test_add_func ("/domain-auth/dkim/common-found", test_dkim_common_found);
  g_test_add_func ("/domain-auth/dkim/common-worst", test_dkim_common_worst);
  g_test_add_func ("/domain-auth/dkim/common-none", test_dkim_common_none);
  g_test_add_func ("/domain-auth/dmarc/none", test_dmarc_none);
  g_test_add_func ("/domain-auth/dmarc/reject", test_dmarc_reject);
  g_test_add_func ("/domain-auth/dmarc/broken", test_dmarc_broken);
  g_test_add_func ("/domain-auth/dmarc/wrong-version", test_dmarc_wrong_version);
  g_test_add_func ("/domain-auth/dmarc/rfc9989-testing", test_dmarc_rfc9989_testing);
  g_test_add_func ("/domain-auth/dmarc/rfc9989-tags", test_dmarc_rfc9989_tags);
  g_test_add_func ("/domain-auth/dmarc/multiple", test_dmarc_multiple);
  g_test_add_func ("/domain-auth/dmarc/no-policy", test_dmarc_no_policy);
  g_test_add_func ("/domain-auth/dmarc/legacy", test_dmarc_legacy);
  g_test_add_func ("/domain-auth/dmarc/split", test_dmarc_split);
  g_test_add_func ("/domain-auth/dmarc/missing", test_dmarc_missing);
  g_test_add_func ("/domain-auth/dmarc/organizational", test_dmarc_organizational);
  g_test_add_func ("/domain-auth/dmarc/deep", test_dmarc_deep);
  g_test_add_func ("/domain-auth/dmarc/public-suffix", test_dmarc_public_suffix);
  g_test_add_func ("/domain-auth/servfail", test_servfail);
  g_test_add_func ("/domain-auth/deadline", test_deadline);

  status = g_test_run ();
  mc_test_dns_stop (dns);
  return status;
}
