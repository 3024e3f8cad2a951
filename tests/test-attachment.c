/* test-attachment.c: message.attachment: the arithmetic against real MIME encodings, blocked types, real Postfix, the CLI.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two parts, run as two tests by meson:
 *
 * /attachment/unit/… needs no server. Files of many sizes are written to
 * a temporary folder and encoded as MIME parts by GMime (base64, CRLF),
 * the way a mail program sends them; our estimate must match the body to
 * the byte and the part headers within a stated tolerance. ZIP archives
 * are written byte by byte (no zip program is needed): with and without
 * the encryption flag, with a program inside.
 *
 * /attachment/postfix/… runs whole checkups against a real Postfix on
 * loopback (SIZE 10240000, see mc-test-postfix.h) and nsd, in the engine
 * and through the real mail-checkup-cli.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <json-glib/json-glib.h>

#include "mc-attachment.h"
#include "mc-checkup.h"
#include "mc-i18n.h"
#include "mc-test-dns.h"
#include "mc-test-net.h"
#include "mc-test-pki.h"
#include "mc-test-postfix.h"

/* GMime 3.2 declares no automatic clean-up for its objects. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimePart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeDataWrapper, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeObject, g_object_unref)

#define POSTFIX_SIZE_LIMIT 10240000
#define DOCOMO_SIZE_LIMIT 10000000

/* The part headers that mail programs write differ from our estimate by
 * some bytes: GMime writes a plain name without quotes (name=a.pdf, ours
 * name="a.pdf": 2 bytes a header), folds RFC 2231 sections at other
 * places and writes "us-ascii" instead of "UTF-8" for ASCII names with
 * spaces. Against a message of several megabytes this is nothing; the
 * estimate must stay within this many bytes of GMime's for each part. */
#define HEADER_TOLERANCE 24

static char *tmp_dir;

/* ---- Files ---- */

/* A file of size bytes at tmp_dir/name, filled with a pattern that no
 * type detection takes for anything (so that the name decides). */
static char *
write_file (const char *name,
            gsize       size)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree guchar *data = g_malloc (MAX (size, 1));
  g_autoptr(GError) error = NULL;
  guint32 x = 2463534242u;

  for (gsize i = 0; i < size; i++)
    {
      /* xorshift32: bytes of every value, like compressed data. */
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = x & 0xff;
    }
  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* A file of size bytes that takes no room on disk (zeros, a hole). */
static char *
write_sparse_file (const char *name,
                   guint64     size)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) size), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
  return path;
}

static McAttachment *
measure (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  McAttachment *attachment = mc_attachment_new_for_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (attachment);
  return attachment;
}

/* ---- GMime: what a mail program sends ---- */

typedef struct
{
  gsize headers;   /* with the blank line that ends them */
  gsize body;
} Encoded;

static Encoded
gmime_encode (const char *path,
              const char *name,
              const char *content_type)
{
  g_auto(GStrv) type = g_strsplit (content_type, "/", 2);
  g_autoptr(GMimePart) part = g_mime_part_new_with_type (type[0], type[1]);
  g_autoptr(GMimeStream) source = NULL;
  g_autoptr(GMimeDataWrapper) content = NULL;
  g_autoptr(GMimeStream) out = g_mime_stream_mem_new ();
  GMimeFormatOptions *options = g_mime_format_options_new ();
  g_autoptr(GError) error = NULL;
  GByteArray *bytes;
  const char *end;
  Encoded encoded;

  source = g_mime_stream_fs_open (path, O_RDONLY, 0, &error);
  g_assert_no_error (error);
  content = g_mime_data_wrapper_new_with_stream (source, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content (part, content);
  g_mime_part_set_filename (part, name);
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_BASE64);

  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  g_assert_cmpint (g_mime_object_write_to_stream (GMIME_OBJECT (part), options, out), >, 0);
  g_mime_format_options_free (options);

  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (out));
  end = g_strstr_len ((const char *) bytes->data, bytes->len, "\r\n\r\n");
  g_assert_nonnull (end);
  encoded.headers = (gsize) (end - (const char *) bytes->data) + 4;
  encoded.body = bytes->len - encoded.headers;
  return encoded;
}

/* Our part headers, parsed back by GMime with a base64 body: the name
 * must come back whole, which proves the RFC 2231 encoding right. */
static void
assert_headers_parse_back (const char *name)
{
  g_autofree char *headers = mc_attachment_dup_part_headers (name, "application/pdf");
  g_autofree char *message = g_strconcat (headers, "aGVsbG8=\r\n", NULL);
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (message, strlen (message));
  g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);
  g_autoptr(GMimeObject) object = g_mime_parser_construct_part (parser, NULL);

  g_assert_true (GMIME_IS_PART (object));
  g_assert_cmpstr (g_mime_part_get_filename (GMIME_PART (object)), ==, name);
  g_assert_cmpstr (g_mime_content_type_get_parameter (g_mime_object_get_content_type (object), "name"),
                   ==, name);
  g_assert_cmpint (g_mime_part_get_content_encoding (GMIME_PART (object)), ==,
                   GMIME_CONTENT_ENCODING_BASE64);

  /* Header lines stay within RFC 5322's 78 characters. */
  {
    g_auto(GStrv) lines = g_strsplit (headers, "\r\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_cmpuint (strlen (lines[i]), <=, 78);
  }
}

