/* mc-secrets.c: account passwords from the Secret Service (libsecret), asynchronously.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "mc-i18n.h"
#include <libsecret/secret.h>

#include "mc-account-source.h"
#include "mc-secrets.h"

#define SECRETS_BUS_NAME "org.freedesktop.secrets"

G_DEFINE_QUARK (mc-secrets-error-quark, mc_secrets_error)

/* Our own items: one per account of our store, found by its id alone. */
static const SecretSchema own_schema = {
  MC_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
  {
    { MC_SECRETS_ATTRIBUTE_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef enum
{
  OP_LOOKUP,
  OP_GET_STATE,
  OP_STORE,
  OP_CLEAR,
} Op;

/* One call to the Secret Service. Every step runs under a cancellable of
 * its own, cancelled by the caller's cancellable or by a timeout, so that a
 * service that never answers cannot hold a checkup. */
typedef struct
{
  Op             op;
  McAccount     *account;
  SecretSchema  *schema;
  GHashTable    *attributes;
  char          *password;     /* OP_STORE only; wiped when freed */
  char          *label;        /* OP_STORE only */
  GCancellable  *cancellable;  /* the child */
  GCancellable  *parent;
  gulong         parent_handler;
  GSource       *timeout;
  gboolean       timed_out;
  SecretService *service;
} Call;

static void
call_free (Call *call)
{
  if (call->parent != NULL && call->parent_handler != 0)
    g_cancellable_disconnect (call->parent, call->parent_handler);
  g_clear_object (&call->parent);
  if (call->timeout != NULL)
    {
      g_source_destroy (call->timeout);
      g_clear_pointer (&call->timeout, g_source_unref);
    }
  g_clear_object (&call->cancellable);
  g_clear_object (&call->account);
  g_clear_pointer (&call->schema, secret_schema_unref);
  g_clear_pointer (&call->attributes, g_hash_table_unref);
  g_clear_pointer (&call->password, mc_password_free);
  g_clear_pointer (&call->label, g_free);
  g_clear_object (&call->service);
  g_free (call);
}

static void
parent_cancelled_cb (GCancellable *parent,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
timeout_cb (gpointer user_data)
{
  Call *call = user_data;

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  g_clear_pointer (&call->timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* The sentences for people, by operation: what could not be done. */
static const char *
no_service_message (Op op)
{
  switch (op)
    {
    case OP_STORE:
      return _("No keyring is running, so the password could not be saved.");
    case OP_CLEAR:
      return _("No keyring is running, so the saved password could not be removed.");
    case OP_LOOKUP:
    case OP_GET_STATE:
    default:
      return _("No keyring is running, so the password could not be read. Enter the password "
               "instead.");
    }
}

static const char *
timed_out_message (Op op)
{
  switch (op)
    {
    case OP_STORE:
      return _("The keyring did not answer, so the password could not be saved.");
    case OP_CLEAR:
      return _("The keyring did not answer, so the saved password could not be removed.");
    case OP_LOOKUP:
    case OP_GET_STATE:
    default:
      return _("The keyring did not answer, so the password could not be read. Enter the "
               "password instead.");
    }
}

static const char *
locked_message (Op op)
{
  switch (op)
    {
    case OP_STORE:
      return _("Your keyring is locked, so the password could not be saved. Unlock it and try "
               "again.");
    case OP_CLEAR:
      return _("Your keyring is locked, so the saved password could not be removed. Unlock it "
               "and try again.");
    case OP_LOOKUP:
    case OP_GET_STATE:
    default:
      return _("Your keyring is locked, so the password could not be read. Unlock it or enter "
               "the password.");
    }
}

static const char *
not_found_message (void)
{
  return _("No password for this account is saved in your keyring. Enter the password instead.");
}

static GError *
failed_error (Op          op,
              const char *detail)
{
  switch (op)
    {
    case OP_STORE:
      /* Translators: %s is the keyring's own error message. */
      return g_error_new (MC_SECRETS_ERROR, MC_SECRETS_ERROR_FAILED,
                          _("The keyring could not save the password: %s"), detail);
    case OP_CLEAR:
      /* Translators: %s is the keyring's own error message. */
      return g_error_new (MC_SECRETS_ERROR, MC_SECRETS_ERROR_FAILED,
                          _("The keyring could not remove the saved password: %s"), detail);
    case OP_LOOKUP:
    case OP_GET_STATE:
    default:
      /* Translators: %s is the keyring's own error message. */
      return g_error_new (MC_SECRETS_ERROR, MC_SECRETS_ERROR_FAILED,
                          _("The keyring could not give the password: %s"), detail);
    }
}

/* Turns what GIO or libsecret said into one of our errors, with a sentence
 * for people. A cancellation by the caller stays a cancellation; one by our
 * timeout means the service did not answer. */
static GError *
translate_error (Call   *call,
                 GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (call->timed_out && !g_cancellable_is_cancelled (call->parent))
        return g_error_new_literal (MC_SECRETS_ERROR, MC_SECRETS_ERROR_NO_SERVICE,
                                    timed_out_message (call->op));
      return g_error_copy (error);
    }
  if (error->domain == MC_SECRETS_ERROR)
    return g_error_copy (error);
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new_literal (MC_SECRETS_ERROR, MC_SECRETS_ERROR_LOCKED,
                                locked_message (call->op));
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    return g_error_new_literal (MC_SECRETS_ERROR, MC_SECRETS_ERROR_NOT_FOUND,
                                not_found_message ());
  /* The service went away between our question and its answer, or the bus
   * itself did. */
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    return g_error_new_literal (MC_SECRETS_ERROR, MC_SECRETS_ERROR_NO_SERVICE,
                                no_service_message (call->op));

  {
    g_autoptr(GError) stripped = g_error_copy (error);

    g_dbus_error_strip_remote_error (stripped);
    return failed_error (call->op, stripped->message);
  }
}

/* Returns the task with an error translated for people. */
static void
return_error (GTask  *task,
              GError *error)
{
  Call *call = g_task_get_task_data (task);

  if (call->op == OP_GET_STATE)
    {
      McPasswordState state = MC_PASSWORD_STATE_UNKNOWN;
      g_autoptr(GError) translated = translate_error (call, error);

      if (translated->domain == MC_SECRETS_ERROR)
        {
          switch (translated->code)
            {
            case MC_SECRETS_ERROR_NO_SERVICE: state = MC_PASSWORD_STATE_NO_SERVICE; break;
            case MC_SECRETS_ERROR_LOCKED:     state = MC_PASSWORD_STATE_LOCKED; break;
            case MC_SECRETS_ERROR_NOT_FOUND:  state = MC_PASSWORD_STATE_MISSING; break;
            case MC_SECRETS_ERROR_UNREADABLE: state = MC_PASSWORD_STATE_UNREADABLE; break;
            case MC_SECRETS_ERROR_FAILED:
            default:                          state = MC_PASSWORD_STATE_UNKNOWN; break;
            }
        }
      g_task_return_int (task, state);
    }
  else
    {
      g_task_return_error (task, translate_error (call, error));
    }
}

static void
return_new_error (GTask          *task,
                  McSecretsError  code,
                  const char     *message)
{
  g_autoptr(GError) error = g_error_new_literal (MC_SECRETS_ERROR, code, message);

  return_error (task, error);
}

/* Whether a session bus could be reached without starting one: GIO would
 * otherwise run dbus-launch ("autolaunch"), starting a bus, and a keyring
 * with it, that nobody asked for. GIO looks at the variable first, then at
 * $XDG_RUNTIME_DIR/bus; so do we. */
static gboolean
session_bus_configured (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *bus_path = NULL;

  if (address != NULL && *address != '\0')
    return TRUE;
  if (runtime_dir == NULL || *runtime_dir == '\0')
    return FALSE;
  bus_path = g_build_filename (runtime_dir, "bus", NULL);
  return g_file_test (bus_path, G_FILE_TEST_EXISTS);
}

static void run_operation (GTask *task);

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data);

static void
service_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  call->service = secret_service_get_finish (result, &error);
  if (call->service == NULL)
    {
      return_error (task, error);
      return;
    }
  run_operation (g_steal_pointer (&task));
}

static void
get_service (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  /* No session yet: only a look-up needs one, and the search opens it. */
  secret_service_get (SECRET_SERVICE_NONE, call->cancellable, service_cb, task);
}

static void
activatable_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **names = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      return_error (task, error);
      return;
    }
  g_variant_get (reply, "(^a&s)", &names);
  if (names == NULL || !g_strv_contains (names, SECRETS_BUS_NAME))
    {
      Call *call = g_task_get_task_data (task);

      return_new_error (task, MC_SECRETS_ERROR_NO_SERVICE, no_service_message (call->op));
      return;
    }
  get_service (g_steal_pointer (&task));
}

static void
has_owner_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      return_error (task, error);
      return;
    }
  g_variant_get (reply, "(b)", &has_owner);
  if (has_owner)
    {
      get_service (g_steal_pointer (&task));
      return;
    }

  /* Nobody runs it now; the bus may still start it on the first call. */
  g_dbus_connection_call (G_DBUS_CONNECTION (source), "org.freedesktop.DBus",
                          "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "ListActivatableNames", NULL, G_VARIANT_TYPE ("(as)"),
                          G_DBUS_CALL_FLAGS_NONE, MC_SECRETS_TIMEOUT_MS, call->cancellable,
                          activatable_cb, g_steal_pointer (&task));
}

