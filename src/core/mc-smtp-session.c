/* mc-smtp-session.c: one SMTP dialogue as a mail program has it: the connection, deadlines and transcript.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This file is the plumbing: connecting, reading replies and sending
 * commands under each step's deadline, the transcript, failing a step and
 * closing. What is said at each step is in mc-smtp-dialogue.c.
 *
 * The dialogue: connect, (TLS at once on an implicit-TLS port), greeting,
 * EHLO, STARTTLS and the handshake, EHLO again, AUTH, MAIL FROM and RCPT TO
 * (pipelined where offered), RSET and QUIT. Never DATA: no message is ever
 * sent. Every step has its own deadline, and the whole dialogue one more.
 * A step that fails ends the dialogue (politely, with QUIT where the
 * connection still works); the result says which step, how, and what the
 * server said. Only cancellation is an error of the session itself.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-smtp-session-private.h"

G_DEFINE_FINAL_TYPE (McSmtpSession, mc_smtp_session, G_TYPE_OBJECT)

enum {
  STEP_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
mc_smtp_step_to_string (McSmtpStep step)
{
  static const char *names[] = {
    "connect", "greeting", "ehlo", "tls", "ehlo-tls", "auth", "sender", "quit",
  };

  g_return_val_if_fail (step < MC_SMTP_N_STEPS, "?");
  return names[step];
}

static void
transcript_entry_free (McSmtpTranscriptEntry *entry)
{
  g_free (entry->text);
  g_free (entry);
}

static void
mc_smtp_session_finalize (GObject *object)
{
  McSmtpSession *self = (McSmtpSession *) object;
  McSmtpResult *r = &self->result;

  g_assert (self->task == NULL);

  for (guint i = 0; i < MC_SMTP_N_STEPS; i++)
    {
      g_clear_error (&r->steps[i].error);
      g_clear_pointer (&r->steps[i].reply, mc_smtp_reply_free);
    }
  g_free (r->connected_address);
  mc_smtp_capabilities_clear (&r->ehlo);
  mc_smtp_capabilities_clear (&r->ehlo_tls);
  g_free (r->tls_cipher);
  g_clear_object (&r->peer_certificate);
  g_free (r->auth_mechanism);
  g_clear_pointer (&r->mail_reply, mc_smtp_reply_free);
  g_clear_pointer (&r->rcpt_reply, mc_smtp_reply_free);

  g_free ((char *) self->options.host);
  g_clear_pointer (&self->options.addresses, g_ptr_array_unref);
  g_free ((char *) self->options.user);
  if (self->options.password != NULL)
    {
      explicit_bzero ((char *) self->options.password, strlen (self->options.password));
      g_free ((char *) self->options.password);
    }
  g_free ((char *) self->options.mail_from);
  g_clear_object (&self->options.extra_ca);

  g_clear_pointer (&self->transcript, g_ptr_array_unref);
  g_clear_pointer (&self->reader, mc_smtp_reader_free);
  g_clear_object (&self->stream);
  g_clear_object (&self->socket);
  g_clear_object (&self->client);
  g_free (self->out);

  G_OBJECT_CLASS (mc_smtp_session_parent_class)->finalize (object);
}

static void
mc_smtp_session_class_init (McSmtpSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_smtp_session_finalize;

  /**
   * McSmtpSession::step-done:
   * @step: the McSmtpStep that ended, well or not
   */
  signals[STEP_DONE] = g_signal_new ("step-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
mc_smtp_session_init (McSmtpSession *self)
{
  self->transcript = g_ptr_array_new_with_free_func ((GDestroyNotify) transcript_entry_free);
  self->result.failed_step = MC_SMTP_N_STEPS;
}

/* Copies the options: the caller's strings may go before the session does. */
McSmtpSession *
mc_smtp_session_new (const McSmtpOptions *options)
{
  McSmtpSession *self;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->host != NULL, NULL);
  g_return_val_if_fail (options->addresses != NULL && options->addresses->len > 0, NULL);

  self = g_object_new (MC_TYPE_SMTP_SESSION, NULL);
  self->options = *options;
  self->options.host = g_strdup (options->host);
  self->options.addresses = g_ptr_array_ref (options->addresses);
  self->options.user = g_strdup (options->user);
  self->options.password = g_strdup (options->password);
  self->options.mail_from = g_strdup (options->mail_from);
  self->options.extra_ca = options->extra_ca ? g_object_ref (options->extra_ca) : NULL;
  if (self->options.step_timeout_ms == 0)
    self->options.step_timeout_ms = 10000;
  if (self->options.overall_timeout_ms == 0)
    self->options.overall_timeout_ms = 4 * self->options.step_timeout_ms;
  return self;
}

