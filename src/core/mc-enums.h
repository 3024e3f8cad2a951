/* mc-enums.h: the enumerations shared by the engine, the terminal tool and the window.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The state of one finding. PENDING and RUNNING exist only while a checkup
 * runs; a finished report holds only the six result statuses. */
typedef enum
{
  MC_STATUS_PENDING,
  MC_STATUS_RUNNING,
  MC_STATUS_OK,
  MC_STATUS_INFO,
  MC_STATUS_WARN,
  MC_STATUS_FAIL,
  MC_STATUS_ERROR,
  MC_STATUS_SKIPPED,
} McStatus;

typedef enum
{
  MC_GROUP_NETWORK,
  MC_GROUP_SERVER,
  MC_GROUP_DOMAIN,
  MC_GROUP_MESSAGE,
  MC_GROUP_RECIPIENT,
} McGroup;

typedef enum
{
  MC_SECURITY_STARTTLS,
  MC_SECURITY_TLS,
  MC_SECURITY_NONE,
} McSecurity;

/* Where an account's password is kept. Mail Checkup reads it only from the
 * Secret Service or, for programs that write it in their own settings file,
 * from that file; it never runs a command to get one. */
typedef enum
{
  MC_PASSWORD_SOURCE_NONE,            /* the account does not log in */
  MC_PASSWORD_SOURCE_SECRET_SERVICE,  /* in the Secret Service: a schema and attributes */
  MC_PASSWORD_SOURCE_CONFIG_FILE,     /* written in the mail program's own file (msmtp, git) */
  MC_PASSWORD_SOURCE_COMMAND,         /* made by a command (msmtp passwordeval): never run */
  MC_PASSWORD_SOURCE_ASK,             /* kept where Mail Checkup cannot read it (Thunderbird) */
  MC_PASSWORD_SOURCE_OAUTH2,          /* sign-in on the provider's web page, no password */
} McPasswordSource;

/* Whether the password of an account can be had now, without asking. */
typedef enum
{
  MC_PASSWORD_STATE_UNKNOWN,          /* not looked at yet */
  MC_PASSWORD_STATE_AVAILABLE,
  MC_PASSWORD_STATE_NOT_NEEDED,       /* the account does not log in */
  MC_PASSWORD_STATE_LOCKED,           /* in a keyring that is locked */
  MC_PASSWORD_STATE_MISSING,          /* nothing stored where it should be */
  MC_PASSWORD_STATE_NO_SERVICE,       /* no Secret Service to ask */
  MC_PASSWORD_STATE_UNREADABLE,       /* kept where Mail Checkup cannot or will not read it */
} McPasswordState;

const char *mc_status_to_string     (McStatus     status);
gboolean    mc_status_is_done       (McStatus     status);
gboolean    mc_status_blocks        (McStatus     status);
const char *mc_status_get_label     (McStatus     status);
const char *mc_group_to_string      (McGroup      group);
const char *mc_group_get_title      (McGroup      group);
const char *mc_security_to_string   (McSecurity   security);
const char *mc_security_get_label   (McSecurity   security);
gboolean    mc_security_from_string (const char  *text,
                                     McSecurity  *security);
guint16     mc_security_default_port (McSecurity  security);
/* Stable tokens for the JSON of `accounts`: "none", "secret-service",
 * "config-file", "command", "ask", "oauth2"; and "unknown", "available",
 * "not-needed", "locked", "missing", "no-service", "unreadable". */
const char *mc_password_source_to_string (McPasswordSource source);
const char *mc_password_state_to_string  (McPasswordState  state);
/* One translated sentence for the window and the text output, e.g.
 * "Password not available: unlock your keyring or enter it". */
const char *mc_password_state_get_label  (McPasswordState  state);

G_END_DECLS