static void
bus_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      /* Whatever the reason (a stale address, a bus that went), there is
       * no service to ask, unless we gave up waiting. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, error);
      else
        return_new_error (task, MC_SECRETS_ERROR_NO_SERVICE, no_service_message (call->op));
      return;
    }

  /* Asked first, so that an absent service is an answer, not a wait. */
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          g_variant_new ("(s)", SECRETS_BUS_NAME), G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NONE, MC_SECRETS_TIMEOUT_MS, call->cancellable,
                          has_owner_cb, g_steal_pointer (&task));
}

/* Starts a call to the service: the bus, the service's presence, the
 * service object, then the operation itself. */
static void
start_service_call (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  if (!session_bus_configured ())
    {
      return_new_error (task, MC_SECRETS_ERROR_NO_SERVICE, no_service_message (call->op));
      g_object_unref (task);
      return;
    }

  call->timeout = g_timeout_source_new (MC_SECRETS_TIMEOUT_MS);
  g_source_set_callback (call->timeout, timeout_cb, call, NULL);
  g_source_set_static_name (call->timeout, "[mc-secrets] timeout");
  g_source_attach (call->timeout, g_task_get_context (task));

  g_bus_get (G_BUS_TYPE_SESSION, call->cancellable, bus_cb, task);
}

