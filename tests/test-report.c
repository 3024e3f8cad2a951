/* test-report.c: unit tests of the report: overall status, headline, and the renderings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"
#include "mc-report.h"

static McAccount *
make_account (void)
{
  McAccount *account = mc_account_new ();

  mc_account_set_email (account, "taro@example.jp");
  mc_account_set_host (account, "smtp.example.jp");
  mc_account_set_port (account, 25);
  mc_account_set_user (account, "taro-login");
  mc_account_set_source (account, "command-line");
  return account;
}

static McFinding *
make_finding (const char *id,
              McGroup     group,
              McStatus    status,
              const char *guidance,
              const char *summary)
{
  McFinding *finding = mc_finding_new (id, group, id);

  if (status == MC_STATUS_SKIPPED)
    {
      g_autoptr(McFinding) root = mc_finding_new ("server.address", MC_GROUP_SERVER, "Server address");

      mc_finding_skip (finding, root);
    }
  else
    mc_finding_complete (finding, status, guidance, "%s", summary);
  return finding;
}

static GPtrArray *
make_findings (McStatus ports_status)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);
  McFinding *ports;
  JsonArray *list = json_array_new ();
  JsonObject *entry = json_object_new ();

  g_ptr_array_add (findings, make_finding ("network.link", MC_GROUP_NETWORK, MC_STATUS_OK, NULL,
                                           "Connected to the network."));
  g_ptr_array_add (findings, make_finding ("network.dns", MC_GROUP_NETWORK, MC_STATUS_WARN,
                                           "dns-servfail", "DNS answered SERVFAIL."));
  g_ptr_array_add (findings, make_finding ("server.address", MC_GROUP_SERVER, MC_STATUS_OK, NULL,
                                           "smtp.example.jp has the address 192.0.2.1."));
  ports = make_finding ("server.ports", MC_GROUP_SERVER, ports_status, "op25b",
                        "Port 25 is blocked for taro@example.jp (user taro-login).");
  json_object_set_int_member (entry, "port", 25);
  json_object_set_string_member (entry, "address", "192.0.2.1");
  json_object_set_string_member (entry, "state", "filtered");
  json_object_set_int_member (entry, "ms", 3001);
  json_array_add_object_element (list, entry);
  json_object_set_array_member (mc_finding_get_evidence (ports), "ports", list);
  json_object_set_string_member (mc_finding_get_evidence (ports), "note", "sent as taro@example.jp");
  mc_finding_add_detail (ports, "25 192.0.2.1 filtered — taro-login");
  g_ptr_array_add (findings, ports);
  return findings;
}

static McReport *
make_report (McStatus ports_status)
{
  g_autoptr(McAccount) account = make_account ();
  g_autoptr(GPtrArray) findings = make_findings (ports_status);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 23, 13, 45, 0);

  return mc_report_new (account, when, 812, findings);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_overall_and_headline (void)
{
  g_autoptr(McReport) failed = make_report (MC_STATUS_FAIL);
  g_autoptr(McReport) warned = make_report (MC_STATUS_OK);
  g_autoptr(McReport) errored = make_report (MC_STATUS_ERROR);
  g_autoptr(GPtrArray) all_ok = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpint (mc_report_get_overall_status (failed), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_id (mc_report_get_headline (failed)), ==, "server.ports");
  g_assert_cmpint (mc_report_get_exit_status (failed), ==, 1);

  /* A warning alone is not a failure: exit status 0, headline the warning. */
  g_assert_cmpint (mc_report_get_overall_status (warned), ==, MC_STATUS_WARN);
  g_assert_cmpstr (mc_finding_get_id (mc_report_get_headline (warned)), ==, "network.dns");
  g_assert_cmpint (mc_report_get_exit_status (warned), ==, 0);

  g_assert_cmpint (mc_report_get_overall_status (errored), ==, MC_STATUS_ERROR);
  g_assert_cmpint (mc_report_get_exit_status (errored), ==, 1);

  g_ptr_array_add (all_ok, make_finding ("network.link", MC_GROUP_NETWORK, MC_STATUS_OK, NULL, "ok"));
  g_ptr_array_add (all_ok, make_finding ("network.dns", MC_GROUP_NETWORK, MC_STATUS_INFO, NULL, "i"));
  g_ptr_array_add (all_ok, make_finding ("server.ports", MC_GROUP_SERVER, MC_STATUS_SKIPPED, NULL, NULL));
  g_assert_cmpint (mc_findings_overall_status (all_ok), ==, MC_STATUS_OK);
  g_assert_null (mc_findings_headline (all_ok));
}

