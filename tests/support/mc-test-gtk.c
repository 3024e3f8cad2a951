/* mc-test-gtk.c: helpers for the window tests: finding widgets, screenshots, PNG checks.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "mc-test-gtk.h"
#include "mc-test-net.h"

#define SHOT_TIMEOUT_MS 10000

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

GPtrArray *
mc_test_find_widgets (GtkWidget *root,
                      GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_widgets (root, type, found);
  return found;
}

void
mc_test_drain_main_context (void)
{
  for (guint i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

typedef struct
{
  GtkWidget *window;
  char      *path;
  guint      ticks;
  gboolean   done;
} Shot;

static void
take_shot (gpointer user_data)
{
  Shot *shot = user_data;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (shot->window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (shot->window);
  int height = gtk_widget_get_height (shot->window);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (shot->window));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, shot->path));

  shot->done = TRUE;
}

/* The window has drawn twice by the third tick: take the picture from an
 * idle, outside the frame clock's paint cycle. */
static gboolean
shot_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  Shot *shot = user_data;

  if (++shot->ticks < 3)
    {
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }

  g_idle_add_once (take_shot, shot);
  return G_SOURCE_REMOVE;
}

GdkTexture *
mc_test_assert_png (const char *path,
                    int         min_width,
                    int         max_width,
                    int         min_height,
                    int         max_height,
                    double      min_ink)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  gsize stride, size, ink = 0;
  int width, height;

  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_test_message ("%s: %d×%d", path, width, height);
  g_assert_cmpint (width, >=, min_width);
  g_assert_cmpint (width, <=, max_width);
  g_assert_cmpint (height, >=, min_height);
  g_assert_cmpint (height, <=, max_height);

  /* Downloaded as B8G8R8A8 premultiplied (native-endian ARGB32). */
  stride = (gsize) width * 4;
  size = stride * (gsize) height;
  pixels = g_malloc (size);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 0; i < size; i += 4)
    {
      if (pixels[i] < 0xf0 || pixels[i + 1] < 0xf0 || pixels[i + 2] < 0xf0)
        ink++;
    }
  g_test_message ("%s: %.1f %% ink", path, 100.0 * ink / ((gsize) width * height));
  g_assert_cmpfloat ((double) ink / ((gsize) width * height), >, min_ink);
  return g_steal_pointer (&texture);
}

char *
mc_test_save_screenshot (GtkWidget  *window,
                         const char *name)
{
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, lang && *lang ? lang : "C");
  Shot shot = { window, NULL, 0, FALSE };
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  shot.path = g_test_build_filename (G_TEST_BUILT, file, NULL);
  g_remove (shot.path);

  gtk_widget_add_tick_callback (window, shot_tick_cb, &shot, NULL);
  gtk_widget_queue_draw (window);
  mc_test_iterate_until (&shot.done, SHOT_TIMEOUT_MS);

  g_assert_true (g_file_test (shot.path, G_FILE_TEST_IS_REGULAR));
  g_test_message ("Screenshot: %s", shot.path);
  /* The window's size, and not one flat colour: a window background is
   * light grey, so "ink" here is anything darker than it. */
  texture = mc_test_assert_png (shot.path, width, width, height, height, 0.0);
  return shot.path;
}