/* A password held as text by the item, or NULL. Evolution, Geary and
 * secret-tool store text/plain; other types are taken when they are text. */
static char *
dup_item_password (SecretItem *item)
{
  g_autoptr(SecretValue) value = secret_item_get_secret (item);
  const char *text;
  const char *data;
  gsize length = 0;

  if (value == NULL)
    return NULL;
  text = secret_value_get_text (value);
  if (text != NULL)
    return g_strdup (text);

  data = secret_value_get (value, &length);
  if (data == NULL || length == 0 || memchr (data, '\0', length) != NULL
      || !g_utf8_validate (data, (gssize) length, NULL))
    return NULL;
  return g_strndup (data, length);
}


static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *items;
  gboolean any_locked = FALSE;
  gboolean any_unlocked = FALSE;
  char *password = NULL;

  items = secret_service_search_finish (SECRET_SERVICE (source), result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }

  /* libsecret lists unlocked items first; the first one with a readable
   * secret wins. Locked items matter only when nothing else is there. */
  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretItem *item = l->data;

      if (secret_item_get_locked (item))
        {
          any_locked = TRUE;
          continue;
        }
      any_unlocked = TRUE;
      if (call->op == OP_LOOKUP && password == NULL)
        password = dup_item_password (item);
    }
  g_list_free_full (items, g_object_unref);

  switch (call->op)
    {
    case OP_GET_STATE:
      if (any_unlocked)
        g_task_return_int (task, MC_PASSWORD_STATE_AVAILABLE);
      else if (any_locked)
        g_task_return_int (task, MC_PASSWORD_STATE_LOCKED);
      else
        g_task_return_int (task, MC_PASSWORD_STATE_MISSING);
      break;

    case OP_LOOKUP:
      if (password != NULL)
        g_task_return_pointer (task, password, (GDestroyNotify) mc_password_free);
      else if (any_unlocked)
        return_new_error (task, MC_SECRETS_ERROR_FAILED,
                          _("The keyring has this password, but not as text that Mail Checkup "
                            "can use. Enter the password instead."));
      else if (any_locked)
        return_new_error (task, MC_SECRETS_ERROR_LOCKED, locked_message (call->op));
      else
        return_new_error (task, MC_SECRETS_ERROR_NOT_FOUND, not_found_message ());
      break;

    case OP_CLEAR:
      /* libsecret removes only unlocked items, and removing a locked one
       * would need the prompt we never open: say so rather than leave it
       * behind unnoticed. */
      if (any_locked)
        {
          return_new_error (task, MC_SECRETS_ERROR_LOCKED, locked_message (call->op));
          break;
        }
      secret_password_clearv (&own_schema, call->attributes, call->cancellable,
                              clear_cb, g_steal_pointer (&task));
      break;

    case OP_STORE:
    default:
      g_assert_not_reached ();
    }
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to remove, which is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      return_error (task, error);
      return;
    }
  mc_account_set_secret (call->account, MC_SECRETS_SCHEMA_NAME, call->attributes, FALSE);
  g_task_return_boolean (task, TRUE);
}

