/* mc-account.c: one outgoing mail account: address, server, port, security, user name.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-account.h"
#include "mc-enum-types.h"

struct _McAccount
{
  GObject     parent_instance;

  char       *id;
  char       *display_name;
  char       *email;
  char       *host;
  char       *user;
  char       *source;
  char       *source_file;
  guint16     port;
  McSecurity  security;

  McPasswordSource password_source;
  char       *secret_schema;
  GHashTable *secret_attributes;
  gboolean    secret_match_any_schema;
  char       *password_file;
  char       *password_key;
};

G_DEFINE_FINAL_TYPE (McAccount, mc_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_EMAIL,
  PROP_HOST,
  PROP_PORT,
  PROP_SECURITY,
  PROP_USER,
  PROP_SOURCE,
  PROP_SOURCE_FILE,
  PROP_PASSWORD_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_account_finalize (GObject *object)
{
  McAccount *self = (McAccount *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->source_file, g_free);
  g_clear_pointer (&self->secret_schema, g_free);
  g_clear_pointer (&self->secret_attributes, g_hash_table_unref);
  g_clear_pointer (&self->password_file, g_free);
  g_clear_pointer (&self->password_key, g_free);

  G_OBJECT_CLASS (mc_account_parent_class)->finalize (object);
}

static void
mc_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  McAccount *self = MC_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:           g_value_set_string (value, self->id); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_EMAIL:        g_value_set_string (value, self->email); break;
    case PROP_HOST:         g_value_set_string (value, self->host); break;
    case PROP_PORT:         g_value_set_uint (value, self->port); break;
    case PROP_SECURITY:     g_value_set_enum (value, self->security); break;
    case PROP_USER:         g_value_set_string (value, self->user); break;
    case PROP_SOURCE:       g_value_set_string (value, self->source); break;
    case PROP_SOURCE_FILE:  g_value_set_string (value, self->source_file); break;
    case PROP_PASSWORD_SOURCE: g_value_set_enum (value, self->password_source); break;
    default:                G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  McAccount *self = MC_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:           mc_account_set_id (self, g_value_get_string (value)); break;
    case PROP_DISPLAY_NAME: mc_account_set_display_name (self, g_value_get_string (value)); break;
    case PROP_EMAIL:        mc_account_set_email (self, g_value_get_string (value)); break;
    case PROP_HOST:         mc_account_set_host (self, g_value_get_string (value)); break;
    case PROP_PORT:         mc_account_set_port (self, g_value_get_uint (value)); break;
    case PROP_SECURITY:     mc_account_set_security (self, g_value_get_enum (value)); break;
    case PROP_USER:         mc_account_set_user (self, g_value_get_string (value)); break;
    case PROP_SOURCE:       mc_account_set_source (self, g_value_get_string (value)); break;
    case PROP_SOURCE_FILE:  mc_account_set_source_file (self, g_value_get_string (value)); break;
    case PROP_PASSWORD_SOURCE: mc_account_set_password_source (self, g_value_get_enum (value)); break;
    default:                G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_account_class_init (McAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = mc_account_finalize;
  object_class->get_property = mc_account_get_property;
  object_class->set_property = mc_account_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  properties[PROP_SECURITY] = g_param_spec_enum ("security", NULL, NULL, MC_TYPE_SECURITY,
                                                 MC_SECURITY_STARTTLS, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_FILE] = g_param_spec_string ("source-file", NULL, NULL, NULL, flags);
  properties[PROP_PASSWORD_SOURCE] = g_param_spec_enum ("password-source", NULL, NULL,
                                                        MC_TYPE_PASSWORD_SOURCE,
                                                        MC_PASSWORD_SOURCE_NONE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_account_init (McAccount *self)
{
  self->security = MC_SECURITY_STARTTLS;
  self->source = g_strdup ("manual");
}

McAccount *
mc_account_new (void)
{
  return g_object_new (MC_TYPE_ACCOUNT, NULL);
}

static void
set_string (McAccount   *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
mc_account_get_id (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->id;
}

void
mc_account_set_id (McAccount  *self,
                   const char *id)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));
  set_string (self, &self->id, id, PROP_ID);
}

const char *
mc_account_get_display_name (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->display_name;
}

void
mc_account_set_display_name (McAccount  *self,
                             const char *display_name)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));
  set_string (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
}

const char *
mc_account_get_email (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->email;
}

void
mc_account_set_email (McAccount  *self,
                      const char *email)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));
  set_string (self, &self->email, email, PROP_EMAIL);
}

const char *
mc_account_get_host (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->host;
}

void
mc_account_set_host (McAccount  *self,
                     const char *host)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));
  set_string (self, &self->host, host, PROP_HOST);
}

guint16
mc_account_get_port (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);
  return self->port;
}

void
mc_account_set_port (McAccount *self,
                     guint16    port)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));

  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
}

McSecurity
mc_account_get_security (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), MC_SECURITY_STARTTLS);
  return self->security;
}

void
mc_account_set_security (McAccount  *self,
                         McSecurity  security)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));

  if (self->security != security)
    {
      self->security = security;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURITY]);
    }
}

const char *
mc_account_get_user (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->user;
}

void
mc_account_set_user (McAccount  *self,
                     const char *user)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));
  set_string (self, &self->user, user, PROP_USER);
}

const char *
mc_account_get_source (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->source;
}

void
mc_account_set_source (McAccount  *self,
                       const char *source)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));
  set_string (self, &self->source, source, PROP_SOURCE);
}

const char *
mc_account_get_source_file (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->source_file;
}

void
mc_account_set_source_file (McAccount  *self,
                            const char *path)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));
  set_string (self, &self->source_file, path, PROP_SOURCE_FILE);
}

/* Only our own accounts are edited in place; an imported one is copied
 * into our store first, so another program's files are never written. */
