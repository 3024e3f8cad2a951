/* test-report-language.c: reports in English and Japanese whatever the language of the process.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /report-language/i18n/… reads our own catalogue (the build's po/ folder,
 * MAIL_CHECKUP_LOCALEDIR) through mc_i18n_* with a pushed language, and
 * compares it with what GNU gettext gives a process in that language.
 *
 * /report-language/checkup/… runs whole checkups against a real Postfix
 * with Dovecot SASL and a real DNS server (nsd) on loopback, once with the
 * process in Japanese and once in English. Every finding must then read in
 * both languages: with "en" pushed no Japanese at all in its summary and
 * details, with "ja" pushed a Japanese summary; and the markdown and JSON
 * reports rendered for "en" and "ja" likewise.
 */
#include "config.h"

#include <string.h>

#include "mc-checkup.h"
#include "mc-i18n.h"
#include "mc-test-dns.h"
#include "mc-test-janitor.h"
#include "mc-test-net.h"
#include "mc-test-pki.h"
#include "mc-test-postfix.h"

/* More than the SIZE limit of the test Postfix (10240000 bytes). */
#define ATTACHMENT_BYTES 20000000

static char *tmp_dir;
static McTestDns *dns;
static McTestPki *pki;
static McTestPostfix *postfix;

/* ---- Japanese text ---- */

/* Whether text has a character of the Japanese scripts: CJK punctuation,
 * hiragana and katakana (U+3000–U+30FF), the unified ideographs
 * (U+4E00–U+9FFF), full-width forms (U+FF00–U+FFEF). */
static gboolean
has_japanese (const char *text)
{
  if (text == NULL)
    return FALSE;
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x3000 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) ||
          (c >= 0xff00 && c <= 0xffef))
        return TRUE;
    }
  return FALSE;
}

static void
test_has_japanese (void)
{
  g_assert_false (has_japanese ("Port 587 is open. “quoted” — 10.2 MB → ok"));
  g_assert_true (has_japanese ("ポート"));
  g_assert_true (has_japanese ("送信"));
  g_assert_true (has_japanese ("、"));
  g_assert_true (has_japanese ("（"));
}

/* ---- mc_i18n against GNU gettext ---- */

/* A msgid that po/ja.po translates; the tests compare with gettext's own
 * reading of the same catalogue rather than with a copy of the text. */
#define KNOWN_MSGID "Connected to the network."

static void
test_i18n_gettext (void)
{
  const char *previous;
  g_autofree char *expected = NULL;
  const char *pushed;

  /* What GNU gettext gives a process in Japanese. */
  g_assert_true (mc_i18n_set_language ("ja", NULL));
  expected = g_strdup (dgettext (GETTEXT_PACKAGE, KNOWN_MSGID));
  g_assert_cmpstr (mc_i18n_get_language (), ==, "ja");
  g_assert_true (mc_i18n_set_language ("en", NULL));
  g_assert_cmpstr (mc_i18n_get_language (), ==, "en");
  g_assert_true (has_japanese (expected));

  /* The same from our reading of the .mo, in a process in English. */
  previous = mc_i18n_push_language ("ja");
  g_assert_null (previous);
  g_assert_cmpstr (mc_i18n_get_language (), ==, "ja");
  pushed = mc_i18n_gettext (KNOWN_MSGID);
  g_assert_cmpstr (pushed, ==, expected);
  g_assert_cmpstr (_(KNOWN_MSGID), ==, expected);
  mc_i18n_pop_language (previous);

  g_assert_cmpstr (mc_i18n_get_language (), ==, "en");
  g_assert_cmpstr (_(KNOWN_MSGID), ==, KNOWN_MSGID);

  /* English pushed onto a process in Japanese: the msgid itself. */
  g_assert_true (mc_i18n_set_language ("ja", NULL));
  g_assert_cmpstr (_(KNOWN_MSGID), ==, expected);
  previous = mc_i18n_push_language ("en");
  g_assert_cmpstr (_(KNOWN_MSGID), ==, KNOWN_MSGID);
  mc_i18n_pop_language (previous);
  g_assert_true (mc_i18n_set_language ("en", NULL));
}

