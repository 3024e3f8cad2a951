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

G_END_DECLS