gboolean
mc_account_is_editable (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), FALSE);
  return g_strcmp0 (self->source, "mail-checkup") == 0;
}

const char *
mc_account_source_get_label (const char *source)
{
  static const struct { const char *id; const char *label; } labels[] = {
    /* Translators: where an account comes from: this application's own list. */
    { "mail-checkup", N_("Mail Checkup") },
    { "evolution", N_("Evolution") },
    { "thunderbird", N_("Thunderbird") },
    { "msmtp", N_("msmtp") },
    { "geary", N_("Geary") },
    { "git", N_("git send-email") },
    /* Translators: an account given with options of mail-checkup-cli. */
    { "command-line", N_("Command line") },
    /* Translators: an account typed into the window without saving it. */
    { "manual", N_("Typed in") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (g_strcmp0 (source, labels[i].id) == 0)
        return _(labels[i].label);
    }
  return source != NULL ? source : "";
}

McPasswordSource
mc_account_get_password_source (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), MC_PASSWORD_SOURCE_NONE);
  return self->password_source;
}

void
mc_account_set_password_source (McAccount        *self,
                                McPasswordSource  source)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));

  if (self->password_source != source)
    {
      self->password_source = source;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD_SOURCE]);
    }
}

const char *
mc_account_get_secret_schema (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->secret_schema;
}

GHashTable *
mc_account_get_secret_attributes (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->secret_attributes;
}

gboolean
mc_account_get_secret_match_any_schema (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), FALSE);
  return self->secret_match_any_schema;
}

static GHashTable *
copy_attributes (GHashTable *attributes)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

void
mc_account_set_secret (McAccount  *self,
                       const char *schema,
                       GHashTable *attributes,
                       gboolean    match_any_schema)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));
  g_return_if_fail (schema != NULL);
  g_return_if_fail (attributes != NULL);

  g_free (self->secret_schema);
  self->secret_schema = g_strdup (schema);
  g_clear_pointer (&self->secret_attributes, g_hash_table_unref);
  self->secret_attributes = copy_attributes (attributes);
  self->secret_match_any_schema = match_any_schema;
  mc_account_set_password_source (self, MC_PASSWORD_SOURCE_SECRET_SERVICE);
}

const char *
mc_account_get_password_file (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->password_file;
}

const char *
mc_account_get_password_key (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->password_key;
}

void
mc_account_set_password_file (McAccount  *self,
                              const char *path,
                              const char *key)
{
  g_return_if_fail (MC_IS_ACCOUNT (self));
  g_return_if_fail (path != NULL);

  g_free (self->password_file);
  self->password_file = g_strdup (path);
  g_free (self->password_key);
  self->password_key = g_strdup (key);
  mc_account_set_password_source (self, MC_PASSWORD_SOURCE_CONFIG_FILE);
}

