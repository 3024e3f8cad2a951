/* test-smtp-hostile.c: the server.* findings against scripted servers that misbehave on purpose.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case starts tests/smtp-hostile.py with one scenario on a loopback
 * port, points the account's port at it (MAIL_CHECKUP_PORT_MAP style; the
 * other mail ports go to ports nothing listens on), runs a whole checkup and
 * asserts the finding that names the problem and what its summary says.
 */
#include "config.h"

#include <string.h>

#include "mc-checkup.h"
#include "mc-i18n.h"
#include "mc-test-dns.h"
#include "mc-test-net.h"
#include "mc-test-pki.h"
#include "mc-test-smtp-server.h"

static McTestDns *dns;
static McTestPki *pki;

typedef enum
{
  CA_TEST,      /* --ca-file with the test CA */
  CA_BUNDLE,    /* the test CA and the security product's CA */
  CA_NONE,      /* only the system's authorities */
} CaChoice;

typedef struct
{
  const char     *scenario;
  const char     *args[8];
  McTestCertKind  cert;
  guint16         port;          /* the account's port; the server listens there */
  McSecurity      security;
  gboolean        password;      /* log in with the server's password */
  const char     *wrong_password;
  gboolean        no_email;
  CaChoice        ca;
  guint           timeout;       /* seconds a step; 3 unless given */
  gboolean        allow_plaintext;
} Case;

typedef struct
{
  McReport         *report;
  McTestSmtpServer *server;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_object (&outcome->report);
  g_clear_pointer (&outcome->server, mc_test_smtp_server_stop);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

/* The server writes about a connection once it notices the client left:
 * wait for that before asserting what its log does or does not hold. */
static void
settle (Outcome *outcome)
{
  g_assert_true (mc_test_smtp_server_wait_idle (outcome->server, 5000));
}

static guint16
closed_port (void)
{
  return mc_test_pick_port (G_SOCKET_TYPE_STREAM, NULL);
}

static void
run_case (const Case *c,
          Outcome    *outcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McResolver) resolver = mc_resolver_new ();
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  g_autofree char *map = NULL;
  const char *servers[] = { mc_test_dns_get_server (dns), NULL };
  guint16 port = c->port ? c->port : 587;
  guint16 server_port;

  outcome->server = mc_test_smtp_server_start (c->scenario, pki, c->cert,
                                               c->args[0] ? c->args : NULL, &error);
  g_assert_no_error (error);
  server_port = mc_test_smtp_server_get_port (outcome->server);

  map = g_strdup_printf ("25=%u,465=%u,587=%u",
                         port == 25 ? server_port : closed_port (),
                         port == 465 ? server_port : closed_port (),
                         port == 587 ? server_port : closed_port ());

  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  mc_account_set_host (account, "mail.example.test");
  mc_account_set_port (account, port);
  mc_account_set_security (account, c->security);
  if (!c->no_email)
    mc_account_set_email (account, "taro@example.test");
  mc_account_set_user (account, mc_test_smtp_server_get_user (outcome->server));

  checkup = mc_checkup_new (account, resolver);
  g_assert_true (mc_checkup_set_port_map (checkup, map, &error));
  mc_checkup_set_blocklists_file (checkup, g_test_get_filename (G_TEST_DIST, "blocklists-test.ini", NULL));
  mc_checkup_set_timeout (checkup, c->timeout ? c->timeout : 3);
  mc_checkup_set_allow_plaintext_auth (checkup, c->allow_plaintext);
  if (c->ca == CA_TEST)
    g_assert_true (mc_checkup_set_ca_file (checkup, mc_test_pki_get_ca_file (pki), &error));
  else if (c->ca == CA_BUNDLE)
    g_assert_true (mc_checkup_set_ca_file (checkup, mc_test_pki_get_ca_bundle (pki), &error));
  g_assert_no_error (error);
  if (c->wrong_password != NULL)
    mc_checkup_set_password (checkup, c->wrong_password);
  else if (c->password)
    mc_checkup_set_password (checkup, mc_test_smtp_server_get_password (outcome->server));

  outcome->report = mc_test_run_checkup (checkup, 60000);
  settle (outcome);

  /* Whatever happened, every finding ended with a summary. */
  for (guint i = 0; i < mc_report_get_findings (outcome->report)->len; i++)
    {
      McFinding *finding = g_ptr_array_index (mc_report_get_findings (outcome->report), i);

      g_assert_true (mc_status_is_done (mc_finding_get_status (finding)));
      g_assert_nonnull (mc_finding_get_summary (finding));
    }
}

