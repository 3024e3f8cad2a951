/* mc-report-image.c: draws a report as one PNG for a support chat.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The image is drawn with Cairo and Pango alone, not from the window's
 * widgets: it needs no display, comes out the same on every run, and always
 * shows every finding with its guidance expanded, whatever the window shows
 * at the moment. It is laid out once onto a recording surface, which gives
 * its height, then painted onto an image surface of exactly that size.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

/* After GTK: its _() honours the language pushed for this image. */
#include "mc-i18n.h"

#include "mc-guidance.h"
#include "mc-report-image-private.h"
#include "mc-version.h"

/* Layout, in pixels at 100 %. */
#define MARGIN            28
#define CONTENT_RIGHT     (MC_REPORT_IMAGE_WIDTH - MARGIN)
#define BANNER_PADDING    24
#define BANNER_TEXT_X     (MARGIN + BANNER_PADDING + 2 * MC_REPORT_IMAGE_LIGHT_RADIUS + 20.0)
#define ROW_LIGHT_RADIUS  10.0
#define ROW_TEXT_X        (MARGIN + 2 * ROW_LIGHT_RADIUS + 16.0)
#define GUIDANCE_X        (ROW_TEXT_X + 16.0)
#define STEP_TEXT_X       (GUIDANCE_X + 26.0)

/* A long summary or transcript must not make an image nobody scrolls
 * through; the text report has everything. */
#define MAX_TEXT_CHARS     1500
#define MAX_DETAIL_LINES   12
#define MAX_DETAIL_CHARS   240
/* Room kept for the largest possible row and the footer, so that the image
 * stops at a row boundary before it reaches its cap. */
#define ROW_RESERVE        2000.0

/* The banner's light sits in its corner, where the tests look for it. */
G_STATIC_ASSERT (MC_REPORT_IMAGE_LIGHT_X == MARGIN + BANNER_PADDING + MC_REPORT_IMAGE_LIGHT_RADIUS);
G_STATIC_ASSERT (MC_REPORT_IMAGE_LIGHT_Y == MARGIN + BANNER_PADDING + MC_REPORT_IMAGE_LIGHT_RADIUS);

#define BODY_FAMILY       "Cantarell, Noto Sans CJK JP, sans"
#define MONO_FAMILY       "Noto Sans Mono CJK JP, monospace"

typedef struct
{
  double red, green, blue;
} Rgb;

/* The libadwaita palette. */
static const Rgb white      = { 1.0, 1.0, 1.0 };
static const Rgb heading_fg = { 0x24 / 255.0, 0x1f / 255.0, 0x31 / 255.0 };
static const Rgb body_fg    = { 0x3d / 255.0, 0x38 / 255.0, 0x46 / 255.0 };
static const Rgb dim_fg     = { 0x5e / 255.0, 0x5c / 255.0, 0x64 / 255.0 };
static const Rgb rule       = { 0xde / 255.0, 0xdd / 255.0, 0xda / 255.0 };
static const Rgb code_bg    = { 0xf6 / 255.0, 0xf5 / 255.0, 0xf4 / 255.0 };

typedef struct
{
  Rgb fill;    /* the light */
  Rgb tint;    /* the banner's background and border */
  Rgb text;    /* the status word: dark enough to read on white */
  Rgb shape;   /* the shape inside the light */
} StatusColours;

static void
status_colours (McStatus       status,
                StatusColours *out)
{
  static const StatusColours green = {
    { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0 }, { 0x2e / 255.0, 0xc2 / 255.0, 0x7e / 255.0 },
    { 0x1b / 255.0, 0x85 / 255.0, 0x53 / 255.0 }, { 1.0, 1.0, 1.0 },
  };
  /* White on amber is too faint: the shape is dark, as libadwaita draws on
   * its warning colour. */
  static const StatusColours amber = {
    { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0 }, { 0xf6 / 255.0, 0xd3 / 255.0, 0x2d / 255.0 },
    { 0x9c / 255.0, 0x6e / 255.0, 0x03 / 255.0 }, { 0x24 / 255.0, 0x1f / 255.0, 0x31 / 255.0 },
  };
  static const StatusColours red = {
    { 0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0 }, { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0 },
    { 0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0 }, { 1.0, 1.0, 1.0 },
  };
  static const StatusColours grey = {
    { 0x77 / 255.0, 0x76 / 255.0, 0x7b / 255.0 }, { 0x9a / 255.0, 0x99 / 255.0, 0x96 / 255.0 },
    { 0x5e / 255.0, 0x5c / 255.0, 0x64 / 255.0 }, { 1.0, 1.0, 1.0 },
  };
  static const StatusColours blue = {
    { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0 }, { 0x62 / 255.0, 0xa0 / 255.0, 0xea / 255.0 },
    { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0 }, { 1.0, 1.0, 1.0 },
  };

  switch (status)
    {
    case MC_STATUS_OK:      *out = green; break;
    case MC_STATUS_WARN:    *out = amber; break;
    case MC_STATUS_FAIL:    *out = red; break;
    case MC_STATUS_INFO:    *out = blue; break;
    case MC_STATUS_ERROR:
    case MC_STATUS_SKIPPED:
    case MC_STATUS_PENDING:
    case MC_STATUS_RUNNING:
    default:                *out = grey; break;
    }
}

