/* mc-source-git.c: the accounts of git send-email (~/.gitconfig, $XDG_CONFIG_HOME/git/config), read-only.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The syntax is git's (git-config(1), "CONFIGURATION FILE"): "[section]",
 * "[section "subsection"]" (and the old "[section.subsection]"), "key =
 * value" with case-insensitive section and key names, values with double
 * quotes, backslash escapes and line continuations, and "#" or ";"
 * comments. git send-email reads sendemail.smtpServer, smtpServerPort,
 * smtpEncryption, smtpUser, smtpPass and from, each overridden per
 * identity by [sendemail "IDENTITY"]; the address falls back to
 * user.email. Included files ([include], [includeIf]) are not followed:
 * their paths may depend on the repository, which is not known here.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-account-source.h"
#include "mc-source-private.h"

#define SOURCE "git"
/* Far more than any person's configuration. */
#define MAX_ENTRIES 20000
#define MAX_PROBLEMS_PER_FILE 20

typedef struct
{
  char  *section;      /* lower case */
  char  *subsection;   /* as written, or NULL */
  char  *name;         /* lower case */
  char  *value;        /* NULL for a bare key ("true"); wiped when freed */
  const char *path;    /* the file (borrowed from the GitConfig) */
  guint  line;
} GitEntry;

typedef struct
{
  GPtrArray *entries;  /* GitEntry, in reading order: the last one wins */
  GPtrArray *paths;    /* char *, the files read */
} GitConfig;

static void
git_entry_free (GitEntry *entry)
{
  g_free (entry->section);
  g_free (entry->subsection);
  g_free (entry->name);
  mc_source_wipe_string (entry->value);
  g_free (entry);
}

static GitConfig *
git_config_new (void)
{
  GitConfig *config = g_new0 (GitConfig, 1);

  config->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) git_entry_free);
  config->paths = g_ptr_array_new_with_free_func (g_free);
  return config;
}

static void
git_config_free (GitConfig *config)
{
  g_ptr_array_unref (config->entries);
  g_ptr_array_unref (config->paths);
  g_free (config);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GitConfig, git_config_free)

typedef struct
{
  const char *p;
  guint       line;
} Cursor;

static void
skip_to_next_line (Cursor *c)
{
  while (*c->p != '\0' && *c->p != '\n')
    c->p++;
  if (*c->p == '\n')
    {
      c->p++;
      c->line++;
    }
}

static gboolean
is_key_char (char ch)
{
  return g_ascii_isalnum (ch) || ch == '-';
}

/* "[section]", "[section "sub"]" or "[section.sub]"; on success the
 * cursor is after the "]". */
static gboolean
parse_section (Cursor  *c,
               char   **section,
               char   **subsection)
{
  GString *name = g_string_new (NULL);

  c->p++;  /* '[' */
  while (is_key_char (*c->p) || *c->p == '.')
    g_string_append_c (name, g_ascii_tolower (*c->p++));
  if (name->len == 0 || name->len > 256)
    {
      g_string_free (name, TRUE);
      return FALSE;
    }

  if (*c->p == ']')
    {
      char *dot = strchr (name->str, '.');

      c->p++;
      if (dot != NULL)
        {
          /* The old form: the subsection is lower case, as git makes it. */
          *subsection = g_strdup (dot + 1);
          g_string_truncate (name, dot - name->str);
        }
      else
        *subsection = NULL;
      *section = g_string_free (name, FALSE);
      return TRUE;
    }

  if (*c->p == ' ' || *c->p == '\t')
    {
      GString *sub = g_string_new (NULL);

      while (*c->p == ' ' || *c->p == '\t')
        c->p++;
      if (*c->p != '"')
        goto fail_sub;
      c->p++;
      while (*c->p != '"')
        {
          if (*c->p == '\0' || *c->p == '\n' || sub->len > 1024)
            goto fail_sub;
          if (*c->p == '\\' && c->p[1] != '\0' && c->p[1] != '\n')
            c->p++;
          g_string_append_c (sub, *c->p++);
        }
      c->p++;
      if (*c->p != ']')
        goto fail_sub;
      c->p++;
      *section = g_string_free (name, FALSE);
      *subsection = g_string_free (sub, FALSE);
      return TRUE;

    fail_sub:
      g_string_free (sub, TRUE);
    }

  g_string_free (name, TRUE);
  return FALSE;
}

