/* mc-application.h: the application: command-line options, actions, the resolver.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-resolver.h"

G_BEGIN_DECLS

#define MC_TYPE_APPLICATION (mc_application_get_type ())

G_DECLARE_FINAL_TYPE (McApplication, mc_application, MC, APPLICATION, AdwApplication)

McApplication *mc_application_new          (void);
McResolver    *mc_application_get_resolver (McApplication *self);

G_END_DECLS
