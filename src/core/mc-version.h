/* mc-version.h: the version people see: release, profile and, in development builds, the revision.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *mc_version_get_display (void);

G_END_DECLS