/* A value up to the end of its (possibly continued) line. */
static gboolean
parse_value (Cursor  *c,
             char   **value)
{
  GString *out = g_string_new (NULL);
  gboolean quoted = FALSE;
  guint pending_space = 0;

  while (*c->p == ' ' || *c->p == '\t')
    c->p++;

  for (;;)
    {
      char ch = *c->p;

      if (out->len > MC_SOURCE_MAX_LINE)
        goto fail;
      if (ch == '\0' || ch == '\n')
        {
          if (quoted)
            goto fail;
          break;
        }
      c->p++;
      if (!quoted && (ch == '#' || ch == ';'))
        {
          while (*c->p != '\0' && *c->p != '\n')
            c->p++;
          break;
        }
      if (!quoted && (ch == ' ' || ch == '\t' || ch == '\r'))
        {
          /* Space inside a value is kept; at its end it is dropped. */
          if (out->len > 0)
            pending_space++;
          continue;
        }
      for (; pending_space > 0; pending_space--)
        g_string_append_c (out, ' ');
      if (ch == '"')
        {
          quoted = !quoted;
          continue;
        }
      if (ch == '\\')
        {
          char next = *c->p++;

          switch (next)
            {
            case '\n': c->line++; break;  /* a continued line */
            case 'n': g_string_append_c (out, '\n'); break;
            case 't': g_string_append_c (out, '\t'); break;
            case 'b': if (out->len > 0) g_string_truncate (out, out->len - 1); break;
            case '"': g_string_append_c (out, '"'); break;
            case '\\': g_string_append_c (out, '\\'); break;
            case '\r':
              if (*c->p == '\n')
                {
                  c->p++;
                  c->line++;
                  break;
                }
              goto fail;
            default:
              c->p--;
              goto fail;
            }
          continue;
        }
      g_string_append_c (out, ch);
    }

  *value = g_string_free (out, FALSE);
  return TRUE;

fail:
  explicit_bzero (out->str, out->len);
  g_string_free (out, TRUE);
  return FALSE;
}

/* Adds the entries of one file; returns whether it includes other files. */
static gboolean
git_parse (GitConfig    *config,
           const char   *path,
           const char   *contents,
           GPtrArray    *problems,
           GCancellable *cancellable)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *section = NULL;
  g_autofree char *subsection = NULL;
  const char *stored_path;
  gboolean has_include = FALSE;
  guint n_problems = 0;
  Cursor c = { contents, 1 };

  g_ptr_array_add (config->paths, g_strdup (path));
  stored_path = g_ptr_array_index (config->paths, config->paths->len - 1);

  while (*c.p != '\0')
    {
      guint line = c.line;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (*c.p == '\n')
        {
          c.p++;
          c.line++;
          continue;
        }
      if (g_ascii_isspace (*c.p))
        {
          c.p++;
          continue;
        }
      if (*c.p == '#' || *c.p == ';')
        {
          skip_to_next_line (&c);
          continue;
        }
      if (*c.p == '[')
        {
          g_clear_pointer (&section, g_free);
          g_clear_pointer (&subsection, g_free);
          if (parse_section (&c, &section, &subsection))
            {
              if (strcmp (section, "include") == 0 || strcmp (section, "includeif") == 0)
                has_include = TRUE;
              continue;
            }
          /* Nothing below belongs to a section we know. */
          g_clear_pointer (&section, g_free);
          g_clear_pointer (&subsection, g_free);
        }
      else if (g_ascii_isalpha (*c.p))
        {
          GString *name = g_string_new (NULL);
          char *value = NULL;
          gboolean ok;

          while (is_key_char (*c.p) && name->len < 256)
            g_string_append_c (name, g_ascii_tolower (*c.p++));
          while (*c.p == ' ' || *c.p == '\t')
            c.p++;
          if (*c.p == '=')
            {
              c.p++;
              ok = parse_value (&c, &value);
            }
          else
            ok = (*c.p == '\0' || *c.p == '\n' || *c.p == '\r' || *c.p == '#' || *c.p == ';');

          if (ok && section != NULL)
            {
              if (config->entries->len < MAX_ENTRIES)
                {
                  GitEntry *entry = g_new0 (GitEntry, 1);

                  entry->section = g_strdup (section);
                  entry->subsection = g_strdup (subsection);
                  entry->name = g_string_free (g_steal_pointer (&name), FALSE);
                  entry->value = g_steal_pointer (&value);
                  entry->path = stored_path;
                  entry->line = line;
                  g_ptr_array_add (config->entries, entry);
                }
              else
                mc_source_wipe_string (g_steal_pointer (&value));
              if (name != NULL)
                g_string_free (name, TRUE);
              skip_to_next_line (&c);
              continue;
            }
          mc_source_wipe_string (value);
          g_string_free (name, TRUE);
          if (ok)
            {
              /* A key before any section: git refuses it; it is ignored here. */
              skip_to_next_line (&c);
              continue;
            }
        }

      /* Not git's syntax: git itself would refuse the whole file; here the
       * line is left out and the rest still read. */
      n_problems++;
      if (n_problems <= MAX_PROBLEMS_PER_FILE)
        {
          g_autofree char *sentence =
            g_strdup_printf (_("Line %u of “%s” is not in git's settings format; it was ignored."),
                             line, display);

          mc_source_add_problem (problems, SOURCE, path, TRUE, sentence);
        }
      if (c.line == line)
        skip_to_next_line (&c);
    }

  return has_include;
}

