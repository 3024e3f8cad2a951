/* test-cli-accounts.c: “mail-checkup-cli accounts” end to end, on a copy of a real-looking home, with and without a Secret Service.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "mc-test-keyring.h"
#include "mc-test-net.h"

static McTestKeyring *keyring;

/* ---- Running the command ---- */

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
  char    *out;
  char    *err;
  gboolean done;
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

/* Runs mail-checkup-cli with the extra environment (name, value pairs; a
 * NULL value unsets) and the arguments; a run that does not end within a
 * minute fails the test rather than hanging it. */
static void
run_cli (CliResult          *result,
         const char * const *env,
         const char         *first_arg,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
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
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    {
      if (env[i + 1] != NULL)
        g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, env[i]);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &pending);
  mc_test_iterate_until (&pending.done, 60000);

  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  result->out = pending.out;
  result->err = pending.err;
  g_test_message ("stderr: %s", result->err);
}

/* ---- A home to list ---- */

typedef struct
{
  char *tmp;       /* removed at the end */
  char *home;
  char *config;
  char *data;
  char *runtime;   /* an empty XDG_RUNTIME_DIR: no bus socket there */
} Home;

static void
copy_tree (GFile *from,
           GFile *to)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;

  g_file_make_directory (to, NULL, &error);
  g_assert_no_error (error);
  children = g_file_enumerate_children (from, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);
  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (from, g_file_info_get_name (info));
      g_autoptr(GFile) target = g_file_get_child (to, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        copy_tree (child, target);
      else
        {
          g_file_copy (child, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
        }
      g_object_unref (info);
    }
  g_assert_no_error (error);
}

static void
home_setup (Home          *home,
            gconstpointer  data)
{
  g_autoptr(GFile) from = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "fixtures",
                                                                    "accounts", "home", NULL));
  g_autoptr(GFile) to = NULL;

  home->tmp = mc_test_make_tmpdir ();
  home->home = g_build_filename (home->tmp, "home", NULL);
  home->config = g_build_filename (home->home, ".config", NULL);
  home->data = g_build_filename (home->home, ".local", "share", NULL);
  home->runtime = g_build_filename (home->tmp, "run", NULL);
  to = g_file_new_for_path (home->home);
  copy_tree (from, to);
  g_assert_cmpint (g_mkdir_with_parents (home->runtime, 0700), ==, 0);
}

static void
home_teardown (Home          *home,
               gconstpointer  data)
{
  mc_test_rm_rf (home->tmp);
  g_free (home->tmp);
  g_free (home->home);
  g_free (home->config);
  g_free (home->data);
  g_free (home->runtime);
}

/* The command in the home, with no session bus at all. */
static void
run_without_bus (CliResult  *result,
                 Home       *home,
                 const char *first_arg,
                 const char *second_arg,
                 const char *third_arg,
                 const char *fourth_arg)
{
  const char *env[] = {
    "HOME", home->home,
    "XDG_CONFIG_HOME", home->config,
    "XDG_DATA_HOME", home->data,
    "XDG_RUNTIME_DIR", home->runtime,
    "DBUS_SESSION_BUS_ADDRESS", NULL,
    NULL
  };

  run_cli (result, env, first_arg, second_arg, third_arg, fourth_arg, NULL);
}

/* ---- What the fixture home holds ---- */

typedef struct
{
  const char *id;
  const char *file;            /* relative to the home */
  const char *display_name;
  const char *email;
  const char *host;
  gint64      port;
  const char *security;
  const char *user;
  const char *password_source;
  const char *state_without_bus;
} Expected;

#define EVO ".config/evolution/sources/"
#define TB ".thunderbird/k3x9p2wq.default-release/prefs.js"