static McFinding *
finding (Outcome    *outcome,
         const char *id)
{
  McFinding *f = mc_report_lookup_finding (outcome->report, id);

  g_assert_nonnull (f);
  return f;
}

/* Asserts a finding's status, guidance and a piece of its summary. */
static void
assert_finding (Outcome    *outcome,
                const char *id,
                McStatus    status,
                const char *guidance,
                const char *summary_part)
{
  McFinding *f = finding (outcome, id);

  g_test_message ("%s: %s — %s", id, mc_status_to_string (mc_finding_get_status (f)),
                  mc_finding_get_summary (f));
  g_assert_cmpstr (mc_status_to_string (mc_finding_get_status (f)), ==, mc_status_to_string (status));
  if (guidance != NULL)
    g_assert_cmpstr (mc_finding_get_guidance (f), ==, guidance);
  if (summary_part != NULL)
    g_assert_nonnull (strstr (mc_finding_get_summary (f), summary_part));
}

static void
assert_skipped_by (Outcome    *outcome,
                   const char *id,
                   const char *cause)
{
  McFinding *f = finding (outcome, id);

  g_assert_cmpint (mc_finding_get_status (f), ==, MC_STATUS_SKIPPED);
  g_assert_cmpstr (mc_finding_get_blocked_by (f), ==, cause);
}

static gboolean
server_saw_auth (Outcome *outcome)
{
  return mc_test_smtp_server_saw_event (outcome->server, "auth", NULL);
}

/* --- well-behaved servers ------------------------------------------------ */

static void
test_ok_starttls (void)
{
  Case c = { .scenario = "ok-starttls", .password = TRUE };
  g_auto(Outcome) o = { 0 };
  g_autofree char *json = NULL;
  JsonObject *greeting, *tls, *size;

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_OK, NULL, "220 mail.example.test");
  assert_finding (&o, "server.tls", MC_STATUS_OK, NULL, "TLS 1.");
  assert_finding (&o, "server.auth", MC_STATUS_OK, NULL, "CRAM-MD5");
  assert_finding (&o, "server.sender", MC_STATUS_OK, NULL, "taro@example.test");
  assert_finding (&o, "server.size", MC_STATUS_OK, NULL, "10240000");
  assert_finding (&o, "server.settings", MC_STATUS_OK, NULL, "587");

  greeting = mc_finding_get_evidence (finding (&o, "server.greeting"));
  g_assert_cmpstr (json_object_get_string_member (greeting, "client_ip"), ==, "127.0.0.1");
  g_assert_true (json_array_get_length (json_object_get_array_member (greeting, "transcript")) > 10);
  tls = mc_finding_get_evidence (finding (&o, "server.tls"));
  g_assert_true (json_object_get_boolean_member (tls, "trusted_by_ca_file"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (tls, "certificate"),
                                                  "issuer"), !=, "");
  size = mc_finding_get_evidence (finding (&o, "server.size"));
  g_assert_cmpint (json_object_get_int_member (size, "limit_bytes"), ==, 10240000);

  /* The log-in happened inside TLS, and the MAIL/RCPT went out together. */
  g_assert_true (mc_test_smtp_server_saw_event (o.server, "auth", NULL));
  g_assert_false (mc_test_smtp_server_saw_event (o.server, "recv", "DATA"));
  json = mc_report_to_json (o.report, FALSE);
  g_assert_null (strstr (json, mc_test_smtp_server_get_password (o.server)));
  g_assert_cmpint (mc_report_get_exit_status (o.report), ==, 0);
}

static void
test_ok_implicit_tls (void)
{
  Case c = { .scenario = "ok-implicit-tls", .port = 465, .security = MC_SECURITY_TLS, .password = TRUE };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_OK, NULL, NULL);
  assert_finding (&o, "server.greeting", MC_STATUS_OK, NULL, NULL);
  assert_finding (&o, "server.auth", MC_STATUS_OK, NULL, NULL);
  assert_finding (&o, "server.sender", MC_STATUS_OK, NULL, NULL);
  assert_finding (&o, "server.settings", MC_STATUS_OK, NULL, "465");
}

