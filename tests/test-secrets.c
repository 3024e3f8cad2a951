/* test-secrets.c: account passwords through a real gnome-keyring: ours, Evolution's, msmtp's, Geary's; locked and absent keyrings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "mc-i18n.h"
#include "mc-secrets.h"
#include "mc-test-keyring.h"
#include "mc-test-net.h"

#define WAIT_MS (MC_SECRETS_TIMEOUT_MS * 4)

static McTestKeyring *keyring;

typedef struct
{
  gboolean         done;
  char            *password;
  gboolean         ok;
  McPasswordState  state;
  GError          *error;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->password, g_free);
  g_clear_error (&result->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
lookup_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Result *result = user_data;

  result->password = mc_secrets_lookup_finish (MC_ACCOUNT (source), res, &result->error);
  result->done = TRUE;
}

static void
state_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  Result *result = user_data;

  result->state = mc_secrets_get_state_finish (MC_ACCOUNT (source), res);
  result->done = TRUE;
}

static void
store_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  Result *result = user_data;

  result->ok = mc_secrets_store_finish (MC_ACCOUNT (source), res, &result->error);
  result->done = TRUE;
}

static void
clear_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  Result *result = user_data;

  result->ok = mc_secrets_clear_finish (MC_ACCOUNT (source), res, &result->error);
  result->done = TRUE;
}

/* The password, or NULL with the error in *error. */
static char *
lookup (McAccount  *account,
        GError    **error)
{
  g_auto(Result) result = { 0 };

  mc_secrets_lookup_async (account, NULL, lookup_cb, &result);
  mc_test_iterate_until (&result.done, WAIT_MS);
  if (result.error != NULL)
    g_propagate_error (error, g_steal_pointer (&result.error));
  return g_steal_pointer (&result.password);
}

static McPasswordState
get_state (McAccount *account)
{
  g_auto(Result) result = { 0 };

  mc_secrets_get_state_async (account, NULL, state_cb, &result);
  mc_test_iterate_until (&result.done, WAIT_MS);
  return result.state;
}

static gboolean
store (McAccount   *account,
       const char  *password,
       GError     **error)
{
  g_auto(Result) result = { 0 };

  mc_secrets_store_async (account, password, NULL, store_cb, &result);
  mc_test_iterate_until (&result.done, WAIT_MS);
  if (result.error != NULL)
    g_propagate_error (error, g_steal_pointer (&result.error));
  return result.ok;
}

static gboolean
clear (McAccount  *account,
       GError    **error)
{
  g_auto(Result) result = { 0 };

  mc_secrets_clear_async (account, NULL, clear_cb, &result);
  mc_test_iterate_until (&result.done, WAIT_MS);
  if (result.error != NULL)
    g_propagate_error (error, g_steal_pointer (&result.error));
  return result.ok;
}