/* Fail outranks error: the headline is the real problem, not a check that
 * could not be done. */
static void
test_fail_outranks_error (void)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (findings, make_finding ("network.dns", MC_GROUP_NETWORK, MC_STATUS_ERROR, NULL, "e"));
  g_ptr_array_add (findings, make_finding ("server.ports", MC_GROUP_SERVER, MC_STATUS_FAIL, NULL, "f"));
  g_assert_cmpint (mc_findings_overall_status (findings), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_id (mc_findings_headline (findings)), ==, "server.ports");
}

static void
test_json_schema (void)
{
  g_autoptr(McReport) report = make_report (MC_STATUS_FAIL);
  g_autofree char *json = mc_report_to_json (report, FALSE);
  g_autoptr(JsonObject) root = parse_object (json);
  JsonObject *account, *overall, *finding, *evidence, *port;
  JsonArray *findings;

  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "mail-checkup/1");
  g_assert_cmpstr (json_object_get_string_member (root, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (root, "started_at"), ==, "2026-11-23T13:45:00Z");
  g_assert_cmpint (json_object_get_int_member (root, "duration_ms"), ==, 812);

  account = json_object_get_object_member (root, "account");
  g_assert_cmpstr (json_object_get_string_member (account, "email"), ==, "taro@example.jp");
  g_assert_cmpstr (json_object_get_string_member (account, "host"), ==, "smtp.example.jp");
  g_assert_cmpint (json_object_get_int_member (account, "port"), ==, 25);
  g_assert_cmpstr (json_object_get_string_member (account, "security"), ==, "starttls");
  g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, "command-line");

  overall = json_object_get_object_member (root, "overall");
  g_assert_cmpstr (json_object_get_string_member (overall, "status"), ==, "fail");
  g_assert_cmpstr (json_object_get_string_member (overall, "headline"), ==, "server.ports");

  findings = json_object_get_array_member (root, "findings");
  g_assert_cmpuint (json_array_get_length (findings), ==, 4);
  finding = json_array_get_object_element (findings, 3);
  g_assert_cmpstr (json_object_get_string_member (finding, "id"), ==, "server.ports");
  g_assert_cmpstr (json_object_get_string_member (finding, "group"), ==, "server");
  g_assert_cmpstr (json_object_get_string_member (finding, "status"), ==, "fail");
  g_assert_cmpstr (json_object_get_string_member (finding, "guidance"), ==, "op25b");
  g_assert_true (json_object_get_null_member (finding, "blocked_by"));
  g_assert_true (json_object_has_member (finding, "duration_ms"));
  g_assert_nonnull (json_object_get_string_member (finding, "summary"));
  evidence = json_object_get_object_member (finding, "evidence");
  port = json_array_get_object_element (json_object_get_array_member (evidence, "ports"), 0);
  g_assert_cmpint (json_object_get_int_member (port, "port"), ==, 25);
  g_assert_cmpstr (json_object_get_string_member (port, "state"), ==, "filtered");

  /* Every finding has exactly the members of the schema. */
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      static const char *members[] = {
        "id", "group", "status", "summary", "guidance", "blocked_by", "duration_ms", "evidence",
      };
      JsonObject *f = json_array_get_object_element (findings, i);

      g_assert_cmpuint (json_object_get_size (f), ==, G_N_ELEMENTS (members));
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        g_assert_true (json_object_has_member (f, members[m]));
    }
}

