/* mc-smtp-session.c: one SMTP dialogue as a mail program has it, step by step, with a transcript.
 * SPDX-License-Identifier: GPL-3.0-or-later
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

#include <glib/gi18n.h>

#include "mc-deadline.h"
#include "mc-smtp-auth.h"
#include "mc-smtp-session.h"

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

G_DEFINE_FINAL_TYPE (McSmtpSession, mc_smtp_session, G_TYPE_OBJECT)

enum {
  STEP_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void step_greeting  (McSmtpSession *self);
static void step_ehlo      (McSmtpSession *self);
static void step_starttls  (McSmtpSession *self);
static void step_handshake (McSmtpSession *self);
static void step_auth      (McSmtpSession *self);
static void step_sender    (McSmtpSession *self);
static void step_quit      (McSmtpSession *self);

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

static void G_GNUC_PRINTF (2, 3)
note (McSmtpSession *self,
      const char    *format,
      ...)
{
  va_list args;

  va_start (args, format);
  add_entry (self, MC_SMTP_TRANSCRIPT_NOTE, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Server lines are recorded as received, with unprintable bytes escaped. */
static void
on_server_line (const char *line,
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

static GCancellable *
step_cancellable (McSmtpSession *self)
{
  return mc_deadline_get_cancellable (self->step_deadline);
}

/* Starts a step: its clock and its deadline. */
static void
begin_step (McSmtpSession *self,
            McSmtpStep     step)
{
  self->step = step;
  self->step_started_us = g_get_monotonic_time ();
  self->result.steps[step].done = TRUE;
  g_clear_pointer (&self->step_deadline, mc_deadline_free);
  self->step_deadline = mc_deadline_new (mc_deadline_get_cancellable (self->overall),
                                         self->options.step_timeout_ms);
}

static void
end_step (McSmtpSession *self)
{
  self->result.steps[self->step].ms = (g_get_monotonic_time () - self->step_started_us) / 1000;
  g_signal_emit (self, signals[STEP_DONE], 0, (guint) self->step);
}

static void finish (McSmtpSession *self);

/* Records why the current step failed and ends the dialogue. A timeout is
 * told from a cancellation by which deadline fired. */
static void
fail_step (McSmtpSession *self,
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
    note (self, "no complete reply within %u ms", self->options.step_timeout_ms);
  else if (error != NULL)
    note (self, "%s", error->message);
  end_step (self);

  /* The connection is still usable after a reply that says no: say goodbye
   * as a mail program would. After anything else, just close. */
  if (failure == MC_SMTP_FAILURE_REPLY || failure == MC_SMTP_FAILURE_NOT_OFFERED ||
      failure == MC_SMTP_FAILURE_NO_MECHANISM || failure == MC_SMTP_FAILURE_PLAINTEXT)
    step_quit (self);
  else
    finish (self);
}

/* An I/O error as a failure kind: a reset, a close, or a protocol breach. */
static McSmtpFailure
failure_from_error (const GError *error)
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
static void
finish (McSmtpSession *self)
{
  GIOStream *stream = self->stream ? self->stream : G_IO_STREAM (self->socket);
  g_autoptr(GCancellable) cancellable = NULL;

  note (self, "end of the dialogue");
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

  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, step_cancellable (self), close_cb,
                           g_object_ref (self));
}

typedef void (*ReplyFunc) (McSmtpSession *self,
                           McSmtpReply   *reply,
                           GError        *error);

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
static void
read_reply (McSmtpSession *self,
            ReplyFunc      func)
{
  ReplyCall *call = g_new0 (ReplyCall, 1);

  call->self = g_object_ref (self);
  call->func = func;
  mc_smtp_reader_read_reply_async (self->reader, step_cancellable (self), read_reply_cb, call);
}

typedef void (*SentFunc) (McSmtpSession *self);

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
      fail_step (self, failure_from_error (error), error);
      return;
    }
  func (self);
}

/* Sends one or more command lines (CRLF added to each). shown is what the
 * transcript records instead of the commands themselves, for secrets. */
static void
send_lines (McSmtpSession      *self,
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
                                   step_cancellable (self), write_cb, call);
}

