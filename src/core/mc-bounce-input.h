/* mc-bounce-input.h: what an explainer input holds: a returned message read with GMime, or pasted text (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading is kept apart from judging: this part only turns the bytes into
 * UTF-8 text and the fields of the delivery-status part (RFC 3464), so
 * that mc-explain.c works on the same shape whether the person pasted a
 * line from a dialog or saved a whole bounce. The input is treated as
 * hostile: every size, depth and count is bounded.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Most human-readable text kept, in bytes of UTF-8: bounces explain
 * themselves in their first few kilobytes, and everything after that is the
 * returned message or noise. */
#define MC_BOUNCE_MAX_TEXT (1024 * 1024)
/* Most recipients read from delivery-status parts. */
#define MC_BOUNCE_MAX_RECIPIENTS 64

/* One per-recipient block of a delivery-status part. */
typedef struct
{
  char *final_recipient;     /* the address alone, or NULL */
  char *original_recipient;  /* the address alone, or NULL */
  char *action;              /* "failed", "delayed", … in lower case, or NULL */
  char *status;              /* "5.1.1" as given, or NULL */
  char *remote_mta;          /* a host name or address alone, or NULL */
  char *diagnostic;          /* "550 5.1.1 …", the type ("smtp;") removed, unfolded */
} McBounceRecipient;

typedef struct
{
  gboolean   is_message;     /* the input had a header and was read as a message */
  char      *subject;        /* decoded, or NULL */
  char      *text;           /* the human-readable text in UTF-8, never NULL */
  GPtrArray *recipients;     /* of McBounceRecipient, in the order found */
  GPtrArray *failed_header;  /* of char *: the addresses of X-Failed-Recipients (Exim) */
} McBounceInput;

McBounceInput *mc_bounce_input_read (const char    *data,
                                     gsize          length);
void           mc_bounce_input_free (McBounceInput *input);

/* Converts bytes in the given charset (or NULL: UTF-8 if valid, else the
 * Japanese charsets are tried, ISO-2022-JP recognised by its escapes) to
 * valid UTF-8 without NUL bytes, with GMime's converters. */
char          *mc_bounce_text_to_utf8 (const char  *bytes,
                                       gsize        length,
                                       const char  *charset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McBounceInput, mc_bounce_input_free)

G_END_DECLS
