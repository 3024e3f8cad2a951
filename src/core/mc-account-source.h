/* mc-account-source.h: reading the accounts of other mail programs (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One file per program: mc-source-evolution.c, mc-source-thunderbird.c,
 * mc-source-msmtp.c, mc-source-geary.c, mc-source-git.c. Each only reads:
 * nothing here ever opens another program's file for writing. Each load
 * function runs in a worker thread, blocks, and never fails as a whole:
 * what it cannot read becomes a McAccountProblem naming the file, and the
 * accounts it could read are still returned.
 */
#pragma once

#include <gio/gio.h>

#include "mc-account.h"

G_BEGIN_DECLS

/* Bigger files are not configuration files: refused without reading them. */
#define MC_SOURCE_MAX_FILE_SIZE (1024 * 1024)

/* Where to look: the user's home and $XDG_CONFIG_HOME (or ~/.config),
 * taken from the environment when loading starts. */
typedef struct
{
  char *home;
  char *config_home;
} McSourceEnv;

McSourceEnv *mc_source_env_new_from_environment (void);
McSourceEnv *mc_source_env_new  (const char  *home,
                                 const char  *config_home);
void         mc_source_env_free (McSourceEnv *env);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSourceEnv, mc_source_env_free)

/* Something that could not be read, said for people (translated). */
#define MC_TYPE_ACCOUNT_PROBLEM (mc_account_problem_get_type ())

typedef struct
{
  char *source;   /* "evolution", …, "mail-checkup" */
  char *path;     /* the file, or NULL */
  char *message;  /* one or two sentences: what is wrong and that the rest still loaded */
} McAccountProblem;

GType             mc_account_problem_get_type (void) G_GNUC_CONST;
McAccountProblem *mc_account_problem_new      (const char       *source,
                                               const char       *path,
                                               const char       *message);
McAccountProblem *mc_account_problem_copy     (McAccountProblem *problem);
void              mc_account_problem_free     (McAccountProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAccountProblem, mc_account_problem_free)

/* Reads a small text file of a source with the common safeguards: it must
 * be a regular file once symbolic links are followed (a loop is reported),
 * at most MC_SOURCE_MAX_FILE_SIZE bytes, and valid UTF-8 (invalid bytes
 * are reported; what can be kept is not). On failure a problem is added
 * and FALSE returned. A file that does not exist is not a problem: FALSE
 * without one. */
gboolean mc_source_read_text_file (const char   *source,
                                   const char   *path,
                                   char        **contents,
                                   gsize        *length,
                                   GPtrArray    *problems);

/* The loaders: each appends McAccount (with id "SOURCE:KEY", source,
 * source-file, password source and secret reference set) to accounts and
 * McAccountProblem to problems. */
typedef void (*McSourceLoadFunc) (const McSourceEnv *env,
                                  GPtrArray         *accounts,
                                  GPtrArray         *problems,
                                  GCancellable      *cancellable);

void mc_source_evolution_load   (const McSourceEnv *env, GPtrArray *accounts,
                                 GPtrArray *problems, GCancellable *cancellable);
void mc_source_thunderbird_load (const McSourceEnv *env, GPtrArray *accounts,
                                 GPtrArray *problems, GCancellable *cancellable);
void mc_source_msmtp_load       (const McSourceEnv *env, GPtrArray *accounts,
                                 GPtrArray *problems, GCancellable *cancellable);
void mc_source_geary_load       (const McSourceEnv *env, GPtrArray *accounts,
                                 GPtrArray *problems, GCancellable *cancellable);
void mc_source_git_load         (const McSourceEnv *env, GPtrArray *accounts,
                                 GPtrArray *problems, GCancellable *cancellable);

/* For MC_PASSWORD_SOURCE_CONFIG_FILE: reads the password that the source's
 * file keeps for key (see mc_account_set_password_file) again. Blocking;
 * the result is freed with mc_password_free. */
char *mc_source_read_file_password (const char  *source,
                                    const char  *path,
                                    const char  *key,
                                    GError     **error);

G_END_DECLS
