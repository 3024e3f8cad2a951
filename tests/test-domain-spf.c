/* test-domain-spf.c: domain.spf in whole checkups, and the "spf" command, against real DNS (nsd).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The policies are in tests/zones/spf.test.zone, one case per subdomain.
 * The SMTP server is 127.0.0.1 with its ports closed, so the server
 * findings end at once and only the domain's records take time.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "mc-checkup.h"
#include "mc-i18n.h"
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

static McReport *
check_with_server (const char *email,
                   const char *dns_server,
                   guint       timeout_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McResolver) resolver = mc_resolver_new ();
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  g_autofree char *map = g_strdup_printf ("25=%u,465=%u,587=%u", closed_port (), closed_port (),
                                          closed_port ());
  const char *servers[] = { dns_server, NULL };

  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  g_assert_no_error (error);
  mc_account_set_email (account, email);
  mc_account_set_host (account, "127.0.0.1");
  mc_account_set_port (account, 587);
  checkup = mc_checkup_new (account, resolver);
  g_assert_true (mc_checkup_set_port_map (checkup, map, &error));
  g_assert_no_error (error);
  mc_checkup_set_timeout (checkup, timeout_s);

  return mc_test_run_checkup (checkup, 30000);
}

static McFinding *
spf_finding (McReport   *report,
             McStatus    status,
             const char *guidance,
             const char *summary_part)
{
  McFinding *f = mc_report_lookup_finding (report, "domain.spf");

  g_assert_nonnull (f);
  g_test_message ("domain.spf: %s", mc_finding_get_summary (f));
  g_test_message ("%s", mc_finding_get_details (f) != NULL ? mc_finding_get_details (f) : "");
  g_assert_cmpint (mc_finding_get_status (f), ==, status);
  g_assert_cmpstr (mc_finding_get_guidance (f), ==, guidance);
  if (summary_part != NULL && strstr (mc_finding_get_summary (f), summary_part) == NULL)
    g_error ("“%s” is not in the summary “%s”", summary_part, mc_finding_get_summary (f));
  return f;
}

static McFinding *
check_spf (McReport   **report_out,
           const char  *email,
           McStatus     status,
           const char  *guidance,
           const char  *summary_part)
{
  *report_out = check_with_server (email, mc_test_dns_get_server (dns), 5);
  g_assert_nonnull (*report_out);
  return spf_finding (*report_out, status, guidance, summary_part);
}

static JsonObject *
evidence (McFinding *f)
{
  return mc_finding_get_evidence (f);
}

/* The fixed members of DESIGN.md. */
static void
assert_evidence (McFinding  *f,
                 const char *record,
                 gint64      dns_lookups,
                 gint64      void_lookups,
                 const char *result)
{
  JsonObject *e = evidence (f);

  g_assert_true (json_object_has_member (e, "record"));
  g_assert_cmpstr (json_object_get_string_member_with_default (e, "record", NULL), ==, record);
  g_assert_cmpint (json_object_get_int_member (e, "dns_lookups"), ==, dns_lookups);
  g_assert_cmpint (json_object_get_int_member (e, "void_lookups"), ==, void_lookups);
  g_assert_cmpstr (json_object_get_string_member (e, "result"), ==, result);
  g_assert_true (json_object_has_member (e, "include_chain"));
  g_assert_true (json_object_has_member (e, "authorised"));
  g_assert_true (json_object_has_member (e, "queries"));
}

/* The server's one address, 127.0.0.1, and its result. */
static void
assert_server (McFinding  *f,
               const char *result)
{
  JsonArray *list = json_object_get_array_member (evidence (f), "authorised");
  JsonObject *entry;

  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  entry = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "address"), ==, "127.0.0.1");
  g_assert_cmpstr (json_object_get_string_member (entry, "result"), ==, result);
  g_assert_true (json_object_get_boolean_member (entry, "authorised") ==
                 (strcmp (result, "pass") == 0));
}

