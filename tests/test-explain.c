/* test-explain.c: unit tests of the explainer: the samples, the status code registry, the rules, hostile input, the command.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mc-bounce-input.h"
#include "mc-explain.h"
#include "mc-explain-rules.h"
#include "mc-guidance.h"
#include "mc-i18n.h"
#include "mc-status-codes.h"

/* --- A private home for each test --------------------------------------- */

typedef struct
{
  char *dir;
  char *saved[4];
} Home;

static const char * const home_variables[] = {
  "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR",
};

static void
home_setup (Home          *home,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  home->dir = g_dir_make_tmp ("mc-test-explain-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (home_variables); i++)
    {
      g_autofree char *path = i == 0 ? g_strdup (home->dir)
                                     : g_build_filename (home->dir, home_variables[i], NULL);

      home->saved[i] = g_strdup (g_getenv (home_variables[i]));
      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (home_variables[i], path, TRUE);
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
home_teardown (Home          *home,
               gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (home_variables); i++)
    {
      if (home->saved[i] != NULL)
        g_setenv (home_variables[i], home->saved[i], TRUE);
      else
        g_unsetenv (home_variables[i]);
      g_free (home->saved[i]);
    }
  remove_tree (home->dir);
  g_free (home->dir);
}

/* --- Helpers -------------------------------------------------------------- */

static const char *
sample_dir (void)
{
  return g_test_get_filename (G_TEST_DIST, "samples", "bounces", NULL);
}

static GBytes *
read_sample (const char *name)
{
  g_autofree char *path = g_build_filename (sample_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static McExplanation *
explain_sample (const char *name)
{
  g_autoptr(GBytes) bytes = read_sample (name);

  return mc_explain (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static McExplanation *
explain_text (const char *text)
{
  return mc_explain (text, strlen (text));
}

static const char *
dash_to_null (const char *value)
{
  return g_strcmp0 (value, "-") == 0 ? NULL : value;
}

typedef struct
{
  char *file;
  char *basic;
  char *enhanced;
  char *klass;
  char *recipient;
  char *remote;
  char *guidance;
} Expected;

static void
expected_free (gpointer data)
{
  Expected *e = data;

  g_free (e->file);
  g_free (e->basic);
  g_free (e->enhanced);
  g_free (e->klass);
  g_free (e->recipient);
  g_free (e->remote);
  g_free (e->guidance);
  g_free (e);
}

/* The table next to the samples: one row a sample. */
static GPtrArray *
read_expected (void)
{
  g_autofree char *path = g_build_filename (sample_dir (), "expected.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (expected_free);
  gboolean header = TRUE;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Expected *e;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      if (header)
        {
          header = FALSE;
          continue;
        }
      fields = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (fields) != 7)
        g_error ("expected.tsv line %u has %u fields, not 7", i + 1, g_strv_length (fields));
      e = g_new0 (Expected, 1);
      e->file = g_strdup (fields[0]);
      e->basic = g_strdup (dash_to_null (fields[1]));
      e->enhanced = g_strdup (dash_to_null (fields[2]));
      e->klass = g_strdup (fields[3]);
      e->recipient = g_strdup (dash_to_null (fields[4]));
      e->remote = g_strdup (dash_to_null (fields[5]));
      e->guidance = g_strdup (fields[6]);
      g_ptr_array_add (rows, e);
    }
  return rows;
}

/* --- The samples ------------------------------------------------------------ */

static void
test_samples (Home          *home,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = read_expected ();
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_files = 0;

  g_assert_true (mc_i18n_set_language ("en", NULL));
  g_assert_cmpuint (rows->len, >=, 40);

  for (guint i = 0; i < rows->len; i++)
    {
      Expected *e = g_ptr_array_index (rows, i);
      g_autoptr(McExplanation) x = explain_sample (e->file);

      g_test_message ("%-36s %s %s %s %s %s %s", e->file,
                      mc_explanation_get_basic_code (x) ? mc_explanation_get_basic_code (x) : "-",
                      mc_explanation_get_enhanced_code (x) ? mc_explanation_get_enhanced_code (x) : "-",
                      mc_bounce_class_to_string (mc_explanation_get_class (x)),
                      mc_explanation_get_recipient (x) ? mc_explanation_get_recipient (x) : "-",
                      mc_explanation_get_remote_server (x) ? mc_explanation_get_remote_server (x) : "-",
                      mc_explanation_get_guidance (x));
      if (!g_hash_table_add (listed, e->file))
        g_error ("%s is listed twice in expected.tsv", e->file);

      g_assert_cmpstr (mc_explanation_get_basic_code (x), ==, e->basic);
      g_assert_cmpstr (mc_explanation_get_enhanced_code (x), ==, e->enhanced);
      g_assert_cmpstr (mc_bounce_class_to_string (mc_explanation_get_class (x)), ==, e->klass);
      g_assert_cmpstr (mc_explanation_get_recipient (x), ==, e->recipient);
      g_assert_cmpstr (mc_explanation_get_remote_server (x), ==, e->remote);
      g_assert_cmpstr (mc_explanation_get_guidance (x), ==, e->guidance);

      /* What every explanation has. */
      g_assert_nonnull (mc_guidance_lookup (mc_explanation_get_guidance (x)));
      g_assert_nonnull (mc_explanation_get_summary (x));
      g_assert_cmpuint (strlen (mc_explanation_get_summary (x)), >, 10);
      g_assert_null (strchr (mc_explanation_get_summary (x), '\n'));
      if (mc_explanation_get_enhanced_code (x) != NULL)
        g_assert_nonnull (mc_explanation_get_code_meaning (x));
      else
        g_assert_null (mc_explanation_get_code_meaning (x));
      if (mc_explanation_get_diagnostic (x) != NULL)
        {
          g_assert_true (g_utf8_validate (mc_explanation_get_diagnostic (x), -1, NULL));
          g_assert_null (strchr (mc_explanation_get_diagnostic (x), '\n'));
        }
    }

  /* Every sample in the folder is in the table. */
  dir = g_dir_open (sample_dir (), 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_equal (name, "expected.tsv"))
        continue;
      n_files++;
      if (!g_hash_table_contains (listed, name))
        g_error ("Sample %s has no row in expected.tsv", name);
    }
  g_assert_cmpuint (n_files, ==, rows->len);
}

static gboolean
has_japanese (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Hiragana, katakana and the CJK ideographs. */
      if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff))
        return TRUE;
    }
  return FALSE;
}

/* With LANGUAGE=ja, from the build's own catalogue (po/ja.po), every
 * explanation says what happened in Japanese: the summary, the class, the
 * code's meaning and the guidance text. */
static void
test_samples_japanese (Home          *home,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = read_expected ();
  guint n_english = 0;

  g_assert_true (mc_i18n_set_language ("ja", NULL));
  for (guint i = 0; i < rows->len; i++)
    {
      Expected *e = g_ptr_array_index (rows, i);
      g_autoptr(McExplanation) x = explain_sample (e->file);
      g_autofree char *text = mc_explanation_to_text (x);
      const char *summary = mc_explanation_get_summary (x);
      const char *meaning = mc_explanation_get_code_meaning (x);

      g_test_message ("%-36s %s", e->file, summary);
      if (!has_japanese (summary) || !has_japanese (mc_bounce_class_get_label (mc_explanation_get_class (x))) ||
          (meaning != NULL && !has_japanese (meaning)))
        {
          g_test_message ("Not in Japanese: %s", e->file);
          n_english++;
        }
      g_assert_true (has_japanese (text) || n_english > 0);
    }
  g_assert_true (mc_i18n_set_language ("en", NULL));
  if (n_english > 0)
    g_test_fail_printf ("%u explanations are not in Japanese (catalogue in %s)", n_english,
                        mc_i18n_get_localedir ());
}

/* The summary follows the language current when it is asked for, and a
 * string handed out earlier stays valid. */
static void
test_summary_language (Home          *home,
                       gconstpointer  data)
{
  g_autoptr(McExplanation) x = explain_text ("550 5.1.1 <hanako@example.jp>: Recipient address rejected: User unknown");
  const char *english, *again;

  g_assert_true (mc_i18n_set_language ("en", NULL));
  english = mc_explanation_get_summary (x);
  g_assert_cmpstr (english, ==, "The message to hanako@example.jp was returned: the receiving server "
                                "says this address does not exist.");
  g_assert_cmpstr (mc_explanation_get_code_meaning (x), ==, "Bad destination mailbox address");
  g_assert_true (mc_i18n_set_language ("ja", NULL));
  (void) mc_explanation_get_summary (x);
  g_assert_true (mc_i18n_set_language ("en", NULL));
  again = mc_explanation_get_summary (x);
  g_assert_cmpstr (english, ==, again);
}

/* --- The renderings --------------------------------------------------------- */

static void
test_json (Home          *home,
           gconstpointer  data)
{
  static const char * const members[] = {
    "schema", "basic_code", "enhanced_code", "class", "recipient", "remote_server", "guidance",
    "summary",
  };
  g_autoptr(McExplanation) x = explain_sample ("postfix-user-unknown.eml");
  g_autoptr(McExplanation) unknown = explain_text ("");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *unknown_json = NULL;
  JsonObject *object;
  GList *names;

  g_assert_true (mc_i18n_set_language ("en", NULL));
  json = mc_explanation_to_json (x);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));

  /* Exactly the members of mail-checkup-explain/1, no more. */
  names = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (names), ==, G_N_ELEMENTS (members));
  g_list_free (names);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_object_has_member (object, members[i]));
  g_assert_cmpstr (json_object_get_string_member (object, "schema"), ==, "mail-checkup-explain/1");
  g_assert_cmpstr (json_object_get_string_member (object, "basic_code"), ==, "550");
  g_assert_cmpstr (json_object_get_string_member (object, "enhanced_code"), ==, "5.1.1");
  g_assert_cmpstr (json_object_get_string_member (object, "class"), ==, "permanent");
  g_assert_cmpstr (json_object_get_string_member (object, "recipient"), ==, "hanako@example.jp");
  g_assert_cmpstr (json_object_get_string_member (object, "remote_server"), ==, "mx.example.jp");
  g_assert_cmpstr (json_object_get_string_member (object, "guidance"), ==, "bounce-user-unknown");
  g_assert_cmpstr (json_object_get_string_member (object, "summary"), ==, mc_explanation_get_summary (x));

  /* Nothing known: nulls, not empty strings. */
  unknown_json = mc_explanation_to_json (unknown);
  json_parser_load_from_data (parser, unknown_json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_null_member (object, "basic_code"));
  g_assert_true (json_object_get_null_member (object, "enhanced_code"));
  g_assert_true (json_object_get_null_member (object, "recipient"));
  g_assert_true (json_object_get_null_member (object, "remote_server"));
  g_assert_cmpstr (json_object_get_string_member (object, "class"), ==, "unknown");
  g_assert_cmpstr (json_object_get_string_member (object, "guidance"), ==, "explain-unknown");
}

