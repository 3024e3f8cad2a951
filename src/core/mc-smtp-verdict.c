/* mc-smtp-verdict.c: what an SMTP dialogue's result means, as findings: greeting, TLS, log-in, sender, size.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialogue (mc-smtp-session.c) says what happened at each step; these
 * functions say what it means for the person, in the finding's status,
 * summary, guidance id and evidence. They only read the result.
 *
 * Each writes the evidence and the transcript once, then the summary from
 * a *_summary () function given to mc_finding_complete_twice (), which
 * runs it once in each report language: those functions have no effect
 * but on the finding.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-smtp-verdict.h"

static const McSmtpResult *
result_of (const McSmtpVerdict *probe)
{
  return mc_smtp_session_get_result (probe->session);
}

static guint16
configured_port (const McSmtpVerdict *probe)
{
  return probe->port;
}

static McSecurity
configured_security (const McSmtpVerdict *probe)
{
  return probe->security;
}

const McSmtpCapabilities *
mc_smtp_result_final_capabilities (const McSmtpResult *r)
{
  return r->tls_established ? &r->ehlo_tls : &r->ehlo;
}

static char *
reply_text (const McSmtpReply *reply)
{
  return reply ? mc_smtp_reply_to_string (reply) : g_strdup ("");
}

/* A reply, when there is one, as a string member of evidence. */
static void
set_reply_member (JsonObject        *evidence,
                  const char        *name,
                  const McSmtpReply *reply)
{
  g_autofree char *text = NULL;

  if (reply == NULL)
    return;
  text = mc_smtp_reply_to_string (reply);
  json_object_set_string_member (evidence, name, text);
}

/* An error message from a library, as a sentence of a summary. */
static char *
as_sentence (const GError *error)
{
  g_autofree char *text = NULL;
  gsize length;

  if (error == NULL)
    return g_strdup ("");
  text = g_strstrip (g_strdup (error->message));
  length = strlen (text);
  while (length > 0 && text[length - 1] == '.')
    text[--length] = '\0';
  if (length == 0)
    return g_strdup ("");
  return g_strdup_printf ("%c%s.", g_ascii_toupper (text[0]), text + 1);
}

static const char *
tls_version_label (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:  return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:  return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:  return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2:  return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3:  return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0: return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2: return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:                              return "unknown";
    }
}

/* The transcript of some steps, as the finding's technical details: the
 * same in every report language (a note of a failure quotes the library's
 * message, which is in the language of the process). */
static void
add_transcript (const McSmtpVerdict *probe,
                McFinding  *finding,
                McSmtpStep  first,
                McSmtpStep  last)
{
  g_autofree char *text = mc_smtp_session_format_transcript (probe->session, first, last);

  if (*text != '\0')
    mc_finding_add_detail (finding, "%s", text);
}

