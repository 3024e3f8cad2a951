/* mc-source-msmtp.c: the accounts of msmtp (~/.msmtprc, $XDG_CONFIG_HOME/msmtp/config), read-only.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format (msmtp's manual, "Configuration files"): one command per line,
 * "# comment" lines, arguments optionally in double quotes with \" and \\.
 * "defaults" starts settings that every later account copies; "account
 * NAME" starts an account, and "account NAME : A,B" also copies accounts A
 * and B (defined earlier), in that order, before its own commands. A
 * password may be written in the file ("password"), made by a command
 * ("passwordeval", which is never run here), or kept in the Secret Service
 * under msmtp's schema.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-account-source.h"
#include "mc-source-private.h"

#define SOURCE "msmtp"
#define SECRET_SCHEMA "de.marlam.msmtp.password"
/* Enough to show what is wrong without burying the accounts that loaded. */
#define MAX_PROBLEMS_PER_FILE 20

/* Every command msmtp 1.8 knows; anything else is a mistake in the file. */
static const char * const known_commands[] = {
  "host", "port", "source_ip", "proxy_host", "proxy_port", "socket", "timeout",
  "connect_timeout", "protocol", "domain", "auth", "user", "password", "passwordeval",
  "ntlmdomain", "tls", "tls_starttls", "tls_trust_file", "tls_crl_file", "tls_fingerprint",
  "tls_key_file", "tls_cert_file", "tls_certcheck", "tls_nocertcheck", "tls_force_sslv3",
  "tls_min_dh_prime_bits", "tls_priorities", "tls_host_override", "from", "from_full_name",
  "allow_from_override", "dsn_notify", "dsn_return", "set_from_header", "set_date_header",
  "set_msgid_header", "remove_bcc_headers", "undisclosed_recipients", "logfile",
  "logfile_time_format", "syslog", "aliases", "auto_from", "maildomain",
  "add_missing_from_header", "add_missing_date_header", "keepbcc", "eval",
  NULL
};

typedef struct
{
  char       *name;
  GHashTable *settings;      /* command → argument; wiped when freed (passwords) */
  guint       line;
  guint       n_parents;
  gboolean    own_commands;  /* commands of its own after the "account" line */
} MsmtpAccount;

typedef struct
{
  GPtrArray  *accounts;      /* MsmtpAccount, in file order */
  GHashTable *by_name;       /* name → MsmtpAccount (borrowed) */
  guint       n_problems;
  gboolean    too_many;
} MsmtpFile;

static GHashTable *
settings_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) mc_source_wipe_string);
}

static void
settings_copy_into (GHashTable *to,
                    GHashTable *from)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (to, g_strdup (key), g_strdup (value));
}

static void
msmtp_account_free (MsmtpAccount *account)
{
  g_free (account->name);
  g_hash_table_unref (account->settings);
  g_free (account);
}

static void
msmtp_file_free (MsmtpFile *file)
{
  g_ptr_array_unref (file->accounts);
  g_hash_table_unref (file->by_name);
  g_free (file);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsmtpFile, msmtp_file_free)

static void
add_line_problem (MsmtpFile  *file,
                  GPtrArray  *problems,
                  const char *path,
                  const char *sentence)
{
  if (problems == NULL)
    return;
  file->n_problems++;
  if (file->n_problems <= MAX_PROBLEMS_PER_FILE)
    mc_source_add_problem (problems, SOURCE, path, TRUE, sentence);
}

/* The argument of a command: the rest of the line, or a double-quoted
 * string with \" and \\ escapes (msmtp keeps everything else as it is). */