const McSmtpResult *
mc_smtp_session_get_result (McSmtpSession *self)
{
  g_return_val_if_fail (MC_IS_SMTP_SESSION (self), NULL);
  return &self->result;
}

/* The transcript: McSmtpTranscriptEntry items, log-in secrets replaced. */
GPtrArray *
mc_smtp_session_get_transcript (McSmtpSession *self)
{
  g_return_val_if_fail (MC_IS_SMTP_SESSION (self), NULL);
  return self->transcript;
}

/* The transcript of some steps as text, one line an entry:
 * "   12 ms S: 220 mail.example.test ESMTP". */
char *
mc_smtp_session_format_transcript (McSmtpSession *self,
                                   McSmtpStep     first,
                                   McSmtpStep     last)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (MC_IS_SMTP_SESSION (self), NULL);

  for (guint i = 0; i < self->transcript->len; i++)
    {
      McSmtpTranscriptEntry *entry = g_ptr_array_index (self->transcript, i);
      const char *who = entry->kind == MC_SMTP_TRANSCRIPT_CLIENT ? "C: "
                        : entry->kind == MC_SMTP_TRANSCRIPT_SERVER ? "S: " : "";

      if (entry->step < first || entry->step > last)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%5" G_GINT64_FORMAT " ms %s%s", entry->ms, who, entry->text);
    }
  return g_string_free (out, FALSE);
}

static gint64
elapsed_ms (McSmtpSession *self)
{
  return (g_get_monotonic_time () - self->started_us) / 1000;
}

static void
add_entry (McSmtpSession        *self,
           McSmtpTranscriptKind  kind,
           char                 *text)
{
  McSmtpTranscriptEntry *entry = g_new0 (McSmtpTranscriptEntry, 1);

  entry->ms = elapsed_ms (self);
  entry->kind = kind;
  entry->step = self->step;
  entry->text = text;
  g_ptr_array_add (self->transcript, entry);
}

