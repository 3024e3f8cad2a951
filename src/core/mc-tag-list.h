/* mc-tag-list.h: the tag=value lists of DKIM and DMARC records, and what is wrong in them.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What kind of mistake a record has; the message says which, in words. */
typedef enum
{
  MC_RECORD_PROBLEM_SYNTAX,     /* a part that is not tag=value, or a character not allowed */
  MC_RECORD_PROBLEM_DUPLICATE,  /* a tag given twice */
  MC_RECORD_PROBLEM_VERSION,    /* v= missing where required, misplaced or wrong */
  MC_RECORD_PROBLEM_MISSING,    /* a required tag is absent */
  MC_RECORD_PROBLEM_VALUE,      /* a value outside its tag's syntax */
  MC_RECORD_PROBLEM_URI,        /* a report address that is not a URI */
  MC_RECORD_PROBLEM_BASE64,     /* a key that is not valid base64 */
  MC_RECORD_PROBLEM_KEY_TYPE,   /* an unknown key type */
  MC_RECORD_PROBLEM_KEY,        /* key data that is not a key of its type */
  MC_RECORD_PROBLEM_HASH,       /* hash algorithms that receivers no longer accept */
  MC_RECORD_PROBLEM_SERVICE,    /* a key restricted to services other than e-mail */
} McRecordProblemCode;

typedef struct
{
  McRecordProblemCode  code;
  char                *tag;      /* the tag concerned, or NULL */
  char                *message;  /* translated, one sentence without a final full stop */
} McRecordProblem;

typedef struct
{
  char *name;   /* lower case when the list was parsed with fold_case */
  char *value;  /* with the whitespace around it removed */
} McTag;

void       mc_record_problem_free  (McRecordProblem *problem);
void       mc_record_add_problem   (GPtrArray           *problems,
                                    McRecordProblemCode  code,
                                    const char          *tag,
                                    const char          *format,
                                    ...) G_GNUC_PRINTF (4, 5);

void       mc_tag_free             (McTag      *tag);
GPtrArray *mc_tag_list_parse       (const char *text,
                                    gboolean    fold_case,
                                    GPtrArray  *problems);
McTag     *mc_tag_list_find        (GPtrArray  *tags,
                                    const char *name);
char      *mc_tag_value_strip_whitespace (const char *value);

G_END_DECLS