static void
set_source (cairo_t   *cr,
            const Rgb *colour,
            double     alpha)
{
  cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, alpha);
}

typedef enum
{
  STYLE_TITLE,      /* the verdict */
  STYLE_LEAD,       /* the verdict sentence */
  STYLE_HEADING,    /* a group */
  STYLE_STRONG,     /* a finding's title, a heading inside the guidance */
  STYLE_BODY,
  STYLE_SMALL,      /* the account line, the footer */
  STYLE_MONO,       /* technical details */
  N_STYLES
} Style;

/* Font size and line height of each style, in pixels. */
static const int font_sizes[N_STYLES] = {
  [STYLE_TITLE] = 24, [STYLE_LEAD] = 16, [STYLE_HEADING] = 18, [STYLE_STRONG] = 15,
  [STYLE_BODY] = 15, [STYLE_SMALL] = 13, [STYLE_MONO] = 13,
};
static const int line_heights[N_STYLES] = {
  [STYLE_TITLE] = 31, [STYLE_LEAD] = 24, [STYLE_HEADING] = 25, [STYLE_STRONG] = 22,
  [STYLE_BODY] = 22, [STYLE_SMALL] = 19, [STYLE_MONO] = 18,
};

typedef struct
{
  cairo_t              *cr;
  PangoContext         *context;
  PangoFontDescription *fonts[N_STYLES];
  McReport             *report;
  gboolean              redact;
  GPtrArray            *texts;   /* McReportImageText, or NULL */
  guint                 n_unknown_glyphs;
  double                y;
} Painter;

void
mc_report_image_text_free (McReportImageText *text)
{
  if (text == NULL)
    return;
  g_free (text->text);
  g_free (text);
}

static PangoFontDescription *
make_font (const char  *family,
           double       pixels,
           PangoWeight  weight)
{
  PangoFontDescription *font = pango_font_description_from_string (family);

  /* Pixels, not points, so that no resolution setting changes the size. */
  pango_font_description_set_absolute_size (font, pixels * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  return font;
}

static void
painter_init (Painter    *p,
              cairo_t    *cr,
              McReport   *report,
              gboolean    redact,
              GPtrArray  *texts)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  cairo_font_options_t *options = cairo_font_options_create ();
  const char *language = mc_i18n_get_language ();

  memset (p, 0, sizeof *p);
  p->cr = cr;
  p->report = report;
  p->redact = redact;
  p->texts = texts;
  p->y = MARGIN;

  /* Fixed font options make the image the same whatever the desktop's
   * settings: grey anti-aliasing (no colour fringes when a chat program
   * scales the image) and slight hinting for crisp text at 100 %. */
  p->context = pango_font_map_create_context (font_map);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_ON);
  pango_cairo_context_set_font_options (p->context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (p->context, 96.0);
  /* The language picks Japanese glyph forms and Japanese line breaking. */
  pango_context_set_language (p->context, pango_language_from_string (language));
  pango_cairo_update_context (cr, p->context);

  for (Style style = 0; style < N_STYLES; style++)
    {
      gboolean bold = style == STYLE_TITLE || style == STYLE_HEADING || style == STYLE_STRONG;

      p->fonts[style] = make_font (style == STYLE_MONO ? MONO_FAMILY : BODY_FAMILY,
                                   font_sizes[style],
                                   bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    }
}

static void
painter_clear (Painter *p)
{
  for (guint i = 0; i < N_STYLES; i++)
    g_clear_pointer (&p->fonts[i], pango_font_description_free);
  g_clear_object (&p->context);
}


/* At most max_chars characters of text, with "…" when some were left out. */
static char *
truncate_text (const char *text,
               glong       max_chars)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);
  head = g_strndup (text, g_utf8_offset_to_pointer (text, max_chars) - text);
  return g_strconcat (head, "…", NULL);
}

