/* test-account-e2e.c: `check --account` end to end: an Evolution account, its password in a real keyring, a real Postfix.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "mc-test-dns.h"
#include "mc-test-keyring.h"
#include "mc-test-net.h"
#include "mc-test-pki.h"
#include "mc-test-postfix.h"

/* Evolution names its sources after random uids; these look like them. */
#define ACCOUNT_UID   "8f0c2a6b4d1e9f3a7c5b2e8d6a4f1c3b9e7d5a2f"
#define IDENTITY_UID  "3b7e1d9c5a2f8e4b6d0c7a1f9e3d5b8c2a6f4e1d"
#define TRANSPORT_UID "c4a9e2f7b1d6083e5a7c9f2b4d1e6a8c3f5b7d9e"
#define ACCOUNT_ID    "evolution:" IDENTITY_UID

static McTestKeyring *keyring;
static McTestDns *dns;
static McTestPki *pki;
static McTestPostfix *postfix;

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

/* mail-checkup-cli check --account ID, with every log message on (so that
 * a password in any of them would show) and the technical details; no
 * password among the arguments, and standard input only when given. It
 * inherits the keyring fixture's home and session bus. Extra arguments
 * follow, NULL-terminated. */
static void
run_check (CliResult  *result,
           const char *account_id,
           const char *input,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *map = g_strdup_printf ("25=%u,465=%u,587=%u",
                                          mc_test_postfix_get_port (postfix, 25),
                                          mc_test_postfix_get_port (postfix, 465),
                                          mc_test_postfix_get_port (postfix, 587));
  const char *fixed[] = { g_getenv ("MC_TEST_CLI"), "check", "--account", account_id,
                          "--dns-server", mc_test_dns_get_server (dns),
                          "--ca-file", mc_test_pki_get_ca_file (pki),
                          "--timeout", "5", "--format", "json", "--verbose" };
  Pending pending = { 0 };
  va_list args;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, (char *) fixed[i]);
  va_start (args, input);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  for (guint i = 0; argv->pdata[i] != NULL; i++)
    g_assert_null (strstr (argv->pdata[i], mc_test_postfix_get_password (postfix)));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "MAIL_CHECKUP_PORT_MAP", map, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, communicate_cb, &pending);
  mc_test_iterate_until (&pending.done, 60000);

  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  result->out = pending.out;
  result->err = pending.err;
  g_test_message ("exit status %d", result->status);
}

static char *
base64_of (const char *data,
           gsize       length)
{
  return g_base64_encode ((const guchar *) data, length);
}

/* The password as the dialogue would carry it: itself, in LOGIN's base64,
 * and in PLAIN's base64 with and without an authorisation id. */
static void
assert_no_password (const char *text)
{
  const char *password = mc_test_postfix_get_password (postfix);
  const char *user = mc_test_postfix_get_user (postfix);
  g_autofree char *plain = g_strdup_printf ("%c%s%c%s", 0, user, 0, password);
  g_autofree char *plain_authzid = g_strdup_printf ("%s%c%s%c%s", user, 0, user, 0, password);
  gsize user_length = strlen (user);
  gsize password_length = strlen (password);
  char *forms[] = {
    g_strdup (password),
    base64_of (password, password_length),
    base64_of (plain, 2 + user_length + password_length),
    base64_of (plain_authzid, 2 + 2 * user_length + password_length),
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_assert_null (strstr (text, forms[i]));
      g_free (forms[i]);
    }
}

/* The report on standard output: all of it is JSON, also with
 * G_MESSAGES_DEBUG set (debug messages go to standard error). */
static JsonObject *
parse_report (const char *output)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, output, -1, &error);
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

static const char *
status_of (JsonObject *report,
           const char *id)
{
  JsonObject *finding = find (report, id);

  g_test_message ("%s: %s — %s", id, json_object_get_string_member (finding, "status"),
                  json_object_get_string_member (finding, "summary"));
  return json_object_get_string_member (finding, "status");
}

