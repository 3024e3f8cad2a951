/* mc-test-smtp-server.h: the scripted SMTP server of tests/smtp-hostile.py, for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-test-pki.h"

G_BEGIN_DECLS

typedef struct _McTestSmtpServer McTestSmtpServer;

/* scenario: a scenario of tests/smtp-hostile.py ("ok-starttls", "silent", …).
 * pki, cert_kind: the certificate it serves; pki may be NULL for scenarios
 * without TLS, and is an error for those that need one.
 * args: more arguments for the script, NULL-terminated, or NULL
 * (e.g. "--auth-reply", "534 5.7.9 Application-specific password required"). */
McTestSmtpServer *mc_test_smtp_server_start        (const char          *scenario,
                                                    McTestPki           *pki,
                                                    McTestCertKind       cert_kind,
                                                    const char * const  *args,
                                                    GError             **error);
guint16           mc_test_smtp_server_get_port     (McTestSmtpServer    *server);
/* The credentials it accepts; the password is new for every server. */
const char       *mc_test_smtp_server_get_user     (McTestSmtpServer    *server);
const char       *mc_test_smtp_server_get_password (McTestSmtpServer    *server);
/* Its log so far: one JSON object per line (see tests/smtp-hostile.py). */
char             *mc_test_smtp_server_dup_log      (McTestSmtpServer    *server);
/* Whether the log has an event of that kind ("connect", "recv", "send",
 * "tls", "auth", "close") whose "data" contains data_substring (NULL: any).
 * An "auth" event's data reads "PLAIN user=U password_sent=true
 * password_ok=true tls=true". */
gboolean          mc_test_smtp_server_saw_event    (McTestSmtpServer    *server,
                                                    const char          *event,
                                                    const char          *data_substring);
/* The same, waiting up to timeout_ms (iterating the thread-default main
 * context) for events the server logs after the client has moved on, such
 * as "close". */
gboolean          mc_test_smtp_server_wait_event   (McTestSmtpServer    *server,
                                                    const char          *event,
                                                    const char          *data_substring,
                                                    guint                timeout_ms);
/* Waits up to timeout_ms until the server has accepted every connection
 * made so far and logged "close" for each: after the client has hung up, the
 * way to know the log is complete before asserting on it (the server notices
 * a hang-up a moment later, in its own process). FALSE if a connection stays
 * open. A scenario that sleeps (drip-feed) notices a hang-up only when it
 * next writes. */
gboolean          mc_test_smtp_server_wait_idle    (McTestSmtpServer    *server,
                                                    guint                timeout_ms);
void              mc_test_smtp_server_stop         (McTestSmtpServer    *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestSmtpServer, mc_test_smtp_server_stop)

G_END_DECLS