/* The summary of server.greeting, in the language of the pass. */
static void
greeting_summary (McFinding *f,
                  gpointer   user_data)
{
  const McSmtpVerdict *probe = user_data;
  const McSmtpResult *r = result_of (probe);
  const McSmtpStepResult *greeting = &r->steps[MC_SMTP_STEP_GREETING];
  McSmtpStep ehlo_step = configured_security (probe) == MC_SECURITY_TLS ? MC_SMTP_STEP_EHLO_TLS
                                                                        : MC_SMTP_STEP_EHLO;
  const McSmtpStepResult *ehlo = &r->steps[ehlo_step];
  guint16 port = configured_port (probe);
  guint timeout_s = probe->ctx->timeout_ms / 1000;
  g_autofree char *greeting_text = reply_text (greeting->reply);

  if (r->failed_step == MC_SMTP_STEP_CONNECT)
    {
      const McSmtpStepResult *connect = &r->steps[MC_SMTP_STEP_CONNECT];

      if (connect->failure == MC_SMTP_FAILURE_TIMEOUT)
        mc_finding_complete (f, MC_STATUS_FAIL, "port-blocked",
                             _("No connection to port %u within %u seconds."), port, timeout_s);
      else if (g_error_matches (connect->error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
               g_error_matches (connect->error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
        mc_finding_complete (f, MC_STATUS_FAIL, "server-unreachable",
                             _("No connection to port %u: %s."), port, connect->error->message);
      else
        mc_finding_complete (f, MC_STATUS_FAIL, "server-refuses",
                             _("No connection to port %u: %s."), port,
                             connect->error ? connect->error->message : "");
      return;
    }

  switch (greeting->failure)
    {
    case MC_SMTP_FAILURE_NONE:
      break;
    case MC_SMTP_FAILURE_TIMEOUT:
      if (r->greeting_received > 0)
        mc_finding_complete (f, MC_STATUS_FAIL, "greeting-slow",
                             _("The server began its greeting but sent only %u bytes in %u "
                               "seconds. It is overloaded or something slows the connection "
                               "down."), (guint) r->greeting_received, timeout_s);
      else if (port == 465 && configured_security (probe) != MC_SECURITY_TLS)
        mc_finding_complete (f, MC_STATUS_FAIL, "tls-expected",
                             _("The server on port 465 says nothing: it waits for an encrypted "
                               "connection from the first byte. Set the security to SSL/TLS."));
      else
        mc_finding_complete (f, MC_STATUS_FAIL, "greeting-silent",
                             _("The server accepted the connection on port %u but did not greet "
                               "within %u seconds. Something other than a mail server may be "
                               "listening, or security software holds the connection."),
                             port, timeout_s);
      return;
    case MC_SMTP_FAILURE_HTTP:
      mc_finding_complete (f, MC_STATUS_FAIL, "not-smtp-http",
                           _("A web server answered on port %u, not a mail server. The server "
                             "name or the port is wrong."), port);
      return;
    case MC_SMTP_FAILURE_TLS_EXPECTED:
      mc_finding_complete (f, MC_STATUS_FAIL, "tls-expected",
                           _("The server on port %u expects an encrypted connection (SSL/TLS) "
                             "from the first byte. Set the security to SSL/TLS."), port);
      return;
    case MC_SMTP_FAILURE_PROTOCOL:
      {
        g_autofree char *why = as_sentence (greeting->error);

        mc_finding_complete (f, MC_STATUS_FAIL, "not-smtp",
                             _("What answers on port %u is not a mail server. %s"), port, why);
      }
      return;
    case MC_SMTP_FAILURE_REPLY:
      if (greeting->reply->code == 421)
        mc_finding_complete (f, MC_STATUS_FAIL, "greeting-421",
                             _("The server is not taking connections right now: “%s”. Try again "
                               "later; if it lasts, ask your mail provider."), greeting_text);
      else if (greeting->reply->code == 554)
        mc_finding_complete (f, MC_STATUS_FAIL, "greeting-554",
                             _("The server refuses connections from this network: “%s”. Often "
                               "this internet address is on a blocklist, or the provider takes "
                               "mail only from its own network."), greeting_text);
      else
        mc_finding_complete (f, MC_STATUS_FAIL, "greeting-unexpected",
                             _("The server greeted with an unexpected reply: “%s”."), greeting_text);
      return;
    case MC_SMTP_FAILURE_CLOSED:
    case MC_SMTP_FAILURE_RESET:
      /* Silent, then gone as soon as spoken to in plain text: what a port
       * that expects TLS from the first byte does. */
      if (r->greeting_nudged && r->greeting_received == 0 && port == 465 &&
          configured_security (probe) != MC_SECURITY_TLS)
        mc_finding_complete (f, MC_STATUS_FAIL, "tls-expected",
                             _("The server on port 465 says nothing: it waits for an encrypted "
                               "connection from the first byte. Set the security to SSL/TLS."));
      else if (r->greeting_nudged && r->greeting_received == 0)
        mc_finding_complete (f, MC_STATUS_FAIL, "greeting-silent",
                             _("The server accepted the connection on port %u but did not greet "
                               "within %u seconds. Something other than a mail server may be "
                               "listening, or security software holds the connection."),
                             port, timeout_s);
      else
        mc_finding_complete (f, MC_STATUS_FAIL, "greeting-closed",
                             _("The server on port %u closed the connection without a greeting. "
                               "It may refuse this network, or be overloaded."), port);
      return;
    case MC_SMTP_FAILURE_CANCELLED:
      mc_finding_complete (f, MC_STATUS_ERROR, NULL, _("Cancelled"));
      return;
    case MC_SMTP_FAILURE_CONNECT:
    case MC_SMTP_FAILURE_NOT_OFFERED:
    case MC_SMTP_FAILURE_INJECTION:
    case MC_SMTP_FAILURE_TLS:
    case MC_SMTP_FAILURE_NO_PASSWORD:
    case MC_SMTP_FAILURE_PLAINTEXT:
    case MC_SMTP_FAILURE_NO_MECHANISM:
    default:
      {
        g_autofree char *why = as_sentence (greeting->error);

        mc_finding_complete (f, MC_STATUS_ERROR, "check-failed",
                             _("The greeting could not be read. %s"), why);
      }
      return;
    }

  /* The greeting was fine; now the EHLO that follows it. */
  switch (ehlo->failure)
    {
    case MC_SMTP_FAILURE_NONE:
      break;
    case MC_SMTP_FAILURE_REPLY:
      {
        g_autofree char *text = reply_text (ehlo->reply);

        mc_finding_complete (f, MC_STATUS_FAIL, "ehlo-refused",
                             _("The server greeted but refused the EHLO that every mail program "
                               "sends next: “%s”."), text);
      }
      return;
    case MC_SMTP_FAILURE_PROTOCOL:
      {
        g_autofree char *why = as_sentence (ehlo->error);

        mc_finding_complete (f, MC_STATUS_FAIL, "not-smtp",
                             _("The server's answer to EHLO is broken. %s"), why);
      }
      return;
    case MC_SMTP_FAILURE_TIMEOUT:
      mc_finding_complete (f, MC_STATUS_FAIL, "greeting-silent",
                           _("The server greeted but did not answer EHLO within %u seconds."),
                           timeout_s);
      return;
    case MC_SMTP_FAILURE_CANCELLED:
      mc_finding_complete (f, MC_STATUS_ERROR, NULL, _("Cancelled"));
      return;
    case MC_SMTP_FAILURE_CLOSED:
    case MC_SMTP_FAILURE_RESET:
    case MC_SMTP_FAILURE_CONNECT:
    case MC_SMTP_FAILURE_HTTP:
    case MC_SMTP_FAILURE_TLS_EXPECTED:
    case MC_SMTP_FAILURE_NOT_OFFERED:
    case MC_SMTP_FAILURE_INJECTION:
    case MC_SMTP_FAILURE_TLS:
    case MC_SMTP_FAILURE_NO_PASSWORD:
    case MC_SMTP_FAILURE_PLAINTEXT:
    case MC_SMTP_FAILURE_NO_MECHANISM:
    default:
      mc_finding_complete (f, MC_STATUS_FAIL, "greeting-closed",
                           _("The server greeted, then dropped the connection when it got EHLO."));
      return;
    }

  if (r->used_helo)
    mc_finding_complete (f, MC_STATUS_WARN, "ehlo-refused",
                         _("The server understands only the old HELO greeting, so it offers no "
                           "encryption and no log-in."));
  else
    {
      g_autofree char *took = mc_format_duration (greeting->ms);

      mc_finding_complete (f, MC_STATUS_OK, NULL, _("The server greets in %s: “%s”."), took,
                           greeting_text);
    }
}

void
mc_smtp_verdict_greeting (const McSmtpVerdict *probe)
{
  const McSmtpResult *r = result_of (probe);
  McFinding *f = probe->greeting;
  JsonObject *evidence = mc_finding_get_evidence (f);
  const McSmtpStepResult *greeting = &r->steps[MC_SMTP_STEP_GREETING];
  McSmtpStep ehlo_step = configured_security (probe) == MC_SECURITY_TLS ? MC_SMTP_STEP_EHLO_TLS
                                                                        : MC_SMTP_STEP_EHLO;
  const McSmtpCapabilities *caps = ehlo_step == MC_SMTP_STEP_EHLO ? &r->ehlo : &r->ehlo_tls;
  guint16 port = configured_port (probe);
  g_autofree char *greeting_text = reply_text (greeting->reply);

  json_object_set_int_member (evidence, "port", port);
  if (r->connected_address != NULL)
    json_object_set_string_member (evidence, "address", r->connected_address);
  json_object_set_string_member (evidence, "greeting", greeting_text);
  json_object_set_int_member (evidence, "ms", greeting->ms);
  if (caps->client_ip != NULL)
    {
      json_object_set_string_member (evidence, "client_ip", caps->client_ip);
      g_free (probe->ctx->client_ip);
      probe->ctx->client_ip = g_strdup (caps->client_ip);
    }
  add_transcript (probe, f, MC_SMTP_STEP_CONNECT, MC_SMTP_STEP_GREETING);
  if (ehlo_step == MC_SMTP_STEP_EHLO)
    add_transcript (probe, f, MC_SMTP_STEP_EHLO, MC_SMTP_STEP_EHLO);

  mc_finding_complete_twice (f, greeting_summary, (gpointer) probe);
}

/* Security products that put their own certificate in place of the server's
 * to read encrypted mail. Their certificates name them. */
static const char *
interception_vendor (GTlsCertificate *certificate)
{
  static const struct { const char *needle; const char *vendor; } vendors[] = {
    { "ESET", "ESET" }, { "Kaspersky", "Kaspersky" }, { "Avast", "Avast" }, { "AVG", "AVG" },
    { "Bitdefender", "Bitdefender" }, { "Norton", "Norton" }, { "Symantec", "Symantec" },
    { "McAfee", "McAfee" }, { "Trend Micro", "Trend Micro" }, { "Sophos", "Sophos" },
    { "Fortinet", "Fortinet" }, { "FortiGate", "Fortinet" }, { "Zscaler", "Zscaler" },
    { "Palo Alto", "Palo Alto Networks" }, { "Netskope", "Netskope" }, { "Cisco Umbrella", "Cisco Umbrella" },
    { "Blue Coat", "Blue Coat" }, { "Check Point", "Check Point" }, { "WatchGuard", "WatchGuard" },
    { "F-Secure", "F-Secure" }, { "SSL Filter", NULL }, { "Mail Shield", NULL }, { "Web Shield", NULL },
  };
  g_autofree char *issuer = NULL;

  if (certificate == NULL)
    return NULL;
  issuer = g_tls_certificate_get_issuer_name (certificate);
  for (guint i = 0; issuer != NULL && i < G_N_ELEMENTS (vendors); i++)
    {
      if (strstr (issuer, vendors[i].needle) != NULL)
        return vendors[i].vendor != NULL ? vendors[i].vendor : _("security software");
    }
  return NULL;
}

static char *
format_date (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (when);
  return g_date_time_format (local, "%Y-%m-%d");
}

static void
add_certificate_evidence (JsonObject      *evidence,
                          GTlsCertificate *certificate)
{
  JsonObject *cert = json_object_new ();
  g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);
  g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);
  g_autoptr(GDateTime) before = g_tls_certificate_get_not_valid_before (certificate);
  g_autoptr(GDateTime) after = g_tls_certificate_get_not_valid_after (certificate);
  g_autoptr(GPtrArray) names = g_tls_certificate_get_dns_names (certificate);
  JsonArray *list = json_array_new ();

  json_object_set_string_member (cert, "subject", subject ? subject : "");
  json_object_set_string_member (cert, "issuer", issuer ? issuer : "");
  if (before != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (before);

      json_object_set_string_member (cert, "not_before", text);
    }
  if (after != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (after);

      json_object_set_string_member (cert, "not_after", text);
    }
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      GBytes *name = g_ptr_array_index (names, i);
      gsize length;
      const char *data = g_bytes_get_data (name, &length);
      g_autofree char *text = g_strndup (data, length);

      json_array_add_string_element (list, text);
    }
  json_object_set_array_member (cert, "dns_names", list);
  json_object_set_object_member (evidence, "certificate", cert);
}

