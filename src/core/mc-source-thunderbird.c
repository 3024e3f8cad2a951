/* mc-source-thunderbird.c: the sending accounts of Thunderbird (profiles.ini, prefs.js), read-only.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * profiles.ini lists the profiles ([ProfileN] Path, IsRelative, Name); each
 * profile's prefs.js holds lines user_pref("name", value); with a string in
 * JavaScript's syntax (\uXXXX escapes and all), a number or a boolean.
 * mail.accountmanager.accounts lists the accounts, mail.account.X.identities
 * their identities, whose mail.identity.Y.smtpServer (or
 * mail.smtp.defaultserver) names an outgoing server mail.smtpserver.Z.*:
 * hostname, port (0: the standard one), try_ssl (0 none, 1 and 2
 * STARTTLS, 3 SSL/TLS), authMethod (1 none, 10 OAuth2, others a password),
 * username. Thunderbird keeps passwords in its own encrypted store
 * (logins.json, key4.db), which is never opened here: they are asked for.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-account-source.h"
#include "mc-source-private.h"

#define SOURCE "thunderbird"
#define MAX_PROFILES 100
/* A big profile has a few thousand preferences. */
#define MAX_PREFS 100000
#define MAX_PROBLEMS_PER_FILE 20

typedef enum
{
  PREF_STRING,
  PREF_INT,
  PREF_BOOL,
} PrefType;

typedef struct
{
  PrefType type;
  char    *string;
  gint64   number;
} Pref;

static void
pref_free (Pref *pref)
{
  g_free (pref->string);
  g_free (pref);
}

typedef struct
{
  const char *p;
  guint       line;
} Scanner;

static void
skip_space_and_comments (Scanner *s)
{
  for (;;)
    {
      if (*s->p == '\n')
        {
          s->line++;
          s->p++;
        }
      else if (g_ascii_isspace (*s->p))
        s->p++;
      else if (*s->p == '#' || (s->p[0] == '/' && s->p[1] == '/'))
        {
          while (*s->p != '\0' && *s->p != '\n')
            s->p++;
        }
      else if (s->p[0] == '/' && s->p[1] == '*')
        {
          s->p += 2;
          while (*s->p != '\0' && !(s->p[0] == '*' && s->p[1] == '/'))
            {
              if (*s->p == '\n')
                s->line++;
              s->p++;
            }
          if (*s->p != '\0')
            s->p += 2;
        }
      else
        return;
    }
}

static gboolean
read_hex (const char *p,
          guint       digits,
          gunichar   *value)
{
  *value = 0;
  for (guint i = 0; i < digits; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return FALSE;
      *value = *value * 16 + g_ascii_xdigit_value (p[i]);
    }
  return TRUE;
}

/* A JavaScript string literal in single or double quotes. */
static char *
scan_string (Scanner *s)
{
  GString *out = g_string_new (NULL);
  char quote = *s->p++;

  while (*s->p != quote)
    {
      char ch = *s->p;

      if (ch == '\0' || ch == '\n' || out->len > MC_SOURCE_MAX_LINE)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      s->p++;
      if (ch != '\\')
        {
          g_string_append_c (out, ch);
          continue;
        }

      ch = *s->p;
      if (ch == '\0' || ch == '\n')
        goto fail;
      s->p++;
      switch (ch)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'x':
          {
            gunichar c;

            if (!read_hex (s->p, 2, &c))
              goto fail;
            s->p += 2;
            g_string_append_unichar (out, c);
          }
          break;
        case 'u':
          {
            gunichar c, low;

            if (!read_hex (s->p, 4, &c))
              goto fail;
            s->p += 4;
            /* Characters beyond the first plane come as a surrogate pair. */
            if (c >= 0xD800 && c <= 0xDBFF && s->p[0] == '\\' && s->p[1] == 'u' &&
                read_hex (s->p + 2, 4, &low) && low >= 0xDC00 && low <= 0xDFFF)
              {
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                s->p += 6;
              }
            if (!g_unichar_validate (c) || c == 0)
              c = 0xFFFD;
            g_string_append_unichar (out, c);
          }
          break;
        default:
          /* \" \' \\ and any other escaped character stand for themselves. */
          g_string_append_c (out, ch);
          break;
        }
    }
  s->p++;
  return g_string_free (out, FALSE);

fail:
  g_string_free (out, TRUE);
  return NULL;
}

/* Moves past ch when it comes next (never past the end of the text). */
static gboolean
expect (Scanner *s,
        char     ch)
{
  if (*s->p != ch)
    return FALSE;
  s->p++;
  return TRUE;
}

