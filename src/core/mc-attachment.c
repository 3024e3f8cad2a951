/* mc-attachment.c: a file (or a byte count) as it would travel in a message: encoded size and blocked types.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-attachment.h"

/* RFC 2045: base64 lines are at most 76 characters. */
#define BASE64_LINE 76
/* RFC 5322: header lines should stay within 78 characters. */
#define HEADER_LINE 78
/* A byte count has no name: its part is estimated with one of a typical
 * length. */
#define UNNAMED_NAME "attachment.dat"
#define UNNAMED_TYPE "application/octet-stream"

/* ZIP (PKWARE APPNOTE.TXT): the records read, all little-endian. */
#define ZIP_LOCAL_HEADER_SIZE 30
#define ZIP_CENTRAL_HEADER_SIZE 46
#define ZIP_END_SIZE 22
#define ZIP_MAX_COMMENT 65535
#define ZIP_FLAG_ENCRYPTED 0x0001
/* A central directory bigger than this (tens of thousands of files) is
 * not listed: reading it would cost more than the check is worth. */
#define ZIP_MAX_DIRECTORY (8 * 1024 * 1024)

struct _McAttachment
{
  GObject              parent_instance;

  char                *name;
  char                *content_type;
  guint64              size;
  guint64              encoded_size;
  McAttachmentProblem  problem;
  char                *blocked_entry;
};

G_DEFINE_FINAL_TYPE (McAttachment, mc_attachment, G_TYPE_OBJECT)

/* What mail filters commonly refuse, by extension: Gmail, Microsoft 365
 * and the filters of Japanese companies and providers all block these. */
static const struct
{
  const char          *extension;
  McAttachmentProblem  problem;
} blocked_extensions[] = {
  { "exe", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "bat", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "cmd", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "com", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "scr", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "pif", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "js",  MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "jse", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "vbs", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "vbe", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "wsf", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "ps1", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "msi", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "jar", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "lnk", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "iso", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "img", MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE },
  { "docm", MC_ATTACHMENT_PROBLEM_MACRO },
  { "xlsm", MC_ATTACHMENT_PROBLEM_MACRO },
  { "pptm", MC_ATTACHMENT_PROBLEM_MACRO },
};

static void
mc_attachment_finalize (GObject *object)
{
  McAttachment *self = MC_ATTACHMENT (object);

  g_free (self->name);
  g_free (self->content_type);
  g_free (self->blocked_entry);

  G_OBJECT_CLASS (mc_attachment_parent_class)->finalize (object);
}

static void
mc_attachment_class_init (McAttachmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_attachment_finalize;
}

static void
mc_attachment_init (McAttachment *self)
{
}

/* ---- The arithmetic ---- */

/**
 * mc_attachment_base64_size:
 *
 * The length of @size bytes in base64 as mail carries it: 4 characters
 * for every 3 bytes (the last group padded with "="), in lines of 76
 * characters, each line ending in CRLF. Nothing for an empty file.
 */
guint64
mc_attachment_base64_size (guint64 size)
{
  guint64 chars = (size / 3 + (size % 3 != 0)) * 4;
  guint64 lines = chars / BASE64_LINE + (chars % BASE64_LINE != 0);

  return chars + lines * 2;
}

/* RFC 2231 attribute-char: what may stand unencoded in a parameter value. */
static gboolean
is_attribute_char (guchar c)
{
  return g_ascii_isalnum (c) || strchr ("!#$&+-.^_`|~", c) != NULL;
}

/* Whether the name can go as one quoted string: printable ASCII without
 * the two characters a quoted string must escape. */
static gboolean
is_plain_name (const char *name)
{
  for (const guchar *p = (const guchar *) name; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
        return FALSE;
    }
  return TRUE;
}

/* One header with one parameter, as mail programs write it: on one line
 * when it fits ("Content-Type: application/pdf; name=\"a.pdf\""), else the
 * parameter on continuation lines, encoded by RFC 2231 in UTF-8 and split
 * into numbered sections ("name*0*=UTF-8''…;") of at most 78 characters. */
