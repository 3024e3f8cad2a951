/* mc-test-keyring.c: a private D-Bus session bus with a real gnome-keyring (Secret Service), for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mc-test-keyring.h"
#include "mc-test-janitor.h"
#include "mc-test-net.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#define DBUS_DAEMON_PATH "/usr/bin/dbus-daemon"
#define KEYRING_DAEMON_PATH "/usr/bin/gnome-keyring-daemon"
#define SECRETS_NAME "org.freedesktop.secrets"
/* The login keyring's password: only this fixture ever types it. */
#define KEYRING_PASSWORD "mail-checkup-test"
#define READY_TIMEOUT_MS 15000
#define STOP_TIMEOUT_MS 5000

static const char * const variables[] = {
  "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR",
  "DBUS_SESSION_BUS_ADDRESS",
};

/* Meant for the code under test, not for the daemons. */
static const char * const test_only_variables[] = {
  "G_DEBUG", "G_MESSAGES_DEBUG", "MALLOC_CHECK_", "MALLOC_PERTURB_",
};

/* A daemon we started, leading a process group of its own. Its exit is
 * reported into a flag that lives as long as the pending wait. */
typedef struct
{
  GSubprocess *process;
  gboolean    *exited;  /* an rc box */
  pid_t        group;
} Child;

struct _McTestKeyring
{
  GMainContext    *context;
  char            *dir;
  char            *home;
  char            *config_home;
  char            *data_home;
  char            *cache_home;
  char            *runtime_dir;
  char            *address;       /* of the socket, known before the bus starts */
  char            *guid_address;  /* as the bus printed it once listening */
  char            *saved[G_N_ELEMENTS (variables)];
  McTestJanitor   *janitor;
  GDBusConnection *bus;       /* the process's session bus connection */
  guint            watch_id;
  gboolean         has_owner;  /* org.freedesktop.secrets, as the bus last said */
  gboolean         no_owner;
  gboolean         env_set;
  Child            dbus;
  Child            keyring;
};

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
  g_rc_box_release (exited);
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the context until *done, *stop (when given) or the time is up;
 * the sources that set them wake it, so it never spins. */
static gboolean
iterate_until (McTestKeyring  *keyring,
               const gboolean *done,
               const gboolean *stop,
               guint           timeout_ms)
{
  gboolean expired = FALSE;
  GSource *deadline = g_timeout_source_new (timeout_ms);

  g_source_set_callback (deadline, on_deadline, &expired, NULL);
  g_source_attach (deadline, keyring->context);
  while (!*done && (stop == NULL || !*stop) && !expired)
    g_main_context_iteration (keyring->context, TRUE);
  g_source_destroy (deadline);
  g_source_unref (deadline);
  return *done;
}

static GSubprocessLauncher *
new_launcher (McTestKeyring    *keyring,
              GSubprocessFlags  flags,
              const char       *log_name)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *log_path = g_build_filename (keyring->dir, log_name, NULL);
  g_subprocess_launcher_set_cwd (launcher, keyring->dir);
  mc_test_janitor_watch_launcher (keyring->janitor, launcher);
  if (!(flags & G_SUBPROCESS_FLAGS_STDOUT_PIPE))
    g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);

  /* The daemons see the temporary home only. */
  g_subprocess_launcher_setenv (launcher, "HOME", keyring->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", keyring->config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", keyring->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", keyring->cache_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", keyring->runtime_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  /* The tests' G_DEBUG=fatal-warnings would make any warning of
   * gnome-keyring-daemon (it has some for harmless races) end it. */
  for (guint i = 0; i < G_N_ELEMENTS (test_only_variables); i++)
    g_subprocess_launcher_unsetenv (launcher, test_only_variables[i]);
  return launcher;
}

static gboolean
spawn_child (Child                *child,
             GSubprocessLauncher  *launcher,
             const char * const   *argv,
             GError              **error)
{
  const char *id;

  child->process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (child->process == NULL)
    return FALSE;
  id = g_subprocess_get_identifier (child->process);
  child->group = id != NULL ? (pid_t) g_ascii_strtoll (id, NULL, 10) : 0;
  child->exited = g_rc_box_new0 (gboolean);
  g_subprocess_wait_async (child->process, NULL, on_exited, g_rc_box_acquire (child->exited));
  return TRUE;
}

/* SIGTERM to the whole group, then SIGKILL for what lingers; returns once
 * the daemon has exited. */
