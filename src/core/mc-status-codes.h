/* mc-status-codes.h: SMTP reply codes (RFC 5321) and enhanced status codes (the RFC 5248 registry), with their meanings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An enhanced status code is "class.subject.detail" (RFC 3463, section 2):
 * the class is 2, 4 or 5, subject and detail are one to three digits each.
 * The IANA "SMTP Enhanced Status Codes" registry, which RFC 5248 set up,
 * names the subjects 0–7 and the details defined so far; every such code
 * has a short meaning here, translated on use. A well-formed code that the
 * registry does not list is still described, by its class and subject.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint klass;    /* 2, 4 or 5 */
  guint subject;  /* 0–999; the registry names 0–7 */
  guint detail;   /* 0–999 */
} McEnhancedCode;

/* One registered X.subject.detail code, for any class. */
typedef struct
{
  guint       subject;
  guint       detail;
  const char *meaning;     /* English, N_(): translate with _() on use */
  const char *reference;   /* the RFC that defines it, such as "RFC 3463" */
} McEnhancedCodeEntry;

/* One basic reply code of RFC 5321 (and of the RFCs that added codes). */
typedef struct
{
  guint       code;
  const char *meaning;     /* English, N_() */
  const char *reference;
} McReplyCodeEntry;

/* Reads "5.1.1" from the start of text (at most length bytes, or up to
 * the NUL when length is -1). The code must end there: "5.1.1.2" and
 * "5.1.1000" are not codes. Returns FALSE for anything not well-formed,
 * including a class other than 2, 4 or 5. */
gboolean    mc_enhanced_code_parse              (const char           *text,
                                                 gssize                length,
                                                 McEnhancedCode       *code);
char       *mc_enhanced_code_to_string          (const McEnhancedCode *code);
/* The registry entry of code's subject and detail, or NULL. */
const McEnhancedCodeEntry *mc_enhanced_code_lookup (const McEnhancedCode *code);
/* The meaning: the registry's, or for a code not in the registry a generic
 * one made from its class and subject. Translated; free with g_free(). */
char       *mc_enhanced_code_describe           (const McEnhancedCode *code);
/* "Permanent failure" and so on, translated; NULL for an invalid class. */
const char *mc_enhanced_code_get_class_meaning  (guint                 klass);
/* "Addressing status" and so on, translated; NULL for subjects above 7. */
const char *mc_enhanced_code_get_subject_meaning (guint                subject);
const McEnhancedCodeEntry *mc_enhanced_codes_get_all (guint           *n_entries);

/* Reads a three-digit reply code, 200–599, from the start of text; the
 * fourth character, if any, must not be a digit. */
gboolean    mc_reply_code_parse                 (const char           *text,
                                                 guint                *code);
/* Translated meaning, or NULL for a code RFC 5321 and its extensions do not define. */
const char *mc_reply_code_get_meaning           (guint                 code);
const McReplyCodeEntry *mc_reply_codes_get_all  (guint                *n_entries);

G_END_DECLS
