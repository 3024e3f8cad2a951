/* mc-account.c: one outgoing mail account: address, server, port, security, user name.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

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
  guint16     port;
  McSecurity  security;
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

/* Checks that the account has what a checkup needs, with a message that
 * says which setting is wrong. */
gboolean
mc_account_validate (McAccount  *self,
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
  if (self->email != NULL && *self->email != '\0')
    {
      const char *at = strrchr (self->email, '@');

      if (at == NULL || at == self->email || at[1] == '\0' || strchr (self->email, ' ') != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not an email address"), self->email);
          return FALSE;
        }
    }
  return TRUE;
}

McAccount *
mc_account_copy (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);

  return g_object_new (MC_TYPE_ACCOUNT,
                       "id", self->id,
                       "display-name", self->display_name,
                       "email", self->email,
                       "host", self->host,
                       "port", (guint) self->port,
                       "security", self->security,
                       "user", self->user,
                       "source", self->source,
                       NULL);
}
