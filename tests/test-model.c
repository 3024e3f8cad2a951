/* test-model.c: unit tests of accounts, findings, port maps and enumerations.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-account.h"
#include "mc-checkup.h"
#include "mc-finding.h"
#include "mc-i18n.h"
#include "mc-port-map.h"

static void
test_account_defaults (void)
{
  g_autoptr(McAccount) account = mc_account_new ();
  g_autofree char *domain = NULL;

  g_assert_cmpint (mc_account_get_security (account), ==, MC_SECURITY_STARTTLS);
  g_assert_cmpuint (mc_account_get_effective_port (account), ==, 587);
  mc_account_set_security (account, MC_SECURITY_TLS);
  g_assert_cmpuint (mc_account_get_effective_port (account), ==, 465);
  mc_account_set_port (account, 2525);
  g_assert_cmpuint (mc_account_get_effective_port (account), ==, 2525);

  g_assert_null (mc_account_dup_domain (account));
  mc_account_set_email (account, "Taro@Example.JP");
  domain = mc_account_dup_domain (account);
  g_assert_cmpstr (domain, ==, "example.jp");
  g_assert_finalize_object (g_steal_pointer (&account));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_account_notify (void)
{
  g_autoptr(McAccount) account = mc_account_new ();
  guint count = 0;

  g_signal_connect (account, "notify::host", G_CALLBACK (count_notify), &count);
  mc_account_set_host (account, "smtp.example.jp");
  mc_account_set_host (account, "smtp.example.jp");
  g_assert_cmpuint (count, ==, 1);
  mc_account_set_host (account, NULL);
  g_assert_cmpuint (count, ==, 2);
}

static void
test_account_validate (void)
{
  static const struct { const char *host; const char *email; gboolean ok; } cases[] = {
    { "smtp.example.jp", "taro@example.jp", TRUE },
    { "smtp.example.jp", NULL, TRUE },
    { "192.0.2.1", NULL, TRUE },
    { "::1", NULL, TRUE },
    { "メール.example.jp", NULL, TRUE },
    { NULL, NULL, FALSE },
    { "", NULL, FALSE },
    { "smtp example", NULL, FALSE },
    { "smtp..example.jp", NULL, FALSE },
    { "smtp.example.jp", "taro", FALSE },
    { "smtp.example.jp", "@example.jp", FALSE },
    { "smtp.example.jp", "taro@", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McAccount) account = mc_account_new ();
      g_autoptr(GError) error = NULL;
      gboolean ok;

      mc_account_set_host (account, cases[i].host);
      mc_account_set_email (account, cases[i].email);
      ok = mc_account_validate (account, &error);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
          g_assert_nonnull (error->message);
        }
    }
}

static void
test_account_copy (void)
{
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McAccount) copy = NULL;

  mc_account_set_id (account, "a1");
  mc_account_set_email (account, "taro@example.jp");
  mc_account_set_host (account, "smtp.example.jp");
  mc_account_set_port (account, 465);
  mc_account_set_security (account, MC_SECURITY_TLS);
  mc_account_set_user (account, "taro");
  mc_account_set_source (account, "evolution");

  copy = mc_account_copy (account);
  g_assert_true (copy != account);
  g_assert_cmpstr (mc_account_get_id (copy), ==, "a1");
  g_assert_cmpstr (mc_account_get_email (copy), ==, "taro@example.jp");
  g_assert_cmpstr (mc_account_get_host (copy), ==, "smtp.example.jp");
  g_assert_cmpuint (mc_account_get_port (copy), ==, 465);
  g_assert_cmpint (mc_account_get_security (copy), ==, MC_SECURITY_TLS);
  g_assert_cmpstr (mc_account_get_user (copy), ==, "taro");
  g_assert_cmpstr (mc_account_get_source (copy), ==, "evolution");
}

static void
test_security_strings (void)
{
  McSecurity security = MC_SECURITY_NONE;

  g_assert_true (mc_security_from_string ("STARTTLS", &security));
  g_assert_cmpint (security, ==, MC_SECURITY_STARTTLS);
  g_assert_true (mc_security_from_string ("tls", &security));
  g_assert_cmpint (security, ==, MC_SECURITY_TLS);
  g_assert_true (mc_security_from_string ("none", &security));
  g_assert_cmpint (security, ==, MC_SECURITY_NONE);
  g_assert_false (mc_security_from_string ("starttls-maybe", &security));
  g_assert_false (mc_security_from_string (NULL, &security));
  g_assert_cmpstr (mc_security_to_string (MC_SECURITY_TLS), ==, "tls");
}

static void
test_status_strings (void)
{
  g_assert_cmpstr (mc_status_to_string (MC_STATUS_OK), ==, "ok");
  g_assert_cmpstr (mc_status_to_string (MC_STATUS_WARN), ==, "warn");
  g_assert_cmpstr (mc_status_to_string (MC_STATUS_FAIL), ==, "fail");
  g_assert_cmpstr (mc_status_to_string (MC_STATUS_ERROR), ==, "error");
  g_assert_cmpstr (mc_status_to_string (MC_STATUS_SKIPPED), ==, "skipped");
  g_assert_cmpstr (mc_status_to_string (MC_STATUS_INFO), ==, "info");
  g_assert_false (mc_status_is_done (MC_STATUS_RUNNING));
  g_assert_true (mc_status_is_done (MC_STATUS_SKIPPED));
  g_assert_true (mc_status_blocks (MC_STATUS_FAIL));
  g_assert_true (mc_status_blocks (MC_STATUS_ERROR));
  g_assert_true (mc_status_blocks (MC_STATUS_SKIPPED));
  g_assert_false (mc_status_blocks (MC_STATUS_WARN));
  g_assert_false (mc_status_blocks (MC_STATUS_INFO));
  g_assert_cmpstr (mc_group_to_string (MC_GROUP_RECIPIENT), ==, "recipient");
}

static void
test_finding_lifecycle (void)
{
  g_autoptr(McFinding) finding = mc_finding_new ("server.ports", MC_GROUP_SERVER, "Mail ports");
  g_autoptr(McFinding) root = mc_finding_new ("server.address", MC_GROUP_SERVER, "Server address");
  guint status_changes = 0;

  g_signal_connect (finding, "notify::status", G_CALLBACK (count_notify), &status_changes);

  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_PENDING);
  g_assert_cmpstr (mc_finding_get_id (finding), ==, "server.ports");
  g_assert_cmpint (mc_finding_get_group (finding), ==, MC_GROUP_SERVER);
  g_assert_nonnull (mc_finding_get_evidence (finding));

  mc_finding_begin (finding);
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_RUNNING);
  json_object_set_int_member (mc_finding_get_evidence (finding), "n", 3);
  mc_finding_add_detail (finding, "line %d", 1);
  mc_finding_add_detail (finding, "line %d", 2);
  mc_finding_complete (finding, MC_STATUS_WARN, "op25b", "Port %d is blocked", 25);
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_WARN);
  g_assert_cmpstr (mc_finding_get_summary (finding), ==, "Port 25 is blocked");
  g_assert_cmpstr (mc_finding_get_guidance (finding), ==, "op25b");
  g_assert_cmpstr (mc_finding_get_details (finding), ==, "line 1\nline 2");
  g_assert_cmpint (json_object_get_int_member (mc_finding_get_evidence (finding), "n"), ==, 3);
  g_assert_cmpuint (status_changes, ==, 2);

  mc_finding_reset (finding);
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_PENDING);
  g_assert_null (mc_finding_get_summary (finding));
  g_assert_null (mc_finding_get_details (finding));
  g_assert_false (json_object_has_member (mc_finding_get_evidence (finding), "n"));

  mc_finding_skip (finding, root);
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_SKIPPED);
  g_assert_cmpstr (mc_finding_get_blocked_by (finding), ==, "server.address");
  g_assert_nonnull (strstr (mc_finding_get_summary (finding), "Server address"));
  g_assert_cmpint (mc_finding_get_duration_ms (finding), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&finding));
}

static void
test_port_map (void)
{
  static const char *bad[] = {
    "25", "25=", "=25", "25=70000", "0=25", "25=x", "a=b", "25=26,,", "25:26",
    "1=1,2=2,3=3,4=4,5=5,6=6,7=7,8=8,9=9",
  };
  McPortMap map;
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_port_map_parse (&map, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_port_map_apply (&map, 25), ==, 25);

  g_assert_true (mc_port_map_parse (&map, "25=2525, 465=2465,587=2587", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_port_map_apply (&map, 25), ==, 2525);
  g_assert_cmpuint (mc_port_map_apply (&map, 465), ==, 2465);
  g_assert_cmpuint (mc_port_map_apply (&map, 587), ==, 2587);
  g_assert_cmpuint (mc_port_map_apply (&map, 2525), ==, 2525);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (mc_port_map_parse (&map, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "MAIL_CHECKUP_PORT_MAP"));
    }
}

static void
test_checkup_plan (void)
{
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  GListModel *findings;
  static const char *expected[] = {
    "network.link", "network.dns", "server.address", "server.ports", "server.greeting",
    "server.tls", "server.auth", "server.sender", "server.size", "server.settings",
    "domain.mx", "domain.spf", "domain.dkim", "domain.dmarc", "domain.ptr", "domain.blocklist",
    "domain.mta_sts", "message.attachment", "recipient.domain", "recipient.provider",
  };

  mc_account_set_host (account, "smtp.example.jp");
  checkup = mc_checkup_new (account, NULL);
  findings = mc_checkup_get_findings (checkup);

  g_assert_cmpuint (g_list_model_get_n_items (findings), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(McFinding) finding = g_list_model_get_item (findings, i);

      g_assert_cmpstr (mc_finding_get_id (finding), ==, expected[i]);
      g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_PENDING);
      g_assert_nonnull (mc_finding_get_title (finding));
      g_assert_true (mc_checkup_lookup_finding (checkup, expected[i]) == finding);
    }
  g_assert_null (mc_checkup_lookup_finding (checkup, "no.such"));
  g_assert_false (mc_checkup_get_running (checkup));
  g_assert_cmpuint (mc_checkup_get_timeout (checkup), ==, MC_CHECKUP_DEFAULT_TIMEOUT);
  g_assert_finalize_object (g_steal_pointer (&checkup));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(McReport) report = mc_checkup_run_finish (MC_CHECKUP (source), result, error);

  g_assert_null (report);
}

/* A checkup refuses to start with an account that cannot be checked, and
 * says why, without touching the network. */