/* In McAccounts's order: Evolution, Thunderbird, Geary, msmtp, git. */
static const Expected expected_accounts[] = {
  { "evolution:0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d.1",
    EVO "0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d.2.source", "営業部", "eigyo@example.jp",
    "relay.example.jp", 25, "none", NULL, "none", "not-needed" },
  { "evolution:3f6c1a9e2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f.1",
    EVO "3f6c1a9e2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f.2.source", "山田 太郎", "taro@example.jp",
    "smtp.example.jp", 587, "starttls", "taro", "secret-service", "no-service" },
  { "evolution:8d2e4f6a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e.1",
    EVO "8d2e4f6a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e.2.source", "鈴木 花子", "hanako@example.net",
    "mail.example.net", 465, "tls", "hanako@example.net", "secret-service", "no-service" },
  { "evolution:b7a1c2d3e4f5061728394a5b6c7d8e9f00112233-mail-identity",
    EVO "b7a1c2d3e4f5061728394a5b6c7d8e9f00112233-mail-transport.source", "Taro Yamada",
    "yamada.taro@gmail.com", "smtp.gmail.com", 465, "tls", "yamada.taro@gmail.com", "oauth2",
    "unreadable" },
  { "thunderbird:k3x9p2wq.default-release/id1", TB, "山田 太郎", "taro@example.jp",
    "smtp.example.jp", 587, "starttls", "taro@example.jp", "ask", "unreadable" },
  { "thunderbird:k3x9p2wq.default-release/id4", TB, "\"Sales\" \\ 営業", "sales@example.jp",
    "relay.example.jp", 25, "none", NULL, "none", "not-needed" },
  { "thunderbird:k3x9p2wq.default-release/id2", TB, "Taro Yamada",
    "t.yamada@example.onmicrosoft.com", "smtp.office365.com", 587, "starttls",
    "t.yamada@example.onmicrosoft.com", "oauth2", "unreadable" },
  { "thunderbird:k3x9p2wq.default-release/id3", TB, "鈴木 花子（経理）", "hanako@example.net",
    "mail.example.net", 465, "tls", "hanako@example.net", "ask", "unreadable" },
  { "geary:account_01", ".config/geary/account_01/geary.ini", "山田 太郎", "taro@example.jp",
    "smtp.example.jp", 465, "tls", "taro@example.jp", "secret-service", "no-service" },
  { "geary:account_02", ".config/geary/account_02/geary.ini", "鈴木 花子",
    "hanako@isp.example.ne.jp", "smtp.isp.example.ne.jp", 587, "starttls", "hanako",
    "secret-service", "no-service" },
  { "geary:goa_account_1700000000_1", ".config/geary/goa_account_1700000000_1/geary.ini",
    "Taro Yamada", "yamada.taro@gmail.com", "smtp.gmail.com", 465, "tls", NULL, "oauth2",
    "unreadable" },
  { "msmtp:msmtprc/work", ".msmtprc", "work", "taro@example.jp", "smtp.example.jp", 587,
    "starttls", "taro", "config-file", "available" },
  { "msmtp:msmtprc/work-sales", ".msmtprc", "work-sales", "sales@example.jp", "smtp.example.jp",
    587, "starttls", "sales", "command", "unreadable" },
  { "msmtp:msmtprc/work-backup", ".msmtprc", "work-backup", "taro@example.jp",
    "smtp2.example.jp", 587, "starttls", "taro", "config-file", "available" },
  { "msmtp:msmtprc/gmail", ".msmtprc", "gmail", "yamada.taro@gmail.com", "smtp.gmail.com", 465,
    "tls", "yamada.taro@gmail.com", "secret-service", "no-service" },
  { "msmtp:msmtprc/office", ".msmtprc", "office", "t.yamada@example.onmicrosoft.com",
    "smtp.office365.com", 587, "starttls", "t.yamada@example.onmicrosoft.com", "oauth2",
    "unreadable" },
  { "msmtp:msmtprc/shop", ".msmtprc", "shop", "担当@例え.jp", "smtp.例え.jp", 25, "starttls",
    "担当@例え.jp", "secret-service", "no-service" },
  { "msmtp:msmtprc/relay", ".msmtprc", "relay", "taro@example.jp", "relay.example.jp", 25, "none",
    NULL, "none", "not-needed" },
  { "msmtp:config/isp", ".config/msmtp/config", "isp", "hanako@isp.example.ne.jp",
    "mail.isp.example.ne.jp", 587, "starttls", "hanako", "secret-service", "no-service" },
  { "git:lists", ".config/git/config", "Yamada Taro", "taro@example.jp", "mail.example.net", 587,
    "starttls", NULL, "none", "not-needed" },
  { "git:work", ".gitconfig", "Yamada Taro (work)", "taro@example.jp", "smtp.example.jp", 587,
    "starttls", "taro", "config-file", "available" },
  { "git:oss", ".gitconfig", "山田 太郎", "yamada.taro@gmail.com", "smtp.gmail.com", 465, "tls",
    "yamada.taro@gmail.com", "ask", "unreadable" },
};