static void
stop_child (McTestKeyring *keyring,
            Child         *child)
{
  if (child->process != NULL && child->group > 1)
    {
      kill (-child->group, SIGTERM);
      kill (-child->group, SIGCONT);  /* a frozen daemon must see it */
      if (!iterate_until (keyring, child->exited, NULL, STOP_TIMEOUT_MS))
        {
          kill (-child->group, SIGKILL);
          iterate_until (keyring, child->exited, NULL, STOP_TIMEOUT_MS);
        }
      /* Helpers it may have left in its group go too. */
      kill (-child->group, SIGKILL);
    }
  g_clear_object (&child->process);
  g_clear_pointer (&child->exited, g_rc_box_release);
  child->group = 0;
}

/* A bus that starts nothing by itself: an empty service folder, so the
 * only Secret Service is the one we start (or none at all). */
static gboolean
write_bus_config (McTestKeyring  *keyring,
                  const char     *path,
                  GError        **error)
{
  g_autofree char *services = g_build_filename (keyring->dir, "services", NULL);
  g_autofree char *socket = g_build_filename (keyring->runtime_dir, "bus", NULL);
  g_autofree char *config = NULL;

  g_assert (g_str_has_suffix (keyring->address, socket));

  if (g_mkdir (services, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot make %s", services);
      return FALSE;
    }
  config = g_markup_printf_escaped (
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <listen>unix:path=%s</listen>\n"
    "  <auth>EXTERNAL</auth>\n"
    "  <servicedir>%s</servicedir>\n"
    "  <policy context=\"default\">\n"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
    "    <allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    "</busconfig>\n", socket, services);
  return g_file_set_contents (path, config, -1, error);
}

typedef struct
{
  char     *line;
  GError   *error;
  gboolean  done;
} LineRead;

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     &read->error);
  read->done = TRUE;
}

/* Starts the bus and waits for the address it prints once it listens. */
static gboolean
start_bus (McTestKeyring  *keyring,
           GError        **error)
{
  g_autofree char *config_path = g_build_filename (keyring->dir, "bus.conf", NULL);
  g_autofree char *config_arg = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LineRead read = { 0 };

  if (!write_bus_config (keyring, config_path, error))
    return FALSE;
  config_arg = g_strconcat ("--config-file=", config_path, NULL);

  {
    const char *argv[] = { DBUS_DAEMON_PATH, config_arg, "--nofork", "--print-address", NULL };

    launcher = new_launcher (keyring, G_SUBPROCESS_FLAGS_STDOUT_PIPE, "dbus-daemon.log");
    if (!spawn_child (&keyring->dbus, launcher, argv, error))
      return FALSE;
  }

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (keyring->dbus.process));
  g_data_input_stream_read_line_async (output, G_PRIORITY_DEFAULT, cancellable, on_line, &read);
  if (!iterate_until (keyring, &read.done, keyring->dbus.exited, READY_TIMEOUT_MS))
    {
      g_cancellable_cancel (cancellable);
      iterate_until (keyring, &read.done, NULL, STOP_TIMEOUT_MS);
    }
  if (read.line == NULL || *read.line == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "dbus-daemon gave no address%s%s",
                   read.error != NULL ? ": " : "", read.error != NULL ? read.error->message : "");
      g_clear_error (&read.error);
      g_free (read.line);
      return FALSE;
    }
  /* It listens: the printed address adds the bus's id to ours. */
  keyring->guid_address = g_strstrip (read.line);
  return TRUE;
}

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  McTestKeyring *keyring = user_data;

  keyring->has_owner = TRUE;
  keyring->no_owner = FALSE;
}

static void
on_name_vanished (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  McTestKeyring *keyring = user_data;

  keyring->has_owner = FALSE;
  keyring->no_owner = TRUE;
}