static void
send_line (McSmtpSession *self,
           const char    *line,
           const char    *shown,
           SentFunc       then)
{
  const char *lines[] = { line, NULL };
  const char *shown_lines[] = { shown, NULL };

  send_lines (self, lines, shown != NULL ? shown_lines : NULL, then);
}

static void
keep_reply (McSmtpSession *self,
            McSmtpReply   *reply)
{
  McSmtpStepResult *step = &self->result.steps[self->step];

  g_clear_pointer (&step->reply, mc_smtp_reply_free);
  step->reply = reply;
}

static gboolean
is_encrypted (McSmtpSession *self)
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
      note (self, "connect: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          self->next_address >= self->options.addresses->len)
        {
          fail_step (self, MC_SMTP_FAILURE_CONNECT, g_steal_pointer (&error));
          return;
        }
      try_next_address (self);
      return;
    }

  self->socket = connection;
  self->stream = G_IO_STREAM (g_object_ref (connection));
  note (self, "connected to %s port %u", self->result.connected_address, self->options.port);
  end_step (self);

  if (self->options.security == MC_SECURITY_TLS)
    step_handshake (self);
  else
    {
      self->reader = mc_smtp_reader_new (g_io_stream_get_input_stream (self->stream),
                                         on_server_line, self);
      step_greeting (self);
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
    begin_step (self, MC_SMTP_STEP_CONNECT);
  g_socket_client_connect_async (self->client, G_SOCKET_CONNECTABLE (target),
                                 step_cancellable (self), connect_cb, g_object_ref (self));
}

/* --- greeting ----------------------------------------------------------- */

static gboolean
starts_with (const char *data,
             gsize       length,
             const char *prefix)
{
  gsize n = strlen (prefix);

  return length >= n && memcmp (data, prefix, n) == 0;
}

/* Tells what kind of peer sent bytes that are not SMTP. */
static McSmtpFailure
classify_peer (McSmtpSession *self)
{
  gsize length;
  const char *first = mc_smtp_reader_get_first_bytes (self->reader, &length);

  if (starts_with (first, length, "HTTP/"))
    return MC_SMTP_FAILURE_HTTP;
  /* A TLS record (an alert or a handshake, version 3.x) in answer to our
   * plain-text line. A TLS server never speaks first, so such bytes before
   * we said anything are just garbage. */
  if (self->nudged && length >= 2 && (first[0] == 0x15 || first[0] == 0x16) && first[1] == 0x03)
    return MC_SMTP_FAILURE_TLS_EXPECTED;
  return MC_SMTP_FAILURE_PROTOCOL;
}

static void greeting_reply (McSmtpSession *self,
                            McSmtpReply   *reply,
                            GError        *error);
static void ehlo_reply     (McSmtpSession *self,
                            McSmtpReply   *reply,
                            GError        *error);

static void
nudge_sent (McSmtpSession *self)
{
  read_reply (self, greeting_reply);
}

static void
greeting_reply (McSmtpSession *self,
                McSmtpReply   *reply,
                GError        *error)
{
  if (reply == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      gboolean timed_out = cancelled && mc_deadline_expired (self->step_deadline);
      gsize received = mc_smtp_reader_get_received (self->reader);
      McSmtpFailure failure;

      if (cancelled && !timed_out)
        {
          fail_step (self, MC_SMTP_FAILURE_CANCELLED, error);
          return;
        }

      /* Nothing at all within the deadline. A web server or a TLS port says
       * nothing first either: a line of ours makes them show what they are
       * (an HTTP error, a TLS alert), on a short deadline of its own. */
      if (timed_out && received == 0 && !self->nudged)
        {
          g_error_free (error);
          self->nudged = TRUE;
          self->result.greeting_nudged = TRUE;
          note (self, "no greeting within %u ms; sending a line to see what answers",
                self->options.step_timeout_ms);
          g_clear_pointer (&self->step_deadline, mc_deadline_free);
          self->step_deadline = mc_deadline_new (mc_deadline_get_cancellable (self->overall),
                                                 MAX (1000, self->options.step_timeout_ms / 2));
          send_line (self, "EHLO localhost", NULL, nudge_sent);
          return;
        }

      self->result.greeting_received = received;
      failure = received > 0 ? classify_peer (self) : MC_SMTP_FAILURE_PROTOCOL;
      if (failure == MC_SMTP_FAILURE_HTTP || failure == MC_SMTP_FAILURE_TLS_EXPECTED)
        fail_step (self, failure, error);
      else if (error->domain == MC_SMTP_ERROR && !g_error_matches (error, MC_SMTP_ERROR, MC_SMTP_ERROR_CLOSED))
        fail_step (self, MC_SMTP_FAILURE_PROTOCOL, error);
      else if (timed_out)
        fail_step (self, MC_SMTP_FAILURE_TIMEOUT, error);
      else
        fail_step (self, failure_from_error (error), error);
      return;
    }

  keep_reply (self, reply);
  if (reply->code != 220)
    {
      fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
      return;
    }
  end_step (self);

  if (self->nudged)
    {
      /* A greeting after all, late: the line we sent was an EHLO, so its
       * reply comes next and the dialogue goes on from there. */
      note (self, "the greeting came late, after our line");
      begin_step (self, MC_SMTP_STEP_EHLO);
      read_reply (self, ehlo_reply);
      return;
    }
  step_ehlo (self);
}