static char *
certificate_names (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) names = g_tls_certificate_get_dns_names (certificate);
  GString *out = g_string_new (NULL);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      gsize length;
      const char *data = g_bytes_get_data (g_ptr_array_index (names, i), &length);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_len (out, data, length);
    }
  if (out->len == 0)
    {
      g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);

      g_string_append (out, subject ? subject : "?");
    }
  return g_string_free (out, FALSE);
}

static void
add_errors_evidence (JsonObject           *evidence,
                     GTlsCertificateFlags  errors)
{
  static const struct { GTlsCertificateFlags flag; const char *name; } names[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "unknown-ca" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "bad-identity" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not-activated" },
    { G_TLS_CERTIFICATE_EXPIRED, "expired" },
    { G_TLS_CERTIFICATE_REVOKED, "revoked" },
    { G_TLS_CERTIFICATE_INSECURE, "insecure" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "generic-error" },
  };
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (errors & names[i].flag)
        json_array_add_string_element (list, names[i].name);
    }
  json_object_set_array_member (evidence, "certificate_errors", list);
}

/* A refused certificate, in words: the most telling reason first. */
static void
complete_certificate_failure (const McSmtpVerdict *probe,
                              McFinding           *f)
{
  const McSmtpResult *r = result_of (probe);
  GTlsCertificate *certificate = r->peer_certificate;
  GTlsCertificateFlags errors = r->certificate_errors;
  const char *host = mc_account_get_host (probe->ctx->account);
  const char *vendor = interception_vendor (certificate);

  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    {
      g_autoptr(GDateTime) after = g_tls_certificate_get_not_valid_after (certificate);
      g_autofree char *date = format_date (after);

      mc_finding_complete (f, MC_STATUS_FAIL, "cert-expired",
                           _("The server's certificate expired on %s, so the connection cannot be "
                             "trusted. The mail provider must renew it."), date);
    }
  else if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    {
      g_autoptr(GDateTime) before = g_tls_certificate_get_not_valid_before (certificate);
      g_autofree char *date = format_date (before);

      mc_finding_complete (f, MC_STATUS_FAIL, "cert-not-yet-valid",
                           _("The server's certificate is valid only from %s. Check that this "
                             "computer's date and time are right."), date);
    }
  else if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    {
      g_autofree char *names = certificate_names (certificate);

      mc_finding_complete (f, MC_STATUS_FAIL, "cert-wrong-host",
                           _("The server's certificate is for %s, not for %s. Use the server name "
                             "that your mail provider gives."), names, host);
    }
  else if ((errors & G_TLS_CERTIFICATE_UNKNOWN_CA) && vendor != NULL)
    mc_finding_complete (f, MC_STATUS_FAIL, "tls-intercepted",
                         _("The certificate comes from %s, which inspects encrypted connections, "
                           "and this computer does not trust it. Turn off its mail scanning or "
                           "add an exception for your mail program."), vendor);
  else if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    {
      g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);
      g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);

      if (subject != NULL && g_strcmp0 (subject, issuer) == 0)
        mc_finding_complete (f, MC_STATUS_FAIL, "cert-self-signed",
                             _("The server's certificate is self-signed: no trusted authority "
                               "vouches for it, so anyone could pretend to be this server."));
      else
        mc_finding_complete (f, MC_STATUS_FAIL, "cert-unknown-ca",
                             _("The server's certificate is from an authority this computer does "
                               "not trust (%s)."), issuer ? issuer : "?");
    }
  else if (errors & G_TLS_CERTIFICATE_REVOKED)
    mc_finding_complete (f, MC_STATUS_FAIL, "cert-revoked",
                         _("The server's certificate has been revoked."));
  else
    mc_finding_complete (f, MC_STATUS_FAIL, "cert-insecure",
                         _("The server's certificate cannot be trusted (it is weak or broken)."));
}