/* Before storing: a locked default keyring would open an unlock prompt,
 * and one that nobody answers would outlast our time limit. */
static void
collection_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }
  if (collection != NULL && secret_collection_get_locked (collection))
    {
      return_new_error (task, MC_SECRETS_ERROR_LOCKED, locked_message (call->op));
      return;
    }
  secret_password_storev (&own_schema, call->attributes, SECRET_COLLECTION_DEFAULT, call->label,
                          call->password, call->cancellable, store_cb, g_steal_pointer (&task));
}

/* The service is there: the operation itself. */
static void
run_operation (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  switch (call->op)
    {
    case OP_LOOKUP:
      secret_service_search (call->service, call->schema, call->attributes,
                             SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS, call->cancellable,
                             search_cb, task);
      break;
    case OP_GET_STATE:
    case OP_CLEAR:
      /* No secret crosses the bus. */
      secret_service_search (call->service, call->schema, call->attributes, SECRET_SEARCH_ALL,
                             call->cancellable, search_cb, task);
      break;
    case OP_STORE:
      secret_collection_for_alias (call->service, SECRET_COLLECTION_DEFAULT,
                                   SECRET_COLLECTION_NONE, call->cancellable, collection_cb, task);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The schema and attributes of the account's item: a schema of the
 * attribute names, all strings, that matches the item's schema name too
 * unless the account says the item may be under any schema. */
static gboolean
prepare_item (Call      *call,
              McAccount *account)
{
  GHashTable *attributes = mc_account_get_secret_attributes (account);
  const char *schema_name = mc_account_get_secret_schema (account);
  g_autoptr(GHashTable) types = NULL;
  GHashTableIter iter;
  gpointer key, value;

  /* An empty set of attributes would match every item in the keyring. */
  if (schema_name == NULL || attributes == NULL || g_hash_table_size (attributes) == 0)
    return FALSE;

  types = g_hash_table_new (g_str_hash, g_str_equal);
  call->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_insert (types, key, GINT_TO_POINTER (SECRET_SCHEMA_ATTRIBUTE_STRING));
      g_hash_table_insert (call->attributes, g_strdup (key), g_strdup (value));
    }
  call->schema = secret_schema_newv (schema_name,
                                     mc_account_get_secret_match_any_schema (account)
                                     ? SECRET_SCHEMA_DONT_MATCH_NAME : SECRET_SCHEMA_NONE,
                                     types);
  return TRUE;
}

static void
prepare_own_item (Call      *call,
                  McAccount *account)
{
  call->schema = secret_schema_ref ((SecretSchema *) &own_schema);
  call->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (call->attributes, g_strdup (MC_SECRETS_ATTRIBUTE_ID),
                       g_strdup (mc_account_get_id (account)));
}

static GTask *
new_call_task (McAccount           *account,
               Op                   op,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (account, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->op = op;
  call->account = g_object_ref (account);
  call->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      call->parent = g_object_ref (cancellable);
      call->parent_handler = g_cancellable_connect (cancellable, G_CALLBACK (parent_cancelled_cb),
                                                    g_object_ref (call->cancellable),
                                                    g_object_unref);
    }
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  return task;
}

/* Why a password kept elsewhere cannot be had, in one sentence. */
static const char *
unreadable_message (McAccount *account)
{
  switch (mc_account_get_password_source (account))
    {
    case MC_PASSWORD_SOURCE_COMMAND:
      return _("msmtp makes this password with a command (passwordeval), and Mail Checkup does "
               "not run commands from other programs’ settings. Enter the password instead.");
    case MC_PASSWORD_SOURCE_OAUTH2:
      return _("This account signs in through the provider’s web page, so there is no password "
               "that Mail Checkup could use.");
    case MC_PASSWORD_SOURCE_ASK:
      if (g_strcmp0 (mc_account_get_source (account), "thunderbird") == 0)
        return _("Thunderbird keeps its passwords in its own encrypted store, which Mail Checkup "
                 "cannot read. Enter the password instead.");
      G_GNUC_FALLTHROUGH;
    case MC_PASSWORD_SOURCE_NONE:
    case MC_PASSWORD_SOURCE_SECRET_SERVICE:
    case MC_PASSWORD_SOURCE_CONFIG_FILE:
    default:
      return _("Your mail program keeps this password where Mail Checkup cannot read it. Enter "
               "the password instead.");
    }
}

typedef struct
{
  char *source;
  char *path;
  char *key;
} FileRef;

static void
file_ref_free (FileRef *ref)
{
  g_free (ref->source);
  g_free (ref->path);
  g_free (ref->key);
  g_free (ref);
}

static FileRef *
file_ref_new (McAccount *account)
{
  FileRef *ref = g_new0 (FileRef, 1);

  ref->source = g_strdup (mc_account_get_source (account));
  ref->path = g_strdup (mc_account_get_password_file (account));
  ref->key = g_strdup (mc_account_get_password_key (account));
  return ref;
}

/* In a worker thread: the password from the mail program's own file,
 * read again now rather than kept since the accounts were loaded. */
static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FileRef *ref = task_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = mc_source_read_file_password (ref->source, ref->path, ref->key, &error);
  if (password != NULL)
    {
      g_task_return_pointer (task, password, (GDestroyNotify) mc_password_free);
      return;
    }
  if (error == NULL)
    g_task_return_new_error (task, MC_SECRETS_ERROR, MC_SECRETS_ERROR_NOT_FOUND, "%s",
                             _("The password is no longer in your mail program’s settings. "
                               "Enter the password instead."));
  else if (error->domain == MC_SECRETS_ERROR)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_new_error (task, MC_SECRETS_ERROR,
                             g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                             ? MC_SECRETS_ERROR_NOT_FOUND : MC_SECRETS_ERROR_FAILED,
                             "%s", error->message);
}