void
mc_smtp_session_note (McSmtpSession *self,
      const char    *format,
      ...)
{
  va_list args;

  va_start (args, format);
  add_entry (self, MC_SMTP_TRANSCRIPT_NOTE, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Server lines are recorded as received, with unprintable bytes escaped. */
void
mc_smtp_session_on_server_line (const char *line,
                gpointer    user_data)
{
  McSmtpSession *self = user_data;
  GString *text = g_string_new (NULL);

  for (const char *c = line; *c != '\0' && text->len < 300; c++)
    {
      if ((guchar) *c >= 0x20 && (guchar) *c < 0x7f)
        g_string_append_c (text, *c);
      else
        g_string_append_printf (text, "\\x%02x", (guchar) *c);
    }
  add_entry (self, MC_SMTP_TRANSCRIPT_SERVER, g_string_free (text, FALSE));
}

GCancellable *
mc_smtp_session_step_cancellable (McSmtpSession *self)
{
  return mc_deadline_get_cancellable (self->step_deadline);
}

/* Starts a step: its clock and its deadline. */
void
mc_smtp_session_begin_step (McSmtpSession *self,
            McSmtpStep     step)
{
  self->step = step;
  self->step_started_us = g_get_monotonic_time ();
  self->result.steps[step].done = TRUE;
  g_clear_pointer (&self->step_deadline, mc_deadline_free);
  self->step_deadline = mc_deadline_new (mc_deadline_get_cancellable (self->overall),
                                         self->options.step_timeout_ms);
}

void
mc_smtp_session_end_step (McSmtpSession *self)
{
  self->result.steps[self->step].ms = (g_get_monotonic_time () - self->step_started_us) / 1000;
  g_signal_emit (self, signals[STEP_DONE], 0, (guint) self->step);
}

/* Records why the current step failed and ends the dialogue. A timeout is
 * told from a cancellation by which deadline fired. */
void
mc_smtp_session_fail_step (McSmtpSession *self,
           McSmtpFailure  failure,
           GError        *error)
{
  McSmtpStepResult *step = &self->result.steps[self->step];

  if (failure == MC_SMTP_FAILURE_CANCELLED || (error != NULL &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      if (mc_deadline_parent_cancelled (self->overall))
        failure = MC_SMTP_FAILURE_CANCELLED;
      else
        failure = MC_SMTP_FAILURE_TIMEOUT;
    }

  step->failure = failure;
  g_clear_error (&step->error);
  step->error = error;
  if (self->result.failed_step == MC_SMTP_N_STEPS)
    self->result.failed_step = self->step;

  if (failure == MC_SMTP_FAILURE_TIMEOUT)
    mc_smtp_session_note (self, "no complete reply within %u ms", self->options.step_timeout_ms);
  else if (error != NULL)
    mc_smtp_session_note (self, "%s", error->message);
  mc_smtp_session_end_step (self);

  /* The connection is still usable after a reply that says no: say goodbye
   * as a mail program would. After anything else, just close. */
  if (failure == MC_SMTP_FAILURE_REPLY || failure == MC_SMTP_FAILURE_NOT_OFFERED ||
      failure == MC_SMTP_FAILURE_NO_MECHANISM || failure == MC_SMTP_FAILURE_PLAINTEXT)
    mc_smtp_dialogue_quit (self);
  else
    mc_smtp_session_finish (self);
}

/* An I/O error as a failure kind: a reset, a close, or a protocol breach. */
McSmtpFailure
mc_smtp_failure_from_error (const GError *error)
{
  if (g_error_matches (error, MC_SMTP_ERROR, MC_SMTP_ERROR_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    return MC_SMTP_FAILURE_CLOSED;
  if (error->domain == MC_SMTP_ERROR)
    return MC_SMTP_FAILURE_PROTOCOL;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED))
    return MC_SMTP_FAILURE_RESET;
  if (error->domain == G_TLS_ERROR)
    return MC_SMTP_FAILURE_TLS;
  return MC_SMTP_FAILURE_CLOSED;
}

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(McSmtpSession) self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  g_clear_pointer (&self->step_deadline, mc_deadline_free);

  if (mc_deadline_parent_cancelled (self->overall))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  else
    g_task_return_boolean (task, TRUE);
  g_clear_pointer (&self->overall, mc_deadline_free);
}

/* Closes the connection (bounded: a peer that does not read cannot hold the
 * TLS close-notify for long) and completes the run. */
void
mc_smtp_session_finish (McSmtpSession *self)
{
  GIOStream *stream = self->stream ? self->stream : G_IO_STREAM (self->socket);
  g_autoptr(GCancellable) cancellable = NULL;

  mc_smtp_session_note (self, "end of the dialogue");
  g_clear_pointer (&self->step_deadline, mc_deadline_free);
  self->step_deadline = mc_deadline_new (NULL, MIN (self->options.step_timeout_ms, 2000));

  if (stream == NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      g_clear_pointer (&self->step_deadline, mc_deadline_free);
      if (mc_deadline_parent_cancelled (self->overall))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      else
        g_task_return_boolean (task, TRUE);
      g_clear_pointer (&self->overall, mc_deadline_free);
      return;
    }

  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, mc_smtp_session_step_cancellable (self), close_cb,
                           g_object_ref (self));
}

typedef struct
{
  McSmtpSession *self;
  ReplyFunc      func;
} ReplyCall;

static void
read_reply_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ReplyCall *call = user_data;
  g_autoptr(McSmtpSession) self = call->self;
  GError *error = NULL;
  McSmtpReply *reply;

  reply = mc_smtp_reader_read_reply_finish (self->reader, result, &error);
  call->func (self, reply, error);
  g_free (call);
}

/* Reads one reply in the current step; func gets the reply or the error,
 * both owned by it. */
void
mc_smtp_session_read_reply (McSmtpSession *self,
            ReplyFunc      func)
{
  ReplyCall *call = g_new0 (ReplyCall, 1);

  call->self = g_object_ref (self);
  call->func = func;
  mc_smtp_reader_read_reply_async (self->reader, mc_smtp_session_step_cancellable (self), read_reply_cb, call);
}

typedef struct
{
  McSmtpSession *self;
  SentFunc       func;
} SendCall;

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SendCall *call = user_data;
  g_autoptr(McSmtpSession) self = call->self;
  SentFunc func = call->func;
  GError *error = NULL;

  g_free (call);
  /* The command may carry a secret (AUTH): wipe it as soon as it is out. */
  explicit_bzero (self->out, strlen (self->out));
  g_clear_pointer (&self->out, g_free);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      mc_smtp_session_fail_step (self, mc_smtp_failure_from_error (error), error);
      return;
    }
  func (self);
}

