/* mc-source-evolution.c: the sending accounts of Evolution ($XDG_CONFIG_HOME/evolution/sources), read-only.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Evolution keeps one key file per "source", named after its uid. A mail
 * identity ([Mail Identity]: Address, Name) names its sending server in
 * [Mail Submission] TransportUid; that transport source has [Mail
 * Transport] BackendName "smtp" (or "sendmail", which is no server),
 * [Authentication] Host, Port, User and Method, and [Security] Method
 * ("none", "starttls-on-standard-port" or "ssl-on-alternate-port", the
 * nicks of CamelNetworkSecurityMethod). Sources are nested through
 * [Data Source] Parent, and any of them may be disabled with Enabled=false.
 * Evolution keeps the password in the Secret Service, under its schema
 * with the attribute e-source-uid set to the transport's uid.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-account-source.h"
#include "mc-source-private.h"

#define SOURCE "evolution"
#define SECRET_SCHEMA "org.gnome.Evolution.Data.Source"
/* Evolution makes a few dozen sources per account at most. */
#define MAX_SOURCES 5000
/* Parents nest account → collection: a few levels; more is a loop. */
#define MAX_DEPTH 8

typedef struct
{
  char     *uid;
  char     *path;
  GKeyFile *keys;
} EvoSource;

static void
evo_source_free (EvoSource *source)
{
  g_free (source->uid);
  g_free (source->path);
  g_key_file_unref (source->keys);
  g_free (source);
}

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
is_enabled (GKeyFile *keys)
{
  g_autoptr(GError) error = NULL;
  gboolean enabled = g_key_file_get_boolean (keys, "Data Source", "Enabled", &error);

  /* A source without the key is enabled: that is Evolution's default. */
  return error != NULL || enabled;
}

/* Whether the source and every source above it is enabled. */
static gboolean
chain_enabled (GHashTable *sources,
               EvoSource  *source)
{
  for (guint depth = 0; source != NULL && depth < MAX_DEPTH; depth++)
    {
      g_autofree char *parent = NULL;

      if (!is_enabled (source->keys))
        return FALSE;
      parent = get_string (source->keys, "Data Source", "Parent");
      source = parent != NULL ? g_hash_table_lookup (sources, parent) : NULL;
    }
  return TRUE;
}

static EvoSource *
read_source (const char   *path,
             const char   *uid,
             GPtrArray    *problems)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  EvoSource *source;
  gsize length = 0;

  if (!mc_source_read_text_file (SOURCE, path, &contents, &length, problems))
    return NULL;

  if (!g_key_file_load_from_data (keys, contents, length, G_KEY_FILE_NONE, &error))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_autofree char *detail = mc_source_clean_text (error->message, -1, MC_SOURCE_MAX_QUOTE);
      g_autofree char *sentence =
        g_strdup_printf (_("The Evolution settings file “%s” is damaged and was not read (%s)."),
                         display, detail);

      mc_source_add_problem (problems, SOURCE, path, FALSE, sentence);
      return NULL;
    }

  source = g_new0 (EvoSource, 1);
  source->uid = g_strdup (uid);
  source->path = g_strdup (path);
  source->keys = g_steal_pointer (&keys);
  return source;
}