static guint
count_queries (McFinding  *f,
               const char *name,
               const char *type)
{
  JsonArray *queries = json_object_get_array_member (evidence (f), "queries");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (queries); i++)
    {
      JsonObject *q = json_array_get_object_element (queries, i);

      if (g_strcmp0 (json_object_get_string_member (q, "name"), name) == 0 &&
          g_strcmp0 (json_object_get_string_member (q, "type"), type) == 0)
        n++;
    }
  return n;
}

static void
test_good (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@good.spf.test", MC_STATUS_OK, NULL, "good.spf.test");

  assert_evidence (f, "v=spf1 ip4:127.0.0.1 -all", 0, 0, "fail");
  g_assert_cmpstr (json_object_get_string_member (evidence (f), "all"), ==, "-all");
  assert_server (f, "pass");
  /* The walk and the server's evaluation share the answer. */
  g_assert_cmpuint (count_queries (f, "good.spf.test", "TXT"), ==, 1);
  g_assert_nonnull (strstr (mc_finding_get_summary (f), "0 DNS look-ups"));
}

static void
test_split (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@split.spf.test", MC_STATUS_OK, NULL, NULL);

  /* The two strings are one record, joined without a separator. */
  assert_evidence (f, "v=spf1 ip4:127.0.0.1 ip4:192.0.2.99 mx ~all", 1, 0, "softfail");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evidence (f), "records")), ==, 1);
  assert_server (f, "pass");
  g_assert_cmpuint (count_queries (f, "split.spf.test", "MX"), ==, 1);
  g_assert_cmpuint (count_queries (f, "mx1.spf.test", "A"), ==, 1);
}

static void
test_too_many_lookups (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@many.spf.test", MC_STATUS_FAIL, "spf-too-many-lookups",
                            "include:_b.many.spf.test");
  JsonArray *at = json_object_get_array_member (evidence (f), "limit_exceeded_at");
  JsonArray *chain = json_object_get_array_member (evidence (f), "include_chain");
  JsonObject *top;

  assert_evidence (f, "v=spf1 ip4:127.0.0.1 include:_a.many.spf.test include:_b.many.spf.test -all",
                   11, 0, "permerror");
  g_assert_cmpstr (json_array_get_string_element (at, 0), ==, "include:_b.many.spf.test");
  g_assert_cmpstr (json_array_get_string_element (at, 1), ==, "include:_c.many.spf.test");
  g_assert_cmpstr (json_array_get_string_element (at, 2), ==, "a:h2.spf.test");
  /* The chain: the domain, then _a (3 of its own), _b, and _c below _b. */
  g_assert_cmpuint (json_array_get_length (chain), ==, 4);
  top = json_array_get_object_element (chain, 0);
  g_assert_cmpstr (json_object_get_string_member (top, "domain"), ==, "many.spf.test");
  g_assert_cmpint (json_object_get_int_member (top, "total_lookups"), ==, 11);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chain, 1), "term"), ==,
                   "include:_a.many.spf.test");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (chain, 1), "lookups"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (chain, 3), "depth"), ==, 2);
  /* The server is listed before the includes: its own mail still passes. */
  assert_server (f, "pass");
}

static void
test_ten_lookups (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@ten.spf.test", MC_STATUS_OK, NULL, "10 DNS look-ups");

  assert_evidence (f, "v=spf1 ip4:127.0.0.1 include:_a.many.spf.test include:_d.ten.spf.test -all",
                   10, 0, "fail");
  g_assert_true (json_object_get_null_member (evidence (f), "limit_exceeded_at"));
}

static void
test_void_lookups (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@void.spf.test", MC_STATUS_FAIL, "spf-void-lookups",
                            "a:nx3.spf.test");

  assert_evidence (f, "v=spf1 ip4:127.0.0.1 a:nx1.spf.test a:nx2.spf.test a:nx3.spf.test -all",
                   3, 3, "permerror");
}

