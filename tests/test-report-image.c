/* test-report-image.c: the report image (PNG for a support chat) in English and Japanese.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports are made here as a checkup makes them (findings completed in both
 * languages with the probes' own sentences) for three states: all green,
 * Outbound Port 25 Blocking, and a wrong password. Each is drawn in English
 * and in Japanese and saved as report-image-STATE-LANG.png in the build's
 * tests folder, for people to look at. The pixels are checked where a
 * program can check them (size, not blank, the colour of the verdict light);
 * what the image says is checked through the list of strings it draws,
 * since nothing here can read text back from pixels.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "mc-guidance.h"
#include "mc-i18n.h"
#include "mc-report-image-private.h"
#include "mc-test-net.h"

#define EMAIL "taro.yamada@example.test"
#define USER  "taro.yamada"
#define HOST  "smtp.example.test"

typedef enum
{
  STATE_ALL_GREEN,
  STATE_OP25B,
  STATE_WRONG_PASSWORD,
  STATE_MIXED,
  N_STATES
} State;

static const char *const state_names[N_STATES] = {
  "all-green", "op25b", "wrong-password", "mixed",
};

static const char *const languages[] = { "en", "ja" };

/* ---- Findings, completed as the probes complete them ------------------ */

typedef struct
{
  State state;
} Fixture;

static void
link_text (McFinding *finding,
           gpointer   user_data)
{
  mc_finding_complete (finding, MC_STATUS_OK, NULL, _("Connected to the network."));
}

static void
dns_text (McFinding *finding,
          gpointer   user_data)
{
  g_autofree char *took = mc_format_duration (12);

  mc_finding_complete (finding, MC_STATUS_OK, NULL, _("DNS answers (in %s)."), took);
}

static void
address_text (McFinding *finding,
              gpointer   user_data)
{
  mc_finding_complete (finding, MC_STATUS_OK, NULL,
                       g_dngettext (GETTEXT_PACKAGE, "%s has the address %s.",
                                    "%s has the addresses %s.", 1),
                       HOST, "127.0.0.1");
}

static void
ports_text (McFinding *finding,
            gpointer   user_data)
{
  Fixture *fixture = user_data;

  if (fixture->state == STATE_OP25B)
    {
      g_autofree char *advice = g_strdup (_("587 with STARTTLS"));

      mc_finding_complete (finding, MC_STATUS_FAIL, "op25b",
                           _("This network blocks port 25 (Outbound Port 25 Blocking, usual at "
                             "Japanese providers), but the server is open on port %u. In your mail "
                             "program, change the sending port to %s."), 587, advice);
    }
  else
    mc_finding_complete (finding, MC_STATUS_OK, NULL, _("Port %u is open."), 587);
}

static void
greeting_text (McFinding *finding,
               gpointer   user_data)
{
  g_autofree char *took = mc_format_duration (31);

  mc_finding_complete (finding, MC_STATUS_OK, NULL, _("The server greets in %s: “%s”."), took,
                       HOST " ESMTP Postfix");
}

static void
tls_text (McFinding *finding,
          gpointer   user_data)
{
  mc_finding_complete (finding, MC_STATUS_OK, NULL,
                       _("Encrypted with %s; the certificate is valid until %s."),
                       "TLS 1.3", "2027-03-31");
}

static void
auth_text (McFinding *finding,
           gpointer   user_data)
{
  Fixture *fixture = user_data;

  if (fixture->state == STATE_WRONG_PASSWORD)
    mc_finding_complete (finding, MC_STATUS_FAIL, "auth-failed",
                         _("The server refused the user name or the password: “%s”. Check "
                           "both; the user name is often the whole e-mail address."),
                         "535 5.7.8 Error: authentication failed: authentication failure");
  else
    mc_finding_complete (finding, MC_STATUS_OK, NULL, _("Logged in with %s."), "PLAIN");
}

static void
sender_text (McFinding *finding,
             gpointer   user_data)
{
  mc_finding_complete (finding, MC_STATUS_OK, NULL, _("The server accepts %s as the sender."),
                       EMAIL);
}

static void
size_text (McFinding *finding,
           gpointer   user_data)
{
  mc_finding_complete (finding, MC_STATUS_OK, NULL, _("The server announces no fixed size limit."));
}

