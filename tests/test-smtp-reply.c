/* test-smtp-reply.c: unit tests of SMTP reply parsing, the bounded reader, EHLO keywords and log-in answers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader is fed from memory streams here: a unit test of a parser. The
 * same reader against real and hostile servers is in test-smtp-hostile.
 */
#include "config.h"

#include <string.h>

#include "mc-smtp-auth.h"
#include "mc-smtp-reply.h"
#include "mc-test-net.h"

static void
test_parse_line (void)
{
  static const struct { const char *line; gboolean ok; int code; gboolean last; const char *text; } cases[] = {
    { "220 mail.example.jp ESMTP", TRUE, 220, TRUE, "mail.example.jp ESMTP" },
    { "250-PIPELINING", TRUE, 250, FALSE, "PIPELINING" },
    { "250", TRUE, 250, TRUE, "" },
    { "554 ", TRUE, 554, TRUE, "" },
    { "552 x", TRUE, 552, TRUE, "x" },
    { "599 second digit too high", FALSE },
    { "199 too low", FALSE },
    { "600 too high", FALSE },
    { "260 second digit too high", FALSE },
    { "25", FALSE },
    { "250x text", FALSE },
    { "abc def", FALSE },
    { "HTTP/1.1 400 Bad Request", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int code = 0;
      gboolean last = FALSE;
      const char *text = NULL;
      gboolean ok = mc_smtp_reply_parse_line (cases[i].line, &code, &last, &text);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_cmpint (code, ==, cases[i].code);
          g_assert_cmpint (last, ==, cases[i].last);
          g_assert_cmpstr (text, ==, cases[i].text);
        }
    }
}

static void
test_reply_from_lines (void)
{
  const char *ehlo[] = { "250-mail.example.jp Hello [203.0.113.5]", "250-SIZE 10240000",
                         "250 AUTH PLAIN LOGIN", NULL };
  const char *mixed[] = { "250-mail.example.jp", "251 OK", NULL };
  const char *unfinished[] = { "250-mail.example.jp", "250-SIZE", NULL };
  const char *early_end[] = { "250 mail.example.jp", "250 SIZE", NULL };
  const char *enhanced[] = { "553 5.7.1 <hanako@example.jp>: Sender address rejected", NULL };
  const char *wrong_class[] = { "553 2.0.0 odd", NULL };
  const char *empty[] = { NULL };
  g_autoptr(McSmtpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;

  reply = mc_smtp_reply_new_from_lines (ehlo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->code, ==, 250);
  g_assert_cmpuint (g_strv_length (reply->lines), ==, 3);
  g_assert_cmpstr (reply->lines[2], ==, "AUTH PLAIN LOGIN");
  g_assert_null (reply->enhanced);
  shown = mc_smtp_reply_to_string (reply);
  g_assert_cmpstr (shown, ==, "250-mail.example.jp Hello [203.0.113.5] / 250-SIZE 10240000 / 250 AUTH PLAIN LOGIN");
  g_clear_pointer (&reply, mc_smtp_reply_free);

  reply = mc_smtp_reply_new_from_lines (mixed, &error);
  g_assert_null (reply);
  g_assert_error (error, MC_SMTP_ERROR, MC_SMTP_ERROR_INCONSISTENT_REPLY);
  g_clear_error (&error);

  g_assert_null (mc_smtp_reply_new_from_lines (unfinished, &error));
  g_assert_error (error, MC_SMTP_ERROR, MC_SMTP_ERROR_BAD_REPLY);
  g_clear_error (&error);
  g_assert_null (mc_smtp_reply_new_from_lines (early_end, &error));
  g_assert_error (error, MC_SMTP_ERROR, MC_SMTP_ERROR_BAD_REPLY);
  g_clear_error (&error);
  g_assert_null (mc_smtp_reply_new_from_lines (empty, &error));
  g_assert_error (error, MC_SMTP_ERROR, MC_SMTP_ERROR_BAD_REPLY);
  g_clear_error (&error);

  reply = mc_smtp_reply_new_from_lines (enhanced, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reply->enhanced, ==, "5.7.1");
  g_clear_pointer (&reply, mc_smtp_reply_free);

  /* An enhanced code of another class than the reply is not one. */
  reply = mc_smtp_reply_new_from_lines (wrong_class, &error);
  g_assert_no_error (error);
  g_assert_null (reply->enhanced);
}

typedef struct
{
  McSmtpReply *reply;
  GError      *error;
  gboolean     done;
  guint        lines_seen;
} ReadResult;

static void
on_line (const char *line,
         gpointer    user_data)
{
  ((ReadResult *) user_data)->lines_seen++;
}

static McSmtpReader *
reader_for (const char *data,
            gsize       length,
            ReadResult *r)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_memdup2 (data, length), length,
                                                                          g_free);

  return mc_smtp_reader_new (stream, on_line, r);
}

static void
clear_result (ReadResult *r)
{
  g_clear_pointer (&r->reply, mc_smtp_reply_free);
  g_clear_error (&r->error);
}

