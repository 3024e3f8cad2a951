/* test-cli.c: mail-checkup-cli end to end: real DNS and ports on loopback, JSON, exit statuses.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "mc-test-dns.h"
#include "mc-test-net.h"
#include "mc-test-pki.h"
#include "mc-test-smtp-server.h"

static McTestDns *dns;
static McTestPki *pki;

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
  GSubprocess *process;
  char        *out;
  char        *err;
  gboolean     done;
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

/* Runs the CLI with the given arguments, extra environment and standard
 * input; the main loop keeps running meanwhile, so in-process listeners
 * keep accepting. */
static void
run_cli_va (CliResult          *result,
            const char * const *env,
            const char         *input,
            const char         *first_arg,
            va_list             args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Pending pending = { 0 };
  const char *arg;

  g_ptr_array_add (argv, (char *) g_getenv ("MC_TEST_CLI"));
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_unsetenv (launcher, "MAIL_CHECKUP_PORT_MAP");
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  pending.process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (pending.process, input, NULL, communicate_cb, &pending);
  mc_test_iterate_until (&pending.done, 60000);

  g_assert_true (g_subprocess_get_if_exited (pending.process));
  result->status = g_subprocess_get_exit_status (pending.process);
  result->out = pending.out;
  result->err = pending.err;
  g_object_unref (pending.process);
}

static void
run_cli (CliResult          *result,
         const char * const *env,
         const char         *first_arg,
         ...)
{
  va_list args;

  va_start (args, first_arg);
  run_cli_va (result, env, NULL, first_arg, args);
  va_end (args);
}

static void
run_cli_input (CliResult          *result,
               const char * const *env,
               const char         *input,
               const char         *first_arg,
               ...)
{
  va_list args;

  va_start (args, first_arg);
  run_cli_va (result, env, input, first_arg, args);
  va_end (args);
}

static JsonObject *
parse_report (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
find (JsonObject *report,
      const char *id)
{
  JsonArray *findings = json_object_get_array_member (report, "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member (finding, "id"), id) == 0)
        return finding;
    }
  g_error ("No finding %s in the report", id);
}

static void
assert_schema (JsonObject *report)
{
  static const char *statuses[] = { "ok", "warn", "fail", "error", "skipped", "info", NULL };
  static const char *ids[] = { "network.link", "network.dns", "server.address", "server.ports",
                               "server.greeting", "server.tls", "server.auth", "server.sender",
                               "server.size", "server.settings" };
  JsonArray *findings;

  g_assert_cmpstr (json_object_get_string_member (report, "schema"), ==, "mail-checkup/1");
  g_assert_cmpstr (json_object_get_string_member (report, "version"), ==, PACKAGE_VERSION);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (report, "started_at"), "Z"));
  g_assert_cmpint (json_object_get_int_member (report, "duration_ms"), >=, 0);
  g_assert_true (json_object_has_member (json_object_get_object_member (report, "account"), "host"));
  g_assert_true (g_strv_contains (statuses, json_object_get_string_member (
                   json_object_get_object_member (report, "overall"), "status")));

  findings = json_object_get_array_member (report, "findings");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_nonnull (find (report, ids[i]));
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      g_assert_true (g_strv_contains (statuses, json_object_get_string_member (finding, "status")));
      g_assert_nonnull (json_object_get_string_member (finding, "summary"));
      g_assert_nonnull (json_object_get_string_member (finding, "group"));
      g_assert_true (json_object_has_member (finding, "guidance"));
      g_assert_true (json_object_has_member (finding, "blocked_by"));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (finding, "evidence")));
    }
}

static char *
port_map (guint16 p25,
          guint16 p465,
          guint16 p587)
{
  return g_strdup_printf ("25=%u,465=%u,587=%u", p25, p465, p587);
}

static guint16
closed_port (void)
{
  return mc_test_pick_port (G_SOCKET_TYPE_STREAM, NULL);
}

/* A well-behaved submission server on 587 (the scripted one), and ports 25
 * and 465 open: every finding is green and the exit status is 0. */