static void
compare_with_gmime (const char *name,
                    gsize       size)
{
  g_autofree char *path = write_file (name, size);
  g_autoptr(McAttachment) attachment = measure (path);
  g_autofree char *headers = NULL;
  Encoded real;
  gint64 difference;

  g_assert_cmpstr (mc_attachment_get_name (attachment), ==, name);
  g_assert_cmpuint (mc_attachment_get_size (attachment), ==, size);
  g_assert_nonnull (mc_attachment_get_content_type (attachment));

  real = gmime_encode (path, name, mc_attachment_get_content_type (attachment));
  headers = mc_attachment_dup_part_headers (name, mc_attachment_get_content_type (attachment));

  /* The body to the byte. */
  g_assert_cmpuint (mc_attachment_base64_size (size), ==, real.body);
  /* The headers within the tolerance; the whole part is the two. */
  difference = (gint64) strlen (headers) - (gint64) real.headers;
  g_test_message ("%s, %" G_GSIZE_FORMAT " bytes: body %" G_GSIZE_FORMAT ", headers ours %"
                  G_GSIZE_FORMAT " GMime %" G_GSIZE_FORMAT, name, size, real.body,
                  strlen (headers), real.headers);
  g_assert_cmpint (ABS (difference), <=, HEADER_TOLERANCE);
  g_assert_cmpuint (mc_attachment_get_encoded_size (attachment), ==, strlen (headers) + real.body);

  assert_headers_parse_back (name);
  g_remove (path);
}

/* ---- /attachment/unit ---- */

static void
test_base64_sizes (void)
{
  /* Empty; one, two and three bytes (padding); one line of 76 characters
   * (57 bytes) and one byte more; 76 bytes; 1 MiB; one byte under 10 MB;
   * a prime, so that neither 3 nor 57 divides it. */
  static const gsize sizes[] = { 0, 1, 2, 3, 57, 58, 76, 1024 * 1024, 10000000 - 1, 1000003 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("file-%" G_GSIZE_FORMAT ".bin", sizes[i]);

      compare_with_gmime (name, sizes[i]);
    }

  /* The same arithmetic by hand, for the record. */
  g_assert_cmpuint (mc_attachment_base64_size (0), ==, 0);
  g_assert_cmpuint (mc_attachment_base64_size (1), ==, 4 + 2);
  g_assert_cmpuint (mc_attachment_base64_size (57), ==, 76 + 2);
  g_assert_cmpuint (mc_attachment_base64_size (58), ==, 76 + 2 + 4 + 2);
  g_assert_cmpuint (mc_attachment_base64_size (7000000), ==, 9333336 + 2 * 122808);
}

