/* mc-enums.c: names, labels and defaults of the shared enumerations.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-enums.h"

/* The stable token of a status, as written in the JSON report. */
const char *
mc_status_to_string (McStatus status)
{
  switch (status)
    {
    case MC_STATUS_PENDING: return "pending";
    case MC_STATUS_RUNNING: return "running";
    case MC_STATUS_OK:      return "ok";
    case MC_STATUS_INFO:    return "info";
    case MC_STATUS_WARN:    return "warn";
    case MC_STATUS_FAIL:    return "fail";
    case MC_STATUS_ERROR:   return "error";
    case MC_STATUS_SKIPPED: return "skipped";
    default:                g_return_val_if_reached ("error");
    }
}

gboolean
mc_status_is_done (McStatus status)
{
  return status != MC_STATUS_PENDING && status != MC_STATUS_RUNNING;
}

/* Whether a finding with this status stops the probes that need it: they
 * cannot run on something that failed, could not be tested or did not run. */
gboolean
mc_status_blocks (McStatus status)
{
  return status == MC_STATUS_FAIL || status == MC_STATUS_ERROR || status == MC_STATUS_SKIPPED;
}

/* The word shown next to a light, so that status never rests on colour alone. */
const char *
mc_status_get_label (McStatus status)
{
  switch (status)
    {
    /* Translators: the state of a check that has not started yet. */
    case MC_STATUS_PENDING: return C_("status", "Waiting");
    /* Translators: the state of a check that is running. */
    case MC_STATUS_RUNNING: return C_("status", "Checking");
    case MC_STATUS_OK:      return C_("status", "OK");
    case MC_STATUS_INFO:    return C_("status", "Note");
    case MC_STATUS_WARN:    return C_("status", "Warning");
    case MC_STATUS_FAIL:    return C_("status", "Problem");
    /* Translators: the check itself could not be done; not a fault of the user's set-up. */
    case MC_STATUS_ERROR:   return C_("status", "Could not check");
    case MC_STATUS_SKIPPED: return C_("status", "Skipped");
    default:                g_return_val_if_reached ("");
    }
}

const char *
mc_group_to_string (McGroup group)
{
  switch (group)
    {
    case MC_GROUP_NETWORK:   return "network";
    case MC_GROUP_SERVER:    return "server";
    case MC_GROUP_DOMAIN:    return "domain";
    case MC_GROUP_MESSAGE:   return "message";
    case MC_GROUP_RECIPIENT: return "recipient";
    default:                 g_return_val_if_reached ("network");
    }
}

const char *
mc_group_get_title (McGroup group)
{
  switch (group)
    {
    case MC_GROUP_NETWORK:   return C_("group", "Network");
    case MC_GROUP_SERVER:    return C_("group", "Sending server");
    case MC_GROUP_DOMAIN:    return C_("group", "Your domain");
    case MC_GROUP_MESSAGE:   return C_("group", "Message");
    case MC_GROUP_RECIPIENT: return C_("group", "Recipient");
    default:                 g_return_val_if_reached ("");
    }
}

const char *
mc_security_to_string (McSecurity security)
{
  switch (security)
    {
    case MC_SECURITY_STARTTLS: return "starttls";
    case MC_SECURITY_TLS:      return "tls";
    case MC_SECURITY_NONE:     return "none";
    default:                   g_return_val_if_reached ("starttls");
    }
}

/* The name of the setting as mail programs show it. */
const char *
mc_security_get_label (McSecurity security)
{
  switch (security)
    {
    /* Translators: the names of security settings as mail programs show them. */
    case MC_SECURITY_STARTTLS: return C_("security", "STARTTLS");
    case MC_SECURITY_TLS:      return C_("security", "SSL/TLS");
    case MC_SECURITY_NONE:     return C_("security", "None");
    default:                   g_return_val_if_reached ("");
    }
}

gboolean
mc_security_from_string (const char *text,
                         McSecurity *security)
{
  static const struct { const char *name; McSecurity value; } names[] = {
    { "starttls", MC_SECURITY_STARTTLS },
    { "tls", MC_SECURITY_TLS },
    { "ssl", MC_SECURITY_TLS },
    { "none", MC_SECURITY_NONE },
    { "plain", MC_SECURITY_NONE },
  };

  g_return_val_if_fail (security != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (text, names[i].name) == 0)
        {
          *security = names[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

/* Submission with STARTTLS is 587 (RFC 6409), implicit TLS is 465 (RFC 8314);
 * an unencrypted account most often still means submission on 587. */
guint16
mc_security_default_port (McSecurity security)
{
  return security == MC_SECURITY_TLS ? 465 : 587;
}

const char *
mc_password_source_to_string (McPasswordSource source)
{
  switch (source)
    {
    case MC_PASSWORD_SOURCE_NONE:           return "none";
    case MC_PASSWORD_SOURCE_SECRET_SERVICE: return "secret-service";
    case MC_PASSWORD_SOURCE_CONFIG_FILE:    return "config-file";
    case MC_PASSWORD_SOURCE_COMMAND:        return "command";
    case MC_PASSWORD_SOURCE_ASK:            return "ask";
    case MC_PASSWORD_SOURCE_OAUTH2:         return "oauth2";
    default:                                g_return_val_if_reached ("none");
    }
}

const char *
mc_password_state_to_string (McPasswordState state)
{
  switch (state)
    {
    case MC_PASSWORD_STATE_UNKNOWN:    return "unknown";
    case MC_PASSWORD_STATE_AVAILABLE:  return "available";
    case MC_PASSWORD_STATE_NOT_NEEDED: return "not-needed";
    case MC_PASSWORD_STATE_LOCKED:     return "locked";
    case MC_PASSWORD_STATE_MISSING:    return "missing";
    case MC_PASSWORD_STATE_NO_SERVICE: return "no-service";
    case MC_PASSWORD_STATE_UNREADABLE: return "unreadable";
    default:                           g_return_val_if_reached ("unknown");
    }
}

const char *
mc_password_state_get_label (McPasswordState state)
{
  switch (state)
    {
    case MC_PASSWORD_STATE_UNKNOWN:
      return _("Looking for the password…");
    case MC_PASSWORD_STATE_AVAILABLE:
      return _("Password saved in your keyring");
    case MC_PASSWORD_STATE_NOT_NEEDED:
      return _("No log-in needed");
    case MC_PASSWORD_STATE_LOCKED:
      return _("Password not available: unlock your keyring or enter it");
    case MC_PASSWORD_STATE_MISSING:
      return _("Password not saved: enter it to test the log-in");
    case MC_PASSWORD_STATE_NO_SERVICE:
      return _("Password not available: no keyring is running; enter it to test the log-in");
    case MC_PASSWORD_STATE_UNREADABLE:
      return _("Password needed: your mail program keeps it where Mail Checkup cannot read it");
    default:
      g_return_val_if_reached ("");
    }
}