/* A layout of text in a style, wrapped to width (none when width is 0).
 * Every text the image shows goes through here, so that the tests see it. */
static PangoLayout *
make_layout (Painter    *p,
             const char *text,
             Style       style,
             double      width,
             gboolean    verbatim)
{
  /* Server replies may carry bytes that are not UTF-8; Pango takes only UTF-8. */
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *shown = truncate_text (valid, MAX_TEXT_CHARS);
  PangoLayout *layout = pango_layout_new (p->context);

  pango_layout_set_font_description (layout, p->fonts[style]);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, shown, -1);
  /* A fixed line height, with some air: Japanese reads badly packed, and
   * a line with Latin letters would otherwise stand further apart than
   * one in Japanese only, since the fonts differ in height. */
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_line_height_new_absolute (line_heights[style] * PANGO_SCALE));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }
  p->n_unknown_glyphs += (guint) pango_layout_get_unknown_glyphs_count (layout);

  if (p->texts != NULL)
    {
      McReportImageText *record = g_new0 (McReportImageText, 1);

      record->text = g_steal_pointer (&shown);
      record->verbatim = verbatim;
      g_ptr_array_add (p->texts, record);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* The vertical middle of the layout's first line, from its top: where a
 * light beside it is centred. */
static double
first_line_middle (PangoLayout *layout)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
  PangoRectangle logical;
  double baseline = pango_layout_get_baseline (layout) / (double) PANGO_SCALE;

  if (line == NULL)
    return 0;
  pango_layout_line_get_pixel_extents (line, NULL, &logical);
  return baseline + logical.y + logical.height / 2.0;
}

static void
show_layout (Painter     *p,
             PangoLayout *layout,
             double       x,
             double       y,
             const Rgb   *colour)
{
  set_source (p->cr, colour, 1.0);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
}

/* Draws text at (x, y), wrapped to width; returns its height. */
static double
draw_text (Painter    *p,
           const char *text,
           Style       style,
           double      x,
           double      y,
           double      width,
           const Rgb  *colour,
           gboolean    verbatim)
{
  g_autoptr(PangoLayout) layout = make_layout (p, text, style, width, verbatim);

  show_layout (p, layout, x, y, colour);
  return layout_height (layout);
}

