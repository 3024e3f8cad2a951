/* mc-test-postfix.h: a private Postfix with Dovecot SASL on loopback ports, for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-test-pki.h"

G_BEGIN_DECLS

/* A real Postfix (and a Dovecot that only authenticates) under one
 * temporary folder, listening on 127.0.0.1 only, on three free ports that
 * stand for the well-known ones:
 *
 * - 587, "submission": STARTTLS with the GOOD certificate of the PKI (the
 *   chain: leaf and test CA), AUTH only after STARTTLS, SIZE 10240000,
 *   PIPELINING. Mail only once authenticated, and the sender must be owned
 *   by the login. All refusals come at RCPT, after "250 2.1.0" to MAIL:
 *   - authenticated, foreign sender: "553 5.7.1 <hanako@example.test>:
 *     Sender address rejected: not owned by user taro@example.test";
 *   - not authenticated, sender taro or hanako: "553 5.7.1 <…>: Sender
 *     address rejected: not logged in";
 *   - not authenticated, any other sender: "554 5.7.1 <rcpt>: Recipient
 *     address rejected: Access denied".
 * - 465, "smtps": the same behind implicit TLS.
 * - 25, "plain": no TLS at all (no STARTTLS), yet AUTH offered in the
 *   clear; takes mail for example.test without AUTH, like an MX. A correct
 *   client never sends a password here.
 *
 * Mechanisms everywhere: PLAIN, LOGIN and CRAM-MD5; a wrong password gets
 * "535 5.7.8" at once. The one account is taro@example.test, with a
 * password made at each start. Recipients in example.test are accepted
 * ("250 2.1.5"); any other domain is refused even after AUTH ("550 5.1.1
 * <…>: Recipient address rejected: test server"), so nothing can leave. A
 * message that does get through DATA is thrown away.
 *
 * About half a second to start, a few milliseconds to stop; several at
 * once (in one process or many) do not collide. Start it from the main
 * thread: its processes end with the thread that started them, and a
 * helper that waits on the test program ends them and removes the folder
 * when the program dies without stopping the fixture (a failed assertion,
 * SIGKILL). Needs root, and the postfix and dovecot-core packages. */
typedef struct _McTestPostfix McTestPostfix;

McTestPostfix *mc_test_postfix_start           (McTestPki      *pki,
                                                GError        **error);
/* 25, 465 or 587: the loopback port that stands for it. */
guint16        mc_test_postfix_get_port        (McTestPostfix  *pf,
                                                guint16         well_known);
/* The SASL user name, "taro@example.test". */
const char    *mc_test_postfix_get_user        (McTestPostfix  *pf);
/* 24 random characters (base64url), new at each start: a test may look
 * for it anywhere it must not appear. No log of the fixture contains it. */
const char    *mc_test_postfix_get_password    (McTestPostfix  *pf);
/* The sender address the user owns: "taro@example.test". */
const char    *mc_test_postfix_get_email       (McTestPostfix  *pf);
/* An address of the same domain the user does not own: "hanako@example.test". */
const char    *mc_test_postfix_get_other_email (McTestPostfix  *pf);
/* Postfix's log followed by Dovecot's, as far as written.
 *
 * Postfix tags each port: ".../submission/smtpd[", ".../smtps/smtpd[" and
 * ".../plain/smtpd[" (port 25). When a session ends it logs a line such as
 * "…/plain/smtpd[123]: disconnect from localhost[127.0.0.1] ehlo=1 auth=0/1
 * quit=1 commands=2/3": an "auth=" there counts the AUTH commands of that
 * session, failed ones too. A failed AUTH also logs "SASL PLAIN
 * authentication failed" at once.
 *
 * Dovecot logs every request it gets from Postfix as "auth: Debug: client
 * in: AUTH\t…", with "\tsecured" when the client spoke TLS. Such a line
 * without "secured" means a password crossed the network in the clear:
 * that can only happen on port 25.
 *
 * To prove that a client sent no AUTH on port 25, wait until the port-25
 * "disconnect from" line of its session is there (it comes last), then check
 * that it has no "auth=" and that no "client in: AUTH" line lacks "secured". */
char          *mc_test_postfix_dup_log         (McTestPostfix  *pf);
/* Stops Postfix and Dovecot, waits until all their processes are gone and
 * removes the folder. */
void           mc_test_postfix_stop            (McTestPostfix  *pf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestPostfix, mc_test_postfix_stop)

G_END_DECLS
