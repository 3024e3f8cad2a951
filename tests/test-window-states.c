/* test-window-states.c: the dashboard and its reports in the three states support sees most.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real Postfix (with Dovecot SASL) and nsd on loopback, inside a network
 * namespace of the test's own (tests/netns-run.sh) so that a firewall rule
 * can drop port 25 the way Japanese providers do (Outbound Port 25
 * Blocking). Three states:
 *
 * - green: the account on 587 with STARTTLS and the right password;
 * - op25b: the account on port 25, which the network drops, while 587 works;
 * - password: the account on 587 with a wrong password.
 *
 * For each, the report's Markdown and JSON are checked against the
 * structure support scripts read, in English and in Japanese whatever the
 * language of the process, and with the redaction on: no user part of an
 * address, no user name, never the password. Then the window runs the same
 * checkups: screenshots of the dashboard and the report image from the
 * app's own export go into the build folder, and the accessible tree must
 * hold the verdict and one labelled light per finding.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mc-checkup.h"
#include "mc-finding-row.h"
#include "mc-i18n.h"
#include "mc-status-light.h"
#include "mc-test-dns.h"
#include "mc-test-gtk.h"
#include "mc-test-net.h"
#include "mc-test-pki.h"
#include "mc-test-postfix.h"
#include "mc-verdict-banner.h"
#include "mc-window.h"

#define RUN_TIMEOUT_MS 60000
#define SAVE_TIMEOUT_MS 20000

static McTestDns *dns;
static McTestPki *pki;
static McTestPostfix *postfix;
static char *port_map;

typedef enum
{
  STATE_GREEN,
  STATE_OP25B,
  STATE_PASSWORD,
  N_STATES
} State;

static const char *state_names[N_STATES] = { "green", "op25b", "password" };

/* The state's account, without a password (the checkup gets it apart). */
static McAccount *
state_account (State state)
{
  McAccount *account = mc_account_new ();

  mc_account_set_host (account, "mail.example.test");
  mc_account_set_port (account, state == STATE_OP25B ? 25 : 587);
  mc_account_set_security (account, state == STATE_OP25B ? MC_SECURITY_NONE : MC_SECURITY_STARTTLS);
  mc_account_set_email (account, mc_test_postfix_get_email (postfix));
  mc_account_set_user (account, mc_test_postfix_get_user (postfix));
  return account;
}

static const char *
state_password (State state)
{
  return state == STATE_PASSWORD ? "not-the-password-x7" : mc_test_postfix_get_password (postfix);
}

/* Port 25 dropped in the op25b state, nothing otherwise. */
static void
set_state_firewall (State state)
{
  g_autofree char *rules = NULL;

  if (state == STATE_OP25B)
    rules = g_strdup_printf ("tcp dport %u drop", mc_test_postfix_get_port (postfix, 25));
  mc_test_set_firewall (rules ? rules : "");
}

static void
configure_checkup (McCheckup *checkup)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_checkup_set_port_map (checkup, port_map, &error));
  g_assert_true (mc_checkup_set_ca_file (checkup, mc_test_pki_get_ca_file (pki), &error));
  g_assert_no_error (error);
  mc_checkup_set_blocklists_file (checkup, g_test_get_filename (G_TEST_DIST, "blocklists-test.ini",
                                                                NULL));
  mc_checkup_set_timeout (checkup, 3);
}

static McReport *
run_state (State state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McResolver) resolver = mc_resolver_new ();
  g_autoptr(McAccount) account = state_account (state);
  g_autoptr(McCheckup) checkup = NULL;
  const char *servers[] = { mc_test_dns_get_server (dns), NULL };

  set_state_firewall (state);
  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  checkup = mc_checkup_new (account, resolver);
  configure_checkup (checkup);
  mc_checkup_set_password (checkup, state_password (state));
  return mc_test_run_checkup (checkup, RUN_TIMEOUT_MS);
}

/* What each state must come to: the overall status, the root cause and its guidance. */
static void
expected_verdict (State        state,
                  const char **status,
                  const char **headline,
                  const char **guidance)
{
  switch (state)
    {
    case STATE_GREEN:
      *status = "ok";
      *headline = NULL;
      *guidance = NULL;
      break;
    case STATE_OP25B:
      *status = "fail";
      *headline = "server.ports";
      *guidance = "op25b";
      break;
    case STATE_PASSWORD:
    case N_STATES:
    default:
      *status = "fail";
      *headline = "server.auth";
      *guidance = "auth-failed";
      break;
    }
}