/* The reader is a plain struct; its finish function needs only the result. */
static void
read_cb_with (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ReadResult *r = user_data;

  r->reply = mc_smtp_reader_read_reply_finish (NULL, result, &r->error);
  r->done = TRUE;
}

static void
read_next (McSmtpReader *reader,
           ReadResult   *r)
{
  r->done = FALSE;
  mc_smtp_reader_read_reply_async (reader, NULL, read_cb_with, r);
  mc_test_iterate_until (&r->done, 5000);
}

static void
test_reader_pipelined (void)
{
  const char data[] = "250 2.1.0 Ok\r\n250 2.1.5 Ok\n221 2.0.0 Bye\r\n";
  ReadResult r = { 0 };
  g_autoptr(McSmtpReader) reader = reader_for (data, strlen (data), &r);

  read_next (reader, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.reply->enhanced, ==, "2.1.0");
  /* The rest of what arrived is still buffered, for the next replies. */
  g_assert_cmpuint (mc_smtp_reader_get_buffered (reader), >, 0);
  clear_result (&r);

  read_next (reader, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.reply->enhanced, ==, "2.1.5");
  clear_result (&r);

  read_next (reader, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.reply->code, ==, 221);
  g_assert_cmpuint (mc_smtp_reader_get_buffered (reader), ==, 0);
  g_assert_cmpuint (r.lines_seen, ==, 3);
  clear_result (&r);

  /* And then the end of the stream is a closed connection. */
  read_next (reader, &r);
  g_assert_error (r.error, MC_SMTP_ERROR, MC_SMTP_ERROR_CLOSED);
  clear_result (&r);
}

/* After "220 Ready to start TLS", anything buffered is an injection. */
static void
test_reader_buffered_after_reply (void)
{
  const char data[] = "220 2.0.0 Ready to start TLS\r\n250-injected\r\n250 INJECTED\r\n";
  ReadResult r = { 0 };
  g_autoptr(McSmtpReader) reader = reader_for (data, strlen (data), &r);

  read_next (reader, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.reply->code, ==, 220);
  g_assert_cmpuint (mc_smtp_reader_get_buffered (reader), ==, strlen ("250-injected\r\n250 INJECTED\r\n"));
  clear_result (&r);
}

static void
test_reader_long_line (void)
{
  gsize length = 1024 * 1024;
  g_autofree char *data = g_malloc (length);
  ReadResult r = { 0 };
  g_autoptr(McSmtpReader) reader = NULL;

  memset (data, 'a', length);
  memcpy (data, "220 ", 4);
  reader = reader_for (data, length, &r);
  read_next (reader, &r);
  g_assert_error (r.error, MC_SMTP_ERROR, MC_SMTP_ERROR_LINE_TOO_LONG);
  /* The reader stopped at its bound: it did not take in the whole megabyte. */
  g_assert_cmpuint (mc_smtp_reader_get_received (reader), <=, MC_SMTP_MAX_LINE);
  clear_result (&r);
}

static void
test_reader_long_reply (void)
{
  GString *data = g_string_new (NULL);
  ReadResult r = { 0 };
  g_autoptr(McSmtpReader) reader = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append (data, "250-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\r\n");
  g_string_append (data, "250 OK\r\n");
  reader = reader_for (data->str, data->len, &r);
  read_next (reader, &r);
  g_assert_error (r.error, MC_SMTP_ERROR, MC_SMTP_ERROR_REPLY_TOO_LONG);
  g_assert_cmpuint (mc_smtp_reader_get_received (reader), <, MC_SMTP_MAX_REPLY + 2 * MC_SMTP_MAX_LINE);
  clear_result (&r);
  g_string_free (data, TRUE);
}

static void
test_reader_not_smtp (void)
{
  const char data[] = "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n";
  ReadResult r = { 0 };
  g_autoptr(McSmtpReader) reader = reader_for (data, strlen (data), &r);
  gsize length;
  const char *first;

  read_next (reader, &r);
  g_assert_error (r.error, MC_SMTP_ERROR, MC_SMTP_ERROR_BAD_REPLY);
  first = mc_smtp_reader_get_first_bytes (reader, &length);
  g_assert_true (length >= 5 && memcmp (first, "HTTP/", 5) == 0);
  clear_result (&r);
}

static void
test_reader_closed_mid_reply (void)
{
  const char data[] = "250-mail.example.jp\r\n250-PIPELINING\r\n";
  ReadResult r = { 0 };
  g_autoptr(McSmtpReader) reader = reader_for (data, strlen (data), &r);

  read_next (reader, &r);
  g_assert_error (r.error, MC_SMTP_ERROR, MC_SMTP_ERROR_CLOSED);
  clear_result (&r);
}

