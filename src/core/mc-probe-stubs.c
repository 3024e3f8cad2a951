/* mc-probe-stubs.c: placeholders for the domain and recipient probes while they are being written.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each function here is removed when its real probe lands in its own file.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-probe.h"

static void
not_yet (McFinding           *finding,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data,
         gpointer             tag)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  mc_finding_complete (finding, MC_STATUS_INFO, NULL, "%s", "Not checked yet.");
  g_task_return_boolean (task, TRUE);
}

#define STUB(name) \
  void \
  name (McProbeContext *ctx, McFinding *finding, GCancellable *cancellable, \
        GAsyncReadyCallback callback, gpointer user_data) \
  { \
    not_yet (finding, cancellable, callback, user_data, name); \
  }

STUB (mc_probe_domain_mx)
STUB (mc_probe_domain_spf)
STUB (mc_probe_domain_dkim)
STUB (mc_probe_domain_dmarc)
STUB (mc_probe_domain_ptr)
STUB (mc_probe_domain_blocklist)
STUB (mc_probe_domain_mta_sts)
STUB (mc_probe_recipient_domain)
STUB (mc_probe_recipient_provider)