/* The last value of section[.subsection].name, and the entry holding it. */
static GitEntry *
git_lookup (GitConfig  *config,
            const char *section,
            const char *subsection,
            const char *name)
{
  for (guint i = config->entries->len; i > 0; i--)
    {
      GitEntry *entry = g_ptr_array_index (config->entries, i - 1);

      if (strcmp (entry->section, section) == 0 &&
          g_strcmp0 (entry->subsection, subsection) == 0 &&
          strcmp (entry->name, name) == 0)
        return entry;
    }
  return NULL;
}

/* An identity's setting, else the general [sendemail] one. */
static GitEntry *
sendemail_lookup (GitConfig  *config,
                  const char *identity,
                  const char *name)
{
  GitEntry *entry = NULL;

  if (identity != NULL)
    entry = git_lookup (config, "sendemail", identity, name);
  if (entry == NULL)
    entry = git_lookup (config, "sendemail", NULL, name);
  return entry;
}

static const char *
entry_value (GitEntry *entry)
{
  if (entry == NULL)
    return NULL;
  return entry->value != NULL ? entry->value : "true";
}

static gboolean
git_bool (const char *value)
{
  return value != NULL && (g_ascii_strcasecmp (value, "true") == 0 ||
                           g_ascii_strcasecmp (value, "yes") == 0 ||
                           g_ascii_strcasecmp (value, "on") == 0 ||
                           strcmp (value, "1") == 0);
}

/* git send-email takes a number or a service name for the port. */
static guint16
parse_port (const char *text)
{
  static const struct { const char *name; guint16 port; } services[] = {
    { "smtp", 25 }, { "submission", 587 }, { "smtps", 465 }, { "ssmtp", 465 },
  };
  guint64 port;

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      if (g_ascii_strcasecmp (text, services[i].name) == 0)
        return services[i].port;
    }
  if (g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
    return (guint16) port;
  return 0;
}