/* Draws text at the painter's position and moves below it. */
static void
add_text (Painter    *p,
          const char *text,
          Style       style,
          double      x,
          const Rgb  *colour,
          gboolean    verbatim)
{
  p->y += draw_text (p, text, style, x, p->y, CONTENT_RIGHT - x, colour, verbatim);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
horizontal_rule (Painter *p,
                 double   x,
                 double   y)
{
  set_source (p->cr, &rule, 1.0);
  cairo_rectangle (p->cr, x, floor (y), CONTENT_RIGHT - x, 1);
  cairo_fill (p->cr);
}

/* A status light: a disc in the status's colour with the status's shape in
 * it, so that it reads without colour too (as the window's lights do). */
static void
draw_light (cairo_t  *cr,
            double    cx,
            double    cy,
            double    radius,
            McStatus  status)
{
  StatusColours colours;

  status_colours (status, &colours);
  cairo_save (cr);
  cairo_new_path (cr);

  if (status == MC_STATUS_PENDING || status == MC_STATUS_RUNNING)
    {
      /* Not finished: an empty ring, as in the window. */
      set_source (cr, &colours.fill, 1.0);
      cairo_set_line_width (cr, radius * 0.2);
      cairo_arc (cr, cx, cy, radius * 0.9, 0, 2 * G_PI);
      cairo_stroke (cr);
      cairo_restore (cr);
      return;
    }

  set_source (cr, &colours.fill, 1.0);
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  cairo_fill (cr);

  /* The shapes are drawn on a disc of radius 1. */
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, radius, radius);
  set_source (cr, &colours.shape, 1.0);
  cairo_set_line_width (cr, 0.18);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  switch (status)
    {
    case MC_STATUS_OK:
      /* A check mark. */
      cairo_move_to (cr, -0.42, 0.02);
      cairo_line_to (cr, -0.12, 0.32);
      cairo_line_to (cr, 0.44, -0.30);
      cairo_stroke (cr);
      break;

    case MC_STATUS_FAIL:
      /* A cross. */
      cairo_move_to (cr, -0.34, -0.34);
      cairo_line_to (cr, 0.34, 0.34);
      cairo_move_to (cr, 0.34, -0.34);
      cairo_line_to (cr, -0.34, 0.34);
      cairo_stroke (cr);
      break;

    case MC_STATUS_WARN:
      /* An exclamation mark. */
      cairo_move_to (cr, 0, -0.5);
      cairo_line_to (cr, 0, 0.1);
      cairo_stroke (cr);
      cairo_arc (cr, 0, 0.42, 0.12, 0, 2 * G_PI);
      cairo_fill (cr);
      break;

    case MC_STATUS_INFO:
      /* An "i". */
      cairo_arc (cr, 0, -0.45, 0.12, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_move_to (cr, 0, -0.14);
      cairo_line_to (cr, 0, 0.5);
      cairo_stroke (cr);
      break;

    case MC_STATUS_ERROR:
      /* A question mark: a hook over a short stem, and a dot. */
      cairo_arc (cr, 0, -0.2, 0.28, G_PI, 2.4 * G_PI);
      cairo_line_to (cr, 0, 0.16);
      cairo_stroke (cr);
      cairo_arc (cr, 0, 0.45, 0.12, 0, 2 * G_PI);
      cairo_fill (cr);
      break;

    case MC_STATUS_SKIPPED:
      /* A dash. */
      cairo_move_to (cr, -0.42, 0);
      cairo_line_to (cr, 0.42, 0);
      cairo_stroke (cr);
      break;

    case MC_STATUS_PENDING:
    case MC_STATUS_RUNNING:
    default:
      break;
    }
  cairo_restore (cr);
}

/* The account the check was for: address (masked when asked), server and
 * port, security. */
static char *
dup_account_line (Painter *p)
{
  McAccount *account = mc_report_get_account (p->report);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *email;
  const char *host;

  if (account == NULL)
    return NULL;
  email = mc_account_get_email (account);
  host = mc_account_get_host (account);
  if (email != NULL && *email != '\0')
    g_ptr_array_add (parts, mc_report_redact_text (p->report, email, p->redact));
  if (host != NULL && *host != '\0')
    g_ptr_array_add (parts, g_strdup_printf ("%s:%u", host,
                                             (guint) mc_account_get_effective_port (account)));
  g_ptr_array_add (parts, g_strdup (mc_security_get_label (mc_account_get_security (account))));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* The verdict: the big light, the verdict in a few words, the sentence
 * naming the root cause and what to do, and what was checked, when, with
 * which version. */
static void
draw_banner (Painter *p)
{
  McStatus light = mc_report_get_verdict_light (p->report);
  double top = p->y;
  double text_width = CONTENT_RIGHT - BANNER_PADDING - BANNER_TEXT_X;
  double text_height;
  double height;
  StatusColours colours;
  g_autofree char *sentence = mc_report_dup_verdict_sentence (p->report, p->redact);
  g_autofree char *account_line = dup_account_line (p);
  g_autofree char *when = mc_report_dup_started_at_text (p->report);
  /* Translators: %s is the date and time of the check. */
  g_autofree char *checked = g_strdup_printf (_("Checked on %s"), when != NULL ? when : "");
  /* Translators: the program's name and %s its version, under the verdict. */
  g_autofree char *version = g_strdup_printf (_("Mail Checkup %s"), mc_version_get_display ());
  g_autofree char *stamp = g_strdup_printf ("%s · %s", checked, version);
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) lead = NULL;
  g_autoptr(PangoLayout) account = NULL;
  g_autoptr(PangoLayout) meta = NULL;
  double y;

  title = make_layout (p, mc_report_get_verdict_title (p->report), STYLE_TITLE, text_width, FALSE);
  if (sentence != NULL && *sentence != '\0')
    lead = make_layout (p, sentence, STYLE_LEAD, text_width, FALSE);
  if (account_line != NULL)
    account = make_layout (p, account_line, STYLE_SMALL, text_width, TRUE);
  meta = make_layout (p, stamp, STYLE_SMALL, text_width, TRUE);

  text_height = layout_height (title)
                + (lead != NULL ? 6 + layout_height (lead) : 0)
                + 14
                + (account != NULL ? layout_height (account) + 2 : 0)
                + layout_height (meta);
  height = MAX (text_height, 2 * MC_REPORT_IMAGE_LIGHT_RADIUS) + 2 * BANNER_PADDING;

  /* A pale wash of the verdict's colour, so that the state shows at a
   * glance even in a thumbnail. */
  status_colours (light, &colours);
  rounded_rectangle (p->cr, MARGIN + 0.75, top + 0.75,
                     CONTENT_RIGHT - MARGIN - 1.5, height - 1.5, 14);
  set_source (p->cr, &colours.tint, 0.10);
  cairo_fill_preserve (p->cr);
  set_source (p->cr, &colours.tint, 0.55);
  cairo_set_line_width (p->cr, 1.5);
  cairo_stroke (p->cr);

  draw_light (p->cr, MC_REPORT_IMAGE_LIGHT_X, MC_REPORT_IMAGE_LIGHT_Y,
              MC_REPORT_IMAGE_LIGHT_RADIUS, light);

  y = top + BANNER_PADDING;
  show_layout (p, title, BANNER_TEXT_X, y, &heading_fg);
  y += layout_height (title);
  if (lead != NULL)
    {
      y += 6;
      show_layout (p, lead, BANNER_TEXT_X, y, &body_fg);
      y += layout_height (lead);
    }
  y += 14;
  if (account != NULL)
    {
      show_layout (p, account, BANNER_TEXT_X, y, &dim_fg);
      y += layout_height (account) + 2;
    }
  show_layout (p, meta, BANNER_TEXT_X, y, &dim_fg);

  p->y = top + height;
}

static const char *
translate (const char *text)
{
  /* gettext maps "" to the catalogue's header. */
  return (text != NULL && *text != '\0') ? _(text) : NULL;
}

/* The technical details in a grey monospace block, cut to a few lines:
 * a long transcript belongs in the text report, not in a picture. */
static void
draw_details (Painter    *p,
              const char *details)
{
  g_auto(GStrv) lines = g_strsplit (details, "\n", -1);
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autoptr(PangoLayout) layout = NULL;
  guint n_lines = g_strv_length (lines);
  guint n_shown;
  double height;

  /* Blank lines at the end are dropped; the others keep their leading
   * spaces, which align the columns of a transcript. */
  while (n_lines > 0 && lines[n_lines - 1][strspn (lines[n_lines - 1], " \t\r")] == '\0')
    n_lines--;
  if (n_lines == 0)
    return;
  n_shown = MIN (n_lines, MAX_DETAIL_LINES);
  for (guint i = 0; i < n_shown; i++)
    {
      g_autofree char *line = truncate_text (lines[i], MAX_DETAIL_CHARS);

      if (i > 0)
        g_string_append_c (shown, '\n');
      g_string_append (shown, line);
    }

  p->y += 10;
  add_text (p, _("Technical details"), STYLE_STRONG, GUIDANCE_X, &heading_fg, FALSE);
  p->y += 6;
  layout = make_layout (p, shown->str, STYLE_MONO, CONTENT_RIGHT - GUIDANCE_X - 24, TRUE);
  height = layout_height (layout) + 16;
  rounded_rectangle (p->cr, GUIDANCE_X, p->y, CONTENT_RIGHT - GUIDANCE_X, height, 6);
  set_source (p->cr, &code_bg, 1.0);
  cairo_fill (p->cr);
  show_layout (p, layout, GUIDANCE_X + 12, p->y + 8, &heading_fg);
  p->y += height;

  if (n_lines > n_shown)
    {
      guint rest = n_lines - n_shown;
      g_autofree char *note =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "… and %u more line (the text report has them all)",
                                      "… and %u more lines (the text report has them all)",
                                      rest),
                         rest);

      p->y += 4;
      add_text (p, note, STYLE_SMALL, GUIDANCE_X, &dim_fg, FALSE);
    }
}