/* One pref-setting statement; FALSE when it is not one. */
static gboolean
scan_statement (Scanner    *s,
                GHashTable *prefs)
{
  static const char * const functions[] = { "user_pref", "pref", "sticky_pref", "lock_pref", NULL };
  g_autofree char *function = NULL;
  g_autofree char *name = NULL;
  Pref *pref;
  const char *start = s->p;

  while (g_ascii_isalnum (*s->p) || *s->p == '_')
    s->p++;
  function = g_strndup (start, s->p - start);
  if (!g_strv_contains (functions, function))
    return FALSE;

  skip_space_and_comments (s);
  if (!expect (s, '('))
    return FALSE;
  skip_space_and_comments (s);
  if (*s->p != '"' && *s->p != '\'')
    return FALSE;
  name = scan_string (s);
  if (name == NULL)
    return FALSE;
  skip_space_and_comments (s);
  if (!expect (s, ','))
    return FALSE;
  skip_space_and_comments (s);

  pref = g_new0 (Pref, 1);
  if (*s->p == '"' || *s->p == '\'')
    {
      pref->type = PREF_STRING;
      pref->string = scan_string (s);
      if (pref->string == NULL)
        goto fail;
    }
  else if (g_str_has_prefix (s->p, "true") || g_str_has_prefix (s->p, "false"))
    {
      pref->type = PREF_BOOL;
      pref->number = *s->p == 't';
      s->p += pref->number ? 4 : 5;
    }
  else if (*s->p == '-' || *s->p == '+' || g_ascii_isdigit (*s->p))
    {
      char *end = NULL;

      pref->type = PREF_INT;
      pref->number = g_ascii_strtoll (s->p, &end, 10);
      if (end == s->p)
        goto fail;
      s->p = end;
    }
  else
    goto fail;

  skip_space_and_comments (s);
  /* pref() may have attributes after the value ("sticky", "locked"). */
  while (*s->p == ',')
    {
      s->p++;
      skip_space_and_comments (s);
      while (g_ascii_isalnum (*s->p) || *s->p == '_')
        s->p++;
      skip_space_and_comments (s);
    }
  if (!expect (s, ')'))
    goto fail;
  skip_space_and_comments (s);
  if (!expect (s, ';'))
    goto fail;

  if (g_hash_table_size (prefs) < MAX_PREFS)
    g_hash_table_insert (prefs, g_steal_pointer (&name), pref);
  else
    pref_free (pref);
  return TRUE;

fail:
  pref_free (pref);
  return FALSE;
}

static GHashTable *
parse_prefs (const char   *path,
             const char   *contents,
             GPtrArray    *problems,
             GCancellable *cancellable)
{
  GHashTable *prefs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) pref_free);
  g_autofree char *display = g_filename_display_name (path);
  Scanner s = { contents, 1 };
  guint n_problems = 0;

  for (;;)
    {
      guint line;

      skip_space_and_comments (&s);
      if (*s.p == '\0' || g_cancellable_is_cancelled (cancellable))
        break;
      line = s.line;
      if (scan_statement (&s, prefs))
        continue;

      n_problems++;
      if (n_problems <= MAX_PROBLEMS_PER_FILE)
        {
          g_autofree char *sentence =
            g_strdup_printf (_("Line %u of “%s” could not be understood; it was ignored."),
                             line, display);

          mc_source_add_problem (problems, SOURCE, path, TRUE, sentence);
        }
      /* Start again on the next line. */
      while (*s.p != '\0' && s.line == line && *s.p != '\n')
        s.p++;
    }
  return prefs;
}

static const char *
pref_string (GHashTable *prefs,
             const char *name)
{
  Pref *pref = g_hash_table_lookup (prefs, name);

  if (pref == NULL || pref->type != PREF_STRING || *pref->string == '\0')
    return NULL;
  return pref->string;
}

static gint64
pref_int (GHashTable *prefs,
          const char *name,
          gint64      fallback)
{
  Pref *pref = g_hash_table_lookup (prefs, name);

  if (pref == NULL)
    return fallback;
  if (pref->type == PREF_INT)
    return pref->number;
  /* Some old profiles keep numbers as strings. */
  if (pref->type == PREF_STRING)
    {
      gint64 value;

      if (g_ascii_string_to_signed (pref->string, 10, G_MININT32, G_MAXINT32, &value, NULL))
        return value;
    }
  return fallback;
}

static char *
prefs_key (const char *prefix,
           const char *item,
           const char *name)
{
  return g_strconcat (prefix, item, ".", name, NULL);
}