static void
test_names (void)
{
  /* Japanese, short and long (RFC 2231 sections), a space, a quote, and
   * a plain name long enough to need folding. */
  static const char * const names[] = {
    "見積書.pdf",
    "請求書_2026年11月分_株式会社サンプル商事御中_最終版.pdf",
    "会議 資料 (第3回).pptx",
    "写真.jpg",
    "report \"final\".docx",
    "a-rather-long-file-name-that-a-person-might-give-to-a-scanned-contract-2026.pdf",
    "x.pdf",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    compare_with_gmime (names[i], 1000 + i);
}

/* A byte count has no file: a typical name and type stand in. */
static void
test_size_only (void)
{
  g_autoptr(McAttachment) attachment = mc_attachment_new_for_size (7000000);
  g_autofree char *headers = mc_attachment_dup_part_headers (NULL, NULL);
  McAttachment *list[] = { attachment };

  g_assert_null (mc_attachment_get_name (attachment));
  g_assert_null (mc_attachment_get_content_type (attachment));
  g_assert_cmpint (mc_attachment_get_problem (attachment), ==, MC_ATTACHMENT_PROBLEM_NONE);
  g_assert_cmpuint (mc_attachment_get_size (attachment), ==, 7000000);
  g_assert_cmpuint (mc_attachment_get_encoded_size (attachment), ==,
                    strlen (headers) + mc_attachment_base64_size (7000000));
  g_assert_nonnull (strstr (headers, "Content-Transfer-Encoding: base64\r\n\r\n"));
  /* About 9.6 MB once encoded, with the message around it. */
  g_assert_cmpuint (mc_attachment_estimate_message_size (list, 1), ==,
                    MC_ATTACHMENT_MESSAGE_OVERHEAD + MC_ATTACHMENT_BOUNDARY_OVERHEAD +
                    mc_attachment_get_encoded_size (attachment));
  g_assert_cmpuint (mc_attachment_estimate_message_size (list, 1), >, 9500000);
  g_assert_cmpuint (mc_attachment_estimate_message_size (list, 1), <, 9700000);
  g_assert_cmpuint (mc_attachment_estimate_message_size (NULL, 0), ==,
                    MC_ATTACHMENT_MESSAGE_OVERHEAD);
}

/* Several files: the message, and a boundary and a part for each. */
static void
test_total (void)
{
  g_autofree char *a = write_file ("a.pdf", 3000);
  g_autofree char *b = write_file ("b.jpg", 50000);
  g_autoptr(McAttachment) first = measure (a);
  g_autoptr(McAttachment) second = measure (b);
  McAttachment *list[] = { first, second };
  Encoded real_a = gmime_encode (a, "a.pdf", mc_attachment_get_content_type (first));
  Encoded real_b = gmime_encode (b, "b.jpg", mc_attachment_get_content_type (second));
  guint64 total = mc_attachment_estimate_message_size (list, 2);
  guint64 real_parts = real_a.headers + real_a.body + real_b.headers + real_b.body;

  g_assert_cmpstr (mc_attachment_get_content_type (first), ==, "application/pdf");
  g_assert_cmpstr (mc_attachment_get_content_type (second), ==, "image/jpeg");
  g_assert_cmpuint (total, ==, MC_ATTACHMENT_MESSAGE_OVERHEAD + 2 * MC_ATTACHMENT_BOUNDARY_OVERHEAD +
                               mc_attachment_get_encoded_size (first) +
                               mc_attachment_get_encoded_size (second));
  g_assert_cmpint (ABS ((gint64) (total - MC_ATTACHMENT_MESSAGE_OVERHEAD -
                                  2 * MC_ATTACHMENT_BOUNDARY_OVERHEAD) - (gint64) real_parts),
                   <=, 2 * HEADER_TOLERANCE);
}

/* Sizes beyond 4 GiB: measured from the file system, never read. */
static void
test_huge_file (void)
{
  guint64 size = G_GUINT64_CONSTANT (5000000000);
  g_autofree char *path = write_sparse_file ("backup.tar", size);
  g_autoptr(McAttachment) attachment = measure (path);
  guint64 chars = (size + 2) / 3 * 4;

  g_assert_cmpuint (mc_attachment_get_size (attachment), ==, size);
  g_assert_cmpuint (mc_attachment_base64_size (size), ==, chars + (chars + 75) / 76 * 2);
  g_assert_cmpuint (mc_attachment_get_encoded_size (attachment), >, size / 3 * 4);
  g_remove (path);
}

static void
test_blocked_names (void)
{
  static const struct
  {
    const char          *name;
    McAttachmentProblem  problem;
  } cases[] = {
    { "setup.exe", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "SETUP.EXE", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "run.bat", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "run.cmd", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "command.com", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "screen.scr", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "old.pif", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "invoice.pdf.js", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "a.jse", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "a.vbs", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "a.vbe", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "a.wsf", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "a.ps1", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "installer.msi", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "app.jar", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "請求書.lnk", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "disk.iso", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "disk.img", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
    { "見積書.docm", MC_ATTACHMENT_PROBLEM_MACRO },
    { "Budget.XLSM", MC_ATTACHMENT_PROBLEM_MACRO },
    { "slides.pptm", MC_ATTACHMENT_PROBLEM_MACRO },
    { "report.docx", MC_ATTACHMENT_PROBLEM_NONE },
    { "photo.jpg", MC_ATTACHMENT_PROBLEM_NONE },
    { "exe", MC_ATTACHMENT_PROBLEM_NONE },
    { "notes.", MC_ATTACHMENT_PROBLEM_NONE },
    { "archive.js.zip", MC_ATTACHMENT_PROBLEM_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      McAttachmentProblem problem = MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE;
      gboolean blocked = mc_attachment_name_is_blocked (cases[i].name, &problem);
      g_autofree char *path = write_file (cases[i].name, 100);
      g_autoptr(McAttachment) attachment = measure (path);
      g_autofree char *text = mc_attachment_dup_problem_text (attachment);

      g_test_message ("%s: %s", cases[i].name, text ? text : "(fine)");
      g_assert_cmpint (problem, ==, cases[i].problem);
      g_assert_true (blocked == (cases[i].problem != MC_ATTACHMENT_PROBLEM_NONE));
      g_assert_cmpint (mc_attachment_get_problem (attachment), ==, cases[i].problem);
      g_assert_true ((text != NULL) == (cases[i].problem != MC_ATTACHMENT_PROBLEM_NONE));
      if (text != NULL)
        g_assert_nonnull (strstr (text, cases[i].name));
      g_remove (path);
    }
}

/* A Windows program with another name is still refused by filters. */
static void
test_disguised_program (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "invoice.pdf", NULL);
  guchar program[512] = { 'M', 'Z' };
  g_autoptr(McAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;

  /* The DOS header points at the "PE" header at 0x80. */
  program[0x3c] = 0x80;
  memcpy (program + 0x80, "PE\0\0", 4);
  g_file_set_contents (path, (const char *) program, sizeof program, &error);
  g_assert_no_error (error);
  attachment = measure (path);
  g_assert_cmpint (mc_attachment_get_problem (attachment), ==, MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE);
  g_remove (path);

  /* "MZ" alone (a text that starts so) is not a program. */
  g_file_set_contents (path, "MZ is a country code", -1, &error);
  g_assert_no_error (error);
  g_clear_object (&attachment);
  attachment = measure (path);
  g_assert_cmpint (mc_attachment_get_problem (attachment), ==, MC_ATTACHMENT_PROBLEM_NONE);
  g_remove (path);
}

/* ---- ZIP archives, written by hand (PKWARE APPNOTE.TXT) ---- */

typedef struct
{
  const char *name;
  gboolean    encrypted;
} ZipEntry;

static guint32
crc32 (const guchar *data,
       gsize         length)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & (0 - (crc & 1)));
    }
  return ~crc;
}

static void
put16 (GByteArray *out,
       guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, b, 4);
}

/* Stored entries (no compression). An encrypted entry has the 12-byte
 * traditional encryption header in front of its data and general purpose
 * bit 0 set, in its local header and in the central directory; names in
 * UTF-8 have bit 11. */