static gboolean
has_japanese (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x3000 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef))
        return TRUE;
    }
  return FALSE;
}

/* The user part of the account's address, its user name and the password
 * are nowhere in text; the domain still is. */
static void
assert_redacted (const char *text,
                 State       state)
{
  g_assert_null (strstr (text, "taro@"));
  g_assert_null (strstr (text, mc_test_postfix_get_user (postfix)));
  g_assert_null (strstr (text, mc_test_postfix_get_password (postfix)));
  g_assert_null (strstr (text, state_password (state)));
  g_assert_nonnull (strstr (text, "***@example.test"));
}

/* The JSON support scripts read: schema, account, overall with the
 * headline, and one object per finding in the plan's order with every
 * member DESIGN.md names. */
static void
check_json (McReport   *report,
            State       state,
            const char *lang)
{
  g_autofree char *json = mc_report_render_for (report, MC_REPORT_FORMAT_JSON, TRUE, lang);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *status, *headline, *guidance;
  JsonObject *root, *overall, *account;
  JsonArray *findings;
  GPtrArray *model = mc_report_get_findings (report);

  expected_verdict (state, &status, &headline, &guidance);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "mail-checkup/1");
  g_assert_cmpstr (json_object_get_string_member (root, "version"), ==, PACKAGE_VERSION);
  g_assert_true (json_object_has_member (root, "started_at"));
  g_assert_true (json_object_has_member (root, "duration_ms"));

  account = json_object_get_object_member (root, "account");
  g_assert_cmpstr (json_object_get_string_member (account, "email"), ==, "***@example.test");
  g_assert_cmpstr (json_object_get_string_member (account, "host"), ==, "mail.example.test");
  g_assert_cmpint (json_object_get_int_member (account, "port"), ==, state == STATE_OP25B ? 25 : 587);

  overall = json_object_get_object_member (root, "overall");
  g_assert_cmpstr (json_object_get_string_member (overall, "status"), ==, status);
  if (headline == NULL)
    g_assert_true (json_object_get_null_member (overall, "headline"));
  else
    g_assert_cmpstr (json_object_get_string_member (overall, "headline"), ==, headline);

  findings = json_object_get_array_member (root, "findings");
  g_assert_cmpuint (json_array_get_length (findings), ==, model->len);
  for (guint i = 0; i < model->len; i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);
      McFinding *finding = g_ptr_array_index (model, i);
      const char *summary = json_object_get_string_member (f, "summary");

      g_assert_cmpstr (json_object_get_string_member (f, "id"), ==, mc_finding_get_id (finding));
      g_assert_cmpstr (json_object_get_string_member (f, "group"), ==,
                       mc_group_to_string (mc_finding_get_group (finding)));
      g_assert_cmpstr (json_object_get_string_member (f, "status"), ==,
                       mc_status_to_string (mc_finding_get_status (finding)));
      g_assert_true (json_object_has_member (f, "guidance"));
      g_assert_true (json_object_has_member (f, "blocked_by"));
      g_assert_true (json_object_has_member (f, "duration_ms"));
      g_assert_nonnull (json_object_get_object_member (f, "evidence"));
      g_assert_nonnull (summary);
      g_assert_cmpstr (summary, !=, "");
      /* The summary is in the language asked for, not the process's. */
      if (g_str_equal (lang, "en"))
        g_assert_false (has_japanese (summary));
      if (g_str_equal (json_object_get_string_member (f, "id"), headline ? headline : ""))
        g_assert_cmpstr (json_object_get_string_member (f, "guidance"), ==, guidance);
    }
  if (g_str_equal (lang, "ja"))
    g_assert_true (has_japanese (json));
  assert_redacted (json, state);
}

/* The Markdown for a chat or a ticket: a heading, the version line, the
 * account, the verdict with its mark, the guidance of the root cause as a
 * quote, then a heading per group and a bullet per finding. */
