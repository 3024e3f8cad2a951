/* test-account-store.c: our own accounts file: changes, ids, permissions, damage, crashes and two writers at once.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "mc-account-source.h"
#include "mc-accounts.h"
#include "mc-account-store.h"
#include "mc-i18n.h"
#include "mc-secrets.h"
#include "mc-test-net.h"

#define CRASH_ROUNDS 30
#define CONCURRENT_ADDS 40
#define WAIT_MS 60000
/* Big enough that a write takes a while and a kill lands inside it. */
#define PADDING_BYTES (256 * 1024)

static char *self_exe;

typedef struct
{
  char           *dir;
  char           *path;
  McAccountStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = mc_test_make_tmpdir ();
  /* A folder that does not exist yet: the store makes it. */
  fixture->path = g_build_filename (fixture->dir, "config", "mail-checkup", "accounts.ini", NULL);
  fixture->store = mc_account_store_new (fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  mc_test_rm_rf (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static McAccount *
new_account (const char *email,
             const char *host)
{
  McAccount *account = mc_account_new ();

  mc_account_set_email (account, email);
  mc_account_set_host (account, host);
  return account;
}

static GPtrArray *
load (McAccountStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_account_problem_free);
  GPtrArray *accounts = mc_account_store_load (store, problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (accounts);
  g_assert_cmpuint (problems->len, ==, 0);
  return accounts;
}

static McAccount *
find (GPtrArray  *accounts,
      const char *id)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      McAccount *account = g_ptr_array_index (accounts, i);

      if (g_strcmp0 (mc_account_get_id (account), id) == 0)
        return account;
    }
  return NULL;
}

static McAccount *
save (McAccountStore *store,
      McAccount      *account)
{
  g_autoptr(GError) error = NULL;
  McAccount *stored = mc_account_store_save (store, account, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return stored;
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpuint (buf.st_mode & 0777, ==, mode);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Add, change and remove through the API; what comes back is ours, with
 * its password in our own Secret Service item. */
static void
test_add_edit_remove (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(McAccount) taro = new_account ("taro@example.test", "smtp.example.test");
  g_autoptr(McAccount) hanako = new_account ("hanako@example.test", "mail.example.test");
  g_autoptr(McAccount) stored_taro = NULL;
  g_autoptr(McAccount) stored_hanako = NULL;
  g_autoptr(McAccount) edited = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lock_path = g_strconcat (fixture->path, ".lock", NULL);
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  McAccount *loaded;

  /* No file yet: an empty store, and nothing written by reading. */
  accounts = load (fixture->store);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&accounts, g_ptr_array_unref);

  mc_account_set_display_name (taro, "Taro at work");
  mc_account_set_port (taro, 465);
  mc_account_set_security (taro, MC_SECURITY_TLS);
  mc_account_set_user (taro, "taro");
  stored_taro = save (fixture->store, taro);
  stored_hanako = save (fixture->store, hanako);

  g_assert_cmpstr (mc_account_get_id (stored_taro), ==, "mail-checkup:1");
  g_assert_cmpstr (mc_account_get_id (stored_hanako), ==, "mail-checkup:2");
  g_assert_cmpstr (mc_account_get_source (stored_taro), ==, "mail-checkup");
  g_assert_true (mc_account_is_editable (stored_taro));
  g_assert_cmpint (mc_account_get_password_source (stored_taro), ==, MC_PASSWORD_SOURCE_SECRET_SERVICE);
  g_assert_cmpstr (mc_account_get_secret_schema (stored_taro), ==, MC_SECRETS_SCHEMA_NAME);
  g_assert_cmpstr (g_hash_table_lookup (mc_account_get_secret_attributes (stored_taro),
                                        MC_SECRETS_ATTRIBUTE_ID), ==, "mail-checkup:1");
  /* The caller's object is not changed. */
  g_assert_null (mc_account_get_id (taro));

  assert_mode (folder, 0700);
  assert_mode (fixture->path, 0600);
  assert_mode (lock_path, 0600);

  accounts = load (fixture->store);
  g_assert_cmpuint (accounts->len, ==, 2);
  loaded = find (accounts, "mail-checkup:1");
  g_assert_nonnull (loaded);
  g_assert_cmpstr (mc_account_get_email (loaded), ==, "taro@example.test");
  g_assert_cmpstr (mc_account_get_display_name (loaded), ==, "Taro at work");
  g_assert_cmpstr (mc_account_get_host (loaded), ==, "smtp.example.test");
  g_assert_cmpuint (mc_account_get_port (loaded), ==, 465);
  g_assert_cmpint (mc_account_get_security (loaded), ==, MC_SECURITY_TLS);
  g_assert_cmpstr (mc_account_get_user (loaded), ==, "taro");
  g_assert_cmpstr (mc_account_get_source (loaded), ==, "mail-checkup");
  g_assert_cmpstr (mc_account_get_source_file (loaded), ==, fixture->path);
  g_assert_cmpint (mc_account_get_password_source (loaded), ==, MC_PASSWORD_SOURCE_SECRET_SERVICE);
  g_assert_cmpstr (g_hash_table_lookup (mc_account_get_secret_attributes (loaded),
                                        MC_SECRETS_ATTRIBUTE_ID), ==, "mail-checkup:1");

  /* An edit keeps the id, and a setting taken away is gone. */
  mc_account_set_host (loaded, "smtp2.example.test");
  mc_account_set_display_name (loaded, NULL);
  mc_account_set_port (loaded, 0);
  edited = save (fixture->store, loaded);
  g_assert_cmpstr (mc_account_get_id (edited), ==, "mail-checkup:1");
  g_clear_pointer (&accounts, g_ptr_array_unref);
  accounts = load (fixture->store);
  g_assert_cmpuint (accounts->len, ==, 2);
  loaded = find (accounts, "mail-checkup:1");
  g_assert_cmpstr (mc_account_get_host (loaded), ==, "smtp2.example.test");
  g_assert_null (mc_account_get_display_name (loaded));
  g_assert_cmpuint (mc_account_get_port (loaded), ==, 0);
  g_assert_cmpstr (mc_account_get_email (find (accounts, "mail-checkup:2")), ==,
                   "hanako@example.test");

  g_assert_true (mc_account_store_remove (fixture->store, "mail-checkup:1", &error));
  g_assert_no_error (error);
  g_clear_pointer (&accounts, g_ptr_array_unref);
  accounts = load (fixture->store);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_null (find (accounts, "mail-checkup:1"));

  /* Removed twice, or edited once removed: refused, with a message. */
  g_assert_false (mc_account_store_remove (fixture->store, "mail-checkup:1", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (mc_account_store_save (fixture->store, edited, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_mode (fixture->path, 0600);
}

/* An id, once given, is never given again, even when every account with a
 * higher number is gone. */
static void
test_ids_not_reused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(McAccount) account = new_account ("taro@example.test", "smtp.example.test");
      g_autoptr(McAccount) stored = save (fixture->store, account);
      g_autofree char *expected = g_strdup_printf ("mail-checkup:%u", i);

      g_assert_cmpstr (mc_account_get_id (stored), ==, expected);
    }
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("mail-checkup:%u", i);

      g_assert_true (mc_account_store_remove (fixture->store, id, &error));
      g_assert_no_error (error);
    }

  {
    g_autoptr(McAccount) account = new_account ("taro@example.test", "smtp.example.test");
    g_autoptr(McAccount) stored = save (fixture->store, account);
    g_autoptr(McAccountStore) second = mc_account_store_new (fixture->path);
    g_autoptr(McAccount) stored_by_second = save (second, account);

    g_assert_cmpstr (mc_account_get_id (stored), ==, "mail-checkup:4");
    /* Another store object on the same file counts on. */
    g_assert_cmpstr (mc_account_get_id (stored_by_second), ==, "mail-checkup:5");
  }
}

/* A corrected copy of another program's account becomes a new account of
 * ours that remembers where it came from; the original is untouched. */
static void
test_copy_of_imported (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(McAccount) imported = new_account ("taro@example.test", "smtp.example.test");
  g_autoptr(McAccount) copy = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *copied_from = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);

  mc_account_set_id (imported, "evolution:1a2b3c");
  mc_account_set_source (imported, "evolution");
  g_hash_table_insert (attributes, (char *) "e-source-uid", (char *) "1a2b3c");
  mc_account_set_secret (imported, "org.gnome.Evolution.Data.Source", attributes, TRUE);

  copy = save (fixture->store, imported);
  g_assert_cmpstr (mc_account_get_id (copy), ==, "mail-checkup:1");
  g_assert_cmpstr (mc_account_get_source (copy), ==, "mail-checkup");
  g_assert_cmpstr (mc_account_get_secret_schema (copy), ==, MC_SECRETS_SCHEMA_NAME);
  g_assert_cmpstr (mc_account_get_id (imported), ==, "evolution:1a2b3c");
  g_assert_cmpstr (mc_account_get_source (imported), ==, "evolution");

  g_key_file_load_from_file (key_file, fixture->path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  copied_from = g_key_file_get_string (key_file, "account mail-checkup:1", "copied-from", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copied_from, ==, "evolution:1a2b3c");

  accounts = load (fixture->store);
  g_assert_cmpuint (accounts->len, ==, 1);
}

/* A file that does not parse is reported, and no change overwrites it. */
static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  static const char damaged[] = "[store]\nlast-id=2\n\n[account mail-checkup:1\nemail=taro@exa";
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(McAccount) account = new_account ("hanako@example.test", "smtp.example.test");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_account_problem_free);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(McAccount) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, damaged, -1, NULL));

  accounts = mc_account_store_load (fixture->store, problems, &error);
  g_assert_null (accounts);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  stored = mc_account_store_save (fixture->store, account, &error);
  g_assert_null (stored);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (mc_account_store_remove (fixture->store, "mail-checkup:1", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, damaged);
}

