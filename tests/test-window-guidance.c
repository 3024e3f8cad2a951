/* test-window-guidance.c: every guidance entry as the window shows it, in screenshots to read.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No checkup could produce every entry of the catalogue, so this test makes
 * one finding per entry (a status, a sample summary, the entry's id) and
 * shows each in the window's own finding row, opened to its guidance, a few
 * rows to a tall window. Each window is saved as catalogue-LANG-NN.png in
 * the build's tests folder, for people to read the entries as users see
 * them. Every label must draw all its characters, and in Japanese no
 * guidance text may be left in English.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mc-finding-row.h"
#include "mc-guidance.h"
#include "mc-i18n.h"
#include "mc-test-gtk.h"
#include "mc-test-net.h"

#define ENTRIES_PER_SHOT 4

static const char *
language (void)
{
  const char *lang = g_getenv ("LANGUAGE");

  return lang != NULL && *lang != '\0' ? lang : "C";
}

static gboolean
is_japanese (void)
{
  return g_str_has_prefix (language (), "ja");
}

/* The box of a row's expansion that holds its guidance (style class
 * "guidance": the McGuidanceView in ui/mc-finding-row.ui). */
static GtkWidget *
find_guidance_box (GtkWidget *row)
{
  g_autoptr(GPtrArray) boxes = mc_test_find_widgets (row, GTK_TYPE_BOX);

  for (guint i = 0; i < boxes->len; i++)
    {
      if (gtk_widget_has_css_class (boxes->pdata[i], "guidance"))
        return boxes->pdata[i];
    }
  g_assert_not_reached ();
}

/* The window's style sheet, which a window made without the application
 * (as here) does not get by itself. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static gboolean
has_letters (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        return TRUE;
    }
  return FALSE;
}

/* Whether text is one of the entry's English source strings. */
static gboolean
is_english_source (const McGuidance *g,
                   const char       *text)
{
  if (g_strcmp0 (text, g->title) == 0 || g_strcmp0 (text, g->meaning) == 0)
    return TRUE;
  for (guint c = 0; c < MC_GUIDANCE_MAX_CAUSES && g->causes[c] != NULL; c++)
    {
      if (g_str_equal (text, g->causes[c]))
        return TRUE;
    }
  for (guint s = 0; s < MC_GUIDANCE_MAX_STEPS && g->steps[s] != NULL; s++)
    {
      if (g_str_equal (text, g->steps[s]))
        return TRUE;
    }
  return FALSE;
}

/* Every label the person can see draws each of its characters; in
 * Japanese, no guidance label is left in English: none is the English
 * source text, and none is plain ASCII words. */
static void
check_labels (GtkWidget         *window,
              GPtrArray         *rows,
              const McGuidance **entries,
              GString           *missing_glyphs,
              GString           *english)
{
  g_autoptr(GPtrArray) labels = mc_test_find_widgets (window, GTK_TYPE_LABEL);
  guint checked = 0;

  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = labels->pdata[i];
      const char *text = gtk_label_get_text (label);

      if (!gtk_widget_is_drawable (GTK_WIDGET (label)) || text == NULL || *text == '\0')
        continue;
      if (pango_layout_get_unknown_glyphs_count (gtk_label_get_layout (label)) != 0)
        g_string_append_printf (missing_glyphs, "\n  “%s”", text);
      checked++;
    }
  g_assert_cmpuint (checked, >, rows->len * 3);

  if (!is_japanese ())
    return;

  for (guint r = 0; r < rows->len; r++)
    {
      GtkWidget *box = find_guidance_box (rows->pdata[r]);
      g_autoptr(GPtrArray) guidance_labels = mc_test_find_widgets (box, GTK_TYPE_LABEL);
      guint shown = 0;

      g_assert_true (gtk_widget_is_drawable (box));
      for (guint i = 0; i < guidance_labels->len; i++)
        {
          GtkLabel *label = guidance_labels->pdata[i];
          const char *text = gtk_label_get_text (label);

          if (!gtk_widget_is_drawable (GTK_WIDGET (label)) || text == NULL || *text == '\0')
            continue;
          /* A link's label is its web address, the same in every language. */
          if (gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_LINK_BUTTON) != NULL)
            continue;
          shown++;
          if (is_english_source (entries[r], text) || (g_str_is_ascii (text) && has_letters (text)))
            g_string_append_printf (english, "\n  %s: “%s”", entries[r]->id, text);
        }
      /* The title, the meaning, a step at least. */
      g_assert_cmpuint (shown, >=, 3);
    }
}