static void
test_capabilities (void)
{
  const char *lines[] = {
    "250-mail.example.jp Hello client.example.jp [203.0.113.5]", "250-PIPELINING", "250-SIZE 10240000",
    "250-STARTTLS", "250-AUTH PLAIN LOGIN", "250-AUTH=PLAIN LOGIN CRAM-MD5", "250 8BITMIME", NULL,
  };
  const char *bare[] = { "250-mail.example.jp", "250-size", "250 auth xoauth2", NULL };
  const char *v6[] = { "250-mail.example.jp Hello [IPv6:2001:db8::5]", "250 OK", NULL };
  g_autoptr(McSmtpReply) reply = mc_smtp_reply_new_from_lines (lines, NULL);
  McSmtpCapabilities caps = { 0 };

  mc_smtp_capabilities_parse (&caps, reply);
  g_assert_true (caps.offered);
  g_assert_true (caps.pipelining);
  g_assert_true (caps.starttls);
  g_assert_true (caps.size_offered);
  g_assert_cmpint (caps.size_limit, ==, 10240000);
  g_assert_cmpstr (caps.client_ip, ==, "203.0.113.5");
  /* Both AUTH lines, merged, each mechanism once. */
  g_assert_cmpuint (g_strv_length (caps.auth), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) caps.auth, "CRAM-MD5"));
  mc_smtp_capabilities_clear (&caps);
  g_clear_pointer (&reply, mc_smtp_reply_free);

  reply = mc_smtp_reply_new_from_lines (bare, NULL);
  memset (&caps, 0, sizeof caps);
  mc_smtp_capabilities_parse (&caps, reply);
  g_assert_true (caps.size_offered);
  g_assert_cmpint (caps.size_limit, ==, 0);
  g_assert_false (caps.starttls);
  g_assert_cmpstr (caps.auth[0], ==, "XOAUTH2");
  g_assert_null (caps.client_ip);
  mc_smtp_capabilities_clear (&caps);
  g_clear_pointer (&reply, mc_smtp_reply_free);

  reply = mc_smtp_reply_new_from_lines (v6, NULL);
  memset (&caps, 0, sizeof caps);
  mc_smtp_capabilities_parse (&caps, reply);
  g_assert_cmpstr (caps.client_ip, ==, "2001:db8::5");
  mc_smtp_capabilities_clear (&caps);
}

static void
test_auth_choose (void)
{
  const char *all[] = { "LOGIN", "PLAIN", "CRAM-MD5", NULL };
  const char *plain_login[] = { "LOGIN", "PLAIN", NULL };
  const char *login[] = { "LOGIN", NULL };
  const char *oauth[] = { "XOAUTH2", "OAUTHBEARER", NULL };

  g_assert_cmpstr (mc_smtp_auth_choose (all), ==, "CRAM-MD5");
  g_assert_cmpstr (mc_smtp_auth_choose (plain_login), ==, "PLAIN");
  g_assert_cmpstr (mc_smtp_auth_choose (login), ==, "LOGIN");
  g_assert_null (mc_smtp_auth_choose (oauth));
  g_assert_null (mc_smtp_auth_choose (NULL));
}

static void
test_auth_answers (void)
{
  g_autoptr(McSecret) plain = mc_smtp_auth_plain ("taro@example.jp", "s3cret");
  g_autoptr(McSecret) user = NULL;
  g_autoptr(McSecret) password = NULL;
  g_autoptr(McSecret) cram = NULL;
  g_autofree guchar *decoded = NULL;
  gsize length = 0;
  gboolean asks_user = FALSE;

  decoded = g_base64_decode (plain, &length);
  g_assert_cmpuint (length, ==, strlen ("taro@example.jp") + strlen ("s3cret") + 2);
  g_assert_true (memcmp (decoded, "\0taro@example.jp\0s3cret", length) == 0);

  /* "Username:" and "Password:" prompts, base64. */
  user = mc_smtp_auth_login_answer ("VXNlcm5hbWU6", "taro", "s3cret", &asks_user);
  g_assert_true (asks_user);
  g_assert_cmpstr (user, ==, "dGFybw==");
  password = mc_smtp_auth_login_answer ("UGFzc3dvcmQ6", "taro", "s3cret", &asks_user);
  g_assert_false (asks_user);
  g_assert_cmpstr (password, ==, "czNjcmV0");

  /* The example of RFC 2195, section 2. */
  cram = mc_smtp_auth_cram_md5 ("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+", "tim",
                                "tanstaaftanstaaf");
  g_assert_cmpstr (cram, ==, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/smtp-reply/parse-line", test_parse_line);
  g_test_add_func ("/smtp-reply/from-lines", test_reply_from_lines);
  g_test_add_func ("/smtp-reader/pipelined", test_reader_pipelined);
  g_test_add_func ("/smtp-reader/buffered-after-reply", test_reader_buffered_after_reply);
  g_test_add_func ("/smtp-reader/long-line", test_reader_long_line);
  g_test_add_func ("/smtp-reader/long-reply", test_reader_long_reply);
  g_test_add_func ("/smtp-reader/not-smtp", test_reader_not_smtp);
  g_test_add_func ("/smtp-reader/closed-mid-reply", test_reader_closed_mid_reply);
  g_test_add_func ("/smtp-reply/capabilities", test_capabilities);
  g_test_add_func ("/smtp-auth/choose", test_auth_choose);
  g_test_add_func ("/smtp-auth/answers", test_auth_answers);

  return g_test_run ();
}