static void
check_markdown (McReport   *report,
                State       state,
                const char *lang)
{
  g_autofree char *md = mc_report_render_for (report, MC_REPORT_FORMAT_MARKDOWN, TRUE, lang);
  g_auto(GStrv) lines = g_strsplit (md, "\n", -1);
  const char *status, *headline, *guidance;
  const char *previous = mc_i18n_push_language (lang);
  GPtrArray *model = mc_report_get_findings (report);
  g_autofree char *heading = g_strdup_printf ("# %s", _("Mail Checkup report"));
  guint bullets = 0, groups = 0, quotes = 0;
  gboolean verdict = FALSE;
  int last_group = -1;

  expected_verdict (state, &status, &headline, &guidance);
  g_test_message ("%s", md);
  g_assert_cmpstr (lines[0], ==, heading);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "**"))
        {
          verdict = TRUE;
          g_assert_true (g_str_has_prefix (line, state == STATE_GREEN ? "**✅" : "**❌"));
        }
      else if (g_str_has_prefix (line, "> "))
        quotes++;
      else if (g_str_has_prefix (line, "## "))
        groups++;
      else if (g_str_has_prefix (line, "- "))
        bullets++;
    }
  g_assert_true (verdict);
  g_assert_cmpuint (bullets, ==, model->len);
  for (guint i = 0; i < model->len; i++)
    {
      McFinding *finding = g_ptr_array_index (model, i);
      g_autofree char *group = NULL;
      g_autofree char *bullet = NULL;

      if ((int) mc_finding_get_group (finding) != last_group)
        {
          last_group = mc_finding_get_group (finding);
          group = g_strdup_printf ("\n## %s\n", mc_group_get_title (last_group));
          g_assert_nonnull (strstr (md, group));
          groups--;
        }
      bullet = g_strdup_printf ("**%s** (%s)", mc_finding_get_title (finding),
                                mc_status_get_label (mc_finding_get_status (finding)));
      g_assert_nonnull (strstr (md, bullet));
    }
  g_assert_cmpuint (groups, ==, 0);
  /* The root cause's guidance is quoted under the verdict; none when all is well. */
  if (state == STATE_GREEN)
    g_assert_cmpuint (quotes, ==, 0);
  else
    g_assert_cmpuint (quotes, >=, 3);
  if (g_str_equal (lang, "ja"))
    g_assert_true (has_japanese (md));
  else
    g_assert_false (has_japanese (md));
  assert_redacted (md, state);
  mc_i18n_pop_language (previous);
}

static void
test_report (gconstpointer data)
{
  State state = GPOINTER_TO_INT (data);
  g_autoptr(McReport) report = run_state (state);
  const char *status, *headline, *guidance;
  g_autofree char *plain = NULL;

  expected_verdict (state, &status, &headline, &guidance);
  g_assert_cmpstr (mc_status_to_string (mc_report_get_overall_status (report)), ==, status);
  if (headline != NULL)
    {
      g_assert_cmpstr (mc_finding_get_id (mc_report_get_headline (report)), ==, headline);
      g_assert_cmpstr (mc_finding_get_guidance (mc_report_get_headline (report)), ==, guidance);
    }
  if (state == STATE_OP25B)
    {
      /* 587 works: the fix names it. */
      McFinding *ports = mc_report_lookup_finding (report, "server.ports");

      g_assert_nonnull (strstr (mc_finding_get_summary (ports), "587"));
    }

  for (guint l = 0; l < 2; l++)
    {
      const char *lang = l == 0 ? "en" : "ja";

      check_json (report, state, lang);
      check_markdown (report, state, lang);
    }

  /* Without redaction the address is there (so the check above means
   * something), the password still not. */
  plain = mc_report_render_for (report, MC_REPORT_FORMAT_MARKDOWN, FALSE, "en");
  g_assert_nonnull (strstr (plain, mc_test_postfix_get_email (postfix)));
  g_assert_null (strstr (plain, mc_test_postfix_get_password (postfix)));
  g_assert_null (strstr (plain, state_password (state)));
}


static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  *(gboolean *) user_data = available;
}

/* A default route inside the namespace (over a veth pair whose both ends
 * are in it, so no packet can leave), as on a computer that is online:
 * the network light is green, as the person would see it. */
static void
online (void)
{
  const char *add[] = { "ip", "link", "add", "mc0", "type", "veth", "peer", "name", "mc1", NULL };
  const char *up0[] = { "ip", "link", "set", "mc0", "up", NULL };
  const char *up1[] = { "ip", "link", "set", "mc1", "up", NULL };
  const char *addr[] = { "ip", "addr", "add", "198.18.0.1/30", "dev", "mc0", NULL };
  const char *route[] = { "ip", "route", "add", "default", "via", "198.18.0.2", "dev", "mc0", NULL };
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  gboolean available = g_network_monitor_get_network_available (monitor);
  gulong handler;

  handler = g_signal_connect (monitor, "network-changed", G_CALLBACK (on_network_changed),
                              &available);
  mc_test_spawn_checked (add, NULL);
  mc_test_spawn_checked (up0, NULL);
  mc_test_spawn_checked (up1, NULL);
  mc_test_spawn_checked (addr, NULL);
  mc_test_spawn_checked (route, NULL);
  mc_test_iterate_until (&available, 10000);
  g_signal_handler_disconnect (monitor, handler);
}