/* An msgid that no catalogue has comes back as it is, the very pointer. */
static void
test_i18n_unknown (void)
{
  static const char unknown[] = "No catalogue has this sentence (mail-checkup test).";
  const char *previous;

  previous = mc_i18n_push_language ("ja");
  g_assert_true (mc_i18n_gettext (unknown) == unknown);
  g_assert_true (mc_i18n_pgettext ("test context", unknown) == unknown);
  g_assert_cmpstr (mc_i18n_ngettext (unknown, "plural of it", 1), ==, unknown);
  g_assert_cmpstr (mc_i18n_ngettext (unknown, "plural of it", 2), ==, "plural of it");
  mc_i18n_pop_language (previous);

  previous = mc_i18n_push_language ("en");
  g_assert_true (mc_i18n_gettext (unknown) == unknown);
  mc_i18n_pop_language (previous);
}

/* Plural forms: English chooses by the number, Japanese has one form. */
static void
test_i18n_ngettext (void)
{
  static const char singular[] = "No DNS answer for %s within %u second.";
  static const char plural[] = "No DNS answer for %s within %u seconds.";
  const char *previous;
  g_autofree char *expected = NULL;

  previous = mc_i18n_push_language ("en");
  g_assert_cmpstr (mc_i18n_ngettext (singular, plural, 1), ==, singular);
  g_assert_cmpstr (mc_i18n_ngettext (singular, plural, 2), ==, plural);
  g_assert_cmpstr (mc_i18n_ngettext (singular, plural, 0), ==, plural);
  mc_i18n_pop_language (previous);

  g_assert_true (mc_i18n_set_language ("ja", NULL));
  expected = g_strdup (dngettext (GETTEXT_PACKAGE, singular, plural, 2));
  g_assert_true (mc_i18n_set_language ("en", NULL));
  g_assert_true (has_japanese (expected));

  previous = mc_i18n_push_language ("ja");
  g_assert_cmpstr (mc_i18n_ngettext (singular, plural, 1), ==, expected);
  g_assert_cmpstr (mc_i18n_ngettext (singular, plural, 2), ==, expected);
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, singular, plural, 5), ==, expected);
  mc_i18n_pop_language (previous);
}

/* A msgid with a context ("security" names the settings of mail programs). */
static void
test_i18n_pgettext (void)
{
  const char *previous;
  g_autofree char *expected = NULL;

  /* g_dpgettext2 () would give the msgid: GLib turns its own translation
   * helpers off for a process that started without a catalogue for its
   * locale, as this one did in English. */
  g_assert_true (mc_i18n_set_language ("ja", NULL));
  expected = g_strdup (dgettext (GETTEXT_PACKAGE, "security\004None"));
  g_assert_true (mc_i18n_set_language ("en", NULL));
  g_assert_true (has_japanese (expected));

  previous = mc_i18n_push_language ("ja");
  g_assert_cmpstr (mc_i18n_pgettext ("security", "None"), ==, expected);
  g_assert_cmpstr (C_("security", "None"), ==, expected);
  /* The context matters: the same msgid in another context is another entry. */
  g_assert_cmpstr (mc_i18n_pgettext ("no such context", "None"), ==, "None");
  mc_i18n_pop_language (previous);

  previous = mc_i18n_push_language ("en");
  g_assert_cmpstr (C_("security", "None"), ==, "None");
  mc_i18n_pop_language (previous);
  /* Unpushed, in a process in English. */
  g_assert_cmpstr (C_("security", "None"), ==, "None");
}