/* The account as the report names it: Evolution's settings, not ours. */
static void
assert_account (JsonObject *report)
{
  JsonObject *account = json_object_get_object_member (report, "account");

  g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, "evolution");
  g_assert_cmpstr (json_object_get_string_member (account, "email"), ==,
                   mc_test_postfix_get_email (postfix));
  g_assert_cmpstr (json_object_get_string_member (account, "host"), ==, "mail.example.test");
  g_assert_cmpint (json_object_get_int_member (account, "port"), ==, 587);
  g_assert_cmpstr (json_object_get_string_member (account, "security"), ==, "starttls");
}

/* The password comes from the keyring only; Postfix accepts it. */
static void
test_password_from_keyring (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonObject) report = NULL;
  JsonObject *auth;

  run_check (&result, ACCOUNT_ID, NULL, NULL);
  assert_no_password (result.out);
  assert_no_password (result.err);
  report = parse_report (result.out);
  assert_account (report);
  g_assert_cmpstr (status_of (report, "server.greeting"), ==, "ok");
  g_assert_cmpstr (status_of (report, "server.tls"), ==, "ok");
  g_assert_cmpstr (status_of (report, "server.auth"), ==, "ok");
  g_assert_cmpstr (status_of (report, "server.sender"), ==, "ok");
  auth = json_object_get_object_member (find (report, "server.auth"), "evidence");
  g_assert_false (json_object_has_member (auth, "password_problem"));
}

/* Without the password the log-in is not tested, and the report says why;
 * everything before it still runs. */
static void
assert_password_unavailable (const char *problem,
                             const char *summary_part)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonObject) report = NULL;
  JsonObject *auth;

  run_check (&result, ACCOUNT_ID, NULL, NULL);
  assert_no_password (result.out);
  assert_no_password (result.err);
  report = parse_report (result.out);
  assert_account (report);
  g_assert_cmpstr (status_of (report, "server.greeting"), ==, "ok");
  g_assert_cmpstr (status_of (report, "server.tls"), ==, "ok");
  g_assert_cmpstr (status_of (report, "server.auth"), !=, "ok");
  auth = find (report, "server.auth");
  g_assert_nonnull (strstr (json_object_get_string_member (auth, "summary"), summary_part));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (auth, "evidence"),
                                                  "password_problem"), ==, problem);
}

/* Options given explicitly win over the account's settings, and a password
 * on standard input over the one in the keyring (a wrong one here, which
 * the server refuses, so it was the one used). */
static void
test_options_override (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonObject) report = NULL;
  JsonObject *account;

  run_check (&result, ACCOUNT_ID, "not-the-password\n", "--port", "465", "--password-stdin", NULL);
  assert_no_password (result.out);
  assert_no_password (result.err);
  report = parse_report (result.out);
  account = json_object_get_object_member (report, "account");
  g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, "evolution");
  g_assert_cmpint (json_object_get_int_member (account, "port"), ==, 465);
  g_assert_cmpstr (json_object_get_string_member (account, "security"), ==, "tls");
  g_assert_cmpstr (status_of (report, "server.tls"), ==, "ok");
  g_assert_cmpstr (status_of (report, "server.auth"), ==, "fail");
  g_assert_nonnull (strstr (json_object_get_string_member (find (report, "server.auth"), "summary"),
                            "535"));
}

/* An id that no source has: bad usage, and where to look. */
static void
test_unknown_account (void)
{
  g_auto(CliResult) result = { 0 };

  run_check (&result, "evolution:no-such-source", NULL, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "No account “evolution:no-such-source”. Run "
                                        "“mail-checkup-cli accounts” to list them."));
}

static void
test_keyring_locked (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_test_keyring_lock (keyring, &error));
  g_assert_no_error (error);
  assert_password_unavailable ("locked", "keyring is locked");

  /* A restart unlocks it, for the tests that follow. */
  mc_test_keyring_stop_service (keyring);
  g_assert_true (mc_test_keyring_start_service (keyring, &error));
  g_assert_no_error (error);
}

