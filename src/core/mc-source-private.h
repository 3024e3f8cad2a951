/* mc-source-private.h: helpers shared by the readers of other mail programs' settings (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-account-source.h"

G_BEGIN_DECLS

/* No real settings file has more accounts than this; the rest of a bigger
 * one is left out (and said so), so that a crafted file cannot make the
 * list, or the window, grow without end. */
#define MC_SOURCE_MAX_ACCOUNTS      1000
/* Longer lines are not settings that a person wrote: they are skipped. */
#define MC_SOURCE_MAX_LINE          8192
/* The longest text of another program that goes into a problem message. */
#define MC_SOURCE_MAX_QUOTE         120

/* Untrusted text made fit for a message: valid UTF-8, control characters
 * replaced, at most max_chars characters (an ellipsis marks the cut). */
char      *mc_source_clean_text        (const char  *text,
                                        gssize       length,
                                        guint        max_chars);

/* Adds a problem whose message is the sentence given, followed by one that
 * says what still loaded: the other accounts of the same file
 * (same_file TRUE) or those of other files. */
void       mc_source_add_problem       (GPtrArray   *problems,
                                        const char  *source,
                                        const char  *path,
                                        gboolean     same_file,
                                        const char  *sentence);
/* The problem for a file that has more accounts than MC_SOURCE_MAX_ACCOUNTS. */
void       mc_source_add_too_many      (GPtrArray   *problems,
                                        const char  *source,
                                        const char  *path);

/* A new imported account: id "source:key", its source and file set. */
McAccount *mc_source_account_new       (const char  *source,
                                        const char  *key,
                                        const char  *path);

/* A string-to-string table from NULL-terminated name, value pairs. */
GHashTable *mc_source_attributes_new   (const char  *first_name,
                                        ...) G_GNUC_NULL_TERMINATED;

/* Splits "Name <address>" (or a bare address) into its parts, decoding
 * RFC 2047 encoded words in the name. Either result may be NULL. */
void       mc_source_split_mailbox     (const char  *mailbox,
                                        char       **name,
                                        char       **address);
/* Decodes RFC 2047 encoded words ("=?UTF-8?B?…?="), as mail programs store
 * names with non-ASCII characters; other text is kept. */
char      *mc_source_decode_words      (const char  *text);

/* Wipes and frees a string that may hold a password. */
void       mc_source_wipe_string       (char        *text);

/* Lists the entries of a folder (not "." or ".."), sorted, at most
 * max_entries; a missing folder gives an empty list, an unreadable one a
 * problem. */
GPtrArray *mc_source_list_folder       (const char  *source,
                                        const char  *path,
                                        guint        max_entries,
                                        GPtrArray   *problems);

/* The per-program readers of passwords kept in their own files. */
char      *mc_source_msmtp_read_password (const char  *path,
                                          const char  *account,
                                          GError     **error);
char      *mc_source_git_read_password   (const char  *path,
                                          const char  *key,
                                          GError     **error);

G_END_DECLS
