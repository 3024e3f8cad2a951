/* mc-bounce-input.c: what an explainer input holds: a returned message read with GMime, or pasted text (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gmime/gmime.h>

#include "mc-bounce-input.h"

/* How far the MIME tree is followed and how much of it is looked at. A
 * bounce is a multipart/report with three parts, sometimes wrapped once
 * more; anything deeper or wider is not a bounce worth reading further.
 * GMime bounds its own parser's nesting too. */
#define MAX_DEPTH 8
#define MAX_PARTS 64
#define MAX_TEXT_PARTS 4
/* A delivery-status part is a few hundred bytes a recipient. */
#define MAX_DSN_BYTES (256 * 1024)
/* One field value (an address, a diagnostic line) kept at most. */
#define MAX_FIELD 2048
/* How much of a header block is looked at to decide whether the input is a
 * message. A real header is a few kilobytes, but one very long field (a
 * huge Subject, hostile or broken) must not turn a message into text. */
#define MAX_HEADER_SCAN (4 * 1024 * 1024)

/* GMime 3.2 declares no automatic clean-up for its option set. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParserOptions, g_mime_parser_options_free)

static GMimeParserOptions *
parser_options (void)
{
  /* GMime decodes the 8-bit text of headers and parts that name no
   * charset with these, in this order: UTF-8 first, then the charsets of
   * Japanese mail. EUC-JP comes before CP932 (Shift_JIS as Windows writes
   * it) because EUC-JP text would pass as CP932 half-width katakana, while
   * Shift_JIS text fails as EUC-JP. */
  static const char *charsets[] = { "UTF-8", "EUC-JP", "CP932", "ISO-8859-1", NULL };
  GMimeParserOptions *options = g_mime_parser_options_new ();

  g_mime_parser_options_set_fallback_charsets (options, charsets);
  return options;
}

static void
ensure_gmime (void)
{
  static gsize initialised;

  /* g_mime_init is not itself thread-safe, and explanations may run in
   * worker threads. */
  if (g_once_init_enter (&initialised))
    {
      g_mime_init ();
      g_once_init_leave (&initialised, 1);
    }
}

static gboolean
has_iso2022_escape (const char *bytes,
                    gsize       length)
{
  /* ESC $ B and ESC $ @ switch to JIS X 0208: the mark of ISO-2022-JP,
   * which is otherwise seven-bit and so passes as ASCII. */
  for (gsize i = 0; i + 2 < length; i++)
    {
      if (bytes[i] == '\x1b' && bytes[i + 1] == '$' && (bytes[i + 2] == 'B' || bytes[i + 2] == '@'))
        return TRUE;
    }
  return FALSE;
}

static char *
convert_with_iconv (const char *bytes,
                    gsize       length,
                    const char *charset)
{
  iconv_t cd;
  char *converted;

  cd = g_mime_iconv_open ("UTF-8", charset);
  if (cd == (iconv_t) -1)
    return NULL;
  converted = g_mime_iconv_strndup (cd, bytes, length);
  g_mime_iconv_close (cd);
  return converted;
}

/* NUL bytes cannot be in a C string, and control characters other than
 * line breaks and tabs only get in the way of reading. */
static char *
clean_text (char *utf8)
{
  char *valid;

  for (char *p = utf8; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
        *p = ' ';
    }
  valid = g_utf8_make_valid (utf8, -1);
  g_free (utf8);
  return valid;
}

