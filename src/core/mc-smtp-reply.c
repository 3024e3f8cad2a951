/* mc-smtp-reply.c: SMTP replies (RFC 5321), and a reader that reads them with bounded memory.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-smtp-reply.h"

G_DEFINE_QUARK (mc-smtp-error-quark, mc_smtp_error)

/* Text from a peer, safe to show: control and non-UTF-8 bytes escaped, and
 * cut at 120 characters. */
static char *
printable (const char *data,
           gsize       length)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < length && out->len < 120; i++)
    {
      guchar c = (guchar) data[i];

      if (c >= 0x20 && c < 0x7f)
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, "\\x%02x", c);
    }
  if (out->len >= 120)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/* One reply line: three digits, then a space (last line), a hyphen (more to
 * come) or nothing (a last line without text), then the text. The first
 * digit is 2 to 5 and the second 0 to 5 (RFC 5321, section 4.2). */
gboolean
mc_smtp_reply_parse_line (const char  *line,
                          int         *code,
                          gboolean    *last,
                          const char **text)
{
  g_return_val_if_fail (line != NULL, FALSE);

  if (strlen (line) < 3 ||
      line[0] < '2' || line[0] > '5' ||
      line[1] < '0' || line[1] > '5' ||
      !g_ascii_isdigit (line[2]))
    return FALSE;
  if (line[3] != '\0' && line[3] != ' ' && line[3] != '-')
    return FALSE;

  if (code != NULL)
    *code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  if (last != NULL)
    *last = line[3] != '-';
  if (text != NULL)
    *text = line[3] == '\0' ? line + 3 : line + 4;
  return TRUE;
}

/* "5.7.1 text" → "5.7.1": an enhanced status code (RFC 3463) whose class
 * matches the basic code's first digit. */
static char *
parse_enhanced (int         code,
                const char *text)
{
  g_auto(GStrv) parts = NULL;
  const char *end = text;

  while (*end != '\0' && *end != ' ')
    end++;
  if (end == text || end - text > 11)
    return NULL;

  {
    g_autofree char *token = g_strndup (text, end - text);

    parts = g_strsplit (token, ".", -1);
    if (g_strv_length (parts) != 3 || parts[0][0] - '0' != code / 100 || strlen (parts[0]) != 1)
      return NULL;
    for (guint i = 0; i < 3; i++)
      {
        if (parts[i][0] == '\0' || strlen (parts[i]) > 3)
          return NULL;
        for (const char *c = parts[i]; *c != '\0'; c++)
          {
            if (!g_ascii_isdigit (*c))
              return NULL;
          }
      }
    return g_steal_pointer (&token);
  }
}

/* Builds a reply from its lines, checking each and that all share one code. */
McSmtpReply *
mc_smtp_reply_new_from_lines (const char * const  *lines,
                              GError             **error)
{
  g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();
  McSmtpReply *reply;
  int first_code = 0;
  guint n = 0;

  g_return_val_if_fail (lines != NULL, NULL);

  for (; lines[n] != NULL; n++)
    {
      int code;
      gboolean last;
      const char *text;

      if (!mc_smtp_reply_parse_line (lines[n], &code, &last, &text))
        {
          g_autofree char *shown = printable (lines[n], strlen (lines[n]));

          g_set_error (error, MC_SMTP_ERROR, MC_SMTP_ERROR_BAD_REPLY,
                       _("The server's reply is not SMTP: “%s”"), shown);
          return NULL;
        }
      if (n == 0)
        first_code = code;
      else if (code != first_code)
        {
          g_set_error (error, MC_SMTP_ERROR, MC_SMTP_ERROR_INCONSISTENT_REPLY,
                       _("The server's reply mixes the codes %d and %d in one reply"),
                       first_code, code);
          return NULL;
        }
      if (last != (lines[n + 1] == NULL))
        {
          g_set_error (error, MC_SMTP_ERROR, MC_SMTP_ERROR_BAD_REPLY,
                       _("The server's reply does not end where its lines say it does"));
          return NULL;
        }
      g_strv_builder_add (texts, text);
    }

  if (n == 0)
    {
      g_set_error (error, MC_SMTP_ERROR, MC_SMTP_ERROR_BAD_REPLY, _("The server's reply is empty"));
      return NULL;
    }

  reply = g_new0 (McSmtpReply, 1);
  reply->code = first_code;
  reply->lines = g_strv_builder_end (texts);
  reply->enhanced = parse_enhanced (first_code, reply->lines[0]);
  return reply;
}

void
mc_smtp_reply_free (McSmtpReply *reply)
{
  if (reply == NULL)
    return;
  g_strfreev (reply->lines);
  g_free (reply->enhanced);
  g_free (reply);
}