static void
append_header (GString    *out,
               const char *header,
               const char *value,
               const char *parameter,
               const char *name)
{
  gsize start = out->len;
  g_autoptr(GString) encoded = g_string_new (NULL);
  gsize pos = 0;
  guint section = 0;

  g_string_append_printf (out, "%s: %s; %s=\"%s\"", header, value, parameter, name);
  if (is_plain_name (name) && out->len - start <= HEADER_LINE)
    {
      g_string_append (out, "\r\n");
      return;
    }
  g_string_truncate (out, start);

  for (const guchar *p = (const guchar *) name; *p != '\0'; p++)
    {
      if (is_attribute_char (*p))
        g_string_append_c (encoded, *p);
      else
        g_string_append_printf (encoded, "%%%02X", *p);
    }

  g_string_append_printf (out, "%s: %s;\r\n", header, value);
  /* One section when it fits. */
  if (1 + strlen (parameter) + strlen ("*=UTF-8''") + encoded->len <= HEADER_LINE)
    {
      g_string_append_printf (out, "\t%s*=UTF-8''%s\r\n", parameter, encoded->str);
      return;
    }
  while (pos < encoded->len)
    {
      g_autofree char *lead = g_strdup_printf ("\t%s*%u*=%s", parameter, section,
                                               section == 0 ? "UTF-8''" : "");
      /* Room for the text and the ";" that ends every section but the last. */
      gsize room = HEADER_LINE - strlen (lead) - 1;
      gsize take = MIN (room, encoded->len - pos);

      /* Never split a "%XX" between two sections. */
      if (pos + take < encoded->len)
        {
          if (take >= 1 && encoded->str[pos + take - 1] == '%')
            take -= 1;
          else if (take >= 2 && encoded->str[pos + take - 2] == '%')
            take -= 2;
        }
      g_string_append (out, lead);
      g_string_append_len (out, encoded->str + pos, take);
      pos += take;
      g_string_append (out, pos < encoded->len ? ";\r\n" : "\r\n");
      section++;
    }
}

/**
 * mc_attachment_dup_part_headers:
 * @name: (nullable): the file name, in UTF-8; %NULL for a typical one
 * @content_type: (nullable): its MIME type; %NULL for application/octet-stream
 *
 * The headers of the attachment's MIME part, with the blank line that ends
 * them, in CRLF: Content-Type with the name, Content-Disposition with the
 * file name, Content-Transfer-Encoding. Mail programs differ in small ways
 * (quoting, RFC 2047 instead of RFC 2231, where they fold), by some tens
 * of bytes at most.
 */
char *
mc_attachment_dup_part_headers (const char *name,
                                const char *content_type)
{
  GString *out = g_string_new (NULL);

  if (name == NULL || *name == '\0')
    name = UNNAMED_NAME;
  if (content_type == NULL || *content_type == '\0')
    content_type = UNNAMED_TYPE;

  append_header (out, "Content-Type", content_type, "name", name);
  append_header (out, "Content-Disposition", "attachment", "filename", name);
  g_string_append (out, "Content-Transfer-Encoding: base64\r\n\r\n");
  return g_string_free (out, FALSE);
}

static guint64
part_size (const char *name,
           const char *content_type,
           guint64     size)
{
  g_autofree char *headers = mc_attachment_dup_part_headers (name, content_type);

  return strlen (headers) + mc_attachment_base64_size (size);
}

guint64
mc_attachment_estimate_message_size (McAttachment * const *attachments,
                                     guint                 n_attachments)
{
  guint64 total = MC_ATTACHMENT_MESSAGE_OVERHEAD;

  for (guint i = 0; i < n_attachments; i++)
    {
      g_return_val_if_fail (MC_IS_ATTACHMENT (attachments[i]), 0);
      total += MC_ATTACHMENT_BOUNDARY_OVERHEAD + attachments[i]->encoded_size;
    }
  return total;
}