char *
mc_bounce_text_to_utf8 (const char *bytes,
                        gsize       length,
                        const char *charset)
{
  g_autofree char *copy = NULL;
  char *converted = NULL;

  if (bytes == NULL || length == 0)
    return g_strdup ("");

  /* A NUL would end the text early for iconv and the checks below. */
  copy = g_malloc (length + 1);
  for (gsize i = 0; i < length; i++)
    copy[i] = bytes[i] == '\0' ? ' ' : bytes[i];
  copy[length] = '\0';

  if (has_iso2022_escape (copy, length))
    converted = convert_with_iconv (copy, length, "ISO-2022-JP");
  if (converted == NULL && charset != NULL && g_ascii_strcasecmp (charset, "us-ascii") != 0 &&
      g_ascii_strcasecmp (charset, "utf-8") != 0)
    converted = convert_with_iconv (copy, length, charset);
  if (converted == NULL && g_utf8_validate (copy, (gssize) length, NULL))
    converted = g_strdup (copy);
  if (converted == NULL)
    {
      g_autoptr(GMimeParserOptions) options = NULL;

      ensure_gmime ();
      options = parser_options ();
      converted = g_mime_utils_decode_8bit (options, copy, length);
    }
  if (converted == NULL)
    converted = g_strdup (copy);
  return clean_text (converted);
}

/* Where a bounce without MIME structure starts quoting the returned
 * message: Exim's "------ This is a copy of the message", qmail's "--- Below
 * this line is a copy of the message.", Sendmail's "----- Unsent message
 * follows -----", and the Japanese equivalents. Beyond it are the sender's
 * own words, which must not be read as the reason. "Original message" and
 * "Forwarded message" are not markers: mail programs put them above a
 * bounce that someone forwarded, and the bounce is what matters. */
static GRegex *
returned_copy_marker (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *compiled = g_regex_new ("^[ \\t>]*-{2,}[ \\t]*(?:this is a copy of|below this line is a copy"
                                      "|unsent message|returned message|undelivered message"
                                      "|the header of the original|message headers? follows?"
                                      "|送信されたメールの)",
                                      G_REGEX_CASELESS | G_REGEX_MULTILINE | G_REGEX_OPTIMIZE,
                                      0, NULL);

      g_assert (compiled != NULL);
      g_once_init_leave (&regex, compiled);
    }
  return regex;
}

/* Cuts text where the returned message begins, unless that is at its very
 * start (then the person pasted only that). */
static void
cut_returned_copy (char *text)
{
  g_autoptr(GMatchInfo) match = NULL;
  int start = -1;

  if (g_regex_match (returned_copy_marker (), text, 0, &match) &&
      g_match_info_fetch_pos (match, 0, &start, NULL) && start > 0)
    text[start] = '\0';
}

static void
recipient_free (gpointer data)
{
  McBounceRecipient *r = data;

  g_free (r->final_recipient);
  g_free (r->original_recipient);
  g_free (r->action);
  g_free (r->status);
  g_free (r->remote_mta);
  g_free (r->diagnostic);
  g_free (r);
}

void
mc_bounce_input_free (McBounceInput *input)
{
  if (input == NULL)
    return;
  g_free (input->subject);
  g_free (input->text);
  g_clear_pointer (&input->recipients, g_ptr_array_unref);
  g_clear_pointer (&input->failed_header, g_ptr_array_unref);
  g_free (input);
}