static void
assert_password (McAccount  *account,
                 const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = lookup (account, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
  g_assert_cmpstr (mc_password_state_to_string (get_state (account)), ==, "available");
}

static void
assert_lookup_error (McAccount      *account,
                     McSecretsError  code,
                     const char     *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = lookup (account, &error);

  g_assert_null (password);
  g_assert_error (error, MC_SECRETS_ERROR, (int) code);
  g_test_message ("%s", error->message);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
}

/* An account whose password is the Secret Service item with these
 * attributes (name/value pairs, NULL-terminated). */
static McAccount *
account_with_item (const char *source,
                   const char *schema,
                   gboolean    match_any_schema,
                   const char *first_attribute,
                   ...)
{
  McAccount *account = mc_account_new ();
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;

  va_start (args, first_attribute);
  for (const char *name = first_attribute; name != NULL; name = va_arg (args, const char *))
    g_hash_table_insert (attributes, (char *) name, va_arg (args, char *));
  va_end (args);

  mc_account_set_source (account, source);
  mc_account_set_secret (account, schema, attributes, match_any_schema);
  return account;
}

static McAccount *
own_account (const char *id)
{
  McAccount *account = mc_account_new ();

  mc_account_set_id (account, id);
  mc_account_set_source (account, "mail-checkup");
  mc_account_set_email (account, "taro@example.test");
  return account;
}

/* Our own item: stored under our schema with the account's id, read back,
 * removed. */
static void
test_own_round_trip (void)
{
  g_autoptr(McAccount) account = own_account ("mail-checkup:1");
  g_autoptr(McAccount) other = own_account ("mail-checkup:2");
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  GHashTable *attributes;

  g_assert_true (store (account, "own-pässword-1", &error));
  g_assert_no_error (error);
  g_assert_true (store (other, "own-password-2", &error));
  g_assert_no_error (error);

  /* The item is where the header says, as another program would find it. */
  stored = mc_test_keyring_lookup (keyring, &error, "xdg:schema", MC_SECRETS_SCHEMA_NAME,
                                   MC_SECRETS_ATTRIBUTE_ID, "mail-checkup:1", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "own-pässword-1");

  /* The account now points at it. */
  g_assert_cmpint (mc_account_get_password_source (account), ==, MC_PASSWORD_SOURCE_SECRET_SERVICE);
  g_assert_cmpstr (mc_account_get_secret_schema (account), ==, MC_SECRETS_SCHEMA_NAME);
  attributes = mc_account_get_secret_attributes (account);
  g_assert_cmpstr (g_hash_table_lookup (attributes, MC_SECRETS_ATTRIBUTE_ID), ==, "mail-checkup:1");
  assert_password (account, "own-pässword-1");
  assert_password (other, "own-password-2");

  /* A second store replaces the first. */
  store (account, "own-password-1b", &error);
  g_assert_no_error (error);
  assert_password (account, "own-password-1b");

  g_assert_true (clear (account, &error));
  g_assert_no_error (error);
  assert_lookup_error (account, MC_SECRETS_ERROR_NOT_FOUND, NULL);
  g_assert_cmpstr (mc_password_state_to_string (get_state (account)), ==, "missing");
  g_clear_pointer (&stored, g_free);
  stored = mc_test_keyring_lookup (keyring, &error, MC_SECRETS_ATTRIBUTE_ID, "mail-checkup:1", NULL);
  g_assert_no_error (error);
  g_assert_null (stored);

  /* Clearing what is not there is no error; the other account kept its own. */
  g_assert_true (clear (account, &error));
  g_assert_no_error (error);
  assert_password (other, "own-password-2");
  g_assert_true (clear (other, &error));
}

/* Evolution keeps a source's password under its schema with the source's
 * uid (and its own origin attribute). */
static void
test_evolution (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) strict = NULL;
  g_autoptr(McAccount) loose = NULL;
  g_autoptr(McAccount) other_uid = NULL;

  g_assert_true (mc_test_keyring_store (keyring, "org.gnome.Evolution.Data.Source",
                                        "Evolution Data Source “taro@example.test”",
                                        "evo-password", &error,
                                        "e-source-uid", "1a2b3c4d-transport",
                                        "eds-origin", "evolution-data-server", NULL));
  g_assert_no_error (error);

  strict = account_with_item ("evolution", "org.gnome.Evolution.Data.Source", FALSE,
                              "e-source-uid", "1a2b3c4d-transport", NULL);
  loose = account_with_item ("evolution", "org.gnome.Evolution.Data.Source", TRUE,
                             "e-source-uid", "1a2b3c4d-transport", NULL);
  other_uid = account_with_item ("evolution", "org.gnome.Evolution.Data.Source", TRUE,
                                 "e-source-uid", "another-source", NULL);
  assert_password (strict, "evo-password");
  assert_password (loose, "evo-password");
  assert_lookup_error (other_uid, MC_SECRETS_ERROR_NOT_FOUND, NULL);
  g_assert_cmpstr (mc_password_state_to_string (get_state (other_uid)), ==, "missing");
}

/* msmtp's documentation has people store the password with secret-tool,
 * which files it under the generic schema; msmtp itself looks it up with
 * its own schema name but does not insist on it. Both must be found
 * through an account that says "any schema"; an account that insists on
 * msmtp's schema finds only the item stored under it. */
