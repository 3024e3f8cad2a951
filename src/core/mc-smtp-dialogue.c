/* mc-smtp-dialogue.c: what is said in an SMTP dialogue: greeting, EHLO, STARTTLS, AUTH, MAIL/RCPT, QUIT.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step sends its commands and reads its replies through the session's
 * plumbing (mc-smtp-session.c), which keeps the transcript, the deadlines
 * and the connection. A step ends with mc_smtp_session_end_step () and
 * starts the next, or fails with mc_smtp_session_fail_step ().
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-smtp-auth.h"
#include "mc-smtp-session-private.h"

static void step_ehlo      (McSmtpSession *self);
static void step_starttls  (McSmtpSession *self);
static void step_auth      (McSmtpSession *self);
static void step_sender    (McSmtpSession *self);

/* The usual end of a step's reply: kept as the step's, and the step fails
 * unless it carries the code that lets the dialogue go on. */
static gboolean
expect_reply (McSmtpSession *self,
              McSmtpReply   *reply,
              GError        *error,
              int            code)
{
  if (reply == NULL)
    {
      mc_smtp_session_fail_step (self, mc_smtp_failure_from_error (error), error);
      return FALSE;
    }
  mc_smtp_session_keep_reply (self, reply);
  if (reply->code != code)
    {
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
      return FALSE;
    }
  return TRUE;
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
  mc_smtp_session_read_reply (self, greeting_reply);
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
          mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_CANCELLED, error);
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
          mc_smtp_session_note (self, "no greeting within %u ms; sending a line to see what answers",
                self->options.step_timeout_ms);
          g_clear_pointer (&self->step_deadline, mc_deadline_free);
          self->step_deadline = mc_deadline_new (mc_deadline_get_cancellable (self->overall),
                                                 MAX (1000, self->options.step_timeout_ms / 2));
          mc_smtp_session_send_line (self, "EHLO localhost", NULL, nudge_sent);
          return;
        }

      self->result.greeting_received = received;
      failure = received > 0 ? classify_peer (self) : MC_SMTP_FAILURE_PROTOCOL;
      if (failure == MC_SMTP_FAILURE_HTTP || failure == MC_SMTP_FAILURE_TLS_EXPECTED)
        mc_smtp_session_fail_step (self, failure, error);
      else if (error->domain == MC_SMTP_ERROR && !g_error_matches (error, MC_SMTP_ERROR, MC_SMTP_ERROR_CLOSED))
        mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_PROTOCOL, error);
      else if (timed_out)
        mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_TIMEOUT, error);
      else
        mc_smtp_session_fail_step (self, mc_smtp_failure_from_error (error), error);
      return;
    }

  mc_smtp_session_keep_reply (self, reply);
  if (reply->code != 220)
    {
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
      return;
    }
  mc_smtp_session_end_step (self);

  if (self->nudged)
    {
      /* A greeting after all, late: the line we sent was an EHLO, so its
       * reply comes next and the dialogue goes on from there. */
      mc_smtp_session_note (self, "the greeting came late, after our line");
      mc_smtp_session_begin_step (self, MC_SMTP_STEP_EHLO);
      mc_smtp_session_read_reply (self, ehlo_reply);
      return;
    }
  step_ehlo (self);
}

void
mc_smtp_dialogue_greeting (McSmtpSession *self)
{
  mc_smtp_session_begin_step (self, MC_SMTP_STEP_GREETING);
  mc_smtp_session_read_reply (self, greeting_reply);
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
  mc_smtp_session_end_step (self);

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
      mc_smtp_session_fail_step (self, mc_smtp_failure_from_error (error), error);
      return;
    }
  if (reply->code != 250)
    {
      mc_smtp_session_keep_reply (self, reply);
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
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
  mc_smtp_session_read_reply (self, helo_reply);
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
      mc_smtp_session_fail_step (self, mc_smtp_failure_from_error (error), error);
      return;
    }

  if (reply->code == 250)
    {
      mc_smtp_capabilities_parse (current_capabilities (self), reply);
      mc_smtp_session_keep_reply (self, reply);
      after_ehlo (self);
      return;
    }

  mc_smtp_session_keep_reply (self, reply);
  /* Old servers know only HELO: then there are no extensions at all. */
  if (reply->code >= 500 && reply->code <= 504)
    {
      g_autofree char *name = greeting_name (self);
      g_autofree char *line = g_strdup_printf ("HELO %s", name);

      mc_smtp_session_send_line (self, line, NULL, helo_sent);
      return;
    }
  mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
}

static void
ehlo_sent (McSmtpSession *self)
{
  mc_smtp_session_read_reply (self, ehlo_reply);
}

