/* test-account-sources.c: the readers of Evolution, Thunderbird, msmtp, Geary and git settings, on copies of real-looking homes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mc-account-source.h"
#include "mc-source-private.h"
#include "mc-test-net.h"

/* ---- A temporary copy of a fixture home ---- */

typedef struct
{
  char        *tmp;   /* the temporary folder, removed at the end */
  McSourceEnv *env;   /* its "home" and "home/.config" */
} Home;

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

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
  g_autofree char *path = NULL;
  g_autofree char *config = NULL;

  home->tmp = mc_test_make_tmpdir ();
  path = g_build_filename (home->tmp, "home", NULL);
  config = g_build_filename (path, ".config", NULL);
  to = g_file_new_for_path (path);
  copy_tree (from, to);
  home->env = mc_source_env_new (path, config);
}

static void
chmod_tree (const char *path,
            gboolean    writable)
{
  const char *argv[] = { "chmod", "-R", writable ? "u+rwX" : "a-w", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static void
home_teardown (Home          *home,
               gconstpointer  data)
{
  /* Whatever a test made unreadable or read-only, so that it can go. */
  chmod_tree (home->tmp, TRUE);
  mc_test_rm_rf (home->tmp);
  g_free (home->tmp);
  mc_source_env_free (home->env);
}

static char *
home_path (Home       *home,
           const char *relative)
{
  return g_build_filename (home->env->home, relative, NULL);
}

static void
home_write (Home       *home,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = home_path (home, relative);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_remove (path);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
home_remove (Home       *home,
             const char *relative)
{
  g_autofree char *path = home_path (home, relative);

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    g_assert_cmpint (g_rmdir (path), ==, 0);
  else
    g_assert_cmpint (g_remove (path), ==, 0);
}

typedef struct
{
  GPtrArray *accounts;
  GPtrArray *problems;
} Loaded;

static void
loaded_clear (Loaded *loaded)
{
  g_clear_pointer (&loaded->accounts, g_ptr_array_unref);
  g_clear_pointer (&loaded->problems, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Loaded, loaded_clear)

static void
load (Loaded           *loaded,
      McSourceLoadFunc  func,
      const McSourceEnv *env)
{
  loaded->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  loaded->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_account_problem_free);
  func (env, loaded->accounts, loaded->problems, NULL);
  for (guint i = 0; i < loaded->problems->len; i++)
    {
      McAccountProblem *problem = g_ptr_array_index (loaded->problems, i);

      g_test_message ("problem: %s: %s: %s", problem->source, problem->path, problem->message);
    }
}

static McAccount *
find_account (Loaded     *loaded,
              const char *id)
{
  for (guint i = 0; i < loaded->accounts->len; i++)
    {
      McAccount *account = g_ptr_array_index (loaded->accounts, i);

      if (g_strcmp0 (mc_account_get_id (account), id) == 0)
        return account;
    }
  return NULL;
}

/* ---- What the fixture home holds ---- */

typedef struct
{
  const char       *id;
  const char       *file;          /* relative to the home */
  const char       *email;
  const char       *display_name;
  const char       *host;
  guint16           port;          /* effective */
  McSecurity        security;
  const char       *user;
  McPasswordSource  password;
  const char       *schema;        /* SECRET_SERVICE */
  const char       *attributes;    /* "name=value;…", sorted by name */
  gboolean          match_any;
  const char       *password_file; /* CONFIG_FILE, relative to the home */
  const char       *password_key;
} Expected;

#define EVO ".config/evolution/sources/"
#define TB ".thunderbird/k3x9p2wq.default-release/prefs.js"

static const Expected evolution_accounts[] = {
  { "evolution:0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d.1",
    EVO "0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d.2.source",
    "eigyo@example.jp", "営業部", "relay.example.jp", 25, MC_SECURITY_NONE, NULL,
    MC_PASSWORD_SOURCE_NONE },
  { "evolution:3f6c1a9e2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f.1",
    EVO "3f6c1a9e2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f.2.source",
    "taro@example.jp", "山田 太郎", "smtp.example.jp", 587, MC_SECURITY_STARTTLS, "taro",
    MC_PASSWORD_SOURCE_SECRET_SERVICE, "org.gnome.Evolution.Data.Source",
    "e-source-uid=3f6c1a9e2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f.2", TRUE },
  { "evolution:8d2e4f6a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e.1",
    EVO "8d2e4f6a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e.2.source",
    "hanako@example.net", "鈴木 花子", "mail.example.net", 465, MC_SECURITY_TLS, "hanako@example.net",
    MC_PASSWORD_SOURCE_SECRET_SERVICE, "org.gnome.Evolution.Data.Source",
    "e-source-uid=8d2e4f6a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e.2", TRUE },
  { "evolution:b7a1c2d3e4f5061728394a5b6c7d8e9f00112233-mail-identity",
    EVO "b7a1c2d3e4f5061728394a5b6c7d8e9f00112233-mail-transport.source",
    "yamada.taro@gmail.com", "Taro Yamada", "smtp.gmail.com", 465, MC_SECURITY_TLS,
    "yamada.taro@gmail.com", MC_PASSWORD_SOURCE_OAUTH2 },
};

static const Expected thunderbird_accounts[] = {
  { "thunderbird:k3x9p2wq.default-release/id1", TB, "taro@example.jp", "山田 太郎",
    "smtp.example.jp", 587, MC_SECURITY_STARTTLS, "taro@example.jp", MC_PASSWORD_SOURCE_ASK },
  { "thunderbird:k3x9p2wq.default-release/id4", TB, "sales@example.jp", "\"Sales\" \\ 営業",
    "relay.example.jp", 25, MC_SECURITY_NONE, NULL, MC_PASSWORD_SOURCE_NONE },
  { "thunderbird:k3x9p2wq.default-release/id2", TB, "t.yamada@example.onmicrosoft.com",
    "Taro Yamada", "smtp.office365.com", 587, MC_SECURITY_STARTTLS,
    "t.yamada@example.onmicrosoft.com", MC_PASSWORD_SOURCE_OAUTH2 },
  { "thunderbird:k3x9p2wq.default-release/id3", TB, "hanako@example.net", "鈴木 花子（経理）",
    "mail.example.net", 465, MC_SECURITY_TLS, "hanako@example.net", MC_PASSWORD_SOURCE_ASK },
};

static const Expected msmtp_accounts[] = {
  { "msmtp:msmtprc/work", ".msmtprc", "taro@example.jp", "work", "smtp.example.jp", 587,
    MC_SECURITY_STARTTLS, "taro", MC_PASSWORD_SOURCE_CONFIG_FILE, NULL, NULL, FALSE,
    ".msmtprc", "work" },
  { "msmtp:msmtprc/work-sales", ".msmtprc", "sales@example.jp", "work-sales", "smtp.example.jp",
    587, MC_SECURITY_STARTTLS, "sales", MC_PASSWORD_SOURCE_COMMAND },
  { "msmtp:msmtprc/work-backup", ".msmtprc", "taro@example.jp", "work-backup", "smtp2.example.jp",
    587, MC_SECURITY_STARTTLS, "taro", MC_PASSWORD_SOURCE_CONFIG_FILE, NULL, NULL, FALSE,
    ".msmtprc", "work-backup" },
  { "msmtp:msmtprc/gmail", ".msmtprc", "yamada.taro@gmail.com", "gmail", "smtp.gmail.com", 465,
    MC_SECURITY_TLS, "yamada.taro@gmail.com", MC_PASSWORD_SOURCE_SECRET_SERVICE,
    "de.marlam.msmtp.password", "host=smtp.gmail.com;service=smtp;user=yamada.taro@gmail.com",
    TRUE },
  { "msmtp:msmtprc/office", ".msmtprc", "t.yamada@example.onmicrosoft.com", "office",
    "smtp.office365.com", 587, MC_SECURITY_STARTTLS, "t.yamada@example.onmicrosoft.com",
    MC_PASSWORD_SOURCE_OAUTH2 },
  { "msmtp:msmtprc/shop", ".msmtprc", "担当@例え.jp", "shop", "smtp.例え.jp", 25,
    MC_SECURITY_STARTTLS, "担当@例え.jp", MC_PASSWORD_SOURCE_SECRET_SERVICE,
    "de.marlam.msmtp.password", "host=smtp.例え.jp;service=smtp;user=担当@例え.jp", TRUE },
  { "msmtp:msmtprc/relay", ".msmtprc", "taro@example.jp", "relay", "relay.example.jp", 25,
    MC_SECURITY_NONE, NULL, MC_PASSWORD_SOURCE_NONE },
  { "msmtp:config/isp", ".config/msmtp/config", "hanako@isp.example.ne.jp", "isp",
    "mail.isp.example.ne.jp", 587, MC_SECURITY_STARTTLS, "hanako",
    MC_PASSWORD_SOURCE_SECRET_SERVICE, "de.marlam.msmtp.password",
    "host=mail.isp.example.ne.jp;service=smtp;user=hanako", TRUE },
};

static const Expected geary_accounts[] = {
  { "geary:account_01", ".config/geary/account_01/geary.ini", "taro@example.jp", "山田 太郎",
    "smtp.example.jp", 465, MC_SECURITY_TLS, "taro@example.jp", MC_PASSWORD_SOURCE_SECRET_SERVICE,
    "org.gnome.Geary", "host=smtp.example.jp;login=taro@example.jp;proto=SMTP", FALSE },
  { "geary:account_02", ".config/geary/account_02/geary.ini", "hanako@isp.example.ne.jp",
    "鈴木 花子", "smtp.isp.example.ne.jp", 587, MC_SECURITY_STARTTLS, "hanako",
    MC_PASSWORD_SOURCE_SECRET_SERVICE, "org.gnome.Geary",
    "host=imap.isp.example.ne.jp;login=hanako;proto=IMAP", FALSE },
  { "geary:goa_account_1700000000_1", ".config/geary/goa_account_1700000000_1/geary.ini",
    "yamada.taro@gmail.com", "Taro Yamada", "smtp.gmail.com", 465, MC_SECURITY_TLS, NULL,
    MC_PASSWORD_SOURCE_OAUTH2 },
};

static const Expected git_accounts[] = {
  { "git:lists", ".config/git/config", "taro@example.jp", "Yamada Taro", "mail.example.net", 587,
    MC_SECURITY_STARTTLS, NULL, MC_PASSWORD_SOURCE_NONE },
  { "git:work", ".gitconfig", "taro@example.jp", "Yamada Taro (work)", "smtp.example.jp", 587,
    MC_SECURITY_STARTTLS, "taro", MC_PASSWORD_SOURCE_CONFIG_FILE, NULL, NULL, FALSE,
    ".gitconfig", "sendemail.work.smtppass" },
  { "git:oss", ".gitconfig", "yamada.taro@gmail.com", "山田 太郎", "smtp.gmail.com", 465,
    MC_SECURITY_TLS, "yamada.taro@gmail.com", MC_PASSWORD_SOURCE_ASK },
};

/* A problem: its source, its file, and words its message must have. */
typedef struct
{
  const char *source;
  const char *file;
  const char *words[3];
} ExpectedProblem;

static const ExpectedProblem evolution_problems[] = {
  { "evolution", EVO "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c.1.source", { "damaged", "Mail Submiss" } },
};
static const ExpectedProblem thunderbird_problems[] = {
  { "thunderbird", ".thunderbird/r7m4t1zd.old-profile/prefs.js", { "not UTF-8", "Shift_JIS" } },
};
static const ExpectedProblem msmtp_problems[] = {
  { "msmtp", ".config/msmtp/config", { "Line 13", "“smtp_timeout”", "ignored" } },
  { "msmtp", ".config/msmtp/config", { "“nohost”", "no sending server (host)" } },
};
static const ExpectedProblem geary_problems[] = {
  { "geary", ".config/geary/account_03/geary.ini", { "“[Outgoing] host”", "missing" } },
};
static const ExpectedProblem git_problems[] = {
  { "git", ".config/git/config", { "includes other files" } },
  { "git", ".gitconfig", { "“/usr/sbin/sendmail”", "no server to check" } },
};

static char *
attributes_to_string (GHashTable *attributes)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, name);
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);

      g_string_append_printf (out, "%s%s=%s", i > 0 ? ";" : "", n,
                              (const char *) g_hash_table_lookup (attributes, n));
    }
  return g_string_free (out, FALSE);
}