static void
test_msmtp (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) tool = NULL;
  g_autoptr(McAccount) generic = NULL;
  g_autoptr(McAccount) generic_strict = NULL;
  g_autoptr(McAccount) own_schema = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "secret-tool", "store", "--label=msmtp", "host", "smtp.example.test",
                         "service", "smtp", "user", "taro", NULL };

  tool = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                  | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (tool, "msmtp-generic-password", NULL, &out, NULL,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_subprocess_get_successful (tool));

  g_assert_true (mc_test_keyring_store (keyring, "de.marlam.msmtp.password", "msmtp",
                                        "msmtp-schema-password", &error,
                                        "host", "smtp2.example.test", "service", "smtp",
                                        "user", "hanako", NULL));
  g_assert_no_error (error);

  generic = account_with_item ("msmtp", "de.marlam.msmtp.password", TRUE,
                               "host", "smtp.example.test", "service", "smtp", "user", "taro",
                               NULL);
  generic_strict = account_with_item ("msmtp", "de.marlam.msmtp.password", FALSE,
                                      "host", "smtp.example.test", "service", "smtp",
                                      "user", "taro", NULL);
  own_schema = account_with_item ("msmtp", "de.marlam.msmtp.password", FALSE,
                                  "host", "smtp2.example.test", "service", "smtp",
                                  "user", "hanako", NULL);
  assert_password (generic, "msmtp-generic-password");
  assert_password (own_schema, "msmtp-schema-password");
  assert_lookup_error (generic_strict, MC_SECRETS_ERROR_NOT_FOUND, NULL);
}

static void
test_geary (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(McAccount) imap = NULL;

  g_assert_true (mc_test_keyring_store (keyring, "org.gnome.Geary", "Geary SMTP",
                                        "geary-smtp-password", &error,
                                        "proto", "SMTP", "host", "smtp.example.test",
                                        "login", "taro@example.test", NULL));
  g_assert_true (mc_test_keyring_store (keyring, "org.gnome.Geary", "Geary IMAP",
                                        "geary-imap-password", &error,
                                        "proto", "IMAP", "host", "imap.example.test",
                                        "login", "taro@example.test", NULL));
  g_assert_no_error (error);

  account = account_with_item ("geary", "org.gnome.Geary", FALSE, "proto", "SMTP",
                               "host", "smtp.example.test", "login", "taro@example.test", NULL);
  assert_password (account, "geary-smtp-password");
  imap = account_with_item ("geary", "org.gnome.Geary", FALSE, "proto", "IMAP",
                            "host", "imap.example.test", "login", "taro@example.test", NULL);
  assert_password (imap, "geary-imap-password");
}

/* Passwords kept where we do not look: no keyring call, a sentence that
 * says why. */
static void
test_not_in_keyring (void)
{
  g_autoptr(McAccount) none = mc_account_new ();
  g_autoptr(McAccount) command = mc_account_new ();
  g_autoptr(McAccount) thunderbird = mc_account_new ();
  g_autoptr(McAccount) oauth = mc_account_new ();
  g_autoptr(McAccount) empty = NULL;
  g_autoptr(GHashTable) no_attributes = g_hash_table_new (g_str_hash, g_str_equal);

  assert_lookup_error (none, MC_SECRETS_ERROR_NOT_FOUND, "This account does not log in.");
  g_assert_cmpstr (mc_password_state_to_string (get_state (none)), ==, "not-needed");

  mc_account_set_source (command, "msmtp");
  mc_account_set_password_source (command, MC_PASSWORD_SOURCE_COMMAND);
  assert_lookup_error (command, MC_SECRETS_ERROR_UNREADABLE, "command");
  g_assert_cmpstr (mc_password_state_to_string (get_state (command)), ==, "unreadable");

  mc_account_set_source (thunderbird, "thunderbird");
  mc_account_set_password_source (thunderbird, MC_PASSWORD_SOURCE_ASK);
  assert_lookup_error (thunderbird, MC_SECRETS_ERROR_UNREADABLE, "Thunderbird");
  g_assert_cmpstr (mc_password_state_to_string (get_state (thunderbird)), ==, "unreadable");

  mc_account_set_password_source (oauth, MC_PASSWORD_SOURCE_OAUTH2);
  assert_lookup_error (oauth, MC_SECRETS_ERROR_UNREADABLE, "web page");
  g_assert_cmpstr (mc_password_state_to_string (get_state (oauth)), ==, "unreadable");

  /* No attributes would match every item of the keyring: nothing is read. */
  empty = mc_account_new ();
  mc_account_set_secret (empty, "org.freedesktop.Secret.Generic", no_attributes, TRUE);
  assert_lookup_error (empty, MC_SECRETS_ERROR_NOT_FOUND, NULL);
  g_assert_cmpstr (mc_password_state_to_string (get_state (empty)), ==, "missing");
}