/* ---- Blocked types ---- */

/* The problem of the name's last extension, matched without regard to
 * case ("Setup.EXE"). */
gboolean
mc_attachment_name_is_blocked (const char          *name,
                               McAttachmentProblem *problem)
{
  const char *dot;
  g_autofree char *extension = NULL;

  if (problem != NULL)
    *problem = MC_ATTACHMENT_PROBLEM_NONE;
  if (name == NULL || (dot = strrchr (name, '.')) == NULL || dot[1] == '\0')
    return FALSE;

  extension = g_ascii_strdown (dot + 1, -1);
  for (guint i = 0; i < G_N_ELEMENTS (blocked_extensions); i++)
    {
      if (g_str_equal (extension, blocked_extensions[i].extension))
        {
          if (problem != NULL)
            *problem = blocked_extensions[i].problem;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
mc_attachment_problem_to_string (McAttachmentProblem problem)
{
  switch (problem)
    {
    case MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE:         return "blocked-type";
    case MC_ATTACHMENT_PROBLEM_MACRO:                return "macro";
    case MC_ATTACHMENT_PROBLEM_ENCRYPTED_ZIP:        return "encrypted-zip";
    case MC_ATTACHMENT_PROBLEM_ZIP_CONTAINS_BLOCKED: return "zip-contains-blocked";
    case MC_ATTACHMENT_PROBLEM_NONE:
    default:                                         return NULL;
    }
}

/* A Windows program, whatever its name says: "MZ", and the "PE" header
 * where the DOS header points to it. */
static gboolean
is_windows_program (const guchar *data,
                    gsize         length)
{
  guint32 pe;

  if (length < 0x40 || data[0] != 'M' || data[1] != 'Z')
    return FALSE;
  pe = data[0x3c] | data[0x3d] << 8 | data[0x3e] << 16 | (guint32) data[0x3f] << 24;
  return pe <= length - 4 && memcmp (data + pe, "PE\0\0", 4) == 0;
}

static guint16
le16 (const guchar *p)
{
  return p[0] | p[1] << 8;
}

static guint32
le32 (const guchar *p)
{
  return p[0] | p[1] << 8 | p[2] << 16 | (guint32) p[3] << 24;
}

/* Reads length bytes at offset; FALSE with error when they are not there. */
static gboolean
read_at (GInputStream  *stream,
         goffset        offset,
         guchar        *buffer,
         gsize          length,
         GCancellable  *cancellable,
         GError       **error)
{
  gsize got = 0;

  if (!g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, cancellable, error) ||
      !g_input_stream_read_all (stream, buffer, length, &got, cancellable, error))
    return FALSE;
  if (got != length)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "short read");
      return FALSE;
    }
  return TRUE;
}

/* The names in a ZIP archive's central directory (and their flags), found
 * through the end-of-central-directory record at the end of the file.
 * Nothing is unpacked. Archives this does not understand (ZIP64, a
 * damaged end) are left unlisted: no problem is reported for them. */