static void
assert_account (Home           *home,
                McAccount      *account,
                const Expected *e,
                const char     *source)
{
  g_autofree char *file = home_path (home, e->file);

  g_test_message ("checking %s", e->id);
  g_assert_cmpstr (mc_account_get_id (account), ==, e->id);
  g_assert_cmpstr (mc_account_get_source (account), ==, source);
  g_assert_cmpstr (mc_account_get_source_file (account), ==, file);
  g_assert_cmpstr (mc_account_get_email (account), ==, e->email);
  g_assert_cmpstr (mc_account_get_display_name (account), ==, e->display_name);
  g_assert_cmpstr (mc_account_get_host (account), ==, e->host);
  g_assert_cmpuint (mc_account_get_effective_port (account), ==, e->port);
  g_assert_cmpint (mc_account_get_security (account), ==, e->security);
  g_assert_cmpstr (mc_account_get_user (account), ==, e->user);
  g_assert_cmpint (mc_account_get_password_source (account), ==, e->password);
  g_assert_false (mc_account_is_editable (account));
  /* An imported account is good enough to be checked as it is. */
  {
    g_autoptr(GError) error = NULL;

    mc_account_validate (account, &error);
    g_assert_no_error (error);
  }

  if (e->password == MC_PASSWORD_SOURCE_SECRET_SERVICE)
    {
      g_autofree char *attributes = attributes_to_string (mc_account_get_secret_attributes (account));

      g_assert_cmpstr (mc_account_get_secret_schema (account), ==, e->schema);
      g_assert_cmpstr (attributes, ==, e->attributes);
      g_assert_cmpint (mc_account_get_secret_match_any_schema (account), ==, e->match_any);
    }
  else
    g_assert_null (mc_account_get_secret_schema (account));

  if (e->password == MC_PASSWORD_SOURCE_CONFIG_FILE)
    {
      g_autofree char *password_file = home_path (home, e->password_file);

      g_assert_cmpstr (mc_account_get_password_file (account), ==, password_file);
      g_assert_cmpstr (mc_account_get_password_key (account), ==, e->password_key);
    }
  else
    g_assert_null (mc_account_get_password_file (account));
}