static void
test_text (Home          *home,
           gconstpointer  data)
{
  g_autoptr(McExplanation) x = explain_sample ("postfix-two-recipients.eml");
  g_autofree char *text = NULL;
  g_autofree char *guidance = NULL;
  g_autofree char *first_line = NULL;

  g_assert_true (mc_i18n_set_language ("en", NULL));
  text = mc_explanation_to_text (x);
  first_line = g_strdup_printf ("%s\n\n", mc_explanation_get_summary (x));
  g_assert_true (g_str_has_prefix (text, first_line));
  g_assert_nonnull (strstr (text, "\nReply code: 550 ("));
  g_assert_nonnull (strstr (text, "\nStatus code: 5.1.1 (Bad destination mailbox address)\n"));
  g_assert_nonnull (strstr (text, "\nKind: Permanent failure"));
  g_assert_nonnull (strstr (text, "\nRecipient: kato@example.jp\n"));
  /* The other failed recipient is listed, not explained. */
  g_assert_nonnull (strstr (text, "\nAlso not delivered: ito@example.org\n"));
  g_assert_nonnull (strstr (text, "\nServer that answered: mx.example.jp\n"));
  g_assert_nonnull (strstr (text, "\nThe server's words: 550 5.1.1 <kato@example.jp>: Recipient address "
                                  "rejected: User unknown in local recipient table\n"));
  guidance = mc_guidance_to_text (mc_guidance_lookup ("bounce-user-unknown"));
  g_assert_true (g_str_has_suffix (text, guidance));
}