/* One unreadable account is a problem; the others still load. */
static void
test_bad_account (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char contents[] =
    "[store]\nlast-id=3\n\n"
    "[account mail-checkup:1]\nemail=taro@example.test\nhost=smtp.example.test\nport=587\n\n"
    "[account mail-checkup:2]\nemail=jiro@example.test\nhost=smtp.example.test\nport=many\n\n"
    "[account mail-checkup:3]\nemail=hanako@example.test\nsecurity=carrier-pigeon\n";
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_account_problem_free);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  McAccountProblem *problem;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, contents, -1, NULL));

  accounts = mc_account_store_load (fixture->store, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (mc_account_get_id (g_ptr_array_index (accounts, 0)), ==, "mail-checkup:1");
  g_assert_cmpuint (problems->len, ==, 2);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->source, ==, "mail-checkup");
  g_assert_cmpstr (problem->path, ==, fixture->path);
  g_assert_nonnull (strstr (problem->message, "mail-checkup:2"));
  problem = g_ptr_array_index (problems, 1);
  g_assert_nonnull (strstr (problem->message, "mail-checkup:3"));
}

/* The default place follows the environment of the moment. */
static void
test_default_path (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *saved_config = g_strdup (g_getenv ("XDG_CONFIG_HOME"));
  g_autofree char *saved_home = g_strdup (g_getenv ("HOME"));
  g_autofree char *config_a = g_build_filename (fixture->dir, "a", NULL);
  g_autofree char *config_b = g_build_filename (fixture->dir, "b", NULL);
  g_autofree char *home = g_build_filename (fixture->dir, "home", NULL);
  g_autofree char *expected_a = g_build_filename (config_a, "mail-checkup", "accounts.ini", NULL);
  g_autofree char *expected_b = g_build_filename (config_b, "mail-checkup", "accounts.ini", NULL);
  g_autofree char *expected_home = g_build_filename (home, ".config", "mail-checkup",
                                                     "accounts.ini", NULL);
  g_autoptr(McAccountStore) a = NULL;
  g_autoptr(McAccountStore) b = NULL;
  g_autoptr(McAccountStore) c = NULL;

  g_setenv ("XDG_CONFIG_HOME", config_a, TRUE);
  a = mc_account_store_new (NULL);
  g_setenv ("XDG_CONFIG_HOME", config_b, TRUE);
  b = mc_account_store_new (NULL);
  g_unsetenv ("XDG_CONFIG_HOME");
  g_setenv ("HOME", home, TRUE);
  c = mc_account_store_new (NULL);

  g_assert_cmpstr (mc_account_store_get_path (a), ==, expected_a);
  g_assert_cmpstr (mc_account_store_get_path (b), ==, expected_b);
  g_assert_cmpstr (mc_account_store_get_path (c), ==, expected_home);

  if (saved_config != NULL)
    g_setenv ("XDG_CONFIG_HOME", saved_config, TRUE);
  else
    g_unsetenv ("XDG_CONFIG_HOME");
  if (saved_home != NULL)
    g_setenv ("HOME", saved_home, TRUE);
}

