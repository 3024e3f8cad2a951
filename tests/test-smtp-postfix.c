/* test-smtp-postfix.c: the server.* findings against a real Postfix with Dovecot SASL on loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-checkup.h"
#include "mc-i18n.h"
#include "mc-test-dns.h"
#include "mc-test-net.h"
#include "mc-test-pki.h"
#include "mc-test-postfix.h"

static McTestDns *dns;
static McTestPki *pki;
static McTestPostfix *postfix;

static McReport *
check_account (McAccount  *account,
               const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McResolver) resolver = mc_resolver_new ();
  g_autoptr(McCheckup) checkup = NULL;
  g_autofree char *map = g_strdup_printf ("25=%u,465=%u,587=%u",
                                          mc_test_postfix_get_port (postfix, 25),
                                          mc_test_postfix_get_port (postfix, 465),
                                          mc_test_postfix_get_port (postfix, 587));
  const char *servers[] = { mc_test_dns_get_server (dns), NULL };

  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  checkup = mc_checkup_new (account, resolver);
  g_assert_true (mc_checkup_set_port_map (checkup, map, &error));
  g_assert_true (mc_checkup_set_ca_file (checkup, mc_test_pki_get_ca_file (pki), &error));
  g_assert_no_error (error);
  mc_checkup_set_timeout (checkup, 5);
  if (password != NULL)
    mc_checkup_set_password (checkup, password);

  return mc_test_run_checkup (checkup, 60000);
}

static McAccount *
new_account (guint16     port,
             McSecurity  security,
             const char *email)
{
  McAccount *account = mc_account_new ();

  mc_account_set_host (account, "mail.example.test");
  mc_account_set_port (account, port);
  mc_account_set_security (account, security);
  mc_account_set_email (account, email);
  mc_account_set_user (account, mc_test_postfix_get_user (postfix));
  return account;
}

static McReport *
check (guint16      port,
       McSecurity   security,
       const char  *email,
       const char  *password)
{
  g_autoptr(McAccount) account = new_account (port, security, email);

  return check_account (account, password);
}

/* The guidance ids of server.settings' notes, space-separated. */
static char *
settings_notes (McReport *report)
{
  McFinding *f = mc_report_lookup_finding (report, "server.settings");
  JsonArray *notes = json_object_get_array_member (mc_finding_get_evidence (f), "notes");
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (notes); i++)
    {
      JsonObject *note = json_array_get_object_element (notes, i);

      g_string_append_printf (ids, "%s%s", ids->len > 0 ? " " : "",
                              json_object_get_string_member (note, "guidance"));
    }
  return g_string_free (ids, FALSE);
}

static void
assert_finding (McReport   *report,
                const char *id,
                McStatus    status,
                const char *guidance,
                const char *summary_part)
{
  McFinding *f = mc_report_lookup_finding (report, id);

  g_assert_nonnull (f);
  g_test_message ("%s: %s — %s", id, mc_status_to_string (mc_finding_get_status (f)),
                  mc_finding_get_summary (f));
  g_assert_cmpstr (mc_status_to_string (mc_finding_get_status (f)), ==, mc_status_to_string (status));
  if (guidance != NULL)
    g_assert_cmpstr (mc_finding_get_guidance (f), ==, guidance);
  if (summary_part != NULL)
    g_assert_nonnull (strstr (mc_finding_get_summary (f), summary_part));
}

/* Everything right: greeting, STARTTLS with the test CA, log-in, the
 * account's own sender at RCPT, the size limit Postfix announces. */