static void
test_cancelled (void)
{
  g_autoptr(McAccount) account = account_with_item ("geary", "org.gnome.Geary", FALSE,
                                                    "proto", "SMTP", "host", "smtp.example.test",
                                                    "login", "taro@example.test", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Result) result = { 0 };

  g_cancellable_cancel (cancellable);
  mc_secrets_lookup_async (account, cancellable, lookup_cb, &result);
  mc_test_iterate_until (&result.done, WAIT_MS);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result.password);
}

/* A locked collection: the state says so, a look-up says so without
 * opening a prompt (nobody could answer one here, so a prompt would end in
 * our time limit, which gives a different error), and nothing is stored
 * into it. A restart of the daemon unlocks it again. */
static void
test_locked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(McAccount) own = own_account ("mail-checkup:7");

  g_assert_true (mc_test_keyring_store (keyring, "org.gnome.Evolution.Data.Source", "Evolution",
                                        "locked-away", &error,
                                        "e-source-uid", "locked-source", NULL));
  g_assert_no_error (error);
  account = account_with_item ("evolution", "org.gnome.Evolution.Data.Source", TRUE,
                               "e-source-uid", "locked-source", NULL);
  assert_password (account, "locked-away");

  g_assert_true (mc_test_keyring_lock (keyring, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (mc_password_state_to_string (get_state (account)), ==, "locked");
  assert_lookup_error (account, MC_SECRETS_ERROR_LOCKED, "locked");
  g_assert_false (store (own, "never-stored", &error));
  g_assert_error (error, MC_SECRETS_ERROR, MC_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);

  mc_test_keyring_stop_service (keyring);
  g_assert_true (mc_test_keyring_start_service (keyring, &error));
  g_assert_no_error (error);
  assert_password (account, "locked-away");
  g_assert_true (store (own, "stored-once-unlocked", &error));
  g_assert_no_error (error);
  assert_password (own, "stored-once-unlocked");
  g_assert_true (clear (own, &error));
}

/* A bus without a Secret Service (none running, none to start): every
 * call says so at once. */
static void
test_no_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = account_with_item ("geary", "org.gnome.Geary", FALSE,
                                                    "proto", "SMTP", "host", "smtp3.example.test",
                                                    "login", "jiro@example.test", NULL);
  g_autoptr(McAccount) own = own_account ("mail-checkup:9");

  g_assert_true (mc_test_keyring_store (keyring, "org.gnome.Geary", "Geary SMTP", "kept-on-disk",
                                        &error, "proto", "SMTP", "host", "smtp3.example.test",
                                        "login", "jiro@example.test", NULL));
  g_assert_no_error (error);
  mc_test_keyring_stop_service (keyring);

  assert_lookup_error (account, MC_SECRETS_ERROR_NO_SERVICE, "keyring");
  g_assert_cmpstr (mc_password_state_to_string (get_state (account)), ==, "no-service");
  g_assert_false (store (own, "nowhere", &error));
  g_assert_error (error, MC_SECRETS_ERROR, MC_SECRETS_ERROR_NO_SERVICE);
  g_clear_error (&error);
  g_assert_false (clear (own, &error));
  g_assert_error (error, MC_SECRETS_ERROR, MC_SECRETS_ERROR_NO_SERVICE);
  g_clear_error (&error);

  g_assert_true (mc_test_keyring_start_service (keyring, &error));
  g_assert_no_error (error);
  assert_password (account, "kept-on-disk");
}

/* A service that owns its name but never answers (stopped with SIGSTOP):
 * each call gives up after MC_SECRETS_TIMEOUT_MS and says the keyring did
 * not answer; once it runs again, everything works. */