/* "250 OK" or, for several lines, "250-first / 250 last" on one line. */
char *
mc_smtp_reply_to_string (const McSmtpReply *reply)
{
  GString *out = g_string_new (NULL);
  guint n = g_strv_length (reply->lines);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, " / ");
      g_string_append_printf (out, "%d%c%s", reply->code, i + 1 < n ? '-' : ' ', reply->lines[i]);
    }
  return g_string_free (out, FALSE);
}

/* The text of every line, joined by spaces. */
char *
mc_smtp_reply_get_text (const McSmtpReply *reply)
{
  return g_strjoinv (" ", reply->lines);
}

struct _McSmtpReader
{
  GInputStream   *stream;
  McSmtpLineFunc  line_func;
  gpointer        line_data;
  char            buffer[MC_SMTP_MAX_LINE];
  gsize           start;       /* first unread byte */
  gsize           end;         /* one past the last byte read */
  gsize           received;
  char            first[32];   /* the first bytes ever received, for diagnosis */
  gsize           first_len;
  gboolean        busy;
};

typedef struct
{
  McSmtpReader *reader;
  GPtrArray    *lines;    /* char *, the reply's lines so far */
  gsize         size;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_ptr_array_unref (data->lines);
  g_free (data);
}

McSmtpReader *
mc_smtp_reader_new (GInputStream   *stream,
                    McSmtpLineFunc  line_func,
                    gpointer        user_data)
{
  McSmtpReader *reader = g_new0 (McSmtpReader, 1);

  reader->stream = g_object_ref (stream);
  reader->line_func = line_func;
  reader->line_data = user_data;
  return reader;
}

void
mc_smtp_reader_free (McSmtpReader *reader)
{
  if (reader == NULL)
    return;
  g_assert (!reader->busy);
  g_object_unref (reader->stream);
  g_free (reader);
}

/* Bytes received but not yet read as part of a reply. After the reply to
 * STARTTLS there must be none: anything there was sent before encryption
 * and must never be taken as part of the encrypted conversation. */
gsize
mc_smtp_reader_get_buffered (McSmtpReader *reader)
{
  return reader->end - reader->start;
}

gsize
mc_smtp_reader_get_received (McSmtpReader *reader)
{
  return reader->received;
}

const char *
mc_smtp_reader_get_first_bytes (McSmtpReader *reader,
                                gsize        *length)
{
  *length = reader->first_len;
  return reader->first;
}

static void read_more (GTask *task);

/* Takes every complete line out of the buffer; returns TRUE when the task
 * completed (a whole reply, or an error). */
static gboolean
take_lines (GTask *task)
{
  ReadData *data = g_task_get_task_data (task);
  McSmtpReader *reader = data->reader;

  for (;;)
    {
      char *begin = reader->buffer + reader->start;
      char *nl = memchr (begin, '\n', reader->end - reader->start);
      g_autofree char *line = NULL;
      gsize length;
      gboolean last;
      int code;

      if (nl == NULL)
        {
          if (reader->end - reader->start == sizeof reader->buffer)
            {
              reader->busy = FALSE;
              g_task_return_new_error (task, MC_SMTP_ERROR, MC_SMTP_ERROR_LINE_TOO_LONG,
                                       _("The server sent a line longer than %d bytes"),
                                       MC_SMTP_MAX_LINE);
              return TRUE;
            }
          return FALSE;
        }

      length = nl - begin;
      reader->start += length + 1;
      if (length > 0 && begin[length - 1] == '\r')
        length--;
      line = g_strndup (begin, length);
      if (reader->line_func != NULL)
        reader->line_func (line, reader->line_data);

      data->size += length + 2;
      if (data->size > MC_SMTP_MAX_REPLY)
        {
          reader->busy = FALSE;
          g_task_return_new_error (task, MC_SMTP_ERROR, MC_SMTP_ERROR_REPLY_TOO_LONG,
                                   _("The server sent a reply longer than %d bytes"),
                                   MC_SMTP_MAX_REPLY);
          return TRUE;
        }

      /* A line that cannot be SMTP ends the reply at once: there is no
       * point waiting for more of a conversation in another protocol. */
      if (!mc_smtp_reply_parse_line (line, &code, &last, NULL))
        last = TRUE;
      g_ptr_array_add (data->lines, g_steal_pointer (&line));

      if (last)
        {
          g_autoptr(GError) error = NULL;
          McSmtpReply *reply;

          g_ptr_array_add (data->lines, NULL);
          reply = mc_smtp_reply_new_from_lines ((const char * const *) data->lines->pdata, &error);
          reader->busy = FALSE;
          if (reply == NULL)
            g_task_return_error (task, g_steal_pointer (&error));
          else
            g_task_return_pointer (task, reply, (GDestroyNotify) mc_smtp_reply_free);
          return TRUE;
        }
    }
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  McSmtpReader *reader = ((ReadData *) g_task_get_task_data (task))->reader;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      reader->busy = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (n == 0)
    {
      reader->busy = FALSE;
      g_task_return_new_error (task, MC_SMTP_ERROR, MC_SMTP_ERROR_CLOSED,
                               _("The server closed the connection"));
      return;
    }

  if (reader->first_len < sizeof reader->first)
    {
      gsize copy = MIN ((gsize) n, sizeof reader->first - reader->first_len);

      memcpy (reader->first + reader->first_len, reader->buffer + reader->end, copy);
      reader->first_len += copy;
    }
  reader->received += n;
  reader->end += n;

  if (!take_lines (task))
    read_more (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  McSmtpReader *reader = ((ReadData *) g_task_get_task_data (task))->reader;

  /* Keep the partial line at the front, to read as much as fits after it. */
  if (reader->start > 0)
    {
      memmove (reader->buffer, reader->buffer + reader->start, reader->end - reader->start);
      reader->end -= reader->start;
      reader->start = 0;
    }
  g_input_stream_read_async (reader->stream, reader->buffer + reader->end,
                             sizeof reader->buffer - reader->end, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), read_cb, task);
}

