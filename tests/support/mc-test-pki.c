/* mc-test-pki.c: a test certificate authority and server certificates of every kind, made with openssl.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mc-test-pki.h"
#include "mc-test-janitor.h"
#include "mc-test-net.h"

#include <errno.h>
#include <glib/gstdio.h>

#define N_KINDS (MC_TEST_CERT_INTERCEPT + 1)

/* Every CA is valid long before and after any leaf, so that a leaf's own
 * dates are the only thing wrong with it. */
#define CA_START "20180101000000Z"
#define CA_END   "20500101000000Z"

struct _McTestPki
{
  McTestJanitor *janitor;  /* removes the folder if the test program dies first */
  char          *dir;
  char          *ca_file;
  char          *ca_bundle;
  char          *cert_files[N_KINDS];
  char          *key_files[N_KINDS];
};

/* One configuration for every openssl call. "openssl ca" rather than
 * "x509 -req" because only "ca" can set a start date in OpenSSL 3.0; it
 * wants a database and a serial file even with -rand_serial, and it drops
 * the subject fields that its policy does not name. Paths are relative to
 * the PKI folder, where every command runs. */
static const char openssl_cnf[] =
  "[ ca ]\n"
  "default_ca = test_ca\n"
  "[ test_ca ]\n"
  "database = ./index.txt\n"
  "serial = ./serial\n"
  "new_certs_dir = ./newcerts\n"
  "default_md = sha256\n"
  "policy = policy_any\n"
  "unique_subject = no\n"
  "email_in_dn = no\n"
  "[ policy_any ]\n"
  "commonName = supplied\n"
  "organizationName = optional\n"
  "[ req ]\n"
  "distinguished_name = req_dn\n"
  "prompt = no\n"
  "[ req_dn ]\n"
  "CN = unused\n"
  "[ ca_ext ]\n"
  "basicConstraints = critical, CA:TRUE\n"
  "keyUsage = critical, keyCertSign, cRLSign\n"
  "subjectKeyIdentifier = hash\n"
  "[ leaf_ext ]\n"
  "basicConstraints = critical, CA:FALSE\n"
  "keyUsage = critical, digitalSignature\n"
  "extendedKeyUsage = serverAuth\n"
  "subjectAltName = DNS:mail.example.test, DNS:localhost, IP:127.0.0.1, IP:::1\n"
  "subjectKeyIdentifier = hash\n"
  "authorityKeyIdentifier = keyid\n"
  "[ wrong_host_ext ]\n"
  "basicConstraints = critical, CA:FALSE\n"
  "keyUsage = critical, digitalSignature\n"
  "extendedKeyUsage = serverAuth\n"
  "subjectAltName = DNS:other.example.net\n"
  "subjectKeyIdentifier = hash\n"
  "authorityKeyIdentifier = keyid\n"
  "[ self_signed_ext ]\n"
  "basicConstraints = critical, CA:FALSE\n"
  "keyUsage = critical, digitalSignature\n"
  "extendedKeyUsage = serverAuth\n"
  "subjectAltName = DNS:mail.example.test, DNS:localhost, IP:127.0.0.1, IP:::1\n"
  "subjectKeyIdentifier = hash\n";

/* Runs openssl in the PKI folder; its error output becomes the error. */
static gboolean
run_openssl (McTestPki           *pki,
             const char * const  *args,
             GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) "openssl");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, pki->dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (process == NULL
      || !g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "openssl %s failed: %s",
                   args[0], err != NULL ? err : "");
      return FALSE;
    }
  return TRUE;
}

/* A fresh P-256 key (NAME.key) and a request for it (NAME.csr). EC keys
 * because RSA key generation would take most of the start-up time. */
static gboolean
make_request (McTestPki   *pki,
              const char  *name,
              const char  *subject,
              GError     **error)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *csr = g_strconcat (name, ".csr", NULL);
  const char *args[] = {
    "req", "-config", "openssl.cnf", "-new", "-newkey", "ec",
    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", key, "-out", csr, "-subj", subject, NULL
  };

  return run_openssl (pki, args, error);
}

/* Signs NAME.csr into NAME.crt, with the issuer ISSUER.crt/ISSUER.key, or
 * with its own key when issuer is NULL. */