gboolean
mc_test_keyring_start_service (McTestKeyring  *keyring,
                               GError        **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *argv[] = { KEYRING_DAEMON_PATH, "--foreground", "--unlock", "--components=secrets",
                         NULL };
  GOutputStream *input;

  g_return_val_if_fail (keyring != NULL, FALSE);
  g_return_val_if_fail (keyring->keyring.process == NULL, FALSE);

  /* --unlock reads the login keyring's password from standard input (and
   * makes the keyring with it the first time); without it the daemon
   * would ask a prompter for it. */
  launcher = new_launcher (keyring, G_SUBPROCESS_FLAGS_STDIN_PIPE, "gnome-keyring.log");
  if (!spawn_child (&keyring->keyring, launcher, argv, error))
    return FALSE;
  input = g_subprocess_get_stdin_pipe (keyring->keyring.process);
  if (!g_output_stream_write_all (input, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD), NULL, NULL,
                                  error)
      || !g_output_stream_close (input, NULL, error))
    return FALSE;

  /* --unlock may return before the daemon owns the name: wait for it. */
  if (!iterate_until (keyring, &keyring->has_owner, keyring->keyring.exited, READY_TIMEOUT_MS))
    {
      g_autofree char *log_path = g_build_filename (keyring->dir, "gnome-keyring.log", NULL);
      g_autofree char *log = NULL;

      g_file_get_contents (log_path, &log, NULL, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "gnome-keyring-daemon did not own %s%s: %s", SECRETS_NAME,
                   *keyring->keyring.exited ? " (it exited)" : "", log != NULL ? log : "");
      return FALSE;
    }
  return TRUE;
}

void
mc_test_keyring_stop_service (McTestKeyring *keyring)
{
  g_return_if_fail (keyring != NULL);

  stop_child (keyring, &keyring->keyring);
  /* Its name is released when it exits; the bus says so a moment later. */
  if (!iterate_until (keyring, &keyring->no_owner, NULL, STOP_TIMEOUT_MS))
    g_error ("%s still has an owner after gnome-keyring-daemon exited", SECRETS_NAME);
}

static gboolean
make_dirs (McTestKeyring  *keyring,
           GError        **error)
{
  const char *dirs[] = { keyring->home, keyring->config_home, keyring->data_home,
                         keyring->cache_home, keyring->runtime_dir };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      if (g_mkdir_with_parents (dirs[i], 0700) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot make %s", dirs[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
start (McTestKeyring  *keyring,
       GError        **error)
{
  g_autofree char *socket = g_build_filename (keyring->runtime_dir, "bus", NULL);

  /* The environment first, before any thread exists (setenv is not
   * thread-safe); the bus's address is that of the socket it will make. */
  keyring->address = g_strconcat ("unix:path=", socket, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    keyring->saved[i] = g_strdup (g_getenv (variables[i]));
  keyring->env_set = TRUE;
  g_setenv ("HOME", keyring->home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", keyring->config_home, TRUE);
  g_setenv ("XDG_DATA_HOME", keyring->data_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", keyring->cache_home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", keyring->runtime_dir, TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);

  keyring->janitor = mc_test_janitor_new (keyring->dir, error);
  if (keyring->janitor == NULL || !make_dirs (keyring, error) || !start_bus (keyring, error))
    return FALSE;

  /* The connection every part of this process will share. */
  keyring->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (keyring->bus == NULL)
    return FALSE;
  g_dbus_connection_set_exit_on_close (keyring->bus, FALSE);
  /* Had something in this process connected to another bus before, GDBus
   * would have handed us that one. */
  if (strstr (keyring->guid_address, g_dbus_connection_get_guid (keyring->bus)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "This process was already connected to another session bus");
      return FALSE;
    }
  keyring->watch_id = g_bus_watch_name_on_connection (keyring->bus, SECRETS_NAME,
                                                      G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                      on_name_appeared, on_name_vanished,
                                                      keyring, NULL);
  return mc_test_keyring_start_service (keyring, error);
}

McTestKeyring *
mc_test_keyring_start (GError **error)
{
  McTestKeyring *keyring = g_new0 (McTestKeyring, 1);

  keyring->context = g_main_context_ref_thread_default ();
  keyring->dir = mc_test_make_tmpdir ();
  keyring->home = g_build_filename (keyring->dir, "home", NULL);
  keyring->config_home = g_build_filename (keyring->home, ".config", NULL);
  keyring->data_home = g_build_filename (keyring->home, ".local", "share", NULL);
  keyring->cache_home = g_build_filename (keyring->home, ".cache", NULL);
  keyring->runtime_dir = g_build_filename (keyring->dir, "run", NULL);

  if (start (keyring, error))
    return keyring;
  mc_test_keyring_stop (keyring);
  return NULL;
}

const char *
mc_test_keyring_get_home (McTestKeyring *keyring)
{
  g_return_val_if_fail (keyring != NULL, NULL);
  return keyring->home;
}

const char *
mc_test_keyring_get_config_home (McTestKeyring *keyring)
{
  g_return_val_if_fail (keyring != NULL, NULL);
  return keyring->config_home;
}

/* A service object of our own, not the process-wide one that the code
 * under test uses, so that the fixture never changes what that one holds. */
static SecretService *
open_service (GError **error)
{
  return secret_service_open_sync (SECRET_TYPE_SERVICE, NULL, SECRET_SERVICE_OPEN_SESSION, NULL,
                                   error);
}

static GHashTable *
attributes_from_va (const char *first,
                    va_list     args)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (attributes, g_strdup (name), g_strdup (value));
    }
  return attributes;
}

gboolean
mc_test_keyring_store (McTestKeyring  *keyring,
                       const char     *schema_name,
                       const char     *label,
                       const char     *password,
                       GError        **error,
                       const char     *first_attribute,
                       ...)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  /* Not g_autoptr: libsecret 0.20 declares its cleanup as g_object_unref,
   * and a SecretSchema is not an object. */
  SecretSchema *schema = NULL;
  g_autoptr(SecretValue) value = NULL;
  GHashTableIter iter;
  gpointer name;
  gboolean ok;
  va_list args;

  g_return_val_if_fail (keyring != NULL, FALSE);
  g_return_val_if_fail (schema_name != NULL && label != NULL && password != NULL, FALSE);

  va_start (args, first_attribute);
  attributes = attributes_from_va (first_attribute, args);
  va_end (args);

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_insert (types, name, GINT_TO_POINTER (SECRET_SCHEMA_ATTRIBUTE_STRING));
  schema = secret_schema_newv (schema_name, SECRET_SCHEMA_NONE, types);
  value = secret_value_new (password, -1, "text/plain");

  service = open_service (error);
  ok = service != NULL
       && secret_service_store_sync (service, schema, attributes, SECRET_COLLECTION_DEFAULT,
                                     label, value, NULL, error);
  secret_schema_unref (schema);
  return ok;
}

char *
mc_test_keyring_lookup (McTestKeyring  *keyring,
                        GError        **error,
                        const char     *first_attribute,
                        ...)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  va_list args;

  g_return_val_if_fail (keyring != NULL, NULL);

  va_start (args, first_attribute);
  attributes = attributes_from_va (first_attribute, args);
  va_end (args);

  service = open_service (error);
  if (service == NULL)
    return NULL;
  value = secret_service_lookup_sync (service, NULL, attributes, NULL, error);
  if (value == NULL)
    return NULL;
  return g_strdup (secret_value_get_text (value));
}