/* What a finding that is not green means, the steps to take, who can help,
 * and the evidence, behind a bar in the finding's colour. */
static void
draw_guidance (Painter       *p,
               McFinding     *finding,
               StatusColours *colours)
{
  const McGuidance *guidance = mc_guidance_lookup (mc_finding_get_guidance (finding));
  g_autofree char *details = mc_report_redact_text (p->report, mc_finding_get_details (finding),
                                                    p->redact);
  double top;

  if (guidance == NULL && (details == NULL || *details == '\0'))
    return;

  p->y += 12;
  top = p->y;

  if (guidance != NULL)
    {
      const char *contact = mc_contact_get_label (guidance->contact);

      if (translate (guidance->title) != NULL)
        add_text (p, translate (guidance->title), STYLE_STRONG, GUIDANCE_X, &heading_fg, FALSE);
      if (translate (guidance->meaning) != NULL)
        {
          p->y += 2;
          add_text (p, translate (guidance->meaning), STYLE_BODY, GUIDANCE_X, &body_fg, FALSE);
        }

      if (translate (guidance->steps[0]) != NULL)
        {
          p->y += 10;
          add_text (p, _("What to do"), STYLE_STRONG, GUIDANCE_X, &heading_fg, FALSE);
          for (guint i = 0; i < MC_GUIDANCE_MAX_STEPS && translate (guidance->steps[i]) != NULL; i++)
            {
              g_autofree char *number = g_strdup_printf ("%u.", i + 1);
              double height;

              p->y += 4;
              /* A hanging indent: the number stands out on the left. */
              height = draw_text (p, number, STYLE_BODY, GUIDANCE_X + 2, p->y, 0, &colours->text, TRUE);
              height = MAX (height, draw_text (p, translate (guidance->steps[i]), STYLE_BODY,
                                               STEP_TEXT_X, p->y, CONTENT_RIGHT - STEP_TEXT_X,
                                               &body_fg, FALSE));
              p->y += height;
            }
        }

      if (contact != NULL)
        {
          /* Translators: %s is who can help, such as “Your mail provider”. */
          g_autofree char *text = g_strdup_printf (_("Who can help: %s"), contact);

          p->y += 10;
          add_text (p, text, STYLE_BODY, GUIDANCE_X, &body_fg, FALSE);
        }
    }

  if (details != NULL && *details != '\0')
    draw_details (p, details);

  set_source (p->cr, &colours->fill, 1.0);
  cairo_rectangle (p->cr, ROW_TEXT_X, top, 3, p->y - top);
  cairo_fill (p->cr);
}