static gboolean
sign_request (McTestPki   *pki,
              const char  *name,
              const char  *issuer,
              const char  *extensions,
              const char  *start,
              const char  *end,
              GError     **error)
{
  g_autofree char *csr = g_strconcat (name, ".csr", NULL);
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);
  g_autofree char *issuer_crt = g_strconcat (issuer != NULL ? issuer : name, ".crt", NULL);
  g_autofree char *issuer_key = g_strconcat (issuer != NULL ? issuer : name, ".key", NULL);
  const char *args[] = {
    "ca", "-config", "openssl.cnf", "-batch", "-notext", "-rand_serial", "-preserveDN",
    "-in", csr, "-out", crt, "-extensions", extensions,
    "-startdate", start, "-enddate", end, "-keyfile", issuer_key,
    issuer != NULL ? "-cert" : "-selfsign", issuer != NULL ? issuer_crt : NULL,
    NULL
  };

  return run_openssl (pki, args, error);
}

static gboolean
make_ca (McTestPki   *pki,
         const char  *name,
         const char  *subject,
         GError     **error)
{
  return make_request (pki, name, subject, error)
         && sign_request (pki, name, NULL, "ca_ext", CA_START, CA_END, error);
}

static gboolean
concat_files (McTestPki   *pki,
              const char  *out,
              const char  *first,
              const char  *second,
              GError     **error)
{
  g_autofree char *first_path = g_build_filename (pki->dir, first, NULL);
  g_autofree char *second_path = g_build_filename (pki->dir, second, NULL);
  g_autofree char *out_path = g_build_filename (pki->dir, out, NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *both = NULL;

  if (!g_file_get_contents (first_path, &a, NULL, error)
      || !g_file_get_contents (second_path, &b, NULL, error))
    return FALSE;
  both = g_strconcat (a, b, NULL);
  return g_file_set_contents (out_path, both, -1, error);
}

static char *
format_date (GDateTime *now,
             int        days)
{
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y%m%d%H%M%SZ");
}

/* A leaf signed by a CA: NAME.key, and NAME.pem with the leaf then its issuer. */
static gboolean
make_leaf (McTestPki       *pki,
           McTestCertKind   kind,
           const char      *name,
           const char      *issuer,
           const char      *start,
           const char      *end,
           GError         **error)
{
  gboolean wrong_host = kind == MC_TEST_CERT_WRONG_HOST;
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);
  g_autofree char *pem = g_strconcat (name, ".pem", NULL);
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *issuer_crt = g_strconcat (issuer, ".crt", NULL);

  if (!make_request (pki, name, wrong_host ? "/CN=other.example.net" : "/CN=mail.example.test",
                     error)
      || !sign_request (pki, name, issuer, wrong_host ? "wrong_host_ext" : "leaf_ext",
                        start, end, error)
      || !concat_files (pki, pem, crt, issuer_crt, error))
    return FALSE;

  pki->cert_files[kind] = g_build_filename (pki->dir, pem, NULL);
  pki->key_files[kind] = g_build_filename (pki->dir, key, NULL);
  return TRUE;
}

static gboolean
make_self_signed (McTestPki  *pki,
                  GError    **error)
{
  const char *args[] = {
    "req", "-config", "openssl.cnf", "-x509", "-new", "-newkey", "ec",
    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "90",
    "-keyout", "self-signed.key", "-out", "self-signed.pem",
    "-subj", "/CN=mail.example.test", "-extensions", "self_signed_ext", NULL
  };

  if (!run_openssl (pki, args, error))
    return FALSE;
  pki->cert_files[MC_TEST_CERT_SELF_SIGNED] = g_build_filename (pki->dir, "self-signed.pem", NULL);
  pki->key_files[MC_TEST_CERT_SELF_SIGNED] = g_build_filename (pki->dir, "self-signed.key", NULL);
  return TRUE;
}