static char *
write_zip (const char     *zip_name,
           const ZipEntry *entries,
           guint           n_entries)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) directory = g_byte_array_new ();
  static const guchar content[] = "This is only a test.\n";
  g_autofree char *path = g_build_filename (tmp_dir, zip_name, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_entries; i++)
    {
      gboolean is_folder = g_str_has_suffix (entries[i].name, "/");
      guint16 flags = (entries[i].encrypted ? 0x0001 : 0) |
                      (g_str_is_ascii (entries[i].name) ? 0 : 0x0800);
      gsize data_length = is_folder ? 0 : sizeof content - 1;
      gsize stored_length = data_length + (entries[i].encrypted ? 12 : 0);
      guint32 crc = crc32 (content, data_length);
      guint32 offset = out->len;
      guint16 name_length = strlen (entries[i].name);

      put32 (out, 0x04034b50);
      put16 (out, 20);
      put16 (out, flags);
      put16 (out, 0);             /* stored */
      put16 (out, 0);             /* time */
      put16 (out, 0x5b71);        /* date: 2025-11-17 */
      put32 (out, crc);
      put32 (out, stored_length);
      put32 (out, data_length);
      put16 (out, name_length);
      put16 (out, 0);
      g_byte_array_append (out, (const guint8 *) entries[i].name, name_length);
      if (entries[i].encrypted)
        {
          /* What ZipCrypto would have produced: random-looking bytes. */
          for (guint k = 0; k < 12; k++)
            {
              guint8 b = (guint8) (0x5a ^ (k * 37));

              g_byte_array_append (out, &b, 1);
            }
        }
      g_byte_array_append (out, content, data_length);

      put32 (directory, 0x02014b50);
      put16 (directory, 20);
      put16 (directory, 20);
      put16 (directory, flags);
      put16 (directory, 0);
      put16 (directory, 0);
      put16 (directory, 0x5b71);
      put32 (directory, crc);
      put32 (directory, stored_length);
      put32 (directory, data_length);
      put16 (directory, name_length);
      put16 (directory, 0);       /* extra */
      put16 (directory, 0);       /* comment */
      put16 (directory, 0);       /* disk */
      put16 (directory, 0);       /* internal attributes */
      put32 (directory, is_folder ? 0x10 : 0);
      put32 (directory, offset);
      g_byte_array_append (directory, (const guint8 *) entries[i].name, name_length);
    }

  {
    guint32 directory_offset = out->len;

    g_byte_array_append (out, directory->data, directory->len);
    put32 (out, 0x06054b50);
    put16 (out, 0);
    put16 (out, 0);
    put16 (out, n_entries);
    put16 (out, n_entries);
    put32 (out, directory->len);
    put32 (out, directory_offset);
    put16 (out, 0);
  }

  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static McAttachment *
measure_zip (const char     *zip_name,
             const ZipEntry *entries,
             guint           n_entries)
{
  g_autofree char *path = write_zip (zip_name, entries, n_entries);
  McAttachment *attachment = measure (path);

  g_remove (path);
  return attachment;
}

static void
test_zip (void)
{
  static const ZipEntry plain[] = { { "docs/", FALSE }, { "docs/readme.txt", FALSE },
                                    { "見積書.pdf", FALSE } };
  static const ZipEntry first_encrypted[] = { { "secret.pdf", TRUE }, { "other.pdf", TRUE } };
  static const ZipEntry later_encrypted[] = { { "readme.txt", FALSE }, { "secret.xlsx", TRUE } };
  static const ZipEntry program_inside[] = { { "readme.txt", FALSE }, { "tools/setup.exe", FALSE } };
  static const ZipEntry macro_inside[] = { { "請求書.xlsm", FALSE } };
  static const ZipEntry both[] = { { "setup.exe", FALSE }, { "secret.pdf", TRUE } };
  g_autoptr(McAttachment) attachment = NULL;
  g_autofree char *text = NULL;

  attachment = measure_zip ("plain.zip", plain, G_N_ELEMENTS (plain));
  g_assert_cmpstr (mc_attachment_get_content_type (attachment), ==, "application/zip");
  g_assert_cmpint (mc_attachment_get_problem (attachment), ==, MC_ATTACHMENT_PROBLEM_NONE);
  g_clear_object (&attachment);

  /* The flag in the first local header. */
  attachment = measure_zip ("secret.zip", first_encrypted, G_N_ELEMENTS (first_encrypted));
  g_assert_cmpint (mc_attachment_get_problem (attachment), ==, MC_ATTACHMENT_PROBLEM_ENCRYPTED_ZIP);
  text = mc_attachment_dup_problem_text (attachment);
  g_assert_nonnull (strstr (text, "secret.zip"));
  g_assert_nonnull (strstr (text, "password"));
  g_clear_pointer (&text, g_free);
  g_clear_object (&attachment);

  /* Only a later entry is encrypted: the central directory says so. */
  attachment = measure_zip ("mixed.zip", later_encrypted, G_N_ELEMENTS (later_encrypted));
  g_assert_cmpint (mc_attachment_get_problem (attachment), ==, MC_ATTACHMENT_PROBLEM_ENCRYPTED_ZIP);
  g_clear_object (&attachment);

  attachment = measure_zip ("tools.zip", program_inside, G_N_ELEMENTS (program_inside));
  g_assert_cmpint (mc_attachment_get_problem (attachment), ==,
                   MC_ATTACHMENT_PROBLEM_ZIP_CONTAINS_BLOCKED);
  g_assert_cmpstr (mc_attachment_get_blocked_entry (attachment), ==, "tools/setup.exe");
  text = mc_attachment_dup_problem_text (attachment);
  g_assert_nonnull (strstr (text, "tools/setup.exe"));
  g_clear_pointer (&text, g_free);
  g_clear_object (&attachment);

  /* A Japanese name inside (UTF-8 flag). */
  attachment = measure_zip ("経理.zip", macro_inside, G_N_ELEMENTS (macro_inside));
  g_assert_cmpint (mc_attachment_get_problem (attachment), ==,
                   MC_ATTACHMENT_PROBLEM_ZIP_CONTAINS_BLOCKED);
  g_assert_cmpstr (mc_attachment_get_blocked_entry (attachment), ==, "請求書.xlsm");
  g_clear_object (&attachment);

  /* Encryption outranks what is inside. */
  attachment = measure_zip ("both.zip", both, G_N_ELEMENTS (both));
  g_assert_cmpint (mc_attachment_get_problem (attachment), ==, MC_ATTACHMENT_PROBLEM_ENCRYPTED_ZIP);
  g_assert_null (mc_attachment_get_blocked_entry (attachment));
  g_clear_object (&attachment);

  /* A file that only starts like a ZIP archive has no directory to read:
   * nothing is reported, nothing fails. */
  {
    g_autofree char *path = g_build_filename (tmp_dir, "truncated.zip", NULL);
    g_autoptr(GError) error = NULL;

    g_file_set_contents (path, "PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0xx",
                         32, &error);
    g_assert_no_error (error);
    attachment = measure (path);
    g_assert_cmpint (mc_attachment_get_problem (attachment), ==, MC_ATTACHMENT_PROBLEM_NONE);
    g_remove (path);
  }
}