static char *
parse_argument (const char *text)
{
  GString *out;

  while (g_ascii_isspace (*text))
    text++;
  if (*text != '"')
    return g_strchomp (g_strdup (text));

  out = g_string_new (NULL);
  for (const char *p = text + 1; *p != '\0' && *p != '"'; p++)
    {
      if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_known_command (const char *command)
{
  return g_strv_contains (known_commands, command);
}

/* Reads the whole file into accounts with their inherited settings
 * resolved, as msmtp does: an account copies the defaults as they are
 * when it starts, then the accounts it names. problems may be NULL. */
static MsmtpFile *
msmtp_parse (const char   *path,
             const char   *contents,
             GPtrArray    *problems,
             GCancellable *cancellable)
{
  MsmtpFile *file = g_new0 (MsmtpFile, 1);
  g_autoptr(GHashTable) defaults = settings_new ();
  g_autofree char *display = g_filename_display_name (path);
  GHashTable *current = defaults;
  MsmtpAccount *current_account = NULL;
  const char *line = contents;
  guint number = 0;

  file->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) msmtp_account_free);
  file->by_name = g_hash_table_new (g_str_hash, g_str_equal);

  while (line != NULL && *line != '\0')
    {
      const char *end = strchr (line, '\n');
      gsize length = end != NULL ? (gsize) (end - line) : strlen (line);
      g_autofree char *text = NULL;
      g_autofree char *argument = NULL;
      char *command, *p;

      number++;
      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (length > MC_SOURCE_MAX_LINE)
        {
          g_autofree char *sentence =
            g_strdup_printf (_("Line %u of “%s” is too long to be a setting; it was ignored."),
                             number, display);

          add_line_problem (file, problems, path, sentence);
          line = end != NULL ? end + 1 : NULL;
          continue;
        }
      text = g_strndup (line, length);
      line = end != NULL ? end + 1 : NULL;

      g_strstrip (text);
      if (*text == '\0' || *text == '#')
        {
          explicit_bzero (text, strlen (text));
          continue;
        }

      command = text;
      for (p = text; *p != '\0' && !g_ascii_isspace (*p); p++)
        ;
      argument = parse_argument (p);
      *p = '\0';

      if (strcmp (command, "defaults") == 0)
        {
          current = defaults;
          current_account = NULL;
        }
      else if (strcmp (command, "account") == 0)
        {
          g_auto(GStrv) parts = g_strsplit (argument, ":", 2);
          const char *name = parts[0] != NULL ? g_strstrip (parts[0]) : "";
          MsmtpAccount *account;

          current = NULL;
          current_account = NULL;
          if (*name == '\0')
            {
              g_autofree char *sentence =
                g_strdup_printf (_("Line %u of “%s” starts an account without a name; "
                                   "it was ignored."), number, display);

              add_line_problem (file, problems, path, sentence);
              continue;
            }
          if (g_hash_table_contains (file->by_name, name))
            {
              g_autofree char *quoted = mc_source_clean_text (name, -1, MC_SOURCE_MAX_QUOTE);
              g_autofree char *sentence =
                g_strdup_printf (_("Line %u of “%s” defines the account “%s” a second time; "
                                   "the second one was ignored."), number, display, quoted);

              add_line_problem (file, problems, path, sentence);
              continue;
            }
          if (file->accounts->len >= MC_SOURCE_MAX_ACCOUNTS)
            {
              file->too_many = TRUE;
              break;
            }

          account = g_new0 (MsmtpAccount, 1);
          account->name = g_strdup (name);
          account->line = number;
          account->settings = settings_new ();
          settings_copy_into (account->settings, defaults);

          if (parts[0] != NULL && parts[1] != NULL)
            {
              g_auto(GStrv) parents = g_strsplit (parts[1], ",", 0);

              for (guint i = 0; parents[i] != NULL; i++)
                {
                  const char *parent_name = g_strstrip (parents[i]);
                  MsmtpAccount *parent = g_hash_table_lookup (file->by_name, parent_name);

                  if (*parent_name == '\0')
                    continue;
                  account->n_parents++;
                  if (parent == NULL)
                    {
                      g_autofree char *quoted = mc_source_clean_text (name, -1, MC_SOURCE_MAX_QUOTE);
                      g_autofree char *quoted_parent =
                        mc_source_clean_text (parent_name, -1, MC_SOURCE_MAX_QUOTE);
                      g_autofree char *sentence =
                        g_strdup_printf (_("Line %u of “%s”: the account “%s” takes its settings "
                                           "from “%s”, which is not defined above it."),
                                         number, display, quoted, quoted_parent);

                      add_line_problem (file, problems, path, sentence);
                      continue;
                    }
                  settings_copy_into (account->settings, parent->settings);
                }
            }

          g_ptr_array_add (file->accounts, account);
          g_hash_table_insert (file->by_name, account->name, account);
          current = account->settings;
          current_account = account;
        }
      else if (is_known_command (command))
        {
          if (strcmp (command, "eval") == 0)
            {
              g_autofree char *sentence =
                g_strdup_printf (_("Line %u of “%s” runs a command (eval) to make its settings; "
                                   "Mail Checkup never runs commands from settings files, so "
                                   "what it would add is missing."), number, display);

              add_line_problem (file, problems, path, sentence);
            }
          else if (current != NULL)
            {
              g_hash_table_insert (current, g_strdup (command), g_steal_pointer (&argument));
              if (current_account != NULL)
                current_account->own_commands = TRUE;
            }
        }
      else
        {
          g_autofree char *quoted = mc_source_clean_text (command, -1, MC_SOURCE_MAX_QUOTE);
          g_autofree char *sentence =
            g_strdup_printf (_("Line %u of “%s” has the unknown command “%s”; it was ignored."),
                             number, display, quoted);

          add_line_problem (file, problems, path, sentence);
        }

      if (argument != NULL)
        explicit_bzero (argument, strlen (argument));
      explicit_bzero (text, length);
    }

  if (problems != NULL && file->n_problems > MAX_PROBLEMS_PER_FILE)
    {
      guint more = file->n_problems - MAX_PROBLEMS_PER_FILE;
      g_autofree char *sentence =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” has %u more mistake that is not listed.",
                                      "“%s” has %u more mistakes that are not listed.", more),
                         display, more);

      mc_source_add_problem (problems, SOURCE, path, TRUE, sentence);
    }
  if (problems != NULL && file->too_many)
    mc_source_add_too_many (problems, SOURCE, path);

  return file;
}