/* One line: white space runs made single spaces, trimmed, bounded. */
static char *
squeeze (const char *value)
{
  GString *out;
  gboolean space = FALSE;

  if (value == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = value; *p != '\0' && out->len < MAX_FIELD; p++)
    {
      if (g_ascii_isspace (*p))
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* "rfc822; <hanako@example.jp>" → "hanako@example.jp"; NULL unless the
 * value holds something shaped like an address. */
static char *
address_of (const char *value)
{
  g_autofree char *line = squeeze (value);
  const char *start;
  GString *address;

  if (line == NULL)
    return NULL;
  start = strchr (line, ';');
  start = start != NULL ? start + 1 : line;
  while (*start == ' ' || *start == '<')
    start++;
  address = g_string_new (NULL);
  for (const char *p = start; *p != '\0' && *p != '>' && *p != ' ' && address->len < 320; p++)
    g_string_append_c (address, *p);
  if (strchr (address->str, '@') == NULL || address->str[0] == '@')
    {
      g_string_free (address, TRUE);
      return NULL;
    }
  return g_string_free (address, FALSE);
}

/* "dns; mx.example.jp. (192.0.2.1)" → "mx.example.jp"; "[192.0.2.1]" →
 * "192.0.2.1". Only the characters of host names and addresses are kept. */
static char *
host_of (const char *value)
{
  g_autofree char *line = squeeze (value);
  const char *start;
  GString *host;

  if (line == NULL)
    return NULL;
  start = strchr (line, ';');
  start = start != NULL ? start + 1 : line;
  while (*start == ' ' || *start == '[')
    start++;
  host = g_string_new (NULL);
  for (const char *p = start; *p != '\0' && host->len < 255; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == ':' || *p == '_')
        g_string_append_c (host, *p);
      else
        break;
    }
  while (host->len > 0 && host->str[host->len - 1] == '.')
    g_string_truncate (host, host->len - 1);
  if (host->len == 0)
    {
      g_string_free (host, TRUE);
      return NULL;
    }
  g_string_ascii_down (host);
  return g_string_free (host, FALSE);
}

/* "smtp; 550 5.1.1 …" → "550 5.1.1 …": the diagnostic type names how to
 * read the rest, and is not part of the server's words. */
static char *
diagnostic_of (const char *value)
{
  g_autofree char *line = squeeze (value);
  const char *semicolon;

  if (line == NULL)
    return NULL;
  semicolon = strchr (line, ';');
  if (semicolon != NULL && semicolon - line <= 16)
    {
      gboolean type = TRUE;

      for (const char *p = line; p < semicolon; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '-' && *p != ' ')
            type = FALSE;
        }
      if (type)
        return g_strdup (g_strstrip ((char *) semicolon + 1));
    }
  return g_steal_pointer (&line);
}

/* Reads one block of delivery-status fields ("Final-Recipient: …" lines)
 * with GMime's header parser, which unfolds and decodes them. */
static GMimeObject *
parse_field_block (const char *block,
                   gsize       length)
{
  g_autoptr(GMimeParserOptions) options = parser_options ();
  GMimeStream *stream;
  GMimeParser *parser;
  GMimeObject *object;

  stream = g_mime_stream_mem_new ();
  g_mime_stream_write (stream, block, length);
  g_mime_stream_write_string (stream, "\n\n");
  g_mime_stream_reset (stream);
  parser = g_mime_parser_new_with_stream (stream);
  object = g_mime_parser_construct_part (parser, options);
  g_object_unref (parser);
  g_object_unref (stream);
  return object;
}

static void
add_recipient_block (McBounceInput *input,
                     const char    *block,
                     gsize          length)
{
  g_autoptr(GObject) parsed = NULL;
  GMimeObject *object;
  McBounceRecipient *r;

  if (input->recipients->len >= MC_BOUNCE_MAX_RECIPIENTS)
    return;
  parsed = (GObject *) parse_field_block (block, length);
  if (parsed == NULL)
    return;
  object = GMIME_OBJECT (parsed);

  r = g_new0 (McBounceRecipient, 1);
  r->final_recipient = address_of (g_mime_object_get_header (object, "Final-Recipient"));
  r->original_recipient = address_of (g_mime_object_get_header (object, "Original-Recipient"));
  r->action = squeeze (g_mime_object_get_header (object, "Action"));
  if (r->action != NULL)
    {
      char *lower = g_ascii_strdown (r->action, -1);

      g_free (r->action);
      r->action = lower;
    }
  r->status = squeeze (g_mime_object_get_header (object, "Status"));
  r->remote_mta = host_of (g_mime_object_get_header (object, "Remote-MTA"));
  r->diagnostic = diagnostic_of (g_mime_object_get_header (object, "Diagnostic-Code"));

  /* A block with neither recipient nor status is the per-message block, or
   * noise. */
  if (r->final_recipient == NULL && r->original_recipient == NULL && r->status == NULL)
    {
      recipient_free (r);
      return;
    }
  g_ptr_array_add (input->recipients, r);
}

static gboolean
line_starts_with_field (const char *line,
                        const char *end,
                        const char *name)
{
  gsize n = strlen (name);

  return (gsize) (end - line) > n && g_ascii_strncasecmp (line, name, n) == 0 && line[n] == ':';
}

