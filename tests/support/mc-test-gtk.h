/* mc-test-gtk.h: helpers for the window tests: finding widgets, screenshots, PNG checks.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Every widget of type under root (root included), in tree order. */
GPtrArray  *mc_test_find_widgets        (GtkWidget   *root,
                                         GType        type);
/* Lets pending sources run (bounded), e.g. after closing a window. */
void        mc_test_drain_main_context  (void);
/* Saves what the window shows as name-LANG.png in the build folder (LANG
 * from $LANGUAGE), checks that the file has the window's size and is not
 * one flat colour, and returns its path. */
char       *mc_test_save_screenshot     (GtkWidget   *window,
                                         const char  *name);
/* The same, with an open popover (a surface of its own) drawn over the
 * window where it shows on the screen. */
char       *mc_test_save_screenshot_with_popover (GtkWidget  *window,
                                                  GtkWidget  *popover,
                                                  const char *name);
/* The same again, saved under a file name of the caller's own (in the
 * build folder) for names that are not name-LANG.png; popover may be
 * NULL. */
char       *mc_test_save_screenshot_as  (GtkWidget   *window,
                                         GtkWidget   *popover,
                                         const char  *file);
/* Loads a PNG and checks it: width and height within bounds, not one flat
 * colour, and more than min_ink (0–1) of its pixels not white. Returns the
 * texture. */
GdkTexture *mc_test_assert_png          (const char  *path,
                                         int          min_width,
                                         int          max_width,
                                         int          min_height,
                                         int          max_height,
                                         double       min_ink);

G_END_DECLS