static void
test_two_records (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@two.spf.test", MC_STATUS_FAIL, "spf-multiple",
                            "2 SPF records");

  assert_evidence (f, NULL, 0, 0, "permerror");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evidence (f), "records")), ==, 2);
  assert_server (f, "permerror");
}

static void
test_plus_all (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@plus.spf.test", MC_STATUS_WARN, "spf-permissive-all",
                            "“+all”");

  assert_evidence (f, "v=spf1 ip4:127.0.0.1 +all", 0, 0, "pass");
  g_assert_cmpstr (json_object_get_string_member (evidence (f), "all"), ==, "+all");
}

static void
test_neutral_all (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@neutral.spf.test", MC_STATUS_WARN, "spf-permissive-all",
                            "“?all”");

  assert_evidence (f, "v=spf1 ip4:127.0.0.1 ?all", 0, 0, "neutral");
  assert_server (f, "pass");
}

static void
test_missing (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@none.spf.test", MC_STATUS_FAIL, "spf-missing",
                            "none.spf.test has no SPF record");

  assert_evidence (f, NULL, 0, 0, "none");
  assert_server (f, "none");
}

static void
test_syntax (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@syntax.spf.test", MC_STATUS_FAIL, "spf-syntax",
                            "inlcude:_spf.spf.test");

  assert_evidence (f, "v=spf1 ip4:127.0.0.1 inlcude:_spf.spf.test -all", 0, 0, "permerror");
  /* A syntax error anywhere breaks the record for every sender (4.6). */
  assert_server (f, "permerror");
}

static void
test_not_authorised (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@other.spf.test", MC_STATUS_WARN, "spf-server-not-authorised",
                            "127.0.0.1");

  assert_evidence (f, "v=spf1 ip4:192.0.2.99 -all", 0, 0, "fail");
  assert_server (f, "fail");
}

static void
test_include_missing (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@gone.spf.test", MC_STATUS_FAIL, "spf-include-missing",
                            "_spf.gone.spf.test");

  assert_evidence (f, "v=spf1 include:_spf.gone.spf.test ip4:127.0.0.1 -all", 1, 0, "permerror");
}

static void
test_include_syntax (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@incbad.spf.test", MC_STATUS_FAIL, "spf-syntax",
                            "includes the record of syntax.spf.test");

  g_assert_cmpstr (json_object_get_string_member (evidence (f), "problem_domain"), ==,
                   "syntax.spf.test");
  assert_evidence (f, "v=spf1 ip4:127.0.0.1 include:syntax.spf.test -all", 1, 0, "permerror");
}

/* A DNS failure below an include: receivers get a temporary error, and
 * the finding says it could not be checked to its end. */
static void
test_include_servfail (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *f = check_spf (&report, "x@incbroken.spf.test", MC_STATUS_ERROR, "spf-temperror",
                            "_spf.broken.test");

  assert_evidence (f, "v=spf1 ip4:127.0.0.1 include:_spf.broken.test -all", 1, 0, "temperror");
  assert_server (f, "pass");
}

/* No DNS answers at all: the finding could not be tested, and the dead
 * DNS is its cause. */
static void
test_dns_dead (void)
{
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (NULL);
  g_autoptr(McReport) report = check_with_server ("x@good.spf.test",
                                                  mc_test_silent_dns_get_server (silent), 1);
  McFinding *f = mc_report_lookup_finding (report, "domain.spf");

  g_assert_nonnull (f);
  g_test_message ("domain.spf: %s", mc_finding_get_summary (f));
  g_assert_true (mc_finding_get_status (f) == MC_STATUS_SKIPPED ||
                 mc_finding_get_status (f) == MC_STATUS_ERROR);
  g_assert_cmpint (mc_finding_get_status (f), !=, MC_STATUS_FAIL);
}

/* ---- The "spf" command ------------------------------------------------------ */

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