static gboolean
is_recipient_field (const char *line,
                    const char *end)
{
  return line_starts_with_field (line, end, "Final-Recipient") ||
         line_starts_with_field (line, end, "Original-Recipient");
}

/* Splits delivery-status text into its blocks (separated by empty lines)
 * and reads the per-recipient ones. With pasted text, which holds other
 * things too, only blocks that start at a recipient field are taken. */
static void
read_status_blocks (McBounceInput *input,
                    const char    *text,
                    gsize          length,
                    gboolean       pasted)
{
  const char *p = text, *end = text + MIN (length, (gsize) MAX_DSN_BYTES);

  while (p < end && input->recipients->len < MC_BOUNCE_MAX_RECIPIENTS)
    {
      const char *block = NULL, *line = p;

      /* Find the start of the next block. */
      while (line < end)
        {
          const char *eol = memchr (line, '\n', (gsize) (end - line));
          const char *stop = eol != NULL ? eol : end;
          gboolean blank = TRUE;

          for (const char *c = line; c < stop; c++)
            {
              if (*c != ' ' && *c != '\t' && *c != '\r')
                blank = FALSE;
            }
          if (!blank && (!pasted || is_recipient_field (line, stop)))
            {
              block = line;
              break;
            }
          line = eol != NULL ? eol + 1 : end;
        }
      if (block == NULL)
        break;

      /* Find its end: the first empty line. */
      line = block;
      while (line < end)
        {
          const char *eol = memchr (line, '\n', (gsize) (end - line));
          const char *stop = eol != NULL ? eol : end;
          gboolean blank = TRUE;

          for (const char *c = line; c < stop; c++)
            {
              if (*c != ' ' && *c != '\t' && *c != '\r')
                blank = FALSE;
            }
          if (blank)
            break;
          line = eol != NULL ? eol + 1 : end;
        }
      add_recipient_block (input, block, (gsize) (line - block));
      p = line;
    }
}

/* The text of an HTML part, roughly: enough to find the codes and words in
 * it (Exchange sends its explanation as HTML only). */
static char *
html_to_text (const char *html)
{
  GString *out = g_string_new (NULL);
  const char *p = html;

  while (*p != '\0' && out->len < MC_BOUNCE_MAX_TEXT)
    {
      if (*p == '<')
        {
          const char *close = strchr (p, '>');
          gboolean skip_body = g_ascii_strncasecmp (p, "<style", 6) == 0 ||
                               g_ascii_strncasecmp (p, "<script", 7) == 0 ||
                               g_ascii_strncasecmp (p, "<head", 5) == 0;

          if (g_ascii_strncasecmp (p, "<br", 3) == 0 || g_ascii_strncasecmp (p, "<p", 2) == 0 ||
              g_ascii_strncasecmp (p, "</p", 3) == 0 || g_ascii_strncasecmp (p, "<div", 4) == 0 ||
              g_ascii_strncasecmp (p, "</div", 5) == 0 || g_ascii_strncasecmp (p, "<tr", 3) == 0 ||
              g_ascii_strncasecmp (p, "<li", 3) == 0 || g_ascii_strncasecmp (p, "</h", 3) == 0)
            g_string_append_c (out, '\n');
          if (close == NULL)
            break;
          p = close + 1;
          if (skip_body)
            {
              const char *end_tag = strstr (p, "</");

              while (end_tag != NULL && g_ascii_strncasecmp (end_tag, "</style", 7) != 0 &&
                     g_ascii_strncasecmp (end_tag, "</script", 8) != 0 &&
                     g_ascii_strncasecmp (end_tag, "</head", 6) != 0)
                end_tag = strstr (end_tag + 2, "</");
              if (end_tag == NULL)
                break;
              p = end_tag;
            }
        }
      else if (*p == '&')
        {
          static const struct { const char *entity; const char *text; } entities[] = {
            { "&lt;", "<" }, { "&gt;", ">" }, { "&amp;", "&" }, { "&quot;", "\"" },
            { "&#39;", "'" }, { "&apos;", "'" }, { "&nbsp;", " " },
          };
          gboolean found = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
            {
              gsize n = strlen (entities[i].entity);

              if (g_ascii_strncasecmp (p, entities[i].entity, n) == 0)
                {
                  g_string_append (out, entities[i].text);
                  p += n;
                  found = TRUE;
                  break;
                }
            }
          if (!found)
            g_string_append_c (out, *p++);
        }
      else if (*p == '\n' || *p == '\r')
        {
          g_string_append_c (out, ' ');
          p++;
        }
      else
        g_string_append_c (out, *p++);
    }
  /* The bound may have cut a character in two. */
  {
    char *valid = g_utf8_make_valid (out->str, (gssize) out->len);

    g_string_free (out, TRUE);
    return valid;
  }
}

