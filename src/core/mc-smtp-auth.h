/* mc-smtp-auth.h: SMTP log-in (SASL PLAIN, LOGIN, CRAM-MD5): choosing a mechanism and computing answers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A string that holds a secret: wiped before it is freed. */
typedef char McSecret;

void        mc_secret_free              (McSecret    *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSecret, mc_secret_free)

const char *mc_smtp_auth_choose         (const char * const *offered);
McSecret   *mc_smtp_auth_plain          (const char  *user,
                                         const char  *password);
McSecret   *mc_smtp_auth_login_answer   (const char  *challenge,
                                         const char  *user,
                                         const char  *password,
                                         gboolean    *asks_user);
McSecret   *mc_smtp_auth_cram_md5       (const char  *challenge,
                                         const char  *user,
                                         const char  *password);

G_END_DECLS