static const struct
{
  const char *source;
  const char *file;
  const char *words;
} expected_problems[] = {
  { "evolution", EVO "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c.1.source", "damaged" },
  { "thunderbird", ".thunderbird/r7m4t1zd.old-profile/prefs.js", "not UTF-8" },
  { "geary", ".config/geary/account_03/geary.ini", "[Outgoing] host" },
  { "msmtp", ".config/msmtp/config", "smtp_timeout" },
  { "msmtp", ".config/msmtp/config", "nohost" },
  { "git", ".config/git/config", "include" },
  { "git", ".gitconfig", "/usr/sbin/sendmail" },
};

/* The passwords written in the fixture's files, and one stored below. */
static const char * const passwords[] = { "s3cret pass#1", "pa ss#word;2", "keyring-pw-Evo", NULL };

static JsonObject *
parse_list (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *list;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  list = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (list, "schema"), ==, "mail-checkup-accounts/1");
  return json_object_ref (list);
}

static const char *
nullable_string (JsonObject *object,
                 const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_string_member_with_default (object, name, NULL);
}

static JsonObject *
find_account (JsonObject *list,
              const char *id)
{
  JsonArray *accounts = json_object_get_array_member (list, "accounts");

  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);

      if (g_strcmp0 (json_object_get_string_member (account, "id"), id) == 0)
        return account;
    }
  g_error ("No account %s in the list", id);
}

static void
assert_no_password (const CliResult *result)
{
  for (guint i = 0; passwords[i] != NULL; i++)
    {
      g_assert_null (strstr (result->out, passwords[i]));
      g_assert_null (strstr (result->err, passwords[i]));
    }
}