static void
test_unreadable (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "no-such-file.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (missing);
  g_autoptr(GFile) folder = g_file_new_for_path (tmp_dir);
  g_autoptr(GError) error = NULL;

  g_assert_null (mc_attachment_new_for_file (file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (mc_attachment_new_for_file (folder, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
}

static void
measured_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  McAttachment **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = mc_attachment_new_for_file_finish (result, &error);
  g_assert_no_error (error);
}

/* The async form measures in a thread and reports on the caller's context. */
static void
test_async (void)
{
  g_autofree char *path = write_file ("photo.jpg", 12345);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(McAttachment) attachment = NULL;

  mc_attachment_new_for_file_async (file, NULL, measured_cb, &attachment);
  for (guint i = 0; i < 100000 && attachment == NULL; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (attachment);
  g_assert_cmpuint (mc_attachment_get_size (attachment), ==, 12345);
  g_assert_cmpstr (mc_attachment_get_content_type (attachment), ==, "image/jpeg");
  g_remove (path);
}

/* ---- /attachment/postfix ---- */

static McTestDns *dns;
static McTestPki *pki;
static McTestPostfix *postfix;

static void
start_servers (void)
{
  g_autoptr(GError) error = NULL;

  if (postfix != NULL)
    return;
  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);
  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);
  postfix = mc_test_postfix_start (pki, &error);
  g_assert_no_error (error);
}

static char *
port_map (void)
{
  return g_strdup_printf ("25=%u,465=%u,587=%u", mc_test_postfix_get_port (postfix, 25),
                          mc_test_postfix_get_port (postfix, 465),
                          mc_test_postfix_get_port (postfix, 587));
}

/* A checkup of the Postfix account on its submission port, with the
 * attachments set by the caller. */
static McCheckup *
new_checkup (const char *recipient)
{
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McResolver) resolver = mc_resolver_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *map = NULL;
  const char *servers[] = { NULL, NULL };
  McCheckup *checkup;

  start_servers ();
  map = port_map ();
  servers[0] = mc_test_dns_get_server (dns);
  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  mc_account_set_host (account, "mail.example.test");
  mc_account_set_port (account, 587);
  mc_account_set_security (account, MC_SECURITY_STARTTLS);
  mc_account_set_email (account, mc_test_postfix_get_email (postfix));
  mc_account_set_user (account, mc_test_postfix_get_user (postfix));

  checkup = mc_checkup_new (account, resolver);
  g_assert_true (mc_checkup_set_port_map (checkup, map, &error));
  g_assert_true (mc_checkup_set_ca_file (checkup, mc_test_pki_get_ca_file (pki), &error));
  g_assert_no_error (error);
  mc_checkup_set_timeout (checkup, 5);
  mc_checkup_set_password (checkup, mc_test_postfix_get_password (postfix));
  mc_checkup_set_blocklists_file (checkup, g_test_get_filename (G_TEST_DIST, "blocklists-test.ini",
                                                                NULL));
  if (recipient != NULL)
    mc_checkup_set_recipient (checkup, recipient);
  return checkup;
}

static McFinding *
run_attachment (McCheckup *checkup,
                McReport **report_out)
{
  McReport *report = mc_test_run_checkup (checkup, 60000);
  McFinding *size, *finding;
  g_autofree char *json = NULL;

  g_assert_nonnull (report);
  size = mc_report_lookup_finding (report, "server.size");
  finding = mc_report_lookup_finding (report, "message.attachment");
  g_assert_nonnull (finding);
  /* Postfix's SIZE was read: the limit compared with is the real one. */
  g_assert_cmpint (mc_finding_get_status (size), ==, MC_STATUS_OK);
  g_test_message ("message.attachment: %s — %s (%s)",
                  mc_status_to_string (mc_finding_get_status (finding)),
                  mc_finding_get_summary (finding),
                  mc_finding_get_guidance (finding) ? mc_finding_get_guidance (finding) : "-");
  /* Never a password in what the finding says. */
  json = mc_report_to_json (report, FALSE);
  g_assert_null (strstr (json, mc_test_postfix_get_password (postfix)));
  *report_out = report;
  return finding;
}

static JsonObject *
evidence_of (McFinding *finding)
{
  return mc_finding_get_evidence (finding);
}

static GPtrArray *
files_of (const char *first,
          ...)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (const char *path = first; path != NULL; path = va_arg (args, const char *))
    g_ptr_array_add (files, g_file_new_for_path (path));
  va_end (args);
  return files;
}