/* Sends one or more command lines (CRLF added to each). shown is what the
 * transcript records instead of the commands themselves, for secrets. */
void
mc_smtp_session_send_lines (McSmtpSession      *self,
            const char * const *lines,
            const char * const *shown,
            SentFunc            then)
{
  GString *out = g_string_new (NULL);
  GOutputStream *stream;
  SendCall *call;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_string_append (out, lines[i]);
      g_string_append (out, "\r\n");
      add_entry (self, MC_SMTP_TRANSCRIPT_CLIENT, g_strdup (shown != NULL ? shown[i] : lines[i]));
    }

  g_free (self->out);
  self->out = g_string_free (out, FALSE);
  call = g_new0 (SendCall, 1);
  call->self = g_object_ref (self);
  call->func = then;
  stream = g_io_stream_get_output_stream (self->stream);
  g_output_stream_write_all_async (stream, self->out, strlen (self->out), G_PRIORITY_DEFAULT,
                                   mc_smtp_session_step_cancellable (self), write_cb, call);
}

void
mc_smtp_session_send_line (McSmtpSession *self,
           const char    *line,
           const char    *shown,
           SentFunc       then)
{
  const char *lines[] = { line, NULL };
  const char *shown_lines[] = { shown, NULL };

  mc_smtp_session_send_lines (self, lines, shown != NULL ? shown_lines : NULL, then);
}

void
mc_smtp_session_keep_reply (McSmtpSession *self,
            McSmtpReply   *reply)
{
  McSmtpStepResult *step = &self->result.steps[self->step];

  g_clear_pointer (&step->reply, mc_smtp_reply_free);
  step->reply = reply;
}

gboolean
mc_smtp_session_is_encrypted (McSmtpSession *self)
{
  return self->result.tls_established;
}

/* --- connect ------------------------------------------------------------ */

static void try_next_address (McSmtpSession *self);

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McSmtpSession) self = user_data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      mc_smtp_session_note (self, "connect: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          self->next_address >= self->options.addresses->len)
        {
          mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_CONNECT, g_steal_pointer (&error));
          return;
        }
      try_next_address (self);
      return;
    }

  self->socket = connection;
  self->stream = G_IO_STREAM (g_object_ref (connection));
  mc_smtp_session_note (self, "connected to %s port %u", self->result.connected_address, self->options.port);
  mc_smtp_session_end_step (self);

  if (self->options.security == MC_SECURITY_TLS)
    mc_smtp_dialogue_handshake (self);
  else
    {
      self->reader = mc_smtp_reader_new (g_io_stream_get_input_stream (self->stream),
                                         mc_smtp_session_on_server_line, self);
      mc_smtp_dialogue_greeting (self);
    }
}

/* Addresses are tried in order, as mail programs do, each within the step's
 * deadline; the first that accepts is used. */
static void
try_next_address (McSmtpSession *self)
{
  GInetAddress *address = g_ptr_array_index (self->options.addresses, self->next_address++);
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new (address, self->options.port);

  g_free (self->result.connected_address);
  self->result.connected_address = g_inet_address_to_string (address);
  if (self->next_address > 1)
    mc_smtp_session_begin_step (self, MC_SMTP_STEP_CONNECT);
  g_socket_client_connect_async (self->client, G_SOCKET_CONNECTABLE (target),
                                 mc_smtp_session_step_cancellable (self), connect_cb, g_object_ref (self));
}

/* --- running ------------------------------------------------------------ */

void
mc_smtp_session_run_async (McSmtpSession       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (MC_IS_SMTP_SESSION (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, mc_smtp_session_run_async);

  self->started_us = g_get_monotonic_time ();
  self->overall = mc_deadline_new (cancellable, self->options.overall_timeout_ms);
  self->client = g_socket_client_new ();
  /* A mail program connects directly; a web proxy must not change that. */
  g_socket_client_set_enable_proxy (self->client, FALSE);

  mc_smtp_session_begin_step (self, MC_SMTP_STEP_CONNECT);
  try_next_address (self);
}

gboolean
mc_smtp_session_run_finish (McSmtpSession  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (MC_IS_SMTP_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