static void
test_json_null_headline (void)
{
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) when = g_date_time_new_now_utc ();
  g_autoptr(McReport) report = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonObject *overall;

  mc_account_set_host (account, "192.0.2.1");
  g_ptr_array_add (findings, make_finding ("network.link", MC_GROUP_NETWORK, MC_STATUS_OK, NULL, "ok"));
  report = mc_report_new (account, when, 5, findings);
  json = mc_report_to_json (report, TRUE);
  root = parse_object (json);
  overall = json_object_get_object_member (root, "overall");
  g_assert_cmpstr (json_object_get_string_member (overall, "status"), ==, "ok");
  g_assert_true (json_object_get_null_member (overall, "headline"));
  g_assert_true (json_object_get_null_member (json_object_get_object_member (root, "account"), "email"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "account"), "port"), ==, 587);
}

static void
test_redaction (void)
{
  g_autoptr(McReport) report = make_report (MC_STATUS_FAIL);
  McReportFormat formats[] = { MC_REPORT_FORMAT_JSON, MC_REPORT_FORMAT_TEXT, MC_REPORT_FORMAT_MARKDOWN };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *plain = mc_report_render (report, formats[i], FALSE);
      g_autofree char *masked = mc_report_render (report, formats[i], TRUE);

      g_assert_nonnull (strstr (plain, "taro@example.jp"));
      g_assert_null (strstr (masked, "taro@example.jp"));
      g_assert_null (strstr (masked, "taro-login"));
      g_assert_nonnull (strstr (masked, "***@example.jp"));
    }
  {
    g_autofree char *redacted = mc_redact_address ("hanako@example.jp");

    g_assert_cmpstr (redacted, ==, "***@example.jp");
  }
}

static void
test_text_and_markdown (void)
{
  g_autoptr(McReport) report = make_report (MC_STATUS_FAIL);
  g_autofree char *text = mc_report_to_text (report, FALSE);
  g_autofree char *markdown = mc_report_to_markdown (report, FALSE);

  g_assert_true (g_str_has_prefix (text, "Mail Checkup " PACKAGE_VERSION));
  g_assert_nonnull (strstr (text, "[FAIL] server.ports: Port 25 is blocked"));
  g_assert_nonnull (strstr (text, "[WARN] network.dns"));
  g_assert_nonnull (strstr (text, "Sending server\n"));
  /* Evidence is shown for what needs attention, not for what passed. */
  g_assert_nonnull (strstr (text, "25 192.0.2.1 filtered"));

  g_assert_true (g_str_has_prefix (markdown, "# Mail Checkup report"));
  g_assert_nonnull (strstr (markdown, "## Sending server"));
  g_assert_nonnull (strstr (markdown, "❌ **server.ports**"));
  g_assert_nonnull (strstr (markdown, "```"));
}

static void
test_format_names (void)
{
  McReportFormat format;

  g_assert_true (mc_report_format_from_string ("json", &format));
  g_assert_cmpint (format, ==, MC_REPORT_FORMAT_JSON);
  g_assert_true (mc_report_format_from_string ("markdown", &format));
  g_assert_cmpint (format, ==, MC_REPORT_FORMAT_MARKDOWN);
  g_assert_true (mc_report_format_from_string ("text", &format));
  g_assert_cmpint (format, ==, MC_REPORT_FORMAT_TEXT);
  g_assert_false (mc_report_format_from_string ("xml", &format));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/overall-and-headline", test_overall_and_headline);
  g_test_add_func ("/report/fail-outranks-error", test_fail_outranks_error);
  g_test_add_func ("/report/json-schema", test_json_schema);
  g_test_add_func ("/report/json-null-headline", test_json_null_headline);
  g_test_add_func ("/report/redaction", test_redaction);
  g_test_add_func ("/report/text-and-markdown", test_text_and_markdown);
  g_test_add_func ("/report/format-names", test_format_names);

  return g_test_run ();
}