static gboolean
is_oauth_method (const char *method)
{
  static const char * const oauth[] = { "XOAUTH2", "OAUTHBEARER", "Google", "OAuth2", "Outlook",
                                        "Yahoo" };

  for (guint i = 0; i < G_N_ELEMENTS (oauth); i++)
    {
      if (g_ascii_strcasecmp (method, oauth[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
add_identity_problem (GPtrArray  *problems,
                      EvoSource  *identity,
                      const char *address,
                      const char *what)
{
  g_autofree char *display = g_filename_display_name (identity->path);
  g_autofree char *name = mc_source_clean_text (address != NULL ? address : identity->uid, -1,
                                                MC_SOURCE_MAX_QUOTE);
  /* Translators: first %s is an e-mail address (or an internal name), the
   * second a file, the third one of the sentences that follow ("its sending
   * server is not set"…). */
  g_autofree char *sentence = g_strdup_printf (_("The Evolution account “%s” (in “%s”) was left "
                                                  "out: %s."), name, display, what);

  mc_source_add_problem (problems, SOURCE, identity->path, FALSE, sentence);
}

static McAccount *
make_account (GHashTable *sources,
              EvoSource  *identity,
              GPtrArray  *problems)
{
  GKeyFile *keys = identity->keys;
  g_autofree char *address = get_string (keys, "Mail Identity", "Address");
  g_autofree char *name = get_string (keys, "Mail Identity", "Name");
  g_autofree char *label = get_string (keys, "Data Source", "DisplayName");
  g_autofree char *transport_uid = get_string (keys, "Mail Submission", "TransportUid");
  g_autofree char *backend = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  g_autofree char *method = NULL;
  g_autofree char *security_method = NULL;
  EvoSource *transport;
  McSecurity security;
  McAccount *account;
  gint port;

  if (!chain_enabled (sources, identity))
    return NULL;

  if (address == NULL)
    {
      add_identity_problem (problems, identity, NULL, _("it has no e-mail address"));
      return NULL;
    }
  transport = transport_uid != NULL ? g_hash_table_lookup (sources, transport_uid) : NULL;
  if (transport == NULL)
    {
      add_identity_problem (problems, identity, address,
                            _("the settings of its sending server are missing"));
      return NULL;
    }

  backend = get_string (transport->keys, "Mail Transport", "BackendName");
  /* "sendmail" hands mail to a local program: there is no server to check. */
  if (g_strcmp0 (backend, "smtp") != 0)
    return NULL;

  host = get_string (transport->keys, "Authentication", "Host");
  if (host == NULL)
    {
      add_identity_problem (problems, identity, address, _("no sending server (host) is set"));
      return NULL;
    }
  port = g_key_file_get_integer (transport->keys, "Authentication", "Port", NULL);
  user = get_string (transport->keys, "Authentication", "User");
  method = get_string (transport->keys, "Authentication", "Method");
  security_method = get_string (transport->keys, "Security", "Method");

  if (g_strcmp0 (security_method, "ssl-on-alternate-port") == 0)
    security = MC_SECURITY_TLS;
  else if (g_strcmp0 (security_method, "starttls-on-standard-port") == 0)
    security = MC_SECURITY_STARTTLS;
  else
    security = MC_SECURITY_NONE;
  /* Port 0 is Camel's "the service's standard port": "smtps" (465) with
   * TLS, else "smtp" (25). Set explicitly, as that is what Evolution uses. */
  if (port <= 0 || port > 65535)
    port = security == MC_SECURITY_TLS ? 465 : 25;

  account = mc_source_account_new (SOURCE, identity->uid, transport->path);
  mc_account_set_email (account, address);
  mc_account_set_display_name (account, name != NULL ? name : label != NULL ? label : address);
  mc_account_set_host (account, host);
  mc_account_set_port (account, (guint16) port);
  mc_account_set_security (account, security);
  mc_account_set_user (account, user);

  if (method != NULL && is_oauth_method (method))
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_OAUTH2);
  else if ((method == NULL || g_ascii_strcasecmp (method, "none") == 0) && user == NULL)
    mc_account_set_password_source (account, MC_PASSWORD_SOURCE_NONE);
  else
    {
      /* Evolution's schema is declared with SECRET_SCHEMA_DONT_MATCH_NAME:
       * its items are found by the attribute alone. */
      g_autoptr(GHashTable) attributes = mc_source_attributes_new ("e-source-uid", transport->uid,
                                                                   NULL);

      mc_account_set_secret (account, SECRET_SCHEMA, attributes, TRUE);
    }
  return account;
}

void
mc_source_evolution_load (const McSourceEnv *env,
                          GPtrArray         *accounts,
                          GPtrArray         *problems,
                          GCancellable      *cancellable)
{
  g_autofree char *folder = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) sources = NULL;
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();
  guint added = 0;

  g_return_if_fail (env != NULL);
  g_return_if_fail (accounts != NULL);
  g_return_if_fail (problems != NULL);

  folder = g_build_filename (env->config_home, "evolution", "sources", NULL);
  names = mc_source_list_folder (SOURCE, folder, MAX_SOURCES, problems);
  sources = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) evo_source_free);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = NULL;
      g_autofree char *uid = NULL;
      EvoSource *source;

      if (g_cancellable_is_cancelled (cancellable))
        return;
      if (!g_str_has_suffix (name, ".source") || strlen (name) == strlen (".source"))
        continue;
      path = g_build_filename (folder, name, NULL);
      uid = g_strndup (name, strlen (name) - strlen (".source"));
      source = read_source (path, uid, problems);
      if (source == NULL)
        continue;
      g_hash_table_insert (sources, source->uid, source);
      g_ptr_array_add (ordered, source);
    }

  for (guint i = 0; i < ordered->len; i++)
    {
      EvoSource *source = g_ptr_array_index (ordered, i);
      McAccount *account;

      if (g_cancellable_is_cancelled (cancellable))
        return;
      if (!g_key_file_has_group (source->keys, "Mail Identity"))
        continue;
      if (added == MC_SOURCE_MAX_ACCOUNTS)
        {
          mc_source_add_too_many (problems, SOURCE, folder);
          break;
        }
      account = make_account (sources, source, problems);
      if (account != NULL)
        {
          g_ptr_array_add (accounts, account);
          added++;
        }
    }
}