static void
settings_text (McFinding *finding,
               gpointer   user_data)
{
  Fixture *fixture = user_data;

  if (fixture->state == STATE_OP25B)
    mc_finding_complete (finding, MC_STATUS_FAIL, "settings-change",
                         _("Change the outgoing server port from %u to %u and the security to %s."),
                         25, 587, mc_security_get_label (MC_SECURITY_STARTTLS));
  else
    mc_finding_complete (finding, MC_STATUS_OK, NULL, _("Your settings are right: port %u with %s."),
                         587, mc_security_get_label (MC_SECURITY_STARTTLS));
}

static void
dmarc_text (McFinding *finding,
            gpointer   user_data)
{
  Fixture *fixture = user_data;

  if (fixture->state == STATE_MIXED)
    mc_finding_complete (finding, MC_STATUS_WARN, "dmarc-missing",
                         _("%s has no DMARC record. Large mailbox providers such as Gmail and "
                           "Yahoo require one from bulk senders, and many receivers reject "
                           "mail or file it as spam without one."), "example.test");
  else
    mc_finding_complete (finding, MC_STATUS_OK, NULL,
                         _("%s has a DMARC record with the policy “%s”."), "example.test", "reject");
}

static void
blocklist_text (McFinding *finding,
                gpointer   user_data)
{
  mc_finding_complete (finding, MC_STATUS_ERROR, "blocklist-refused",
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Could not test the blocklist %1$s: it refuses to answer "
                                    "this DNS server (answer %2$s), which happens with public "
                                    "DNS servers and after too many queries. This does not "
                                    "mean that the address is listed.",
                                    "Could not test %3$u blocklists, among them %1$s: they "
                                    "refuse to answer this DNS server (answer %2$s), which "
                                    "happens with public DNS servers and after too many "
                                    "queries. This does not mean that the address is "
                                    "listed.", 1),
                       "zen.spamhaus.org", "127.255.255.254", 1u);
}

static void
size_info_text (McFinding *finding,
                gpointer   user_data)
{
  mc_finding_complete (finding, MC_STATUS_INFO, NULL,
                       _("No other port and security setting works better."));
}

static McFinding *
add_finding (GPtrArray         *findings,
             const char        *id,
             McGroup            group,
             const char        *title,
             McFindingTextFunc  text,
             Fixture           *fixture)
{
  McFinding *finding = mc_finding_new (id, group, title);

  mc_finding_complete_twice (finding, text, fixture);
  g_ptr_array_add (findings, finding);
  return finding;
}

static void
add_skipped (GPtrArray  *findings,
             const char *id,
             McGroup     group,
             const char *title,
             McFinding  *root_cause)
{
  McFinding *finding = mc_finding_new (id, group, title);

  mc_finding_skip (finding, root_cause);
  g_ptr_array_add (findings, finding);
}

static McAccount *
make_account (guint16 port)
{
  McAccount *account = mc_account_new ();

  mc_account_set_email (account, EMAIL);
  mc_account_set_user (account, USER);
  mc_account_set_host (account, HOST);
  mc_account_set_port (account, port);
  mc_account_set_security (account, port == 25 ? MC_SECURITY_NONE : MC_SECURITY_STARTTLS);
  mc_account_set_source (account, "evolution");
  return account;
}

/* The titles are the plan's (src/core/mc-checkup-plan.c), so that they
 * have their translations. */