typedef struct
{
  char     *out;
  char     *err;
  gboolean  done;
} Pending;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &pending->out,
                                        &pending->err, &error);
  g_assert_no_error (error);
  pending->done = TRUE;
}

static void
run_cli (CliResult  *result,
         const char *first_arg,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Pending pending = { 0 };
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("MC_TEST_CLI"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &pending);
  mc_test_iterate_until (&pending.done, 60000);

  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  result->out = pending.out;
  result->err = pending.err;
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", result->status, result->out, result->err);
}

static JsonObject *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_cli_pass (void)
{
  g_auto(CliResult) r = { 0 };

  run_cli (&r, "spf", "127.0.0.1", "good.spf.test", "--dns-server", mc_test_dns_get_server (dns), NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "pass\n"));
  g_assert_nonnull (strstr (r.out, "ip4:127.0.0.1"));
  g_assert_nonnull (strstr (r.out, "DNS look-ups: 0 of 10"));
}

static void
test_cli_fail_text (void)
{
  g_auto(CliResult) r = { 0 };

  run_cli (&r, "spf", "192.0.2.1", "good.spf.test", "--dns-server", mc_test_dns_get_server (dns), NULL);
  /* The evaluation worked: a fail is an answer, not an error. */
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "fail\n"));
  g_assert_nonnull (strstr (r.out, "Explanation: 192.0.2.1 is not one of good.spf.test's designated "
                               "mail servers."));
}

static void
test_cli_explanation_json (void)
{
  g_auto(CliResult) r = { 0 };
  g_autoptr(JsonObject) json = NULL;

  run_cli (&r, "spf", "192.0.2.1", "explained.spf.test", "--dns-server", mc_test_dns_get_server (dns),
           "--format", "json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  json = parse_json (r.out);
  g_assert_cmpstr (json_object_get_string_member (json, "result"), ==, "fail");
  g_assert_cmpint (json_object_get_int_member (json, "dns_lookups"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json, "explanation"), ==,
                   "192.0.2.1 may not send for explained.spf.test; see https://explained.spf.test/spf");
}

static void
test_cli_permerror_json (void)
{
  g_auto(CliResult) r = { 0 };
  g_autoptr(JsonObject) json = NULL;

  run_cli (&r, "spf", "192.0.2.1", "many.spf.test", "--dns-server", mc_test_dns_get_server (dns),
           "--format", "json", NULL);
  g_assert_cmpint (r.status, ==, 1);
  json = parse_json (r.out);
  g_assert_cmpstr (json_object_get_string_member (json, "result"), ==, "permerror");
  g_assert_cmpint (json_object_get_int_member (json, "dns_lookups"), ==, 11);
  g_assert_nonnull (strstr (json_object_get_string_member (json, "explanation"), "more than 10"));
}

static void
test_cli_sender_and_helo (void)
{
  g_auto(CliResult) r = { 0 };

  /* The domain comes from the command line, not from --sender. */
  run_cli (&r, "spf", "::ffff:127.0.0.1", "split.spf.test", "--sender", "taro@other.spf.test",
           "--helo", "mail.example.test", "--dns-server", mc_test_dns_get_server (dns), NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "pass\n"));
}

static void
test_cli_none_and_lang (void)
{
  g_auto(CliResult) r = { 0 };
  g_auto(CliResult) ja = { 0 };

  run_cli (&r, "spf", "127.0.0.1", "none.spf.test", "--dns-server", mc_test_dns_get_server (dns), NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "none\n"));

  /* --lang is taken by the command; the result word stays as RFC 7208 names it. */
  run_cli (&ja, "spf", "127.0.0.1", "none.spf.test", "--lang", "ja",
           "--dns-server", mc_test_dns_get_server (dns), NULL);
  g_assert_cmpint (ja.status, ==, 0);
  g_assert_true (g_str_has_prefix (ja.out, "none\n"));
}