/* The state's own sentence, except where the password source makes it
 * more precise: a password written in a settings file is no keyring's, and
 * OAuth 2.0 and commands are not passwords that are merely out of reach. */
const char *
mc_account_get_password_label (McAccount       *self,
                               McPasswordState  state)
{
  McPasswordSource source;

  g_return_val_if_fail (MC_IS_ACCOUNT (self), "");

  source = mc_account_get_password_source (self);

  if (source == MC_PASSWORD_SOURCE_CONFIG_FILE && state == MC_PASSWORD_STATE_AVAILABLE)
    return _("Password written in the mail program's settings file");
  if (source == MC_PASSWORD_SOURCE_OAUTH2 && state == MC_PASSWORD_STATE_UNREADABLE)
    return _("Signs in on the provider's web page (OAuth 2.0): there is no password to test");
  if (source == MC_PASSWORD_SOURCE_COMMAND && state == MC_PASSWORD_STATE_UNREADABLE)
    return _("Password made by a command in the settings, which Mail Checkup never runs: "
             "enter it to test the log-in");
  return mc_password_state_get_label (state);
}

/* The domain part of the address, lower-cased, or NULL without an address. */
char *
mc_account_dup_domain (McAccount *self)
{
  const char *at;

  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);

  if (self->email == NULL || (at = strrchr (self->email, '@')) == NULL || at[1] == '\0')
    return NULL;
  return g_utf8_strdown (at + 1, -1);
}

/* The port a mail program would use: the configured one, or the standard
 * port of the configured security when none is set. */
guint16
mc_account_get_effective_port (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);
  return self->port != 0 ? self->port : mc_security_default_port (self->security);
}

static gboolean
host_is_valid (const char *host)
{
  g_autofree char *ascii = NULL;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  /* Japanese (IDN) names are fine: g_hostname_to_ascii gives their A-label form. */
  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL || *ascii == '\0' || strlen (ascii) > 253)
    return FALSE;

  for (const char *p = ascii; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
        return FALSE;
    }
  return strstr (ascii, "..") == NULL && ascii[0] != '.';
}

/* Checks that the account names a server a checkup can go to. An address
 * that is not an email address does not stop a checkup: server.settings
 * notes it (an imported account is checked as it is). */
gboolean
mc_account_validate_server (McAccount  *self,
                            GError    **error)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), FALSE);

  if (self->host == NULL || *self->host == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("No sending server (SMTP host) is set"));
      return FALSE;
    }
  if (!host_is_valid (self->host))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid server name"), self->host);
      return FALSE;
    }
  return TRUE;
}

/* Whether text looks like an email address: something, "@", a domain. */
gboolean
mc_account_email_is_valid (const char *email)
{
  const char *at;

  if (email == NULL)
    return FALSE;
  at = strrchr (email, '@');
  return at != NULL && at != email && at[1] != '\0' && strchr (email, ' ') == NULL;
}

/* Checks that the account has what a checkup needs and that what was typed
 * is well formed, with a message that says which setting is wrong. */
gboolean
mc_account_validate (McAccount  *self,
                     GError    **error)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), FALSE);

  if (!mc_account_validate_server (self, error))
    return FALSE;
  if (self->email != NULL && *self->email != '\0' && !mc_account_email_is_valid (self->email))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an email address"), self->email);
      return FALSE;
    }
  return TRUE;
}

McAccount *
mc_account_copy (McAccount *self)
{
  McAccount *copy;

  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);

  copy = g_object_new (MC_TYPE_ACCOUNT,
                       "id", self->id,
                       "display-name", self->display_name,
                       "email", self->email,
                       "host", self->host,
                       "port", (guint) self->port,
                       "security", self->security,
                       "user", self->user,
                       "source", self->source,
                       "source-file", self->source_file,
                       NULL);
  if (self->secret_schema != NULL)
    mc_account_set_secret (copy, self->secret_schema, self->secret_attributes,
                           self->secret_match_any_schema);
  if (self->password_file != NULL)
    mc_account_set_password_file (copy, self->password_file, self->password_key);
  mc_account_set_password_source (copy, self->password_source);
  return copy;
}