static void
step_greeting (McSmtpSession *self)
{
  begin_step (self, MC_SMTP_STEP_GREETING);
  read_reply (self, greeting_reply);
}

/* --- EHLO --------------------------------------------------------------- */

static McSmtpCapabilities *
current_capabilities (McSmtpSession *self)
{
  return self->step == MC_SMTP_STEP_EHLO ? &self->result.ehlo : &self->result.ehlo_tls;
}

static void
after_ehlo (McSmtpSession *self)
{
  end_step (self);

  if (self->step == MC_SMTP_STEP_EHLO && self->options.security == MC_SECURITY_STARTTLS)
    step_starttls (self);
  else
    step_auth (self);
}

static void
helo_reply (McSmtpSession *self,
            McSmtpReply   *reply,
            GError        *error)
{
  if (reply == NULL)
    {
      fail_step (self, failure_from_error (error), error);
      return;
    }
  if (reply->code != 250)
    {
      keep_reply (self, reply);
      fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
      return;
    }
  mc_smtp_reply_free (reply);
  self->result.used_helo = TRUE;
  current_capabilities (self)->offered = FALSE;
  after_ehlo (self);
}

static void
helo_sent (McSmtpSession *self)
{
  read_reply (self, helo_reply);
}

/* The name we greet with: our own address as a literal, which is always
 * valid syntax and is what many mail programs send. */
static char *
greeting_name (McSmtpSession *self)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (self->socket, NULL);
  g_autofree char *text = NULL;
  GInetAddress *address;

  if (local == NULL || !G_IS_INET_SOCKET_ADDRESS (local))
    return g_strdup ("localhost");
  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  text = g_inet_address_to_string (address);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[IPv6:%s]", text);
  return g_strdup_printf ("[%s]", text);
}

static void
ehlo_reply (McSmtpSession *self,
            McSmtpReply   *reply,
            GError        *error)
{
  if (reply == NULL)
    {
      fail_step (self, failure_from_error (error), error);
      return;
    }

  if (reply->code == 250)
    {
      mc_smtp_capabilities_parse (current_capabilities (self), reply);
      keep_reply (self, reply);
      after_ehlo (self);
      return;
    }

  keep_reply (self, reply);
  /* Old servers know only HELO: then there are no extensions at all. */
  if (reply->code >= 500 && reply->code <= 504)
    {
      g_autofree char *name = greeting_name (self);
      g_autofree char *line = g_strdup_printf ("HELO %s", name);

      send_line (self, line, NULL, helo_sent);
      return;
    }
  fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
}

static void
ehlo_sent (McSmtpSession *self)
{
  read_reply (self, ehlo_reply);
}

static void
step_ehlo (McSmtpSession *self)
{
  g_autofree char *name = greeting_name (self);
  g_autofree char *line = g_strdup_printf ("EHLO %s", name);

  begin_step (self, is_encrypted (self) ? MC_SMTP_STEP_EHLO_TLS : MC_SMTP_STEP_EHLO);
  send_line (self, line, NULL, ehlo_sent);
}

/* --- TLS ---------------------------------------------------------------- */

/* A certificate the system does not trust may still be one the user told us
 * to trust (--ca-file): then it must verify completely against that CA. */