typedef struct
{
  McAccount *stored;
  gboolean   removed;
  GError    *error;
  gboolean   done;
} AsyncResult;

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncResult *res = user_data;

  res->stored = mc_account_store_save_finish (MC_ACCOUNT_STORE (source), result, &res->error);
  res->done = TRUE;
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *res = user_data;

  res->removed = mc_account_store_remove_finish (MC_ACCOUNT_STORE (source), result, &res->error);
  res->done = TRUE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  /* A store of its own: the worker thread may drop its reference a moment
   * after the result has arrived, so the fixture's could not be checked
   * for finalization. */
  g_autoptr(McAccountStore) store = mc_account_store_new (fixture->path);
  g_autoptr(McAccount) account = new_account ("taro@example.test", "smtp.example.test");
  g_autoptr(GPtrArray) accounts = NULL;
  AsyncResult saved = { 0 };
  AsyncResult removed = { 0 };

  mc_account_store_save_async (store, account, NULL, saved_cb, &saved);
  mc_test_iterate_until (&saved.done, WAIT_MS);
  g_assert_no_error (saved.error);
  g_assert_cmpstr (mc_account_get_id (saved.stored), ==, "mail-checkup:1");
  accounts = load (fixture->store);
  g_assert_cmpuint (accounts->len, ==, 1);

  mc_account_store_remove_async (store, "mail-checkup:1", NULL, removed_cb, &removed);
  mc_test_iterate_until (&removed.done, WAIT_MS);
  g_assert_no_error (removed.error);
  g_assert_true (removed.removed);
  g_clear_pointer (&accounts, g_ptr_array_unref);
  accounts = load (fixture->store);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_clear_object (&saved.stored);
}