static void
step_ehlo (McSmtpSession *self)
{
  g_autofree char *name = greeting_name (self);
  g_autofree char *line = g_strdup_printf ("EHLO %s", name);

  mc_smtp_session_begin_step (self, mc_smtp_session_is_encrypted (self) ? MC_SMTP_STEP_EHLO_TLS : MC_SMTP_STEP_EHLO);
  mc_smtp_session_send_line (self, line, NULL, ehlo_sent);
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
      mc_smtp_session_fail_step (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                       ? MC_SMTP_FAILURE_TIMEOUT : MC_SMTP_FAILURE_TLS, error);
      return;
    }

  self->result.tls_established = TRUE;
  record_tls (self);
  mc_smtp_session_note (self, "TLS established");
  mc_smtp_session_end_step (self);

  /* A new reader: nothing read before the handshake may ever be taken as
   * part of the encrypted conversation. */
  g_clear_pointer (&self->reader, mc_smtp_reader_free);
  self->reader = mc_smtp_reader_new (g_io_stream_get_input_stream (self->stream),
                                     mc_smtp_session_on_server_line, self);

  if (self->options.security == MC_SECURITY_TLS)
    mc_smtp_dialogue_greeting (self);
  else
    step_ehlo (self);
}

void
mc_smtp_dialogue_handshake (McSmtpSession *self)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  GError *error = NULL;
  GIOStream *tls;

  if (self->step != MC_SMTP_STEP_TLS)
    mc_smtp_session_begin_step (self, MC_SMTP_STEP_TLS);

  /* The configured name is the identity to check, never the address. */
  identity = g_network_address_new (self->options.host, self->options.port);
  tls = g_tls_client_connection_new (G_IO_STREAM (self->socket), identity, &error);
  if (tls == NULL)
    {
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_TLS, error);
      return;
    }
  g_signal_connect_object (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), self, 0);
  g_set_object (&self->stream, tls);
  g_object_unref (tls);

  mc_smtp_session_note (self, "TLS handshake");
  g_tls_connection_handshake_async (G_TLS_CONNECTION (self->stream), G_PRIORITY_DEFAULT,
                                    mc_smtp_session_step_cancellable (self), handshake_cb, g_object_ref (self));
}

static void
starttls_reply (McSmtpSession *self,
                McSmtpReply   *reply,
                GError        *error)
{
  if (!expect_reply (self, reply, error, 220))
    return;

  /* Bytes after "ready to start TLS" and before the handshake were sent in
   * the clear by someone: taking them as the encrypted server's words is the
   * STARTTLS command-injection attack. Stop here. */
  if (mc_smtp_reader_get_buffered (self->reader) > 0)
    {
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_INJECTION,
                 g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                              /* Translators: %u is a number of bytes (at most a few thousand). */
                              _("%u bytes of plain text came after the server's “ready to start TLS”"),
                              (guint) mc_smtp_reader_get_buffered (self->reader)));
      return;
    }
  mc_smtp_dialogue_handshake (self);
}

static void
starttls_sent (McSmtpSession *self)
{
  mc_smtp_session_read_reply (self, starttls_reply);
}

static void
step_starttls (McSmtpSession *self)
{
  mc_smtp_session_begin_step (self, MC_SMTP_STEP_TLS);
  if (!self->result.ehlo.starttls)
    {
      mc_smtp_session_note (self, "STARTTLS is not offered");
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_NOT_OFFERED, NULL);
      return;
    }
  mc_smtp_session_send_line (self, "STARTTLS", NULL, starttls_sent);
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
  mc_smtp_session_read_reply (self, auth_reply);
}

static void
auth_challenge_reply (McSmtpSession *self,
                      McSmtpReply   *reply,
                      GError        *error);

static void
auth_challenge_sent (McSmtpSession *self)
{
  mc_smtp_session_read_reply (self, auth_challenge_reply);
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
      mc_smtp_session_fail_step (self, mc_smtp_failure_from_error (error), error);
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
      mc_smtp_session_send_line (self, answer, asks_user ? "<user name>" : "<password>",
                 asks_user ? auth_challenge_sent : auth_sent);
      return;
    }

  answer = mc_smtp_auth_cram_md5 (reply->lines[0], login_user (self), self->options.password);
  mc_smtp_reply_free (reply);
  mc_smtp_session_send_line (self, answer, "<user name and digest>", auth_sent);
}

static void
auth_reply (McSmtpSession *self,
            McSmtpReply   *reply,
            GError        *error)
{
  if (!expect_reply (self, reply, error, 235))
    return;
  mc_smtp_session_end_step (self);
  step_sender (self);
}