static void
add_identity_problem (GPtrArray  *problems,
                      const char *path,
                      const char *address,
                      const char *what)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *quoted = mc_source_clean_text (address, -1, MC_SOURCE_MAX_QUOTE);
  /* Translators: first %s is an e-mail address, the second a file, the
   * third one of the sentences that follow ("its outgoing server is not
   * set"…). */
  g_autofree char *sentence = g_strdup_printf (_("The Thunderbird identity “%s” (in “%s”) was "
                                                 "left out: %s."), quoted, display, what);

  mc_source_add_problem (problems, SOURCE, path, TRUE, sentence);
}

static McAccount *
make_account (GHashTable *prefs,
              const char *profile_name,
              const char *identity,
              const char *path,
              GPtrArray  *problems)
{
  g_autofree char *email_key = prefs_key ("mail.identity.", identity, "useremail");
  g_autofree char *name_key = prefs_key ("mail.identity.", identity, "fullName");
  g_autofree char *smtp_key = prefs_key ("mail.identity.", identity, "smtpServer");
  g_autofree char *host_key = NULL;
  g_autofree char *port_key = NULL;
  g_autofree char *ssl_key = NULL;
  g_autofree char *auth_key = NULL;
  g_autofree char *user_key = NULL;
  g_autofree char *id = NULL;
  g_auto(GStrv) servers = NULL;
  const char *email = pref_string (prefs, email_key);
  const char *full_name = pref_string (prefs, name_key);
  const char *server = pref_string (prefs, smtp_key);
  const char *host;
  gint64 port, try_ssl, auth_method;
  McSecurity security;
  McAccount *account;

  /* Feeds and Local Folders have identities without an address. */
  if (email == NULL)
    return NULL;

  if (server == NULL)
    server = pref_string (prefs, "mail.smtp.defaultserver");
  if (server == NULL && pref_string (prefs, "mail.smtpservers") != NULL)
    {
      /* Without a chosen default, Thunderbird takes the first server. */
      servers = g_strsplit (pref_string (prefs, "mail.smtpservers"), ",", 2);
      g_strstrip (servers[0]);
      if (*servers[0] != '\0')
        server = servers[0];
    }
  if (server == NULL)
    {
      add_identity_problem (problems, path, email, _("no outgoing server (SMTP) is chosen for it"));
      return NULL;
    }

  host_key = prefs_key ("mail.smtpserver.", server, "hostname");
  port_key = prefs_key ("mail.smtpserver.", server, "port");
  ssl_key = prefs_key ("mail.smtpserver.", server, "try_ssl");
  auth_key = prefs_key ("mail.smtpserver.", server, "authMethod");
  user_key = prefs_key ("mail.smtpserver.", server, "username");
  host = pref_string (prefs, host_key);
  if (host == NULL)
    {
      add_identity_problem (problems, path, email,
                            _("the outgoing server (SMTP) it uses has no server name"));
      return NULL;
    }

  port = pref_int (prefs, port_key, 0);
  try_ssl = pref_int (prefs, ssl_key, 0);
  /* Thunderbird's default for outgoing servers: a normal password. */
  auth_method = pref_int (prefs, auth_key, 3);

  if (try_ssl == 3)
    security = MC_SECURITY_TLS;
  else if (try_ssl == 1 || try_ssl == 2)
    security = MC_SECURITY_STARTTLS;
  else
    security = MC_SECURITY_NONE;

  id = g_strconcat (profile_name, "/", identity, NULL);
  account = mc_source_account_new (SOURCE, id, path);
  mc_account_set_email (account, email);
  mc_account_set_display_name (account, full_name != NULL ? full_name : email);
  mc_account_set_host (account, host);
  /* 0 (or none) is "the standard port for the security": left at 0. */
  mc_account_set_port (account, port > 0 && port <= 65535 ? (guint16) port : 0);
  mc_account_set_security (account, security);
  mc_account_set_user (account, pref_string (prefs, user_key));

  if (auth_method == 1)
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_NONE);
  else if (auth_method == 10)
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_OAUTH2);
  else
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_ASK);
  return account;
}