static void
assert_attachment (const char *path,
                   McStatus    status,
                   const char *guidance)
{
  g_autoptr(McCheckup) checkup = new_checkup (NULL);
  g_autoptr(GPtrArray) files = files_of (path, NULL);
  g_autoptr(McReport) report = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  McFinding *finding;
  JsonObject *evidence;
  JsonObject *file;

  mc_checkup_set_attachments (checkup, files);
  finding = run_attachment (checkup, &report);
  evidence = evidence_of (finding);

  g_assert_cmpstr (mc_status_to_string (mc_finding_get_status (finding)), ==,
                   mc_status_to_string (status));
  g_assert_cmpstr (mc_finding_get_guidance (finding), ==, guidance);
  g_assert_cmpint (json_object_get_int_member (evidence, "server_limit_bytes"), ==, POSTFIX_SIZE_LIMIT);
  g_assert_true (json_object_get_null_member (evidence, "provider_limit_bytes"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evidence, "files")), ==, 1);
  file = json_array_get_object_element (json_object_get_array_member (evidence, "files"), 0);
  g_assert_cmpstr (json_object_get_string_member (file, "name"), ==, basename);
  g_assert_false (json_object_get_boolean_member (file, "blocked"));
  g_assert_true (json_object_get_null_member (file, "reason"));
  g_assert_cmpint (json_object_get_int_member (evidence, "total_encoded_bytes"), ==,
                   MC_ATTACHMENT_MESSAGE_OVERHEAD + MC_ATTACHMENT_BOUNDARY_OVERHEAD +
                   json_object_get_int_member (file, "encoded_bytes"));
  /* The size when sent is in the summary, in bytes. */
  {
    g_autofree char *bytes = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              json_object_get_int_member (evidence, "total_encoded_bytes"));

    g_assert_nonnull (strstr (mc_finding_get_summary (finding), bytes));
  }
}

/* 7 MB: about 9.6 MB once encoded, within a tenth of Postfix's 10.24 MB. */
static void
test_postfix_near (void)
{
  g_autofree char *path = write_sparse_file ("video.mp4", 7000000);

  assert_attachment (path, MC_STATUS_WARN, "attachment-near-limit");
  g_remove (path);
}

/* 8 MB: about 10.9 MB once encoded, more than Postfix takes. */
static void
test_postfix_over (void)
{
  g_autofree char *path = write_sparse_file ("video.mp4", 8000000);

  assert_attachment (path, MC_STATUS_FAIL, "attachment-too-big");
  g_remove (path);
}

static void
test_postfix_fits (void)
{
  g_autofree char *path = write_file ("見積書.pdf", 1000000);

  assert_attachment (path, MC_STATUS_OK, NULL);
  g_remove (path);
}

/* Without a file or a size: information, as the recipient checks say when
 * no recipient is given. */
static void
test_postfix_none (void)
{
  g_autoptr(McCheckup) checkup = new_checkup (NULL);
  g_autoptr(McReport) report = NULL;
  McFinding *finding = run_attachment (checkup, &report);

  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_INFO);
  g_assert_cmpstr (mc_finding_get_summary (finding), ==, "Not checked: no attachment was chosen.");
  g_assert_null (mc_finding_get_guidance (finding));
  g_assert_cmpint (mc_finding_get_status (mc_report_lookup_finding (report, "recipient.domain")), ==,
                   MC_STATUS_INFO);
}

/* docomo mail takes about 10 MB (data/providers.xml), a little less than
 * Postfix: a message between the two passes the server and not the
 * recipient's provider. */
static void
test_postfix_recipient_limit (void)
{
  g_autoptr(McCheckup) checkup = new_checkup ("hanako@docomo.ne.jp");
  g_autoptr(McReport) report = NULL;
  McFinding *finding;
  JsonObject *evidence;
  JsonObject *file;
  gint64 total;

  mc_checkup_set_attachment_bytes (checkup, 7350000);
  finding = run_attachment (checkup, &report);
  evidence = evidence_of (finding);
  total = json_object_get_int_member (evidence, "total_encoded_bytes");

  g_assert_cmpint (json_object_get_int_member (evidence, "provider_limit_bytes"), ==, DOCOMO_SIZE_LIMIT);
  g_assert_cmpint (json_object_get_int_member (evidence, "server_limit_bytes"), ==, POSTFIX_SIZE_LIMIT);
  g_assert_cmpint (total, >, DOCOMO_SIZE_LIMIT);
  g_assert_cmpint (total, <=, POSTFIX_SIZE_LIMIT);
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (finding), ==, "attachment-too-big-recipient");
  g_assert_nonnull (strstr (mc_finding_get_summary (finding), "docomo"));
  file = json_array_get_object_element (json_object_get_array_member (evidence, "files"), 0);
  g_assert_true (json_object_get_null_member (file, "name"));
  g_assert_cmpint (json_object_get_int_member (file, "bytes"), ==, 7350000);
  g_assert_cmpint (json_object_get_int_member (evidence_of (mc_report_lookup_finding (report,
                                                                                       "recipient.provider")),
                                               "size_limit_bytes"), ==, DOCOMO_SIZE_LIMIT);
  g_clear_object (&report);
  g_clear_object (&checkup);

  /* 1 MB fits both, and the summary names both limits. */
  checkup = new_checkup ("hanako@docomo.ne.jp");
  mc_checkup_set_attachment_bytes (checkup, 1000000);
  finding = run_attachment (checkup, &report);
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_OK);
  {
    g_autofree char *server = g_format_size (POSTFIX_SIZE_LIMIT);
    g_autofree char *docomo = g_format_size (DOCOMO_SIZE_LIMIT);

    g_assert_nonnull (strstr (mc_finding_get_summary (finding), server));
    g_assert_nonnull (strstr (mc_finding_get_summary (finding), docomo));
  }
}