static McReport *
make_report (State state)
{
  Fixture fixture = { state };
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(McAccount) account = make_account (state == STATE_OP25B ? 25 : 587);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 23, 4, 45, 0);
  McFinding *ports;
  McFinding *auth = NULL;
  const char *previous;

  /* The first pass of each finding in English, the second in Japanese. */
  previous = mc_i18n_push_language ("en");

  add_finding (findings, "network.link", MC_GROUP_NETWORK, "Network connection", link_text, &fixture);
  add_finding (findings, "network.dns", MC_GROUP_NETWORK, "DNS", dns_text, &fixture);
  add_finding (findings, "server.address", MC_GROUP_SERVER, "Server address", address_text, &fixture);
  ports = add_finding (findings, "server.ports", MC_GROUP_SERVER, "Mail ports", ports_text, &fixture);
  if (state == STATE_OP25B)
    {
      mc_finding_add_detail (ports, "25    127.0.0.1  filtered     5003 ms");
      mc_finding_add_detail (ports, "465   127.0.0.1  refused         0 ms");
      mc_finding_add_detail (ports, "587   127.0.0.1  open            1 ms");
      add_skipped (findings, "server.greeting", MC_GROUP_SERVER, "Server greeting", ports);
      add_skipped (findings, "server.tls", MC_GROUP_SERVER, "Encryption (TLS)", ports);
      add_skipped (findings, "server.auth", MC_GROUP_SERVER, "Log-in", ports);
      add_skipped (findings, "server.sender", MC_GROUP_SERVER, "Sender address", ports);
    }
  else
    {
      add_finding (findings, "server.greeting", MC_GROUP_SERVER, "Server greeting", greeting_text,
                   &fixture);
      add_finding (findings, "server.tls", MC_GROUP_SERVER, "Encryption (TLS)", tls_text, &fixture);
      auth = add_finding (findings, "server.auth", MC_GROUP_SERVER, "Log-in", auth_text, &fixture);
      if (state == STATE_WRONG_PASSWORD)
        {
          /* A transcript names the account, as the real one does. */
          mc_finding_add_detail (auth, "→ EHLO client.example.test");
          mc_finding_add_detail (auth, "← 250-" HOST);
          mc_finding_add_detail (auth, "← 250 AUTH PLAIN LOGIN");
          mc_finding_add_detail (auth, "→ AUTH PLAIN (user " USER ", password not shown)");
          mc_finding_add_detail (auth, "← 535 5.7.8 Error: authentication failed: authentication failure");
          add_skipped (findings, "server.sender", MC_GROUP_SERVER, "Sender address", auth);
        }
      else
        add_finding (findings, "server.sender", MC_GROUP_SERVER, "Sender address", sender_text,
                     &fixture);
    }
  add_finding (findings, "server.size", MC_GROUP_SERVER, "Message size limit",
               state == STATE_MIXED ? size_info_text : size_text, &fixture);
  add_finding (findings, "server.settings", MC_GROUP_SERVER, "Recommended settings", settings_text,
               &fixture);
  add_finding (findings, "domain.dmarc", MC_GROUP_DOMAIN, "Domain policy (DMARC)", dmarc_text,
               &fixture);
  if (state == STATE_MIXED)
    add_finding (findings, "domain.blocklist", MC_GROUP_DOMAIN, "Blocklists", blocklist_text,
                 &fixture);

  mc_i18n_pop_language (previous);
  return mc_report_new (account, when, 1234, findings);
}

/* ---- Pixels ------------------------------------------------------------ */

typedef struct
{
  int     width;
  int     height;
  gsize   stride;
  guchar *data;   /* GDK_MEMORY_DEFAULT: B, G, R, A on little-endian machines */
} Pixels;

static void
pixels_clear (Pixels *pixels)
{
  g_clear_pointer (&pixels->data, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pixels, pixels_clear)

static void
download (GdkTexture *texture,
          Pixels     *out)
{
  out->width = gdk_texture_get_width (texture);
  out->height = gdk_texture_get_height (texture);
  out->stride = (gsize) out->width * 4;
  out->data = g_malloc (out->stride * out->height);
  gdk_texture_download (texture, out->data, out->stride);
}

static void
pixel_rgb (const Pixels *pixels,
           int           x,
           int           y,
           guint        *red,
           guint        *green,
           guint        *blue)
{
  guint32 value;

  g_assert_cmpint (x, <, pixels->width);
  g_assert_cmpint (y, <, pixels->height);
  /* A native-endian ARGB word, as Cairo and GDK_MEMORY_DEFAULT lay it out. */
  memcpy (&value, pixels->data + (gsize) y * pixels->stride + (gsize) x * 4, 4);
  *red = (value >> 16) & 0xff;
  *green = (value >> 8) & 0xff;
  *blue = value & 0xff;
}

/* The image is no blank page: many pixels that are not white, in many
 * colours (text anti-aliasing, lights, tints). */
static void
assert_not_blank (const Pixels *pixels)
{
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  guint64 not_white = 0;

  for (int y = 0; y < pixels->height; y++)
    for (int x = 0; x < pixels->width; x++)
      {
        guint r, g, b;

        pixel_rgb (pixels, x, y, &r, &g, &b);
        if (r < 240 || g < 240 || b < 240)
          not_white++;
        g_hash_table_add (colours, GUINT_TO_POINTER ((r << 16) | (g << 8) | b));
      }
  g_assert_cmpuint (not_white, >, (guint64) pixels->width * pixels->height / 50);
  g_assert_cmpuint (g_hash_table_size (colours), >, 100);
}

/* The verdict light, read below its centre where no shape is drawn. */
static void
assert_light_colour (const Pixels *pixels,
                     McStatus      status)
{
  guint r, g, b;

  pixel_rgb (pixels, MC_REPORT_IMAGE_LIGHT_X,
             MC_REPORT_IMAGE_LIGHT_Y + MC_REPORT_IMAGE_LIGHT_RADIUS * 3 / 4, &r, &g, &b);
  if (status == MC_STATUS_FAIL)
    {
      g_assert_cmpuint (r, >, 150);
      g_assert_cmpuint (g, <, 80);
      g_assert_cmpuint (b, <, 80);
    }
  else if (status == MC_STATUS_OK)
    {
      g_assert_cmpuint (g, >, r + 60);
      g_assert_cmpuint (g, >, b + 30);
    }
  else if (status == MC_STATUS_ERROR)
    {
      /* Grey: no hue, mid-dark. */
      g_assert_cmpuint (MAX (r, MAX (g, b)) - MIN (r, MIN (g, b)), <, 12);
      g_assert_cmpuint (g, >, 90);
      g_assert_cmpuint (g, <, 160);
    }
  else
    g_assert_not_reached ();
}

/* ---- Text -------------------------------------------------------------- */

static gboolean
has_japanese (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef))
        return TRUE;
    }
  return FALSE;
}