/* msmtp's on/off arguments; an empty argument means on. */
static gboolean
parse_switch (const char *value,
              gboolean    fallback)
{
  if (value == NULL)
    return fallback;
  if (*value == '\0' || g_ascii_strcasecmp (value, "on") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (value, "off") == 0)
    return FALSE;
  return fallback;
}

static McAccount *
make_account (MsmtpAccount *entry,
              const char   *path,
              const char   *kind,
              GPtrArray    *problems)
{
  GHashTable *s = entry->settings;
  const char *host = g_hash_table_lookup (s, "host");
  const char *port_text = g_hash_table_lookup (s, "port");
  const char *user = g_hash_table_lookup (s, "user");
  const char *from = g_hash_table_lookup (s, "from");
  const char *full_name = g_hash_table_lookup (s, "from_full_name");
  const char *auth = g_hash_table_lookup (s, "auth");
  const char *protocol = g_hash_table_lookup (s, "protocol");
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *quoted = mc_source_clean_text (entry->name, -1, MC_SOURCE_MAX_QUOTE);
  g_autofree char *key = g_strconcat (kind, "/", entry->name, NULL);
  gboolean tls = parse_switch (g_hash_table_lookup (s, "tls"), FALSE);
  gboolean starttls = parse_switch (g_hash_table_lookup (s, "tls_starttls"), TRUE);
  McSecurity security;
  McAccount *account;
  guint64 port = 0;

  /* LMTP delivers to a local mail store: not a sending account. */
  if (protocol != NULL && g_ascii_strcasecmp (protocol, "lmtp") == 0)
    return NULL;

  if (host == NULL || *host == '\0')
    {
      g_autofree char *sentence =
        g_strdup_printf (_("The account “%s” in “%s” has no sending server (host), so it was "
                           "left out."), quoted, display);

      mc_source_add_problem (problems, SOURCE, path, TRUE, sentence);
      return NULL;
    }

  if (!tls)
    security = MC_SECURITY_NONE;
  else if (starttls)
    security = MC_SECURITY_STARTTLS;
  else
    security = MC_SECURITY_TLS;

  if (port_text != NULL &&
      (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    {
      g_autofree char *quoted_port = mc_source_clean_text (port_text, -1, MC_SOURCE_MAX_QUOTE);
      g_autofree char *sentence =
        g_strdup_printf (_("The account “%s” in “%s” has the port “%s”, which is not a number "
                           "from 1 to 65535; msmtp's standard port is assumed."),
                         quoted, display, quoted_port);

      mc_source_add_problem (problems, SOURCE, path, TRUE, sentence);
      port = 0;
    }
  /* msmtp's own default, which differs from the submission port 587 that
   * other programs use: set explicitly, so that a checkup tests the port
   * msmtp really uses (and can say that 25 is often blocked). */
  if (port == 0)
    port = security == MC_SECURITY_TLS ? 465 : 25;

  account = mc_source_account_new (SOURCE, key, path);
  mc_account_set_host (account, host);
  mc_account_set_port (account, (guint16) port);
  mc_account_set_security (account, security);
  mc_account_set_user (account, user != NULL && *user != '\0' ? user : NULL);
  if (from != NULL && *from != '\0')
    mc_account_set_email (account, from);
  else if (user != NULL && strchr (user, '@') != NULL)
    mc_account_set_email (account, user);
  mc_account_set_display_name (account, full_name != NULL && *full_name != '\0' ? full_name
                                                                                : entry->name);

  {
    gboolean has_password = g_hash_table_contains (s, "password");
    gboolean has_eval = g_hash_table_contains (s, "passwordeval");
    g_autofree char *method = auth != NULL ? g_ascii_strdown (auth, -1) : NULL;

    if (method != NULL && strcmp (method, "off") == 0)
      mc_account_set_password_source (account, MC_PASSWORD_SOURCE_NONE);
    else if (method != NULL && (strcmp (method, "oauthbearer") == 0 ||
                                strcmp (method, "xoauth2") == 0))
      mc_account_set_password_source (account, MC_PASSWORD_SOURCE_OAUTH2);
    else if (method != NULL && (strcmp (method, "gssapi") == 0 ||
                                strcmp (method, "external") == 0))
      /* Kerberos tickets and client certificates: no password to find. */
      mc_account_set_password_source (account, MC_PASSWORD_SOURCE_NONE);
    else if (method == NULL && (user == NULL || *user == '\0') && !has_password && !has_eval)
      mc_account_set_password_source (account, MC_PASSWORD_SOURCE_NONE);
    else if (has_eval)
      /* msmtp runs passwordeval even when a password is also set (the
       * account may have inherited one): the command wins. */
      mc_account_set_password_source (account, MC_PASSWORD_SOURCE_COMMAND);
    else if (has_password)
      mc_account_set_password_file (account, path, entry->name);
    else if (user != NULL && *user != '\0')
      {
        /* As "msmtp --set-password" and "secret-tool store … host H service
         * smtp user U" both store it: the latter under the generic schema,
         * hence any schema matches. */
        g_autoptr(GHashTable) attributes =
          mc_source_attributes_new ("host", host, "service", "smtp", "user", user, NULL);

        mc_account_set_secret (account, SECRET_SCHEMA, attributes, TRUE);
      }
    else
      /* Without a user name msmtp cannot look the password up: it asks. */
      mc_account_set_password_source (account, MC_PASSWORD_SOURCE_ASK);
  }

  return account;
}

static void
load_file (const char   *path,
           const char   *kind,
           GPtrArray    *accounts,
           GPtrArray    *problems,
           GCancellable *cancellable)
{
  g_autoptr(MsmtpFile) file = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!mc_source_read_text_file (SOURCE, path, &contents, &length, problems))
    return;
  file = msmtp_parse (path, contents, problems, cancellable);
  explicit_bzero (contents, length);
  g_free (contents);

  for (guint i = 0; i < file->accounts->len; i++)
    {
      MsmtpAccount *entry = g_ptr_array_index (file->accounts, i);
      McAccount *account;

      if (g_cancellable_is_cancelled (cancellable))
        return;
      /* "account default : work" only names the account msmtp uses when
       * none is chosen: the same account, not another one. */
      if (strcmp (entry->name, "default") == 0 && entry->n_parents == 1 && !entry->own_commands)
        continue;
      account = make_account (entry, path, kind, problems);
      if (account != NULL)
        g_ptr_array_add (accounts, account);
    }
}

void
mc_source_msmtp_load (const McSourceEnv *env,
                      GPtrArray         *accounts,
                      GPtrArray         *problems,
                      GCancellable      *cancellable)
{
  g_autofree char *rc = NULL;
  g_autofree char *xdg = NULL;

  g_return_if_fail (env != NULL);
  g_return_if_fail (accounts != NULL);
  g_return_if_fail (problems != NULL);

  rc = g_build_filename (env->home, ".msmtprc", NULL);
  xdg = g_build_filename (env->config_home, "msmtp", "config", NULL);
  load_file (rc, "msmtprc", accounts, problems, cancellable);
  load_file (xdg, "config", accounts, problems, cancellable);
}

char *
mc_source_msmtp_read_password (const char  *path,
                               const char  *account_name,
                               GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_account_problem_free);
  g_autoptr(MsmtpFile) file = NULL;
  g_autofree char *display = g_filename_display_name (path);
  MsmtpAccount *entry;
  const char *password;
  char *contents = NULL;
  gsize length = 0;

  if (!mc_source_read_text_file (SOURCE, path, &contents, &length, problems))
    {
      if (problems->len > 0)
        {
          McAccountProblem *problem = g_ptr_array_index (problems, 0);

          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, problem->message);
        }
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The msmtp settings file “%s” is no longer there."), display);
      return NULL;
    }
  file = msmtp_parse (path, contents, NULL, NULL);
  explicit_bzero (contents, length);
  g_free (contents);

  entry = account_name != NULL ? g_hash_table_lookup (file->by_name, account_name) : NULL;
  password = entry != NULL ? g_hash_table_lookup (entry->settings, "password") : NULL;
  /* With passwordeval, msmtp would use the command's output instead. */
  if (password == NULL || g_hash_table_contains (entry->settings, "passwordeval"))
    {
      g_autofree char *quoted = mc_source_clean_text (account_name, -1, MC_SOURCE_MAX_QUOTE);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The msmtp account “%s” in “%s” no longer has a password."), quoted, display);
      return NULL;
    }
  return g_strdup (password);
}
