/* test-dkim.c: unit tests of the DKIM key record parser: RFC examples, real keys, broken records.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-dkim.h"

/* RFC 6376, appendix C: the "brisbane" key of the examples (1024 bits). */
#define RFC6376_KEY \
  "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjx" \
  "OCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGja" \
  "NBcWToIMmPSPDdQPNUYckcQ2QIDAQAB"

/* RFC 8463, appendix A.2: the ed25519 example key (from RFC 8032's test vector 1). */
#define RFC8463_KEY "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="

/* A 2048-bit RSA key made with openssl for these tests (also in
 * tests/zones/dkim.test.zone), as SubjectPublicKeyInfo and as a bare
 * PKCS#1 RSAPublicKey. */
#define RSA2048_SPKI \
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr3deLrYeN2E4PA5vxmuhsL+Kp2FQavK4tYcqlHl9UV++CFATrX2" \
  "Ql5GAZ6VMJq/ebqO7sUmYa0CWdsuWKQBZLW+iRdI4TKHYHOmOpEV7V8sVNH4dJlnBi5zKeqsm3Dh+/lh1mytzugdwVfYJE9" \
  "7vvH37i9X+qg8I0u3zeUbgVDmIHjxPlbGMHMS5qdBYX5SbDUL1Vj5Cxgeymlchy8AUaXqpRlQAoqn6lrjw1CyJ1/2WoPWGB" \
  "AdKGAjXWg8Qqc/obFB82PrLmYFXFY/OQPW/pv2fH1xlxgFxp7XSo95z9w3S0jtNNE8S/4Q3RQCr3rMfh9wq5T4tePXmbH0/" \
  "1oGWSwIDAQAB"
#define RSA2048_PKCS1 \
  "MIIBCgKCAQEAr3deLrYeN2E4PA5vxmuhsL+Kp2FQavK4tYcqlHl9UV++CFATrX2Ql5GAZ6VMJq/ebqO7sUmYa0CWdsuWKQB" \
  "ZLW+iRdI4TKHYHOmOpEV7V8sVNH4dJlnBi5zKeqsm3Dh+/lh1mytzugdwVfYJE97vvH37i9X+qg8I0u3zeUbgVDmIHjxPlb" \
  "GMHMS5qdBYX5SbDUL1Vj5Cxgeymlchy8AUaXqpRlQAoqn6lrjw1CyJ1/2WoPWGBAdKGAjXWg8Qqc/obFB82PrLmYFXFY/OQ" \
  "PW/pv2fH1xlxgFxp7XSo95z9w3S0jtNNE8S/4Q3RQCr3rMfh9wq5T4tePXmbH0/1oGWSwIDAQAB"

/* The RFC 8463 key as OpenSSL prints an ed25519 public key. */
#define ED25519_SPKI "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="

static void
assert_valid (McDkimKey *key)
{
  if (!mc_dkim_key_is_valid (key))
    g_error ("“%s”: %s", key->record, mc_dkim_key_get_error (key));
}

static void
test_rfc6376_example (void)
{
  g_autoptr(McDkimKey) key = mc_dkim_key_parse ("v=DKIM1; p=" RFC6376_KEY);

  assert_valid (key);
  g_assert_cmpint (key->key_type, ==, MC_DKIM_KEY_RSA);
  g_assert_cmpstr (key->key_type_name, ==, "rsa");
  g_assert_cmpuint (key->key_bits, ==, 1024);
  g_assert_false (key->rsa_pkcs1);
  g_assert_false (key->revoked);
  g_assert_false (key->testing);
  g_assert_null (key->hash_algorithms);
  g_assert_cmpuint (key->unknown_tags->len, ==, 0);
  g_assert_null (mc_dkim_key_get_error (key));
}

/* RFC 6376 §3.2: folding white space around tags and inside base64, as a
 * record split over several strings or lines may have. */
static void
test_folding_whitespace (void)
{
  g_autoptr(McDkimKey) key =
    mc_dkim_key_parse ("  v = DKIM1 ;\r\n\tk=rsa;  p = MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/"
                       "UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjx OCKG9v3b4jYfcTNh5ijSsq631uB"
                       "ItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGja\r\n "
                       "NBcWToIMmPSPDdQPNUYckcQ2QIDAQAB ; ");

  assert_valid (key);
  g_assert_cmpuint (key->key_bits, ==, 1024);
}

static void
test_rfc8463_ed25519 (void)
{
  g_autoptr(McDkimKey) key = mc_dkim_key_parse ("v=DKIM1; k=ed25519; p=" RFC8463_KEY);

  assert_valid (key);
  g_assert_cmpint (key->key_type, ==, MC_DKIM_KEY_ED25519);
  g_assert_cmpstr (key->key_type_name, ==, "ed25519");
  g_assert_cmpuint (key->key_bits, ==, 256);
  g_assert_cmpuint (g_bytes_get_size (key->key), ==, 32);
}