static gboolean
texts_contain (GPtrArray  *texts,
               const char *needle)
{
  for (guint i = 0; i < texts->len; i++)
    {
      McReportImageText *text = texts->pdata[i];

      if (strstr (text->text, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
assert_texts_contain (GPtrArray  *texts,
                      const char *needle)
{
  if (!texts_contain (texts, needle))
    g_error ("the image does not draw “%s”", needle);
}

/* Every sentence is in Japanese; only the verbatim parts (the account line,
 * step numbers, the technical details) may be in the letters of a server. */
static void
assert_japanese (GPtrArray *texts)
{
  g_autoptr(GString) english = g_string_new (NULL);
  guint n_prose = 0;

  for (guint i = 0; i < texts->len; i++)
    {
      McReportImageText *text = texts->pdata[i];

      if (text->verbatim)
        continue;
      n_prose++;
      if (!has_japanese (text->text))
        g_string_append_printf (english, "\n  “%s”", text->text);
    }
  if (english->len > 0)
    g_error ("left in English in the Japanese image:%s", english->str);
  g_assert_cmpuint (n_prose, >, 10);
}

static void
assert_english (GPtrArray *texts)
{
  for (guint i = 0; i < texts->len; i++)
    {
      McReportImageText *text = texts->pdata[i];

      if (has_japanese (text->text))
        g_error ("Japanese in the English image: “%s”", text->text);
    }
}

/* ---- Tests ------------------------------------------------------------- */

static McStatus
expected_light (State state)
{
  switch (state)
    {
    case STATE_ALL_GREEN:      return MC_STATUS_OK;
    /* Could not test outranks a warning: grey. */
    case STATE_MIXED:          return MC_STATUS_ERROR;
    case STATE_OP25B:
    case STATE_WRONG_PASSWORD:
    case N_STATES:
    default:                   return MC_STATUS_FAIL;
    }
}

/* Draws one state in one language, saves it, checks it; returns its height. */
static int
check_state (State       state,
             const char *lang)
{
  g_autoptr(McReport) report = make_report (state);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) png_again = NULL;
  g_autoptr(GdkTexture) from_png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *file = g_strdup_printf ("report-image-%s-%s.png", state_names[state], lang);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, file, NULL);
  g_auto(Pixels) pixels = { 0 };
  g_auto(Pixels) direct = { 0 };
  guint n_unknown = G_MAXUINT;
  const char *previous;

  png = mc_report_image_render_png (report, lang, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (png);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                      &error));
  g_assert_no_error (error);
  g_test_message ("%s", path);

  /* The PNG is a real PNG of the design's width and a sane height. */
  from_png = gdk_texture_new_from_bytes (png, &error);
  g_assert_no_error (error);
  download (from_png, &pixels);
  g_assert_cmpint (pixels.width, ==, MC_REPORT_IMAGE_WIDTH);
  g_assert_cmpint (pixels.height, >=, 300);
  g_assert_cmpint (pixels.height, <=, 8000);
  assert_not_blank (&pixels);
  assert_light_colour (&pixels, expected_light (state));

  /* The same picture as a texture (for the clipboard), and the same bytes
   * every time. */
  texture = mc_report_image_render (report, lang, TRUE, &error);
  g_assert_no_error (error);
  download (texture, &direct);
  g_assert_cmpint (direct.width, ==, pixels.width);
  g_assert_cmpint (direct.height, ==, pixels.height);
  g_assert_true (memcmp (direct.data, pixels.data, pixels.stride * pixels.height) == 0);
  png_again = mc_report_image_render_png (report, lang, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (png, png_again));

  /* What it says: every character has a glyph, in the report's language. */
  texts = mc_report_image_collect_text (report, lang, TRUE, &n_unknown);
  g_assert_cmpuint (n_unknown, ==, 0);
  if (g_str_equal (lang, "ja"))
    assert_japanese (texts);
  else
    assert_english (texts);

  /* The verdict, the footer and, for a failure, the root cause's guidance
   * expanded: its steps and who can help. */
  previous = mc_i18n_push_language (lang);
  assert_texts_contain (texts, mc_report_get_verdict_title (report));
  assert_texts_contain (texts, _("The password is never included. The user part of e-mail "
                                 "addresses and the user name are masked."));
  assert_texts_contain (texts, mc_status_get_label (MC_STATUS_OK));
  if (state == STATE_OP25B)
    {
      const McGuidance *op25b = mc_guidance_lookup ("op25b");

      g_assert_nonnull (op25b);
      assert_texts_contain (texts, _(op25b->title));
      assert_texts_contain (texts, _(op25b->meaning));
      for (guint i = 0; i < MC_GUIDANCE_MAX_STEPS && op25b->steps[i] != NULL; i++)
        assert_texts_contain (texts, _(op25b->steps[i]));
      assert_texts_contain (texts, _("What to do"));
      assert_texts_contain (texts, mc_contact_get_label (MC_CONTACT_PROVIDER));
      assert_texts_contain (texts, "25    127.0.0.1  filtered");
      assert_texts_contain (texts, _(mc_guidance_lookup ("settings-change")->steps[0]));
      assert_texts_contain (texts, mc_status_get_label (MC_STATUS_SKIPPED));
    }
  else if (state == STATE_WRONG_PASSWORD)
    {
      const McGuidance *auth = mc_guidance_lookup ("auth-failed");

      g_assert_nonnull (auth);
      for (guint i = 0; i < MC_GUIDANCE_MAX_STEPS && auth->steps[i] != NULL; i++)
        assert_texts_contain (texts, _(auth->steps[i]));
      assert_texts_contain (texts, "535 5.7.8");
      assert_texts_contain (texts, mc_status_get_label (MC_STATUS_FAIL));
    }
  else if (state == STATE_ALL_GREEN)
    {
      /* Nothing to explain: no guidance at all. */
      g_assert_false (texts_contain (texts, _("What to do")));
      g_assert_false (texts_contain (texts, _("Technical details")));
    }
  mc_i18n_pop_language (previous);

  return pixels.height;
}

static void
test_states (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      int heights[N_STATES];

      for (State state = 0; state < N_STATES; state++)
        heights[state] = check_state (state, languages[l]);
      /* The failing states show their guidance: taller than all green. */
      g_assert_cmpint (heights[STATE_OP25B], >, heights[STATE_ALL_GREEN] + 200);
      g_assert_cmpint (heights[STATE_WRONG_PASSWORD], >, heights[STATE_ALL_GREEN] + 200);
    }
}