static McAccount *
make_account (GitConfig  *config,
              const char *identity,
              GPtrArray  *problems)
{
  GitEntry *server_entry = sendemail_lookup (config, identity, "smtpserver");
  const char *server = entry_value (server_entry);
  const char *port_text = entry_value (sendemail_lookup (config, identity, "smtpserverport"));
  const char *encryption = entry_value (sendemail_lookup (config, identity, "smtpencryption"));
  const char *ssl = entry_value (sendemail_lookup (config, identity, "smtpssl"));
  const char *user = entry_value (sendemail_lookup (config, identity, "smtpuser"));
  const char *auth = entry_value (sendemail_lookup (config, identity, "smtpauth"));
  const char *from = entry_value (sendemail_lookup (config, identity, "from"));
  GitEntry *pass_entry = sendemail_lookup (config, identity, "smtppass");
  const char *user_name = entry_value (git_lookup (config, "user", NULL, "name"));
  const char *user_email = entry_value (git_lookup (config, "user", NULL, "email"));
  const char *label = identity != NULL ? identity : "default";
  g_autofree char *from_name = NULL;
  g_autofree char *from_address = NULL;
  McSecurity security = MC_SECURITY_NONE;
  McAccount *account;
  guint16 port = 0;

  /* No server: git send-email hands mail to a local sendmail program (or
   * to localhost), which is not a sending account to check. */
  if (server == NULL || *server == '\0')
    return NULL;
  if (server[0] == '/')
    {
      g_autofree char *display = g_filename_display_name (server_entry->path);
      g_autofree char *program = mc_source_clean_text (server, -1, MC_SOURCE_MAX_QUOTE);
      g_autofree char *sentence = NULL;

      if (identity != NULL)
        sentence = g_strdup_printf (_("In “%s”, the git send-email identity “%s” hands mail to the "
                                      "program “%s” instead of a sending server, so there is no "
                                      "server to check."), display, label, program);
      else
        sentence = g_strdup_printf (_("In “%s”, git send-email hands mail to the program “%s” "
                                      "instead of a sending server, so there is no server to "
                                      "check."), display, program);
      mc_source_add_problem (problems, SOURCE, server_entry->path, TRUE, sentence);
      return NULL;
    }

  if (encryption != NULL && g_ascii_strcasecmp (encryption, "tls") == 0)
    security = MC_SECURITY_STARTTLS;
  else if (encryption != NULL && g_ascii_strcasecmp (encryption, "ssl") == 0)
    security = MC_SECURITY_TLS;
  else if (encryption == NULL && git_bool (ssl))
    /* sendemail.smtpSSL, the old spelling of smtpEncryption = ssl. */
    security = MC_SECURITY_TLS;

  if (port_text != NULL)
    {
      port = parse_port (port_text);
      if (port == 0)
        {
          g_autofree char *display = g_filename_display_name (server_entry->path);
          g_autofree char *quoted = mc_source_clean_text (port_text, -1, MC_SOURCE_MAX_QUOTE);
          g_autofree char *sentence =
            g_strdup_printf (_("In “%s”, the git send-email port “%s” is not a port number; "
                               "git's standard port is assumed."), display, quoted);

          mc_source_add_problem (problems, SOURCE, server_entry->path, TRUE, sentence);
        }
    }
  /* git send-email's own defaults: 465 for ssl, 25 otherwise. */
  if (port == 0)
    port = security == MC_SECURITY_TLS ? 465 : 25;

  account = mc_source_account_new (SOURCE, label, server_entry->path);
  mc_account_set_host (account, server);
  mc_account_set_port (account, port);
  mc_account_set_security (account, security);
  mc_account_set_user (account, user != NULL && *user != '\0' ? user : NULL);

  mc_source_split_mailbox (from, &from_name, &from_address);
  mc_account_set_email (account, from_address != NULL ? from_address : user_email);
  if (from_name != NULL)
    mc_account_set_display_name (account, from_name);
  else if (user_name != NULL && *user_name != '\0')
    mc_account_set_display_name (account, user_name);
  else
    mc_account_set_display_name (account, label);

  if (auth != NULL && g_ascii_strcasecmp (auth, "none") == 0)
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_NONE);
  else if (user == NULL || *user == '\0')
    /* git send-email logs in only when a user is set. */
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_NONE);
  else if (auth != NULL && (g_ascii_strcasecmp (auth, "XOAUTH2") == 0 ||
                            g_ascii_strcasecmp (auth, "OAUTHBEARER") == 0))
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_OAUTH2);
  else if (pass_entry != NULL)
    {
      g_autofree char *key = pass_entry->subsection != NULL
                             ? g_strdup_printf ("sendemail.%s.smtppass", pass_entry->subsection)
                             : g_strdup ("sendemail.smtppass");

      mc_account_set_password_file (account, pass_entry->path, key);
    }
  else
    /* git asks, through its credential helpers, which are never run here. */
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_ASK);

  return account;
}

/* Reads the files in git's order: the XDG file first, then ~/.gitconfig,
 * whose settings win. */
