/* mc-account-store.c: Mail Checkup's own accounts, in $XDG_CONFIG_HOME/mail-checkup/accounts.ini.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "mc-i18n.h"
#include <glib/gstdio.h>

#include "mc-account-source.h"
#include "mc-account-store.h"
#include "mc-secrets.h"

#define SOURCE          "mail-checkup"
#define ID_PREFIX       SOURCE ":"
#define GROUP_PREFIX    "account "
/* The store's own facts: the last number given to an account, so that a
 * removed account's id is never given again (its password item, if one
 * was left behind in a locked keyring, must never become another's). */
#define STORE_GROUP     "store"
#define KEY_LAST_ID     "last-id"

#define KEY_EMAIL        "email"
#define KEY_DISPLAY_NAME "display-name"
#define KEY_HOST         "host"
#define KEY_PORT         "port"
#define KEY_SECURITY     "security"
#define KEY_USER         "user"
#define KEY_COPIED_FROM  "copied-from"

/* A list of accounts is small; anything this big is not ours. */
#define MAX_FILE_SIZE   (16 * 1024 * 1024)

struct _McAccountStore
{
  GObject  parent_instance;

  char    *path;
  char    *lock_path;
};

G_DEFINE_FINAL_TYPE (McAccountStore, mc_account_store, G_TYPE_OBJECT)

static void
mc_account_store_finalize (GObject *object)
{
  McAccountStore *self = (McAccountStore *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->lock_path, g_free);

  G_OBJECT_CLASS (mc_account_store_parent_class)->finalize (object);
}

static void
mc_account_store_class_init (McAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_account_store_finalize;
}

static void
mc_account_store_init (McAccountStore *self)
{
}

/* Read from the environment now, not through g_get_user_config_dir(),
 * which keeps the first answer for the life of the process. */
static char *
default_path (void)
{
  const char *config_home = g_getenv ("XDG_CONFIG_HOME");
  g_autofree char *fallback = NULL;

  if (config_home == NULL || !g_path_is_absolute (config_home))
    {
      const char *home = g_getenv ("HOME");

      if (home == NULL || !g_path_is_absolute (home))
        home = g_get_home_dir ();
      fallback = g_build_filename (home, ".config", NULL);
      config_home = fallback;
    }
  return g_build_filename (config_home, "mail-checkup", "accounts.ini", NULL);
}

McAccountStore *
mc_account_store_new (const char *path)
{
  McAccountStore *self = g_object_new (MC_TYPE_ACCOUNT_STORE, NULL);

  self->path = path != NULL ? g_strdup (path) : default_path ();
  self->lock_path = g_strconcat (self->path, ".lock", NULL);
  return self;
}

const char *
mc_account_store_get_path (McAccountStore *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_STORE (self), NULL);

  return self->path;
}

/* Reads the file: a missing file is an empty store; one that does not
 * parse is damaged, and stays as it is. */
static GKeyFile *
read_key_file (McAccountStore  *self,
               GError         **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf buf;

  if (g_stat (self->path, &buf) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return g_steal_pointer (&key_file);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read the list of accounts %s: %s"), self->path,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (buf.st_mode) || buf.st_size > MAX_FILE_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The list of accounts %s is not a file that Mail Checkup wrote. Move it "
                     "elsewhere to start a new list."), self->path);
      return NULL;
    }
  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not read the list of accounts %s: %s"), self->path,
                   local_error->message);
      return NULL;
    }
  if (!g_utf8_validate (contents, (gssize) length, NULL)
      || !g_key_file_load_from_data (key_file, contents, length, G_KEY_FILE_KEEP_COMMENTS,
                                     &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The list of accounts %s is damaged, so Mail Checkup will not change it. "
                     "Move it elsewhere to start a new list."), self->path);
      return NULL;
    }
  return g_steal_pointer (&key_file);
}

/* The number of an id of ours ("mail-checkup:N"), or 0. */
static guint64
id_number (const char *id)
{
  guint64 number = 0;

  if (id == NULL || !g_str_has_prefix (id, ID_PREFIX))
    return 0;
  if (!g_ascii_string_to_unsigned (id + strlen (ID_PREFIX), 10, 1, G_MAXUINT32, &number, NULL))
    return 0;
  return number;
}

static char *
group_for_id (const char *id)
{
  return g_strconcat (GROUP_PREFIX, id, NULL);
}