static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       McSmtpSession        *self)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  GTlsCertificateFlags extra_errors;

  self->result.certificate_errors = errors;
  if (self->options.extra_ca == NULL)
    return FALSE;

  identity = g_network_address_new (self->options.host, self->options.port);
  extra_errors = g_tls_database_verify_chain (self->options.extra_ca, certificate,
                                              G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                              identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                              NULL, NULL);
  /* Judge by the CA the user gave: "unknown authority" from the system's
   * view says nothing when the user's CA explains more. */
  self->result.certificate_errors = extra_errors;
  self->result.trusted_by_extra_ca = extra_errors == 0;
  return extra_errors == 0;
}

static void
record_tls (McSmtpSession *self)
{
  GTlsConnection *tls = G_TLS_CONNECTION (self->stream);
  GTlsCertificate *certificate = g_tls_connection_get_peer_certificate (tls);

  g_set_object (&self->result.peer_certificate, certificate);
  self->result.tls_version = g_tls_connection_get_protocol_version (tls);
  g_free (self->result.tls_cipher);
  self->result.tls_cipher = g_tls_connection_get_ciphersuite_name (tls);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McSmtpSession) self = user_data;
  GError *error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      GTlsCertificate *certificate = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (source));

      /* The certificate and its errors are known even after a refusal. */
      g_set_object (&self->result.peer_certificate, certificate);
      if (self->result.certificate_errors == 0)
        self->result.certificate_errors =
          g_tls_connection_get_peer_certificate_errors (G_TLS_CONNECTION (source));
      fail_step (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                       ? MC_SMTP_FAILURE_TIMEOUT : MC_SMTP_FAILURE_TLS, error);
      return;
    }

  self->result.tls_established = TRUE;
  record_tls (self);
  note (self, "TLS established");
  end_step (self);

  /* A new reader: nothing read before the handshake may ever be taken as
   * part of the encrypted conversation. */
  g_clear_pointer (&self->reader, mc_smtp_reader_free);
  self->reader = mc_smtp_reader_new (g_io_stream_get_input_stream (self->stream),
                                     on_server_line, self);

  if (self->options.security == MC_SECURITY_TLS)
    step_greeting (self);
  else
    step_ehlo (self);
}

static void
step_handshake (McSmtpSession *self)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  GError *error = NULL;
  GIOStream *tls;

  if (self->step != MC_SMTP_STEP_TLS)
    begin_step (self, MC_SMTP_STEP_TLS);

  /* The configured name is the identity to check, never the address. */
  identity = g_network_address_new (self->options.host, self->options.port);
  tls = g_tls_client_connection_new (G_IO_STREAM (self->socket), identity, &error);
  if (tls == NULL)
    {
      fail_step (self, MC_SMTP_FAILURE_TLS, error);
      return;
    }
  g_signal_connect_object (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), self, 0);
  g_set_object (&self->stream, tls);
  g_object_unref (tls);

  note (self, "TLS handshake");
  g_tls_connection_handshake_async (G_TLS_CONNECTION (self->stream), G_PRIORITY_DEFAULT,
                                    step_cancellable (self), handshake_cb, g_object_ref (self));
}

static void
starttls_reply (McSmtpSession *self,
                McSmtpReply   *reply,
                GError        *error)
{
  if (reply == NULL)
    {
      fail_step (self, failure_from_error (error), error);
      return;
    }
  keep_reply (self, reply);
  if (reply->code != 220)
    {
      fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
      return;
    }

  /* Bytes after "ready to start TLS" and before the handshake were sent in
   * the clear by someone: taking them as the encrypted server's words is the
   * STARTTLS command-injection attack. Stop here. */
  if (mc_smtp_reader_get_buffered (self->reader) > 0)
    {
      fail_step (self, MC_SMTP_FAILURE_INJECTION,
                 g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                              /* Translators: %u is a number of bytes (at most a few thousand). */
                              _("%u bytes of plain text came after the server's “ready to start TLS”"),
                              (guint) mc_smtp_reader_get_buffered (self->reader)));
      return;
    }
  step_handshake (self);
}

static void
starttls_sent (McSmtpSession *self)
{
  read_reply (self, starttls_reply);
}

