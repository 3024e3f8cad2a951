/* mc-secrets.h: account passwords from the Secret Service (libsecret), asynchronously.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A password is looked up only when a checkup needs it and is wiped when
 * that checkup ends. Locked keyrings are never unlocked here (that would
 * open a prompt nobody asked for): a locked item gives
 * MC_SECRETS_ERROR_LOCKED. No Secret Service at all (no session bus, or
 * nobody owning org.freedesktop.secrets) gives MC_SECRETS_ERROR_NO_SERVICE,
 * quickly, without starting a bus. Every call is cancellable and has its
 * own time limit, so a Secret Service that hangs cannot hang a checkup.
 */
#pragma once

#include <gio/gio.h>

#include "mc-account.h"

G_BEGIN_DECLS

/* Our own schema: the password of an account in our store. */
#define MC_SECRETS_SCHEMA_NAME      "io.github.mailcheckup.Account"
#define MC_SECRETS_ATTRIBUTE_ID     "account-id"

/* The longest a Secret Service call may take before it counts as absent. */
#define MC_SECRETS_TIMEOUT_MS       5000

#define MC_SECRETS_ERROR (mc_secrets_error_quark ())

typedef enum
{
  MC_SECRETS_ERROR_NO_SERVICE,   /* no session bus, or no Secret Service on it, or it did not answer */
  MC_SECRETS_ERROR_LOCKED,       /* the item is in a locked collection */
  MC_SECRETS_ERROR_NOT_FOUND,    /* nothing stored for this account */
  MC_SECRETS_ERROR_UNREADABLE,   /* kept where we cannot or will not read it (ask, command, OAuth2) */
  MC_SECRETS_ERROR_FAILED,       /* anything else, with the service's message */
} McSecretsError;

GQuark          mc_secrets_error_quark     (void);

/* Whatever its password source, the account's password now, or an error
 * whose message is one translated sentence for people. The result is freed
 * with mc_password_free (it is wiped first). CONFIG_FILE passwords are read
 * from the file again, in a worker thread. */
void            mc_secrets_lookup_async    (McAccount            *account,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
char           *mc_secrets_lookup_finish   (McAccount            *account,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Whether the password could be had, without reading it (no secret
 * crosses the bus): for lists of accounts. Never fails. */
void            mc_secrets_get_state_async  (McAccount            *account,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
McPasswordState mc_secrets_get_state_finish (McAccount            *account,
                                             GAsyncResult         *result);

/* The password of one of our own accounts (mc_account_is_editable, with an
 * id), stored under MC_SECRETS_SCHEMA_NAME / account-id in the default
 * collection, or removed. After a store, the account's password source is
 * the Secret Service item. */
void            mc_secrets_store_async     (McAccount            *account,
                                            const char           *password,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        mc_secrets_store_finish    (McAccount            *account,
                                            GAsyncResult         *result,
                                            GError              **error);
void            mc_secrets_clear_async     (McAccount            *account,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        mc_secrets_clear_finish    (McAccount            *account,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Wipes and frees a password. */
void            mc_password_free           (char                 *password);

G_END_DECLS