static void
test_no_secret_service (void)
{
  g_autoptr(GError) error = NULL;

  mc_test_keyring_stop_service (keyring);
  assert_password_unavailable ("no-service", "No keyring is running");
  g_assert_true (mc_test_keyring_start_service (keyring, &error));
  g_assert_no_error (error);
}

static void
write_source (const char *folder,
              const char *uid,
              const char *contents)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* An Evolution account as Evolution 3.46 writes it: the account, its
 * identity and its transport (whose uid keys the password), and the
 * password only in the keyring. */
static void
set_up_evolution (void)
{
  g_autofree char *folder = g_build_filename (mc_test_keyring_get_config_home (keyring),
                                              "evolution", "sources", NULL);
  g_autofree char *identity = NULL;
  g_autofree char *transport = NULL;
  g_autoptr(GError) error = NULL;
  const char *email = mc_test_postfix_get_email (postfix);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  write_source (folder, ACCOUNT_UID,
                "[Data Source]\n"
                "DisplayName=Work\n"
                "Enabled=true\n"
                "Parent=\n\n"
                "[Mail Account]\n"
                "BackendName=imapx\n"
                "IdentityUid=" IDENTITY_UID "\n");
  identity = g_strdup_printf ("[Data Source]\n"
                              "DisplayName=%s\n"
                              "Enabled=true\n"
                              "Parent=" ACCOUNT_UID "\n\n"
                              "[Mail Identity]\n"
                              "Address=%s\n"
                              "Name=Taro Yamada\n\n"
                              "[Mail Submission]\n"
                              "TransportUid=" TRANSPORT_UID "\n"
                              "UseSentFolder=true\n", email, email);
  write_source (folder, IDENTITY_UID, identity);
  transport = g_strdup_printf ("[Data Source]\n"
                               "DisplayName=%s\n"
                               "Enabled=true\n"
                               "Parent=" ACCOUNT_UID "\n\n"
                               "[Mail Transport]\n"
                               "BackendName=smtp\n\n"
                               "[Authentication]\n"
                               "Host=mail.example.test\n"
                               "Method=PLAIN\n"
                               "Port=587\n"
                               "ProxyUid=system-proxy\n"
                               "RememberPassword=true\n"
                               "User=%s\n\n"
                               "[Security]\n"
                               "Method=starttls-on-standard-port\n",
                               email, mc_test_postfix_get_user (postfix));
  write_source (folder, TRANSPORT_UID, transport);

  g_assert_true (mc_test_keyring_store (keyring, "org.gnome.Evolution.Data.Source",
                                        "Evolution Data Source “Work”",
                                        mc_test_postfix_get_password (postfix), &error,
                                        "e-source-uid", TRANSPORT_UID,
                                        "eds-origin", "evolution-data-server", NULL));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_unsetenv ("MAIL_CHECKUP_PORT_MAP");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

  keyring = mc_test_keyring_start (&error);
  g_assert_no_error (error);
  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);
  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);
  postfix = mc_test_postfix_start (pki, &error);
  g_assert_no_error (error);
  set_up_evolution ();

  g_test_add_func ("/account-e2e/password-from-keyring", test_password_from_keyring);
  g_test_add_func ("/account-e2e/options-override", test_options_override);
  g_test_add_func ("/account-e2e/unknown-account", test_unknown_account);
  g_test_add_func ("/account-e2e/keyring-locked", test_keyring_locked);
  g_test_add_func ("/account-e2e/no-secret-service", test_no_secret_service);

  status = g_test_run ();
  mc_test_postfix_stop (postfix);
  mc_test_pki_free (pki);
  mc_test_dns_stop (dns);
  mc_test_keyring_stop (keyring);
  return status;
}