static void
test_success (void)
{
  g_autoptr(McReport) report = check (587, MC_SECURITY_STARTTLS, mc_test_postfix_get_email (postfix),
                                      mc_test_postfix_get_password (postfix));
  g_autofree char *json = mc_report_to_json (report, FALSE);
  g_autofree char *log = NULL;

  assert_finding (report, "server.greeting", MC_STATUS_OK, NULL, "ESMTP");
  assert_finding (report, "server.tls", MC_STATUS_OK, NULL, "TLS 1.");
  assert_finding (report, "server.auth", MC_STATUS_OK, NULL, NULL);
  assert_finding (report, "server.sender", MC_STATUS_OK, NULL, mc_test_postfix_get_email (postfix));
  assert_finding (report, "server.size", MC_STATUS_OK, NULL, "10240000");
  assert_finding (report, "server.settings", MC_STATUS_OK, NULL, "587");
  g_assert_null (strstr (json, mc_test_postfix_get_password (postfix)));

  /* No message was ever sent: Postfix queued nothing. */
  log = mc_test_postfix_dup_log (postfix);
  g_assert_null (strstr (log, "queued as"));
}

static void
test_wrong_password (void)
{
  g_autoptr(McReport) report = check (587, MC_SECURITY_STARTTLS, mc_test_postfix_get_email (postfix),
                                      "not-the-password");

  assert_finding (report, "server.auth", MC_STATUS_FAIL, "auth-failed", "535");
  g_assert_cmpint (mc_finding_get_status (mc_report_lookup_finding (report, "server.sender")), ==,
                   MC_STATUS_SKIPPED);
}

/* Postfix checks the sender against the logged-in user only at RCPT. */
static void
test_sender_not_allowed (void)
{
  g_autoptr(McReport) report = check (587, MC_SECURITY_STARTTLS,
                                      mc_test_postfix_get_other_email (postfix),
                                      mc_test_postfix_get_password (postfix));

  assert_finding (report, "server.auth", MC_STATUS_OK, NULL, NULL);
  assert_finding (report, "server.sender", MC_STATUS_FAIL, "sender-rejected",
                  mc_test_postfix_get_other_email (postfix));
}

static void
test_implicit_tls (void)
{
  g_autoptr(McReport) report = check (465, MC_SECURITY_TLS, mc_test_postfix_get_email (postfix),
                                      mc_test_postfix_get_password (postfix));

  assert_finding (report, "server.tls", MC_STATUS_OK, NULL, NULL);
  assert_finding (report, "server.auth", MC_STATUS_OK, NULL, NULL);
  assert_finding (report, "server.sender", MC_STATUS_OK, NULL, NULL);
}

static void
on_tick (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Waits (bounded) until Postfix has logged the end of a session on a port:
 * "…/plain/smtpd[123]: disconnect from …". */
static char *
wait_for_disconnect (const char *service)
{
  g_autofree char *tag = g_strdup_printf ("/%s/smtpd[", service);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *log = mc_test_postfix_dup_log (postfix);
      g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
      gboolean tick = FALSE;

      for (guint l = 0; lines[l] != NULL; l++)
        {
          if (strstr (lines[l], tag) != NULL && strstr (lines[l], "disconnect from") != NULL)
            return g_steal_pointer (&log);
        }
      g_timeout_add_once (50, on_tick, &tick);
      mc_test_iterate_until (&tick, 1000);
    }
  g_error ("Postfix logged no end of session on %s", service);
}

/* Port 25 of this Postfix has no STARTTLS but offers AUTH in the clear: the
 * password never reaches it, and the settings say to use 587. */
static void
test_starttls_not_offered (void)
{
  g_autoptr(McReport) report = check (25, MC_SECURITY_STARTTLS, mc_test_postfix_get_email (postfix),
                                      mc_test_postfix_get_password (postfix));
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;

  assert_finding (report, "server.tls", MC_STATUS_FAIL, "starttls-not-offered", "STARTTLS");
  g_assert_cmpint (mc_finding_get_status (mc_report_lookup_finding (report, "server.auth")), ==,
                   MC_STATUS_SKIPPED);
  assert_finding (report, "server.settings", MC_STATUS_FAIL, "settings-change", "587");

  /* Neither Postfix nor Dovecot saw a log-in attempt in the clear: no AUTH
   * counted in a session on port 25, no request without TLS at Dovecot. */
  log = wait_for_disconnect ("plain");
  lines = g_strsplit (log, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      if (strstr (lines[l], "/plain/smtpd[") != NULL)
        g_assert_null (strstr (lines[l], " auth="));
      if (strstr (lines[l], "client in: AUTH") != NULL)
        g_assert_nonnull (strstr (lines[l], "secured"));
    }
}