static void
test_check_json_ok (void)
{
  g_autoptr(McTestListener) l25 = mc_test_listener_new (NULL);
  g_autoptr(McTestListener) l465 = mc_test_listener_new (NULL);
  g_autoptr(McTestSmtpServer) server = NULL;
  g_autofree char *map = NULL;
  g_autofree char *input = NULL;
  const char *env[] = { "MAIL_CHECKUP_PORT_MAP", NULL, NULL };
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *account;

  server = mc_test_smtp_server_start ("ok-starttls", pki, MC_TEST_CERT_GOOD, NULL, &error);
  g_assert_no_error (error);
  map = port_map (mc_test_listener_get_port (l25), mc_test_listener_get_port (l465),
                  mc_test_smtp_server_get_port (server));
  env[1] = map;
  input = g_strdup_printf ("%s\n", mc_test_smtp_server_get_password (server));

  run_cli_input (&result, env, input, "check", "--host", "mail.example.test", "--email",
                 "taro@example.test", "--user", mc_test_smtp_server_get_user (server),
                 "--password-stdin", "--ca-file", mc_test_pki_get_ca_file (pki),
                 "--dns-server", mc_test_dns_get_server (dns), "--timeout", "5", "--format", "json",
                 "--blocklists", g_test_get_filename (G_TEST_DIST, "blocklists-test.ini", NULL),
                 NULL);
  g_test_message ("%s", result.out);
  g_assert_cmpint (result.status, ==, 0);
  report = parse_report (result.out);
  assert_schema (report);

  account = json_object_get_object_member (report, "account");
  g_assert_cmpstr (json_object_get_string_member (account, "host"), ==, "mail.example.test");
  g_assert_cmpstr (json_object_get_string_member (account, "email"), ==, "taro@example.test");
  g_assert_cmpint (json_object_get_int_member (account, "port"), ==, 587);
  g_assert_cmpstr (json_object_get_string_member (account, "security"), ==, "starttls");
  g_assert_cmpstr (json_object_get_string_member (find (report, "server.address"), "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (find (report, "server.ports"), "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (find (report, "network.dns"), "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (find (report, "server.auth"), "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (find (report, "server.sender"), "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (find (report, "server.size"),
                                                                              "evidence"),
                                               "limit_bytes"), ==, 10240000);
}

/* The password given on standard input appears nowhere: not in any output
 * format, not in --verbose transcripts, not in GLib's debug log. */
static void
test_password_never_shown (void)
{
  static const char *formats[] = { "text", "markdown", "json" };
  g_autoptr(McTestSmtpServer) server = NULL;
  g_autofree char *map = NULL;
  g_autofree char *input = NULL;
  g_autoptr(GError) error = NULL;
  const char *password;

  server = mc_test_smtp_server_start ("ok-starttls", pki, MC_TEST_CERT_GOOD, NULL, &error);
  g_assert_no_error (error);
  password = mc_test_smtp_server_get_password (server);
  map = port_map (closed_port (), closed_port (), mc_test_smtp_server_get_port (server));
  input = g_strdup_printf ("%s\n", password);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const char *env[] = { "MAIL_CHECKUP_PORT_MAP", map, "G_MESSAGES_DEBUG", "all", NULL };
      g_auto(CliResult) result = { 0 };
      g_autofree char *plain = NULL;
      g_autofree char *login = NULL;
      gsize length = strlen (mc_test_smtp_server_get_user (server)) + strlen (password) + 2;

      run_cli_input (&result, env, input, "check", "--host", "mail.example.test", "--email",
                     "taro@example.test", "--user", mc_test_smtp_server_get_user (server),
                     "--password-stdin", "--ca-file", mc_test_pki_get_ca_file (pki),
                     "--dns-server", mc_test_dns_get_server (dns), "--timeout", "5",
                     "--format", formats[i], "--verbose", NULL);
      /* The log-in really happened, so the password really was used. */
      g_assert_nonnull (strstr (result.out, "CRAM-MD5"));
      g_assert_null (strstr (result.out, password));
      g_assert_null (strstr (result.err, password));
      /* Nor its base64 forms, as AUTH PLAIN and LOGIN would carry them. */
      {
        g_autofree char *raw = g_malloc0 (length);
        const char *user = mc_test_smtp_server_get_user (server);

        memcpy (raw + 1, user, strlen (user));
        memcpy (raw + 2 + strlen (user), password, strlen (password));
        plain = g_base64_encode ((guchar *) raw, length);
        login = g_base64_encode ((const guchar *) password, strlen (password));
      }
      g_assert_null (strstr (result.out, plain));
      g_assert_null (strstr (result.out, login));
      g_assert_null (strstr (result.err, login));
    }
}