/* --- Recognition details ---------------------------------------------------- */

/* The returned message inside a bounce holds the sender's own words; they
 * must never be taken for the reason. */
static void
test_returned_message_ignored (Home          *home,
                               gconstpointer  data)
{
  /* Exim's copy says "spam filter" and "mailbox is full"; the reason is
   * "retry timeout exceeded". */
  g_autoptr(McExplanation) exim = explain_sample ("exim-retry-timeout.eml");
  /* A report that gives no reason, returning a message whose text would
   * match several rules: nothing is recognised. */
  const char *report =
    "From: MAILER-DAEMON@example.com\n"
    "To: taro@example.com\n"
    "Subject: Returned mail\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n"
    "\n"
    "--r\n"
    "Content-Type: text/plain\n"
    "\n"
    "Your message could not be delivered.\n"
    "--r\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mail.example.com\n"
    "\n"
    "Final-Recipient: rfc822; hanako@example.jp\n"
    "Action: failed\n"
    "Status: 5.0.0\n"
    "--r\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "From: taro@example.com\n"
    "Subject: Relay access denied? Mailbox full?\n"
    "\n"
    "My mailbox is full, the user unknown, and the attachment has a virus.\n"
    "550 5.7.26 Relay access denied\n"
    "--r--\n";
  g_autoptr(McExplanation) quiet = explain_text (report);

  g_assert_cmpstr (mc_explanation_get_guidance (exim), ==, "bounce-deferred");
  g_assert_cmpstr (mc_explanation_get_guidance (quiet), ==, "explain-unknown");
  g_assert_cmpstr (mc_explanation_get_enhanced_code (quiet), ==, "5.0.0");
  g_assert_null (mc_explanation_get_basic_code (quiet));
  g_assert_cmpstr (mc_explanation_get_recipient (quiet), ==, "hanako@example.jp");
  g_assert_cmpint (mc_explanation_get_class (quiet), ==, MC_BOUNCE_CLASS_PERMANENT);
}

/* Of several recipients the first failed one is reported; a delayed one
 * comes only when none failed. */
static void
test_first_failed_recipient (Home          *home,
                             gconstpointer  data)
{
  const char *text =
    "Final-Recipient: rfc822; later@example.jp\n"
    "Action: delayed\n"
    "Status: 4.4.1\n"
    "\n"
    "Final-Recipient: rfc822; first-failed@example.jp\n"
    "Action: failed\n"
    "Status: 5.2.2\n"
    "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\n";
  g_autoptr(McExplanation) x = explain_text (text);
  g_autofree char *out = NULL;

  g_assert_true (mc_i18n_set_language ("en", NULL));
  g_assert_cmpstr (mc_explanation_get_recipient (x), ==, "first-failed@example.jp");
  g_assert_cmpstr (mc_explanation_get_guidance (x), ==, "bounce-mailbox-full");
  out = mc_explanation_to_text (x);
  g_assert_nonnull (strstr (out, "Also not delivered: later@example.jp\n"));
}

/* A provider's own code beats the generic enhanced code, which beats the
 * basic code. */
static void
test_priority (Home          *home,
               gconstpointer  data)
{
  g_autoptr(McExplanation) provider = explain_text ("550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent (S3150).");
  g_autoptr(McExplanation) enhanced = explain_text ("550 5.2.2 Sorry");
  g_autoptr(McExplanation) basic = explain_text ("552 Sorry");
  g_autoptr(McExplanation) words = explain_text ("550 5.7.1 <a@example.jp>: Relay access denied");
  g_autoptr(McExplanation) carrier = explain_text ("550 5.1.1 <a@docomo.ne.jp>: User unknown");
  g_autoptr(McExplanation) not_carrier = explain_text ("550 5.1.1 <a@example.jp>: User unknown");

  g_assert_cmpstr (mc_explanation_get_guidance (provider), ==, "bounce-blocked-spam");
  g_assert_cmpstr (mc_explanation_get_guidance (enhanced), ==, "bounce-mailbox-full");
  g_assert_cmpstr (mc_explanation_get_guidance (basic), ==, "bounce-message-too-big");
  g_assert_cmpstr (mc_explanation_get_guidance (words), ==, "bounce-relay-denied");
  g_assert_cmpstr (mc_explanation_get_guidance (carrier), ==, "bounce-carrier-filter");
  g_assert_cmpint (mc_explanation_get_class (carrier), ==, MC_BOUNCE_CLASS_POLICY);
  g_assert_cmpstr (mc_explanation_get_guidance (not_carrier), ==, "bounce-user-unknown");
}