/* Pushes nest; each pop gives back what was there before. */
static void
test_i18n_nested (void)
{
  const char *outer;
  const char *inner;
  const char *japanese;

  g_assert_cmpstr (mc_i18n_get_language (), ==, "en");
  outer = mc_i18n_push_language ("ja_JP.UTF-8");
  g_assert_null (outer);
  g_assert_cmpstr (mc_i18n_get_language (), ==, "ja");
  japanese = _(KNOWN_MSGID);
  g_assert_true (has_japanese (japanese));

  inner = mc_i18n_push_language ("en");
  g_assert_cmpstr (inner, ==, "ja");
  g_assert_cmpstr (mc_i18n_get_language (), ==, "en");
  g_assert_cmpstr (_(KNOWN_MSGID), ==, KNOWN_MSGID);
  {
    const char *innermost = mc_i18n_push_language ("ja");

    g_assert_cmpstr (innermost, ==, "en");
    g_assert_cmpstr (_(KNOWN_MSGID), ==, japanese);
    mc_i18n_pop_language (innermost);
  }
  g_assert_cmpstr (_(KNOWN_MSGID), ==, KNOWN_MSGID);
  mc_i18n_pop_language (inner);

  g_assert_cmpstr (mc_i18n_get_language (), ==, "ja");
  g_assert_cmpstr (_(KNOWN_MSGID), ==, japanese);
  mc_i18n_pop_language (outer);

  /* Back to the process's language. */
  g_assert_cmpstr (mc_i18n_get_language (), ==, "en");
  g_assert_cmpstr (_(KNOWN_MSGID), ==, KNOWN_MSGID);
  g_assert_cmpstr (mc_i18n_get_other_language ("en"), ==, "ja");
  g_assert_cmpstr (mc_i18n_get_other_language ("ja"), ==, "en");
}

/* ---- Whole checkups ---- */

/* The test Postfix with a wrong password, on the port and security given:
 * on 587 with STARTTLS the log-in fails (535) and the sender is skipped
 * because of it. 465 is moved to a closed port, so one alternative is
 * refused. A recipient at a typo domain, no DKIM key under the selector,
 * the test blocklist, and the file given as the attachment (or, without
 * one, a size too big for the server): every group of findings has
 * something to say. */
static McReport *
run_checkup (guint16     port,
             McSecurity  security,
             GFile      *attachment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McResolver) resolver = mc_resolver_new ();
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  g_autofree char *blocklists = g_test_build_filename (G_TEST_DIST, "blocklists-test.ini", NULL);
  g_autofree char *map = NULL;
  const char *servers[] = { mc_test_dns_get_server (dns), NULL };
  guint16 closed = mc_test_pick_port (G_SOCKET_TYPE_STREAM, &error);

  g_assert_no_error (error);
  map = g_strdup_printf ("25=%u,465=%u,587=%u", mc_test_postfix_get_port (postfix, 25), closed,
                         mc_test_postfix_get_port (postfix, 587));

  mc_account_set_host (account, "mail.example.test");
  mc_account_set_port (account, port);
  mc_account_set_security (account, security);
  mc_account_set_email (account, mc_test_postfix_get_email (postfix));
  mc_account_set_user (account, mc_test_postfix_get_user (postfix));

  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  g_assert_no_error (error);
  checkup = mc_checkup_new (account, resolver);
  g_assert_true (mc_checkup_set_port_map (checkup, map, &error));
  g_assert_true (mc_checkup_set_ca_file (checkup, mc_test_pki_get_ca_file (pki), &error));
  g_assert_no_error (error);
  mc_checkup_set_timeout (checkup, 5);
  mc_checkup_set_password (checkup, "not-the-password");
  mc_checkup_set_recipient (checkup, "hanako@gmial.com");
  mc_checkup_set_dkim_selector (checkup, "nokey");
  mc_checkup_set_blocklists_file (checkup, blocklists);
  if (attachment != NULL)
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new ();

      g_ptr_array_add (files, attachment);
      mc_checkup_set_attachments (checkup, files);
    }
  else
    mc_checkup_set_attachment_bytes (checkup, ATTACHMENT_BYTES);

  return mc_test_run_checkup (checkup, 60000);
}

static McStatus
status_of (McReport   *report,
           const char *id)
{
  McFinding *f = mc_report_lookup_finding (report, id);

  g_assert_nonnull (f);
  return mc_finding_get_status (f);
}

/* One finding's texts with lang pushed. */
static void
get_texts (McFinding   *f,
           const char  *lang,
           char       **summary,
           char       **details)
{
  const char *previous = mc_i18n_push_language (lang);

  *summary = g_strdup (mc_finding_get_summary (f));
  *details = g_strdup (mc_finding_get_details (f));
  mc_i18n_pop_language (previous);
}

