/* mc-i18n.h: locale and translation set-up shared by both executables.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void        mc_i18n_init          (void);
gboolean    mc_i18n_set_language  (const char  *lang,
                                   GError     **error);
const char *mc_i18n_get_localedir (void);

G_END_DECLS