/* When the refusal is about the sender, the address in it is not reported
 * as the recipient. */
static void
test_sender_address_not_recipient (Home          *home,
                                   gconstpointer  data)
{
  g_autoptr(McExplanation) x = explain_text ("553 5.7.1 <taro@example.jp>: Sender address rejected: "
                                             "not owned by user taro@example.net");

  g_assert_cmpstr (mc_explanation_get_guidance (x), ==, "bounce-sender-rejected");
  g_assert_null (mc_explanation_get_recipient (x));
  g_assert_cmpint (mc_explanation_get_class (x), ==, MC_BOUNCE_CLASS_LOCAL_CONFIGURATION);
}

/* Japanese charsets are decoded with GMime, in headers (RFC 2047) and parts. */
static void
test_japanese_decoding (Home          *home,
                        gconstpointer  data)
{
  g_autoptr(GBytes) jis = read_sample ("isp-ja-iso-2022-jp.eml");
  g_autoptr(GBytes) sjis = read_sample ("isp-ja-shift-jis-mailbox-full.eml");
  g_autoptr(GBytes) pasted = read_sample ("isp-ja-host-unknown-jis.txt");
  g_autoptr(GBytes) euc = read_sample ("isp-ja-temporary-euc-jp.txt");
  g_autoptr(McBounceInput) a = mc_bounce_input_read (g_bytes_get_data (jis, NULL), g_bytes_get_size (jis));
  g_autoptr(McBounceInput) b = mc_bounce_input_read (g_bytes_get_data (sjis, NULL), g_bytes_get_size (sjis));
  g_autoptr(McBounceInput) c = mc_bounce_input_read (g_bytes_get_data (pasted, NULL), g_bytes_get_size (pasted));
  g_autoptr(McBounceInput) d = mc_bounce_input_read (g_bytes_get_data (euc, NULL), g_bytes_get_size (euc));

  g_assert_true (a->is_message);
  g_assert_cmpstr (a->subject, ==, "メール配送失敗のお知らせ");
  g_assert_nonnull (strstr (a->text, "宛先のメールアドレスが存在しません"));
  g_assert_cmpuint (a->recipients->len, ==, 1);

  g_assert_true (b->is_message);
  g_assert_cmpstr (b->subject, ==, "メール配信エラー");
  g_assert_nonnull (strstr (b->text, "メールボックスの容量がいっぱい"));

  g_assert_false (c->is_message);
  g_assert_nonnull (strstr (c->text, "宛先のホストが見つからなかった"));
  g_assert_nonnull (strstr (d->text, "一時的に受信を制限"));
}

/* --- The status code registry ------------------------------------------------ */

static void
test_registry_all (Home          *home,
                   gconstpointer  data)
{
  static const guint classes[] = { 2, 4, 5 };
  const McEnhancedCodeEntry *all;
  guint n = 0;

  g_assert_true (mc_i18n_set_language ("en", NULL));
  all = mc_enhanced_codes_get_all (&n);
  /* X.0.0 to X.7.30, as the IANA registry lists them. */
  g_assert_cmpuint (n, ==, 1 + 11 + 5 + 7 + 8 + 7 + 11 + 31);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (all[i].subject, <=, 7);
      g_assert_nonnull (all[i].meaning);
      g_assert_true (g_str_has_prefix (all[i].reference, "RFC ") ||
                     g_str_equal (all[i].reference, "IANA registry"));
      for (guint k = 0; k < G_N_ELEMENTS (classes); k++)
        {
          g_autofree char *text = g_strdup_printf ("%u.%u.%u", classes[k], all[i].subject, all[i].detail);
          g_autofree char *back = NULL;
          g_autofree char *meaning = NULL;
          McEnhancedCode code;

          g_assert_true (mc_enhanced_code_parse (text, -1, &code));
          g_assert_cmpuint (code.klass, ==, classes[k]);
          g_assert_cmpuint (code.subject, ==, all[i].subject);
          g_assert_cmpuint (code.detail, ==, all[i].detail);
          back = mc_enhanced_code_to_string (&code);
          g_assert_cmpstr (back, ==, text);
          g_assert_true (mc_enhanced_code_lookup (&code) == &all[i]);
          meaning = mc_enhanced_code_describe (&code);
          g_assert_cmpstr (meaning, ==, all[i].meaning);
        }
    }
  /* The subjects of the registry, and the classes. */
  for (guint s = 0; s <= 7; s++)
    g_assert_nonnull (mc_enhanced_code_get_subject_meaning (s));
  g_assert_null (mc_enhanced_code_get_subject_meaning (8));
  g_assert_cmpstr (mc_enhanced_code_get_class_meaning (2), ==, "Success");
  g_assert_cmpstr (mc_enhanced_code_get_class_meaning (4), ==, "Temporary failure");
  g_assert_cmpstr (mc_enhanced_code_get_class_meaning (5), ==, "Permanent failure");
  g_assert_null (mc_enhanced_code_get_class_meaning (3));
}

