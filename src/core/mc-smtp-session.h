/* mc-smtp-session.h: one SMTP dialogue as a mail program has it, step by step, with a transcript.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-enums.h"
#include "mc-smtp-reply.h"

G_BEGIN_DECLS

typedef enum
{
  MC_SMTP_STEP_CONNECT,
  MC_SMTP_STEP_GREETING,
  MC_SMTP_STEP_EHLO,
  MC_SMTP_STEP_TLS,        /* STARTTLS and the handshake, or the implicit handshake */
  MC_SMTP_STEP_EHLO_TLS,   /* EHLO again, inside TLS */
  MC_SMTP_STEP_AUTH,
  MC_SMTP_STEP_SENDER,     /* MAIL FROM and RCPT TO */
  MC_SMTP_STEP_QUIT,       /* RSET and QUIT */
  MC_SMTP_N_STEPS
} McSmtpStep;

/* Why a step did not get a reply it could use. */
typedef enum
{
  MC_SMTP_FAILURE_NONE,
  MC_SMTP_FAILURE_CONNECT,        /* no TCP connection: see error */
  MC_SMTP_FAILURE_TIMEOUT,        /* nothing (complete) within the step's deadline */
  MC_SMTP_FAILURE_CLOSED,         /* the server closed the connection */
  MC_SMTP_FAILURE_RESET,          /* the connection was reset */
  MC_SMTP_FAILURE_PROTOCOL,       /* lines too long, or not SMTP: see error */
  MC_SMTP_FAILURE_HTTP,           /* a web server answered */
  MC_SMTP_FAILURE_TLS_EXPECTED,   /* the server wants TLS from the first byte */
  MC_SMTP_FAILURE_REPLY,          /* a reply that says no: see the step's reply */
  MC_SMTP_FAILURE_NOT_OFFERED,    /* STARTTLS or AUTH is not in the EHLO reply */
  MC_SMTP_FAILURE_INJECTION,      /* plaintext after "ready to start TLS" */
  MC_SMTP_FAILURE_TLS,            /* the TLS handshake failed: see error, cert */
  MC_SMTP_FAILURE_NO_PASSWORD,    /* log-in not tried: no password given */
  MC_SMTP_FAILURE_PLAINTEXT,      /* log-in not tried: the connection is not encrypted */
  MC_SMTP_FAILURE_NO_MECHANISM,   /* log-in not tried: no mechanism we can use */
  MC_SMTP_FAILURE_CANCELLED,
} McSmtpFailure;

typedef struct
{
  McSmtpFailure  failure;
  GError        *error;
  McSmtpReply   *reply;    /* the (last) reply of the step, when one came */
  gint64         ms;       /* how long the step took */
  gboolean       done;     /* the step was reached */
} McSmtpStepResult;

typedef struct
{
  McSmtpStepResult    steps[MC_SMTP_N_STEPS];
  McSmtpStep          failed_step;          /* MC_SMTP_N_STEPS when none failed */
  char               *connected_address;
  gsize               greeting_received;    /* bytes of a greeting that never completed */
  gboolean            greeting_nudged;      /* no greeting came, so we spoke first */
  McSmtpCapabilities  ehlo;                 /* before TLS (or the only one) */
  McSmtpCapabilities  ehlo_tls;             /* inside TLS */
  gboolean            used_helo;            /* EHLO was refused and HELO accepted */
  /* TLS: what was negotiated and what the certificate was. */
  gboolean            tls_established;
  GTlsProtocolVersion tls_version;
  char               *tls_cipher;
  GTlsCertificate    *peer_certificate;
  GTlsCertificateFlags certificate_errors;  /* as judged (see trusted_by_extra_ca) */
  gboolean            trusted_by_extra_ca;
  /* Log-in. */
  char               *auth_mechanism;
  /* MAIL and RCPT, which may come back in one pipelined exchange. */
  McSmtpReply        *mail_reply;
  McSmtpReply        *rcpt_reply;
} McSmtpResult;

typedef struct
{
  const char   *host;             /* the configured name: TLS identity */
  GPtrArray    *addresses;        /* GInetAddress, tried in order */
  guint16       port;             /* where to connect */
  McSecurity    security;
  const char   *user;             /* NULL: the address */
  const char   *password;         /* NULL: no log-in */
  gboolean      allow_plaintext_auth;
  const char   *mail_from;        /* NULL: stop before MAIL */
  gint64        size_hint;        /* SIZE= parameter when offered */
  GTlsDatabase *extra_ca;         /* trusted besides the system's */
  guint         step_timeout_ms;
  guint         overall_timeout_ms;
} McSmtpOptions;

typedef enum
{
  MC_SMTP_TRANSCRIPT_CLIENT,
  MC_SMTP_TRANSCRIPT_SERVER,
  MC_SMTP_TRANSCRIPT_NOTE,
} McSmtpTranscriptKind;

typedef struct
{
  gint64                ms;
  McSmtpTranscriptKind  kind;
  McSmtpStep            step;
  char                 *text;
} McSmtpTranscriptEntry;

#define MC_TYPE_SMTP_SESSION (mc_smtp_session_get_type ())

G_DECLARE_FINAL_TYPE (McSmtpSession, mc_smtp_session, MC, SMTP_SESSION, GObject)

McSmtpSession      *mc_smtp_session_new          (const McSmtpOptions  *options);
void                mc_smtp_session_run_async    (McSmtpSession        *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean            mc_smtp_session_run_finish   (McSmtpSession        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
const McSmtpResult *mc_smtp_session_get_result   (McSmtpSession        *self);
GPtrArray          *mc_smtp_session_get_transcript (McSmtpSession      *self);
char               *mc_smtp_session_format_transcript (McSmtpSession   *self,
                                                  McSmtpStep            first,
                                                  McSmtpStep            last);
const char         *mc_smtp_step_to_string       (McSmtpStep            step);

G_END_DECLS
