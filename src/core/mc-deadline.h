/* mc-deadline.h: a cancellable that fires at a deadline or when its parent is cancelled.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _McDeadline McDeadline;

McDeadline   *mc_deadline_new             (GCancellable *parent,
                                           guint         timeout_ms);
GCancellable *mc_deadline_get_cancellable (McDeadline   *self);
gboolean      mc_deadline_expired         (McDeadline   *self);
gboolean      mc_deadline_parent_cancelled (McDeadline  *self);
void          mc_deadline_free            (McDeadline   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDeadline, mc_deadline_free)

G_END_DECLS