/* ---- The window ---------------------------------------------------------- */

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static McWindow *
make_window (State state)
{
  McWindow *window = mc_window_new (NULL);
  g_autoptr(McAccount) account = state_account (state);

  configure_checkup (mc_window_get_checkup (window));
  mc_window_set_account (window, account);
  mc_window_set_password (window, state_password (state));
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (mc_window_set_ca_file (window, mc_test_pki_get_ca_file (pki), &error));
    g_assert_no_error (error);
  }
  mc_window_set_timeout (window, 3);
  /* Tall enough for the banner, every row and one open row. */
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 3000);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
run_window (McWindow *window)
{
  gboolean finished = FALSE;
  gulong id;

  id = g_signal_connect_swapped (window, "checkup-finished", G_CALLBACK (set_flag), &finished);
  mc_window_run (window);
  mc_test_iterate_until (&finished, RUN_TIMEOUT_MS);
  g_signal_handler_disconnect (window, id);
  g_assert_nonnull (mc_window_get_report (window));
}

/* What a screen reader gets: the verdict as the banner's name and
 * description, and one light per finding named "<title>: <status>". */
static void
assert_accessible (McWindow *window,
                   McReport *report)
{
  McVerdictBanner *banner = mc_window_get_verdict_banner (window);
  g_autofree char *sentence = mc_report_dup_verdict_sentence (report, TRUE);
  g_autoptr(GPtrArray) rows = mc_test_find_widgets (GTK_WIDGET (window), MC_TYPE_FINDING_ROW);
  GPtrArray *findings = mc_report_get_findings (report);

  g_assert_cmpstr (mc_verdict_banner_get_title (banner), ==, mc_report_get_verdict_title (report));
  g_assert_cmpstr (mc_verdict_banner_get_sentence (banner), ==, sentence);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (banner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       mc_report_get_verdict_title (report));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (banner),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence);
  g_assert_cmpint (mc_status_light_get_status (mc_verdict_banner_get_light (banner)), ==,
                   mc_report_get_verdict_light (report));

  g_assert_cmpuint (rows->len, ==, findings->len);
  for (guint i = 0; i < rows->len; i++)
    {
      McFinding *finding = mc_finding_row_get_finding (rows->pdata[i]);
      McStatusLight *light = mc_finding_row_get_light (rows->pdata[i]);
      /* As the window words it: "<title>: <status word>", with the
       * translator's punctuation. */
      g_autofree char *label = g_strdup_printf (_("%1$s: %2$s"), mc_finding_get_title (finding),
                                                mc_status_get_label (mc_finding_get_status (finding)));

      g_assert_true (finding == g_ptr_array_index (findings, i));
      gtk_test_accessible_assert_role (GTK_ACCESSIBLE (light), GTK_ACCESSIBLE_ROLE_IMG);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (light), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           label);
    }
}

static void
expand_row (McWindow   *window,
            const char *id)
{
  g_autoptr(GPtrArray) rows = mc_test_find_widgets (GTK_WIDGET (window), MC_TYPE_FINDING_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (mc_finding_get_id (mc_finding_row_get_finding (rows->pdata[i])), id))
      {
        adw_expander_row_set_expanded (rows->pdata[i], TRUE);
        return;
      }
  g_assert_not_reached ();
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Saved;

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Saved *saved = user_data;

  saved->ok = mc_window_save_report_finish (MC_WINDOW (source), result, &saved->error);
  saved->done = TRUE;
}

/* Saves the report through the window's own export and returns the path. */
static char *
save_report (McWindow   *window,
             const char *name)
{
  const char *lang = g_getenv ("LANGUAGE");
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = g_strndup (name, dot - name);
  g_autofree char *file = g_strdup_printf ("%s-%s%s", stem, lang && *lang ? lang : "C", dot);
  char *path = g_test_build_filename (G_TEST_BUILT, file, NULL);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  Saved saved = { FALSE, FALSE, NULL };

  g_remove (path);
  mc_window_save_report_async (window, gfile, NULL, saved_cb, &saved);
  mc_test_iterate_until (&saved.done, SAVE_TIMEOUT_MS);
  g_assert_no_error (saved.error);
  g_assert_true (saved.ok);
  return path;
}