static void
test_registry_parse (Home          *home,
                     gconstpointer  data)
{
  static const char * const valid[] = { "5.1.1", "4.7.28", "2.0.0", "5.999.999", "5.7.515", "5.1.1." };
  static const char * const invalid[] = {
    "", "5", "5.1", "5.1.", "3.1.1", "6.0.0", "1.0.0", "0.0.0", "5..1", "5.1000.1", "5.1.1000",
    "5.1.1.2", "x.1.1", "5.a.1", "55.1.1", " 5.1.1",
  };
  McEnhancedCode code;
  guint reply = 0;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      if (!mc_enhanced_code_parse (valid[i], -1, &code))
        g_error ("“%s” should parse", valid[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      if (mc_enhanced_code_parse (invalid[i], -1, &code))
        g_error ("“%s” should not parse", invalid[i]);
    }
  /* The length bounds the text: "5.1.12" read as three bytes is not "5.1". */
  g_assert_true (mc_enhanced_code_parse ("5.1.12", 5, &code));
  g_assert_cmpuint (code.detail, ==, 1);
  g_assert_false (mc_enhanced_code_parse (NULL, -1, &code));

  g_assert_true (mc_reply_code_parse ("550 x", &reply));
  g_assert_cmpuint (reply, ==, 550);
  g_assert_false (mc_reply_code_parse ("5500", &reply));
  g_assert_false (mc_reply_code_parse ("650", &reply));
  g_assert_false (mc_reply_code_parse ("150", &reply));
  g_assert_false (mc_reply_code_parse ("55", &reply));
  g_assert_false (mc_reply_code_parse (NULL, &reply));
}

static void
test_registry_reply_codes (Home          *home,
                           gconstpointer  data)
{
  const McReplyCodeEntry *all;
  guint n = 0;

  g_assert_true (mc_i18n_set_language ("en", NULL));
  all = mc_reply_codes_get_all (&n);
  g_assert_cmpuint (n, >=, 30);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", all[i].code);
      guint code = 0;

      g_assert_true (mc_reply_code_parse (text, &code));
      g_assert_cmpuint (code, ==, all[i].code);
      g_assert_cmpstr (mc_reply_code_get_meaning (code), ==, all[i].meaning);
    }
  g_assert_nonnull (mc_reply_code_get_meaning (550));
  g_assert_nonnull (mc_reply_code_get_meaning (421));
  g_assert_nonnull (mc_reply_code_get_meaning (556));
  g_assert_null (mc_reply_code_get_meaning (599));
}

/* A well-formed code that the registry does not list is explained by its
 * class and subject. */
static void
test_registry_unknown_codes (Home          *home,
                             gconstpointer  data)
{
  McEnhancedCode code;
  g_autofree char *meaning = NULL;
  g_autofree char *policy = NULL;
  g_autoptr(McExplanation) status_only = NULL;
  g_autoptr(McExplanation) detail = NULL;
  g_autoptr(McExplanation) temporary = NULL;

  g_assert_true (mc_i18n_set_language ("en", NULL));

  g_assert_true (mc_enhanced_code_parse ("5.9.99", -1, &code));
  g_assert_null (mc_enhanced_code_lookup (&code));
  meaning = mc_enhanced_code_describe (&code);
  g_assert_cmpstr (meaning, ==, "Permanent failure of a kind not in the registry");

  g_assert_true (mc_enhanced_code_parse ("5.7.99", -1, &code));
  policy = mc_enhanced_code_describe (&code);
  g_assert_cmpstr (policy, ==, "Permanent failure: Security or policy status; detail 99 is not in "
                               "the registry");

  status_only = explain_text ("Final-Recipient: rfc822; hanako@example.jp\nAction: failed\nStatus: 5.9.99\n");
  g_assert_cmpstr (mc_explanation_get_enhanced_code (status_only), ==, "5.9.99");
  g_assert_cmpint (mc_explanation_get_class (status_only), ==, MC_BOUNCE_CLASS_PERMANENT);
  g_assert_cmpstr (mc_explanation_get_guidance (status_only), ==, "explain-unknown");
  g_assert_cmpstr (mc_explanation_get_summary (status_only), ==,
                   "The server answered with code 5.9.99: Permanent failure of a kind not in the registry.");

  detail = explain_text ("550 5.7.99 Refused.");
  g_assert_cmpstr (mc_explanation_get_enhanced_code (detail), ==, "5.7.99");
  g_assert_cmpstr (mc_explanation_get_guidance (detail), ==, "bounce-blocked-spam");

  temporary = explain_text ("451 4.9.1 Something odd.");
  g_assert_cmpstr (mc_explanation_get_enhanced_code (temporary), ==, "4.9.1");
  g_assert_cmpint (mc_explanation_get_class (temporary), ==, MC_BOUNCE_CLASS_TEMPORARY);
  g_assert_cmpstr (mc_explanation_get_guidance (temporary), ==, "bounce-temporary");
}

/* Codes are looked for where servers put them; numbers that are not codes
 * (IP addresses, versions, counts) are not taken. */
static void
test_codes_in_text (Home          *home,
                    gconstpointer  data)
{
  g_autoptr(McExplanation) ip = explain_text ("Connected to 192.0.2.5.4.3 with Exim 4.96, sent 500 messages today.");
  g_autoptr(McExplanation) transcript = explain_text (">>> RCPT TO:<a@example.jp>\n<<< 250 2.1.5 Ok\n"
                                                      ">>> DATA\n<<< 554 5.7.1 Rejected by policy\n");
  g_autoptr(McExplanation) qmail = explain_text ("Sorry, no mailbox here by that name. (#5.1.1)");

  g_assert_null (mc_explanation_get_basic_code (ip));
  g_assert_null (mc_explanation_get_enhanced_code (ip));
  g_assert_cmpstr (mc_explanation_get_basic_code (transcript), ==, "554");
  g_assert_cmpstr (mc_explanation_get_enhanced_code (transcript), ==, "5.7.1");
  g_assert_cmpstr (mc_explanation_get_enhanced_code (qmail), ==, "5.1.1");
  g_assert_cmpstr (mc_explanation_get_guidance (qmail), ==, "bounce-user-unknown");
}