/* Settings read from a mail program are judged as they are: port 25 is
 * noted even where it works, as are no encryption on 587 and an address
 * that is not one. The checkup runs in every case. */
static void
test_settings_notes (void)
{
  g_autoptr(McReport) port25 = check (25, MC_SECURITY_NONE, mc_test_postfix_get_email (postfix), NULL);
  g_autoptr(McReport) none587 = check (587, MC_SECURITY_NONE, mc_test_postfix_get_email (postfix), NULL);
  g_autoptr(McReport) not_address = check (587, MC_SECURITY_STARTTLS, "taro",
                                           mc_test_postfix_get_password (postfix));
  g_autoptr(McReport) right = check (587, MC_SECURITY_STARTTLS, mc_test_postfix_get_email (postfix),
                                     mc_test_postfix_get_password (postfix));
  g_autofree char *port25_notes = settings_notes (port25);
  g_autofree char *none587_notes = settings_notes (none587);
  g_autofree char *not_address_notes = settings_notes (not_address);
  g_autofree char *right_notes = settings_notes (right);

  g_assert_cmpstr (port25_notes, ==, "settings-port-25");
  g_assert_cmpstr (none587_notes, ==, "settings-no-encryption");
  assert_finding (none587, "server.settings", MC_STATUS_WARN, "settings-change", "STARTTLS");

  /* Everything else about that account works: the note is the summary. */
  g_assert_cmpstr (not_address_notes, ==, "settings-not-an-address");
  assert_finding (not_address, "server.settings", MC_STATUS_WARN, "settings-not-an-address", "“taro”");
  assert_finding (not_address, "server.auth", MC_STATUS_OK, NULL, NULL);

  g_assert_cmpstr (right_notes, ==, "");
}

/* An account whose password is in a Secret Service that is not there: the
 * log-in is not tried and says why; the rest of the server is checked. */
static void
test_password_unavailable (void)
{
  g_autoptr(McAccount) account = new_account (587, MC_SECURITY_STARTTLS,
                                              mc_test_postfix_get_email (postfix));
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(McReport) report = NULL;
  JsonObject *evidence;

  g_hash_table_insert (attributes, (char *) "account-id", (char *) "mail-checkup:1");
  mc_account_set_secret (account, "io.github.mailcheckup.Account", attributes, FALSE);
  report = check_account (account, NULL);

  assert_finding (report, "server.greeting", MC_STATUS_OK, NULL, NULL);
  assert_finding (report, "server.tls", MC_STATUS_OK, NULL, NULL);
  assert_finding (report, "server.auth", MC_STATUS_INFO, "password-unavailable", "not tested");
  evidence = mc_finding_get_evidence (mc_report_lookup_finding (report, "server.auth"));
  g_assert_cmpstr (json_object_get_string_member (evidence, "password_source"), ==, "secret-service");
  g_assert_cmpstr (json_object_get_string_member (evidence, "password_problem"), ==, "no-service");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_unsetenv ("MAIL_CHECKUP_PORT_MAP");
  g_setenv ("LANGUAGE", "en", TRUE);
  /* No session bus, so no Secret Service: that case is tested here (the
   * real keyring has its own tests). */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", "/nonexistent", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);
  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);
  postfix = mc_test_postfix_start (pki, &error);
  g_assert_no_error (error);

  g_test_add_func ("/postfix/success", test_success);
  g_test_add_func ("/postfix/wrong-password", test_wrong_password);
  g_test_add_func ("/postfix/sender-not-allowed", test_sender_not_allowed);
  g_test_add_func ("/postfix/implicit-tls", test_implicit_tls);
  g_test_add_func ("/postfix/starttls-not-offered", test_starttls_not_offered);
  g_test_add_func ("/postfix/settings-notes", test_settings_notes);
  g_test_add_func ("/postfix/password-unavailable", test_password_unavailable);

  status = g_test_run ();
  mc_test_postfix_stop (postfix);
  mc_test_pki_free (pki);
  mc_test_dns_stop (dns);
  return status;
}