/* With redaction the account's address and user name appear nowhere, not
 * in the account line, a summary or a transcript; without it they do. */
static void
test_redaction (void)
{
  for (State state = 0; state < N_STATES; state++)
    for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
      {
        g_autoptr(McReport) report = make_report (state);
        g_autoptr(GPtrArray) masked = mc_report_image_collect_text (report, languages[l], TRUE, NULL);
        g_autoptr(GPtrArray) plain = mc_report_image_collect_text (report, languages[l], FALSE, NULL);

        for (guint i = 0; i < masked->len; i++)
          {
            McReportImageText *text = masked->pdata[i];

            g_assert_null (strstr (text->text, USER));
          }
        assert_texts_contain (masked, "***@example.test");
        assert_texts_contain (plain, EMAIL);
        if (state == STATE_WRONG_PASSWORD)
          assert_texts_contain (plain, "(user " USER ",");
        if (state == STATE_ALL_GREEN)
          {
            /* The sender's summary quotes the address too. */
            guint n_masked = 0;

            for (guint i = 0; i < masked->len; i++)
              n_masked += strstr (((McReportImageText *) masked->pdata[i])->text,
                                  "***@example.test") != NULL;
            g_assert_cmpuint (n_masked, >=, 2);
          }
      }
}

/* An empty report, and one with no account details, still make an image. */
static void
test_empty (void)
{
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 23, 4, 45, 0);
  g_autoptr(McReport) report = mc_report_new (account, when, 0, findings);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(GdkTexture) localised = mc_report_image_render (report, languages[l], TRUE, &error);

      g_assert_no_error (error);
      g_assert_cmpint (gdk_texture_get_width (localised), ==, MC_REPORT_IMAGE_WIDTH);
      g_assert_cmpint (gdk_texture_get_height (localised), >, 100);
      g_assert_cmpint (gdk_texture_get_height (localised), <, 600);
    }
  /* No language given: the window's. */
  texture = mc_report_image_render (report, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, MC_REPORT_IMAGE_WIDTH);
}