/* Reads one whole reply: every line up to the one without a hyphen. */
void
mc_smtp_reader_read_reply_async (McSmtpReader        *reader,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  ReadData *data;

  g_return_if_fail (reader != NULL);
  g_return_if_fail (!reader->busy);

  /* The reader is a plain struct, kept in the task data, not its source. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_smtp_reader_read_reply_async);
  data = g_new0 (ReadData, 1);
  data->reader = reader;
  data->lines = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  reader->busy = TRUE;

  if (!take_lines (task))
    read_more (task);
  else
    g_object_unref (task);
}

McSmtpReply *
mc_smtp_reader_read_reply_finish (McSmtpReader  *reader,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mc_smtp_capabilities_clear (McSmtpCapabilities *caps)
{
  g_clear_pointer (&caps->auth, g_strfreev);
  g_clear_pointer (&caps->client_ip, g_free);
}

/* Reads the EHLO keywords (RFC 5321, section 4.1.1.1) and the address the
 * server says we come from, "Hello [203.0.113.5]" or "(203.0.113.5)". */
void
mc_smtp_capabilities_parse (McSmtpCapabilities *caps,
                    const McSmtpReply  *reply)
{
  mc_smtp_capabilities_clear (caps);
  memset (caps, 0, sizeof *caps);
  caps->offered = TRUE;

  if (reply->lines[0] != NULL)
    {
      const char *open = strchr (reply->lines[0], '[');
      const char *close = open ? strchr (open, ']') : NULL;

      if (open != NULL && close != NULL)
        {
          g_autofree char *inside = g_strndup (open + 1, close - open - 1);
          const char *literal = g_str_has_prefix (inside, "IPv6:") ? inside + 5 : inside;

          if (g_hostname_is_ip_address (literal))
            caps->client_ip = g_strdup (literal);
        }
    }

  for (guint i = 1; reply->lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (reply->lines[i], " =", -1);
      g_autofree char *keyword = g_ascii_strup (words[0], -1);

      if (g_str_equal (keyword, "STARTTLS"))
        caps->starttls = TRUE;
      else if (g_str_equal (keyword, "PIPELINING"))
        caps->pipelining = TRUE;
      else if (g_str_equal (keyword, "SIZE"))
        {
          guint64 limit = 0;

          caps->size_offered = TRUE;
          if (words[1] != NULL && g_ascii_string_to_unsigned (words[1], 10, 0, G_MAXINT64, &limit, NULL))
            caps->size_limit = (gint64) limit;
        }
      else if (g_str_equal (keyword, "AUTH"))
        {
          g_autoptr(GStrvBuilder) mechanisms = g_strv_builder_new ();

          /* Merge "AUTH PLAIN LOGIN" and the old "AUTH=PLAIN LOGIN" lines. */
          for (guint w = 0; caps->auth != NULL && caps->auth[w] != NULL; w++)
            g_strv_builder_add (mechanisms, caps->auth[w]);
          for (guint w = 1; words[w] != NULL; w++)
            {
              g_autofree char *mechanism = g_ascii_strup (words[w], -1);

              if (*mechanism != '\0' && (caps->auth == NULL ||
                                         !g_strv_contains ((const char * const *) caps->auth, mechanism)))
                g_strv_builder_add (mechanisms, mechanism);
            }
          g_strfreev (caps->auth);
          caps->auth = g_strv_builder_end (mechanisms);
        }
    }
}