/* The decoded bytes of a leaf part (its transfer encoding undone), at most
 * limit of them. */
static GByteArray *
part_bytes (GMimePart *part,
            gsize      limit)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  GMimeStream *stream;
  GByteArray *decoded, *bytes;

  bytes = g_byte_array_new ();
  if (content == NULL)
    return bytes;
  stream = g_mime_stream_mem_new ();
  g_mime_data_wrapper_write_to_stream (content, stream);
  decoded = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  g_byte_array_append (bytes, decoded->data, (guint) MIN ((gsize) decoded->len, limit));
  g_object_unref (stream);
  return bytes;
}

static char *
part_text (GMimePart *part)
{
  g_autoptr(GByteArray) bytes = part_bytes (part, MC_BOUNCE_MAX_TEXT);
  const char *charset = g_mime_object_get_content_type_parameter (GMIME_OBJECT (part), "charset");

  return mc_bounce_text_to_utf8 ((const char *) bytes->data, bytes->len, charset);
}

typedef struct
{
  McBounceInput *input;
  GString       *text;
  guint          n_parts;
  guint          n_text_parts;
  gboolean       status_seen;
  GMimeMessage  *embedded_bounce;   /* a bounce forwarded as an attachment */
} Walk;

static void
append_text (Walk *walk,
             char *text)
{
  if (text == NULL || walk->text->len + 2 >= MC_BOUNCE_MAX_TEXT)
    return;
  if (walk->text->len > 0)
    g_string_append (walk->text, "\n\n");
  cut_returned_copy (text);
  g_string_append_len (walk->text, text, (gssize) MIN (strlen (text), MC_BOUNCE_MAX_TEXT - walk->text->len));
}

static void walk_object (Walk *walk, GMimeObject *object, guint depth);

/* Whether a message is itself a bounce: a delivery report, or mail from
 * the mail system ("MAILER-DAEMON", "postmaster"). */
static gboolean
looks_like_bounce (GMimeMessage *message)
{
  GMimeObject *body = g_mime_message_get_mime_part (message);
  const char *from = g_mime_object_get_header (GMIME_OBJECT (message), "From");

  if (body != NULL &&
      g_mime_content_type_is_type (g_mime_object_get_content_type (body), "multipart", "report"))
    return TRUE;
  if (g_mime_object_get_header (GMIME_OBJECT (message), "X-Failed-Recipients") != NULL)
    return TRUE;
  if (from != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (from, MIN (strlen (from), (gsize) MAX_FIELD));

      return strstr (lower, "mailer-daemon") != NULL || strstr (lower, "postmaster") != NULL;
    }
  return FALSE;
}

