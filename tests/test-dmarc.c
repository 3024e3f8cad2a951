/* test-dmarc.c: unit tests of the DMARC record parser and of RFC 9989's tree walk, on the RFCs' examples.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-dmarc.h"

static void
assert_valid (McDmarcRecord *record)
{
  if (!mc_dmarc_record_is_valid (record))
    g_error ("“%s”: %s", record->record, mc_dmarc_record_get_error (record));
  g_assert_true (record->is_dmarc);
}

/* RFC 7489 appendix B.2.1 (and RFC 9989's "Entire Domain, Monitoring Only"). */
static void
test_rfc7489_monitoring (void)
{
  g_autoptr(McDmarcRecord) record = mc_dmarc_record_parse ("v=DMARC1; p=none; "
                                                           "rua=mailto:dmarc-feedback@example.com");

  assert_valid (record);
  g_assert_cmpint (record->policy, ==, MC_DMARC_POLICY_NONE);
  g_assert_false (record->policy_implied);
  g_assert_cmpint (record->subdomain_policy, ==, MC_DMARC_POLICY_UNSET);
  g_assert_cmpint (mc_dmarc_record_get_subdomain_policy (record), ==, MC_DMARC_POLICY_NONE);
  g_assert_cmpint (mc_dmarc_record_get_nonexistent_policy (record), ==, MC_DMARC_POLICY_NONE);
  g_assert_cmpint (record->adkim, ==, 'r');
  g_assert_cmpint (record->aspf, ==, 'r');
  g_assert_cmpint (record->psd, ==, 'u');
  g_assert_false (record->testing);
  g_assert_cmpuint (record->rua->len, ==, 1);
  g_assert_cmpstr (record->rua->pdata[0], ==, "mailto:dmarc-feedback@example.com");
  g_assert_cmpuint (record->ruf->len, ==, 0);
  g_assert_cmpint (record->pct, ==, -1);
}

/* RFC 7489 appendix B.2.2 and B.2.3: failure reports, to a third party. */
static void
test_rfc7489_failure_reports (void)
{
  g_autoptr(McDmarcRecord) own = mc_dmarc_record_parse ("v=DMARC1; p=none; "
                                                        "rua=mailto:dmarc-feedback@example.com; "
                                                        "ruf=mailto:auth-reports@example.com");
  g_autoptr(McDmarcRecord) third = mc_dmarc_record_parse ("v=DMARC1; p=none; "
                                                          "rua=mailto:dmarc-feedback@example.com; "
                                                          "ruf=mailto:auth-reports@thirdparty.example.net");

  assert_valid (own);
  g_assert_cmpuint (own->ruf->len, ==, 1);
  g_assert_cmpstr (own->ruf->pdata[0], ==, "mailto:auth-reports@example.com");
  assert_valid (third);
  g_assert_cmpstr (third->ruf->pdata[0], ==, "mailto:auth-reports@thirdparty.example.net");
}

/* RFC 7489 appendix B.2.4: two aggregate URIs, one with a size limit, and
 * sampling (pct), a tag RFC 9989 removed. */
static void
test_rfc7489_sampling (void)
{
  g_autoptr(McDmarcRecord) record =
    mc_dmarc_record_parse ("v=DMARC1; p=quarantine; "
                           "rua=mailto:dmarc-feedback@example.com,"
                           "mailto:tld-test@thirdparty.example.net!10m; "
                           "pct=25");

  assert_valid (record);
  g_assert_cmpint (record->policy, ==, MC_DMARC_POLICY_QUARANTINE);
  g_assert_cmpuint (record->rua->len, ==, 2);
  g_assert_cmpstr (record->rua->pdata[1], ==, "mailto:tld-test@thirdparty.example.net!10m");
  g_assert_cmpint (record->pct, ==, 25);
  g_assert_cmpuint (record->legacy_tags->len, ==, 1);
  g_assert_cmpstr (record->legacy_tags->pdata[0], ==, "pct=25");
}

/* RFC 7489 appendix B.3.1 (RFC 9989 "SMTP Session Example"). */
static void
test_rfc7489_smtp_time (void)
{
  g_autoptr(McDmarcRecord) record = mc_dmarc_record_parse ("v=DMARC1; p=reject; aspf=r; "
                                                           "rua=mailto:dmarc-feedback@example.com");

  assert_valid (record);
  g_assert_cmpint (record->policy, ==, MC_DMARC_POLICY_REJECT);
  g_assert_cmpint (record->aspf, ==, 'r');
}