/* --- The rules ------------------------------------------------------------------ */

static void
test_rules (Home          *home,
            gconstpointer  data)
{
  g_autoptr(GHashTable) reached = g_hash_table_new (g_str_hash, g_str_equal);
  const McExplainRule *rules;
  const McEnhancedCodeEntry *codes;
  const McGuidance *all;
  guint n_rules = 0, n_codes = 0, n_all = 0;

  rules = mc_explain_rules_get_all (&n_rules);
  g_assert_cmpuint (n_rules, >, 20);
  for (guint i = 0; i < n_rules; i++)
    {
      g_assert_nonnull (mc_explain_rule_get_regex (i));
      if (mc_guidance_lookup (rules[i].guidance) == NULL)
        g_error ("Rule %u leads to guidance “%s”, which does not exist", i, rules[i].guidance);
      g_hash_table_add (reached, (gpointer) rules[i].guidance);
    }

  codes = mc_enhanced_codes_get_all (&n_codes);
  for (guint i = 0; i < n_codes; i++)
    {
      for (guint k = 4; k <= 5; k++)
        {
          McEnhancedCode code = { k, codes[i].subject, codes[i].detail };
          const char *guidance = mc_explain_guidance_for_enhanced (&code);

          if (guidance == NULL)
            continue;
          if (mc_guidance_lookup (guidance) == NULL)
            g_error ("Code %u.%u.%u leads to guidance “%s”, which does not exist", k, code.subject,
                     code.detail, guidance);
          g_hash_table_add (reached, (gpointer) guidance);
        }
    }
  for (guint code = 200; code < 600; code++)
    {
      const char *guidance = mc_explain_guidance_for_reply_code (code);

      if (guidance != NULL)
        {
          g_assert_nonnull (mc_guidance_lookup (guidance));
          g_hash_table_add (reached, (gpointer) guidance);
        }
    }

  /* Every bounce entry of the catalogue can be reached from some input. */
  g_hash_table_add (reached, (gpointer) "explain-unknown");
  all = mc_guidance_get_all (&n_all);
  for (guint i = 0; i < n_all; i++)
    {
      if (g_str_has_prefix (all[i].id, "bounce-") && !g_hash_table_contains (reached, all[i].id))
        g_error ("Guidance “%s” is never reached by the explainer", all[i].id);
    }

  /* Every guidance the explainer leads to has a summary. */
  {
    GHashTableIter iter;
    gpointer key;

    g_assert_true (mc_i18n_set_language ("en", NULL));
    g_hash_table_iter_init (&iter, reached);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_autofree char *summary = NULL;

        if (g_str_equal (key, "explain-unknown"))
          continue;
        summary = mc_explain_summary_for (key, MC_BOUNCE_CLASS_PERMANENT, "a@example.jp");
        if (summary == NULL)
          g_error ("Guidance “%s” has no summary", (const char *) key);
      }
  }

  g_assert_true (mc_explain_is_carrier_domain ("docomo.ne.jp"));
  g_assert_true (mc_explain_is_carrier_domain ("hanako@ezweb.ne.jp"));
  g_assert_true (mc_explain_is_carrier_domain ("x@t.vodafone.ne.jp"));
  g_assert_false (mc_explain_is_carrier_domain ("notdocomo.ne.jp"));
  g_assert_false (mc_explain_is_carrier_domain ("example.jp"));
  g_assert_false (mc_explain_is_carrier_domain (NULL));
}

static void
test_class_labels (Home          *home,
                   gconstpointer  data)
{
  static const char * const names[] = {
    "unknown", "permanent", "temporary", "deferred", "policy", "local-configuration",
  };

  g_assert_true (mc_i18n_set_language ("en", NULL));
  for (McBounceClass k = MC_BOUNCE_CLASS_UNKNOWN; k <= MC_BOUNCE_CLASS_LOCAL_CONFIGURATION; k++)
    {
      g_assert_cmpstr (mc_bounce_class_to_string (k), ==, names[k]);
      g_assert_nonnull (mc_bounce_class_get_label (k));
    }
}

/* --- Hostile input ------------------------------------------------------------------ */

static void
check_sane (McExplanation *x)
{
  g_assert_nonnull (x);
  g_assert_nonnull (mc_guidance_lookup (mc_explanation_get_guidance (x)));
  g_assert_true (g_utf8_validate (mc_explanation_get_summary (x), -1, NULL));
  if (mc_explanation_get_diagnostic (x) != NULL)
    g_assert_cmpuint (strlen (mc_explanation_get_diagnostic (x)), <=, 4096);
  if (mc_explanation_get_recipient (x) != NULL)
    g_assert_cmpuint (strlen (mc_explanation_get_recipient (x)), <=, 320);
}

static void
test_random_bytes (Home          *home,
                   gconstpointer  data)
{
  GRand *rand = g_rand_new_with_seed (20251124);

  for (guint round = 0; round < 200; round++)
    {
      gsize length = (gsize) g_rand_int_range (rand, 0, 16384);
      g_autofree char *buffer = g_malloc (length + 1);
      g_autoptr(McExplanation) x = NULL;
      g_autofree char *text = NULL;
      g_autofree char *json = NULL;

      for (gsize i = 0; i < length; i++)
        buffer[i] = (char) g_rand_int_range (rand, 0, 256);
      /* Every fourth round looks like a message, to reach GMime. */
      if (round % 4 == 0 && length > 40)
        memcpy (buffer, "From: a@b\nSubject: x\nContent-Type: mu", 38);
      x = mc_explain (buffer, length);
      check_sane (x);
      text = mc_explanation_to_text (x);
      json = mc_explanation_to_json (x);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_true (g_utf8_validate (json, -1, NULL));
    }
  g_rand_free (rand);
}

