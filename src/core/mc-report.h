/* mc-report.h: the result of a finished checkup, and its text and JSON renderings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-account.h"
#include "mc-finding.h"

G_BEGIN_DECLS

#define MC_REPORT_SCHEMA "mail-checkup/1"

typedef enum
{
  MC_REPORT_FORMAT_TEXT,
  MC_REPORT_FORMAT_MARKDOWN,
  MC_REPORT_FORMAT_JSON,
} McReportFormat;

#define MC_TYPE_REPORT (mc_report_get_type ())

G_DECLARE_FINAL_TYPE (McReport, mc_report, MC, REPORT, GObject)

McReport   *mc_report_new               (McAccount     *account,
                                         GDateTime     *started_at,
                                         gint64         duration_ms,
                                         GPtrArray     *findings);
McAccount  *mc_report_get_account       (McReport      *self);
void        mc_report_set_verbose       (McReport      *self,
                                         gboolean       verbose);
GDateTime  *mc_report_get_started_at    (McReport      *self);
gint64      mc_report_get_duration_ms   (McReport      *self);
GPtrArray  *mc_report_get_findings      (McReport      *self);
McFinding  *mc_report_lookup_finding    (McReport      *self,
                                         const char    *id);
McStatus    mc_report_get_overall_status (McReport     *self);
McFinding  *mc_report_get_headline      (McReport      *self);
int         mc_report_get_exit_status   (McReport      *self);
char       *mc_report_to_json           (McReport      *self,
                                         gboolean       redact);
char       *mc_report_to_text           (McReport      *self,
                                         gboolean       redact);
char       *mc_report_to_markdown       (McReport      *self,
                                         gboolean       redact);
char       *mc_report_render            (McReport      *self,
                                         McReportFormat format,
                                         gboolean       redact);
char       *mc_report_render_for        (McReport      *self,
                                         McReportFormat format,
                                         gboolean       redact,
                                         const char    *lang);
McStatus    mc_report_get_verdict_light (McReport      *self);
const char *mc_report_get_verdict_title (McReport      *self);
char       *mc_report_dup_verdict_sentence (McReport   *self,
                                         gboolean       redact);
char       *mc_report_redact_text       (McReport      *self,
                                         const char    *text,
                                         gboolean       redact);
char       *mc_report_dup_started_at_text (McReport    *self);
gboolean    mc_report_format_from_string (const char   *text,
                                          McReportFormat *format);
char       *mc_redact_address           (const char    *address);
char       *mc_format_duration          (gint64         ms);

McStatus    mc_findings_overall_status  (GPtrArray     *findings);
McFinding  *mc_findings_headline        (GPtrArray     *findings);

G_END_DECLS