/* RFC 9989 "Subdomain, Testing, and Multiple Aggregate Report URIs", before
 * and after the test, and the tags it added. */
static void
test_rfc9989_examples (void)
{
  g_autoptr(McDmarcRecord) testing =
    mc_dmarc_record_parse ("v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,"
                           "mailto:tld-test@thirdparty.example.net;t=y");
  g_autoptr(McDmarcRecord) after =
    mc_dmarc_record_parse ("v=DMARC1; p=reject; rua=mailto:dmarc-feedback@example.com,"
                           "mailto:tld-test@thirdparty.example.net");
  g_autoptr(McDmarcRecord) psd = mc_dmarc_record_parse ("v=DMARC1; p=reject; psd=y");
  g_autoptr(McDmarcRecord) tags =
    mc_dmarc_record_parse ("v=DMARC1; p=none; sp=quarantine; np=reject; psd=n; t=n; adkim=s; "
                           "aspf=s; fo=d:s");

  assert_valid (testing);
  g_assert_true (testing->testing);
  g_assert_cmpuint (testing->rua->len, ==, 2);
  assert_valid (after);
  g_assert_false (after->testing);
  assert_valid (psd);
  g_assert_cmpint (psd->psd, ==, 'y');

  assert_valid (tags);
  g_assert_cmpint (tags->policy, ==, MC_DMARC_POLICY_NONE);
  g_assert_cmpint (mc_dmarc_record_get_subdomain_policy (tags), ==, MC_DMARC_POLICY_QUARANTINE);
  g_assert_cmpint (mc_dmarc_record_get_nonexistent_policy (tags), ==, MC_DMARC_POLICY_REJECT);
  g_assert_cmpint (tags->psd, ==, 'n');
  g_assert_cmpint (tags->adkim, ==, 's');
  g_assert_cmpint (tags->aspf, ==, 's');
  g_assert_cmpstr (tags->fo, ==, "d:s");
  g_assert_cmpuint (tags->legacy_tags->len, ==, 0);
}

/* White space around "=" and ";", tag names in either case (they are ABNF
 * strings), and unknown tags ignored but listed. */
static void
test_lenient_forms (void)
{
  g_autoptr(McDmarcRecord) record =
    mc_dmarc_record_parse ("V = DMARC1 ; P = Reject ;\tSP=none; future \t=\t value ; "
                           "RUA = mailto:a@example.com ,\tmailto:b@example.com ; rf=afrf; ri=3600;");
  g_autoptr(McDmarcRecord) bare = mc_dmarc_record_parse ("v=DMARC1;p=reject");

  assert_valid (record);
  g_assert_cmpint (record->policy, ==, MC_DMARC_POLICY_REJECT);
  g_assert_cmpint (record->subdomain_policy, ==, MC_DMARC_POLICY_NONE);
  g_assert_cmpuint (record->rua->len, ==, 2);
  g_assert_cmpstr (record->rua->pdata[1], ==, "mailto:b@example.com");
  g_assert_cmpuint (record->unknown_tags->len, ==, 1);
  g_assert_cmpstr (record->unknown_tags->pdata[0], ==, "future=value");
  g_assert_cmpuint (record->legacy_tags->len, ==, 2);
  assert_valid (bare);
}

/* RFC 7489 §6.6.3 and RFC 9989 (policy discovery): no valid p=, but a
 * valid rua=, reads as p=none. Without rua= the record is ignored. */
static void
test_missing_policy (void)
{
  g_autoptr(McDmarcRecord) with_rua = mc_dmarc_record_parse ("v=DMARC1; rua=mailto:agg@example.com");
  g_autoptr(McDmarcRecord) without = mc_dmarc_record_parse ("v=DMARC1; adkim=s");
  g_autoptr(McDmarcRecord) bad_p = mc_dmarc_record_parse ("v=DMARC1; p=block; rua=mailto:agg@example.com");

  assert_valid (with_rua);
  g_assert_cmpint (with_rua->policy, ==, MC_DMARC_POLICY_NONE);
  g_assert_true (with_rua->policy_implied);

  g_assert_false (mc_dmarc_record_is_valid (without));
  g_assert_cmpint (without->policy, ==, MC_DMARC_POLICY_UNSET);
  g_assert_cmpint (((McRecordProblem *) without->problems->pdata[0])->code, ==,
                   MC_RECORD_PROBLEM_MISSING);

  /* Named as a mistake, and read as p=none as receivers read it. */
  g_assert_false (mc_dmarc_record_is_valid (bad_p));
  g_assert_cmpint (bad_p->policy, ==, MC_DMARC_POLICY_NONE);
  g_assert_true (bad_p->policy_implied);
}