static gboolean
status_is_expanded (McStatus status)
{
  return status == MC_STATUS_WARN || status == MC_STATUS_FAIL || status == MC_STATUS_ERROR;
}

/* One row: light, title, status word, summary; guidance when not green. */
static void
draw_finding (Painter   *p,
              McFinding *finding,
              gboolean   first_in_group)
{
  McStatus status = mc_finding_get_status (finding);
  StatusColours colours;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) word = NULL;
  g_autofree char *summary = mc_report_redact_text (p->report, mc_finding_get_summary (finding),
                                                    p->redact);
  double top;
  double word_width;

  status_colours (status, &colours);
  if (!first_in_group)
    horizontal_rule (p, ROW_TEXT_X, p->y + 8);
  top = p->y + (first_in_group ? 12 : 18);

  word = make_layout (p, mc_status_get_label (status), STYLE_STRONG, 0, FALSE);
  word_width = layout_width (word);
  title = make_layout (p, mc_finding_get_title (finding), STYLE_STRONG,
                       CONTENT_RIGHT - ROW_TEXT_X - word_width - 16, FALSE);

  draw_light (p->cr, MARGIN + ROW_LIGHT_RADIUS + 2, top + first_line_middle (title),
              ROW_LIGHT_RADIUS, status);
  show_layout (p, title, ROW_TEXT_X, top, &heading_fg);
  show_layout (p, word, CONTENT_RIGHT - word_width, top, &colours.text);
  p->y = top + layout_height (title);

  if (summary != NULL && *summary != '\0')
    {
      p->y += 3;
      add_text (p, summary, STYLE_BODY, ROW_TEXT_X, &body_fg, FALSE);
    }

  if (status_is_expanded (status))
    draw_guidance (p, finding, &colours);
}

static void
draw_group_heading (Painter *p,
                    McGroup  group)
{
  p->y += 28;
  add_text (p, mc_group_get_title (group), STYLE_HEADING, MARGIN, &heading_fg, FALSE);
  p->y += 6;
  horizontal_rule (p, MARGIN, p->y);
  p->y += 1;
}

