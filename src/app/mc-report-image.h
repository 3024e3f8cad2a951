/* mc-report-image.h: the dashboard as one PNG for a support chat: the
 * verdict banner and every finding, guidance expanded for the ones that are
 * not green, redaction applied.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-report.h"

G_BEGIN_DECLS

/* Draws the report in lang ("en" or "ja"; NULL: the language of the
 * window) with the user part of addresses and the user name masked when
 * redact is TRUE. The password is never drawn: nothing in a report holds it. */
GdkTexture *mc_report_image_render      (McReport    *report,
                                         const char  *lang,
                                         gboolean     redact,
                                         GError     **error);
/* The same as PNG bytes, for "Save report image…". */
GBytes     *mc_report_image_render_png  (McReport    *report,
                                         const char  *lang,
                                         gboolean     redact,
                                         GError     **error);

G_END_DECLS