/* Without a password, the log-in is described, not failed. */
static void
test_no_password (void)
{
  Case c = { .scenario = "ok-starttls" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.auth", MC_STATUS_INFO, "auth-not-tested", "PLAIN");
  g_assert_false (server_saw_auth (&o));
}

/* --- greetings that are not SMTP ----------------------------------------- */

static void
test_garbage_banner (void)
{
  Case c = { .scenario = "garbage-banner" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "not-smtp", "not a mail server");
  assert_skipped_by (&o, "server.tls", "server.greeting");
  assert_skipped_by (&o, "server.auth", "server.greeting");
  g_assert_cmpstr (mc_finding_get_id (mc_report_get_headline (o.report)), ==, "server.greeting");
}

static void
test_http (void)
{
  Case c = { .scenario = "http", .timeout = 2 };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "not-smtp-http", "web server");
}

static void
test_tls_on_plain (void)
{
  Case c = { .scenario = "tls-on-plain", .timeout = 2 };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "tls-expected", "SSL/TLS");
}

static void
test_421_at_connect (void)
{
  Case c = { .scenario = "421-at-connect" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "greeting-421", "421");
}

static void
test_554_at_connect (void)
{
  Case c = { .scenario = "554-at-connect" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "greeting-554", "blocklist");
}

static void
test_silent (void)
{
  Case c = { .scenario = "silent", .timeout = 2 };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "greeting-silent", "did not greet");
}

static void
test_drip_feed (void)
{
  Case c = { .scenario = "drip-feed", .timeout = 2 };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "greeting-slow", "bytes in 2 seconds");
}

static void
test_long_line (void)
{
  Case c = { .scenario = "long-line" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "not-smtp", "longer than 4096 bytes");
}

static void
test_huge_reply (void)
{
  Case c = { .scenario = "huge-reply" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "not-smtp", "longer than 65536 bytes");
}

static void
test_inconsistent_multiline (void)
{
  Case c = { .scenario = "inconsistent-multiline" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "not-smtp", "mixes the codes 250 and 251");
}

static void
test_bad_continuation (void)
{
  Case c = { .scenario = "bad-continuation" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "not-smtp", "not SMTP");
}

static void
test_reset_after_ehlo (void)
{
  Case c = { .scenario = "reset-after-ehlo" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "greeting-closed", "EHLO");
}

static void
test_close_mid_reply (void)
{
  Case c = { .scenario = "close-mid-reply" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "greeting-closed", "EHLO");
}

/* --- encryption ----------------------------------------------------------- */

static void
test_starttls_454 (void)
{
  Case c = { .scenario = "starttls-454", .password = TRUE };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_OK, NULL, NULL);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "starttls-refused", "454");
  assert_skipped_by (&o, "server.auth", "server.tls");
  assert_skipped_by (&o, "server.sender", "server.tls");
  g_assert_false (server_saw_auth (&o));
}

/* STARTTLS missing on a server that offers AUTH in the clear: the password
 * must never leave this computer. */
static void
test_starttls_not_offered (void)
{
  Case c = { .scenario = "starttls-not-offered", .password = TRUE };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "starttls-not-offered", "STARTTLS");
  assert_skipped_by (&o, "server.auth", "server.tls");
  g_assert_false (server_saw_auth (&o));
}

/* An account set to no encryption: the refusal to send the password is the
 * finding, and still nothing is sent. */
static void
test_plaintext_refused (void)
{
  Case c = { .scenario = "starttls-not-offered", .password = TRUE, .security = MC_SECURITY_NONE };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_WARN, "tls-unavailable", NULL);
  assert_finding (&o, "server.auth", MC_STATUS_FAIL, "auth-plaintext-refused", "not encrypted");
  g_assert_false (server_saw_auth (&o));
}

/* ... unless the user explicitly allowed it. */
static void
test_plaintext_allowed (void)
{
  Case c = { .scenario = "starttls-not-offered", .password = TRUE, .security = MC_SECURITY_NONE,
             .allow_plaintext = TRUE };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.auth", MC_STATUS_OK, NULL, NULL);
  g_assert_true (server_saw_auth (&o));
}

static void
test_tls_handshake_failure (void)
{
  Case c = { .scenario = "tls-handshake-failure", .password = TRUE };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "tls-handshake", NULL);
  assert_skipped_by (&o, "server.auth", "server.tls");
  g_assert_false (server_saw_auth (&o));
}

static void
test_cert_expired (void)
{
  Case c = { .scenario = "ok-starttls", .cert = MC_TEST_CERT_EXPIRED, .password = TRUE };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "cert-expired", "expired on 2020-01-01");
  g_assert_false (server_saw_auth (&o));
}

static void
test_cert_not_yet_valid (void)
{
  Case c = { .scenario = "ok-starttls", .cert = MC_TEST_CERT_NOT_YET_VALID };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "cert-not-yet-valid", "2035");
}

