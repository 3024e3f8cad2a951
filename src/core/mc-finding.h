/* mc-finding.h: one result of a checkup: id, group, status, summary, evidence, guidance.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-enums.h"

G_BEGIN_DECLS

#define MC_TYPE_FINDING (mc_finding_get_type ())

G_DECLARE_FINAL_TYPE (McFinding, mc_finding, MC, FINDING, GObject)

McFinding  *mc_finding_new              (const char  *id,
                                         McGroup      group,
                                         const char  *title);
const char *mc_finding_get_id           (McFinding   *self);
McGroup     mc_finding_get_group        (McFinding   *self);
const char *mc_finding_get_title        (McFinding   *self);
McStatus    mc_finding_get_status       (McFinding   *self);
void        mc_finding_set_status       (McFinding   *self,
                                         McStatus     status);
const char *mc_finding_get_summary      (McFinding   *self);
void        mc_finding_set_summary      (McFinding   *self,
                                         const char  *summary);
const char *mc_finding_get_guidance     (McFinding   *self);
void        mc_finding_set_guidance     (McFinding   *self,
                                         const char  *guidance);
const char *mc_finding_get_blocked_by   (McFinding   *self);
void        mc_finding_set_blocked_by   (McFinding   *self,
                                         const char  *blocked_by);
gint64      mc_finding_get_duration_ms  (McFinding   *self);
void        mc_finding_set_duration_ms  (McFinding   *self,
                                         gint64       duration_ms);
JsonObject *mc_finding_get_evidence     (McFinding   *self);
void        mc_finding_set_evidence     (McFinding   *self,
                                         JsonObject  *evidence);
const char *mc_finding_get_details      (McFinding   *self);
void        mc_finding_add_detail       (McFinding   *self,
                                         const char  *format,
                                         ...) G_GNUC_PRINTF (2, 3);
void        mc_finding_begin            (McFinding   *self);
void        mc_finding_complete         (McFinding   *self,
                                         McStatus     status,
                                         const char  *guidance,
                                         const char  *summary_format,
                                         ...) G_GNUC_PRINTF (4, 5);
/* Writes the summary (and details) of a finding; see mc_finding_complete_twice(). */
typedef void (*McFindingTextFunc) (McFinding *finding,
                                   gpointer   user_data);

void        mc_finding_complete_twice   (McFinding         *self,
                                         McFindingTextFunc  func,
                                         gpointer           user_data);
void        mc_finding_skip             (McFinding   *self,
                                         McFinding   *root_cause);
void        mc_finding_reset            (McFinding   *self);

G_END_DECLS