/* The largest input, and more than that: only MC_EXPLAIN_MAX_INPUT bytes are
 * read, and a bounce whose returned message is huge is still explained. */
static void
test_huge_input (Home          *home,
                 gconstpointer  data)
{
  g_autoptr(GBytes) sample = read_sample ("postfix-user-unknown.eml");
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(McExplanation) x = NULL;
  g_autoptr(McExplanation) lines = NULL;
  g_autofree char *noise = NULL;
  const char *end;

  /* The sample without its closing boundary, then a returned message with
   * an attachment that goes on past the limit. */
  g_string_append_len (big, g_bytes_get_data (sample, NULL), (gssize) g_bytes_get_size (sample));
  end = strstr (big->str, "\n--4Nq2Wd0Kx9z1.1763860324/mail.example.com--");
  g_assert_nonnull (end);
  g_string_truncate (big, (gsize) (end - big->str));
  g_string_append (big, "\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n");
  while (big->len <= MC_EXPLAIN_MAX_INPUT + 1024)
    g_string_append (big, "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2\n");
  x = mc_explain (big->str, big->len);
  check_sane (x);
  g_assert_cmpstr (mc_explanation_get_guidance (x), ==, "bounce-user-unknown");
  g_assert_cmpstr (mc_explanation_get_recipient (x), ==, "hanako@example.jp");

  /* 16 MiB of text lines with no code in them. */
  noise = g_strnfill (MC_EXPLAIN_MAX_INPUT, 'a');
  for (gsize i = 80; i < MC_EXPLAIN_MAX_INPUT; i += 81)
    noise[i] = '\n';
  lines = mc_explain (noise, MC_EXPLAIN_MAX_INPUT);
  check_sane (lines);
  g_assert_cmpstr (mc_explanation_get_guidance (lines), ==, "explain-unknown");
}

static void
test_deep_nesting (Home          *home,
                   gconstpointer  data)
{
  g_autoptr(GString) message = g_string_new ("From: a@example.jp\nTo: b@example.jp\nSubject: deep\n"
                                             "MIME-Version: 1.0\n");
  g_autoptr(McExplanation) x = NULL;
  g_autoptr(McExplanation) parts = NULL;
  g_autoptr(GString) wide = g_string_new ("From: a@example.jp\nSubject: wide\nMIME-Version: 1.0\n"
                                          "Content-Type: multipart/mixed; boundary=w\n\n");

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (message, "Content-Type: multipart/mixed; boundary=\"b%u\"\n\n--b%u\n", i, i);
  g_string_append (message, "Content-Type: text/plain\n\n550 5.1.1 <deep@example.jp>: User unknown\n");
  x = mc_explain (message->str, message->len);
  check_sane (x);

  /* Many parts side by side. */
  for (guint i = 0; i < 50000; i++)
    g_string_append (wide, "--w\nContent-Type: text/plain\n\nhello\n");
  g_string_append (wide, "--w--\n");
  parts = mc_explain (wide->str, wide->len);
  check_sane (parts);
}

static void
test_long_header (Home          *home,
                  gconstpointer  data)
{
  g_autoptr(GString) message = g_string_new ("From: MAILER-DAEMON@example.com\nTo: taro@example.com\nSubject: ");
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(McExplanation) x = NULL;
  g_autoptr(McExplanation) y = NULL;

  for (guint i = 0; i < 1024 * 1024 / 8; i++)
    g_string_append (message, "Returned");
  g_string_append (message, "\nMIME-Version: 1.0\n\n<hanako@example.jp>: host mx.example.jp[192.0.2.1] said: "
                            "550 5.1.1 <hanako@example.jp>: Recipient address rejected: User unknown\n");
  x = mc_explain (message->str, message->len);
  check_sane (x);
  g_assert_cmpstr (mc_explanation_get_guidance (x), ==, "bounce-user-unknown");
  g_assert_cmpstr (mc_explanation_get_remote_server (x), ==, "mx.example.jp");

  /* One line of a megabyte, pasted. */
  for (guint i = 0; i < 1024 * 1024 / 16; i++)
    g_string_append (line, "550 5.1.1 x@y.z ");
  y = mc_explain (line->str, line->len);
  check_sane (y);
}

/* --- In a worker thread ----------------------------------------------------------------- */

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (Home          *home,
            gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GBytes) sample = read_sample ("gmail-5.7.26.eml");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(McExplanation) x = NULL;
  g_autoptr(McExplanation) none = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);

  mc_explain_async (sample, NULL, async_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  x = mc_explain_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_explanation_get_guidance (x), ==, "bounce-auth-policy");
  g_assert_cmpstr (mc_explanation_get_enhanced_code (x), ==, "5.7.26");

  g_cancellable_cancel (cancellable);
  mc_explain_async (sample, cancellable, async_done_cb, &cancelled_result);
  while (cancelled_result == NULL)
    g_main_context_iteration (context, TRUE);
  none = mc_explain_finish (cancelled_result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);

  g_main_context_pop_thread_default (context);
}