/* A refused type warns, even when the size fits; an encrypted ZIP file
 * has its own advice. The file list keeps every file. */
static void
test_postfix_blocked (void)
{
  static const ZipEntry encrypted[] = { { "contract.pdf", TRUE } };
  g_autofree char *pdf = write_file ("report.pdf", 20000);
  g_autofree char *program = write_file ("setup.exe", 20000);
  g_autofree char *zip = write_zip ("contract.zip", encrypted, G_N_ELEMENTS (encrypted));
  g_autoptr(McCheckup) checkup = new_checkup (NULL);
  g_autoptr(GPtrArray) files = files_of (pdf, program, NULL);
  g_autoptr(McReport) report = NULL;
  McFinding *finding;
  JsonArray *list;

  mc_checkup_set_attachments (checkup, files);
  finding = run_attachment (checkup, &report);
  list = json_object_get_array_member (evidence_of (finding), "files");
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_WARN);
  g_assert_cmpstr (mc_finding_get_guidance (finding), ==, "attachment-blocked-type");
  g_assert_nonnull (strstr (mc_finding_get_summary (finding), "setup.exe"));
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (list, 0), "blocked"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (list, 1), "blocked"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "reason"),
                   ==, "blocked-type");
  g_clear_object (&report);
  g_clear_pointer (&files, g_ptr_array_unref);

  files = files_of (program, zip, NULL);
  mc_checkup_set_attachments (checkup, files);
  finding = run_attachment (checkup, &report);
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_WARN);
  g_assert_cmpstr (mc_finding_get_guidance (finding), ==, "attachment-encrypted-zip");
  g_clear_object (&report);

  /* A file that went away between choosing and checking: the check could
   * not be done, which is no fault of the set-up. */
  g_remove (pdf);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = files_of (pdf, NULL);
  mc_checkup_set_attachments (checkup, files);
  finding = run_attachment (checkup, &report);
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_ERROR);
  g_assert_nonnull (strstr (mc_finding_get_summary (finding), "report.pdf"));

  g_remove (program);
  g_remove (zip);
}

/* ---- The CLI, the real binary ---- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

/* Runs the CLI with extra options; the password on standard input when
 * password is TRUE. Wrong uses pass FALSE: the CLI stops before reading
 * its input, and writing to it then would race with its exit (EPIPE). */
static void
run_cli_full (CliResult          *result,
              const char * const *extra,
              gboolean            password)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *map = port_map ();
  g_autofree char *dns_server = g_strdup (mc_test_dns_get_server (dns));
  g_autofree char *input = g_strdup_printf ("%s\n", mc_test_postfix_get_password (postfix));

  g_ptr_array_add (argv, (char *) g_getenv ("MC_TEST_CLI"));
  g_ptr_array_add (argv, (gpointer) "check");
  g_ptr_array_add (argv, (gpointer) "--host");
  g_ptr_array_add (argv, (gpointer) "mail.example.test");
  g_ptr_array_add (argv, (gpointer) "--email");
  g_ptr_array_add (argv, (char *) mc_test_postfix_get_email (postfix));
  if (password)
    g_ptr_array_add (argv, (gpointer) "--password-stdin");
  g_ptr_array_add (argv, (gpointer) "--ca-file");
  g_ptr_array_add (argv, (char *) mc_test_pki_get_ca_file (pki));
  g_ptr_array_add (argv, (gpointer) "--dns-server");
  g_ptr_array_add (argv, dns_server);
  g_ptr_array_add (argv, (gpointer) "--blocklists");
  g_ptr_array_add (argv, (char *) g_test_get_filename (G_TEST_DIST, "blocklists-test.ini", NULL));
  g_ptr_array_add (argv, (gpointer) "--timeout");
  g_ptr_array_add (argv, (gpointer) "5");
  g_ptr_array_add (argv, (gpointer) "--format");
  g_ptr_array_add (argv, (gpointer) "json");
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new ((password ? G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                  : G_SUBPROCESS_FLAGS_STDIN_INHERIT) |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "MAIL_CHECKUP_PORT_MAP", map, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* The servers are processes of their own: waiting here blocks nothing. */
  g_subprocess_communicate_utf8 (process, password ? input : NULL, NULL, &result->out, &result->err,
                                 &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

static void
run_cli (CliResult          *result,
         const char * const *extra)
{
  run_cli_full (result, extra, TRUE);
}

static JsonObject *
cli_finding (JsonNode   *root,
             const char *id,
             int        *expected_status)
{
  JsonArray *findings = json_object_get_array_member (json_node_get_object (root), "findings");
  JsonObject *found = NULL;

  *expected_status = 0;
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);
      const char *status = json_object_get_string_member (finding, "status");

      if (g_str_equal (status, "fail") || g_str_equal (status, "error"))
        *expected_status = 1;
      if (g_str_equal (json_object_get_string_member (finding, "id"), id))
        found = finding;
    }
  g_assert_nonnull (found);
  return found;
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = json_from_string (json, &error);

  g_assert_no_error (error);
  return root;
}