static void
test_cert_wrong_host (void)
{
  Case c = { .scenario = "ok-starttls", .cert = MC_TEST_CERT_WRONG_HOST };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "cert-wrong-host", "other.example.net");
}

static void
test_cert_self_signed (void)
{
  Case c = { .scenario = "ok-starttls", .cert = MC_TEST_CERT_SELF_SIGNED };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "cert-self-signed", "self-signed");
}

static void
test_cert_unknown_ca (void)
{
  Case c = { .scenario = "ok-starttls", .cert = MC_TEST_CERT_UNKNOWN_CA };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "cert-unknown-ca", "Unknown Test CA");
}

/* Without --ca-file the test CA is as unknown as any other. */
static void
test_cert_untrusted_without_ca_file (void)
{
  Case c = { .scenario = "ok-starttls", .ca = CA_NONE };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "cert-unknown-ca", "Mail Checkup Test CA");
}

static void
test_cert_expiring (void)
{
  Case c = { .scenario = "ok-starttls", .cert = MC_TEST_CERT_EXPIRING };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_WARN, "cert-expiring", "days");
}

/* A security product's root, installed on this machine (the bundle): the
 * connection works, and the finding names the product. */
static void
test_intercepted_trusted (void)
{
  Case c = { .scenario = "ok-starttls", .cert = MC_TEST_CERT_INTERCEPT, .ca = CA_BUNDLE };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_WARN, "tls-intercepted", "ESET");
}

static void
test_intercepted_untrusted (void)
{
  Case c = { .scenario = "ok-starttls", .cert = MC_TEST_CERT_INTERCEPT };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "tls-intercepted", "ESET");
}

static void
test_tls_1_0 (void)
{
  Case c = { .scenario = "ok-starttls", .args = { "--tls-max", "1.0" } };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_WARN, "tls-old-version", "TLS 1.0");
}

/* Plain text after "220 ready to start TLS": never taken, never encrypted
 * with. The server's log shows the client stopped before any handshake. */
static void
test_starttls_injection (void)
{
  Case c = { .scenario = "starttls-injection", .password = TRUE };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.tls", MC_STATUS_FAIL, "starttls-injection", NULL);
  g_assert_false (mc_test_smtp_server_saw_event (o.server, "tls", "client continued"));
  g_assert_true (mc_test_smtp_server_saw_event (o.server, "tls", "did not continue"));
  g_assert_false (server_saw_auth (&o));
}

/* --- log-in and sender ----------------------------------------------------- */

static void
test_wrong_password (void)
{
  Case c = { .scenario = "ok-starttls", .wrong_password = "not-the-password" };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.auth", MC_STATUS_FAIL, "auth-failed", "535");
  assert_skipped_by (&o, "server.sender", "server.auth");
}

static void
test_app_password (void)
{
  Case c = { .scenario = "ok-starttls", .password = TRUE,
             .args = { "--auth-reply", "534 5.7.9 Application-specific password required" } };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.auth", MC_STATUS_FAIL, "auth-app-password", "534");
}

static void
test_auth_temporary (void)
{
  Case c = { .scenario = "ok-starttls", .password = TRUE,
             .args = { "--auth-reply", "454 4.7.0 Temporary authentication failure" } };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.auth", MC_STATUS_ERROR, "auth-temporary", "454");
}

static void
test_auth_encryption_required (void)
{
  Case c = { .scenario = "ok-starttls", .password = TRUE,
             .args = { "--auth-reply", "538 5.7.11 Encryption required for requested authentication mechanism" } };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.auth", MC_STATUS_FAIL, "auth-encryption-required", "538");
}

static void
test_xoauth2_only (void)
{
  Case c = { .scenario = "ok-starttls", .password = TRUE, .args = { "--auth-mechs", "XOAUTH2 OAUTHBEARER" } };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.auth", MC_STATUS_INFO, "auth-oauth-only", "OAuth");
  g_assert_false (server_saw_auth (&o));
}

static void
test_sender_rejected (void)
{
  Case c = { .scenario = "ok-starttls", .password = TRUE,
             .args = { "--rcpt-reply", "553 5.7.1 <taro@example.test>: Sender address rejected: not owned by user" } };
  g_auto(Outcome) o = { 0 };

  run_case (&c, &o);
  assert_finding (&o, "server.sender", MC_STATUS_FAIL, "sender-rejected", "taro@example.test");
  g_assert_false (mc_test_smtp_server_saw_event (o.server, "recv", "DATA"));
}

/* --- settings -------------------------------------------------------------- */