static void
step_starttls (McSmtpSession *self)
{
  begin_step (self, MC_SMTP_STEP_TLS);
  if (!self->result.ehlo.starttls)
    {
      note (self, "STARTTLS is not offered");
      fail_step (self, MC_SMTP_FAILURE_NOT_OFFERED, NULL);
      return;
    }
  send_line (self, "STARTTLS", NULL, starttls_sent);
}

/* --- AUTH --------------------------------------------------------------- */

static const char *
login_user (McSmtpSession *self)
{
  return self->options.user != NULL ? self->options.user : self->options.mail_from;
}

static void auth_reply (McSmtpSession *self, McSmtpReply *reply, GError *error);

static void
auth_sent (McSmtpSession *self)
{
  read_reply (self, auth_reply);
}

static void
auth_challenge_reply (McSmtpSession *self,
                      McSmtpReply   *reply,
                      GError        *error);

static void
auth_challenge_sent (McSmtpSession *self)
{
  read_reply (self, auth_challenge_reply);
}

/* One answer to a 334 challenge, by mechanism; the transcript shows only
 * that something was sent. */
static void
auth_challenge_reply (McSmtpSession *self,
                      McSmtpReply   *reply,
                      GError        *error)
{
  const char *mechanism = self->result.auth_mechanism;
  g_autoptr(McSecret) answer = NULL;

  if (reply == NULL)
    {
      fail_step (self, failure_from_error (error), error);
      return;
    }
  if (reply->code != 334)
    {
      auth_reply (self, reply, NULL);
      return;
    }

  if (g_str_equal (mechanism, "LOGIN"))
    {
      gboolean asks_user = FALSE;

      answer = mc_smtp_auth_login_answer (reply->lines[0], login_user (self),
                                          self->options.password, &asks_user);
      mc_smtp_reply_free (reply);
      send_line (self, answer, asks_user ? "<user name>" : "<password>",
                 asks_user ? auth_challenge_sent : auth_sent);
      return;
    }

  answer = mc_smtp_auth_cram_md5 (reply->lines[0], login_user (self), self->options.password);
  mc_smtp_reply_free (reply);
  send_line (self, answer, "<user name and digest>", auth_sent);
}

static void
auth_reply (McSmtpSession *self,
            McSmtpReply   *reply,
            GError        *error)
{
  if (reply == NULL)
    {
      fail_step (self, failure_from_error (error), error);
      return;
    }
  keep_reply (self, reply);
  if (reply->code != 235)
    {
      fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
      return;
    }
  end_step (self);
  step_sender (self);
}

static void
step_auth (McSmtpSession *self)
{
  McSmtpCapabilities *caps = is_encrypted (self) ? &self->result.ehlo_tls : &self->result.ehlo;
  const char *mechanism;

  begin_step (self, MC_SMTP_STEP_AUTH);

  if (self->options.password == NULL)
    {
      self->result.steps[MC_SMTP_STEP_AUTH].failure = MC_SMTP_FAILURE_NO_PASSWORD;
      end_step (self);
      step_sender (self);
      return;
    }
  if (caps->auth == NULL)
    {
      fail_step (self, MC_SMTP_FAILURE_NOT_OFFERED, NULL);
      return;
    }
  /* The rule that matters most: no password over a connection that is not
   * encrypted, unless the user said so. */
  if (!is_encrypted (self) && !self->options.allow_plaintext_auth)
    {
      note (self, "not sending the password: the connection is not encrypted");
      fail_step (self, MC_SMTP_FAILURE_PLAINTEXT, NULL);
      return;
    }
  mechanism = mc_smtp_auth_choose ((const char * const *) caps->auth);
  if (mechanism == NULL)
    {
      fail_step (self, MC_SMTP_FAILURE_NO_MECHANISM, NULL);
      return;
    }

  self->result.auth_mechanism = g_strdup (mechanism);
  if (g_str_equal (mechanism, "PLAIN"))
    {
      g_autoptr(McSecret) encoded = mc_smtp_auth_plain (login_user (self), self->options.password);
      g_autoptr(McSecret) line = g_strdup_printf ("AUTH PLAIN %s", encoded);

      send_line (self, line, "AUTH PLAIN <user name and password>", auth_sent);
    }
  else
    {
      g_autofree char *line = g_strdup_printf ("AUTH %s", mechanism);

      send_line (self, line, NULL, auth_challenge_sent);
    }
}

