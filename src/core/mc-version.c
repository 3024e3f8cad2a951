/* mc-version.c: the version people see: release, profile and, in development builds, the revision.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-revision.h"
#include "mc-version.h"

/* "0.1.0" for a release build; "0.1.0-devel (1a2b3c4)" for a development
 * build from git, so that a screenshot sent to support says exactly what ran. */
const char *
mc_version_get_display (void)
{
  static gsize display = 0;

  if (g_once_init_enter (&display))
    {
      char *text;

      /* Outside a git checkout, vcs_tag () falls back to the release number. */
      if (DEVELOPMENT_BUILD && MC_REVISION[0] != '\0' && g_strcmp0 (MC_REVISION, PACKAGE_VERSION) != 0)
        text = g_strdup_printf ("%s%s (%s)", PACKAGE_VERSION, VERSION_SUFFIX, MC_REVISION);
      else
        text = g_strdup_printf ("%s%s", PACKAGE_VERSION, VERSION_SUFFIX);
      g_once_init_leave (&display, (gsize) text);
    }
  return (const char *) display;
}