static GitConfig *
read_config (const McSourceEnv *env,
             GPtrArray         *problems,
             GCancellable      *cancellable)
{
  GitConfig *config = git_config_new ();
  g_autofree char *xdg = g_build_filename (env->config_home, "git", "config", NULL);
  g_autofree char *home = g_build_filename (env->home, ".gitconfig", NULL);
  const char *paths[] = { xdg, home };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      char *contents = NULL;
      gsize length = 0;

      if (!mc_source_read_text_file (SOURCE, paths[i], &contents, &length, problems))
        continue;
      if (git_parse (config, paths[i], contents, problems, cancellable))
        {
          g_autofree char *display = g_filename_display_name (paths[i]);
          g_autofree char *sentence =
            g_strdup_printf (_("“%s” includes other files ([include]); Mail Checkup does not "
                               "read them, so git send-email settings kept there are not listed."),
                             display);

          mc_source_add_problem (problems, SOURCE, paths[i], TRUE, sentence);
        }
      explicit_bzero (contents, length);
      g_free (contents);
    }
  return config;
}

void
mc_source_git_load (const McSourceEnv *env,
                    GPtrArray         *accounts,
                    GPtrArray         *problems,
                    GCancellable      *cancellable)
{
  g_autoptr(GitConfig) config = NULL;
  g_autoptr(GPtrArray) identities = g_ptr_array_new ();
  const char *chosen;
  McAccount *account;

  g_return_if_fail (env != NULL);
  g_return_if_fail (accounts != NULL);
  g_return_if_fail (problems != NULL);

  config = read_config (env, problems, cancellable);
  if (g_cancellable_is_cancelled (cancellable))
    return;

  for (guint i = 0; i < config->entries->len; i++)
    {
      GitEntry *entry = g_ptr_array_index (config->entries, i);

      if (strcmp (entry->section, "sendemail") == 0 && entry->subsection != NULL &&
          !g_ptr_array_find_with_equal_func (identities, entry->subsection, g_str_equal, NULL))
        g_ptr_array_add (identities, entry->subsection);
    }

  /* sendemail.identity picks the identity used without --identity: then
   * "default" is that identity, listed once under its own name. */
  chosen = entry_value (git_lookup (config, "sendemail", NULL, "identity"));
  if (chosen == NULL || !g_ptr_array_find_with_equal_func (identities, chosen, g_str_equal, NULL))
    {
      account = make_account (config, NULL, problems);
      if (account != NULL)
        g_ptr_array_add (accounts, account);
    }

  for (guint i = 0; i < identities->len && i < MC_SOURCE_MAX_ACCOUNTS; i++)
    {
      account = make_account (config, g_ptr_array_index (identities, i), problems);
      if (account != NULL)
        g_ptr_array_add (accounts, account);
    }
}

char *
mc_source_git_read_password (const char  *path,
                             const char  *key,
                             GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_account_problem_free);
  g_autoptr(GitConfig) config = git_config_new ();
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *section = NULL;
  g_autofree char *subsection = NULL;
  const char *first_dot, *last_dot;
  GitEntry *entry;
  char *contents = NULL;
  gsize length = 0;

  if (key == NULL || (first_dot = strchr (key, '.')) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("No git setting is named for the password."));
      return NULL;
    }
  last_dot = strrchr (key, '.');
  section = g_ascii_strdown (key, first_dot - key);
  if (last_dot > first_dot)
    subsection = g_strndup (first_dot + 1, last_dot - first_dot - 1);

  if (!mc_source_read_text_file (SOURCE, path, &contents, &length, problems))
    {
      if (problems->len > 0)
        {
          McAccountProblem *problem = g_ptr_array_index (problems, 0);

          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, problem->message);
        }
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The git settings file “%s” is no longer there."), display);
      return NULL;
    }
  git_parse (config, path, contents, problems, NULL);
  explicit_bzero (contents, length);
  g_free (contents);

  {
    g_autofree char *name = g_ascii_strdown (last_dot + 1, -1);

    entry = git_lookup (config, section, subsection, name);
  }
  if (entry == NULL || entry->value == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The git settings file “%s” no longer has a password for git send-email."),
                   display);
      return NULL;
    }
  return g_strdup (entry->value);
}
