/* test-smtp-fixtures.c: the test PKI and the private Postfix do what the SMTP tests rely on, checked with openssl and swaks.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mc-test-pki.h"
#include "mc-test-postfix.h"

#include <unistd.h>

static McTestPki *pki;
static McTestPostfix *postfix;

/* Runs a command to its end and returns its exit status; *output gets
 * everything it printed. */
static int
run (const char * const  *argv,
     char               **output)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                     | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, output, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
assert_matches (const char *text,
                const char *pattern)
{
  if (!g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0))
    g_error ("/%s/ not found in:\n%s", pattern, text);
}

static void
assert_no_match (const char *text,
                 const char *pattern)
{
  if (g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0))
    g_error ("/%s/ found in:\n%s", pattern, text);
}

/* ---- The PKI, with openssl ---- */

static int
openssl_verify (const char      *ca_file,
                McTestCertKind   kind,
                char           **output)
{
  const char *argv[] = {
    "openssl", "verify", "-CAfile", ca_file, "-verify_hostname", "mail.example.test",
    mc_test_pki_get_cert_file (pki, kind), NULL
  };

  return run (argv, output);
}

static void
test_pki_verify (void)
{
  const char *ca = mc_test_pki_get_ca_file (pki);
  const struct
  {
    McTestCertKind kind;
    const char *error;  /* NULL: verifies */
  } cases[] = {
    { MC_TEST_CERT_GOOD, NULL },
    { MC_TEST_CERT_EXPIRING, NULL },
    { MC_TEST_CERT_EXPIRED, "certificate has expired" },
    { MC_TEST_CERT_NOT_YET_VALID, "certificate is not yet valid" },
    { MC_TEST_CERT_WRONG_HOST, "hostname mismatch" },
    { MC_TEST_CERT_UNKNOWN_CA, "unable to get local issuer certificate" },
    { MC_TEST_CERT_SELF_SIGNED, "self-signed certificate" },
    { MC_TEST_CERT_INTERCEPT, "unable to get local issuer certificate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *output = NULL;
      int status = openssl_verify (ca, cases[i].kind, &output);

      g_test_message ("kind %d: %s", cases[i].kind, output);
      if (cases[i].error == NULL)
        {
          g_assert_cmpint (status, ==, 0);
          g_assert_nonnull (strstr (output, ": OK"));
        }
      else
        {
          g_assert_cmpint (status, !=, 0);
          g_assert_nonnull (strstr (output, cases[i].error));
        }
    }
}

/* The security product's CA is trusted where its root was installed. */
static void
test_pki_intercept (void)
{
  const char *issuer_argv[] = {
    "openssl", "x509", "-noout", "-issuer", "-in",
    mc_test_pki_get_cert_file (pki, MC_TEST_CERT_INTERCEPT), NULL
  };
  g_autofree char *issuer = NULL;
  g_autofree char *verified = NULL;

  g_assert_cmpint (run (issuer_argv, &issuer), ==, 0);
  g_assert_nonnull (strstr (issuer, "CN = ESET SSL Filter CA, O = ESET spol. s r.o."));
  g_assert_cmpint (openssl_verify (mc_test_pki_get_ca_bundle (pki), MC_TEST_CERT_INTERCEPT,
                                   &verified), ==, 0);
}

static void
test_pki_names_and_dates (void)
{
  const char *good = mc_test_pki_get_cert_file (pki, MC_TEST_CERT_GOOD);
  const char *expiring = mc_test_pki_get_cert_file (pki, MC_TEST_CERT_EXPIRING);
  const char *san_argv[] = { "openssl", "x509", "-noout", "-ext",
                             "subjectAltName,extendedKeyUsage", "-in", good, NULL };
  const char *wrong_argv[] = { "openssl", "x509", "-noout", "-ext", "subjectAltName", "-in",
                               mc_test_pki_get_cert_file (pki, MC_TEST_CERT_WRONG_HOST), NULL };
  /* Expiring: still valid in 6 days, no longer in 8. */
  const char *in_6_days[] = { "openssl", "x509", "-noout", "-checkend", "518400", "-in",
                              expiring, NULL };
  const char *in_8_days[] = { "openssl", "x509", "-noout", "-checkend", "691200", "-in",
                              expiring, NULL };
  const char *in_80_days[] = { "openssl", "x509", "-noout", "-checkend", "6912000", "-in",
                               good, NULL };
  g_autofree char *sans = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *out1 = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *out3 = NULL;

  g_assert_cmpint (run (san_argv, &sans), ==, 0);
  g_assert_nonnull (strstr (sans, "DNS:mail.example.test, DNS:localhost, IP Address:127.0.0.1, "
                                  "IP Address:0:0:0:0:0:0:0:1"));
  g_assert_nonnull (strstr (sans, "TLS Web Server Authentication"));
  g_assert_cmpint (run (wrong_argv, &wrong), ==, 0);
  g_assert_nonnull (strstr (wrong, "DNS:other.example.net"));
  g_assert_null (strstr (wrong, "localhost"));

  g_assert_cmpint (run (in_6_days, &out1), ==, 0);
  g_assert_cmpint (run (in_8_days, &out2), !=, 0);
  g_assert_cmpint (run (in_80_days, &out3), ==, 0);
}

/* Each key belongs to its certificate. */
static void
test_pki_keys (void)
{
  for (McTestCertKind kind = MC_TEST_CERT_GOOD; kind <= MC_TEST_CERT_INTERCEPT; kind++)
    {
      const char *cert_argv[] = { "openssl", "x509", "-noout", "-pubkey", "-in",
                                  mc_test_pki_get_cert_file (pki, kind), NULL };
      const char *key_argv[] = { "openssl", "pkey", "-pubout", "-in",
                                 mc_test_pki_get_key_file (pki, kind), NULL };
      g_autofree char *from_cert = NULL;
      g_autofree char *from_key = NULL;

      g_assert_cmpint (run (cert_argv, &from_cert), ==, 0);
      g_assert_cmpint (run (key_argv, &from_key), ==, 0);
      g_assert_cmpstr (from_cert, ==, from_key);
    }
}

/* ---- Postfix, with swaks ---- */

/* swaks against one of the fixture's ports; never as far as DATA unless
 * told where to stop. Returns swaks's exit status. */
static int
swaks (guint16      well_known,
       char       **output,
       const char  *first,
       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  g_ptr_array_add (argv, g_strdup ("swaks"));
  g_ptr_array_add (argv, g_strdup ("--server"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", mc_test_postfix_get_port (postfix, well_known)));
  g_ptr_array_add (argv, g_strdup ("--helo"));
  g_ptr_array_add (argv, g_strdup ("client.example.test"));
  g_ptr_array_add (argv, g_strdup ("--timeout"));
  g_ptr_array_add (argv, g_strdup ("10"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  return run ((const char * const *) argv->pdata, output);
}

static void
test_submission_auth (void)
{
  const char *mechanisms[] = { "PLAIN", "LOGIN", "CRAM-MD5" };

  for (guint i = 0; i < G_N_ELEMENTS (mechanisms); i++)
    {
      g_autofree char *out = NULL;
      int status;

      status = swaks (587, &out, "--tls", "--tls-verify",
                      "--tls-ca-path", mc_test_pki_get_ca_file (pki),
                      "--auth", mechanisms[i],
                      "--auth-user", mc_test_postfix_get_user (postfix),
                      "--auth-password", mc_test_postfix_get_password (postfix),
                      "--from", mc_test_postfix_get_email (postfix),
                      "--to", mc_test_postfix_get_email (postfix),
                      "--quit-after", "RCPT", NULL);
      g_test_message ("%s", out);
      g_assert_cmpint (status, ==, 0);
      /* After STARTTLS, the EHLO reply offers what the header promises. */
      assert_matches (out, "^<~ +250-SIZE 10240000$");
      assert_matches (out, "^<~ +250-PIPELINING$");
      assert_matches (out, "^<~ +250-AUTH PLAIN LOGIN CRAM-MD5$");
      assert_matches (out, "^<~ +235 ");
      assert_matches (out, "^<~ +250 2\\.1\\.5 ");
      assert_no_match (out, "DATA");
    }
}

/* Before STARTTLS: STARTTLS offered, AUTH not. */
static void
test_submission_no_auth_before_tls (void)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (swaks (587, &out, "--quit-after", "EHLO", NULL), ==, 0);
  assert_matches (out, "^<- +250-STARTTLS$");
  assert_no_match (out, "AUTH");
}

static void
test_submission_wrong_password (void)
{
  g_autofree char *out = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  int status;

  status = swaks (587, &out, "--tls", "--auth", "PLAIN",
                  "--auth-user", mc_test_postfix_get_user (postfix),
                  "--auth-password", "not-the-password",
                  "--from", mc_test_postfix_get_email (postfix),
                  "--to", mc_test_postfix_get_email (postfix),
                  "--quit-after", "RCPT", NULL);
  g_test_message ("%s", out);
  g_assert_cmpint (status, !=, 0);
  assert_matches (out, "^<~\\* +535 5\\.7\\.8 ");
  assert_no_match (out, "^<~ +235 ");
  /* Dovecot's failure delay is off: a test of a wrong password is quick. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 1.5);
}

/* Without AUTH: the user's own address is refused as a sender ("not
 * logged in"), any other sender's mail as a whole. Both at RCPT. */
static void
test_submission_needs_auth (void)
{
  g_autofree char *own = NULL;
  g_autofree char *stranger = NULL;

  swaks (587, &own, "--tls",
         "--from", mc_test_postfix_get_email (postfix),
         "--to", mc_test_postfix_get_email (postfix),
         "--quit-after", "RCPT", NULL);
  g_test_message ("%s", own);
  assert_matches (own, "^<~ +250 2\\.1\\.0 ");
  assert_matches (own, "^<~\\* +553 5\\.7\\.1 .*not logged in");

  swaks (587, &stranger, "--tls",
         "--from", "stranger@example.org",
         "--to", mc_test_postfix_get_email (postfix),
         "--quit-after", "RCPT", NULL);
  g_test_message ("%s", stranger);
  assert_matches (stranger, "^<~\\* +554 5\\.7\\.1 ");
}

static void
test_smtps_auth (void)
{
  g_autofree char *out = NULL;
  int status;

  status = swaks (465, &out, "--tls-on-connect", "--tls-verify",
                  "--tls-ca-path", mc_test_pki_get_ca_file (pki),
                  "--auth", "LOGIN",
                  "--auth-user", mc_test_postfix_get_user (postfix),
                  "--auth-password", mc_test_postfix_get_password (postfix),
                  "--from", mc_test_postfix_get_email (postfix),
                  "--to", mc_test_postfix_get_email (postfix),
                  "--quit-after", "RCPT", NULL);
  g_test_message ("%s", out);
  g_assert_cmpint (status, ==, 0);
  assert_matches (out, "^<~ +220 mail\\.example\\.test ESMTP");
  assert_matches (out, "^<~ +235 ");
  assert_matches (out, "^<~ +250 2\\.1\\.5 ");
}

/* taro may not send as hanako: refused at RCPT, after MAIL was accepted. */
static void
test_sender_not_owned (void)
{
  g_autofree char *out = NULL;

  swaks (587, &out, "--tls", "--auth", "PLAIN",
         "--auth-user", mc_test_postfix_get_user (postfix),
         "--auth-password", mc_test_postfix_get_password (postfix),
         "--from", mc_test_postfix_get_other_email (postfix),
         "--to", mc_test_postfix_get_email (postfix),
         "--quit-after", "RCPT", NULL);
  g_test_message ("%s", out);
  assert_matches (out, "^<~ +235 ");
  assert_matches (out, "^<~ +250 2\\.1\\.0 ");
  assert_matches (out, "^<~\\* +553 5\\.7\\.1 <hanako@example\\.test>: Sender address rejected");
}

/* Another domain is refused even after AUTH: nothing can leave. */
static void
test_no_relay (void)
{
  g_autofree char *out = NULL;

  swaks (587, &out, "--tls", "--auth", "PLAIN",
         "--auth-user", mc_test_postfix_get_user (postfix),
         "--auth-password", mc_test_postfix_get_password (postfix),
         "--from", mc_test_postfix_get_email (postfix),
         "--to", "someone@example.com",
         "--quit-after", "RCPT", NULL);
  g_test_message ("%s", out);
  assert_matches (out, "^<~\\* +5[0-9][0-9] ");
}

static void
test_plain_no_starttls (void)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (swaks (25, &out, "--quit-after", "EHLO", NULL), ==, 0);
  g_test_message ("%s", out);
  assert_matches (out, "^<- +250-AUTH PLAIN LOGIN CRAM-MD5$");
  assert_no_match (out, "STARTTLS");
}

static guint
count (const char *text,
       const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n = 0;

  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      n++;
      g_match_info_next (match, NULL);
    }
  return n;
}

/* The log line that ends the next port-25 session after `seen` of them. */
static char *
wait_plain_disconnect (guint seen)
{
  const char *pattern = "^.*/plain/smtpd\\[[0-9]+\\]: disconnect from .*$";
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *log = mc_test_postfix_dup_log (postfix);
      g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;
      guint n = 0;

      g_regex_match (regex, log, 0, &match);
      while (g_match_info_matches (match))
        {
          if (n++ == seen)
            return g_match_info_fetch (match, 0);
          g_match_info_next (match, NULL);
        }
      g_usleep (20 * 1000);
    }
  g_error ("No port-25 session ended in the log");
  return NULL;
}

/* What the header says to look for: a client that sends no AUTH on port 25
 * leaves no trace of AUTH; one that does leaves it in Postfix's and in
 * Dovecot's log, without the password. */
static void
test_plain_auth_in_log (void)
{
  const char *any_auth = "client in: AUTH\t";
  const char *secured_auth = "client in: AUTH\t.*\tsecured(\t|$)";
  g_autofree char *before = mc_test_postfix_dup_log (postfix);
  guint seen = count (before, "/plain/smtpd\\[[0-9]+\\]: disconnect from ");
  guint clear_before = count (before, any_auth) - count (before, secured_auth);
  g_autofree char *out1 = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;
  g_autofree char *middle = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (swaks (25, &out1, "--from", mc_test_postfix_get_email (postfix),
                          "--to", mc_test_postfix_get_email (postfix),
                          "--quit-after", "RCPT", NULL), ==, 0);
  line1 = wait_plain_disconnect (seen);
  g_test_message ("%s", line1);
  g_assert_null (strstr (line1, " auth="));
  g_assert_nonnull (strstr (line1, " rcpt=1 "));
  middle = mc_test_postfix_dup_log (postfix);
  g_assert_cmpuint (count (middle, any_auth) - count (middle, secured_auth), ==, clear_before);

  /* A bad client: its password crosses in the clear. */
  g_assert_cmpint (swaks (25, &out2, "--auth", "PLAIN",
                          "--auth-user", mc_test_postfix_get_user (postfix),
                          "--auth-password", mc_test_postfix_get_password (postfix),
                          "--quit-after", "AUTH", NULL), ==, 0);
  line2 = wait_plain_disconnect (seen + 1);
  g_test_message ("%s", line2);
  g_assert_nonnull (strstr (line2, " auth=1 "));
  after = mc_test_postfix_dup_log (postfix);
  g_assert_cmpuint (count (after, any_auth) - count (after, secured_auth), ==, clear_before + 1);

  g_assert_null (strstr (after, mc_test_postfix_get_password (postfix)));
}

/* A second instance beside the first, stopped again: new ports, a new
 * password, and nothing listening once it is gone. */
static void
test_second_instance (void)
{
  g_autoptr(GError) error = NULL;
  McTestPostfix *second = mc_test_postfix_start (pki, &error);
  guint16 ports[3];
  guint16 well_known[3] = { 25, 465, 587 };

  g_assert_no_error (error);
  g_assert_cmpstr (mc_test_postfix_get_password (second), !=,
                   mc_test_postfix_get_password (postfix));
  for (guint i = 0; i < 3; i++)
    {
      ports[i] = mc_test_postfix_get_port (second, well_known[i]);
      g_assert_cmpuint (ports[i], !=, mc_test_postfix_get_port (postfix, well_known[i]));
    }
  mc_test_postfix_stop (second);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GError) refused = NULL;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", ports[i], NULL,
                                                    &refused);
      g_assert_error (refused, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
    }
}

