/* test-smtp-hostile-fixture.c: smtp-hostile.py and its fixture do what each scenario promises.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tiny raw client talks to every scenario, independent of the engine: if
 * an engine test fails against a scenario, this test says whether the
 * server still behaves as documented.
 */
#include <string.h>

#include "mc-test-pki.h"
#include "mc-test-smtp-server.h"

#define IO_TIMEOUT_S 5
#define QUIET_MS 300
#define EVENT_WAIT_MS 3000

static McTestPki *pki;

/* ---- A raw client: exact bytes in and out, TLS on demand ---- */

typedef struct
{
  GSocketConnection *connection;
  GIOStream         *stream;   /* the connection, or the TLS connection over it */
  GTlsConnection    *tls;      /* the last TLS connection tried, even a failed one */
  GByteArray        *pending;  /* received and not consumed yet */
  guint16            port;
} Client;

static void
client_free (Client *client)
{
  if (client == NULL)
    return;
  g_io_stream_close (client->stream, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
  g_clear_object (&client->stream);
  g_clear_object (&client->tls);
  g_clear_object (&client->connection);
  g_byte_array_unref (client->pending);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static Client *
client_connect (McTestSmtpServer *server)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  Client *client = g_new0 (Client, 1);

  client->port = mc_test_smtp_server_get_port (server);
  address = g_inet_socket_address_new (lo, client->port);
  g_socket_client_set_enable_proxy (socket_client, FALSE);
  /* Also bounds every read and write: no test can hang on a silent server. */
  g_socket_client_set_timeout (socket_client, IO_TIMEOUT_S);
  client->connection = g_socket_client_connect (socket_client, G_SOCKET_CONNECTABLE (address),
                                                NULL, &error);
  g_assert_no_error (error);
  client->stream = g_object_ref (G_IO_STREAM (client->connection));
  client->pending = g_byte_array_new ();
  return client;
}

/* Reads what comes next into pending: the count, 0 at the end of the stream. */
static gssize
client_fill (Client  *client,
             GError **error)
{
  guint8 buf[16384];
  gssize len;

  len = g_input_stream_read (g_io_stream_get_input_stream (client->stream), buf, sizeof buf,
                             NULL, error);
  if (len > 0)
    g_byte_array_append (client->pending, buf, (guint) len);
  return len;
}

static gboolean
client_has_line (Client *client)
{
  return client->pending->len > 0 && memchr (client->pending->data, '\n', client->pending->len);
}

/* One line without its CRLF; NULL at the end of the stream. */
static char *
client_read_line (Client *client)
{
  guint8 *data;
  gsize len;
  char *line;

  while (!client_has_line (client))
    {
      g_autoptr(GError) error = NULL;

      if (client_fill (client, &error) == 0)
        return NULL;
      g_assert_no_error (error);
    }
  data = client->pending->data;
  len = (guint8 *) memchr (data, '\n', client->pending->len) - data + 1;
  line = g_strndup ((char *) data, len - (len >= 2 && data[len - 2] == '\r' ? 2 : 1));
  g_byte_array_remove_range (client->pending, 0, (guint) len);
  return line;
}

/* A whole reply, its lines joined with "\n". */
static char *
client_read_reply (Client *client)
{
  g_autoptr(GString) reply = g_string_new (NULL);

  for (;;)
    {
      g_autofree char *line = client_read_line (client);

      g_assert_nonnull (line);
      g_assert_cmpuint (strlen (line), >=, 3);
      g_string_append (reply, line);
      if (line[3] == '\0' || line[3] == ' ')
        return g_string_free (g_steal_pointer (&reply), FALSE);
      g_assert_cmpint (line[3], ==, '-');
      g_string_append_c (reply, '\n');
    }
}

static void
client_send (Client     *client,
             const char *data)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (client->stream), data, strlen (data),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Sends one command line and returns the reply. */
static char *
client_command (Client     *client,
                const char *line)
{
  g_autofree char *data = g_strconcat (line, "\r\n", NULL);

  client_send (client, data);
  return client_read_reply (client);
}

static void
assert_reply (Client     *client,
              const char *expected_reply)
{
  g_autofree char *reply = client_read_reply (client);

  g_assert_cmpstr (reply, ==, expected_reply);
}

static void
assert_command (Client     *client,
                const char *line,
                const char *expected_reply)
{
  g_autofree char *reply = client_command (client, line);

  g_assert_cmpstr (reply, ==, expected_reply);
}

/* The server closed: nothing more, then the end of the stream. */
static void
client_assert_eof (Client *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (client->pending->len, ==, 0);
  g_assert_cmpint (client_fill (client, &error), ==, 0);
  g_assert_no_error (error);
}

/* No byte arrives within ms (plain connections only). */
static void
client_assert_quiet (Client *client,
                     guint   ms)
{
  GSocket *socket = g_socket_connection_get_socket (client->connection);
  g_autoptr(GError) error = NULL;

  g_assert_false (g_socket_condition_timed_wait (socket, G_IO_IN, (gint64) ms * 1000, NULL,
                                                 &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

/* A TLS client handshake over the connection, checked against ca_file
 * for the name mail.example.test. */
static gboolean
client_start_tls (Client      *client,
                  const char  *ca_file,
                  GError     **error)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("mail.example.test",
                                                                   client->port);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GIOStream) tls = NULL;

  /* Bytes left over from the plaintext phase would pose as encrypted ones. */
  g_assert_cmpuint (client->pending->len, ==, 0);
  database = g_tls_file_database_new (ca_file, error);
  if (database == NULL)
    return FALSE;
  tls = g_tls_client_connection_new (G_IO_STREAM (client->connection), identity, error);
  if (tls == NULL)
    return FALSE;
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_set_object (&client->tls, G_TLS_CONNECTION (tls));
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error))
    return FALSE;
  g_set_object (&client->stream, tls);
  return TRUE;
}

