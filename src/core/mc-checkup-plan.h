/* mc-checkup-plan.h: which findings a checkup has, and which probe fills each (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-probe.h"

G_BEGIN_DECLS

#define MC_PLAN_MAX_DEPS  4
#define MC_PLAN_MAX_OWNED 8

typedef struct
{
  const char *id;
  McGroup     group;
  const char *title;   /* N_() */
} McFindingInfo;

typedef struct
{
  /* The findings the probe fills; the first is its own, the one that its
   * own failure is reported on. */
  const char  *findings[MC_PLAN_MAX_OWNED];
  /* When one of these fails, could not be tested or was skipped, the probe
   * does not run: its findings are skipped and name the root cause. */
  const char  *needs[MC_PLAN_MAX_DEPS];
  /* The probe reads these findings' results; it waits for them but is never
   * blocked by them. */
  const char  *after[MC_PLAN_MAX_DEPS];
  /* The probe starts without waiting for these, but when its own finding
   * fails and one of these failed too, that one is the cause: the finding
   * becomes skipped and names it. This hides no time behind a dependency. */
  const char  *explained_by[MC_PLAN_MAX_DEPS];
  /* How many timeouts the probe may take before the checkup gives up on it. */
  guint        budget;
  /* The probe logs in: it waits for the account's password to be looked up
   * (a Secret Service round trip, started with the run). */
  gboolean     uses_password;
  McProbeFunc  run;
} McProbeInfo;

extern const McFindingInfo mc_finding_plan[];
extern const guint         mc_finding_plan_len;
extern const McProbeInfo   mc_probe_plan[];
extern const guint         mc_probe_plan_len;

G_END_DECLS