static void
draw_findings (Painter *p)
{
  GPtrArray *findings = mc_report_get_findings (p->report);
  int group = -1;

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      McFinding *finding = g_ptr_array_index (findings, i);
      gboolean first = FALSE;

      if (p->y > MC_REPORT_IMAGE_MAX_HEIGHT - ROW_RESERVE)
        {
          p->y += 20;
          add_text (p, _("The image stops here so that it stays readable. Copy the report as "
                         "text to send everything."),
                    STYLE_BODY, MARGIN, &dim_fg, FALSE);
          break;
        }
      if ((int) mc_finding_get_group (finding) != group)
        {
          group = mc_finding_get_group (finding);
          draw_group_heading (p, group);
          first = TRUE;
        }
      draw_finding (p, finding, first);
    }
}

static void
draw_footer (Painter *p)
{
  p->y += 28;
  horizontal_rule (p, MARGIN, p->y);
  p->y += 12;
  add_text (p,
            p->redact
            ? _("The password is never included. The user part of e-mail addresses and the "
                "user name are masked.")
            : _("The password is never included."),
            STYLE_SMALL, MARGIN, &dim_fg, FALSE);
  p->y += MARGIN;
}

/* Draws the whole image onto an image surface of the right height; texts
 * (when not NULL) receives every string drawn. */
static cairo_surface_t *
draw_report (McReport    *report,
             const char  *lang,
             gboolean     redact,
             GPtrArray   *texts,
             guint       *n_unknown_glyphs,
             GError     **error)
{
  const char *previous = NULL;
  cairo_surface_t *recording;
  cairo_surface_t *image;
  cairo_status_t status;
  cairo_t *cr;
  Painter p;
  int height;

  if (lang != NULL)
    previous = mc_i18n_push_language (lang);

  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (recording);
  painter_init (&p, cr, report, redact, texts);
  draw_banner (&p);
  draw_findings (&p);
  draw_footer (&p);
  height = (int) CLAMP (ceil (p.y), 1, MC_REPORT_IMAGE_MAX_HEIGHT);
  if (n_unknown_glyphs != NULL)
    *n_unknown_glyphs = p.n_unknown_glyphs;
  painter_clear (&p);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (lang != NULL)
    mc_i18n_pop_language (previous);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (recording);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the report image: %s"), cairo_status_to_string (status));
      return NULL;
    }

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MC_REPORT_IMAGE_WIDTH, height);
  cr = cairo_create (image);
  set_source (cr, &white, 1.0);
  cairo_paint (cr);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (recording);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (image);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the report image: %s"), cairo_status_to_string (status));
      return NULL;
    }
  cairo_surface_flush (image);
  return image;
}

GPtrArray *
mc_report_image_collect_text (McReport   *report,
                              const char *lang,
                              gboolean    redact,
                              guint      *n_unknown_glyphs)
{
  GPtrArray *texts;
  cairo_surface_t *surface;

  g_return_val_if_fail (MC_IS_REPORT (report), NULL);

  texts = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_report_image_text_free);
  surface = draw_report (report, lang, redact, texts, n_unknown_glyphs, NULL);
  g_clear_pointer (&surface, cairo_surface_destroy);
  return texts;
}

GdkTexture *
mc_report_image_render (McReport    *report,
                        const char  *lang,
                        gboolean     redact,
                        GError     **error)
{
  cairo_surface_t *surface;
  g_autoptr(GBytes) pixels = NULL;
  GdkTexture *texture;
  int stride;
  int height;

  g_return_val_if_fail (MC_IS_REPORT (report), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  surface = draw_report (report, lang, redact, NULL, NULL, error);
  if (surface == NULL)
    return NULL;

  /* Cairo's ARGB32 is GDK's default memory format: premultiplied, in the
   * machine's byte order. */
  stride = cairo_image_surface_get_stride (surface);
  height = cairo_image_surface_get_height (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                    GDK_MEMORY_DEFAULT, pixels, stride);
  cairo_surface_destroy (surface);
  return texture;
}

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
mc_report_image_render_png (McReport    *report,
                            const char  *lang,
                            gboolean     redact,
                            GError     **error)
{
  cairo_surface_t *surface;
  g_autoptr(GByteArray) png = NULL;
  cairo_status_t status;

  g_return_val_if_fail (MC_IS_REPORT (report), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  surface = draw_report (report, lang, redact, NULL, NULL, error);
  if (surface == NULL)
    return NULL;

  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_to_byte_array, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save the report image: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}