/* The summary of server.tls, in the language of the pass. */
static void
tls_summary (McFinding *f,
             gpointer   user_data)
{
  const McSmtpVerdict *probe = user_data;
  const McSmtpResult *r = result_of (probe);
  const McSmtpStepResult *tls = &r->steps[MC_SMTP_STEP_TLS];
  const McSmtpStepResult *ehlo_tls = &r->steps[MC_SMTP_STEP_EHLO_TLS];
  McSecurity security = configured_security (probe);
  guint16 port = configured_port (probe);

  if (security == MC_SECURITY_NONE)
    {
      if (r->ehlo.starttls)
        mc_finding_complete (f, MC_STATUS_WARN, "tls-off",
                             _("The connection is not encrypted, because the security setting is "
                               "“None”. The server offers STARTTLS: turn it on."));
      else
        mc_finding_complete (f, MC_STATUS_WARN, "tls-unavailable",
                             _("The server offers no encryption on port %u: the password and "
                               "messages travel readable by others."), port);
      return;
    }

  switch (tls->failure)
    {
    case MC_SMTP_FAILURE_NONE:
      break;
    case MC_SMTP_FAILURE_NOT_OFFERED:
      mc_finding_complete (f, MC_STATUS_FAIL, "starttls-not-offered",
                           _("The server does not offer encryption (STARTTLS) on port %u. The port "
                             "or the server name is probably wrong."), port);
      return;
    case MC_SMTP_FAILURE_REPLY:
      {
        g_autofree char *text = reply_text (tls->reply);

        mc_finding_complete (f, MC_STATUS_FAIL, "starttls-refused",
                             _("The server offers encryption but refused to start it: “%s”. This "
                               "is a problem on the server; tell your mail provider."), text);
      }
      return;
    case MC_SMTP_FAILURE_INJECTION:
      mc_finding_complete (f, MC_STATUS_FAIL, "starttls-injection",
                           _("Text was slipped into the connection just before encryption began. "
                             "Something between this computer and the server tampers with mail "
                             "traffic; the check stopped there for safety."));
      return;
    case MC_SMTP_FAILURE_TLS:
      if (r->peer_certificate != NULL && r->certificate_errors != 0)
        complete_certificate_failure (probe, f);
      else if (security == MC_SECURITY_TLS &&
               g_error_matches (tls->error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
        mc_finding_complete (f, MC_STATUS_FAIL, "tls-not-implicit",
                             _("The server on port %u does not use SSL/TLS from the first byte. "
                               "Set the security to STARTTLS."), port);
      else
        {
          g_autofree char *why = as_sentence (tls->error);

          mc_finding_complete (f, MC_STATUS_FAIL, "tls-handshake",
                               _("Encryption could not be set up with the server. %s"), why);
        }
      return;
    case MC_SMTP_FAILURE_TIMEOUT:
      mc_finding_complete (f, MC_STATUS_FAIL, "tls-handshake",
                           _("The server did not finish setting up encryption within %u seconds."),
                           probe->ctx->timeout_ms / 1000);
      return;
    case MC_SMTP_FAILURE_CANCELLED:
      mc_finding_complete (f, MC_STATUS_ERROR, NULL, _("Cancelled"));
      return;
    case MC_SMTP_FAILURE_CLOSED:
    case MC_SMTP_FAILURE_RESET:
    case MC_SMTP_FAILURE_PROTOCOL:
    case MC_SMTP_FAILURE_CONNECT:
    case MC_SMTP_FAILURE_HTTP:
    case MC_SMTP_FAILURE_TLS_EXPECTED:
    case MC_SMTP_FAILURE_NO_PASSWORD:
    case MC_SMTP_FAILURE_PLAINTEXT:
    case MC_SMTP_FAILURE_NO_MECHANISM:
    default:
      {
        g_autofree char *why = tls->error ? as_sentence (tls->error)
                                          : g_strdup (_("The connection ended."));

        mc_finding_complete (f, MC_STATUS_FAIL, "tls-handshake",
                             _("Encryption could not be set up with the server. %s"), why);
      }
      return;
    }

  if (security == MC_SECURITY_STARTTLS && ehlo_tls->failure != MC_SMTP_FAILURE_NONE)
    {
      mc_finding_complete (f, MC_STATUS_FAIL, "tls-handshake",
                           _("Encryption started, but then the server stopped answering (%s)."),
                           ehlo_tls->error ? ehlo_tls->error->message
                                           : ehlo_tls->reply ? ehlo_tls->reply->lines[0] : "EHLO");
      return;
    }

  {
    g_autoptr(GDateTime) after = g_tls_certificate_get_not_valid_after (r->peer_certificate);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *until = format_date (after);
    const char *vendor = interception_vendor (r->peer_certificate);
    gint64 days_left = after ? g_date_time_difference (after, now) / G_TIME_SPAN_DAY : G_MAXINT;

    if (r->tls_version == G_TLS_PROTOCOL_VERSION_TLS_1_0 ||
        r->tls_version == G_TLS_PROTOCOL_VERSION_TLS_1_1 ||
        r->tls_version == G_TLS_PROTOCOL_VERSION_SSL_3_0)
      mc_finding_complete (f, MC_STATUS_WARN, "tls-old-version",
                           _("Encrypted, but with %s, an old version that mail providers and mail "
                             "programs are turning off. The server needs an update."),
                           tls_version_label (r->tls_version));
    else if (vendor != NULL)
      mc_finding_complete (f, MC_STATUS_WARN, "tls-intercepted",
                           _("%s reads this encrypted connection: its own certificate stands in "
                             "for the server's. If sending fails, add an exception for your mail "
                             "program or turn off its mail scanning."), vendor);
    else if (days_left < 14)
      mc_finding_complete (f, MC_STATUS_WARN, "cert-expiring",
                           g_dngettext (GETTEXT_PACKAGE,
                                        "Encrypted, but the server's certificate expires on %s, "
                                        "in %d day. The mail provider must renew it soon.",
                                        "Encrypted, but the server's certificate expires on %s, "
                                        "in %d days. The mail provider must renew it soon.",
                                        (gulong) MAX (days_left, 0)),
                           until, (int) MAX (days_left, 0));
    else
      mc_finding_complete (f, MC_STATUS_OK, NULL,
                           _("Encrypted with %s; the certificate is valid until %s."),
                           tls_version_label (r->tls_version), until);
  }
}

void
mc_smtp_verdict_tls (const McSmtpVerdict *probe)
{
  const McSmtpResult *r = result_of (probe);
  McFinding *f = probe->tls;
  JsonObject *evidence = mc_finding_get_evidence (f);
  McSecurity security = configured_security (probe);

  json_object_set_string_member (evidence, "mode", mc_security_to_string (security));
  add_transcript (probe, f, MC_SMTP_STEP_TLS, MC_SMTP_STEP_TLS);
  if (security == MC_SECURITY_STARTTLS)
    add_transcript (probe, f, MC_SMTP_STEP_EHLO_TLS, MC_SMTP_STEP_EHLO_TLS);

  if (security != MC_SECURITY_NONE)
    {
      if (r->peer_certificate != NULL)
        add_certificate_evidence (evidence, r->peer_certificate);
      add_errors_evidence (evidence, r->certificate_errors);
      json_object_set_boolean_member (evidence, "trusted_by_ca_file", r->trusted_by_extra_ca);
      if (r->steps[MC_SMTP_STEP_TLS].failure == MC_SMTP_FAILURE_NONE)
        {
          json_object_set_string_member (evidence, "version", tls_version_label (r->tls_version));
          if (r->tls_cipher != NULL)
            json_object_set_string_member (evidence, "cipher", r->tls_cipher);
        }
    }

  mc_finding_complete_twice (f, tls_summary, (gpointer) probe);
}

/* Where the password came from, for scripts: "given" (typed in, or on
 * standard input), the account's password source, or "none". */
static const char *
password_source_token (McProbeContext *ctx)
{
  if (ctx->password_given)
    return "given";
  return mc_password_source_to_string (mc_account_get_password_source (ctx->account));
}

static const char *
secrets_error_token (const GError *error)
{
  if (error->domain != MC_SECRETS_ERROR)
    return "failed";
  switch ((McSecretsError) error->code)
    {
    case MC_SECRETS_ERROR_NO_SERVICE: return "no-service";
    case MC_SECRETS_ERROR_LOCKED:     return "locked";
    case MC_SECRETS_ERROR_NOT_FOUND:  return "not-found";
    case MC_SECRETS_ERROR_UNREADABLE: return "unreadable";
    case MC_SECRETS_ERROR_FAILED:
    default:                          return "failed";
    }
}

static gboolean
offers_oauth_only (GStrv mechanisms)
{
  gboolean oauth = FALSE;

  for (guint i = 0; mechanisms != NULL && mechanisms[i] != NULL; i++)
    {
      if (g_str_equal (mechanisms[i], "XOAUTH2") || g_str_equal (mechanisms[i], "OAUTHBEARER"))
        oauth = TRUE;
    }
  return oauth;
}

/* The summary of server.auth, in the language of the pass. */
static void
auth_summary (McFinding *f,
              gpointer   user_data)
{
  const McSmtpVerdict *probe = user_data;
  const McSmtpResult *r = result_of (probe);
  const McSmtpStepResult *auth = &r->steps[MC_SMTP_STEP_AUTH];
  const McSmtpCapabilities *caps = mc_smtp_result_final_capabilities (r);
  g_autofree char *mechanisms = caps->auth ? g_strjoinv (", ", caps->auth) : g_strdup ("");
  g_autofree char *text = reply_text (auth->reply);

  switch (auth->failure)
    {
    case MC_SMTP_FAILURE_NONE:
      mc_finding_complete (f, MC_STATUS_OK, NULL, _("Logged in with %s."), r->auth_mechanism);
      return;
    case MC_SMTP_FAILURE_NO_PASSWORD:
      if (caps->auth == NULL)
        mc_finding_complete (f, MC_STATUS_WARN, "auth-not-offered",
                             _("The server does not offer log-in (AUTH) here. Mail to other "
                               "domains will probably be refused (“Relay access denied”)."));
      else if (offers_oauth_only (caps->auth) && strstr (mechanisms, "PLAIN") == NULL &&
               strstr (mechanisms, "LOGIN") == NULL)
        mc_finding_complete (f, MC_STATUS_INFO, "auth-oauth-only",
                             _("The server accepts only sign-in through the provider's web page "
                               "(OAuth 2.0). Set the authentication in your mail program to "
                               "OAuth2; a password will not work."));
      else if (probe->ctx->password_problem != NULL)
        mc_finding_complete (f, MC_STATUS_INFO,
                             g_error_matches (probe->ctx->password_problem, MC_SECRETS_ERROR,
                                              MC_SECRETS_ERROR_LOCKED)
                             ? "password-keyring-locked" : "password-unavailable",
                             /* Translators: %s is the list of log-in methods, then why
                                the password could not be had, as a sentence. */
                             _("The server offers log-in (%s). The log-in was not tested: %s"),
                             mechanisms, probe->ctx->password_problem->message);
      else
        mc_finding_complete (f, MC_STATUS_INFO, "auth-not-tested",
                             _("The server offers log-in (%s). The log-in itself was not tested, "
                               "because no password was given."), mechanisms);
      return;
    case MC_SMTP_FAILURE_NOT_OFFERED:
      mc_finding_complete (f, MC_STATUS_WARN, "auth-not-offered",
                           _("The server does not offer log-in (AUTH) here. Mail to other "
                             "domains will probably be refused (“Relay access denied”)."));
      return;
    case MC_SMTP_FAILURE_PLAINTEXT:
      mc_finding_complete (f, MC_STATUS_FAIL, "auth-plaintext-refused",
                           _("Mail Checkup did not send your password, because the connection is "
                             "not encrypted. Turn on encryption (STARTTLS or SSL/TLS) in your mail "
                             "program."));
      return;
    case MC_SMTP_FAILURE_NO_MECHANISM:
      if (offers_oauth_only (caps->auth))
        mc_finding_complete (f, MC_STATUS_INFO, "auth-oauth-only",
                             _("The server accepts only sign-in through the provider's web page "
                               "(OAuth 2.0). Set the authentication in your mail program to "
                               "OAuth2; a password will not work."));
      else
        mc_finding_complete (f, MC_STATUS_FAIL, "auth-no-mechanism",
                             _("The server offers only log-in methods that Mail Checkup does not "
                               "know (%s)."), mechanisms);
      return;
    case MC_SMTP_FAILURE_REPLY:
      switch (auth->reply->code)
        {
        case 535:
          mc_finding_complete (f, MC_STATUS_FAIL, "auth-failed",
                               _("The server refused the user name or the password: “%s”. Check "
                                 "both; the user name is often the whole e-mail address."), text);
          return;
        case 534:
          mc_finding_complete (f, MC_STATUS_FAIL, "auth-app-password",
                               _("The provider wants an app password or a sign-in on its web "
                                 "page: “%s”. Make an app password in your account's security "
                                 "settings and use it instead of your usual password."), text);
          return;
        case 530:
        case 538:
          mc_finding_complete (f, MC_STATUS_FAIL, "auth-encryption-required",
                               _("The server wants encryption before log-in: “%s”. Turn on "
                                 "STARTTLS or SSL/TLS."), text);
          return;
        case 454:
          mc_finding_complete (f, MC_STATUS_ERROR, "auth-temporary",
                               _("The server could not check the log-in right now: “%s”. Try "
                                 "again later."), text);
          return;
        default:
          mc_finding_complete (f, MC_STATUS_FAIL, "auth-refused",
                               _("The server refused the log-in: “%s”."), text);
          return;
        }
    case MC_SMTP_FAILURE_CANCELLED:
      mc_finding_complete (f, MC_STATUS_ERROR, NULL, _("Cancelled"));
      return;
    case MC_SMTP_FAILURE_TIMEOUT:
    case MC_SMTP_FAILURE_CLOSED:
    case MC_SMTP_FAILURE_RESET:
    case MC_SMTP_FAILURE_PROTOCOL:
    case MC_SMTP_FAILURE_CONNECT:
    case MC_SMTP_FAILURE_HTTP:
    case MC_SMTP_FAILURE_TLS_EXPECTED:
    case MC_SMTP_FAILURE_INJECTION:
    case MC_SMTP_FAILURE_TLS:
    default:
      mc_finding_complete (f, MC_STATUS_FAIL, "auth-refused",
                           _("The server stopped answering during log-in (%s)."),
                           auth->error ? auth->error->message : _("no reply"));
      return;
    }
}

void
mc_smtp_verdict_auth (const McSmtpVerdict *probe)
{
  const McSmtpResult *r = result_of (probe);
  McFinding *f = probe->auth;
  JsonObject *evidence = mc_finding_get_evidence (f);
  const McSmtpStepResult *auth = &r->steps[MC_SMTP_STEP_AUTH];
  const McSmtpCapabilities *caps = mc_smtp_result_final_capabilities (r);
  JsonArray *list = json_array_new ();

  for (guint i = 0; caps->auth != NULL && caps->auth[i] != NULL; i++)
    json_array_add_string_element (list, caps->auth[i]);
  json_object_set_array_member (evidence, "mechanisms", list);
  json_object_set_string_member (evidence, "password_source", password_source_token (probe->ctx));
  if (probe->ctx->password_problem != NULL)
    json_object_set_string_member (evidence, "password_problem",
                                   secrets_error_token (probe->ctx->password_problem));
  if (r->auth_mechanism != NULL)
    json_object_set_string_member (evidence, "mechanism", r->auth_mechanism);
  set_reply_member (evidence, "reply", auth->reply);
  add_transcript (probe, f, MC_SMTP_STEP_AUTH, MC_SMTP_STEP_AUTH);

  mc_finding_complete_twice (f, auth_summary, (gpointer) probe);
}

static gboolean
is_sender_refusal (const McSmtpReply *reply)
{
  return reply->code == 550 || reply->code == 553 || reply->code == 554 ||
         g_strcmp0 (reply->enhanced, "5.7.1") == 0;
}

/* The reply that refused the sender (MAIL FROM, or RCPT TO when the server
 * judges the sender only there), or NULL. */
static const McSmtpReply *
sender_refusal (const McSmtpResult *r)
{
  if (r->mail_reply != NULL && r->mail_reply->code != 250)
    return r->mail_reply;
  if (r->rcpt_reply != NULL && r->rcpt_reply->code != 250 && r->rcpt_reply->code != 251)
    return r->rcpt_reply;
  return NULL;
}

/* The summary of server.sender, in the language of the pass. */
static void
sender_summary (McFinding *f,
                gpointer   user_data)
{
  const McSmtpVerdict *probe = user_data;
  const McSmtpResult *r = result_of (probe);
  const McSmtpStepResult *sender = &r->steps[MC_SMTP_STEP_SENDER];
  const char *email = mc_account_get_email (probe->ctx->account);
  const McSmtpReply *refusal = sender_refusal (r);
  g_autofree char *text = NULL;
  g_autofree char *lower = NULL;

  if (sender->failure == MC_SMTP_FAILURE_NONE)
    {
      mc_finding_complete (f, MC_STATUS_OK, NULL, _("The server accepts %s as the sender."), email);
      return;
    }
  if (refusal == NULL)
    {
      mc_finding_complete (f, MC_STATUS_FAIL, "sender-no-answer",
                           _("The server stopped answering when given the sender (%s)."),
                           sender->error ? sender->error->message : _("no reply"));
      return;
    }

  text = reply_text (refusal);
  lower = g_ascii_strdown (text, -1);
  if (refusal->code == 530)
    {
      if (r->steps[MC_SMTP_STEP_AUTH].failure == MC_SMTP_FAILURE_NO_PASSWORD)
        mc_finding_complete (f, MC_STATUS_INFO, "sender-needs-login",
                             _("The server wants a log-in before it takes a sender: “%s”. Give the "
                               "password to check the sender too."), text);
      else
        mc_finding_complete (f, MC_STATUS_FAIL, "auth-encryption-required",
                             _("The server wants a log-in before it takes a sender: “%s”."), text);
    }
  else if (refusal->code == 552)
    mc_finding_complete (f, MC_STATUS_FAIL, "size-exceeded",
                         _("The server refused the message's size: “%s”."), text);
  else if (refusal->code >= 400 && refusal->code < 500)
    mc_finding_complete (f, MC_STATUS_ERROR, "sender-temporary",
                         _("The server cannot take the sender right now: “%s”. Try again later."),
                         text);
  else if (refusal == r->rcpt_reply && strstr (lower, "relay") != NULL)
    mc_finding_complete (f, MC_STATUS_FAIL,
                         r->steps[MC_SMTP_STEP_AUTH].failure == MC_SMTP_FAILURE_NONE ? "sender-rejected"
                                                                                 : "auth-not-offered",
                         _("The server refused to pass the mail on: “%s”. It takes mail for other "
                           "addresses only after a log-in."), text);
  else if (is_sender_refusal (refusal))
    mc_finding_complete (f, MC_STATUS_FAIL, "sender-rejected",
                         _("The server does not allow sending as %s: “%s”. Use the address that "
                           "belongs to this account, or ask your provider to allow it."),
                         email, text);
  else
    mc_finding_complete (f, MC_STATUS_FAIL, "sender-rejected",
                         _("The server refused the sender: “%s”."), text);
}

void
mc_smtp_verdict_sender (const McSmtpVerdict *probe)
{
  const McSmtpResult *r = result_of (probe);
  McFinding *f = probe->sender;
  JsonObject *evidence = mc_finding_get_evidence (f);
  const char *email = mc_account_get_email (probe->ctx->account);

  if (email == NULL)
    {
      mc_probe_complete_text (f, MC_STATUS_INFO, NULL,
                              N_("Not checked: no e-mail address was given."));
      return;
    }

  json_object_set_string_member (evidence, "mail_from", email);
  json_object_set_boolean_member (evidence, "pipelined", mc_smtp_result_final_capabilities (r)->pipelining);
  set_reply_member (evidence, "mail_reply", r->mail_reply);
  set_reply_member (evidence, "rcpt_reply", r->rcpt_reply);
  add_transcript (probe, f, MC_SMTP_STEP_SENDER, MC_SMTP_STEP_SENDER);

  mc_finding_complete_twice (f, sender_summary, (gpointer) probe);
}

/* The summary of server.size, in the language of the pass. */
static void
size_summary (McFinding *f,
              gpointer   user_data)
{
  const McSmtpCapabilities *caps = user_data;

  if (caps->size_offered && caps->size_limit > 0)
    {
      g_autofree char *size = g_format_size (caps->size_limit);
      /* Attachments are sent in base64, which makes them a third larger. */
      g_autofree char *attachment = g_format_size (caps->size_limit / 4 * 3);
      g_autofree char *bytes = g_strdup_printf ("%" G_GINT64_FORMAT, caps->size_limit);

      mc_finding_complete (f, MC_STATUS_OK, NULL,
                           /* Translators: a size such as “10.2 MB”, the exact number of bytes,
                            * then the size of the attachments that fit. */
                           _("The server takes messages up to %s (%s bytes): attachments of up "
                             "to about %s in all."), size, bytes, attachment);
    }
  else if (caps->size_offered)
    mc_finding_complete (f, MC_STATUS_OK, NULL, _("The server announces no fixed size limit."));
  else
    mc_finding_complete (f, MC_STATUS_INFO, NULL,
                         _("The server does not announce a size limit (not advertised)."));
}

void
mc_smtp_verdict_size (const McSmtpVerdict *probe)
{
  const McSmtpResult *r = result_of (probe);
  const McSmtpCapabilities *caps = mc_smtp_result_final_capabilities (r);
  McFinding *f = probe->size;
  JsonObject *evidence = mc_finding_get_evidence (f);

  if (caps->size_offered && caps->size_limit > 0)
    {
      json_object_set_int_member (evidence, "limit_bytes", caps->size_limit);
      mc_finding_add_detail (f, "SIZE %" G_GINT64_FORMAT, caps->size_limit);
    }
  else
    {
      json_object_set_null_member (evidence, "limit_bytes");
      if (caps->size_offered)
        mc_finding_add_detail (f, "SIZE");
    }
  mc_finding_complete_twice (f, size_summary, (gpointer) caps);
}