static void
test_broken (void)
{
  static const struct
  {
    const char          *record;
    McRecordProblemCode  code;
    const char          *words;
  } cases[] = {
    { "v=DMARC1; p=block", MC_RECORD_PROBLEM_VALUE,
      "p=block is not a policy (it must be none, quarantine or reject)" },
    { "v=DMARC1; p=reject; sp=deny", MC_RECORD_PROBLEM_VALUE, "sp=deny is not a policy" },
    { "v=DMARC1; p=reject; np=drop", MC_RECORD_PROBLEM_VALUE, "np=drop is not a policy" },
    { "v=DMARC1; p=reject; adkim=x", MC_RECORD_PROBLEM_VALUE,
      "adkim=x is not an alignment mode (it must be r for relaxed or s for strict)" },
    { "v=DMARC1; p=reject; aspf=relaxed", MC_RECORD_PROBLEM_VALUE, "aspf=relaxed is not an alignment mode" },
    { "v=DMARC1; p=reject; psd=yes", MC_RECORD_PROBLEM_VALUE, "psd=yes is not valid (it must be y, n or u)" },
    { "v=DMARC1; p=reject; t=1", MC_RECORD_PROBLEM_VALUE, "t=1 is not valid (it must be y or n)" },
    { "v=DMARC1; p=reject; fo=2", MC_RECORD_PROBLEM_VALUE, "fo=2 is not valid" },
    { "v=DMARC1; p=reject; pct=150", MC_RECORD_PROBLEM_VALUE,
      "pct=150 is not valid (it must be a whole number from 0 to 100)" },
    { "v=DMARC1; p=reject; ri=daily", MC_RECORD_PROBLEM_VALUE, "ri=daily is not valid" },
    { "v=DMARC1; p=reject; sp=", MC_RECORD_PROBLEM_VALUE, "the tag sp= has no value" },
    { "v=DMARC1; p=reject; rua=dmarc@example.com", MC_RECORD_PROBLEM_URI,
      "rua=: “dmarc@example.com” lacks “mailto:” in front" },
    { "v=DMARC1; p=reject; rua=mailto:dmarc", MC_RECORD_PROBLEM_URI,
      "rua=: “mailto:dmarc” is not a valid address" },
    { "v=DMARC1; p=reject; ruf=reports", MC_RECORD_PROBLEM_URI, "ruf=: “reports” is not a valid address" },
    { "v=DMARC1; p=reject; rua=mailto:a@example.com!10x", MC_RECORD_PROBLEM_URI,
      "the size limit in “mailto:a@example.com!10x” is not valid" },
    { "v=DMARC1; p=reject; rua=mailto:a@example.com,,mailto:b@example.com", MC_RECORD_PROBLEM_URI,
      "rua= has an empty address between commas" },
    { "v=DMARC1; p=none; p=reject", MC_RECORD_PROBLEM_DUPLICATE, "the tag p= appears more than once" },
    { "v=DMARC1; p=none; reject", MC_RECORD_PROBLEM_SYNTAX, "“reject” is not of the form tag=value" },
    { "v=DMARC1; p:reject", MC_RECORD_PROBLEM_SYNTAX, "“p:reject” is not of the form tag=value" },
    { "v=DMARC1", MC_RECORD_PROBLEM_MISSING, "the record has no p= tag" },
    { "v=DMARC2; p=reject", MC_RECORD_PROBLEM_VERSION,
      "the record does not start with v=DMARC1 (it says v=DMARC2)" },
    { "v=dmarc1; p=reject", MC_RECORD_PROBLEM_VERSION, "(it says v=dmarc1)" },
    { "p=reject; v=DMARC1", MC_RECORD_PROBLEM_VERSION, "the record does not start with v=DMARC1" },
    { "v=DMARC1p=reject", MC_RECORD_PROBLEM_VERSION, "the record does not start with v=DMARC1" },
    { "", MC_RECORD_PROBLEM_VERSION, "the record does not start with v=DMARC1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McDmarcRecord) record = mc_dmarc_record_parse (cases[i].record);
      McRecordProblem *problem;

      g_test_message ("%s", cases[i].record);
      g_assert_false (mc_dmarc_record_is_valid (record));
      problem = g_ptr_array_index (record->problems, 0);
      g_assert_cmpint (problem->code, ==, cases[i].code);
      g_assert_nonnull (strstr (problem->message, cases[i].words));
      g_assert_cmpstr (mc_dmarc_record_get_error (record), ==, problem->message);
      g_assert_true (record->is_dmarc == (cases[i].code != MC_RECORD_PROBLEM_VERSION));
    }
}

static void
test_is_record (void)
{
  g_assert_true (mc_dmarc_is_record ("v=DMARC1; p=none"));
  g_assert_true (mc_dmarc_is_record ("v=DMARC1"));
  g_assert_true (mc_dmarc_is_record (" V = DMARC1 ;"));
  g_assert_false (mc_dmarc_is_record ("v=DMARC10; p=none"));
  g_assert_false (mc_dmarc_is_record ("v=dmarc1; p=none"));
  g_assert_false (mc_dmarc_is_record ("p=none; v=DMARC1"));

  g_assert_true (mc_dmarc_looks_like_record ("v=DMARC2; p=none"));
  g_assert_true (mc_dmarc_looks_like_record ("p=reject; v=DMARC1"));
  g_assert_true (mc_dmarc_looks_like_record ("v=spf1 -all"));
  g_assert_false (mc_dmarc_looks_like_record ("google-site-verification=abc"));
}

static void
assert_targets (const char         *domain,
                const char * const *expected)
{
  g_autoptr(GPtrArray) targets = mc_dmarc_walk_targets (domain);

  g_assert_cmpuint (targets->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < targets->len; i++)
    g_assert_cmpstr (targets->pdata[i], ==, expected[i]);
}

/* RFC 9989 §4.10 and its examples: at most five names, jumping to four
 * labels from a longer domain. */
static void
test_walk_targets (void)
{
  assert_targets ("example.com", (const char * const []) { "example.com", "com", NULL });
  assert_targets ("a.mail.example.com",
                  (const char * const []) { "a.mail.example.com", "mail.example.com", "example.com",
                                            "com", NULL });
  assert_targets ("a.b.c.d.e.mail.example.com",
                  (const char * const []) { "a.b.c.d.e.mail.example.com", "e.mail.example.com",
                                            "mail.example.com", "example.com", "com", NULL });
  assert_targets ("a.b.c.d.e.f.g.h.i.j.k.example.com",
                  (const char * const []) { "a.b.c.d.e.f.g.h.i.j.k.example.com", "j.k.example.com",
                                            "k.example.com", "example.com", "com", NULL });
  assert_targets ("e.mail.example.com",
                  (const char * const []) { "e.mail.example.com", "mail.example.com", "example.com",
                                            "com", NULL });
  assert_targets ("f.e.mail.example.com",
                  (const char * const []) { "f.e.mail.example.com", "e.mail.example.com",
                                            "mail.example.com", "example.com", "com", NULL });
  assert_targets ("example.com.", (const char * const []) { "example.com", "com", NULL });
  assert_targets ("localhost", (const char * const []) { "localhost", NULL });
}

/* Runs discovery for a domain with records (NULL: none) at its targets. */
static void
discover (const char         *domain,
          const char * const *texts,
          McDmarcDiscovery   *discovery)
{
  g_autoptr(GPtrArray) targets = mc_dmarc_walk_targets (domain);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();

  for (guint i = 0; i < targets->len; i++)
    g_ptr_array_add (records, texts[i] != NULL ? mc_dmarc_record_parse (texts[i]) : NULL);
  mc_dmarc_discover (domain, targets, (McDmarcRecord *const *) records->pdata, discovery);
  for (guint i = 0; i < records->len; i++)
    if (records->pdata[i] != NULL)
      mc_dmarc_record_free (records->pdata[i]);
}

static void
test_discovery (void)
{
  /* The domain's own record applies; the organisational domain is the
   * highest with a record (RFC 9989 "Simple Organizational and Policy
   * Example"). */
  {
    g_auto(McDmarcDiscovery) found = { 0 };

    discover ("example.com", (const char * const []) { "v=DMARC1; p=reject", NULL }, &found);
    g_assert_cmpint (found.policy_index, ==, 0);
    g_assert_cmpstr (found.organizational_domain, ==, "example.com");
    g_assert_false (found.from_public_suffix);
  }
  /* RFC 9989's organisational domain example: records at mail.example.com and
   * example.com; the organisational domain's record applies. */
  {
    g_auto(McDmarcDiscovery) found = { 0 };

    discover ("a.mail.example.com",
              (const char * const []) { NULL, "v=DMARC1; p=none", "v=DMARC1; p=reject", NULL },
              &found);
    g_assert_cmpint (found.policy_index, ==, 2);
    g_assert_cmpstr (found.organizational_domain, ==, "example.com");
    g_assert_cmpuint (found.n_used, ==, 4);
  }
  /* "Deep Tree Walk Example". */
  {
    g_auto(McDmarcDiscovery) found = { 0 };

    discover ("a.b.c.d.e.f.g.h.i.j.k.example.com",
              (const char * const []) { NULL, NULL, NULL, "v=DMARC1; p=quarantine", NULL },
              &found);
    g_assert_cmpint (found.policy_index, ==, 3);
    g_assert_cmpstr (found.organizational_domain, ==, "example.com");
  }
  /* "Example with a PSD DMARC Record": giant.bank.example has a record,
   * bank.example has psd=y: the walk stops there. */
  {
    g_auto(McDmarcDiscovery) found = { 0 };

    discover ("giant.bank.example",
              (const char * const []) { "v=DMARC1; p=reject", "v=DMARC1; p=none; psd=y",
                                        "v=DMARC1; p=none" },
              &found);
    g_assert_cmpint (found.policy_index, ==, 0);
    g_assert_cmpuint (found.n_used, ==, 2);
    g_assert_cmpstr (found.organizational_domain, ==, "giant.bank.example");
  }
  /* The same example's d= domain: no records below the public suffix, so
   * the public suffix's record is the one that applies. */
  {
    g_auto(McDmarcDiscovery) found = { 0 };

    discover ("mail.mega.bank.example",
              (const char * const []) { NULL, NULL, "v=DMARC1; p=reject; psd=y", NULL },
              &found);
    g_assert_cmpstr (found.organizational_domain, ==, "mega.bank.example");
    g_assert_cmpint (found.policy_index, ==, 2);
    g_assert_true (found.from_public_suffix);
  }
  /* psd=n stops the walk at once and makes the domain its own
   * organisational domain. */
  {
    g_auto(McDmarcDiscovery) found = { 0 };

    discover ("shop.example.com",
              (const char * const []) { "v=DMARC1; p=reject; psd=n", "v=DMARC1; p=none", NULL },
              &found);
    g_assert_cmpuint (found.n_used, ==, 1);
    g_assert_cmpstr (found.organizational_domain, ==, "shop.example.com");
    g_assert_cmpint (found.policy_index, ==, 0);
  }
  /* psd=y on the domain where the walk starts does not stop it. */
  {
    g_auto(McDmarcDiscovery) found = { 0 };

    discover ("bank.example", (const char * const []) { "v=DMARC1; p=reject; psd=y", NULL }, &found);
    g_assert_cmpint (found.policy_index, ==, 0);
    g_assert_cmpuint (found.n_used, ==, 2);
    g_assert_cmpstr (found.organizational_domain, ==, "bank.example");
  }
  /* No record anywhere: nothing applies; the domain is its own
   * organisational domain. */
  {
    g_auto(McDmarcDiscovery) found = { 0 };

    discover ("mail.example.com", (const char * const []) { NULL, NULL, NULL }, &found);
    g_assert_cmpint (found.policy_index, ==, -1);
    g_assert_cmpstr (found.organizational_domain, ==, "mail.example.com");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dmarc/rfc7489/monitoring", test_rfc7489_monitoring);
  g_test_add_func ("/dmarc/rfc7489/failure-reports", test_rfc7489_failure_reports);
  g_test_add_func ("/dmarc/rfc7489/sampling", test_rfc7489_sampling);
  g_test_add_func ("/dmarc/rfc7489/smtp-time", test_rfc7489_smtp_time);
  g_test_add_func ("/dmarc/rfc9989/examples", test_rfc9989_examples);
  g_test_add_func ("/dmarc/lenient-forms", test_lenient_forms);
  g_test_add_func ("/dmarc/missing-policy", test_missing_policy);
  g_test_add_func ("/dmarc/broken", test_broken);
  g_test_add_func ("/dmarc/is-record", test_is_record);
  g_test_add_func ("/dmarc/walk-targets", test_walk_targets);
  g_test_add_func ("/dmarc/discovery", test_discovery);

  return g_test_run ();
}