/* The account asks for STARTTLS on 465, where the server speaks TLS at once:
 * the greeting never comes, and the settings say what to change. */
static void
test_wrong_security_on_465 (void)
{
  Case c = { .scenario = "ok-implicit-tls", .port = 465, .security = MC_SECURITY_STARTTLS, .timeout = 2 };
  g_auto(Outcome) o = { 0 };
  JsonObject *recommendation;

  run_case (&c, &o);
  assert_finding (&o, "server.greeting", MC_STATUS_FAIL, "tls-expected", "SSL/TLS");
  assert_finding (&o, "server.settings", MC_STATUS_FAIL, "settings-change", "SSL/TLS");
  recommendation = json_object_get_object_member (mc_finding_get_evidence (finding (&o, "server.settings")),
                                                  "recommendation");
  g_assert_cmpint (json_object_get_int_member (recommendation, "port"), ==, 465);
  g_assert_cmpstr (json_object_get_string_member (recommendation, "security"), ==, "tls");
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
  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/smtp/ok-starttls", test_ok_starttls);
  g_test_add_func ("/smtp/ok-implicit-tls", test_ok_implicit_tls);
  g_test_add_func ("/smtp/no-password", test_no_password);
  g_test_add_func ("/smtp/greeting/garbage-banner", test_garbage_banner);
  g_test_add_func ("/smtp/greeting/http", test_http);
  g_test_add_func ("/smtp/greeting/tls-on-plain", test_tls_on_plain);
  g_test_add_func ("/smtp/greeting/421", test_421_at_connect);
  g_test_add_func ("/smtp/greeting/554", test_554_at_connect);
  g_test_add_func ("/smtp/greeting/silent", test_silent);
  g_test_add_func ("/smtp/greeting/drip-feed", test_drip_feed);
  g_test_add_func ("/smtp/greeting/long-line", test_long_line);
  g_test_add_func ("/smtp/greeting/huge-reply", test_huge_reply);
  g_test_add_func ("/smtp/greeting/inconsistent-multiline", test_inconsistent_multiline);
  g_test_add_func ("/smtp/greeting/bad-continuation", test_bad_continuation);
  g_test_add_func ("/smtp/greeting/reset-after-ehlo", test_reset_after_ehlo);
  g_test_add_func ("/smtp/greeting/close-mid-reply", test_close_mid_reply);
  g_test_add_func ("/smtp/tls/starttls-454", test_starttls_454);
  g_test_add_func ("/smtp/tls/starttls-not-offered", test_starttls_not_offered);
  g_test_add_func ("/smtp/tls/plaintext-refused", test_plaintext_refused);
  g_test_add_func ("/smtp/tls/plaintext-allowed", test_plaintext_allowed);
  g_test_add_func ("/smtp/tls/handshake-failure", test_tls_handshake_failure);
  g_test_add_func ("/smtp/tls/expired", test_cert_expired);
  g_test_add_func ("/smtp/tls/not-yet-valid", test_cert_not_yet_valid);
  g_test_add_func ("/smtp/tls/wrong-host", test_cert_wrong_host);
  g_test_add_func ("/smtp/tls/self-signed", test_cert_self_signed);
  g_test_add_func ("/smtp/tls/unknown-ca", test_cert_unknown_ca);
  g_test_add_func ("/smtp/tls/untrusted-without-ca-file", test_cert_untrusted_without_ca_file);
  g_test_add_func ("/smtp/tls/expiring", test_cert_expiring);
  g_test_add_func ("/smtp/tls/intercepted-trusted", test_intercepted_trusted);
  g_test_add_func ("/smtp/tls/intercepted-untrusted", test_intercepted_untrusted);
  g_test_add_func ("/smtp/tls/tls-1.0", test_tls_1_0);
  g_test_add_func ("/smtp/tls/starttls-injection", test_starttls_injection);
  g_test_add_func ("/smtp/auth/wrong-password", test_wrong_password);
  g_test_add_func ("/smtp/auth/app-password", test_app_password);
  g_test_add_func ("/smtp/auth/temporary", test_auth_temporary);
  g_test_add_func ("/smtp/auth/encryption-required", test_auth_encryption_required);
  g_test_add_func ("/smtp/auth/xoauth2-only", test_xoauth2_only);
  g_test_add_func ("/smtp/sender/rejected", test_sender_rejected);
  g_test_add_func ("/smtp/settings/wrong-security-on-465", test_wrong_security_on_465);

  status = g_test_run ();
  mc_test_pki_free (pki);
  mc_test_dns_stop (dns);
  return status;
}
