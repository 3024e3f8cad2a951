/* mc-source-geary.c: the accounts of Geary ($XDG_CONFIG_HOME/geary/FOLDER/geary.ini), read-only.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One folder per account ("account_01", or "goa_…" for accounts of GNOME
 * Online Accounts), each with a key file geary.ini. Version 1 (Geary 3.32
 * and later; [Metadata] version=1) has [Account] sender_mailboxes (the
 * first is the primary address, "Name <address>") and service_provider
 * ("gmail", "outlook" or "other"), and [Incoming] / [Outgoing] with host,
 * port, transport_security ("none", "start-tls", "transport"), credentials
 * ("none", "use-incoming", "custom"), login and remember_password; the
 * server settings are only written for "other", the others having Geary's
 * built-in ones. Older files have one [AccountInformation] group with
 * smtp_* keys. Geary keeps passwords in the Secret Service under its schema
 * with the attributes proto ("IMAP" or "SMTP"), host and login; an outgoing
 * server that uses the incoming credentials uses the IMAP item.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-account-source.h"
#include "mc-source-private.h"

#define SOURCE "geary"
#define SECRET_SCHEMA "org.gnome.Geary"
#define MAX_FOLDERS 1000

typedef enum
{
  CREDENTIALS_NONE,
  CREDENTIALS_USE_INCOMING,
  CREDENTIALS_CUSTOM,
} Credentials;

/* What Geary knows of an account, whichever format it came from. */
typedef struct
{
  char        *name;
  char        *address;
  char        *label;
  char        *provider;        /* "gmail", "outlook", "other" */
  gboolean     goa;
  char        *smtp_host;
  gint         smtp_port;
  McSecurity   smtp_security;
  Credentials  smtp_credentials;
  char        *smtp_login;
  gboolean     smtp_remember;
  char        *imap_host;
  char        *imap_login;
  gboolean     imap_remember;
} GearyAccount;

static void
geary_account_clear (GearyAccount *account)
{
  g_free (account->name);
  g_free (account->address);
  g_free (account->label);
  g_free (account->provider);
  g_free (account->smtp_host);
  g_free (account->smtp_login);
  g_free (account->imap_host);
  g_free (account->imap_login);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GearyAccount, geary_account_clear)