static void
walk_leaf (Walk      *walk,
           GMimePart *part)
{
  GMimeContentType *type = g_mime_object_get_content_type (GMIME_OBJECT (part));

  if (g_mime_content_type_is_type (type, "message", "delivery-status") ||
      g_mime_content_type_is_type (type, "message", "global-delivery-status"))
    {
      g_autoptr(GByteArray) bytes = part_bytes (part, MAX_DSN_BYTES);
      g_autofree char *text = mc_bounce_text_to_utf8 ((const char *) bytes->data, bytes->len, "UTF-8");

      read_status_blocks (walk->input, text, strlen (text), FALSE);
      walk->status_seen = TRUE;
      return;
    }

  /* After the delivery-status part comes the returned message: its words
   * are the sender's own, not the server's, and must not be read as the
   * reason. */
  if (walk->status_seen || walk->n_text_parts >= MAX_TEXT_PARTS)
    return;
  if (g_mime_content_type_is_type (type, "text", "plain"))
    {
      g_autofree char *text = part_text (part);

      walk->n_text_parts++;
      append_text (walk, text);
    }
  else if (g_mime_content_type_is_type (type, "text", "html"))
    {
      g_autofree char *html = part_text (part);
      g_autofree char *text = html_to_text (html);

      walk->n_text_parts++;
      append_text (walk, text);
    }
}

static void
walk_object (Walk        *walk,
             GMimeObject *object,
             guint        depth)
{
  if (object == NULL || depth > MAX_DEPTH || ++walk->n_parts > MAX_PARTS)
    return;

  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);
      GMimeContentType *type = g_mime_object_get_content_type (object);
      int n = g_mime_multipart_get_count (multipart);

      /* Of the versions of one text, the plain one is enough. */
      if (g_mime_content_type_is_type (type, "multipart", "alternative"))
        {
          for (int i = 0; i < n; i++)
            {
              GMimeObject *child = g_mime_multipart_get_part (multipart, i);

              if (g_mime_content_type_is_type (g_mime_object_get_content_type (child), "text", "plain"))
                {
                  walk_object (walk, child, depth + 1);
                  return;
                }
            }
        }
      for (int i = 0; i < n; i++)
        walk_object (walk, g_mime_multipart_get_part (multipart, i), depth + 1);
    }
  else if (GMIME_IS_MESSAGE_PART (object))
    {
      GMimeMessage *message = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));

      /* The returned message (message/rfc822): never read as the reason.
       * But people forward a bounce to their support desk as an
       * attachment, and the desk pastes that: remember it in case the
       * outer message says nothing itself. */
      if (message != NULL && walk->embedded_bounce == NULL && !walk->status_seen &&
          looks_like_bounce (message))
        walk->embedded_bounce = g_object_ref (message);
      walk->status_seen = walk->status_seen || depth > 0;
    }
  else if (GMIME_IS_PART (object))
    walk_leaf (walk, GMIME_PART (object));
}

static gboolean
is_field_name_char (char c)
{
  /* RFC 5322, section 2.2: printable ASCII except the colon. */
  return c > ' ' && c < 127 && c != ':';
}

/* Whether the input starts with a message header: lines "Name: value" (or
 * their continuations) up to an empty line, among them at least one of the
 * fields every message has. A pasted "Error: 550 …" line is not a header. */
static gboolean
looks_like_message (const char *data,
                    gsize       length)
{
  static const char * const known[] = {
    "from", "to", "cc", "subject", "date", "received", "return-path", "content-type",
    "mime-version", "message-id", "delivered-to", "x-failed-recipients", "auto-submitted",
    "reply-to", "sender", "dkim-signature", "authentication-results", "x-original-to",
  };
  const char *p = data, *end = data + MIN (length, (gsize) MAX_HEADER_SCAN);
  guint n_fields = 0;
  gboolean has_known = FALSE;

  while (p < end && (*p == '\n' || *p == '\r'))
    p++;
  /* An mbox "From " line may come first. */
  if ((gsize) (end - p) > 5 && strncmp (p, "From ", 5) == 0)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));

      if (eol == NULL)
        return FALSE;
      p = eol + 1;
    }

  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *stop = eol != NULL ? eol : end;
      const char *colon;

      if (stop > p && stop[-1] == '\r')
        stop--;
      if (stop == p)
        break;
      if (*p == ' ' || *p == '\t')
        {
          if (n_fields == 0)
            return FALSE;
        }
      else
        {
          colon = memchr (p, ':', (gsize) (stop - p));
          if (colon == NULL || colon == p || colon - p > 76)
            return FALSE;
          for (const char *c = p; c < colon; c++)
            {
              if (!is_field_name_char (*c))
                return FALSE;
            }
          n_fields++;
          for (guint i = 0; i < G_N_ELEMENTS (known); i++)
            {
              if ((gsize) (colon - p) == strlen (known[i]) &&
                  g_ascii_strncasecmp (p, known[i], (gsize) (colon - p)) == 0)
                has_known = TRUE;
            }
        }
      if (eol == NULL)
        break;
      p = eol + 1;
    }
  return n_fields >= 2 && has_known;
}