static gboolean
make_all (McTestPki  *pki,
          GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *yesterday = format_date (now, -1);
  g_autofree char *in_7_days = format_date (now, 7);
  g_autofree char *in_90_days = format_date (now, 90);
  g_autofree char *conf = g_build_filename (pki->dir, "openssl.cnf", NULL);
  g_autofree char *index = g_build_filename (pki->dir, "index.txt", NULL);
  g_autofree char *serial = g_build_filename (pki->dir, "serial", NULL);
  g_autofree char *newcerts = g_build_filename (pki->dir, "newcerts", NULL);

  if (!g_file_set_contents (conf, openssl_cnf, -1, error)
      || !g_file_set_contents (index, "", -1, error)
      || !g_file_set_contents (serial, "01\n", -1, error))
    return FALSE;
  if (g_mkdir (newcerts, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot make %s: %s", newcerts, g_strerror (saved_errno));
      return FALSE;
    }

  if (!make_ca (pki, "ca", "/CN=Mail Checkup Test CA", error)
      || !make_ca (pki, "unknown-ca", "/CN=Unknown Test CA", error)
      || !make_ca (pki, "eset-ca", "/CN=ESET SSL Filter CA/O=ESET spol. s r.o.", error))
    return FALSE;

  if (!make_leaf (pki, MC_TEST_CERT_GOOD, "good", "ca", yesterday, in_90_days, error)
      || !make_leaf (pki, MC_TEST_CERT_EXPIRED, "expired", "ca",
                     "20190101000000Z", "20200101000000Z", error)
      || !make_leaf (pki, MC_TEST_CERT_NOT_YET_VALID, "not-yet-valid", "ca",
                     "20350101000000Z", "20360101000000Z", error)
      || !make_leaf (pki, MC_TEST_CERT_EXPIRING, "expiring", "ca", yesterday, in_7_days, error)
      || !make_leaf (pki, MC_TEST_CERT_WRONG_HOST, "wrong-host", "ca",
                     yesterday, in_90_days, error)
      || !make_leaf (pki, MC_TEST_CERT_UNKNOWN_CA, "unknown-ca-leaf", "unknown-ca",
                     yesterday, in_90_days, error)
      || !make_leaf (pki, MC_TEST_CERT_INTERCEPT, "intercept", "eset-ca",
                     yesterday, in_90_days, error)
      || !make_self_signed (pki, error))
    return FALSE;

  pki->ca_file = g_build_filename (pki->dir, "ca.crt", NULL);
  pki->ca_bundle = g_build_filename (pki->dir, "ca-bundle.pem", NULL);
  return concat_files (pki, "ca-bundle.pem", "ca.crt", "eset-ca.crt", error);
}

/**
 * mc_test_pki_new:
 *
 * Makes the three CAs and every kind of server certificate in a new
 * temporary folder, with the openssl command (about 20 runs, a fraction of
 * a second in all).
 */
McTestPki *
mc_test_pki_new (GError **error)
{
  g_autoptr(McTestPki) pki = g_new0 (McTestPki, 1);

  pki->dir = mc_test_make_tmpdir ();
  pki->janitor = mc_test_janitor_new (pki->dir, error);
  if (pki->janitor == NULL || !make_all (pki, error))
    return NULL;
  return g_steal_pointer (&pki);
}

const char *
mc_test_pki_get_ca_file (McTestPki *pki)
{
  g_return_val_if_fail (pki != NULL, NULL);

  return pki->ca_file;
}

const char *
mc_test_pki_get_ca_bundle (McTestPki *pki)
{
  g_return_val_if_fail (pki != NULL, NULL);

  return pki->ca_bundle;
}

const char *
mc_test_pki_get_cert_file (McTestPki      *pki,
                           McTestCertKind  kind)
{
  g_return_val_if_fail (pki != NULL, NULL);
  g_return_val_if_fail ((guint) kind < N_KINDS, NULL);

  return pki->cert_files[kind];
}

const char *
mc_test_pki_get_key_file (McTestPki      *pki,
                          McTestCertKind  kind)
{
  g_return_val_if_fail (pki != NULL, NULL);
  g_return_val_if_fail ((guint) kind < N_KINDS, NULL);

  return pki->key_files[kind];
}

void
mc_test_pki_free (McTestPki *pki)
{
  if (pki == NULL)
    return;
  mc_test_rm_rf (pki->dir);
  g_clear_pointer (&pki->janitor, mc_test_janitor_dismiss);
  g_free (pki->dir);
  g_free (pki->ca_file);
  g_free (pki->ca_bundle);
  for (guint i = 0; i < N_KINDS; i++)
    {
      g_free (pki->cert_files[i]);
      g_free (pki->key_files[i]);
    }
  g_free (pki);
}