static void
test_rsa_2048 (void)
{
  g_autoptr(McDkimKey) spki = mc_dkim_key_parse ("v=DKIM1; k=rsa; h=sha256; s=email; p=" RSA2048_SPKI);
  g_autoptr(McDkimKey) pkcs1 = mc_dkim_key_parse ("v=DKIM1; k=rsa; p=" RSA2048_PKCS1);
  g_autoptr(McDkimKey) no_version = mc_dkim_key_parse ("p=" RSA2048_SPKI);
  g_autoptr(McDkimKey) unpadded = mc_dkim_key_parse ("v=DKIM1; p=" RFC8463_KEY "; k=ed25519");

  assert_valid (spki);
  g_assert_cmpuint (spki->key_bits, ==, 2048);
  g_assert_false (spki->rsa_pkcs1);
  g_assert_cmpstr (spki->hash_algorithms, ==, "sha256");
  g_assert_cmpstr (spki->service_types, ==, "email");

  /* Read, and flagged: not every verifier reads the bare form. */
  assert_valid (pkcs1);
  g_assert_cmpuint (pkcs1->key_bits, ==, 2048);
  g_assert_true (pkcs1->rsa_pkcs1);

  /* v= is optional (RFC 6376 §3.6.1), and so is k= (rsa). */
  assert_valid (no_version);
  g_assert_cmpuint (no_version->key_bits, ==, 2048);

  assert_valid (unpadded);
}

static void
test_missing_padding (void)
{
  /* "=" dropped from the end: forgiven, as verifiers forgive it. */
  g_autoptr(McDkimKey) key = mc_dkim_key_parse ("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo");

  assert_valid (key);
  g_assert_cmpuint (key->key_bits, ==, 256);
}

static void
test_revoked (void)
{
  g_autoptr(McDkimKey) key = mc_dkim_key_parse ("v=DKIM1; k=rsa; p=");
  g_autoptr(McDkimKey) spaces = mc_dkim_key_parse ("v=DKIM1; p=  ; n=retired 2023");

  assert_valid (key);
  g_assert_true (key->revoked);
  g_assert_null (key->key);
  g_assert_cmpuint (key->key_bits, ==, 0);

  assert_valid (spaces);
  g_assert_true (spaces->revoked);
  g_assert_cmpstr (spaces->notes, ==, "retired 2023");
}

static void
test_flags (void)
{
  g_autoptr(McDkimKey) testing = mc_dkim_key_parse ("v=DKIM1; t=y; p=" RFC6376_KEY);
  g_autoptr(McDkimKey) both = mc_dkim_key_parse ("v=DKIM1; t = y : s : x; p=" RFC6376_KEY);
  g_autoptr(McDkimKey) strict = mc_dkim_key_parse ("v=DKIM1; t=s; p=" RFC6376_KEY);

  assert_valid (testing);
  g_assert_true (testing->testing);
  g_assert_false (testing->strict);
  /* Unknown flags are ignored. */
  assert_valid (both);
  g_assert_true (both->testing);
  g_assert_true (both->strict);
  assert_valid (strict);
  g_assert_false (strict->testing);
  g_assert_true (strict->strict);
}

static void
test_unknown_tags (void)
{
  g_autoptr(McDkimKey) key = mc_dkim_key_parse ("v=DKIM1; g=*; x_future=1; h=sha1:sha256; s=*; p=" RFC6376_KEY);

  assert_valid (key);
  g_assert_cmpuint (key->unknown_tags->len, ==, 2);
  g_assert_cmpstr (key->unknown_tags->pdata[0], ==, "g");
  g_assert_cmpstr (key->unknown_tags->pdata[1], ==, "x_future");
}