/* In a worker thread: whether the file that holds the password can be
 * read, without reading the password. */
static void
file_state_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FileRef *ref = task_data;

  if (ref->path != NULL && g_file_test (ref->path, G_FILE_TEST_IS_REGULAR)
      && access (ref->path, R_OK) == 0)
    g_task_return_int (task, MC_PASSWORD_STATE_AVAILABLE);
  else
    g_task_return_int (task, MC_PASSWORD_STATE_MISSING);
}

void
mc_secrets_lookup_async (McAccount           *account,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (MC_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call_task (account, OP_LOOKUP, mc_secrets_lookup_async, cancellable, callback,
                        user_data);
  call = g_task_get_task_data (task);

  switch (mc_account_get_password_source (account))
    {
    case MC_PASSWORD_SOURCE_SECRET_SERVICE:
      if (!prepare_item (call, account))
        {
          return_new_error (task, MC_SECRETS_ERROR_NOT_FOUND, not_found_message ());
          break;
        }
      start_service_call (g_steal_pointer (&task));
      break;

    case MC_PASSWORD_SOURCE_CONFIG_FILE:
      g_task_set_task_data (task, file_ref_new (account), (GDestroyNotify) file_ref_free);
      g_task_run_in_thread (task, read_file_thread);
      break;

    case MC_PASSWORD_SOURCE_NONE:
      return_new_error (task, MC_SECRETS_ERROR_NOT_FOUND, _("This account does not log in."));
      break;

    case MC_PASSWORD_SOURCE_COMMAND:
    case MC_PASSWORD_SOURCE_ASK:
    case MC_PASSWORD_SOURCE_OAUTH2:
    default:
      return_new_error (task, MC_SECRETS_ERROR_UNREADABLE, unreadable_message (account));
      break;
    }
  g_clear_object (&task);
}

char *
mc_secrets_lookup_finish (McAccount     *account,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (g_task_is_valid (result, account), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mc_secrets_get_state_async (McAccount           *account,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (MC_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call_task (account, OP_GET_STATE, mc_secrets_get_state_async, cancellable, callback,
                        user_data);
  call = g_task_get_task_data (task);
  /* The state is an answer even when cancelled: "not looked at". */
  g_task_set_check_cancellable (task, FALSE);

  switch (mc_account_get_password_source (account))
    {
    case MC_PASSWORD_SOURCE_SECRET_SERVICE:
      if (!prepare_item (call, account))
        {
          g_task_return_int (task, MC_PASSWORD_STATE_MISSING);
          break;
        }
      start_service_call (g_steal_pointer (&task));
      break;

    case MC_PASSWORD_SOURCE_CONFIG_FILE:
      g_task_set_task_data (task, file_ref_new (account), (GDestroyNotify) file_ref_free);
      g_task_run_in_thread (task, file_state_thread);
      break;

    case MC_PASSWORD_SOURCE_NONE:
      g_task_return_int (task, MC_PASSWORD_STATE_NOT_NEEDED);
      break;

    case MC_PASSWORD_SOURCE_COMMAND:
    case MC_PASSWORD_SOURCE_ASK:
    case MC_PASSWORD_SOURCE_OAUTH2:
    default:
      g_task_return_int (task, MC_PASSWORD_STATE_UNREADABLE);
      break;
    }
  g_clear_object (&task);
}

McPasswordState
mc_secrets_get_state_finish (McAccount    *account,
                             GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  gssize state;

  g_return_val_if_fail (MC_IS_ACCOUNT (account), MC_PASSWORD_STATE_UNKNOWN);
  g_return_val_if_fail (g_task_is_valid (result, account), MC_PASSWORD_STATE_UNKNOWN);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_secrets_get_state_async,
                        MC_PASSWORD_STATE_UNKNOWN);

  state = g_task_propagate_int (G_TASK (result), &error);
  if (error != NULL)
    return MC_PASSWORD_STATE_UNKNOWN;
  return (McPasswordState) state;
}

void
mc_secrets_store_async (McAccount           *account,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  Call *call;
  const char *name;

  g_return_if_fail (MC_IS_ACCOUNT (account));
  g_return_if_fail (mc_account_is_editable (account));
  g_return_if_fail (mc_account_get_id (account) != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call_task (account, OP_STORE, mc_secrets_store_async, cancellable, callback,
                        user_data);
  call = g_task_get_task_data (task);
  prepare_own_item (call, account);
  call->password = g_strdup (password);

  /* What people see in their keyring manager (Passwords and Keys). */
  name = mc_account_get_email (account);
  if (name == NULL || *name == '\0')
    name = mc_account_get_display_name (account);
  if (name == NULL || *name == '\0')
    name = mc_account_get_id (account);
  /* Translators: the name of the saved password in the keyring; %s is the
   * e-mail address of the account. */
  call->label = g_strdup_printf (_("Mail Checkup password for %s"), name);

  start_service_call (task);
}

gboolean
mc_secrets_store_finish (McAccount     *account,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, account), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
mc_secrets_clear_async (McAccount           *account,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (MC_IS_ACCOUNT (account));
  g_return_if_fail (mc_account_is_editable (account));
  g_return_if_fail (mc_account_get_id (account) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call_task (account, OP_CLEAR, mc_secrets_clear_async, cancellable, callback,
                        user_data);
  call = g_task_get_task_data (task);
  prepare_own_item (call, account);
  start_service_call (task);
}

gboolean
mc_secrets_clear_finish (McAccount     *account,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, account), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