static void
assert_fixture_list (Home       *home,
                     JsonObject *list,
                     gboolean    with_keyring)
{
  JsonArray *accounts = json_object_get_array_member (list, "accounts");
  JsonArray *problems = json_object_get_array_member (list, "problems");

  g_assert_cmpuint (json_array_get_length (accounts), ==, G_N_ELEMENTS (expected_accounts));
  for (guint i = 0; i < G_N_ELEMENTS (expected_accounts); i++)
    {
      const Expected *e = &expected_accounts[i];
      JsonObject *account = json_array_get_object_element (accounts, i);
      g_autofree char *file = g_build_filename (home->home, e->file, NULL);
      const char *source_end = strchr (e->id, ':');
      g_autofree char *source = g_strndup (e->id, source_end - e->id);

      g_test_message ("checking %s", e->id);
      g_assert_cmpstr (json_object_get_string_member (account, "id"), ==, e->id);
      g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, source);
      g_assert_cmpstr (nullable_string (account, "source_file"), ==, file);
      g_assert_cmpstr (nullable_string (account, "display_name"), ==, e->display_name);
      g_assert_cmpstr (nullable_string (account, "email"), ==, e->email);
      g_assert_cmpstr (nullable_string (account, "host"), ==, e->host);
      g_assert_cmpint (json_object_get_int_member (account, "port"), ==, e->port);
      g_assert_cmpstr (json_object_get_string_member (account, "security"), ==, e->security);
      g_assert_cmpstr (nullable_string (account, "user"), ==, e->user);
      g_assert_cmpstr (json_object_get_string_member (account, "password_source"), ==,
                       e->password_source);
      if (!with_keyring)
        {
          g_assert_cmpstr (json_object_get_string_member (account, "password_state"), ==,
                           e->state_without_bus);
          g_assert_cmpint (json_object_get_boolean_member (account, "password_available"), ==,
                           strcmp (e->state_without_bus, "available") == 0);
        }
      /* Never the password itself, under any name. */
      g_assert_false (json_object_has_member (account, "password"));
    }

  /* The damaged files, each named, and the good accounts beside them above. */
  g_assert_cmpuint (json_array_get_length (problems), ==, G_N_ELEMENTS (expected_problems));
  for (guint i = 0; i < G_N_ELEMENTS (expected_problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);
      g_autofree char *file = g_build_filename (home->home, expected_problems[i].file, NULL);
      const char *message = json_object_get_string_member (problem, "message");

      g_assert_cmpstr (json_object_get_string_member (problem, "source"), ==,
                       expected_problems[i].source);
      g_assert_cmpstr (json_object_get_string_member (problem, "path"), ==, file);
      g_assert_nonnull (strstr (message, file));
      g_assert_nonnull (strstr (message, expected_problems[i].words));
    }
}

/* Every account of the fixture with its fields, the problems of the
 * damaged files, and, with no session bus, "no-service" for every
 * Secret Service account: at once, without starting a bus. */
static void
test_json_without_bus (Home          *home,
                       gconstpointer  data)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(GDir) runtime = NULL;
  g_autofree char *dbus_dir = g_build_filename (home->home, ".dbus", NULL);

  run_without_bus (&result, home, "accounts", "--format", "json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  list = parse_list (result.out);
  assert_fixture_list (home, list, FALSE);
  assert_no_password (&result);

  /* No bus was started: nothing appeared where a session bus would live. */
  runtime = g_dir_open (home->runtime, 0, NULL);
  g_assert_nonnull (runtime);
  g_assert_null (g_dir_read_name (runtime));
  g_assert_false (g_file_test (dbus_dir, G_FILE_TEST_EXISTS));
}