static void
test_window (gconstpointer data)
{
  State state = GPOINTER_TO_INT (data);
  McWindow *window;
  McReport *report;
  g_autofree char *name = g_strdup_printf ("dashboard-%s", state_names[state]);
  g_autofree char *image_name = g_strdup_printf ("report-%s.png", state_names[state]);
  g_autofree char *md_name = g_strdup_printf ("report-%s.md", state_names[state]);
  g_autofree char *shot = NULL;
  g_autofree char *image = NULL;
  g_autofree char *md_path = NULL;
  g_autofree char *md = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *status, *headline, *guidance;

  set_state_firewall (state);
  window = make_window (state);
  /* Redaction is on until the person turns it off. */
  g_assert_true (mc_window_get_redact (window));
  run_window (window);
  report = mc_window_get_report (window);

  expected_verdict (state, &status, &headline, &guidance);
  {
    g_autofree char *text = mc_report_to_text (report, TRUE);

    g_test_message ("%s", text);
  }
  g_assert_cmpstr (mc_status_to_string (mc_report_get_overall_status (report)), ==, status);
  if (state == STATE_OP25B)
    g_assert_nonnull (strstr (mc_verdict_banner_get_sentence (mc_window_get_verdict_banner (window)),
                              "587"));
  assert_accessible (window, report);

  if (headline != NULL)
    expand_row (window, headline);
  shot = mc_test_save_screenshot (GTK_WIDGET (window), name);

  /* The report image from the app's own export: the design's width, a
   * height that grows with what is wrong, not blank. */
  image = save_report (window, image_name);
  texture = mc_test_assert_png (image, 900, 900, 300, 16000, 0.02);
  if (state != STATE_GREEN)
    g_assert_cmpint (gdk_texture_get_height (texture), >, 900);

  /* The Markdown the window saves: redacted, never the password. */
  md_path = save_report (window, md_name);
  g_assert_true (g_file_get_contents (md_path, &md, NULL, NULL));
  assert_redacted (md, state);

  gtk_window_destroy (GTK_WINDOW (window));
  mc_test_drain_main_context ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_autofree char *home = NULL;
  g_autoptr(McResolver) resolver = NULL;
  const char *servers[] = { NULL, NULL };

  g_unsetenv ("MAIL_CHECKUP_PORT_MAP");
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

  /* A home of the test's own, before any thread starts: the window finds
   * no account of the person running the tests. */
  home = mc_test_make_home ();

  if (!mc_test_in_netns ())
    {
      g_print ("Bail out! not in a network namespace (use tests/netns-run.sh)\n");
      return 1;
    }

  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);
  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);
  postfix = mc_test_postfix_start (pki, &error);
  g_assert_no_error (error);
  port_map = g_strdup_printf ("25=%u,465=%u,587=%u",
                              mc_test_postfix_get_port (postfix, 25),
                              mc_test_postfix_get_port (postfix, 465),
                              mc_test_postfix_get_port (postfix, 587));

  gtk_init ();
  mc_i18n_init ();
  adw_init ();
  /* Screenshots show rows at rest, not half-way through an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  online ();

  /* The window asks the test's nsd, through the process default resolver. */
  servers[0] = mc_test_dns_get_server (dns);
  resolver = mc_resolver_new ();
  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  g_assert_no_error (error);
  g_resolver_set_default (G_RESOLVER (resolver));

  for (guint s = 0; s < N_STATES; s++)
    {
      g_autofree char *path = g_strdup_printf ("/report/%s", state_names[s]);

      g_test_add_data_func (path, GINT_TO_POINTER (s), test_report);
    }
  for (guint s = 0; s < N_STATES; s++)
    {
      g_autofree char *path = g_strdup_printf ("/window/%s", state_names[s]);

      g_test_add_data_func (path, GINT_TO_POINTER (s), test_window);
    }

  status = g_test_run ();
  mc_test_set_firewall ("");
  mc_test_postfix_stop (postfix);
  mc_test_pki_free (pki);
  mc_test_dns_stop (dns);
  g_free (port_map);
  mc_test_rm_rf (home);
  return status;
}