static char *
get_optional_string (GKeyFile    *key_file,
                     const char  *group,
                     const char  *key,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *value = g_key_file_get_string (key_file, group, key, &local_error);

  if (value == NULL && !g_error_matches (local_error, G_KEY_FILE_ERROR,
                                         G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return value;
}

/* One group of the file as an account of ours, whose password is our item
 * in the Secret Service. */
static McAccount *
parse_account (McAccountStore  *self,
               GKeyFile        *key_file,
               const char      *group,
               const char      *id,
               GError         **error)
{
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *email = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  g_autofree char *security_text = NULL;
  McSecurity security = MC_SECURITY_STARTTLS;
  int port = 0;

  if (id_number (id) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not an account name"),
                   id);
      return NULL;
    }
  email = get_optional_string (key_file, group, KEY_EMAIL, &local_error);
  if (local_error == NULL)
    display_name = get_optional_string (key_file, group, KEY_DISPLAY_NAME, &local_error);
  if (local_error == NULL)
    host = get_optional_string (key_file, group, KEY_HOST, &local_error);
  if (local_error == NULL)
    user = get_optional_string (key_file, group, KEY_USER, &local_error);
  if (local_error == NULL)
    security_text = get_optional_string (key_file, group, KEY_SECURITY, &local_error);
  if (local_error == NULL && g_key_file_has_key (key_file, group, KEY_PORT, NULL))
    port = g_key_file_get_integer (key_file, group, KEY_PORT, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (port < 0 || port > G_MAXUINT16)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the port %d is not a port number"), port);
      return NULL;
    }
  if (security_text != NULL && !mc_security_from_string (security_text, &security))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the connection security “%s” is not starttls, tls or none"), security_text);
      return NULL;
    }

  mc_account_set_id (account, id);
  mc_account_set_source (account, SOURCE);
  mc_account_set_source_file (account, self->path);
  mc_account_set_email (account, email);
  mc_account_set_display_name (account, display_name);
  mc_account_set_host (account, host);
  mc_account_set_port (account, (guint16) port);
  mc_account_set_security (account, security);
  mc_account_set_user (account, user);

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (char *) MC_SECRETS_ATTRIBUTE_ID, (char *) id);
  mc_account_set_secret (account, MC_SECRETS_SCHEMA_NAME, attributes, FALSE);
  return g_steal_pointer (&account);
}

static GPtrArray *
accounts_from_key_file (McAccountStore *self,
                        GKeyFile       *key_file,
                        GPtrArray      *problems)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      McAccount *account;
      const char *id;

      if (!g_str_has_prefix (groups[i], GROUP_PREFIX))
        continue;
      id = groups[i] + strlen (GROUP_PREFIX);
      account = parse_account (self, key_file, groups[i], id, &error);
      if (account != NULL)
        {
          g_ptr_array_add (accounts, account);
          continue;
        }
      if (problems != NULL)
        {
          g_autofree char *message =
            /* Translators: first %s is the account's name in the file, second the reason. */
            g_strdup_printf (_("The account “%s” in Mail Checkup’s list could not be read (%s). "
                               "The other accounts are there."), id, error->message);

          g_ptr_array_add (problems, mc_account_problem_new (SOURCE, self->path, message));
        }
    }
  return g_steal_pointer (&accounts);
}

GPtrArray *
mc_account_store_load (McAccountStore  *self,
                       GPtrArray       *problems,
                       GError         **error)
{
  g_autoptr(GKeyFile) key_file = NULL;

  g_return_val_if_fail (MC_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* No lock: the file is only ever replaced whole, by a rename, so a
   * reader sees the old file or the new one. */
  key_file = read_key_file (self, error);
  if (key_file == NULL)
    return NULL;
  return accounts_from_key_file (self, key_file, problems);
}

/* The advisory lock every change holds, on a file of its own next to the
 * list (the list itself is replaced by each change, and a lock on a
 * replaced file would lock nothing). The folder and the lock file are
 * private: they say which accounts a person has. Closing the descriptor,
 * or the process's death, releases it. */
static int
take_lock (McAccountStore  *self,
           GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int fd;

  int saved_errno;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make the folder %s: %s"), dir, g_strerror (saved_errno));
      return -1;
    }
  fd = g_open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not save the list of accounts %s: %s"), self->path,
                   g_strerror (saved_errno));
      return -1;
    }
  while (flock (fd, LOCK_EX) != 0)
    {
      saved_errno = errno;
      if (saved_errno == EINTR)
        continue;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not save the list of accounts %s: %s"), self->path,
                   g_strerror (saved_errno));
      return -1;
    }
  return fd;
}

static void
release_lock (int fd)
{
  if (fd >= 0)
    close (fd);
}

/* Writes the whole file anew: a temporary file, flushed to the disk, then
 * renamed over the old one. A crash at any moment leaves either. */