static void
assert_problem (Home                  *home,
                McAccountProblem      *problem,
                const ExpectedProblem *e)
{
  g_autofree char *file = home_path (home, e->file);

  g_assert_cmpstr (problem->source, ==, e->source);
  g_assert_cmpstr (problem->path, ==, file);
  /* The message names the file, says what is wrong, and that the rest loaded. */
  g_assert_nonnull (strstr (problem->message, file));
  for (guint i = 0; i < G_N_ELEMENTS (e->words) && e->words[i] != NULL; i++)
    {
      if (strstr (problem->message, e->words[i]) == NULL)
        g_error ("“%s” is not in the problem “%s”", e->words[i], problem->message);
    }
  g_assert_true (strstr (problem->message, "still loaded") != NULL);
}

static void
check_source (Home                  *home,
              McSourceLoadFunc       func,
              const char            *source,
              const Expected        *accounts,
              guint                  n_accounts,
              const ExpectedProblem *problems,
              guint                  n_problems)
{
  g_auto(Loaded) loaded = { 0 };

  load (&loaded, func, home->env);
  for (guint i = 0; i < loaded.accounts->len; i++)
    g_test_message ("%s: %s", source, mc_account_get_id (g_ptr_array_index (loaded.accounts, i)));
  g_assert_cmpuint (loaded.accounts->len, ==, n_accounts);
  for (guint i = 0; i < n_accounts; i++)
    assert_account (home, g_ptr_array_index (loaded.accounts, i), &accounts[i], source);
  g_assert_cmpuint (loaded.problems->len, ==, n_problems);
  for (guint i = 0; i < n_problems; i++)
    assert_problem (home, g_ptr_array_index (loaded.problems, i), &problems[i]);
}

