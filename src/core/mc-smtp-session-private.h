/* mc-smtp-session-private.h: what the SMTP session's plumbing and its dialogue steps share (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-deadline.h"
#include "mc-smtp-session.h"

G_BEGIN_DECLS

struct _McSmtpSession
{
  GObject            parent_instance;

  McSmtpOptions      options;      /* strings and objects owned by the session */
  McSmtpResult       result;
  GPtrArray         *transcript;   /* McSmtpTranscriptEntry */

  GTask             *task;
  McDeadline        *overall;
  McDeadline        *step_deadline;
  McSmtpStep         step;
  gint64             started_us;
  gint64             step_started_us;

  GSocketClient     *client;
  GSocketConnection *socket;
  GIOStream         *stream;       /* the socket, or the TLS connection over it */
  McSmtpReader      *reader;
  char              *out;          /* what is being written */
  guint              next_address;
  guint              pending_replies;
  gboolean           nudged;
};

typedef void (*ReplyFunc) (McSmtpSession *self,
                           McSmtpReply   *reply,
                           GError        *error);

typedef void (*SentFunc) (McSmtpSession *self);

GCancellable  *mc_smtp_session_step_cancellable (McSmtpSession        *self);
void           mc_smtp_session_note            (McSmtpSession        *self,
                                                const char           *format,
                                                ...) G_GNUC_PRINTF (2, 3);
void           mc_smtp_session_on_server_line  (const char           *line,
                                                gpointer              user_data);
void           mc_smtp_session_begin_step      (McSmtpSession        *self,
                                                McSmtpStep            step);
void           mc_smtp_session_end_step        (McSmtpSession        *self);
void           mc_smtp_session_fail_step       (McSmtpSession        *self,
                                                McSmtpFailure         failure,
                                                GError               *error);
McSmtpFailure  mc_smtp_failure_from_error      (const GError         *error);
void           mc_smtp_session_finish          (McSmtpSession        *self);
void           mc_smtp_session_read_reply      (McSmtpSession        *self,
                                                ReplyFunc             func);
void           mc_smtp_session_send_lines      (McSmtpSession        *self,
                                                const char * const   *lines,
                                                const char * const   *shown,
                                                SentFunc              then);
void           mc_smtp_session_send_line       (McSmtpSession        *self,
                                                const char           *line,
                                                const char           *shown,
                                                SentFunc              then);
void           mc_smtp_session_keep_reply      (McSmtpSession        *self,
                                                McSmtpReply          *reply);
gboolean       mc_smtp_session_is_encrypted    (McSmtpSession        *self);

/* The dialogue's steps that the plumbing starts (mc-smtp-dialogue.c). */
void           mc_smtp_dialogue_greeting       (McSmtpSession        *self);
void           mc_smtp_dialogue_handshake      (McSmtpSession        *self);
void           mc_smtp_dialogue_quit           (McSmtpSession        *self);

G_END_DECLS