static void
client_start_tls_ok (Client *client)
{
  g_autoptr(GError) error = NULL;

  client_start_tls (client, mc_test_pki_get_ca_file (pki), &error);
  g_assert_no_error (error);
}

static char *
auth_plain_command (const char *user,
                    const char *password)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autofree char *encoded = NULL;

  g_string_append_c (plain, '\0');
  g_string_append (plain, user);
  g_string_append_c (plain, '\0');
  g_string_append (plain, password);
  encoded = g_base64_encode ((const guchar *) plain->str, plain->len);
  return g_strconcat ("AUTH PLAIN ", encoded, NULL);
}

static char *
auth_plain_for (McTestSmtpServer *server)
{
  return auth_plain_command (mc_test_smtp_server_get_user (server),
                             mc_test_smtp_server_get_password (server));
}

static char *
b64 (const char *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

#define EHLO_PLAIN \
  "250-mail.example.test Hello [127.0.0.1]\n250-PIPELINING\n250-SIZE 10240000\n" \
  "250-8BITMIME\n250-STARTTLS\n250 ENHANCEDSTATUSCODES"
#define EHLO_TLS \
  "250-mail.example.test Hello [127.0.0.1]\n250-PIPELINING\n250-SIZE 10240000\n" \
  "250-8BITMIME\n250-AUTH PLAIN LOGIN CRAM-MD5\n250 ENHANCEDSTATUSCODES"

/* Greeting, EHLO, STARTTLS, EHLO again: returns the second EHLO reply. */
static char *
client_greet_and_start_tls (Client *client)
{
  g_autofree char *greeting = client_read_reply (client);
  g_autofree char *ehlo = NULL;

  g_assert_cmpstr (greeting, ==, "220 mail.example.test ESMTP");
  ehlo = client_command (client, "EHLO client.example.test");
  g_assert_nonnull (strstr (ehlo, "250-STARTTLS"));
  assert_command (client, "STARTTLS", "220 2.0.0 Ready to start TLS");
  client_start_tls_ok (client);
  return client_command (client, "EHLO client.example.test");
}

static McTestSmtpServer *
start_server (const char          *scenario,
              McTestPki           *with_pki,
              McTestCertKind       kind,
              const char * const  *args)
{
  g_autoptr(GError) error = NULL;
  McTestSmtpServer *server = mc_test_smtp_server_start (scenario, with_pki, kind, args, &error);

  g_assert_no_error (error);
  g_assert_nonnull (server);
  g_assert_cmpuint (mc_test_smtp_server_get_port (server), >, 0);
  return server;
}

/* ---- The well-behaved servers ---- */

static void
test_ok_starttls (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("ok-starttls", pki, MC_TEST_CERT_GOOD, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *plain_auth = auth_plain_for (server);
  g_autofree char *wrong_auth = auth_plain_command (mc_test_smtp_server_get_user (server),
                                                    "wrong");
  g_autofree char *log = NULL;
  g_autofree char *cipher = NULL;  /* transfer full */

  assert_reply (client, "220 mail.example.test ESMTP");
  assert_command (client, "EHLO client.example.test", EHLO_PLAIN);
  /* AUTH in clear is refused, and the log tells that a password went out unencrypted. */
  assert_command (client, plain_auth, "530 5.7.0 Must issue a STARTTLS command first");
  g_assert_true (mc_test_smtp_server_saw_event (server, "auth", "password_ok=true tls=false"));
  assert_command (client, "MAIL FROM:<alice@example.test>", "530 5.7.0 Authentication required");

  assert_command (client, "STARTTLS", "220 2.0.0 Ready to start TLS");
  client_start_tls_ok (client);
  cipher = g_tls_connection_get_ciphersuite_name (client->tls);
  g_test_message ("ok-starttls: %s, %s",
                  g_tls_connection_get_protocol_version (client->tls) ==
                  G_TLS_PROTOCOL_VERSION_TLS_1_3 ? "TLS 1.3" : "not TLS 1.3", cipher);
  g_assert_true (mc_test_smtp_server_wait_event (server, "tls", "TLSv1", EVENT_WAIT_MS));
  assert_command (client, "EHLO client.example.test", EHLO_TLS);
  assert_command (client, "STARTTLS", "554 5.5.1 Error: TLS already active");

  assert_command (client, wrong_auth,
                  "535 5.7.8 Error: authentication failed: authentication failure");
  g_assert_true (mc_test_smtp_server_saw_event (server, "auth", "password_ok=false tls=true"));
  assert_command (client, plain_auth, "235 2.7.0 Authentication successful");
  g_assert_true (mc_test_smtp_server_saw_event (server, "auth",
                                                "PLAIN user=alice@example.test password_sent=true"
                                                " password_ok=true tls=true"));

  /* PIPELINING: three commands in one write, three replies in one write. */
  client_send (client, "MAIL FROM:<alice@example.test> SIZE=1000 BODY=8BITMIME\r\n"
               "RCPT TO:<bob@example.test>\r\nRSET\r\n");
  assert_reply (client, "250 2.1.0 Ok");
  g_assert_true (client_has_line (client));
  assert_reply (client, "250 2.1.5 Ok");
  assert_reply (client, "250 2.0.0 Ok");

  assert_command (client, "MAIL FROM:<alice@example.test> SIZE=20000000",
                  "552 5.3.4 Message size exceeds fixed limit");
  assert_command (client, "RCPT TO:<bob@example.test>", "503 5.5.1 Error: need MAIL command");
  assert_command (client, "DATA", "554 5.7.0 This test server accepts no message data");
  g_assert_true (mc_test_smtp_server_saw_event (server, "recv", "DATA\r\n"));
  assert_command (client, "QUIT", "221 2.0.0 Bye");
  client_assert_eof (client);
  /* The server logs "close" once the client has closed too. */
  g_clear_pointer (&client, client_free);
  g_assert_true (mc_test_smtp_server_wait_event (server, "close", "QUIT", EVENT_WAIT_MS));
  log = mc_test_smtp_server_dup_log (server);
  g_assert_nonnull (strstr (log, "\"event\": \"connect\""));
}

/* LOGIN and CRAM-MD5, and two connections served at once. */
static void
test_ok_starttls_mechanisms (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("ok-starttls", pki, MC_TEST_CERT_GOOD, NULL);
  g_autoptr(Client) first = client_connect (server);
  g_autoptr(Client) second = client_connect (server);
  const char *password = mc_test_smtp_server_get_password (server);
  g_autofree char *user64 = b64 (mc_test_smtp_server_get_user (server));
  g_autofree char *password64 = b64 (password);
  g_autofree char *ehlo1 = NULL;
  g_autofree char *ehlo2 = NULL;
  g_autofree char *challenge64 = NULL;
  g_autofree guchar *challenge = NULL;
  g_autofree char *challenge_text = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *response = NULL;
  g_autofree char *response64 = NULL;
  gsize challenge_len;

  /* Both greeted before either has said a word. */
  ehlo1 = client_greet_and_start_tls (first);
  ehlo2 = client_greet_and_start_tls (second);
  g_assert_cmpstr (ehlo1, ==, EHLO_TLS);
  g_assert_cmpstr (ehlo2, ==, EHLO_TLS);

  assert_command (first, "AUTH LOGIN", "334 VXNlcm5hbWU6");
  assert_command (first, user64, "334 UGFzc3dvcmQ6");
  assert_command (first, password64, "235 2.7.0 Authentication successful");
  g_assert_true (mc_test_smtp_server_saw_event (server, "auth", "LOGIN user=alice@example.test"
                                                " password_sent=true password_ok=true tls=true"));

  challenge64 = client_command (second, "AUTH CRAM-MD5");
  g_assert_true (g_str_has_prefix (challenge64, "334 "));
  challenge = g_base64_decode (challenge64 + 4, &challenge_len);
  challenge_text = g_strndup ((const char *) challenge, challenge_len);
  g_assert_true (g_str_has_suffix (challenge_text, "@mail.example.test>"));
  digest = g_compute_hmac_for_string (G_CHECKSUM_MD5, (const guchar *) password, strlen (password),
                                      challenge_text, -1);
  response = g_strdup_printf ("%s %s", mc_test_smtp_server_get_user (server), digest);
  response64 = b64 (response);
  assert_command (second, response64, "235 2.7.0 Authentication successful");
  g_assert_true (mc_test_smtp_server_saw_event (server, "auth", "CRAM-MD5 user=alice@example.test"
                                                " password_sent=true password_ok=true"));

  assert_command (first, "QUIT", "221 2.0.0 Bye");
  assert_command (second, "QUIT", "221 2.0.0 Bye");
  /* Not idle while the clients hold their ends, idle once they are gone. */
  g_assert_false (mc_test_smtp_server_wait_idle (server, 0));
  g_clear_pointer (&first, client_free);
  g_clear_pointer (&second, client_free);
  g_assert_true (mc_test_smtp_server_wait_idle (server, EVENT_WAIT_MS));
}

static void
test_ok_implicit_tls (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("ok-implicit-tls", pki, MC_TEST_CERT_GOOD,
                                                     NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *auth = auth_plain_for (server);

  client_start_tls_ok (client);
  assert_reply (client, "220 mail.example.test ESMTP");
  assert_command (client, "EHLO client.example.test", EHLO_TLS);
  assert_command (client, auth, "235 2.7.0 Authentication successful");
  assert_command (client, "QUIT", "221 2.0.0 Bye");
  client_assert_eof (client);
}

/* The certificate the fixture picks is the one served, with the flags a
 * client sees for it. */
static void
test_certificates (void)
{
  const struct
  {
    McTestCertKind       kind;
    GTlsCertificateFlags flags;
  } cases[] = {
    { MC_TEST_CERT_GOOD, 0 },
    { MC_TEST_CERT_EXPIRING, 0 },
    { MC_TEST_CERT_EXPIRED, G_TLS_CERTIFICATE_EXPIRED },
    { MC_TEST_CERT_NOT_YET_VALID, G_TLS_CERTIFICATE_NOT_ACTIVATED },
    { MC_TEST_CERT_WRONG_HOST, G_TLS_CERTIFICATE_BAD_IDENTITY },
    { MC_TEST_CERT_SELF_SIGNED, G_TLS_CERTIFICATE_UNKNOWN_CA },
    { MC_TEST_CERT_UNKNOWN_CA, G_TLS_CERTIFICATE_UNKNOWN_CA },
    { MC_TEST_CERT_INTERCEPT, G_TLS_CERTIFICATE_UNKNOWN_CA },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McTestSmtpServer) server = start_server ("ok-implicit-tls", pki, cases[i].kind,
                                                         NULL);
      g_autoptr(Client) client = client_connect (server);
      g_autoptr(GError) error = NULL;

      client_start_tls (client, mc_test_pki_get_ca_file (pki), &error);
      if (cases[i].flags == 0)
        {
          g_assert_no_error (error);
          assert_reply (client, "220 mail.example.test ESMTP");
        }
      else
        {
          g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
          g_assert_cmpint (g_tls_connection_get_peer_certificate_errors (client->tls) &
                           cases[i].flags, ==, cases[i].flags);
        }
    }
}

/* ---- Variants of ok-starttls ---- */

/* Greeting, STARTTLS and AUTH PLAIN with the right password: the AUTH reply. */
static char *
login_reply (McTestSmtpServer *server,
             Client           *client)
{
  g_autofree char *ehlo = client_greet_and_start_tls (client);
  g_autofree char *auth = auth_plain_for (server);

  return client_command (client, auth);
}

static void
test_auth_replies (void)
{
  const char *replies[] = {
    "534 5.7.9 Application-specific password required",
    "454 4.7.0 Temporary authentication failure",
    "530 5.7.0 Must issue a STARTTLS command first",
    "538 5.7.11 Encryption required for requested authentication mechanism",
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      const char *args[] = { "--auth-reply", replies[i], NULL };
      g_autoptr(McTestSmtpServer) server = start_server ("ok-starttls", pki, MC_TEST_CERT_GOOD,
                                                         args);
      g_autoptr(Client) client = client_connect (server);
      g_autofree char *reply = login_reply (server, client);

      g_assert_cmpstr (reply, ==, replies[i]);
      /* The initial response carried the password either way. */
      g_assert_true (mc_test_smtp_server_saw_event (server, "auth", "password_ok=true tls=true"));
      if (g_str_has_prefix (replies[i], "530") || g_str_has_prefix (replies[i], "538"))
        {
          /* 530 and 538 come before any credentials: no prompt for LOGIN. */
          g_autofree char *again = client_command (client, "AUTH LOGIN");

          g_assert_cmpstr (again, ==, replies[i]);
        }
    }
}

static void
test_mail_and_rcpt_replies (void)
{
  const char *args[] = {
    "--mail-reply", "553 5.7.1 Sender address rejected: not owned by user",
    "--rcpt-reply", "550 5.7.1 Relaying denied",
    NULL
  };
  g_autoptr(McTestSmtpServer) server = start_server ("ok-starttls", pki, MC_TEST_CERT_GOOD, args);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *auth = login_reply (server, client);
  const char *args2[] = { "--rcpt-reply", "550 5.7.1 Relaying denied", NULL };
  g_autoptr(McTestSmtpServer) server2 = start_server ("ok-starttls", pki, MC_TEST_CERT_GOOD,
                                                      args2);
  g_autoptr(Client) client2 = client_connect (server2);
  g_autofree char *auth2 = login_reply (server2, client2);

  g_assert_cmpstr (auth, ==, "235 2.7.0 Authentication successful");
  assert_command (client, "MAIL FROM:<alice@example.test>",
                  "553 5.7.1 Sender address rejected: not owned by user");
  assert_command (client, "RCPT TO:<bob@example.test>", "503 5.5.1 Error: need MAIL command");

  g_assert_cmpstr (auth2, ==, "235 2.7.0 Authentication successful");
  assert_command (client2, "MAIL FROM:<alice@example.test>", "250 2.1.0 Ok");
  assert_command (client2, "RCPT TO:<bob@example.test>", "550 5.7.1 Relaying denied");
}

static void
test_no_size_no_pipelining (void)
{
  const char *args[] = { "--no-size", "--no-pipelining", NULL };
  g_autoptr(McTestSmtpServer) server = start_server ("ok-starttls", pki, MC_TEST_CERT_GOOD, args);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *ehlo = client_greet_and_start_tls (client);
  g_autofree char *auth = auth_plain_for (server);

  g_assert_cmpstr (ehlo, ==, "250-mail.example.test Hello [127.0.0.1]\n250-8BITMIME\n"
                   "250-AUTH PLAIN LOGIN CRAM-MD5\n250 ENHANCEDSTATUSCODES");
  assert_command (client, auth, "235 2.7.0 Authentication successful");
  assert_command (client, "MAIL FROM:<alice@example.test> SIZE=1000",
                  "555 5.5.4 Unsupported option: SIZE=1000");
}

static void
test_oauth_only (void)
{
  const char *args[] = { "--auth-mechs", "XOAUTH2 OAUTHBEARER", NULL };
  g_autoptr(McTestSmtpServer) server = start_server ("ok-starttls", pki, MC_TEST_CERT_GOOD, args);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *ehlo = client_greet_and_start_tls (client);
  g_autofree char *plain = auth_plain_for (server);
  g_autofree char *token = b64 ("user=alice@example.test\001auth=Bearer t0ken\001\001");
  g_autofree char *xoauth2 = g_strconcat ("AUTH XOAUTH2 ", token, NULL);
  g_autofree char *challenge = NULL;

  g_assert_nonnull (strstr (ehlo, "\n250-AUTH XOAUTH2 OAUTHBEARER\n"));
  assert_command (client, plain, "504 5.5.4 Unrecognized authentication type");
  g_assert_true (mc_test_smtp_server_saw_event (server, "auth", "PLAIN user=alice@example.test"
                                                " password_sent=true"));
  challenge = client_command (client, xoauth2);
  g_assert_true (g_str_has_prefix (challenge, "334 ey"));
  assert_command (client, "", "535 5.7.8 Error: authentication failed: authentication failure");
  g_assert_true (mc_test_smtp_server_saw_event (server, "auth", "XOAUTH2 user=alice@example.test"));
}

/* PLATFORM.md: glib-networking accepts a server that speaks only TLS 1.0. */
static void
test_tls_1_0 (void)
{
  const char *args[] = { "--tls-max", "1.0", NULL };
  g_autoptr(McTestSmtpServer) server = start_server ("ok-starttls", pki, MC_TEST_CERT_GOOD, args);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *ehlo = client_greet_and_start_tls (client);
  g_autofree char *cipher = NULL;

  g_assert_cmpstr (ehlo, ==, EHLO_TLS);
  /* Accepted without a word: the engine must check the version itself. */
  g_assert_cmpint (g_tls_connection_get_protocol_version (client->tls), ==,
                   G_TLS_PROTOCOL_VERSION_TLS_1_0);
  cipher = g_tls_connection_get_ciphersuite_name (client->tls);
  g_test_message ("TLS 1.0 server: negotiated %s", cipher);
  g_assert_true (mc_test_smtp_server_wait_event (server, "tls", "TLSv1 ", EVENT_WAIT_MS));
}

/* ---- Hostile servers ---- */

static void
test_garbage_banner (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("garbage-banner", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  const char expected[] = "\x16\x03\x01 hello garbage\r\n";
  g_autoptr(GError) error = NULL;

  while (client->pending->len < sizeof expected - 1 && client_fill (client, &error) > 0)
    ;
  g_assert_no_error (error);
  g_assert_cmpmem (client->pending->data, client->pending->len, expected, sizeof expected - 1);
}

static void
test_http (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("http", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *status = NULL;
  g_autofree char *line = NULL;

  /* Silent like a web server, until it gets a line. */
  client_assert_quiet (client, QUIET_MS);
  client_send (client, "EHLO client.example.test\r\n");
  status = client_read_line (client);
  g_assert_cmpstr (status, ==, "HTTP/1.1 400 Bad Request");
  while ((line = client_read_line (client)) != NULL)
    g_clear_pointer (&line, g_free);
  client_assert_eof (client);
}

static void
test_tls_on_plain (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("tls-on-plain", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autoptr(McTestSmtpServer) tls_server = start_server ("tls-on-plain", pki, MC_TEST_CERT_GOOD,
                                                         NULL);
  g_autoptr(Client) tls_client = client_connect (tls_server);
  const char alert[] = "\x15\x03\x01\x00\x02\x02\x46";
  g_autoptr(GError) error = NULL;

  /* Waits for a ClientHello; plaintext gets a protocol_version alert. */
  client_assert_quiet (client, QUIET_MS);
  client_send (client, "EHLO client.example.test\r\n");
  while (client->pending->len < sizeof alert - 1 && client_fill (client, &error) > 0)
    ;
  g_assert_no_error (error);
  g_assert_cmpmem (client->pending->data, client->pending->len, alert, sizeof alert - 1);
  g_byte_array_set_size (client->pending, 0);
  client_assert_eof (client);

  /* With a certificate, a TLS client gets a whole implicit-TLS server. */
  client_start_tls_ok (tls_client);
  assert_reply (tls_client, "220 mail.example.test ESMTP");
}

static void
test_at_connect (gconstpointer data)
{
  const char *scenario = data;
  g_autoptr(McTestSmtpServer) server = start_server (scenario, NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *reply = client_read_reply (client);

  if (g_str_equal (scenario, "421-at-connect"))
    g_assert_cmpstr (reply, ==, "421 4.3.2 Service not available, closing transmission channel");
  else
    g_assert_cmpstr (reply, ==, "554 5.7.1 Your IP is listed on a blocklist");
  client_assert_eof (client);
}

static void
test_silent (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("silent", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);

  client_assert_quiet (client, QUIET_MS);
  client_send (client, "EHLO client.example.test\r\n");
  client_assert_quiet (client, QUIET_MS);
  g_assert_true (mc_test_smtp_server_saw_event (server, "recv", "EHLO client.example.test"));
}

static void
test_drip_feed (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("drip-feed", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autoptr(GError) error = NULL;
  gint64 first_us;

  g_assert_cmpint (client_fill (client, &error), ==, 1);
  first_us = g_get_monotonic_time ();
  g_assert_cmpint (client->pending->data[0], ==, '2');
  client_assert_quiet (client, QUIET_MS);
  g_assert_cmpint (client_fill (client, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (client->pending->data[1], ==, '2');
  g_assert_cmpint (g_get_monotonic_time () - first_us, >=, 900 * 1000);
}

static void
test_long_line (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("long-line", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autoptr(GError) error = NULL;

  while (client->pending->len <= 128 * 1024 && client_fill (client, &error) > 0)
    ;
  g_assert_no_error (error);
  g_assert_cmpuint (client->pending->len, >, 128 * 1024);
  g_assert_cmpmem (client->pending->data, 8, "220 aaaa", 8);
  g_assert_null (memchr (client->pending->data, '\n', client->pending->len));
  g_assert_null (memchr (client->pending->data, '\r', client->pending->len));
}

static void
test_huge_reply (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("huge-reply", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *greeting = client_read_reply (client);
  g_autofree char *reply = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpstr (greeting, ==, "220 mail.example.test ESMTP");
  reply = client_command (client, "EHLO client.example.test");
  lines = g_strsplit (reply, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2000);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (strlen (lines[i]), ==, 58);
  /* With their CRLF: 120000 bytes, far more than 64 KiB. */
  g_assert_cmpuint (strlen (reply) + 2 * 2000 - 1999, ==, 120000);
}

/* The EHLO reply, as raw bytes up to and including its end. */
static void
assert_raw_ehlo_reply (const char *scenario,
                       const char *expected)
{
  g_autoptr(McTestSmtpServer) server = start_server (scenario, NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *greeting = client_read_reply (client);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (greeting, ==, "220 mail.example.test ESMTP");
  client_send (client, "EHLO client.example.test\r\n");
  while (client->pending->len < strlen (expected) && client_fill (client, &error) > 0)
    ;
  g_assert_no_error (error);
  g_assert_cmpmem (client->pending->data, client->pending->len, expected, strlen (expected));
}

static void
test_inconsistent_multiline (void)
{
  assert_raw_ehlo_reply ("inconsistent-multiline",
                         "250-mail.example.test\r\n251-SIZE 1000\r\n250 OK\r\n");
}

static void
test_bad_continuation (void)
{
  assert_raw_ehlo_reply ("bad-continuation",
                         "250-mail.example.test\r\n250xPIPELINING\r\n250 ENHANCEDSTATUSCODES\r\n");
}

static void
test_reset_after_ehlo (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("reset-after-ehlo", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *greeting = client_read_reply (client);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (greeting, ==, "220 mail.example.test ESMTP");
  client_send (client, "EHLO client.example.test\r\n");
  g_assert_cmpint (client_fill (client, &error), ==, -1);
  /* ECONNRESET: not a clean end of the stream. */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

static void
test_close_mid_reply (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("close-mid-reply", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *greeting = client_read_reply (client);
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;
  g_autofree char *line3 = NULL;

  g_assert_cmpstr (greeting, ==, "220 mail.example.test ESMTP");
  client_send (client, "EHLO client.example.test\r\n");
  line1 = client_read_line (client);
  line2 = client_read_line (client);
  line3 = client_read_line (client);
  g_assert_cmpstr (line1, ==, "250-mail.example.test");
  g_assert_cmpstr (line2, ==, "250-PIPELINING");
  g_assert_null (line3);
  client_assert_eof (client);
}

static void
test_starttls_454 (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("starttls-454", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *greeting = client_read_reply (client);

  g_assert_cmpstr (greeting, ==, "220 mail.example.test ESMTP");
  assert_command (client, "EHLO client.example.test", EHLO_PLAIN);
  assert_command (client, "STARTTLS", "454 4.7.0 TLS not available due to local problem");
  assert_command (client, "QUIT", "221 2.0.0 Bye");
  client_assert_eof (client);
}

static void
test_starttls_not_offered (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("starttls-not-offered", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *greeting = client_read_reply (client);
  g_autofree char *auth = auth_plain_for (server);

  g_assert_cmpstr (greeting, ==, "220 mail.example.test ESMTP");
  assert_command (client, "EHLO client.example.test",
                  "250-mail.example.test Hello [127.0.0.1]\n250-PIPELINING\n250-SIZE 10240000\n"
                  "250-8BITMIME\n250-AUTH PLAIN LOGIN\n250 ENHANCEDSTATUSCODES");
  assert_command (client, "STARTTLS", "502 5.5.1 Error: command not implemented");
  g_assert_false (mc_test_smtp_server_saw_event (server, "auth", NULL));
  /* What a client must never do here, and how the log shows it. */
  assert_command (client, auth, "235 2.7.0 Authentication successful");
  g_assert_true (mc_test_smtp_server_saw_event (server, "auth", "password_sent=true"
                                                " password_ok=true tls=false"));
}

static void
test_tls_handshake_failure (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("tls-handshake-failure", NULL, 0, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *greeting = client_read_reply (client);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (greeting, ==, "220 mail.example.test ESMTP");
  assert_command (client, "EHLO client.example.test", EHLO_PLAIN);
  assert_command (client, "STARTTLS", "220 2.0.0 Ready to start TLS");
  g_assert_false (client_start_tls (client, mc_test_pki_get_ca_file (pki), &error));
  g_assert_nonnull (error);
  g_test_message ("garbage instead of a ServerHello: %s %d: %s",
                  g_quark_to_string (error->domain), error->code, error->message);
  g_assert_true (mc_test_smtp_server_saw_event (server, "send", "not a ServerHello"));
}

static void
test_starttls_injection (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("starttls-injection", pki,
                                                     MC_TEST_CERT_GOOD, NULL);
  g_autoptr(Client) careful = client_connect (server);
  g_autoptr(Client) naive = client_connect (server);
  const char injected[] = "220 2.0.0 Ready to start TLS\r\n250-injected\r\n250 INJECTED\r\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *greeting = client_read_reply (careful);
  g_autofree char *greeting2 = client_read_reply (naive);
  g_autofree char *ehlo = NULL;

  g_assert_cmpstr (greeting, ==, "220 mail.example.test ESMTP");
  assert_command (careful, "EHLO client.example.test", EHLO_PLAIN);
  client_send (careful, "STARTTLS\r\n");
  /* One read gets the 220 and the injected lines together. */
  g_assert_cmpint (client_fill (careful, &error), ==, sizeof injected - 1);
  g_assert_no_error (error);
  g_assert_cmpmem (careful->pending->data, careful->pending->len, injected, sizeof injected - 1);
  /* A careful client sees bytes after the 220 and hangs up. */
  g_clear_pointer (&careful, client_free);
  g_assert_true (mc_test_smtp_server_wait_event (server, "tls", "did not continue",
                                                 EVENT_WAIT_MS));

  /* One that goes on (dropping what it read) gets a working TLS session. */
  g_assert_cmpstr (greeting2, ==, "220 mail.example.test ESMTP");
  assert_command (naive, "EHLO client.example.test", EHLO_PLAIN);
  assert_command (naive, "STARTTLS", "220 2.0.0 Ready to start TLS");
  ehlo = client_read_reply (naive);
  g_assert_cmpstr (ehlo, ==, "250-injected\n250 INJECTED");
  client_start_tls_ok (naive);
  g_assert_true (mc_test_smtp_server_saw_event (server, "tls", "client continued"));
  assert_command (naive, "EHLO client.example.test", EHLO_TLS);
}

/* ---- The script's own robustness and the fixture's errors ---- */

static void
test_input_limit (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("ok-starttls", pki, MC_TEST_CERT_GOOD, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *greeting = client_read_reply (client);
  g_autofree char *flood = g_strnfill (70 * 1024, 'x');
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (greeting, ==, "220 mail.example.test ESMTP");
  g_output_stream_write_all (g_io_stream_get_output_stream (client->stream), flood,
                             strlen (flood), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mc_test_smtp_server_wait_event (server, "close", "input limit exceeded",
                                                 EVENT_WAIT_MS));
  /* The server is still there for the next client. */
  g_clear_pointer (&client, client_free);
  client = client_connect (server);
  assert_reply (client, "220 mail.example.test ESMTP");
}

static void
test_client_leaves (void)
{
  g_autoptr(McTestSmtpServer) server = start_server ("ok-starttls", pki, MC_TEST_CERT_GOOD, NULL);
  g_autoptr(Client) client = client_connect (server);
  g_autofree char *log = NULL;

  client_send (client, "EHLO client.example.test\r\n");
  g_clear_pointer (&client, client_free);
  g_assert_true (mc_test_smtp_server_wait_idle (server, EVENT_WAIT_MS));
  g_assert_true (mc_test_smtp_server_saw_event (server, "close", NULL));
  log = mc_test_smtp_server_dup_log (server);
  g_assert_null (strstr (log, "Traceback"));
}

static void
test_fixture_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McTestSmtpServer) none = NULL;

  none = mc_test_smtp_server_start ("ok-starttls", NULL, MC_TEST_CERT_GOOD, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* An early exit comes back with the script's error output. */
  none = mc_test_smtp_server_start ("no-such-scenario", NULL, 0, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "invalid choice"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  pki = mc_test_pki_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/smtp-hostile/ok-starttls", test_ok_starttls);
  g_test_add_func ("/smtp-hostile/ok-starttls-mechanisms", test_ok_starttls_mechanisms);
  g_test_add_func ("/smtp-hostile/ok-implicit-tls", test_ok_implicit_tls);
  g_test_add_func ("/smtp-hostile/certificates", test_certificates);
  g_test_add_func ("/smtp-hostile/variant/auth-reply", test_auth_replies);
  g_test_add_func ("/smtp-hostile/variant/mail-rcpt-reply", test_mail_and_rcpt_replies);
  g_test_add_func ("/smtp-hostile/variant/no-size-no-pipelining", test_no_size_no_pipelining);
  g_test_add_func ("/smtp-hostile/variant/oauth-only", test_oauth_only);
  g_test_add_func ("/smtp-hostile/variant/tls-1.0", test_tls_1_0);
  g_test_add_func ("/smtp-hostile/garbage-banner", test_garbage_banner);
  g_test_add_func ("/smtp-hostile/http", test_http);
  g_test_add_func ("/smtp-hostile/tls-on-plain", test_tls_on_plain);
  g_test_add_data_func ("/smtp-hostile/421-at-connect", "421-at-connect", test_at_connect);
  g_test_add_data_func ("/smtp-hostile/554-at-connect", "554-at-connect", test_at_connect);
  g_test_add_func ("/smtp-hostile/silent", test_silent);
  g_test_add_func ("/smtp-hostile/drip-feed", test_drip_feed);
  g_test_add_func ("/smtp-hostile/long-line", test_long_line);
  g_test_add_func ("/smtp-hostile/huge-reply", test_huge_reply);
  g_test_add_func ("/smtp-hostile/inconsistent-multiline", test_inconsistent_multiline);
  g_test_add_func ("/smtp-hostile/bad-continuation", test_bad_continuation);
  g_test_add_func ("/smtp-hostile/reset-after-ehlo", test_reset_after_ehlo);
  g_test_add_func ("/smtp-hostile/close-mid-reply", test_close_mid_reply);
  g_test_add_func ("/smtp-hostile/starttls-454", test_starttls_454);
  g_test_add_func ("/smtp-hostile/starttls-not-offered", test_starttls_not_offered);
  g_test_add_func ("/smtp-hostile/tls-handshake-failure", test_tls_handshake_failure);
  g_test_add_func ("/smtp-hostile/starttls-injection", test_starttls_injection);
  g_test_add_func ("/smtp-hostile/script/input-limit", test_input_limit);
  g_test_add_func ("/smtp-hostile/script/client-leaves", test_client_leaves);
  g_test_add_func ("/smtp-hostile/fixture/errors", test_fixture_errors);

  ret = g_test_run ();
  g_clear_pointer (&pki, mc_test_pki_free);
  return ret;
}