#define CHECK_SOURCE(home, func, source, accounts, problems) \
  check_source (home, func, source, accounts, G_N_ELEMENTS (accounts), problems, G_N_ELEMENTS (problems))

static void
test_evolution (Home          *home,
                gconstpointer  data)
{
  CHECK_SOURCE (home, mc_source_evolution_load, "evolution", evolution_accounts, evolution_problems);
}

static void
test_thunderbird (Home          *home,
                  gconstpointer  data)
{
  g_auto(Loaded) loaded = { 0 };

  CHECK_SOURCE (home, mc_source_thunderbird_load, "thunderbird", thunderbird_accounts,
                thunderbird_problems);

  /* "0 or missing" is the standard port of the security: left unset. */
  load (&loaded, mc_source_thunderbird_load, home->env);
  g_assert_cmpuint (mc_account_get_port (find_account (&loaded, "thunderbird:k3x9p2wq.default-release/id3")),
                    ==, 0);
}

static void
test_msmtp (Home          *home,
            gconstpointer  data)
{
  g_auto(Loaded) loaded = { 0 };

  CHECK_SOURCE (home, mc_source_msmtp_load, "msmtp", msmtp_accounts, msmtp_problems);

  /* msmtp's standard port is set on the account, not left to the
   * submission port that an unset port would mean. */
  load (&loaded, mc_source_msmtp_load, home->env);
  g_assert_cmpuint (mc_account_get_port (find_account (&loaded, "msmtp:msmtprc/shop")), ==, 25);
  /* "account default : work" is the same account, not another. */
  g_assert_null (find_account (&loaded, "msmtp:msmtprc/default"));
}

static void
test_geary (Home          *home,
            gconstpointer  data)
{
  CHECK_SOURCE (home, mc_source_geary_load, "geary", geary_accounts, geary_problems);
}

static void
test_git (Home          *home,
          gconstpointer  data)
{
  CHECK_SOURCE (home, mc_source_git_load, "git", git_accounts, git_problems);
}

/* Passwords that msmtp and git keep in their own files are read again
 * when needed, following msmtp's inheritance. */