static void
step_auth (McSmtpSession *self)
{
  McSmtpCapabilities *caps = mc_smtp_session_is_encrypted (self) ? &self->result.ehlo_tls : &self->result.ehlo;
  const char *mechanism;

  mc_smtp_session_begin_step (self, MC_SMTP_STEP_AUTH);

  if (self->options.password == NULL)
    {
      self->result.steps[MC_SMTP_STEP_AUTH].failure = MC_SMTP_FAILURE_NO_PASSWORD;
      mc_smtp_session_end_step (self);
      step_sender (self);
      return;
    }
  if (caps->auth == NULL)
    {
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_NOT_OFFERED, NULL);
      return;
    }
  /* The rule that matters most: no password over a connection that is not
   * encrypted, unless the user said so. */
  if (!mc_smtp_session_is_encrypted (self) && !self->options.allow_plaintext_auth)
    {
      mc_smtp_session_note (self, "not sending the password: the connection is not encrypted");
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_PLAINTEXT, NULL);
      return;
    }
  mechanism = mc_smtp_auth_choose ((const char * const *) caps->auth);
  if (mechanism == NULL)
    {
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_NO_MECHANISM, NULL);
      return;
    }

  self->result.auth_mechanism = g_strdup (mechanism);
  if (g_str_equal (mechanism, "PLAIN"))
    {
      g_autoptr(McSecret) encoded = mc_smtp_auth_plain (login_user (self), self->options.password);
      g_autoptr(McSecret) line = g_strdup_printf ("AUTH PLAIN %s", encoded);

      mc_smtp_session_send_line (self, line, "AUTH PLAIN <user name and password>", auth_sent);
    }
  else
    {
      g_autofree char *line = g_strdup_printf ("AUTH %s", mechanism);

      mc_smtp_session_send_line (self, line, NULL, auth_challenge_sent);
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
      mc_smtp_session_fail_step (self, mc_smtp_failure_from_error (error), error);
      return;
    }
  self->result.rcpt_reply = reply;
  if (self->result.mail_reply->code != 250 || (reply->code != 250 && reply->code != 251))
    {
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
      return;
    }
  mc_smtp_session_end_step (self);
  mc_smtp_dialogue_quit (self);
}

static void
mail_reply (McSmtpSession *self,
            McSmtpReply   *reply,
            GError        *error)
{
  McSmtpCapabilities *caps = mc_smtp_session_is_encrypted (self) ? &self->result.ehlo_tls : &self->result.ehlo;

  if (reply == NULL)
    {
      mc_smtp_session_fail_step (self, mc_smtp_failure_from_error (error), error);
      return;
    }
  self->result.mail_reply = reply;

  if (caps->pipelining)
    {
      /* RCPT went out with MAIL: its reply comes whatever MAIL's was. */
      mc_smtp_session_read_reply (self, rcpt_reply);
      return;
    }
  if (reply->code != 250)
    {
      mc_smtp_session_fail_step (self, MC_SMTP_FAILURE_REPLY, NULL);
      return;
    }
  {
    g_autofree char *line = g_strdup_printf ("RCPT TO:<%s>", self->options.mail_from);

    mc_smtp_session_send_line (self, line, NULL, rcpt_sent);
  }
}

static void
rcpt_sent (McSmtpSession *self)
{
  mc_smtp_session_read_reply (self, rcpt_reply);
}

static void
mail_sent (McSmtpSession *self)
{
  mc_smtp_session_read_reply (self, mail_reply);
}

/* The sender check: MAIL FROM with the account's address, then RCPT TO the
 * same address, because many servers (Postfix among them) apply their
 * sender rules only at RCPT. DATA never follows. */
static void
step_sender (McSmtpSession *self)
{
  McSmtpCapabilities *caps = mc_smtp_session_is_encrypted (self) ? &self->result.ehlo_tls : &self->result.ehlo;
  g_autofree char *mail = NULL;
  g_autofree char *rcpt = NULL;

  mc_smtp_session_begin_step (self, MC_SMTP_STEP_SENDER);
  if (self->options.mail_from == NULL)
    {
      mc_smtp_session_end_step (self);
      mc_smtp_dialogue_quit (self);
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

      mc_smtp_session_send_lines (self, lines, NULL, mail_sent);
    }
  else
    mc_smtp_session_send_line (self, mail, NULL, mail_sent);
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
      mc_smtp_session_read_reply (self, quit_reply);
      return;
    }
  mc_smtp_session_end_step (self);
  mc_smtp_session_finish (self);
}

static void
quit_sent (McSmtpSession *self)
{
  mc_smtp_session_read_reply (self, quit_reply);
}

void
mc_smtp_dialogue_quit (McSmtpSession *self)
{
  McSmtpCapabilities *caps = mc_smtp_session_is_encrypted (self) ? &self->result.ehlo_tls : &self->result.ehlo;

  mc_smtp_session_begin_step (self, MC_SMTP_STEP_QUIT);
  if (caps->pipelining && self->result.steps[MC_SMTP_STEP_SENDER].done)
    {
      const char *lines[] = { "RSET", "QUIT", NULL };

      self->pending_replies = 2;
      mc_smtp_session_send_lines (self, lines, NULL, quit_sent);
    }
  else
    {
      self->pending_replies = 1;
      mc_smtp_session_send_line (self, "QUIT", NULL, quit_sent);
    }
}