/* A window like the main one: rows in a group, each opened to its guidance. */
static GtkWidget *
make_window (const McGuidance **entries,
             guint              n_entries,
             guint              first,
             GPtrArray         *rows)
{
  static const McStatus statuses[] = { MC_STATUS_FAIL, MC_STATUS_WARN, MC_STATUS_INFO,
                                       MC_STATUS_ERROR };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  /* The summary is the test's own sample, not from the catalogue. */
  const char *summary = is_japanese ()
                        ? "見本の要約です。この行を開くと、下に説明が表示されます。"
                        : "A sample summary. Open the row to read the guidance below.";

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_box_append (GTK_BOX (box), group);
  gtk_window_set_child (GTK_WINDOW (window), box);

  for (guint i = 0; i < n_entries; i++)
    {
      const McGuidance *g = entries[i];
      /* The row's title names the entry, so that the pictures can be
       * matched with the catalogue. */
      g_autoptr(McFinding) finding = mc_finding_new (g->id, MC_GROUP_SERVER, g->id);
      GtkWidget *row;

      mc_finding_complete (finding, statuses[(first + i) % G_N_ELEMENTS (statuses)], g->id, "%s",
                           summary);
      row = mc_finding_row_new (finding);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (row)));
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      g_ptr_array_add (rows, row);
    }

  /* As wide as the main window usually is; as tall as the rows need. */
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 400);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  mc_test_drain_main_context ();
}

static void
test_catalogue (void)
{
  g_autoptr(GString) missing_glyphs = g_string_new (NULL);
  g_autoptr(GString) english = g_string_new (NULL);
  const McGuidance *all;
  guint n = 0;
  guint n_shots = 0;

  all = mc_guidance_get_all (&n);
  g_assert_cmpuint (n, >, 0);

  for (guint first = 0; first < n; first += ENTRIES_PER_SHOT)
    {
      const McGuidance *entries[ENTRIES_PER_SHOT];
      guint n_entries = MIN (ENTRIES_PER_SHOT, n - first);
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      g_autoptr(GString) ids = g_string_new (NULL);
      g_autofree char *file = NULL;
      GtkWidget *window;

      for (guint i = 0; i < n_entries; i++)
        {
          entries[i] = &all[first + i];
          g_string_append_printf (ids, " %s", entries[i]->id);
        }

      window = make_window (entries, n_entries, first, rows);
      file = g_strdup_printf ("catalogue-%s-%02u.png", language (), ++n_shots);
      g_free (mc_test_save_screenshot_as (window, NULL, file));
      g_test_message ("%s:%s", file, ids->str);

      check_labels (window, rows, entries, missing_glyphs, english);
      close_window (window);
    }

  g_test_message ("%u entries in %u screenshots in %s", n, n_shots,
                  g_test_get_dir (G_TEST_BUILT));
  if (missing_glyphs->len > 0)
    g_test_fail_printf ("Labels with missing glyphs:%s", missing_glyphs->str);
  if (english->len > 0)
    g_test_fail_printf ("Guidance left in English in the window:%s", english->str);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  /* Reproducible pictures and no accessibility bus. */
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* A home of the test's own, before any thread starts: nothing of the
   * person running the tests is read. */
  home = mc_test_make_home ();

  gtk_init ();
  mc_i18n_init ();
  adw_init ();
  load_style ();
  /* Rows open at once, not half-way through an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/window-guidance/catalogue", test_catalogue);

  status = g_test_run ();

  mc_test_rm_rf (home);
  return status;
}