static void
read_failed_header (McBounceInput *input,
                    const char    *value)
{
  g_auto(GStrv) parts = NULL;

  if (value == NULL)
    return;
  parts = g_strsplit (value, ",", 16);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *address = address_of (parts[i]);

      if (address != NULL)
        g_ptr_array_add (input->failed_header, address);
    }
}

static McBounceInput *read_input (const char *data,
                                  gsize       length,
                                  guint       depth);

static gboolean
read_message (McBounceInput  *input,
              const char     *data,
              gsize           length,
              McBounceInput **forwarded,
              guint           depth)
{
  g_autoptr(GMimeParserOptions) options = parser_options ();
  GMimeStream *stream;
  GMimeParser *parser;
  GMimeMessage *message;
  const char *subject;
  Walk walk = { input, NULL, 0, 0, FALSE, NULL };

  stream = g_mime_stream_mem_new_with_buffer (data, length);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
  message = g_mime_parser_construct_message (parser, options);
  g_object_unref (parser);
  g_object_unref (stream);
  if (message == NULL)
    return FALSE;

  subject = g_mime_message_get_subject (message);
  if (subject != NULL)
    {
      g_autofree char *text = mc_bounce_text_to_utf8 (subject, MIN (strlen (subject), (gsize) MAX_FIELD), NULL);

      input->subject = squeeze (text);
    }
  read_failed_header (input, g_mime_object_get_header (GMIME_OBJECT (message), "X-Failed-Recipients"));

  walk.text = g_string_new (NULL);
  walk_object (&walk, g_mime_message_get_mime_part (message), 0);
  input->text = g_string_free (walk.text, FALSE);
  input->is_message = TRUE;

  /* A forwarded bounce is read instead of the message around it, once. */
  if (walk.embedded_bounce != NULL && depth == 0 && input->recipients->len == 0)
    {
      g_autofree char *inner = g_mime_object_to_string (GMIME_OBJECT (walk.embedded_bounce), NULL);

      if (inner != NULL)
        *forwarded = read_input (inner, strlen (inner), depth + 1);
    }
  g_clear_object (&walk.embedded_bounce);
  g_object_unref (message);
  return TRUE;
}

static McBounceInput *
read_input (const char *data,
            gsize       length,
            guint       depth)
{
  McBounceInput *input = g_new0 (McBounceInput, 1);
  McBounceInput *forwarded = NULL;

  input->recipients = g_ptr_array_new_with_free_func (recipient_free);
  input->failed_header = g_ptr_array_new_with_free_func (g_free);

  if (data == NULL)
    length = 0;

  ensure_gmime ();
  if (length > 0 && looks_like_message (data, length) &&
      read_message (input, data, length, &forwarded, depth))
    {
      if (forwarded != NULL)
        {
          mc_bounce_input_free (input);
          return forwarded;
        }
      /* A mail program may show the delivery-status fields inside the text
       * of a message it forwarded; read them there too. */
      if (input->recipients->len == 0)
        read_status_blocks (input, input->text, strlen (input->text), TRUE);
      return input;
    }

  /* Pasted text: an error dialog's words, a log line, or a bounce copied
   * from a mail program's window, perhaps with its delivery-status fields. */
  input->text = mc_bounce_text_to_utf8 (data, MIN (length, (gsize) MC_BOUNCE_MAX_TEXT), NULL);
  cut_returned_copy (input->text);
  read_status_blocks (input, input->text, strlen (input->text), TRUE);
  return input;
}

McBounceInput *
mc_bounce_input_read (const char *data,
                      gsize       length)
{
  return read_input (data, length, 0);
}