/* Details that hold sentences of ours must be made in each language. */
static void
assert_details_in_both (McReport   *report,
                        const char *id,
                        const char *english_part)
{
  McFinding *f = mc_report_lookup_finding (report, id);
  g_autofree char *en_summary = NULL, *en_details = NULL;
  g_autofree char *ja_summary = NULL, *ja_details = NULL;

  g_assert_nonnull (f);
  get_texts (f, "en", &en_summary, &en_details);
  get_texts (f, "ja", &ja_summary, &ja_details);
  g_test_message ("%s details\n  en: %s\n  ja: %s", id, en_details, ja_details);
  g_assert_nonnull (strstr (en_details, english_part));
  g_assert_null (strstr (ja_details, english_part));
  g_assert_true (has_japanese (ja_details));
  g_assert_false (has_japanese (en_details));
}

/* Every finding in both languages; every failure is listed before the
 * test fails, naming the finding (and so the probe) at fault. */
static void
check_findings (McReport   *report,
                const char *process_lang)
{
  GPtrArray *findings = mc_report_get_findings (report);
  guint failures = 0;

  g_assert_cmpuint (findings->len, >, 0);
  for (guint i = 0; i < findings->len; i++)
    {
      McFinding *f = g_ptr_array_index (findings, i);
      const char *id = mc_finding_get_id (f);
      g_autofree char *en_summary = NULL, *en_details = NULL;
      g_autofree char *ja_summary = NULL, *ja_details = NULL;
      g_autofree char *own_summary = NULL, *own_details = NULL;

      get_texts (f, "en", &en_summary, &en_details);
      get_texts (f, "ja", &ja_summary, &ja_details);
      get_texts (f, process_lang, &own_summary, &own_details);
      g_test_message ("%s [%s]\n  en: %s\n  ja: %s", id,
                      mc_status_to_string (mc_finding_get_status (f)), en_summary, ja_summary);

      g_assert_nonnull (en_summary);
      if (has_japanese (en_summary))
        {
          g_test_message ("FAIL %s: the English summary has Japanese: %s", id, en_summary);
          failures++;
        }
      if (has_japanese (en_details))
        {
          g_test_message ("FAIL %s: the English details have Japanese:\n%s", id, en_details);
          failures++;
        }
      /* Every summary is a sentence of ours, translated in po/ja.po. */
      if (!has_japanese (ja_summary))
        {
          g_test_message ("FAIL %s: the Japanese summary has none: %s", id, ja_summary);
          failures++;
        }

      /* Unpushed, the texts are those of the process's language. */
      g_assert_cmpstr (mc_finding_get_summary (f), ==, own_summary);
      g_assert_cmpstr (mc_finding_get_details (f), ==, own_details);
    }
  if (failures > 0)
    g_test_fail_printf ("%u text(s) of findings are not in the language asked for (see above)",
                        failures);
}

static void
check_renderings (McReport *report)
{
  static const McReportFormat formats[] = { MC_REPORT_FORMAT_MARKDOWN, MC_REPORT_FORMAT_JSON };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *en = mc_report_render_for (report, formats[i], FALSE, "en");
      g_autofree char *ja = mc_report_render_for (report, formats[i], FALSE, "ja");

      if (has_japanese (en))
        g_test_fail_printf ("the English report (format %d) has Japanese:\n%s", formats[i], en);
      if (!has_japanese (ja))
        g_test_fail_printf ("the Japanese report (format %d) has none:\n%s", formats[i], ja);
      /* The password given never shows, in either language. */
      g_assert_null (strstr (en, "not-the-password"));
      g_assert_null (strstr (ja, "not-the-password"));
    }
}

static void
check_in (const char *process_lang)
{
  g_autoptr(McReport) report = NULL;

  g_assert_true (mc_i18n_set_language (process_lang, NULL));
  report = run_checkup (587, MC_SECURITY_STARTTLS, NULL);
  g_assert_nonnull (report);

  /* The fixture gives what the test is about: a failed log-in, a finding
   * skipped because of it, a refused port among the alternatives, failures
   * and warnings elsewhere. */
  g_assert_cmpint (status_of (report, "server.ports"), ==, MC_STATUS_OK);
  g_assert_cmpint (status_of (report, "server.greeting"), ==, MC_STATUS_OK);
  g_assert_cmpint (status_of (report, "server.tls"), ==, MC_STATUS_OK);
  g_assert_cmpint (status_of (report, "server.auth"), ==, MC_STATUS_FAIL);
  g_assert_cmpint (status_of (report, "server.sender"), ==, MC_STATUS_SKIPPED);
  g_assert_cmpint (status_of (report, "message.attachment"), ==, MC_STATUS_FAIL);
  g_assert_nonnull (strstr (mc_finding_get_details (mc_report_lookup_finding (report, "server.ports")),
                            "refused"));

  check_findings (report, process_lang);
  assert_details_in_both (report, "message.attachment", "when sent");
  check_renderings (report);

  g_assert_true (mc_i18n_set_language ("en", NULL));
}