typedef struct
{
  gboolean  loaded;
  GError   *error;
  gboolean  done;
} Load;

static void
accounts_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Load *load = user_data;

  load->loaded = mc_accounts_load_finish (MC_ACCOUNTS (source), result, &load->error);
  load->done = TRUE;
}

/* The list of every account: ours come first, from the store at the place
 * the environment names when loading starts; a damaged store is a problem,
 * not a failure; a cancelled load changes nothing. */
static void
test_accounts_list (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *saved_config = g_strdup (g_getenv ("XDG_CONFIG_HOME"));
  g_autofree char *saved_home = g_strdup (g_getenv ("HOME"));
  g_autofree char *home = g_build_filename (fixture->dir, "home", NULL);
  g_autofree char *config = g_build_filename (fixture->dir, "config", NULL);
  g_autoptr(McAccounts) accounts = mc_accounts_new ();
  g_autoptr(McAccount) taro = new_account ("taro@example.test", "smtp.example.test");
  g_autoptr(McAccount) hanako = new_account ("hanako@example.test", "smtp.example.test");
  g_autoptr(McAccount) stored = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GListModel *model = mc_accounts_get_model (accounts);
  McAccountProblem *problem;
  Load load = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  stored = save (fixture->store, taro);
  g_clear_object (&stored);
  stored = save (fixture->store, hanako);

  mc_accounts_load_async (accounts, NULL, accounts_loaded_cb, &load);
  mc_test_iterate_until (&load.done, WAIT_MS);
  g_assert_no_error (load.error);
  g_assert_true (load.loaded);
  g_assert_cmpstr (mc_account_store_get_path (mc_accounts_get_store (accounts)), ==,
                   fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpuint (mc_accounts_get_problems (accounts)->len, ==, 0);
  g_assert_nonnull (mc_accounts_lookup (accounts, "mail-checkup:2"));
  g_assert_cmpstr (mc_account_get_email (mc_accounts_lookup (accounts, "mail-checkup:2")), ==,
                   "hanako@example.test");
  g_assert_null (mc_accounts_lookup (accounts, "mail-checkup:3"));

  /* Cancelled: an error, and the list stays as it was. */
  g_assert_true (g_file_set_contents (fixture->path, "[account", -1, NULL));
  g_cancellable_cancel (cancellable);
  load = (Load) { 0 };
  mc_accounts_load_async (accounts, cancellable, accounts_loaded_cb, &load);
  mc_test_iterate_until (&load.done, WAIT_MS);
  g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&load.error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* Damaged: no accounts of ours, one problem that names the file. */
  load = (Load) { 0 };
  mc_accounts_load_async (accounts, NULL, accounts_loaded_cb, &load);
  mc_test_iterate_until (&load.done, WAIT_MS);
  g_assert_no_error (load.error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (mc_accounts_get_problems (accounts)->len, ==, 1);
  problem = g_ptr_array_index (mc_accounts_get_problems (accounts), 0);
  g_assert_cmpstr (problem->source, ==, "mail-checkup");
  g_assert_cmpstr (problem->path, ==, fixture->path);

  if (saved_config != NULL)
    g_setenv ("XDG_CONFIG_HOME", saved_config, TRUE);
  else
    g_unsetenv ("XDG_CONFIG_HOME");
  if (saved_home != NULL)
    g_setenv ("HOME", saved_home, TRUE);
}

/* ---- Child processes: this same program, started with a mode. ---- */

static char *
padding_for (guint64 round)
{
  char *padding = g_malloc (PADDING_BYTES + 1);

  memset (padding, 'a' + (int) (round % 26), PADDING_BYTES);
  padding[PADDING_BYTES] = '\0';
  return padding;
}

/* Saves account mail-checkup:1 again and again, each round writing its
 * number everywhere, and says "ROUND" on standard output after each. */
static int
child_save_loop (const char *path,
                 guint64     first_round)
{
  g_autoptr(McAccountStore) store = mc_account_store_new (path);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  McAccount *account;

  accounts = mc_account_store_load (store, NULL, &error);
  g_assert_no_error (error);
  account = find (accounts, "mail-checkup:1");
  g_assert_nonnull (account);

  for (guint64 round = first_round; ; round++)
    {
      g_autofree char *host = g_strdup_printf ("h%" G_GUINT64_FORMAT ".example.test", round);
      g_autofree char *name = g_strdup_printf ("round %" G_GUINT64_FORMAT, round);
      g_autofree char *user = padding_for (round);
      g_autoptr(McAccount) stored = NULL;

      mc_account_set_host (account, host);
      mc_account_set_display_name (account, name);
      mc_account_set_user (account, user);
      stored = mc_account_store_save (store, account, &error);
      g_assert_no_error (error);
      g_print ("%" G_GUINT64_FORMAT "\n", round);
      fflush (stdout);
    }
  return 0;
}

/* Adds n accounts, one save each. */
static int
child_add (const char *path,
           const char *tag,
           guint       n)
{
  g_autoptr(McAccountStore) store = mc_account_store_new (path);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("%s-%u@example.test", tag, i);
      g_autoptr(McAccount) account = new_account (email, "smtp.example.test");
      g_autoptr(McAccount) stored = NULL;
      g_autoptr(GError) error = NULL;

      stored = mc_account_store_save (store, account, &error);
      g_assert_no_error (error);
    }
  return 0;
}

typedef struct
{
  char     *line;
  gboolean  done;
} Line;

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Line *line = user_data;

  line->line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     NULL);
  line->done = TRUE;
}