static gboolean
write_key_file (McAccountStore  *self,
                GKeyFile        *key_file,
                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  data = g_key_file_to_data (key_file, &length, NULL);
  if (!g_file_set_contents_full (self->path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save the list of accounts %s: %s"), self->path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
set_or_remove (GKeyFile   *key_file,
               const char *group,
               const char *key,
               const char *value)
{
  if (value != NULL && *value != '\0')
    g_key_file_set_string (key_file, group, key, value);
  else
    g_key_file_remove_key (key_file, group, key, NULL);
}

/* The next number: above the counter and above every id in the file
 * (should someone have edited the counter away). */
static guint64
next_number (GKeyFile *key_file)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  guint64 last = g_key_file_get_uint64 (key_file, STORE_GROUP, KEY_LAST_ID, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (g_str_has_prefix (groups[i], GROUP_PREFIX))
        last = MAX (last, id_number (groups[i] + strlen (GROUP_PREFIX)));
    }
  return last + 1;
}

McAccount *
mc_account_store_save (McAccountStore  *self,
                       McAccount       *account,
                       GError         **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(McAccount) stored = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *id = NULL;
  g_autofree char *group = NULL;
  const char *copied_from = NULL;
  int lock_fd;

  g_return_val_if_fail (MC_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (MC_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lock_fd = take_lock (self, error);
  if (lock_fd < 0)
    return NULL;

  /* Read again under the lock: another instance may have changed the file
   * since we loaded it, and its change must survive ours. */
  key_file = read_key_file (self, error);
  if (key_file == NULL)
    {
      release_lock (lock_fd);
      return NULL;
    }

  if (mc_account_is_editable (account) && id_number (mc_account_get_id (account)) != 0)
    {
      id = g_strdup (mc_account_get_id (account));
      group = group_for_id (id);
      if (!g_key_file_has_group (key_file, group))
        {
          release_lock (lock_fd);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("This account is no longer in Mail Checkup’s list; it may have been "
                         "removed in another window."));
          return NULL;
        }
    }
  else
    {
      guint64 number = next_number (key_file);

      /* A corrected copy of another program's account is a new account of
       * ours; the original stays as it is, in that program's files. */
      if (!mc_account_is_editable (account))
        copied_from = mc_account_get_id (account);
      id = g_strdup_printf (ID_PREFIX "%" G_GUINT64_FORMAT, number);
      group = group_for_id (id);
      g_key_file_set_uint64 (key_file, STORE_GROUP, KEY_LAST_ID, number);
      if (copied_from != NULL)
        g_key_file_set_string (key_file, group, KEY_COPIED_FROM, copied_from);
    }

  set_or_remove (key_file, group, KEY_EMAIL, mc_account_get_email (account));
  set_or_remove (key_file, group, KEY_DISPLAY_NAME, mc_account_get_display_name (account));
  set_or_remove (key_file, group, KEY_HOST, mc_account_get_host (account));
  if (mc_account_get_port (account) != 0)
    g_key_file_set_integer (key_file, group, KEY_PORT, mc_account_get_port (account));
  else
    g_key_file_remove_key (key_file, group, KEY_PORT, NULL);
  g_key_file_set_string (key_file, group, KEY_SECURITY,
                         mc_security_to_string (mc_account_get_security (account)));
  set_or_remove (key_file, group, KEY_USER, mc_account_get_user (account));

  if (!write_key_file (self, key_file, error))
    {
      release_lock (lock_fd);
      return NULL;
    }
  release_lock (lock_fd);

  stored = mc_account_copy (account);
  mc_account_set_id (stored, id);
  mc_account_set_source (stored, SOURCE);
  mc_account_set_source_file (stored, self->path);
  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (char *) MC_SECRETS_ATTRIBUTE_ID, id);
  mc_account_set_secret (stored, MC_SECRETS_SCHEMA_NAME, attributes, FALSE);
  return g_steal_pointer (&stored);
}

gboolean
mc_account_store_remove (McAccountStore  *self,
                         const char      *id,
                         GError         **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *group = NULL;
  gboolean ok;
  int lock_fd;

  g_return_val_if_fail (MC_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lock_fd = take_lock (self, error);
  if (lock_fd < 0)
    return FALSE;
  key_file = read_key_file (self, error);
  if (key_file == NULL)
    {
      release_lock (lock_fd);
      return FALSE;
    }

  group = group_for_id (id);
  if (!g_key_file_remove_group (key_file, group, NULL))
    {
      release_lock (lock_fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no account “%s” in Mail Checkup’s list."), id);
      return FALSE;
    }
  ok = write_key_file (self, key_file, error);
  release_lock (lock_fd);
  return ok;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  McAccount *stored;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  stored = mc_account_store_save (MC_ACCOUNT_STORE (source_object), MC_ACCOUNT (task_data), &error);
  if (stored == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stored, g_object_unref);
}

void
mc_account_store_save_async (McAccountStore      *self,
                             McAccount           *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_ACCOUNT_STORE (self));
  g_return_if_fail (MC_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_account_store_save_async);
  /* A copy: the caller's object may change (or notify) in its own thread. */
  g_task_set_task_data (task, mc_account_copy (account), g_object_unref);
  g_task_run_in_thread (task, save_thread);
}

McAccount *
mc_account_store_save_finish (McAccountStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_account_store_save_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (mc_account_store_remove (MC_ACCOUNT_STORE (source_object), task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
mc_account_store_remove_async (McAccountStore      *self,
                               const char          *id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_ACCOUNT_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_account_store_remove_async);
  g_task_set_task_data (task, g_strdup (id), g_free);
  g_task_run_in_thread (task, remove_thread);
}

gboolean
mc_account_store_remove_finish (McAccountStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (MC_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_account_store_remove_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