/* --- MAIL FROM, RCPT TO ------------------------------------------------- */

static void rcpt_sent (McSmtpSession *self);

static void
rcpt_reply (McSmtpSession *self,
            McSmtpReply   *reply,
            GError        *error)
{
  if (reply == NULL)
    {
      fail_step (self, failure_from_error (error), error);
      return;
    }
  self->result.rcpt_reply = reply;
  if (self->result.mail_reply->code != 250 || (reply->code != 250 && reply->code != 251))
    {
      fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
      return;
    }
  end_step (self);
  step_quit (self);
}

static void
mail_reply (McSmtpSession *self,
            McSmtpReply   *reply,
            GError        *error)
{
  McSmtpCapabilities *caps = is_encrypted (self) ? &self->result.ehlo_tls : &self->result.ehlo;

  if (reply == NULL)
    {
      fail_step (self, failure_from_error (error), error);
      return;
    }
  self->result.mail_reply = reply;

  if (caps->pipelining)
    {
      /* RCPT went out with MAIL: its reply comes whatever MAIL's was. */
      read_reply (self, rcpt_reply);
      return;
    }
  if (reply->code != 250)
    {
      fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
      return;
    }
  {
    g_autofree char *line = g_strdup_printf ("RCPT TO:<%s>", self->options.mail_from);

    send_line (self, line, NULL, rcpt_sent);
  }
}

static void
rcpt_sent (McSmtpSession *self)
{
  read_reply (self, rcpt_reply);
}

static void
mail_sent (McSmtpSession *self)
{
  read_reply (self, mail_reply);
}

/* The sender check: MAIL FROM with the account's address, then RCPT TO the
 * same address, because many servers (Postfix among them) apply their
 * sender rules only at RCPT. DATA never follows. */
static void
step_sender (McSmtpSession *self)
{
  McSmtpCapabilities *caps = is_encrypted (self) ? &self->result.ehlo_tls : &self->result.ehlo;
  g_autofree char *mail = NULL;
  g_autofree char *rcpt = NULL;

  begin_step (self, MC_SMTP_STEP_SENDER);
  if (self->options.mail_from == NULL)
    {
      end_step (self);
      step_quit (self);
      return;
    }

  if (caps->size_offered && self->options.size_hint > 0)
    mail = g_strdup_printf ("MAIL FROM:<%s> SIZE=%" G_GINT64_FORMAT, self->options.mail_from,
                            self->options.size_hint);
  else
    mail = g_strdup_printf ("MAIL FROM:<%s>", self->options.mail_from);
  rcpt = g_strdup_printf ("RCPT TO:<%s>", self->options.mail_from);

  if (caps->pipelining)
    {
      const char *lines[] = { mail, rcpt, NULL };

      send_lines (self, lines, NULL, mail_sent);
    }
  else
    send_line (self, mail, NULL, mail_sent);
}

/* --- RSET, QUIT --------------------------------------------------------- */

static void
quit_reply (McSmtpSession *self,
            McSmtpReply   *reply,
            GError        *error)
{
  /* Goodbyes are best effort: a server may close without answering. */
  g_clear_error (&error);
  mc_smtp_reply_free (reply);
  if (reply != NULL && --self->pending_replies > 0)
    {
      read_reply (self, quit_reply);
      return;
    }
  end_step (self);
  finish (self);
}

static void
quit_sent (McSmtpSession *self)
{
  read_reply (self, quit_reply);
}

static void
step_quit (McSmtpSession *self)
{
  McSmtpCapabilities *caps = is_encrypted (self) ? &self->result.ehlo_tls : &self->result.ehlo;

  begin_step (self, MC_SMTP_STEP_QUIT);
  if (caps->pipelining && self->result.steps[MC_SMTP_STEP_SENDER].done)
    {
      const char *lines[] = { "RSET", "QUIT", NULL };

      self->pending_replies = 2;
      send_lines (self, lines, NULL, quit_sent);
    }
  else
    {
      self->pending_replies = 1;
      send_line (self, "QUIT", NULL, quit_sent);
    }
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

  begin_step (self, MC_SMTP_STEP_CONNECT);
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
