/* mc-test-pki.h: a test certificate authority and server certificates of every kind, made with openssl.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The server certificates a test can ask for. Every leaf names
 * mail.example.test, localhost, 127.0.0.1 and ::1 unless said otherwise. */
typedef enum
{
  MC_TEST_CERT_GOOD,           /* from the test CA, valid for 90 days */
  MC_TEST_CERT_EXPIRED,        /* from the test CA, expired in 2020 */
  MC_TEST_CERT_NOT_YET_VALID,  /* from the test CA, valid from 2035 */
  MC_TEST_CERT_EXPIRING,       /* from the test CA, expires in 7 days */
  MC_TEST_CERT_WRONG_HOST,     /* from the test CA, only for other.example.net */
  MC_TEST_CERT_SELF_SIGNED,    /* its own issuer, not from any CA */
  MC_TEST_CERT_UNKNOWN_CA,     /* from a second CA that nobody trusts */
  MC_TEST_CERT_INTERCEPT,      /* from "ESET SSL Filter CA", a security product's CA */
} McTestCertKind;

typedef struct _McTestPki McTestPki;

McTestPki  *mc_test_pki_new           (GError         **error);
/* The test CA alone: what --ca-file is given. */
const char *mc_test_pki_get_ca_file   (McTestPki       *pki);
/* The test CA and the security product's CA in one file: a machine where
 * that product installed its root. */
const char *mc_test_pki_get_ca_bundle (McTestPki       *pki);
/* The certificate chain (leaf, then its issuer unless self-signed) and the
 * private key of a server certificate, as PEM files. */
const char *mc_test_pki_get_cert_file (McTestPki       *pki,
                                       McTestCertKind   kind);
const char *mc_test_pki_get_key_file  (McTestPki       *pki,
                                       McTestCertKind   kind);
void        mc_test_pki_free          (McTestPki       *pki);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestPki, mc_test_pki_free)

G_END_DECLS