/* The round the file holds, after checking that it parses and that every
 * field of the account comes from that same round. */
static guint64
check_file_round (McAccountStore *store)
{
  g_autoptr(GPtrArray) accounts = load (store);
  McAccount *account = find (accounts, "mail-checkup:1");
  McAccount *other = find (accounts, "mail-checkup:2");
  const char *name;
  guint64 round = 0;
  g_autofree char *host = NULL;
  g_autofree char *padding = NULL;

  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_nonnull (account);
  /* The account nobody touches is never lost. */
  g_assert_nonnull (other);
  g_assert_cmpstr (mc_account_get_email (other), ==, "hanako@example.test");

  name = mc_account_get_display_name (account);
  g_assert_true (g_str_has_prefix (name, "round "));
  g_assert_true (g_ascii_string_to_unsigned (name + 6, 10, 0, G_MAXUINT64, &round, NULL));
  host = g_strdup_printf ("h%" G_GUINT64_FORMAT ".example.test", round);
  padding = round > 0 ? padding_for (round) : g_strdup ("first");
  g_assert_cmpstr (mc_account_get_host (account), ==, host);
  g_assert_true (g_strcmp0 (mc_account_get_user (account), padding) == 0);
  return round;
}

/* A writer killed with SIGKILL at any moment, CRASH_ROUNDS times: the file
 * always parses and holds a whole round: the last one the writer reported,
 * or a later one it was writing. Never a mix, never a truncated file. */