static void
test_text_english (Home          *home,
                   gconstpointer  data)
{
  g_auto(CliResult) result = { 0 };
  const char *evolution, *msmtp, *git, *problems;

  run_without_bus (&result, home, "accounts", NULL, NULL, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_test_message ("%s", result.out);
  assert_no_password (&result);

  /* One block per program, in order, the problems last. */
  evolution = strstr (result.out, "Evolution\n");
  msmtp = strstr (result.out, "\nmsmtp\n");
  git = strstr (result.out, "\ngit send-email\n");
  problems = strstr (result.out, "\nSettings that could not be read\n");
  g_assert_true (evolution == result.out);
  g_assert_nonnull (msmtp);
  g_assert_nonnull (git);
  g_assert_nonnull (problems);
  g_assert_true (msmtp < git && git < problems);

  g_assert_nonnull (strstr (result.out, "  山田 太郎 <taro@example.jp>\n"
                                        "    Sending server: smtp.example.jp, port 587, STARTTLS\n"
                                        "    User name: taro\n"
                                        "    Password not available: no keyring is running; "
                                        "enter it to test the log-in\n"
                                        "    Account ID: evolution:3f6c1a9e2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f.1\n"));
  g_assert_nonnull (strstr (result.out, "  relay <taro@example.jp>\n"
                                        "    Sending server: relay.example.jp, port 25, None\n"
                                        "    No log-in needed\n"));
  g_assert_nonnull (strstr (result.out, "  shop <担当@例え.jp>\n"
                                        "    Sending server: smtp.例え.jp, port 25, STARTTLS\n"));
  g_assert_nonnull (strstr (result.out, "Password written in the mail program's settings file"));
  g_assert_nonnull (strstr (result.out, "OAuth 2.0"));
  g_assert_nonnull (strstr (result.out, "msmtp: Line 13 of"));
  g_assert_nonnull (strstr (result.out, "/usr/sbin/sendmail"));
}

/* --lang ja: the labels and the password states in Japanese, whatever
 * the environment's language. */
static void
test_text_japanese (Home          *home,
                    gconstpointer  data)
{
  const char *env[] = {
    "HOME", home->home,
    "XDG_CONFIG_HOME", home->config,
    "XDG_DATA_HOME", home->data,
    "XDG_RUNTIME_DIR", home->runtime,
    "DBUS_SESSION_BUS_ADDRESS", NULL,
    "LANG", "C",
    "LC_ALL", NULL,
    NULL
  };
  g_auto(CliResult) result = { 0 };

  run_cli (&result, env, "accounts", "--lang", "ja", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_test_message ("%s", result.out);
  assert_no_password (&result);

  g_assert_nonnull (strstr (result.out, "ログインは不要です"));
  g_assert_nonnull (strstr (result.out, "送信サーバー"));
  g_assert_null (strstr (result.out, "Sending server"));
  g_assert_null (strstr (result.out, "No log-in needed"));
  /* The accounts' own names are as the programs keep them. */
  g_assert_nonnull (strstr (result.out, "山田 太郎 <taro@example.jp>"));
}

static void
test_usage (Home          *home,
            gconstpointer  data)
{
  g_auto(CliResult) bad_format = { 0 };
  g_auto(CliResult) extra = { 0 };
  g_auto(CliResult) help = { 0 };

  run_without_bus (&bad_format, home, "accounts", "--format", "xml", NULL);
  g_assert_cmpint (bad_format.status, ==, 2);
  g_assert_nonnull (strstr (bad_format.err, "--format"));
  g_assert_cmpstr (bad_format.out, ==, "");

  run_without_bus (&extra, home, "accounts", "extra", NULL, NULL);
  g_assert_cmpint (extra.status, ==, 2);
  g_assert_nonnull (strstr (extra.err, "extra"));

  run_without_bus (&help, home, "accounts", "--help", NULL, NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--format"));
  g_assert_nonnull (strstr (help.out, "Exit status"));
}

/* An empty home: an empty list, and still exit status 0. */
static void
test_nothing_found (void)
{
  g_autofree char *tmp = mc_test_make_tmpdir ();
  g_autofree char *config = g_build_filename (tmp, ".config", NULL);
  const char *env[] = {
    "HOME", tmp, "XDG_CONFIG_HOME", config, "XDG_RUNTIME_DIR", tmp,
    "DBUS_SESSION_BUS_ADDRESS", NULL, NULL
  };
  g_auto(CliResult) text = { 0 };
  g_auto(CliResult) json = { 0 };
  g_autoptr(JsonObject) list = NULL;

  run_cli (&text, env, "accounts", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "No mail accounts were found"));

  run_cli (&json, env, "accounts", "--format", "json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  list = parse_list (json.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "accounts")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "problems")), ==, 0);
  mc_test_rm_rf (tmp);
}

/* With a real Secret Service: what is stored is "available" (Evolution's
 * item under its schema, msmtp's as secret-tool stores it, under the
 * generic schema), what is not is "missing"; a locked keyring "locked". */
static void
test_with_keyring (Home          *home,
                   gconstpointer  data)
{
  /* HOME and the folders are the fixture's; the bus is the keyring's
   * (DBUS_SESSION_BUS_ADDRESS, inherited from this process). */
  const char *env[] = {
    "HOME", home->home,
    "XDG_CONFIG_HOME", home->config,
    "XDG_DATA_HOME", home->data,
    NULL
  };
  g_auto(CliResult) result = { 0 };
  g_auto(CliResult) locked = { 0 };
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) locked_list = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *account;

  g_assert_true (mc_test_keyring_store (keyring, "org.gnome.Evolution.Data.Source",
                                        "Evolution Data Source “taro@example.jp”", "keyring-pw-Evo",
                                        &error,
                                        "e-source-uid", "3f6c1a9e2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f.2",
                                        "eds-origin", "evolution-data-server", NULL));
  g_assert_no_error (error);
  g_assert_true (mc_test_keyring_store (keyring, "org.freedesktop.Secret.Generic", "msmtp",
                                        "keyring-pw-msmtp", &error,
                                        "host", "smtp.gmail.com", "service", "smtp",
                                        "user", "yamada.taro@gmail.com", NULL));
  g_assert_no_error (error);

  run_cli (&result, env, "accounts", "--format", "json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_null (strstr (result.out, "keyring-pw-msmtp"));
  assert_no_password (&result);
  list = parse_list (result.out);
  assert_fixture_list (home, list, TRUE);

  account = find_account (list, "evolution:3f6c1a9e2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f.1");
  g_assert_cmpstr (json_object_get_string_member (account, "password_state"), ==, "available");
  g_assert_true (json_object_get_boolean_member (account, "password_available"));
  account = find_account (list, "msmtp:msmtprc/gmail");
  g_assert_cmpstr (json_object_get_string_member (account, "password_state"), ==, "available");
  g_assert_true (json_object_get_boolean_member (account, "password_available"));
  account = find_account (list, "evolution:8d2e4f6a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e.1");
  g_assert_cmpstr (json_object_get_string_member (account, "password_state"), ==, "missing");
  g_assert_false (json_object_get_boolean_member (account, "password_available"));
  account = find_account (list, "msmtp:config/isp");
  g_assert_cmpstr (json_object_get_string_member (account, "password_state"), ==, "missing");
  account = find_account (list, "geary:account_01");
  g_assert_cmpstr (json_object_get_string_member (account, "password_state"), ==, "missing");
  /* What is not in the Secret Service does not depend on it. */
  account = find_account (list, "msmtp:msmtprc/work");
  g_assert_cmpstr (json_object_get_string_member (account, "password_state"), ==, "available");
  account = find_account (list, "thunderbird:k3x9p2wq.default-release/id1");
  g_assert_cmpstr (json_object_get_string_member (account, "password_state"), ==, "unreadable");

  /* Locked: said so, never unlocked (no prompt). */
  g_assert_true (mc_test_keyring_lock (keyring, &error));
  g_assert_no_error (error);
  run_cli (&locked, env, "accounts", "--format", "json", NULL);
  g_assert_cmpint (locked.status, ==, 0);
  locked_list = parse_list (locked.out);
  account = find_account (locked_list, "evolution:3f6c1a9e2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f.1");
  g_assert_cmpstr (json_object_get_string_member (account, "password_state"), ==, "locked");
  g_assert_false (json_object_get_boolean_member (account, "password_available"));

  /* A restart unlocks it again. */
  mc_test_keyring_stop_service (keyring);
  g_assert_true (mc_test_keyring_start_service (keyring, &error));
  g_assert_no_error (error);
}

#define ADD_HOME_TEST(path, func) \
  g_test_add (path, Home, NULL, home_setup, func, home_teardown)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("MC_TEST_CLI"));

  keyring = mc_test_keyring_start (&error);
  g_assert_no_error (error);

  ADD_HOME_TEST ("/cli-accounts/json-without-bus", test_json_without_bus);
  ADD_HOME_TEST ("/cli-accounts/text-english", test_text_english);
  ADD_HOME_TEST ("/cli-accounts/text-japanese", test_text_japanese);
  ADD_HOME_TEST ("/cli-accounts/usage", test_usage);
  g_test_add_func ("/cli-accounts/nothing-found", test_nothing_found);
  ADD_HOME_TEST ("/cli-accounts/with-keyring", test_with_keyring);

  status = g_test_run ();
  mc_test_keyring_stop (keyring);
  return status;
}