static void
test_file_passwords (Home          *home,
                     gconstpointer  data)
{
  g_autofree char *msmtprc = home_path (home, ".msmtprc");
  g_autofree char *gitconfig = home_path (home, ".gitconfig");
  g_autofree char *missing = home_path (home, "nothing-here");
  g_autoptr(GError) error = NULL;
  char *password;

  password = mc_source_read_file_password ("msmtp", msmtprc, "work", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret pass#1");
  g_free (password);

  password = mc_source_read_file_password ("msmtp", msmtprc, "work-backup", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret pass#1");
  g_free (password);

  /* passwordeval wins over an inherited password in msmtp: not read. */
  password = mc_source_read_file_password ("msmtp", msmtprc, "work-sales", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (password);
  g_clear_error (&error);

  password = mc_source_read_file_password ("msmtp", msmtprc, "gmail", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gmail"));
  g_assert_null (password);
  g_clear_error (&error);

  password = mc_source_read_file_password ("git", gitconfig, "sendemail.work.smtppass", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "pa ss#word;2");
  g_free (password);

  password = mc_source_read_file_password ("git", gitconfig, "sendemail.oss.smtppass", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  password = mc_source_read_file_password ("msmtp", missing, "work", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Thunderbird's passwords are encrypted in its own store: never read. */
  password = mc_source_read_file_password ("thunderbird", msmtprc, "work", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (password);
}

/* HOME and XDG_CONFIG_HOME are read when asked, not cached. */
static void
test_env_from_environment (void)
{
  g_autofree char *old_home = g_strdup (g_getenv ("HOME"));
  g_autofree char *old_config = g_strdup (g_getenv ("XDG_CONFIG_HOME"));
  McSourceEnv *env;

  /* Make GLib cache its idea of the folders first. */
  (void) g_get_home_dir ();
  (void) g_get_user_config_dir ();

  g_setenv ("HOME", "/tmp/mc-home-a", TRUE);
  g_setenv ("XDG_CONFIG_HOME", "/tmp/mc-config-a", TRUE);
  env = mc_source_env_new_from_environment ();
  g_assert_cmpstr (env->home, ==, "/tmp/mc-home-a");
  g_assert_cmpstr (env->config_home, ==, "/tmp/mc-config-a");
  mc_source_env_free (env);

  g_setenv ("HOME", "/tmp/mc-home-b", TRUE);
  g_unsetenv ("XDG_CONFIG_HOME");
  env = mc_source_env_new_from_environment ();
  g_assert_cmpstr (env->home, ==, "/tmp/mc-home-b");
  g_assert_cmpstr (env->config_home, ==, "/tmp/mc-home-b/.config");
  mc_source_env_free (env);

  /* A relative XDG_CONFIG_HOME is invalid and ignored (XDG base dirs). */
  g_setenv ("XDG_CONFIG_HOME", "relative/config", TRUE);
  env = mc_source_env_new_from_environment ();
  g_assert_cmpstr (env->config_home, ==, "/tmp/mc-home-b/.config");
  mc_source_env_free (env);

  if (old_home != NULL)
    g_setenv ("HOME", old_home, TRUE);
  if (old_config != NULL)
    g_setenv ("XDG_CONFIG_HOME", old_config, TRUE);
  else
    g_unsetenv ("XDG_CONFIG_HOME");
}

static void
test_problem_boxed (void)
{
  g_autoptr(McAccountProblem) problem = mc_account_problem_new ("msmtp", "/x/.msmtprc", "Broken.");
  g_autoptr(McAccountProblem) copy = NULL;

  g_assert_true (G_TYPE_IS_BOXED (MC_TYPE_ACCOUNT_PROBLEM));
  copy = g_boxed_copy (MC_TYPE_ACCOUNT_PROBLEM, problem);
  g_assert_true (copy != problem);
  g_assert_cmpstr (copy->source, ==, "msmtp");
  g_assert_cmpstr (copy->path, ==, "/x/.msmtprc");
  g_assert_cmpstr (copy->message, ==, "Broken.");
}

/* Names as mail programs store them: RFC 2047 encoded words in any
 * charset (ISO-2022-JP is common in Japan), quoted names, bare addresses. */
static void
test_mailboxes (void)
{
  static const struct { const char *in; const char *name; const char *address; } cases[] = {
    { "=?UTF-8?b?5bGx55SwIOWkqumDjg==?= <taro@example.jp>", "山田 太郎", "taro@example.jp" },
    { "=?ISO-2022-JP?B?GyRCOzNFRBsoQiAbJEJCQE86GyhC?= <taro@example.jp>", "山田 太郎",
      "taro@example.jp" },
    { "=?utf-8?q?Taro_=E5=B1=B1=E7=94=B0?= <t@example.jp>", "Taro 山田", "t@example.jp" },
    { "=?UTF-8?B?5bGx55Sw?= =?UTF-8?B?IOWkqumDjg==?= <taro@example.jp>", "山田 太郎",
      "taro@example.jp" },
    { "\"Yamada, Taro \\\"T\\\"\" <taro@example.jp>", "Yamada, Taro \"T\"", "taro@example.jp" },
    { "  担当@例え.jp  ", NULL, "担当@例え.jp" },
    { "=?x-unknown?B?AAAA?= <a@example.jp>", "=?x-unknown?B?AAAA?=", "a@example.jp" },
    { "Broken =?UTF-8?B?not closed <b@example.jp>", "Broken =?UTF-8?B?not closed", "b@example.jp" },
    { "<c@example.jp>", NULL, "c@example.jp" },
    { "", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *address = NULL;

      mc_source_split_mailbox (cases[i].in, &name, &address);
      g_test_message ("case %u: %s → %s / %s", i, cases[i].in, name, address);
      g_assert_cmpstr (name, ==, cases[i].name);
      g_assert_cmpstr (address, ==, cases[i].address);
    }
}

/* ---- Files that are not what they should be ---- */

static guint64
bytes_read_so_far (void)
{
  g_autofree char *io = NULL;
  const char *rchar;

  g_assert_true (g_file_get_contents ("/proc/self/io", &io, NULL, NULL));
  rchar = strstr (io, "rchar: ");
  g_assert_nonnull (rchar);
  return g_ascii_strtoull (rchar + strlen ("rchar: "), NULL, 10);
}

static McAccountProblem *
find_problem (Loaded     *loaded,
              const char *path)
{
  for (guint i = 0; i < loaded->problems->len; i++)
    {
      McAccountProblem *problem = g_ptr_array_index (loaded->problems, i);

      if (g_strcmp0 (problem->path, path) == 0)
        return problem;
    }
  g_error ("No problem for %s", path);
}

/* A 100 MB file is refused by its size, before a byte of it is read: the
 * process's read counter (/proc/self/io) grows by far less than that. */
static void
test_big_file (Home          *home,
               gconstpointer  data)
{
  g_autofree char *path = home_path (home, ".gitconfig");
  g_auto(Loaded) loaded = { 0 };
  McAccountProblem *problem;
  guint64 before, after;
  int fd;

  g_assert_cmpint (g_remove (path), ==, 0);
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "[sendemail]\n\tsmtpServer = big.example.jp\n", 40), ==, 40);
  /* Sparse: 100 MB that take no room on the disk. */
  g_assert_cmpint (ftruncate (fd, 100 * 1024 * 1024), ==, 0);
  close (fd);

  before = bytes_read_so_far ();
  load (&loaded, mc_source_git_load, home->env);
  after = bytes_read_so_far ();
  g_test_message ("read %" G_GUINT64_FORMAT " bytes while loading", after - before);
  g_assert_cmpuint (after - before, <, 4 * 1024 * 1024);

  problem = find_problem (&loaded, path);
  g_assert_nonnull (strstr (problem->message, path));
  g_assert_nonnull (strstr (problem->message, "too big"));
  /* The other file's identity still loads. */
  g_assert_nonnull (find_account (&loaded, "git:lists"));
  g_assert_null (find_account (&loaded, "git:default"));
}

static void
test_symlink_loop (Home          *home,
                   gconstpointer  data)
{
  g_autofree char *path = home_path (home, ".msmtprc");
  g_autofree char *other = home_path (home, ".msmtprc-other");
  g_auto(Loaded) loaded = { 0 };
  McAccountProblem *problem;

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (symlink (other, path), ==, 0);
  g_assert_cmpint (symlink (path, other), ==, 0);

  load (&loaded, mc_source_msmtp_load, home->env);
  problem = find_problem (&loaded, path);
  g_assert_nonnull (strstr (problem->message, path));
  g_assert_nonnull (strstr (problem->message, "symbolic link loop"));
  g_assert_nonnull (find_account (&loaded, "msmtp:config/isp"));
}

static void
test_unreadable_file (Home          *home,
                      gconstpointer  data)
{
  g_autofree char *path = home_path (home, ".config/msmtp/config");
  g_auto(Loaded) loaded = { 0 };

  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  load (&loaded, mc_source_msmtp_load, home->env);
  g_assert_nonnull (find_account (&loaded, "msmtp:msmtprc/work"));

  if (geteuid () == 0)
    {
      /* root reads any file whatever its mode, so the loader reads it too:
       * the permission problem cannot be made here. */
      g_test_message ("Running as root: chmod 000 does not stop reading, so the "
                      "“permission denied” problem is not checked.");
      g_assert_nonnull (find_account (&loaded, "msmtp:config/isp"));
      return;
    }

  {
    McAccountProblem *problem = find_problem (&loaded, path);

    g_assert_nonnull (strstr (problem->message, path));
    g_assert_nonnull (strstr (problem->message, "permission"));
    g_assert_null (find_account (&loaded, "msmtp:config/isp"));
  }
}

/* Empty files are no accounts, and no reason to stop. */
static void
test_empty_files (Home          *home,
                  gconstpointer  data)
{
  g_auto(Loaded) evolution = { 0 };
  g_auto(Loaded) thunderbird = { 0 };
  g_auto(Loaded) msmtp = { 0 };
  g_auto(Loaded) geary = { 0 };
  g_auto(Loaded) git = { 0 };
  g_autofree char *geary_ini = home_path (home, ".config/geary/account_02/geary.ini");

  home_write (home, EVO "3f6c1a9e2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f.1.source", "");
  home_write (home, TB, "");
  home_write (home, ".msmtprc", "");
  home_write (home, ".config/geary/account_02/geary.ini", "");
  home_write (home, ".gitconfig", "");

  load (&evolution, mc_source_evolution_load, home->env);
  g_assert_null (find_account (&evolution, evolution_accounts[1].id));
  g_assert_nonnull (find_account (&evolution, evolution_accounts[0].id));
  g_assert_cmpuint (evolution.problems->len, ==, 1);

  load (&thunderbird, mc_source_thunderbird_load, home->env);
  g_assert_cmpuint (thunderbird.accounts->len, ==, 0);
  g_assert_cmpuint (thunderbird.problems->len, ==, 1);

  load (&msmtp, mc_source_msmtp_load, home->env);
  g_assert_cmpuint (msmtp.accounts->len, ==, 1);
  g_assert_nonnull (find_account (&msmtp, "msmtp:config/isp"));

  /* Geary cannot use an empty file either: it says so. */
  load (&geary, mc_source_geary_load, home->env);
  g_assert_null (find_account (&geary, "geary:account_02"));
  g_assert_nonnull (find_account (&geary, "geary:account_01"));
  g_assert_nonnull (strstr (find_problem (&geary, geary_ini)->message, "sender_mailboxes"));

  load (&git, mc_source_git_load, home->env);
  g_assert_cmpuint (git.accounts->len, ==, 1);
  g_assert_nonnull (find_account (&git, "git:lists"));
}

static void
test_folder_instead_of_file (Home          *home,
                             gconstpointer  data)
{
  g_autofree char *gitconfig = home_path (home, ".gitconfig");
  g_autofree char *prefs = home_path (home, TB);
  g_auto(Loaded) git = { 0 };
  g_auto(Loaded) thunderbird = { 0 };

  home_remove (home, ".gitconfig");
  g_assert_cmpint (g_mkdir (gitconfig, 0700), ==, 0);
  home_remove (home, TB);
  g_assert_cmpint (g_mkdir (prefs, 0700), ==, 0);

  load (&git, mc_source_git_load, home->env);
  g_assert_nonnull (strstr (find_problem (&git, gitconfig)->message, "is a folder"));
  g_assert_nonnull (find_account (&git, "git:lists"));

  load (&thunderbird, mc_source_thunderbird_load, home->env);
  g_assert_nonnull (strstr (find_problem (&thunderbird, prefs)->message, "is a folder"));
  g_assert_cmpuint (thunderbird.accounts->len, ==, 0);
}

/* A named pipe where a file should be must not hang the loader. */
static void
test_fifo (Home          *home,
           gconstpointer  data)
{
  g_autofree char *path = home_path (home, ".msmtprc");
  g_auto(Loaded) loaded = { 0 };

  home_remove (home, ".msmtprc");
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  load (&loaded, mc_source_msmtp_load, home->env);
  g_assert_nonnull (strstr (find_problem (&loaded, path)->message, "not an ordinary file"));
  g_assert_nonnull (find_account (&loaded, "msmtp:config/isp"));
}

/* Text from the files goes into messages only made valid, without control
 * characters, and cut short. */
static void
test_untrusted_text (Home          *home,
                     gconstpointer  data)
{
  g_autofree char *path = home_path (home, ".msmtprc");
  g_autofree char *long_name = g_strnfill (500, 'x');
  g_autofree char *contents =
    g_strdup_printf ("account a\nhost h.example\n\x1b[2Jevil more\n%s on\n", long_name);
  g_auto(Loaded) loaded = { 0 };
  guint n_problems = 0;

  home_write (home, ".msmtprc", contents);
  load (&loaded, mc_source_msmtp_load, home->env);
  g_assert_nonnull (find_account (&loaded, "msmtp:msmtprc/a"));
  for (guint i = 0; i < loaded.problems->len; i++)
    {
      McAccountProblem *problem = g_ptr_array_index (loaded.problems, i);

      if (g_strcmp0 (problem->path, path) != 0)
        continue;
      n_problems++;
      g_assert_true (g_utf8_validate (problem->message, -1, NULL));
      g_assert_null (strchr (problem->message, '\x1b'));
      g_assert_cmpuint (g_utf8_strlen (problem->message, -1), <, 400);
    }
  /* The escape sequence and the long line, each an unknown command. */
  g_assert_cmpuint (n_problems, ==, 2);
}

/* A file with more accounts than any person has: the first thousand. */
static void
test_too_many_accounts (Home          *home,
                        gconstpointer  data)
{
  g_autoptr(GString) contents = g_string_new ("defaults\nauth off\n");
  g_autofree char *path = home_path (home, ".msmtprc");
  g_auto(Loaded) loaded = { 0 };

  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (contents, "account a%u\nhost smtp%u.example.jp\n", i, i);
  home_write (home, ".msmtprc", contents->str);
  load (&loaded, mc_source_msmtp_load, home->env);
  /* A thousand from ~/.msmtprc, and "isp" from the other file. */
  g_assert_cmpuint (loaded.accounts->len, ==, 1000 + 1);
  g_assert_nonnull (strstr (find_problem (&loaded, path)->message, "1000"));
}

/* ---- Never writing ---- */

typedef struct
{
  char   *path;
  gint64  mtime_ns;
  gint64  size;
  guint   mode;
  char   *digest;
} FileState;

static void
file_state_free (FileState *state)
{
  g_free (state->path);
  g_free (state->digest);
  g_free (state);
}

static void
snapshot_tree (const char *path,
               GPtrArray  *states)
{
  g_autoptr(GDir) dir = NULL;
  struct stat info;
  FileState *state;
  const char *name;

  g_assert_cmpint (lstat (path, &info), ==, 0);
  state = g_new0 (FileState, 1);
  state->path = g_strdup (path);
  state->mtime_ns = (gint64) info.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + info.st_mtim.tv_nsec;
  state->size = info.st_size;
  state->mode = info.st_mode;
  if (S_ISREG (info.st_mode))
    {
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      state->digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
    }
  g_ptr_array_add (states, state);

  if (!S_ISDIR (info.st_mode))
    return;
  dir = g_dir_open (path, 0, NULL);
  g_assert_nonnull (dir);
  {
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    while ((name = g_dir_read_name (dir)) != NULL)
      g_ptr_array_add (names, g_strdup (name));
    g_ptr_array_sort (names, compare_strings);
    for (guint i = 0; i < names->len; i++)
      {
        g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

        snapshot_tree (child, states);
      }
  }
}

static void
test_never_writes (Home          *home,
                   gconstpointer  data)
{
  static const McSourceLoadFunc loaders[] = {
    mc_source_evolution_load, mc_source_thunderbird_load, mc_source_msmtp_load,
    mc_source_geary_load, mc_source_git_load,
  };
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) file_state_free);
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func ((GDestroyNotify) file_state_free);
  gboolean read_only = geteuid () != 0;

  /* Where it can stop a write (not as root), the home is made read-only:
   * any attempt would then also fail loudly. */
  if (read_only)
    chmod_tree (home->env->home, FALSE);
  else
    g_test_message ("Running as root: the home cannot be made read-only; the before/after "
                    "comparison still applies.");

  snapshot_tree (home->env->home, before);
  for (guint i = 0; i < G_N_ELEMENTS (loaders); i++)
    {
      g_auto(Loaded) loaded = { 0 };
      g_autofree char *password = NULL;
      g_autofree char *msmtprc = home_path (home, ".msmtprc");

      load (&loaded, loaders[i], home->env);
      g_assert_cmpuint (loaded.accounts->len, >, 0);
      password = mc_source_read_file_password ("msmtp", msmtprc, "work", NULL);
      g_assert_nonnull (password);
    }
  snapshot_tree (home->env->home, after);

  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    {
      FileState *a = g_ptr_array_index (before, i);
      FileState *b = g_ptr_array_index (after, i);

      g_assert_cmpstr (a->path, ==, b->path);
      g_assert_cmpint (a->mode, ==, b->mode);
      g_assert_cmpint (a->size, ==, b->size);
      g_assert_cmpstr (a->digest, ==, b->digest);
      /* A folder's time changes when a file is made or removed in it. */
      g_assert_cmpint (a->mtime_ns, ==, b->mtime_ns);
    }
}

/* A cancelled load stops early and still returns cleanly. */
static void
test_cancelled (Home          *home,
                gconstpointer  data)
{
  static const McSourceLoadFunc loaders[] = {
    mc_source_evolution_load, mc_source_thunderbird_load, mc_source_msmtp_load,
    mc_source_geary_load, mc_source_git_load,
  };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (loaders); i++)
    {
      g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_account_problem_free);

      loaders[i] (home->env, accounts, problems, cancellable);
      g_assert_cmpuint (accounts->len, ==, 0);
    }
}

#define ADD_HOME_TEST(path, func) \
  g_test_add (path, Home, NULL, home_setup, func, home_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_HOME_TEST ("/account-sources/evolution", test_evolution);
  ADD_HOME_TEST ("/account-sources/thunderbird", test_thunderbird);
  ADD_HOME_TEST ("/account-sources/msmtp", test_msmtp);
  ADD_HOME_TEST ("/account-sources/geary", test_geary);
  ADD_HOME_TEST ("/account-sources/git", test_git);
  ADD_HOME_TEST ("/account-sources/file-passwords", test_file_passwords);
  g_test_add_func ("/account-sources/env-from-environment", test_env_from_environment);
  g_test_add_func ("/account-sources/problem-boxed", test_problem_boxed);
  g_test_add_func ("/account-sources/mailboxes", test_mailboxes);
  ADD_HOME_TEST ("/account-sources/big-file", test_big_file);
  ADD_HOME_TEST ("/account-sources/symlink-loop", test_symlink_loop);
  ADD_HOME_TEST ("/account-sources/unreadable-file", test_unreadable_file);
  ADD_HOME_TEST ("/account-sources/empty-files", test_empty_files);
  ADD_HOME_TEST ("/account-sources/folder-instead-of-file", test_folder_instead_of_file);
  ADD_HOME_TEST ("/account-sources/fifo", test_fifo);
  ADD_HOME_TEST ("/account-sources/untrusted-text", test_untrusted_text);
  ADD_HOME_TEST ("/account-sources/too-many-accounts", test_too_many_accounts);
  ADD_HOME_TEST ("/account-sources/never-writes", test_never_writes);
  ADD_HOME_TEST ("/account-sources/cancelled", test_cancelled);

  return g_test_run ();
}
