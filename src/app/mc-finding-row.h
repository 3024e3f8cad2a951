/* mc-finding-row.h: one finding of a checkup as a row that updates while its probe runs.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-finding.h"
#include "mc-status-light.h"

G_BEGIN_DECLS

#define MC_TYPE_FINDING_ROW (mc_finding_row_get_type ())

G_DECLARE_FINAL_TYPE (McFindingRow, mc_finding_row, MC, FINDING_ROW, AdwExpanderRow)

GtkWidget     *mc_finding_row_new         (McFinding    *finding);
McFinding     *mc_finding_row_get_finding (McFindingRow *self);
McStatusLight *mc_finding_row_get_light   (McFindingRow *self);

G_END_DECLS