static void
test_checkup_invalid_account (void)
{
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  g_autoptr(GError) error = NULL;

  mc_account_set_host (account, "bad host name");
  checkup = mc_checkup_new (account, NULL);
  mc_checkup_run_async (checkup, NULL, run_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (mc_checkup_get_running (checkup));
}

static void
test_checkup_bad_port_map (void)
{
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  g_autoptr(GError) error = NULL;

  mc_account_set_host (account, "127.0.0.1");
  checkup = mc_checkup_new (account, NULL);
  g_assert_false (mc_checkup_set_port_map (checkup, "25=nope", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  mc_checkup_run_async (checkup, NULL, run_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("MAIL_CHECKUP_PORT_MAP");
  g_setenv ("LANGUAGE", "en", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account/defaults", test_account_defaults);
  g_test_add_func ("/account/notify", test_account_notify);
  g_test_add_func ("/account/validate", test_account_validate);
  g_test_add_func ("/account/copy", test_account_copy);
  g_test_add_func ("/enums/security", test_security_strings);
  g_test_add_func ("/enums/status", test_status_strings);
  g_test_add_func ("/finding/lifecycle", test_finding_lifecycle);
  g_test_add_func ("/port-map/parse", test_port_map);
  g_test_add_func ("/checkup/plan", test_checkup_plan);
  g_test_add_func ("/checkup/invalid-account", test_checkup_invalid_account);
  g_test_add_func ("/checkup/bad-port-map", test_checkup_bad_port_map);

  return g_test_run ();
}
