/* mc-smtp-reply.h: SMTP replies (RFC 5321), and a reader that reads them with bounded memory.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* RFC 5321 allows 512 bytes a reply line; real servers exceed it a little.
 * Past these bounds the peer is not a mail server we can talk to. */
#define MC_SMTP_MAX_LINE  4096
#define MC_SMTP_MAX_REPLY 65536

#define MC_SMTP_ERROR (mc_smtp_error_quark ())

typedef enum
{
  MC_SMTP_ERROR_CLOSED,             /* the server closed the connection */
  MC_SMTP_ERROR_LINE_TOO_LONG,      /* a line longer than MC_SMTP_MAX_LINE */
  MC_SMTP_ERROR_REPLY_TOO_LONG,     /* a reply longer than MC_SMTP_MAX_REPLY */
  MC_SMTP_ERROR_BAD_REPLY,          /* a line that is not "NNN text" or "NNN-text" */
  MC_SMTP_ERROR_INCONSISTENT_REPLY, /* the lines of one reply have different codes */
} McSmtpError;

GQuark mc_smtp_error_quark (void);

typedef struct
{
  int    code;       /* 200–599 */
  char  *enhanced;   /* "5.7.1" (RFC 3463), or NULL */
  GStrv  lines;      /* the text of each line, after "NNN " or "NNN-" */
} McSmtpReply;

McSmtpReply *mc_smtp_reply_new_from_lines (const char * const *lines,
                                           GError            **error);
void         mc_smtp_reply_free           (McSmtpReply        *reply);
char        *mc_smtp_reply_to_string      (const McSmtpReply  *reply);
char        *mc_smtp_reply_get_text       (const McSmtpReply  *reply);
gboolean     mc_smtp_reply_parse_line     (const char         *line,
                                           int                *code,
                                           gboolean           *last,
                                           const char        **text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSmtpReply, mc_smtp_reply_free)

typedef struct
{
  gboolean  offered;       /* an EHLO reply was received */
  gboolean  starttls;
  gboolean  pipelining;
  gboolean  size_offered;
  gint64    size_limit;    /* 0: SIZE without a number, i.e. no fixed limit */
  GStrv     auth;          /* mechanisms, upper case; NULL when AUTH is not offered */
  char     *client_ip;     /* the address in "Hello [203.0.113.5]", if any */
} McSmtpCapabilities;

void         mc_smtp_capabilities_parse   (McSmtpCapabilities *caps,
                                           const McSmtpReply  *reply);
void         mc_smtp_capabilities_clear   (McSmtpCapabilities *caps);

/* Reads replies from a stream. Memory stays bounded whatever the peer sends:
 * one buffer of MC_SMTP_MAX_LINE bytes and at most MC_SMTP_MAX_REPLY bytes of
 * reply lines. Each line read is passed to the line callback (for the
 * transcript) before it is parsed. */
typedef struct _McSmtpReader McSmtpReader;

typedef void (*McSmtpLineFunc) (const char *line,
                                gpointer    user_data);

McSmtpReader *mc_smtp_reader_new              (GInputStream         *stream,
                                               McSmtpLineFunc        line_func,
                                               gpointer              user_data);
void          mc_smtp_reader_free             (McSmtpReader         *reader);
void          mc_smtp_reader_read_reply_async (McSmtpReader         *reader,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
McSmtpReply  *mc_smtp_reader_read_reply_finish (McSmtpReader        *reader,
                                                GAsyncResult        *result,
                                                GError             **error);
gsize         mc_smtp_reader_get_buffered     (McSmtpReader         *reader);
gsize         mc_smtp_reader_get_received     (McSmtpReader         *reader);
const char   *mc_smtp_reader_get_first_bytes  (McSmtpReader         *reader,
                                               gsize                *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSmtpReader, mc_smtp_reader_free)

G_END_DECLS
