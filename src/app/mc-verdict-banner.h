/* mc-verdict-banner.h: the top of the dashboard: the big light, the verdict, what to do, and the report buttons.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-enums.h"
#include "mc-status-light.h"

G_BEGIN_DECLS

#define MC_TYPE_VERDICT_BANNER (mc_verdict_banner_get_type ())

G_DECLARE_FINAL_TYPE (McVerdictBanner, mc_verdict_banner, MC, VERDICT_BANNER, GtkWidget)

GtkWidget     *mc_verdict_banner_new           (void);
/* The light, the verdict in a few words and the sentence under it (root
 * cause and what to do). The banner's accessible name and description. */
void           mc_verdict_banner_set_verdict   (McVerdictBanner *self,
                                                McStatus         light,
                                                const char      *title,
                                                const char      *sentence);
/* The small lines under the sentence: the account checked, and when (with
 * the version); NULL hides a line. */
void           mc_verdict_banner_set_details   (McVerdictBanner *self,
                                                const char      *account,
                                                const char      *when);
/* While a check runs: n_done of n_total findings done, a progress bar and
 * the Cancel button. n_total 0: not running. */
void           mc_verdict_banner_set_progress  (McVerdictBanner *self,
                                                guint            n_done,
                                                guint            n_total);
/* Whether there is a report to copy: shows the Copy Report button. */
void           mc_verdict_banner_set_has_report (McVerdictBanner *self,
                                                 gboolean         has_report);

McStatusLight *mc_verdict_banner_get_light     (McVerdictBanner *self);
const char    *mc_verdict_banner_get_title     (McVerdictBanner *self);
const char    *mc_verdict_banner_get_sentence  (McVerdictBanner *self);
const char    *mc_verdict_banner_get_account   (McVerdictBanner *self);
const char    *mc_verdict_banner_get_when      (McVerdictBanner *self);
/* The "N of M checks still running" line, or NULL when not running. */
const char    *mc_verdict_banner_get_progress_text (McVerdictBanner *self);
double         mc_verdict_banner_get_fraction  (McVerdictBanner *self);
GtkWidget     *mc_verdict_banner_get_copy_button (McVerdictBanner *self);
GtkWidget     *mc_verdict_banner_get_cancel_button (McVerdictBanner *self);

G_END_DECLS