/* Port 25 without encryption, read as a mail program had it: the password
 * is not sent in the clear, the settings say what to change and add their
 * notes (made again in each language) to the details. A folder chosen as
 * the attachment cannot be measured. The JSON rendering is left out here:
 * the notes' text in the evidence of server.settings is written once, in
 * the language of the process. */
static void
test_checkup_port_25 (void)
{
  g_autoptr(McReport) report = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (tmp_dir);
  g_autofree char *markdown_en = NULL;
  g_autofree char *markdown_ja = NULL;

  g_assert_true (mc_i18n_set_language ("ja", NULL));
  report = run_checkup (25, MC_SECURITY_NONE, folder);
  g_assert_nonnull (report);

  g_assert_cmpint (status_of (report, "server.tls"), ==, MC_STATUS_WARN);
  g_assert_cmpint (status_of (report, "server.auth"), ==, MC_STATUS_FAIL);
  g_assert_cmpint (status_of (report, "server.settings"), ==, MC_STATUS_WARN);
  g_assert_cmpint (status_of (report, "message.attachment"), ==, MC_STATUS_ERROR);
  g_assert_nonnull (strstr (mc_finding_get_details (mc_report_lookup_finding (report, "server.settings")),
                            "note: "));

  check_findings (report, "ja");
  assert_details_in_both (report, "server.settings", "note: Port 25 is meant");
  markdown_en = mc_report_render_for (report, MC_REPORT_FORMAT_MARKDOWN, FALSE, "en");
  markdown_ja = mc_report_render_for (report, MC_REPORT_FORMAT_MARKDOWN, FALSE, "ja");
  if (has_japanese (markdown_en))
    g_test_fail_printf ("the English report has Japanese:\n%s", markdown_en);
  if (!has_japanese (markdown_ja))
    g_test_fail_printf ("the Japanese report has none:\n%s", markdown_ja);

  g_assert_true (mc_i18n_set_language ("en", NULL));
}

static void
test_checkup_ja (void)
{
  check_in ("ja");
}

static void
test_checkup_en (void)
{
  check_in ("en");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  McTestJanitor *janitor;
  int status;

  g_unsetenv ("MAIL_CHECKUP_PORT_MAP");
  g_setenv ("LANGUAGE", "en", TRUE);
  /* The password is given: no Secret Service is asked. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");

  /* A home of the test's own, set before any thread runs. */
  tmp_dir = mc_test_make_home ();
  /* A failed assertion aborts the program: the janitor removes the home. */
  janitor = mc_test_janitor_new (tmp_dir, &error);
  g_assert_no_error (error);

  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report-language/has-japanese", test_has_japanese);
  g_test_add_func ("/report-language/i18n/gettext", test_i18n_gettext);
  g_test_add_func ("/report-language/i18n/unknown", test_i18n_unknown);
  g_test_add_func ("/report-language/i18n/ngettext", test_i18n_ngettext);
  g_test_add_func ("/report-language/i18n/pgettext", test_i18n_pgettext);
  g_test_add_func ("/report-language/i18n/nested", test_i18n_nested);
  g_test_add_func ("/report-language/checkup/ja", test_checkup_ja);
  g_test_add_func ("/report-language/checkup/en", test_checkup_en);
  g_test_add_func ("/report-language/checkup/port-25", test_checkup_port_25);

  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);
  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);
  postfix = mc_test_postfix_start (pki, &error);
  g_assert_no_error (error);

  status = g_test_run ();

  mc_test_postfix_stop (postfix);
  mc_test_pki_free (pki);
  mc_test_dns_stop (dns);
  mc_test_rm_rf (tmp_dir);
  mc_test_janitor_dismiss (janitor);
  g_free (tmp_dir);
  return status;
}
