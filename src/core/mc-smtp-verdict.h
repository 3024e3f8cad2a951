/* mc-smtp-verdict.h: what an SMTP dialogue's result means, as findings (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-probe.h"
#include "mc-smtp-session.h"

G_BEGIN_DECLS

typedef struct
{
  McProbeContext *ctx;
  McSmtpSession  *session;    /* the dialogue with the configured port and security */
  guint16         port;       /* well-known */
  McSecurity      security;
  McFinding      *greeting;
  McFinding      *tls;
  McFinding      *auth;
  McFinding      *sender;
  McFinding      *size;
} McSmtpVerdict;

void mc_smtp_verdict_greeting (const McSmtpVerdict *verdict);
void mc_smtp_verdict_tls      (const McSmtpVerdict *verdict);
void mc_smtp_verdict_auth     (const McSmtpVerdict *verdict);
void mc_smtp_verdict_sender   (const McSmtpVerdict *verdict);
void mc_smtp_verdict_size     (const McSmtpVerdict *verdict);
const McSmtpCapabilities *mc_smtp_result_final_capabilities (const McSmtpResult *result);

G_END_DECLS
