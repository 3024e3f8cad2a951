/* mc-deadline.c: a cancellable that fires at a deadline or when its parent is cancelled.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-deadline.h"

/* The parent is watched with a cancellable GSource rather than
 * g_cancellable_connect (): the child is then cancelled from the main loop,
 * never from inside the parent's emission, so that code completing in
 * response can free the deadline (and disconnect) without deadlocking. */
struct _McDeadline
{
  GCancellable *cancellable;
  GCancellable *parent;
  GSource      *parent_source;
  GSource      *timer;
  gboolean      expired;
};

static gboolean
parent_cancelled_cb (GCancellable *parent,
                     gpointer      user_data)
{
  McDeadline *self = user_data;

  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
timer_cb (gpointer user_data)
{
  McDeadline *self = user_data;

  self->expired = TRUE;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

/* Starts a deadline of timeout_ms from now, in the thread-default context. */
McDeadline *
mc_deadline_new (GCancellable *parent,
                 guint         timeout_ms)
{
  McDeadline *self = g_new0 (McDeadline, 1);
  GMainContext *context = g_main_context_get_thread_default ();

  self->cancellable = g_cancellable_new ();

  if (parent != NULL)
    {
      self->parent = g_object_ref (parent);
      if (g_cancellable_is_cancelled (parent))
        g_cancellable_cancel (self->cancellable);
      else
        {
          self->parent_source = g_cancellable_source_new (parent);
          g_source_set_callback (self->parent_source, G_SOURCE_FUNC (parent_cancelled_cb),
                                 self, NULL);
          g_source_set_static_name (self->parent_source, "[mc] deadline parent");
          g_source_attach (self->parent_source, context);
        }
    }

  self->timer = g_timeout_source_new (timeout_ms);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_static_name (self->timer, "[mc] deadline");
  g_source_attach (self->timer, context);

  return self;
}

GCancellable *
mc_deadline_get_cancellable (McDeadline *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->cancellable;
}

/* TRUE when the deadline passed (and not merely the parent was cancelled). */
gboolean
mc_deadline_expired (McDeadline *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->expired && !mc_deadline_parent_cancelled (self);
}

gboolean
mc_deadline_parent_cancelled (McDeadline *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->parent != NULL && g_cancellable_is_cancelled (self->parent);
}

void
mc_deadline_free (McDeadline *self)
{
  if (self == NULL)
    return;

  if (self->parent_source != NULL)
    {
      g_source_destroy (self->parent_source);
      g_source_unref (self->parent_source);
    }
  g_source_destroy (self->timer);
  g_source_unref (self->timer);
  g_clear_object (&self->parent);
  g_clear_object (&self->cancellable);
  g_free (self);
}
