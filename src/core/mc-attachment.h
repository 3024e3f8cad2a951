/* mc-attachment.h: a file (or a byte count) as it would travel in a message: encoded size and blocked types.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mail carries attachments in base64 (RFC 2045): every 3 bytes become 4
 * characters, in lines of 76 characters that each end in CRLF, below the
 * MIME part's own headers. A server's SIZE limit (RFC 1870) and a
 * provider's limit count the message so encoded, not the file on disk.
 *
 * A file is only measured: its size from g_file_query_info (), its type
 * from its name and its first 4 KiB, and for a ZIP archive the encryption
 * flag of its first local header and the names in its central directory.
 * It is never read further, never unpacked, never sent.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Why mail filters would likely refuse an attachment, if they would. */
typedef enum
{
  MC_ATTACHMENT_PROBLEM_NONE,
  MC_ATTACHMENT_PROBLEM_BLOCKED_TYPE,    /* a program, script, shortcut or disk image */
  MC_ATTACHMENT_PROBLEM_MACRO,           /* an Office document with macros */
  MC_ATTACHMENT_PROBLEM_ENCRYPTED_ZIP,   /* a ZIP archive with a password */
  MC_ATTACHMENT_PROBLEM_ZIP_CONTAINS_BLOCKED, /* a ZIP archive with one of the above inside */
} McAttachmentProblem;

/* The bytes that a message adds around its attachments: the message's
 * headers (From, To, Subject, Date, Message-ID, MIME-Version and the
 * top-level Content-Type: about 1 KiB as mail programs write them) and a
 * short text in plain text and HTML with their part headers (about 7 KiB).
 * A typical figure, not a bound: the limits are checked with a margin. */
#define MC_ATTACHMENT_MESSAGE_OVERHEAD 8192
/* The boundary line in front of each part: CRLF, "--", a boundary of up to
 * 70 characters (RFC 2046), CRLF. */
#define MC_ATTACHMENT_BOUNDARY_OVERHEAD 76
/* How much of a file type detection looks at. */
#define MC_ATTACHMENT_SNIFF_SIZE 4096

#define MC_TYPE_ATTACHMENT (mc_attachment_get_type ())

G_DECLARE_FINAL_TYPE (McAttachment, mc_attachment, MC, ATTACHMENT, GObject)

McAttachment       *mc_attachment_new_for_size       (guint64               size);
/* Blocking (file system reads): call it from a worker thread. */
McAttachment       *mc_attachment_new_for_file       (GFile                *file,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
void                mc_attachment_new_for_file_async (GFile                *file,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
McAttachment       *mc_attachment_new_for_file_finish (GAsyncResult        *result,
                                                      GError              **error);

/* The file's name as people see it, or NULL for a byte count. */
const char         *mc_attachment_get_name           (McAttachment         *self);
guint64             mc_attachment_get_size           (McAttachment         *self);
/* Headers and base64 body of its MIME part. */
guint64             mc_attachment_get_encoded_size   (McAttachment         *self);
/* A MIME type, such as "application/pdf"; NULL for a byte count. */
const char         *mc_attachment_get_content_type   (McAttachment         *self);
McAttachmentProblem mc_attachment_get_problem        (McAttachment         *self);
/* For MC_ATTACHMENT_PROBLEM_ZIP_CONTAINS_BLOCKED: the first such name
 * inside the archive; otherwise NULL. */
const char         *mc_attachment_get_blocked_entry  (McAttachment         *self);
/* One translated sentence that says why filters refuse it, or NULL. */
char               *mc_attachment_dup_problem_text   (McAttachment         *self);

/* "blocked-type", "macro", "encrypted-zip", "zip-contains-blocked", or
 * NULL for MC_ATTACHMENT_PROBLEM_NONE (the evidence's "reason"). */
const char         *mc_attachment_problem_to_string  (McAttachmentProblem   problem);

/* The arithmetic, for any size and name. */
guint64             mc_attachment_base64_size        (guint64               size);
char               *mc_attachment_dup_part_headers   (const char           *name,
                                                      const char           *content_type);
/* The whole message: MC_ATTACHMENT_MESSAGE_OVERHEAD, and a boundary line
 * and the encoded part of each attachment. */
guint64             mc_attachment_estimate_message_size (McAttachment * const *attachments,
                                                         guint                 n_attachments);
/* Whether a file name ends in one of the extensions that mail filters
 * commonly refuse; *problem says why (may be NULL). */
gboolean            mc_attachment_name_is_blocked    (const char           *name,
                                                      McAttachmentProblem  *problem);

G_END_DECLS