static void
test_bad_ca_file (void)
{
  g_auto(CliResult) result = { 0 };

  run_cli (&result, NULL, "check", "--host", "mail.example.test", "--ca-file", "/nonexistent/ca.pem",
           NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--ca-file"));
}

static void
test_empty_password_stdin (void)
{
  g_auto(CliResult) result = { 0 };

  run_cli_input (&result, NULL, "\n", "check", "--host", "mail.example.test", "--password-stdin", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--password-stdin"));
}

static void
test_check_json_host_unknown (void)
{
  g_autofree char *map = port_map (closed_port (), closed_port (), closed_port ());
  const char *env[] = { "MAIL_CHECKUP_PORT_MAP", map, NULL };
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonObject) report = NULL;
  JsonObject *ports;

  run_cli (&result, env, "check", "--host", "typo.example.test", "--dns-server",
           mc_test_dns_get_server (dns), "--format", "json", NULL);
  g_assert_cmpint (result.status, ==, 1);
  report = parse_report (result.out);
  assert_schema (report);
  g_assert_cmpstr (json_object_get_string_member (find (report, "server.address"), "status"), ==, "fail");
  g_assert_cmpstr (json_object_get_string_member (find (report, "server.address"), "guidance"), ==,
                   "host-unknown");
  ports = find (report, "server.ports");
  g_assert_cmpstr (json_object_get_string_member (ports, "status"), ==, "skipped");
  g_assert_cmpstr (json_object_get_string_member (ports, "blocked_by"), ==, "server.address");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (report, "overall"),
                                                  "headline"), ==, "server.address");
}

static void
test_check_text_and_markdown (void)
{
  g_autofree char *map = port_map (closed_port (), closed_port (), closed_port ());
  const char *env[] = { "MAIL_CHECKUP_PORT_MAP", map, NULL };
  g_auto(CliResult) text = { 0 };
  g_auto(CliResult) markdown = { 0 };

  run_cli (&text, env, "check", "--host", "typo.example.test", "--dns-server",
           mc_test_dns_get_server (dns), NULL);
  g_assert_cmpint (text.status, ==, 1);
  g_assert_true (g_str_has_prefix (text.out, "Mail Checkup "));
  g_assert_nonnull (strstr (text.out, "[FAIL] Server address"));
  g_assert_nonnull (strstr (text.out, "Host unknown"));

  run_cli (&markdown, env, "check", "--host", "typo.example.test", "--dns-server",
           mc_test_dns_get_server (dns), "--format", "markdown", NULL);
  g_assert_cmpint (markdown.status, ==, 1);
  g_assert_true (g_str_has_prefix (markdown.out, "# Mail Checkup report"));
}

static void
test_check_redact (void)
{
  g_autofree char *map = port_map (closed_port (), closed_port (), closed_port ());
  const char *env[] = { "MAIL_CHECKUP_PORT_MAP", map, NULL };
  g_auto(CliResult) result = { 0 };

  run_cli (&result, env, "check", "--host", "typo.example.test", "--email", "hanako@example.test",
           "--user", "hanako-login", "--dns-server", mc_test_dns_get_server (dns), "--format", "json",
           "--redact", NULL);
  g_assert_null (strstr (result.out, "hanako"));
  g_assert_nonnull (strstr (result.out, "***@example.test"));
}