static void
test_crash_safety (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(McAccount) first = new_account ("taro@example.test", "h0.example.test");
  g_autoptr(McAccount) other = new_account ("hanako@example.test", "smtp.example.test");
  g_autoptr(McAccount) stored = NULL;
  guint64 next_round = 1;

  mc_account_set_display_name (first, "round 0");
  mc_account_set_user (first, "first");
  g_clear_object (&stored);
  stored = save (fixture->store, first);
  g_clear_object (&stored);
  stored = save (fixture->store, other);
  g_assert_cmpuint (check_file_round (fixture->store), ==, 0);

  for (guint attempt = 0; attempt < CRASH_ROUNDS; attempt++)
    {
      g_autofree char *first_round = g_strdup_printf ("%" G_GUINT64_FORMAT, next_round);
      const char *argv[] = { self_exe, "--child-save-loop", fixture->path, first_round, NULL };
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) output = NULL;
      g_autoptr(GError) error = NULL;
      /* Kill after 0 to 3 reported saves: at once (before or during the
       * first write), or in the middle of a later one. */
      guint reports = attempt % 4;
      guint64 reported = next_round - 1;
      guint64 round;

      child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      g_assert_no_error (error);
      output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
      for (guint i = 0; i < reports; i++)
        {
          Line line = { 0 };

          g_data_input_stream_read_line_async (output, G_PRIORITY_DEFAULT, NULL, line_cb, &line);
          mc_test_iterate_until (&line.done, WAIT_MS);
          g_assert_nonnull (line.line);
          g_assert_true (g_ascii_string_to_unsigned (line.line, 10, 0, G_MAXUINT64, &reported,
                                                     NULL));
          g_free (line.line);
        }
      g_subprocess_send_signal (child, SIGKILL);
      g_assert_true (g_subprocess_wait (child, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));

      round = check_file_round (fixture->store);
      g_test_message ("attempt %u: killed after round %" G_GUINT64_FORMAT " was reported; the "
                      "file holds round %" G_GUINT64_FORMAT, attempt, reported, round);
      g_assert_cmpuint (round, >=, reported);
      next_round = MAX (round, reported) + 1;
    }

  /* The lock died with the writers: a change still goes through. */
  g_clear_object (&stored);
  mc_account_set_id (first, "mail-checkup:1");
  mc_account_set_source (first, "mail-checkup");
  stored = save (fixture->store, first);
  g_assert_cmpuint (check_file_round (fixture->store), ==, 0);
  assert_mode (fixture->path, 0600);
}