static void
examine_zip_directory (McAttachment  *self,
                       GInputStream  *stream,
                       GCancellable  *cancellable)
{
  gsize tail_length = (gsize) MIN (self->size, (guint64) (ZIP_END_SIZE + ZIP_MAX_COMMENT));
  g_autofree guchar *tail = NULL;
  g_autofree guchar *directory = NULL;
  const guchar *end = NULL;
  guint32 directory_size, directory_offset;
  guint16 entries;
  gsize pos = 0;

  if (tail_length < ZIP_END_SIZE || !G_IS_SEEKABLE (stream) ||
      !g_seekable_can_seek (G_SEEKABLE (stream)))
    return;

  tail = g_malloc (tail_length);
  if (!read_at (stream, (goffset) (self->size - tail_length), tail, tail_length, cancellable, NULL))
    return;
  for (gsize i = tail_length - ZIP_END_SIZE + 1; i-- > 0;)
    {
      if (memcmp (tail + i, "PK\x05\x06", 4) == 0)
        {
          end = tail + i;
          break;
        }
    }
  if (end == NULL)
    return;

  entries = le16 (end + 10);
  directory_size = le32 (end + 12);
  directory_offset = le32 (end + 16);
  if (entries == 0xffff || directory_size == 0xffffffff || directory_offset == 0xffffffff ||
      directory_size > ZIP_MAX_DIRECTORY ||
      (guint64) directory_offset + directory_size > self->size)
    return;

  directory = g_malloc (MAX (directory_size, 1));
  if (!read_at (stream, directory_offset, directory, directory_size, cancellable, NULL))
    return;

  for (guint n = 0; n < entries && pos + ZIP_CENTRAL_HEADER_SIZE <= directory_size; n++)
    {
      const guchar *entry = directory + pos;
      guint16 flags, name_length;
      g_autofree char *raw = NULL;
      McAttachmentProblem inner = MC_ATTACHMENT_PROBLEM_NONE;

      if (memcmp (entry, "PK\x01\x02", 4) != 0)
        break;
      flags = le16 (entry + 8);
      name_length = le16 (entry + 28);
      if (pos + ZIP_CENTRAL_HEADER_SIZE + name_length > directory_size)
        break;

      if (flags & ZIP_FLAG_ENCRYPTED)
        {
          self->problem = MC_ATTACHMENT_PROBLEM_ENCRYPTED_ZIP;
          g_clear_pointer (&self->blocked_entry, g_free);
          return;
        }

      raw = g_strndup ((const char *) entry + ZIP_CENTRAL_HEADER_SIZE, name_length);
      if (self->blocked_entry == NULL && !g_str_has_suffix (raw, "/") &&
          mc_attachment_name_is_blocked (raw, &inner))
        {
          /* Old archivers write names in the system's code page (Shift_JIS
           * in Japan) without saying so: shown as well as they can be. */
          self->problem = MC_ATTACHMENT_PROBLEM_ZIP_CONTAINS_BLOCKED;
          self->blocked_entry = g_utf8_make_valid (raw, -1);
        }

      pos += ZIP_CENTRAL_HEADER_SIZE + name_length + le16 (entry + 30) + le16 (entry + 32);
    }
}

/* The problem that the file's type and, for a ZIP archive, its first
 * local header and its central directory show. */
static void
examine_content (McAttachment *self,
                 GInputStream *stream,
                 const guchar *head,
                 gsize         head_length,
                 GCancellable *cancellable)
{
  McAttachmentProblem by_name = MC_ATTACHMENT_PROBLEM_NONE;

  if (mc_attachment_name_is_blocked (self->name, &by_name))
    {
      self->problem = by_name;
      return;
    }
  if (is_windows_program (head, head_length))
    {
      self->problem = MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE;
      return;
    }

  if (head_length >= ZIP_LOCAL_HEADER_SIZE && memcmp (head, "PK\x03\x04", 4) == 0)
    {
      /* General purpose bit 0: the first file is encrypted. */
      if (le16 (head + 6) & ZIP_FLAG_ENCRYPTED)
        {
          self->problem = MC_ATTACHMENT_PROBLEM_ENCRYPTED_ZIP;
          return;
        }
      examine_zip_directory (self, stream, cancellable);
    }
}

/**
 * mc_attachment_new_for_size:
 *
 * An attachment of @size bytes, with a typical name and no type: for "what
 * if I attach 20 MB" without a file.
 */
McAttachment *
mc_attachment_new_for_size (guint64 size)
{
  McAttachment *self = g_object_new (MC_TYPE_ATTACHMENT, NULL);

  self->size = size;
  self->encoded_size = part_size (NULL, NULL, size);
  return self;
}

/**
 * mc_attachment_new_for_file:
 *
 * Measures @file: its size, its type from its name and its first 4 KiB,
 * and for a ZIP archive its encryption flag and the names inside. Blocks
 * on the file system; the window and the checkup call it in a thread.
 * Fails for a file that cannot be read and for a folder.
 */