gboolean
mc_test_keyring_lock (McTestKeyring  *keyring,
                      GError        **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  GList *objects = NULL;
  GList *locked = NULL;
  gboolean ok;

  g_return_val_if_fail (keyring != NULL, FALSE);

  service = open_service (error);
  if (service == NULL)
    return FALSE;
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, error);
  if (collection == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No default collection");
      return FALSE;
    }
  objects = g_list_append (NULL, collection);
  ok = secret_service_lock_sync (service, objects, NULL, &locked, error) == 1;
  g_list_free (objects);
  g_list_free_full (locked, g_object_unref);
  return ok;
}

void
mc_test_keyring_freeze (McTestKeyring *keyring,
                        gboolean       frozen)
{
  g_return_if_fail (keyring != NULL);
  g_return_if_fail (keyring->keyring.group > 1);

  if (kill (-keyring->keyring.group, frozen ? SIGSTOP : SIGCONT) != 0)
    g_error ("Cannot %s gnome-keyring-daemon: %s", frozen ? "stop" : "continue",
             g_strerror (errno));
}

void
mc_test_keyring_stop (McTestKeyring *keyring)
{
  if (keyring == NULL)
    return;

  stop_child (keyring, &keyring->keyring);
  if (keyring->watch_id != 0)
    g_bus_unwatch_name (keyring->watch_id);
  stop_child (keyring, &keyring->dbus);
  g_clear_object (&keyring->bus);
  g_clear_pointer (&keyring->janitor, mc_test_janitor_dismiss);
  mc_test_rm_rf (keyring->dir);

  for (guint i = 0; i < G_N_ELEMENTS (variables) && keyring->env_set; i++)
    {
      if (keyring->saved[i] != NULL)
        g_setenv (variables[i], keyring->saved[i], TRUE);
      else
        g_unsetenv (variables[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    g_free (keyring->saved[i]);
  g_free (keyring->dir);
  g_free (keyring->home);
  g_free (keyring->config_home);
  g_free (keyring->data_home);
  g_free (keyring->cache_home);
  g_free (keyring->runtime_dir);
  g_free (keyring->address);
  g_free (keyring->guid_address);
  g_main_context_unref (keyring->context);
  g_free (keyring);
}