static void
test_hung_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = account_with_item ("geary", "org.gnome.Geary", FALSE,
                                                    "proto", "SMTP", "host", "smtp4.example.test",
                                                    "login", "saburo@example.test", NULL);

  g_assert_true (mc_test_keyring_store (keyring, "org.gnome.Geary", "Geary SMTP", "after-the-hang",
                                        &error, "proto", "SMTP", "host", "smtp4.example.test",
                                        "login", "saburo@example.test", NULL));
  g_assert_no_error (error);

  mc_test_keyring_freeze (keyring, TRUE);
  assert_lookup_error (account, MC_SECRETS_ERROR_NO_SERVICE, "did not answer");
  mc_test_keyring_freeze (keyring, FALSE);

  assert_password (account, "after-the-hang");
}

/* In a child with no session bus at all: no DBUS_SESSION_BUS_ADDRESS and
 * no $XDG_RUNTIME_DIR/bus. GIO would run dbus-launch to start a bus; a
 * dbus-launch of ours, first on PATH, leaves a mark if it ever runs. */
static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = mc_test_make_tmpdir ();
      g_autofree char *bin = g_build_filename (dir, "bin", NULL);
      g_autofree char *run = g_build_filename (dir, "run", NULL);
      g_autofree char *launcher = g_build_filename (bin, "dbus-launch", NULL);
      g_autofree char *mark = g_build_filename (dir, "dbus-launch-ran", NULL);
      g_autofree char *script = g_strdup_printf ("#!/bin/sh\n: > '%s'\nexit 1\n", mark);
      g_auto(GStrv) names = g_listenv ();
      g_autoptr(McAccount) account = NULL;
      g_autoptr(McAccount) own = own_account ("mail-checkup:3");
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir (bin, 0700), ==, 0);
      g_assert_cmpint (g_mkdir (run, 0700), ==, 0);
      g_assert_true (g_file_set_contents_full (launcher, script, -1, G_FILE_SET_CONTENTS_NONE,
                                               0700, NULL));
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (!g_str_has_prefix (names[i], "G_") && !g_str_equal (names[i], "LANGUAGE")
              && !g_str_has_prefix (names[i], "MAIL_CHECKUP_"))
            g_unsetenv (names[i]);
        }
      g_setenv ("PATH", bin, TRUE);
      g_setenv ("HOME", dir, TRUE);
      g_setenv ("XDG_RUNTIME_DIR", run, TRUE);
      /* GIO tries dbus-launch only with an X display. */
      g_setenv ("DISPLAY", ":99", TRUE);

      account = account_with_item ("geary", "org.gnome.Geary", FALSE, "proto", "SMTP",
                                   "host", "smtp.example.test", "login", "taro", NULL);
      assert_lookup_error (account, MC_SECRETS_ERROR_NO_SERVICE, NULL);
      g_assert_cmpstr (mc_password_state_to_string (get_state (account)), ==, "no-service");
      g_assert_false (store (own, "nowhere", &error));
      g_assert_error (error, MC_SECRETS_ERROR, MC_SECRETS_ERROR_NO_SERVICE);
      g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
      mc_test_rm_rf (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("LANGUAGE", "en", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  /* One bus for the whole program (GDBus keeps one per process); the
   * child of /secrets/no-bus has none. */
  if (!g_test_subprocess ())
    {
      keyring = mc_test_keyring_start (&error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/secrets/own-round-trip", test_own_round_trip);
  g_test_add_func ("/secrets/evolution", test_evolution);
  g_test_add_func ("/secrets/msmtp", test_msmtp);
  g_test_add_func ("/secrets/geary", test_geary);
  g_test_add_func ("/secrets/not-in-keyring", test_not_in_keyring);
  g_test_add_func ("/secrets/cancelled", test_cancelled);
  g_test_add_func ("/secrets/locked", test_locked);
  g_test_add_func ("/secrets/no-service", test_no_service);
  g_test_add_func ("/secrets/hung-service", test_hung_service);
  g_test_add_func ("/secrets/no-bus", test_no_bus);

  status = g_test_run ();
  mc_test_keyring_stop (keyring);
  return status;
}