static void
test_cli_temperror (void)
{
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (NULL);
  g_auto(CliResult) r = { 0 };

  run_cli (&r, "spf", "127.0.0.1", "good.spf.test", "--dns-server",
           mc_test_silent_dns_get_server (silent), "--timeout", "1", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_str_has_prefix (r.out, "temperror\n"));
}

static void
test_cli_usage (void)
{
  g_auto(CliResult) bad_ip = { 0 };
  g_auto(CliResult) missing = { 0 };
  g_auto(CliResult) bad_format = { 0 };
  g_auto(CliResult) help = { 0 };

  run_cli (&bad_ip, "spf", "999.1.2.3", "good.spf.test", NULL);
  g_assert_cmpint (bad_ip.status, ==, 2);
  g_assert_nonnull (strstr (bad_ip.err, "999.1.2.3"));

  run_cli (&missing, "spf", "127.0.0.1", NULL);
  g_assert_cmpint (missing.status, ==, 2);

  run_cli (&bad_format, "spf", "127.0.0.1", "good.spf.test", "--format", "xml", NULL);
  g_assert_cmpint (bad_format.status, ==, 2);

  run_cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "  spf "));
}

static void
test_cli_help (void)
{
  g_auto(CliResult) help = { 0 };
  g_auto(CliResult) ja = { 0 };

  run_cli (&help, "spf", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  for (const char *const *o = (const char *const[]) { "IP DOMAIN", "--helo", "--sender",
                                                      "--dns-server", "--timeout", "--format",
                                                      "--lang", "Exit status", NULL };
       *o != NULL; o++)
    g_assert_nonnull (strstr (help.out, *o));

  /* --lang acts before the help is printed, for this command too. */
  run_cli (&ja, "spf", "--help", "--lang", "ja", NULL);
  g_assert_cmpint (ja.status, ==, 0);
  g_assert_nonnull (strstr (ja.out, "--sender"));
  g_assert_nonnull (strstr (ja.out, "DNS サーバー"));
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

  g_test_add_func ("/domain-spf/good", test_good);
  g_test_add_func ("/domain-spf/split", test_split);
  g_test_add_func ("/domain-spf/too-many-lookups", test_too_many_lookups);
  g_test_add_func ("/domain-spf/ten-lookups", test_ten_lookups);
  g_test_add_func ("/domain-spf/void-lookups", test_void_lookups);
  g_test_add_func ("/domain-spf/two-records", test_two_records);
  g_test_add_func ("/domain-spf/plus-all", test_plus_all);
  g_test_add_func ("/domain-spf/neutral-all", test_neutral_all);
  g_test_add_func ("/domain-spf/missing", test_missing);
  g_test_add_func ("/domain-spf/syntax", test_syntax);
  g_test_add_func ("/domain-spf/not-authorised", test_not_authorised);
  g_test_add_func ("/domain-spf/include-missing", test_include_missing);
  g_test_add_func ("/domain-spf/include-syntax", test_include_syntax);
  g_test_add_func ("/domain-spf/include-servfail", test_include_servfail);
  g_test_add_func ("/domain-spf/dns-dead", test_dns_dead);
  g_test_add_func ("/spf-cli/pass", test_cli_pass);
  g_test_add_func ("/spf-cli/fail-text", test_cli_fail_text);
  g_test_add_func ("/spf-cli/explanation-json", test_cli_explanation_json);
  g_test_add_func ("/spf-cli/permerror-json", test_cli_permerror_json);
  g_test_add_func ("/spf-cli/sender-and-helo", test_cli_sender_and_helo);
  g_test_add_func ("/spf-cli/none-and-lang", test_cli_none_and_lang);
  g_test_add_func ("/spf-cli/temperror", test_cli_temperror);
  g_test_add_func ("/spf-cli/usage", test_cli_usage);
  g_test_add_func ("/spf-cli/help", test_cli_help);

  status = g_test_run ();
  mc_test_dns_stop (dns);
  return status;
}