static void
skip_not_root (void)
{
  g_test_skip ("A private Postfix needs root");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  const char *tools[] = { "openssl", "swaks", "postfix", "dovecot" };
  const char *swaks_support_argv[] = { "swaks", "--support", NULL };
  g_autofree char *swaks_support = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Missing tools are a broken set-up (tests/bootstrap.sh installs them),
   * not a reason to skip. */
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i]);
      g_autofree char *sbin = g_build_filename ("/usr/sbin", tools[i], NULL);

      if (path == NULL && !g_file_test (sbin, G_FILE_TEST_IS_EXECUTABLE))
        g_error ("%s is not installed", tools[i]);
    }
  run (swaks_support_argv, &swaks_support);
  if (strstr (swaks_support, "=== TLS supported") == NULL)
    g_error ("swaks cannot speak TLS (it needs libnet-ssleay-perl): %s", swaks_support);
  if (getuid () != 0)
    {
      g_test_add_func ("/smtp-fixtures/needs-root", skip_not_root);
      return g_test_run ();
    }

  timer = g_timer_new ();
  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);
  g_test_message ("PKI made in %.3f s", g_timer_elapsed (timer, NULL));
  g_timer_start (timer);
  postfix = mc_test_postfix_start (pki, &error);
  g_assert_no_error (error);
  g_test_message ("Postfix started in %.3f s (ports 587->%u, 465->%u, 25->%u)",
                  g_timer_elapsed (timer, NULL), mc_test_postfix_get_port (postfix, 587),
                  mc_test_postfix_get_port (postfix, 465), mc_test_postfix_get_port (postfix, 25));

  g_test_add_func ("/smtp-fixtures/pki/verify", test_pki_verify);
  g_test_add_func ("/smtp-fixtures/pki/intercept", test_pki_intercept);
  g_test_add_func ("/smtp-fixtures/pki/names-and-dates", test_pki_names_and_dates);
  g_test_add_func ("/smtp-fixtures/pki/keys", test_pki_keys);
  g_test_add_func ("/smtp-fixtures/submission/auth", test_submission_auth);
  g_test_add_func ("/smtp-fixtures/submission/no-auth-before-tls",
                   test_submission_no_auth_before_tls);
  g_test_add_func ("/smtp-fixtures/submission/wrong-password", test_submission_wrong_password);
  g_test_add_func ("/smtp-fixtures/submission/needs-auth", test_submission_needs_auth);
  g_test_add_func ("/smtp-fixtures/submission/sender-not-owned", test_sender_not_owned);
  g_test_add_func ("/smtp-fixtures/submission/no-relay", test_no_relay);
  g_test_add_func ("/smtp-fixtures/smtps/auth", test_smtps_auth);
  g_test_add_func ("/smtp-fixtures/plain/no-starttls", test_plain_no_starttls);
  g_test_add_func ("/smtp-fixtures/plain/auth-in-log", test_plain_auth_in_log);
  g_test_add_func ("/smtp-fixtures/postfix/second-instance", test_second_instance);

  status = g_test_run ();

  g_timer_start (timer);
  g_clear_pointer (&postfix, mc_test_postfix_stop);
  g_test_message ("Postfix stopped in %.3f s", g_timer_elapsed (timer, NULL));
  g_clear_pointer (&pki, mc_test_pki_free);
  return status;
}