/* --- The command ---------------------------------------------------------------------------- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run                *run,
         const char         *input,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("MC_TEST_CLI");

  g_assert_nonnull (cli);
  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("The command %s is missing: build it first", cli);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "explain");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static void
test_cli (Home          *home,
          gconstpointer  data)
{
  g_autofree char *sample = g_build_filename (sample_dir (), "docomo-unknown-user.eml", NULL);
  g_autofree char *missing = g_build_filename (home->dir, "no-such-file.eml", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  /* A file, as JSON. */
  {
    g_auto(Run) run = { 0 };
    const char *args[] = { sample, "--format", "json", NULL };

    run_cli (&run, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    json_parser_load_from_data (parser, run.out, -1, &error);
    g_assert_no_error (error);
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (object, "schema"), ==, "mail-checkup-explain/1");
    g_assert_cmpstr (json_object_get_string_member (object, "guidance"), ==, "bounce-carrier-filter");
    g_assert_cmpstr (json_object_get_string_member (object, "class"), ==, "policy");
    g_assert_cmpstr (json_object_get_string_member (object, "recipient"), ==, "hanako-0123@docomo.ne.jp");
  }

  /* Standard input, with no FILE and with "-". */
  {
    g_auto(Run) run = { 0 };
    g_auto(Run) dash = { 0 };
    const char *none[] = { NULL };
    const char *args[] = { "-", NULL };

    run_cli (&run, "554 5.7.1 <jiro@example.net>: Relay access denied\n", none);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "The server refused to pass the message to jiro@example.net on"));
    g_assert_nonnull (strstr (run.out, "\nStatus code: 5.7.1 "));
    g_assert_nonnull (strstr (run.out, "SMTP authentication"));

    run_cli (&dash, "501 5.1.3 Bad recipient address syntax\n", args);
    g_assert_cmpint (dash.status, ==, 0);
    g_assert_nonnull (strstr (dash.out, "The address is not written correctly"));
  }

  /* Nothing recognised: still 0, and the output says so. */
  {
    g_auto(Run) run = { 0 };
    const char *args[] = { "--format", "json", NULL };

    run_cli (&run, "hello", args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "\"explain-unknown\""));
    g_assert_nonnull (strstr (run.out, "\"unknown\""));
  }

  /* Usage and unreadable files: 2. */
  {
    g_auto(Run) unreadable = { 0 };
    g_auto(Run) folder = { 0 };
    g_auto(Run) format = { 0 };
    g_auto(Run) extra = { 0 };
    const char *missing_args[] = { missing, NULL };
    const char *folder_args[] = { home->dir, NULL };
    const char *format_args[] = { sample, "--format", "xml", NULL };
    const char *extra_args[] = { sample, sample, NULL };

    run_cli (&unreadable, NULL, missing_args);
    g_assert_cmpint (unreadable.status, ==, 2);
    g_assert_nonnull (strstr (unreadable.err, "no-such-file.eml"));
    g_assert_cmpstr (unreadable.out, ==, "");
    run_cli (&folder, NULL, folder_args);
    g_assert_cmpint (folder.status, ==, 2);
    run_cli (&format, NULL, format_args);
    g_assert_cmpint (format.status, ==, 2);
    run_cli (&extra, NULL, extra_args);
    g_assert_cmpint (extra.status, ==, 2);
  }
}

/* A file larger than MC_EXPLAIN_MAX_INPUT is read up to it, with a note on
 * standard error, and still explained. */
static void
test_cli_big_file (Home          *home,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (home->dir, "big.txt", NULL);
  g_autoptr(GString) content = g_string_new ("550 5.1.1 <hanako@example.jp>: Recipient address rejected: User unknown\n");
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  const char *args[] = { path, "--format", "json", NULL };

  while (content->len <= MC_EXPLAIN_MAX_INPUT)
    g_string_append (content, "x\n");
  g_file_set_contents (path, content->str, (gssize) content->len, &error);
  g_assert_no_error (error);
  run_cli (&run, NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "only its first 16 MB were read"));
  g_assert_nonnull (strstr (run.out, "\"bounce-user-unknown\""));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Home, NULL, home_setup, func, home_teardown)
  ADD ("/explain/samples", test_samples);
  ADD ("/explain/summary-language", test_summary_language);
  ADD ("/explain/json", test_json);
  ADD ("/explain/text", test_text);
  ADD ("/explain/returned-message-ignored", test_returned_message_ignored);
  ADD ("/explain/first-failed-recipient", test_first_failed_recipient);
  ADD ("/explain/priority", test_priority);
  ADD ("/explain/sender-address-not-recipient", test_sender_address_not_recipient);
  ADD ("/explain/japanese-decoding", test_japanese_decoding);
  ADD ("/explain/registry/all", test_registry_all);
  ADD ("/explain/registry/parse", test_registry_parse);
  ADD ("/explain/registry/reply-codes", test_registry_reply_codes);
  ADD ("/explain/registry/unknown-codes", test_registry_unknown_codes);
  ADD ("/explain/codes-in-text", test_codes_in_text);
  ADD ("/explain/rules", test_rules);
  ADD ("/explain/class-labels", test_class_labels);
  ADD ("/explain/robust/random-bytes", test_random_bytes);
  ADD ("/explain/robust/huge-input", test_huge_input);
  ADD ("/explain/robust/deep-nesting", test_deep_nesting);
  ADD ("/explain/robust/long-header", test_long_header);
  ADD ("/explain/async", test_async);
  ADD ("/explain/cli", test_cli);
  ADD ("/explain/cli-big-file", test_cli_big_file);
  /* Last, so that a catalogue that lacks translations does not hide the
   * results of the other tests. */
  ADD ("/explain/translations/samples-japanese", test_samples_japanese);
#undef ADD

  return g_test_run ();
}