McAttachment *
mc_attachment_new_for_file (GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(McAttachment) self = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *guessed = NULL;
  guchar head[MC_ATTACHMENT_SNIFF_SIZE];
  gsize head_length = 0;
  gboolean uncertain = FALSE;
  goffset size;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  self = g_object_new (MC_TYPE_ATTACHMENT, NULL);
  self->name = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   /* Translators: %s is a folder's name. */
                   _("“%s” is a folder; only files can be attached"), self->name);
      return NULL;
    }
  size = g_file_info_get_size (info);
  self->size = size > 0 ? (guint64) size : 0;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &head_length,
                                cancellable, error))
    return NULL;

  guessed = g_content_type_guess (self->name, head, head_length, &uncertain);
  self->content_type = g_content_type_get_mime_type (guessed);
  if (self->content_type == NULL)
    self->content_type = g_strdup (UNNAMED_TYPE);

  examine_content (self, G_INPUT_STREAM (stream), head, head_length, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self->encoded_size = part_size (self->name, self->content_type, self->size);
  return g_steal_pointer (&self);
}

static void
new_for_file_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  McAttachment *attachment = mc_attachment_new_for_file (task_data, cancellable, &error);

  if (attachment == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, attachment, g_object_unref);
}

void
mc_attachment_new_for_file_async (GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_attachment_new_for_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, new_for_file_thread);
}

McAttachment *
mc_attachment_new_for_file_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_attachment_new_for_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
mc_attachment_get_name (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), NULL);
  return self->name;
}

guint64
mc_attachment_get_size (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), 0);
  return self->size;
}

guint64
mc_attachment_get_encoded_size (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), 0);
  return self->encoded_size;
}

const char *
mc_attachment_get_content_type (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), NULL);
  return self->content_type;
}

McAttachmentProblem
mc_attachment_get_problem (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), MC_ATTACHMENT_PROBLEM_NONE);
  return self->problem;
}

const char *
mc_attachment_get_blocked_entry (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), NULL);
  return self->blocked_entry;
}

char *
mc_attachment_dup_problem_text (McAttachment *self)
{
  const char *dot;

  g_return_val_if_fail (MC_IS_ATTACHMENT (self), NULL);

  dot = self->name != NULL ? strrchr (self->name, '.') : NULL;
  switch (self->problem)
    {
    case MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE:
      if (dot != NULL && mc_attachment_name_is_blocked (self->name, NULL))
        /* Translators: %1$s is a file name, %2$s its extension such as “.exe”. */
        return g_strdup_printf (_("“%1$s”: mail filters commonly refuse files of this type (%2$s): "
                                  "programs, scripts, shortcuts and disk images can carry viruses."),
                                self->name, dot);
      /* Translators: %s is a file name. */
      return g_strdup_printf (_("“%s” is a Windows program, whatever its name says: mail filters "
                                "commonly refuse programs."), self->name);

    case MC_ATTACHMENT_PROBLEM_MACRO:
      /* Translators: %1$s is a file name, %2$s its extension such as “.docm”. */
      return g_strdup_printf (_("“%1$s”: mail filters commonly refuse Office documents with macros "
                                "(%2$s)."), self->name, dot != NULL ? dot : "");

    case MC_ATTACHMENT_PROBLEM_ENCRYPTED_ZIP:
      /* Translators: %s is a file name. */
      return g_strdup_printf (_("“%s” is a ZIP file with a password: mail filters cannot look inside "
                                "it for viruses, and many companies refuse such files."), self->name);

    case MC_ATTACHMENT_PROBLEM_ZIP_CONTAINS_BLOCKED:
      /* Translators: %1$s is a ZIP file's name, %2$s the name of a file inside it. */
      return g_strdup_printf (_("“%1$s” is a ZIP file with “%2$s” inside, a type of file that mail "
                                "filters commonly refuse."), self->name, self->blocked_entry);

    case MC_ATTACHMENT_PROBLEM_NONE:
    default:
      return NULL;
    }
}