typedef struct
{
  guint    exited;
  gboolean all_exited;
} Writers;

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Writers *writers = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  writers->all_exited = ++writers->exited == 2;
}

/* Two programs adding accounts at the same time lose none of them, and no
 * two get the same id. */
static void
test_concurrent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *n = g_strdup_printf ("%u", CONCURRENT_ADDS);
  const char *argv_a[] = { self_exe, "--child-add", fixture->path, "a", n, NULL };
  const char *argv_b[] = { self_exe, "--child-add", fixture->path, "b", n, NULL };
  g_autoptr(GSubprocess) a = NULL;
  g_autoptr(GSubprocess) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) emails = g_hash_table_new (g_str_hash, g_str_equal);
  Writers writers = { 0 };

  a = g_subprocess_newv (argv_a, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  b = g_subprocess_newv (argv_b, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (a, NULL, exited_cb, &writers);
  g_subprocess_wait_check_async (b, NULL, exited_cb, &writers);
  mc_test_iterate_until (&writers.all_exited, WAIT_MS);

  accounts = load (fixture->store);
  g_assert_cmpuint (accounts->len, ==, 2 * CONCURRENT_ADDS);
  for (guint i = 0; i < accounts->len; i++)
    {
      McAccount *account = g_ptr_array_index (accounts, i);

      g_assert_true (g_hash_table_add (ids, (char *) mc_account_get_id (account)));
      g_assert_true (g_hash_table_add (emails, (char *) mc_account_get_email (account)));
    }
  for (guint i = 0; i < CONCURRENT_ADDS; i++)
    {
      g_autofree char *from_a = g_strdup_printf ("a-%u@example.test", i);
      g_autofree char *from_b = g_strdup_printf ("b-%u@example.test", i);
      g_autofree char *id = g_strdup_printf ("mail-checkup:%u", i + 1);
      g_autofree char *id_2 = g_strdup_printf ("mail-checkup:%u", i + 1 + CONCURRENT_ADDS);

      g_assert_true (g_hash_table_contains (emails, from_a));
      g_assert_true (g_hash_table_contains (emails, from_b));
      g_assert_true (g_hash_table_contains (ids, id));
      g_assert_true (g_hash_table_contains (ids, id_2));
    }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && strcmp (argv[1], "--child-save-loop") == 0)
    return child_save_loop (argv[2], g_ascii_strtoull (argv[3], NULL, 10));
  if (argc == 5 && strcmp (argv[1], "--child-add") == 0)
    return child_add (argv[2], argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10));

  g_setenv ("LANGUAGE", "en", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self_exe);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/account-store/add-edit-remove", test_add_edit_remove);
  ADD ("/account-store/ids-not-reused", test_ids_not_reused);
  ADD ("/account-store/copy-of-imported", test_copy_of_imported);
  ADD ("/account-store/damaged", test_damaged);
  ADD ("/account-store/bad-account", test_bad_account);
  ADD ("/account-store/default-path", test_default_path);
  ADD ("/account-store/async", test_async);
  ADD ("/account-store/accounts-list", test_accounts_list);
  ADD ("/account-store/crash-safety", test_crash_safety);
  ADD ("/account-store/concurrent", test_concurrent);
#undef ADD

  return g_test_run ();
}
