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
  GtkWidget *popover;
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

  /* An open popover is a surface of its own, placed relative to the
   * window's surface: drawn on top, where it shows on the screen. */
  if (shot->popover != NULL)
    {
      g_autoptr(GdkPaintable) popover = gtk_widget_paintable_new (shot->popover);
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (shot->popover));
      double window_x, window_y, popover_x, popover_y;

      gtk_native_get_surface_transform (GTK_NATIVE (shot->window), &window_x, &window_y);
      gtk_native_get_surface_transform (GTK_NATIVE (shot->popover), &popover_x, &popover_y);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (gdk_popup_get_position_x (GDK_POPUP (surface)) + popover_x - window_x,
                                                    gdk_popup_get_position_y (GDK_POPUP (surface)) + popover_y - window_y));
      gdk_paintable_snapshot (popover, GDK_SNAPSHOT (snapshot),
                              gtk_widget_get_width (shot->popover),
                              gtk_widget_get_height (shot->popover));
      gtk_snapshot_restore (snapshot);
    }

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
      if (shot->popover != NULL)
        gtk_widget_queue_draw (shot->popover);
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
  gboolean varied = FALSE;
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
      if (!varied && i > 0)
        varied = memcmp (pixels, pixels + i, 4) != 0;
    }
  /* Ink alone would let a picture of one dark colour pass: a blank or
   * unrendered surface is one colour, whichever it is. */
  g_assert_true (varied);
  g_test_message ("%s: %.1f %% ink", path, 100.0 * ink / ((gsize) width * height));
  g_assert_cmpfloat ((double) ink / ((gsize) width * height), >, min_ink);
  return g_steal_pointer (&texture);
}

char *
mc_test_save_screenshot_as (GtkWidget  *window,
                            GtkWidget  *popover,
                            const char *file)
{
  Shot shot = { window, popover, NULL, 0, FALSE };
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  g_return_val_if_fail (GTK_IS_NATIVE (window), NULL);
  g_return_val_if_fail (popover == NULL || GTK_IS_NATIVE (popover), NULL);
  g_return_val_if_fail (file != NULL, NULL);

  shot.path = g_test_build_filename (G_TEST_BUILT, file, NULL);
  g_remove (shot.path);

  gtk_widget_add_tick_callback (window, shot_tick_cb, &shot, NULL);
  gtk_widget_queue_draw (window);
  mc_test_iterate_until (&shot.done, SHOT_TIMEOUT_MS);

  g_assert_true (g_file_test (shot.path, G_FILE_TEST_IS_REGULAR));
  g_test_message ("Screenshot: %s", shot.path);
  /* Read back: the window's whole size as it is now, after its first
   * allocations (so no row was cut off), not one flat colour, and not
   * blank: a window background is light grey, so "ink" here is anything
   * darker than it. */
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  texture = mc_test_assert_png (shot.path, width, width, height, height, 0.0);
  return shot.path;
}

char *
mc_test_save_screenshot_with_popover (GtkWidget  *window,
                                      GtkWidget  *popover,
                                      const char *name)
{
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, lang && *lang ? lang : "C");

  return mc_test_save_screenshot_as (window, popover, file);
}

char *
mc_test_save_screenshot (GtkWidget  *window,
                         const char *name)
{
  return mc_test_save_screenshot_with_popover (window, NULL, name);
}