/* A summary of a whole transcript, a transcript of thousands of lines, bytes
 * that are not UTF-8 and hundreds of findings: the image stays within its
 * cap, the transcript is cut to a few lines, and nothing breaks. */
static void
test_limits (void)
{
  g_autoptr(McAccount) account = make_account (587);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 23, 4, 45, 0);
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  McFinding *first;
  guint longest_mono = 0;

  for (guint i = 0; i < 20000; i++)
    g_string_append (huge, "very long reply ");
  first = mc_finding_new ("server.greeting", MC_GROUP_SERVER, "Server greeting");
  mc_finding_complete (first, MC_STATUS_FAIL, "auth-failed", "%s\xff\xfe (bad bytes)", huge->str);
  for (guint i = 0; i < 5000; i++)
    mc_finding_add_detail (first, "line %u: %s", i, i == 3 ? huge->str : "250 OK");
  g_ptr_array_add (findings, first);
  for (guint i = 0; i < 400; i++)
    {
      McFinding *finding = mc_finding_new ("server.auth", MC_GROUP_SERVER, "Log-in");

      mc_finding_complete (finding, MC_STATUS_FAIL, "auth-failed", "Refused %u", i);
      mc_finding_add_detail (finding, "535 5.7.8 refused");
      g_ptr_array_add (findings, finding);
    }
  report = mc_report_new (account, when, 0, findings);

  texture = mc_report_image_render (report, "en", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, MC_REPORT_IMAGE_WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), <=, MC_REPORT_IMAGE_MAX_HEIGHT);
  g_assert_cmpint (gdk_texture_get_height (texture), >, MC_REPORT_IMAGE_MAX_HEIGHT / 2);

  /* Saved too, to see where and how it stops. */
  {
    g_autoptr(GBytes) png = mc_report_image_render_png (report, "en", TRUE, &error);
    g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "report-image-limits-en.png", NULL);

    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                        &error));
    g_assert_no_error (error);
  }

  texts = mc_report_image_collect_text (report, "en", TRUE, NULL);
  for (guint i = 0; i < texts->len; i++)
    {
      McReportImageText *text = texts->pdata[i];

      g_assert_true (g_utf8_validate (text->text, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (text->text, -1), <=, 2000);
      if (text->verbatim && g_str_has_prefix (text->text, "line 0:"))
        {
          g_auto(GStrv) lines = g_strsplit (text->text, "\n", -1);

          g_assert_cmpuint (g_strv_length (lines), ==, 12);
          longest_mono = MAX (longest_mono, (guint) g_utf8_strlen (lines[3], -1));
        }
    }
  g_assert_cmpuint (longest_mono, >, 100);
  g_assert_cmpuint (longest_mono, <=, 250);
  assert_texts_contain (texts, "4988 more lines");
  assert_texts_contain (texts, "The image stops here");
  /* The rows drawn before the cut, in order. */
  assert_texts_contain (texts, "Refused 0");
  g_assert_false (texts_contain (texts, "Refused 399"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A home of the test's own: no font or setting of the person running the
   * tests is read from it. */
  home = mc_test_make_home ();

  mc_i18n_init ();

  g_test_add_func ("/report-image/states", test_states);
  g_test_add_func ("/report-image/redaction", test_redaction);
  g_test_add_func ("/report-image/empty", test_empty);
  g_test_add_func ("/report-image/limits", test_limits);

  status = g_test_run ();

  mc_test_rm_rf (home);
  return status;
}
