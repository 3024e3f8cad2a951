/* mc-report-image-private.h: what the report image draws, for its tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-report-image.h"

G_BEGIN_DECLS

/* The image's fixed geometry: its width, the most it may grow to, and the
 * centre and radius of the verdict light in the banner (the light's colour
 * is read there, off its shape). */
#define MC_REPORT_IMAGE_WIDTH          900
#define MC_REPORT_IMAGE_MAX_HEIGHT     16000
#define MC_REPORT_IMAGE_LIGHT_X        80
#define MC_REPORT_IMAGE_LIGHT_Y        80
#define MC_REPORT_IMAGE_LIGHT_RADIUS   28

/* One string the image draws. verbatim marks text shown as it is in every
 * language (the account line, step numbers, the technical details); the
 * rest is prose in the report's language. */
typedef struct
{
  char     *text;
  gboolean  verbatim;
} McReportImageText;

void       mc_report_image_text_free    (McReportImageText *text);

/* Lays the image out exactly as mc_report_image_render() does and returns
 * every string drawn (McReportImageText), in drawing order. The glyphs that
 * no installed font has (drawn as boxes) are counted in n_unknown_glyphs. */
GPtrArray *mc_report_image_collect_text (McReport   *report,
                                         const char *lang,
                                         gboolean    redact,
                                         guint      *n_unknown_glyphs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReportImageText, mc_report_image_text_free)

G_END_DECLS