static void
test_cli (void)
{
  g_autofree char *big = write_sparse_file ("big.mov", 8000000);
  g_autofree char *small = write_file ("小さい写真.jpg", 100000);
  g_autofree char *missing = g_build_filename (tmp_dir, "gone.pdf", NULL);
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *finding;
  int expected_status;

  start_servers ();

  /* Over the limit: a fail, so exit status 1. */
  {
    const char *args[] = { "--attachment", big, NULL };

    run_cli (&result, args);
    root = parse (result.out);
    finding = cli_finding (root, "message.attachment", &expected_status);
    g_assert_cmpstr (json_object_get_string_member (finding, "status"), ==, "fail");
    g_assert_cmpstr (json_object_get_string_member (finding, "guidance"), ==, "attachment-too-big");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (finding, "evidence"),
                                                 "server_limit_bytes"), ==, POSTFIX_SIZE_LIMIT);
    g_assert_cmpint (result.status, ==, 1);
    g_assert_cmpint (expected_status, ==, 1);
    g_clear_pointer (&root, json_node_unref);
    cli_result_clear (&result);
  }

  /* Two files, repeated option: both measured, and it fits. */
  {
    const char *args[] = { "--attachment", small, "--attachment", small, NULL };
    JsonArray *files;

    run_cli (&result, args);
    root = parse (result.out);
    finding = cli_finding (root, "message.attachment", &expected_status);
    files = json_object_get_array_member (json_object_get_object_member (finding, "evidence"), "files");
    g_assert_cmpstr (json_object_get_string_member (finding, "status"), ==, "ok");
    g_assert_cmpuint (json_array_get_length (files), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 0), "name"),
                     ==, "小さい写真.jpg");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 0), "type"),
                     ==, "image/jpeg");
    /* The exit status follows the other findings alone. */
    g_assert_cmpint (result.status, ==, expected_status);
    g_clear_pointer (&root, json_node_unref);
    cli_result_clear (&result);
  }

  /* A byte count: 7 MB is near the limit, a warning, which does not
   * change the exit status. */
  {
    const char *args[] = { "--attachment-bytes", "7000000", NULL };

    run_cli (&result, args);
    root = parse (result.out);
    finding = cli_finding (root, "message.attachment", &expected_status);
    g_assert_cmpstr (json_object_get_string_member (finding, "status"), ==, "warn");
    g_assert_cmpstr (json_object_get_string_member (finding, "guidance"), ==, "attachment-near-limit");
    g_assert_cmpint (result.status, ==, expected_status);
    g_clear_pointer (&root, json_node_unref);
    cli_result_clear (&result);
  }

  /* Wrong use: exit status 2 and a message that says what is wrong,
   * before anything is checked. */
  {
    const char *args[] = { "--attachment", missing, NULL };

    run_cli_full (&result, args, FALSE);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "gone.pdf"));
    g_assert_nonnull (strstr (result.err, "no such file"));
    g_assert_cmpstr (result.out, ==, "");
    cli_result_clear (&result);
  }
  {
    const char *args[] = { "--attachment", tmp_dir, NULL };

    run_cli_full (&result, args, FALSE);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "folder"));
    cli_result_clear (&result);
  }
  {
    const char *args[] = { "--attachment-bytes", "0", NULL };

    run_cli_full (&result, args, FALSE);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "--attachment-bytes"));
    cli_result_clear (&result);
  }
  {
    const char *args[] = { "--attachment-bytes", "lots", NULL };

    run_cli_full (&result, args, FALSE);
    g_assert_cmpint (result.status, ==, 2);
    cli_result_clear (&result);
  }
  {
    const char *args[] = { "--attachment", small, "--attachment-bytes", "100", NULL };

    run_cli_full (&result, args, FALSE);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "not both"));
    cli_result_clear (&result);
  }

  g_remove (big);
  g_remove (small);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_unsetenv ("MAIL_CHECKUP_PORT_MAP");
  g_setenv ("LANGUAGE", "en", TRUE);
  /* No Secret Service: the password is given. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");

  /* A home of the test's own, set before any thread runs. */
  tmp_dir = mc_test_make_home ();

  mc_i18n_init ();
  g_mime_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/attachment/unit/base64-sizes", test_base64_sizes);
  g_test_add_func ("/attachment/unit/names", test_names);
  g_test_add_func ("/attachment/unit/size-only", test_size_only);
  g_test_add_func ("/attachment/unit/total", test_total);
  g_test_add_func ("/attachment/unit/huge-file", test_huge_file);
  g_test_add_func ("/attachment/unit/blocked-names", test_blocked_names);
  g_test_add_func ("/attachment/unit/disguised-program", test_disguised_program);
  g_test_add_func ("/attachment/unit/zip", test_zip);
  g_test_add_func ("/attachment/unit/unreadable", test_unreadable);
  g_test_add_func ("/attachment/unit/async", test_async);
  g_test_add_func ("/attachment/postfix/near-limit", test_postfix_near);
  g_test_add_func ("/attachment/postfix/over-limit", test_postfix_over);
  g_test_add_func ("/attachment/postfix/fits", test_postfix_fits);
  g_test_add_func ("/attachment/postfix/none", test_postfix_none);
  g_test_add_func ("/attachment/postfix/recipient-limit", test_postfix_recipient_limit);
  g_test_add_func ("/attachment/postfix/blocked", test_postfix_blocked);
  g_test_add_func ("/attachment/postfix/cli", test_cli);

  status = g_test_run ();

  g_clear_pointer (&postfix, mc_test_postfix_stop);
  g_clear_pointer (&pki, mc_test_pki_free);
  g_clear_pointer (&dns, mc_test_dns_stop);
  g_mime_shutdown ();
  mc_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
