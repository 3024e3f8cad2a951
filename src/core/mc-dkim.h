/* mc-dkim.h: DKIM key records (RFC 6376 §3.6.1, RFC 8463): their tags, their key and its length.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-tag-list.h"

G_BEGIN_DECLS

typedef enum
{
  MC_DKIM_KEY_RSA,
  MC_DKIM_KEY_ED25519,
  MC_DKIM_KEY_UNKNOWN,   /* k= names a type this program (and receivers) do not know */
} McDkimKeyType;

typedef struct
{
  char          *record;
  McDkimKeyType  key_type;
  char          *key_type_name;   /* k= as written, lower case; "rsa" when absent */
  gboolean       revoked;         /* p= is empty: the key was withdrawn */
  GBytes        *key;             /* p= decoded, or NULL */
  guint          key_bits;        /* the key's length, or 0 when unknown */
  gboolean       rsa_pkcs1;       /* p= holds a bare RSAPublicKey, not a SubjectPublicKeyInfo */
  gboolean       testing;         /* t=y */
  gboolean       strict;          /* t=s */
  char          *hash_algorithms; /* h= as written, or NULL */
  char          *service_types;   /* s= as written, or NULL */
  char          *notes;           /* n= as written, or NULL */
  GPtrArray     *unknown_tags;    /* names of tags DKIM does not define (char *) */
  GPtrArray     *problems;        /* McRecordProblem, in the order found */
} McDkimKey;

McDkimKey  *mc_dkim_key_parse             (const char    *record);
void        mc_dkim_key_free              (McDkimKey     *key);
gboolean    mc_dkim_key_is_valid          (McDkimKey     *key);
const char *mc_dkim_key_get_error         (McDkimKey     *key);
gboolean    mc_dkim_looks_like_key        (const char    *record);
const char *mc_dkim_key_type_to_string    (McDkimKeyType  type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDkimKey, mc_dkim_key_free)

G_END_DECLS