static char *
get_string (GKeyFile   *keys,
            const char *group,
            const char *key)
{
  char *value = g_key_file_get_string (keys, group, key, NULL);

  if (value != NULL)
    g_strstrip (value);
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static gboolean
get_bool (GKeyFile   *keys,
          const char *group,
          const char *key,
          gboolean    fallback)
{
  g_autoptr(GError) error = NULL;
  gboolean value = g_key_file_get_boolean (keys, group, key, &error);

  return error != NULL ? fallback : value;
}

/* The settings Geary builds in for the providers it knows. */
static void
apply_provider_defaults (GearyAccount *account)
{
  if (g_strcmp0 (account->provider, "gmail") == 0)
    {
      g_free (account->smtp_host);
      account->smtp_host = g_strdup ("smtp.gmail.com");
      account->smtp_port = 465;
      account->smtp_security = MC_SECURITY_TLS;
      account->smtp_credentials = CREDENTIALS_USE_INCOMING;
      g_free (account->imap_host);
      account->imap_host = g_strdup ("imap.gmail.com");
    }
  else if (g_strcmp0 (account->provider, "outlook") == 0)
    {
      g_free (account->smtp_host);
      account->smtp_host = g_strdup ("smtp-mail.outlook.com");
      account->smtp_port = 587;
      account->smtp_security = MC_SECURITY_STARTTLS;
      account->smtp_credentials = CREDENTIALS_USE_INCOMING;
      g_free (account->imap_host);
      account->imap_host = g_strdup ("imap-mail.outlook.com");
    }
}

static void
add_account_problem (GPtrArray  *problems,
                     const char *path,
                     const char *what)
{
  g_autofree char *display = g_filename_display_name (path);
  /* Translators: first %s is a file, the second one of the sentences that
   * follow ("its sending server is not set"…). */
  g_autofree char *sentence = g_strdup_printf (_("The Geary account in “%s” was left out: %s."),
                                               display, what);

  mc_source_add_problem (problems, SOURCE, path, FALSE, sentence);
}

static void
add_missing_key_problem (GPtrArray  *problems,
                         const char *path,
                         const char *group,
                         const char *key)
{
  g_autofree char *setting = g_strdup_printf ("[%s] %s", group, key);
  /* Translators: %s is a setting as it is written in the file, e.g.
   * "[Outgoing] host". */
  g_autofree char *what = g_strdup_printf (_("the setting “%s” is missing"), setting);

  add_account_problem (problems, path, what);
}

/* Geary does not write the provider of an account of GNOME Online
 * Accounts: the two it has built-in settings for are known by address. */
static char *
guess_goa_provider (const char *address)
{
  static const struct { const char *domain; const char *provider; } known[] = {
    { "gmail.com", "gmail" }, { "googlemail.com", "gmail" },
    { "outlook.com", "outlook" }, { "hotmail.com", "outlook" }, { "live.com", "outlook" },
  };
  const char *at = strrchr (address, '@');

  for (guint i = 0; at != NULL && i < G_N_ELEMENTS (known); i++)
    {
      if (g_ascii_strcasecmp (at + 1, known[i].domain) == 0)
        return g_strdup (known[i].provider);
    }
  return NULL;
}

/* Version 1: [Account], [Incoming], [Outgoing]. */
static gboolean
read_v1 (GKeyFile     *keys,
         const char   *path,
         GearyAccount *account,
         GPtrArray    *problems)
{
  g_auto(GStrv) senders = g_key_file_get_string_list (keys, "Account", "sender_mailboxes", NULL, NULL);
  g_autofree char *security = NULL;
  g_autofree char *credentials = NULL;

  if (senders == NULL || senders[0] == NULL || *g_strstrip (senders[0]) == '\0')
    {
      add_missing_key_problem (problems, path, "Account", "sender_mailboxes");
      return FALSE;
    }
  mc_source_split_mailbox (senders[0], &account->name, &account->address);
  if (account->address == NULL)
    {
      add_missing_key_problem (problems, path, "Account", "sender_mailboxes");
      return FALSE;
    }
  account->label = get_string (keys, "Account", "label");
  account->provider = get_string (keys, "Account", "service_provider");
  if (account->provider == NULL && account->goa)
    account->provider = guess_goa_provider (account->address);
  if (account->provider == NULL && !account->goa)
    {
      add_missing_key_problem (problems, path, "Account", "service_provider");
      return FALSE;
    }

  account->smtp_login = get_string (keys, "Outgoing", "login");
  account->smtp_remember = get_bool (keys, "Outgoing", "remember_password", TRUE);
  account->imap_login = get_string (keys, "Incoming", "login");
  account->imap_remember = get_bool (keys, "Incoming", "remember_password", TRUE);
  account->imap_host = get_string (keys, "Incoming", "host");

  if (g_strcmp0 (account->provider, "other") != 0)
    {
      apply_provider_defaults (account);
      return TRUE;
    }

  /* For "other", Geary requires these three (ServiceConfigV1). */
  account->smtp_host = get_string (keys, "Outgoing", "host");
  if (account->smtp_host == NULL)
    {
      add_missing_key_problem (problems, path, "Outgoing", "host");
      return FALSE;
    }
  security = get_string (keys, "Outgoing", "transport_security");
  if (g_strcmp0 (security, "none") == 0)
    account->smtp_security = MC_SECURITY_NONE;
  else if (g_strcmp0 (security, "start-tls") == 0)
    account->smtp_security = MC_SECURITY_STARTTLS;
  else if (g_strcmp0 (security, "transport") == 0)
    account->smtp_security = MC_SECURITY_TLS;
  else
    {
      add_missing_key_problem (problems, path, "Outgoing", "transport_security");
      return FALSE;
    }
  credentials = get_string (keys, "Outgoing", "credentials");
  if (g_strcmp0 (credentials, "none") == 0)
    account->smtp_credentials = CREDENTIALS_NONE;
  else if (g_strcmp0 (credentials, "use-incoming") == 0)
    account->smtp_credentials = CREDENTIALS_USE_INCOMING;
  else if (g_strcmp0 (credentials, "custom") == 0)
    account->smtp_credentials = CREDENTIALS_CUSTOM;
  else
    {
      add_missing_key_problem (problems, path, "Outgoing", "credentials");
      return FALSE;
    }
  account->smtp_port = g_key_file_get_integer (keys, "Outgoing", "port", NULL);
  return TRUE;
}

/* Before version 1 (Geary 0.12 and older): one [AccountInformation]. */
static gboolean
read_legacy (GKeyFile     *keys,
             const char   *path,
             GearyAccount *account,
             GPtrArray    *problems)
{
  const char *group = "AccountInformation";
  gboolean ssl, starttls;

  account->address = get_string (keys, group, "primary_email");
  if (account->address == NULL)
    {
      add_missing_key_problem (problems, path, group, "primary_email");
      return FALSE;
    }
  account->name = get_string (keys, group, "real_name");
  account->label = get_string (keys, group, "nickname");
  account->provider = get_string (keys, group, "service_provider");
  if (account->provider == NULL)
    account->provider = g_strdup ("other");
  account->imap_login = get_string (keys, group, "imap_username");
  if (account->imap_login == NULL)
    account->imap_login = g_strdup (account->address);
  account->imap_host = get_string (keys, group, "imap_host");
  account->imap_remember = get_bool (keys, group, "imap_remember_password", TRUE);
  account->smtp_login = get_string (keys, group, "smtp_username");
  if (account->smtp_login == NULL)
    account->smtp_login = g_strdup (account->address);
  account->smtp_remember = get_bool (keys, group, "smtp_remember_password", TRUE);

  if (g_strcmp0 (account->provider, "other") != 0)
    {
      apply_provider_defaults (account);
      return TRUE;
    }

  account->smtp_host = get_string (keys, group, "smtp_host");
  if (account->smtp_host == NULL)
    {
      add_missing_key_problem (problems, path, group, "smtp_host");
      return FALSE;
    }
  account->smtp_port = g_key_file_get_integer (keys, group, "smtp_port", NULL);
  ssl = get_bool (keys, group, "smtp_ssl", FALSE);
  starttls = get_bool (keys, group, "smtp_starttls", TRUE);
  account->smtp_security = ssl ? MC_SECURITY_TLS : starttls ? MC_SECURITY_STARTTLS
                                                            : MC_SECURITY_NONE;
  if (get_bool (keys, group, "smtp_use_imap_credentials", FALSE))
    account->smtp_credentials = CREDENTIALS_USE_INCOMING;
  else if (get_bool (keys, group, "smtp_noauth", FALSE))
    account->smtp_credentials = CREDENTIALS_NONE;
  else
    account->smtp_credentials = CREDENTIALS_CUSTOM;
  return TRUE;
}

static McAccount *
load_account (const char *folder_name,
              const char *path,
              GPtrArray  *problems)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *status = NULL;
  g_autofree char *goa_id = NULL;
  g_auto(GearyAccount) info = { 0 };
  McAccount *account;
  gsize length = 0;
  gint version;
  gboolean ok;

  if (!mc_source_read_text_file (SOURCE, path, &contents, &length, problems))
    return NULL;
  if (!g_key_file_load_from_data (keys, contents, length, G_KEY_FILE_NONE, &error))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_autofree char *detail = mc_source_clean_text (error->message, -1, MC_SOURCE_MAX_QUOTE);
      g_autofree char *sentence =
        g_strdup_printf (_("The Geary settings file “%s” is damaged and was not read (%s)."),
                         display, detail);

      mc_source_add_problem (problems, SOURCE, path, FALSE, sentence);
      return NULL;
    }

  /* Accounts the person turned off, or removed and not yet deleted. */
  status = get_string (keys, "Metadata", "status");
  if (status != NULL && (g_ascii_strcasecmp (status, "disabled") == 0 ||
                         g_ascii_strcasecmp (status, "removed") == 0))
    return NULL;

  goa_id = get_string (keys, "Metadata", "goa_id");
  info.goa = goa_id != NULL || g_str_has_prefix (folder_name, "goa_");
  version = g_key_file_get_integer (keys, "Metadata", "version", NULL);
  if (version >= 1 || !g_key_file_has_group (keys, "AccountInformation"))
    ok = read_v1 (keys, path, &info, problems);
  else
    ok = read_legacy (keys, path, &info, problems);
  if (!ok)
    return NULL;

  if (info.goa && info.smtp_host == NULL)
    {
      /* GNOME Online Accounts keeps the servers of such an account: without
       * a provider Geary knows, there is nothing here to check. */
      add_account_problem (problems, path,
                           _("its servers are set in GNOME Online Accounts, which Mail Checkup "
                             "does not read"));
      return NULL;
    }

  account = mc_source_account_new (SOURCE, folder_name, path);
  mc_account_set_email (account, info.address);
  mc_account_set_display_name (account, info.name != NULL ? info.name
                                        : info.label != NULL ? info.label : info.address);
  mc_account_set_host (account, info.smtp_host);
  mc_account_set_security (account, info.smtp_security);
  /* Geary's default ports (ServiceInformation.get_default_port). */
  if (info.smtp_port <= 0 || info.smtp_port > 65535)
    info.smtp_port = info.smtp_security == MC_SECURITY_TLS ? 465
                     : info.smtp_credentials == CREDENTIALS_NONE ? 25 : 587;
  mc_account_set_port (account, (guint16) info.smtp_port);

  if (info.smtp_credentials == CREDENTIALS_NONE)
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_NONE);
  else if (info.goa)
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_OAUTH2);
  else
    {
      gboolean incoming = info.smtp_credentials == CREDENTIALS_USE_INCOMING;
      const char *login = incoming ? info.imap_login : info.smtp_login;
      const char *host = incoming ? info.imap_host : info.smtp_host;
      gboolean remember = incoming ? info.imap_remember : info.smtp_remember;

      if (login == NULL)
        login = info.address;
      mc_account_set_user (account, login);
      if (!remember || host == NULL)
        /* Not kept: Geary asks each time it starts. */
        mc_account_set_password_source (account, MC_PASSWORD_SOURCE_ASK);
      else
        {
          g_autoptr(GHashTable) attributes =
            mc_source_attributes_new ("proto", incoming ? "IMAP" : "SMTP", "host", host,
                                      "login", login, NULL);

          mc_account_set_secret (account, SECRET_SCHEMA, attributes, FALSE);
        }
    }
  return account;
}