/* Each broken record, the kind of problem and the words that name it. */
static void
test_broken (void)
{
  static const struct
  {
    const char          *record;
    McRecordProblemCode  code;
    const char          *words;
  } cases[] = {
    { "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEB!QUAA4GNADCBiQKBgQDwIRP",
      MC_RECORD_PROBLEM_BASE64, "the p= tag is not valid base64 (it contains the character “!”)" },
    { "v=DKIM1; p=MIGfMA0GC",
      MC_RECORD_PROBLEM_BASE64, "the p= tag is not valid base64 (its length is wrong" },
    { "v=DKIM1; p=MIGf=MA0",
      MC_RECORD_PROBLEM_BASE64, "the p= tag is not valid base64" },
    { "v=DKIM1; p=QUJD===",
      MC_RECORD_PROBLEM_BASE64, "its length is wrong" },
    { "v=DKIM1; k=dsa; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_KEY_TYPE, "unknown key type k=dsa" },
    { "k=rsa; v=DKIM1; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_VERSION, "the record does not start with v=DKIM1" },
    { "v=DKIM2; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_VERSION, "the record does not start with v=DKIM1 (it says v=DKIM2)" },
    { "v=dkim1; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_VERSION, "the record does not start with v=DKIM1" },
    { "v=DKIM1; k=rsa",
      MC_RECORD_PROBLEM_MISSING, "the record has no p= tag" },
    { "v=DKIM1; p=QUJD",
      MC_RECORD_PROBLEM_KEY, "the p= tag is not an RSA public key" },
    /* The 2048-bit key cut short at a multiple of four characters. */
    { "v=DKIM1; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr3deLrYeN2E4PA5vxmuhsL+Kp2FQavK4",
      MC_RECORD_PROBLEM_KEY, "the p= tag is not an RSA public key" },
    { "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHUQ==",
      MC_RECORD_PROBLEM_KEY, "an ed25519 key is 32 bytes long, but the one in p= is 31 bytes" },
    { "v=DKIM1; k=ed25519; p=" ED25519_SPKI,
      MC_RECORD_PROBLEM_KEY, "wrapped in a SubjectPublicKeyInfo" },
    { "v=DKIM1; k=rsa; p=" ED25519_SPKI,
      MC_RECORD_PROBLEM_KEY, "but the record says it is an RSA key" },
    { "v=DKIM1; h=sha1; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_HASH, "h=sha1 allows only SHA-1 signatures" },
    { "v=DKIM1; h=md5; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_HASH, "h=md5 names no hash algorithm" },
    { "v=DKIM1; s=tlsrpt; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_SERVICE, "s=tlsrpt does not allow the key to be used for e-mail" },
    { "v=DKIM1; p=" RFC6376_KEY "; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_DUPLICATE, "the tag p= appears more than once" },
    { "v=DKIM1; rsa; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_SYNTAX, "“rsa” is not of the form tag=value" },
    { "v=DKIM1; 1k=rsa; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_SYNTAX, "“1k=rsa” does not start with a valid tag name" },
    { "v=DKIM1; n=caf\xc3\xa9; p=" RFC6376_KEY,
      MC_RECORD_PROBLEM_SYNTAX, "the value of n= contains a character that is not allowed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McDkimKey) key = mc_dkim_key_parse (cases[i].record);
      McRecordProblem *problem;

      g_test_message ("%s", cases[i].record);
      g_assert_false (mc_dkim_key_is_valid (key));
      problem = g_ptr_array_index (key->problems, 0);
      g_assert_cmpint (problem->code, ==, cases[i].code);
      g_assert_nonnull (strstr (problem->message, cases[i].words));
      g_assert_cmpstr (mc_dkim_key_get_error (key), ==, problem->message);
    }
}

/* A record with several mistakes names them all. */
static void
test_several_problems (void)
{
  g_autoptr(McDkimKey) key = mc_dkim_key_parse ("v=DKIM1; k=dsa; h=sha1; junk; p=AB!C");

  g_assert_cmpuint (key->problems->len, ==, 4);
}

static void
test_looks_like_key (void)
{
  g_assert_true (mc_dkim_looks_like_key ("v=DKIM1; p="));
  g_assert_true (mc_dkim_looks_like_key ("p=" RFC6376_KEY));
  g_assert_true (mc_dkim_looks_like_key (" k = rsa; t=y"));
  g_assert_true (mc_dkim_looks_like_key ("v=DKIM2"));
  g_assert_false (mc_dkim_looks_like_key ("v=spf1 -all"));
  g_assert_false (mc_dkim_looks_like_key ("hello world"));
  g_assert_false (mc_dkim_looks_like_key ("google-site-verification=abc"));
  g_assert_false (mc_dkim_looks_like_key (""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dkim/rfc6376-example", test_rfc6376_example);
  g_test_add_func ("/dkim/folding-whitespace", test_folding_whitespace);
  g_test_add_func ("/dkim/rfc8463-ed25519", test_rfc8463_ed25519);
  g_test_add_func ("/dkim/rsa-2048", test_rsa_2048);
  g_test_add_func ("/dkim/missing-padding", test_missing_padding);
  g_test_add_func ("/dkim/revoked", test_revoked);
  g_test_add_func ("/dkim/flags", test_flags);
  g_test_add_func ("/dkim/unknown-tags", test_unknown_tags);
  g_test_add_func ("/dkim/broken", test_broken);
  g_test_add_func ("/dkim/several-problems", test_several_problems);
  g_test_add_func ("/dkim/looks-like-key", test_looks_like_key);

  return g_test_run ();
}