static void
load_profile (const char   *profile_dir,
              GPtrArray    *accounts,
              GPtrArray    *problems,
              GCancellable *cancellable)
{
  g_autofree char *path = g_build_filename (profile_dir, "prefs.js", NULL);
  g_autofree char *profile_name = g_path_get_basename (profile_dir);
  g_autofree char *contents = NULL;
  g_autoptr(GHashTable) prefs = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) account_keys = NULL;
  guint added = 0;

  if (!mc_source_read_text_file (SOURCE, path, &contents, NULL, problems))
    return;
  prefs = parse_prefs (path, contents, problems, cancellable);

  if (pref_string (prefs, "mail.accountmanager.accounts") == NULL)
    return;
  account_keys = g_strsplit (pref_string (prefs, "mail.accountmanager.accounts"), ",", 0);
  for (guint i = 0; account_keys[i] != NULL; i++)
    {
      g_autofree char *ids_key = prefs_key ("mail.account.", g_strstrip (account_keys[i]),
                                            "identities");
      g_auto(GStrv) identities = NULL;

      if (pref_string (prefs, ids_key) == NULL)
        continue;
      identities = g_strsplit (pref_string (prefs, ids_key), ",", 0);
      for (guint j = 0; identities[j] != NULL; j++)
        {
          const char *identity = g_strstrip (identities[j]);
          McAccount *account;

          if (g_cancellable_is_cancelled (cancellable))
            return;
          /* An identity shared by two accounts is one sending account. */
          if (*identity == '\0' || g_hash_table_contains (seen, identity))
            continue;
          g_hash_table_add (seen, g_strdup (identity));
          if (added == MC_SOURCE_MAX_ACCOUNTS)
            {
              mc_source_add_too_many (problems, SOURCE, path);
              return;
            }
          account = make_account (prefs, profile_name, identity, path, problems);
          if (account != NULL)
            {
              g_ptr_array_add (accounts, account);
              added++;
            }
        }
    }
}

static void
load_root (const char   *root,
           GHashTable   *seen_profiles,
           GPtrArray    *accounts,
           GPtrArray    *problems,
           GCancellable *cancellable)
{
  g_autofree char *ini = g_build_filename (root, "profiles.ini", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  gsize length = 0;
  guint n_profiles = 0;

  if (!mc_source_read_text_file (SOURCE, ini, &contents, &length, problems))
    return;
  if (!g_key_file_load_from_data (keys, contents, length, G_KEY_FILE_NONE, &error))
    {
      g_autofree char *display = g_filename_display_name (ini);
      g_autofree char *detail = mc_source_clean_text (error->message, -1, MC_SOURCE_MAX_QUOTE);
      g_autofree char *sentence =
        g_strdup_printf (_("The Thunderbird profile list “%s” is damaged and was not read (%s)."),
                         display, detail);

      mc_source_add_problem (problems, SOURCE, ini, FALSE, sentence);
      return;
    }

  groups = g_key_file_get_groups (keys, NULL);
  for (guint i = 0; groups[i] != NULL && n_profiles < MAX_PROFILES; i++)
    {
      g_autofree char *profile_path = NULL;
      g_autofree char *dir = NULL;
      g_autoptr(GError) relative_error = NULL;
      gboolean relative;

      if (g_cancellable_is_cancelled (cancellable))
        return;
      if (!g_str_has_prefix (groups[i], "Profile"))
        continue;
      profile_path = g_key_file_get_string (keys, groups[i], "Path", NULL);
      if (profile_path == NULL || *profile_path == '\0')
        continue;
      relative = g_key_file_get_boolean (keys, groups[i], "IsRelative", &relative_error);
      if (relative_error != NULL)
        relative = !g_path_is_absolute (profile_path);
      dir = relative ? g_canonicalize_filename (profile_path, root)
                     : g_canonicalize_filename (profile_path, NULL);
      n_profiles++;
      /* The same profile listed twice (or by two installations) once. */
      if (g_hash_table_contains (seen_profiles, dir))
        continue;
      g_hash_table_add (seen_profiles, g_strdup (dir));
      load_profile (dir, accounts, problems, cancellable);
    }
}

void
mc_source_thunderbird_load (const McSourceEnv *env,
                            GPtrArray         *accounts,
                            GPtrArray         *problems,
                            GCancellable      *cancellable)
{
  /* The usual installation, then the Flatpak (both of its ids over the
   * years) and the Snap, which keep their own copies of the folder. */
  static const char * const roots[][5] = {
    { ".thunderbird", NULL },
    { ".var", "app", "org.mozilla.Thunderbird", ".thunderbird", NULL },
    { ".var", "app", "net.thunderbird.Thunderbird", ".thunderbird", NULL },
    { "snap", "thunderbird", "common", ".thunderbird", NULL },
  };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_if_fail (env != NULL);
  g_return_if_fail (accounts != NULL);
  g_return_if_fail (problems != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autofree char *tail = g_build_filenamev ((char **) roots[i]);
      g_autofree char *root = g_build_filename (env->home, tail, NULL);

      if (g_cancellable_is_cancelled (cancellable))
        return;
      load_root (root, seen, accounts, problems, cancellable);
    }
}