void
mc_source_geary_load (const McSourceEnv *env,
                      GPtrArray         *accounts,
                      GPtrArray         *problems,
                      GCancellable      *cancellable)
{
  g_autofree char *folder = NULL;
  g_autoptr(GPtrArray) names = NULL;
  guint added = 0;

  g_return_if_fail (env != NULL);
  g_return_if_fail (accounts != NULL);
  g_return_if_fail (problems != NULL);

  folder = g_build_filename (env->config_home, "geary", NULL);
  names = mc_source_list_folder (SOURCE, folder, MAX_FOLDERS, problems);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *dir = g_build_filename (folder, name, NULL);
      g_autofree char *path = NULL;
      McAccount *account;

      if (g_cancellable_is_cancelled (cancellable))
        return;
      /* Geary's own folders for accounts; anything else is not one. */
      if (!g_str_has_prefix (name, "account_") && !g_str_has_prefix (name, "goa_"))
        continue;
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        continue;
      if (added == MC_SOURCE_MAX_ACCOUNTS)
        {
          mc_source_add_too_many (problems, SOURCE, folder);
          return;
        }
      path = g_build_filename (dir, "geary.ini", NULL);
      account = load_account (name, path, problems);
      if (account != NULL)
        {
          g_ptr_array_add (accounts, account);
          added++;
        }
    }
}