/* Wrong options: exit status 2 and a message that names what is wrong. */
static void
test_usage_errors (void)
{
  static const struct { const char *args[6]; const char *expect; } cases[] = {
    { { "check", "--port", "70000", "--host", "x.test", NULL }, "--port" },
    { { "check", "--port", "abc", "--host", "x.test", NULL }, "port" },
    { { "check", "--security", "ssl3", "--host", "x.test", NULL }, "--security" },
    { { "check", "--format", "xml", "--host", "x.test", NULL }, "--format" },
    { { "check", "--timeout", "0", "--host", "x.test", NULL }, "--timeout" },
    { { "check", "--dns-server", "dns.example", "--host", "x.test", NULL }, "--dns-server" },
    { { "check", "--email", "not-an-address", "--host", "x.test", NULL }, "not-an-address" },
    { { "check", "--host", "bad host", NULL }, "bad host" },
    { { "check", NULL }, "--host" },
    { { "check", "--host", "x.test", "extra", NULL }, "extra" },
    { { "check", "--lang", "fr", "--host", "x.test", NULL }, "fr" },
    { { "frobnicate", NULL }, "frobnicate" },
    { { NULL }, "Usage" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliResult) result = { 0 };
      const char * const *a = cases[i].args;

      run_cli (&result, NULL, a[0], a[1], a[2], a[3], a[4], a[5], NULL);
      g_test_message ("case %u: %s", i, result.err);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_nonnull (strstr (result.err, cases[i].expect));
      g_assert_cmpstr (result.out, ==, "");
    }
}

static void
test_bad_port_map (void)
{
  const char *env[] = { "MAIL_CHECKUP_PORT_MAP", "25=nope", NULL };
  g_auto(CliResult) result = { 0 };

  run_cli (&result, env, "check", "--host", "mail.example.test", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "MAIL_CHECKUP_PORT_MAP"));
}

static void
test_help (void)
{
  g_auto(CliResult) top = { 0 };
  g_auto(CliResult) check = { 0 };
  g_auto(CliResult) version = { 0 };

  run_cli (&top, NULL, "--help", NULL);
  g_assert_cmpint (top.status, ==, 0);
  g_assert_nonnull (strstr (top.out, "check"));

  run_cli (&check, NULL, "check", "--help", NULL);
  g_assert_cmpint (check.status, ==, 0);
  for (const char *const *o = (const char *const[]) { "--host", "--port", "--security", "--email",
                                                      "--dns-server", "--timeout", "--format",
                                                      "--lang", "--redact", "Exit status", NULL };
       *o != NULL; o++)
    g_assert_nonnull (strstr (check.out, *o));

  run_cli (&version, NULL, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_nonnull (strstr (version.out, PACKAGE_VERSION));
}

/* --lang ja gives the report in Japanese, whatever the environment says. */
static void
test_lang_ja (void)
{
  g_autofree char *map = port_map (closed_port (), closed_port (), closed_port ());
  const char *env[] = { "MAIL_CHECKUP_PORT_MAP", map, "LANG", "C", "LC_ALL", "", NULL };
  g_auto(CliResult) ja = { 0 };
  g_auto(CliResult) en = { 0 };
  g_auto(CliResult) help = { 0 };

  run_cli (&ja, env, "check", "--host", "typo.example.test", "--dns-server",
           mc_test_dns_get_server (dns), "--lang", "ja", NULL);
  g_assert_cmpint (ja.status, ==, 1);
  /* The titles and the summary are translated: look for Japanese text. */
  g_assert_nonnull (strstr (ja.out, "メール健康診断"));
  g_assert_nonnull (strstr (ja.out, "サーバー"));

  run_cli (&en, env, "check", "--host", "typo.example.test", "--dns-server",
           mc_test_dns_get_server (dns), "--lang", "en", NULL);
  g_assert_nonnull (strstr (en.out, "Server address"));

  run_cli (&help, env, "check", "--help", "--lang=ja", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--host"));
  g_assert_nonnull (strstr (help.out, "サーバー"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("MC_TEST_CLI"));

  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);
  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/check-json-ok", test_check_json_ok);
  g_test_add_func ("/cli/check-json-host-unknown", test_check_json_host_unknown);
  g_test_add_func ("/cli/password-never-shown", test_password_never_shown);
  g_test_add_func ("/cli/bad-ca-file", test_bad_ca_file);
  g_test_add_func ("/cli/empty-password-stdin", test_empty_password_stdin);
  g_test_add_func ("/cli/check-text-and-markdown", test_check_text_and_markdown);
  g_test_add_func ("/cli/check-redact", test_check_redact);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/bad-port-map", test_bad_port_map);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/lang-ja", test_lang_ja);

  status = g_test_run ();
  mc_test_pki_free (pki);
  mc_test_dns_stop (dns);
  return status;
}
