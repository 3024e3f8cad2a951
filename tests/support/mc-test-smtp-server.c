/* mc-test-smtp-server.c: the scripted SMTP server of tests/smtp-hostile.py, for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mc-test-smtp-server.h"
#include "mc-test-net.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Debian's interpreter: the first python3 on PATH may be another one. */
#define PYTHON_PATH "/usr/bin/python3"
#define SCRIPT_NAME "smtp-hostile.py"
#define TEST_USER "alice@example.test"
#define READY_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 5000
#define MAX_LINE 256

struct _McTestSmtpServer
{
  GMainContext *context;  /* where the script's output and exit are reported */
  GSubprocess  *process;
  char         *dir;      /* the log and the script's error output */
  char         *log_path;
  char         *stderr_path;
  char         *scenario;
  char         *password;
  GString      *out;      /* the script's output, not taken yet */
  gboolean      out_done; /* at the end of the output */
  guint16       port;
  gboolean      exited;
  gboolean      stderr_reported;  /* in the error of a failed start */
};

/* The scenarios that cannot run without a certificate. The script checks
 * too; this only saves starting it. */
static const char * const needs_certificate[] = {
  "ok-starttls",
  "ok-implicit-tls",
  "starttls-injection",
  NULL
};

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  McTestSmtpServer *server = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  server->exited = TRUE;
}

static gboolean
on_timeout_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the server's context until *flag is TRUE or timeout_ms pass. */
static gboolean
iterate_until (McTestSmtpServer *server,
               gboolean         *flag,
               guint             timeout_ms)
{
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  gboolean expired = FALSE;

  g_source_set_callback (timeout, on_timeout_flag, &expired, NULL);
  g_source_attach (timeout, server->context);
  while (!*flag && !expired)
    g_main_context_iteration (server->context, TRUE);
  g_source_destroy (timeout);
  return *flag;
}

/* Appends what the script has written on its output, without blocking.
 * FALSE when there is nothing more to wait for (its end, or an error). */
static gboolean
read_available (McTestSmtpServer *server)
{
  GInputStream *out = g_subprocess_get_stdout_pipe (server->process);

  while (!server->out_done)
    {
      g_autoptr(GError) error = NULL;
      char buf[MAX_LINE];
      gssize len;

      len = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (out), buf,
                                                      sizeof buf, NULL, &error);
      if (len < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return TRUE;
      if (len <= 0)
        server->out_done = TRUE;
      else
        g_string_append_len (server->out, buf, len);
    }
  return FALSE;
}

typedef struct
{
  McTestSmtpServer *server;
  gboolean          done;
} LineWait;

static gboolean
on_stdout_readable (GObject  *stream,
                    gpointer  user_data)
{
  LineWait *wait = user_data;
  McTestSmtpServer *server = wait->server;

  if (!read_available (server) || strchr (server->out->str, '\n') != NULL
      || server->out->len > MAX_LINE)
    {
      wait->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* The script's next line of output (without its end), waiting up to
 * timeout_ms and iterating the server's context meanwhile (the caller may
 * be in the middle of its own main loop). NULL at the end of the output or
 * when the time is up; what came without a line end is then in server->out. */
static char *
read_line (McTestSmtpServer *server,
           guint             timeout_ms)
{
  const char *end;
  char *line;

  if (strchr (server->out->str, '\n') == NULL && !server->out_done)
    {
      GInputStream *out = g_subprocess_get_stdout_pipe (server->process);
      g_autoptr(GSource) source = NULL;
      LineWait wait = { server, FALSE };

      source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (out), NULL);
      g_source_set_callback (source, (GSourceFunc) (void (*) (void)) on_stdout_readable, &wait,
                             NULL);
      g_source_attach (source, server->context);
      iterate_until (server, &wait.done, timeout_ms);
      g_source_destroy (source);
    }

  end = strchr (server->out->str, '\n');
  if (end == NULL)
    return NULL;
  line = g_strndup (server->out->str, end - server->out->str);
  g_string_erase (server->out, 0, end - server->out->str + 1);
  return line;
}

/* The script's error output, for a message. */
static char *
read_stderr (McTestSmtpServer *server)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (server->stderr_path == NULL
      || !g_file_get_contents (server->stderr_path, &text, &len, NULL) || len == 0)
    return g_strdup ("");
  return g_strdup (text + (len > 2000 ? len - 2000 : 0));
}

/* In the child, before exec: the script goes with the test program even when
 * the program aborts on a failed assertion and never calls
 * mc_test_smtp_server_stop (). SIGHUP, not SIGTERM, tells the script to
 * remove its folder too: when the thread that started it exits, another
 * thread of the dying program may still be its parent for a moment, so the
 * script cannot tell from getppid (). PR_SET_PDEATHSIG follows the thread
 * that started the child: start servers from the test's main thread. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGHUP);
  /* The parent may have died before prctl took effect. */
  if (getppid () != (pid_t) GPOINTER_TO_INT (data))
    _exit (1);
}

static gboolean
scenario_needs_certificate (const char *scenario)
{
  return g_strv_contains (needs_certificate, scenario);
}

/* Reads "READY <port>" within READY_TIMEOUT_MS, iterating the server's
 * context meanwhile (the caller may be in the middle of its own main loop). */
static gboolean
wait_ready (McTestSmtpServer  *server,
            GError           **error)
{
  g_autofree char *line = read_line (server, READY_TIMEOUT_MS);
  guint64 port = 0;

  if (line == NULL && !server->out_done)
    {
      g_autofree char *err = read_stderr (server);

      server->stderr_reported = TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "%s --scenario %s printed no READY line within %u ms%s%s", SCRIPT_NAME,
                   server->scenario, READY_TIMEOUT_MS, *err ? ": " : "", err);
      return FALSE;
    }

  if (line == NULL || !g_str_has_prefix (line, "READY ")
      || !g_ascii_string_to_unsigned (line + strlen ("READY "), 10, 1, G_MAXUINT16, &port, NULL))
    {
      g_autofree char *err = NULL;

      /* Most likely it exited: wait for its error output to be complete. */
      iterate_until (server, &server->exited, STOP_TIMEOUT_MS);
      err = read_stderr (server);
      server->stderr_reported = TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s --scenario %s did not start: %s",
                   SCRIPT_NAME, server->scenario,
                   *err != '\0' ? g_strchomp (err)
                   : line != NULL ? line : *server->out->str ? server->out->str : "no output");
      return FALSE;
    }

  server->port = (guint16) port;
  return TRUE;
}

/**
 * mc_test_smtp_server_start:
 *
 * Starts tests/smtp-hostile.py (G_TEST_SRCDIR must point at tests/) with a
 * scenario on 127.0.0.1 and a port the kernel picks, and returns once it
 * accepts connections (about 100 ms). It serves any number of connections,
 * one after another or at once, until mc_test_smtp_server_stop ().
 */
McTestSmtpServer *
mc_test_smtp_server_start (const char          *scenario,
                           McTestPki           *pki,
                           McTestCertKind       cert_kind,
                           const char * const  *args,
                           GError             **error)
{
  g_autoptr(McTestSmtpServer) server = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *script = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (pki == NULL && scenario_needs_certificate (scenario))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Scenario %s serves TLS: it needs a McTestPki", scenario);
      return NULL;
    }

  server = g_new0 (McTestSmtpServer, 1);
  server->context = g_main_context_ref_thread_default ();
  server->scenario = g_strdup (scenario);
  server->out = g_string_new (NULL);
  server->password = g_strdup_printf ("pw-%08x%08x", g_random_int (), g_random_int ());
  server->dir = g_dir_make_tmp ("mail-checkup-smtp-XXXXXX", error);
  if (server->dir == NULL)
    return NULL;
  server->log_path = g_build_filename (server->dir, "log.json", NULL);
  server->stderr_path = g_build_filename (server->dir, "stderr.txt", NULL);
  script = g_test_build_filename (G_TEST_DIST, SCRIPT_NAME, NULL);

  /* -I: ignore PYTHON* variables and the user's site packages, which may
   * belong to another interpreter. */
  g_ptr_array_add (argv, (gpointer) PYTHON_PATH);
  g_ptr_array_add (argv, (gpointer) "-I");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (gpointer) "--scenario");
  g_ptr_array_add (argv, (gpointer) scenario);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "--log");
  g_ptr_array_add (argv, server->log_path);
  /* A test that aborts never calls mc_test_smtp_server_stop (): the script
   * removes the folder then (see die_with_parent ()). */
  g_ptr_array_add (argv, (gpointer) "--cleanup-dir");
  g_ptr_array_add (argv, server->dir);
  g_ptr_array_add (argv, (gpointer) "--user");
  g_ptr_array_add (argv, (gpointer) TEST_USER);
  g_ptr_array_add (argv, (gpointer) "--password");
  g_ptr_array_add (argv, server->password);
  if (pki != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--cert");
      g_ptr_array_add (argv, (gpointer) mc_test_pki_get_cert_file (pki, cert_kind));
      g_ptr_array_add (argv, (gpointer) "--key");
      g_ptr_array_add (argv, (gpointer) mc_test_pki_get_key_file (pki, cert_kind));
    }
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->stderr_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, GINT_TO_POINTER (getpid ()),
                                         NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                  error);
  if (server->process == NULL)
    return NULL;
  g_subprocess_wait_async (server->process, NULL, on_exited, server);

  if (!wait_ready (server, error))
    return NULL;
  return g_steal_pointer (&server);
}

guint16
mc_test_smtp_server_get_port (McTestSmtpServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return server->port;
}

const char *
mc_test_smtp_server_get_user (McTestSmtpServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  return TEST_USER;
}

const char *
mc_test_smtp_server_get_password (McTestSmtpServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  return server->password;
}

char *
mc_test_smtp_server_dup_log (McTestSmtpServer *server)
{
  char *text = NULL;

  g_return_val_if_fail (server != NULL, NULL);

  if (!g_file_get_contents (server->log_path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

typedef gboolean (*EventFunc) (const char *event,
                               const char *data,
                               gint64      conn,
                               gpointer    user_data);

/* Calls func on every complete event of the log until it returns TRUE. A
 * line still being written does not parse and does not count. */
static gboolean
log_find (McTestSmtpServer *server,
          EventFunc         func,
          gpointer          user_data)
{
  g_autofree char *log = mc_test_smtp_server_dup_log (server);
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      if (*lines[i] == '\0'
          || !json_parser_load_from_data (parser, lines[i], -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      object = json_node_get_object (json_parser_get_root (parser));
      if (func (json_object_get_string_member_with_default (object, "event", ""),
                json_object_get_string_member_with_default (object, "data", ""),
                json_object_get_int_member_with_default (object, "conn", 0), user_data))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  const char *event;
  const char *data_substring;
} EventQuery;

static gboolean
event_matches (const char *event,
               const char *data,
               gint64      conn,
               gpointer    user_data)
{
  EventQuery *query = user_data;

  return g_str_equal (event, query->event)
         && (query->data_substring == NULL || strstr (data, query->data_substring) != NULL);
}

gboolean
mc_test_smtp_server_saw_event (McTestSmtpServer *server,
                               const char       *event,
                               const char       *data_substring)
{
  EventQuery query = { event, data_substring };

  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  return log_find (server, event_matches, &query);
}

gboolean
mc_test_smtp_server_wait_event (McTestSmtpServer *server,
                                const char       *event,
                                const char       *data_substring,
                                guint             timeout_ms)
{
  gint64 deadline;

  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (!mc_test_smtp_server_saw_event (server, event, data_substring))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      if (!g_main_context_iteration (server->context, FALSE))
        g_usleep (5000);
    }
  return TRUE;
}

/* Keeps the connections that were logged as open and not yet as closed. */
static gboolean
track_open (const char *event,
            const char *data,
            gint64      conn,
            gpointer    user_data)
{
  GHashTable *open = user_data;

  if (g_str_equal (event, "connect"))
    g_hash_table_add (open, GINT_TO_POINTER ((int) conn));
  else if (g_str_equal (event, "close"))
    g_hash_table_remove (open, GINT_TO_POINTER ((int) conn));
  return FALSE;
}

static gboolean
server_idle (McTestSmtpServer *server)
{
  g_autoptr(GHashTable) open = g_hash_table_new (NULL, NULL);

  log_find (server, track_open, open);
  return g_hash_table_size (open) == 0;
}

/* Asks the script to accept every connection already made (SIGUSR1) and
 * waits for its "SYNC": from then on, each of them is in the log. */
static gboolean
sync_accepts (McTestSmtpServer *server,
              guint             timeout_ms)
{
  /* A SYNC left over from an earlier wait that gave up would answer too early. */
  read_available (server);
  g_string_truncate (server->out, 0);
  if (server->exited || server->out_done)
    return FALSE;
  g_subprocess_send_signal (server->process, SIGUSR1);

  for (;;)
    {
      g_autofree char *line = read_line (server, timeout_ms);

      if (line == NULL)
        return FALSE;
      if (g_str_equal (line, "SYNC"))
        return TRUE;
    }
}

gboolean
mc_test_smtp_server_wait_idle (McTestSmtpServer *server,
                               guint             timeout_ms)
{
  gint64 deadline;

  g_return_val_if_fail (server != NULL, FALSE);

  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  if (!sync_accepts (server, MAX (timeout_ms, 1000)))
    return FALSE;
  while (!server_idle (server))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      if (!g_main_context_iteration (server->context, FALSE))
        g_usleep (5000);
    }
  return TRUE;
}

/* Stops the script (SIGTERM, then SIGKILL if it lingers), reports what it
 * wrote on its error output (a traceback is a bug in the script), and
 * removes its log. */
void
mc_test_smtp_server_stop (McTestSmtpServer *server)
{
  g_autofree char *err = NULL;

  if (server == NULL)
    return;

  if (server->process != NULL && !server->exited)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      if (!iterate_until (server, &server->exited, STOP_TIMEOUT_MS))
        {
          g_subprocess_force_exit (server->process);
          if (!iterate_until (server, &server->exited, STOP_TIMEOUT_MS))
            {
              /* on_exited still holds the pointer: better a leak than a
               * write into freed memory. */
              g_test_message ("%s --scenario %s did not exit", SCRIPT_NAME, server->scenario);
              return;
            }
        }
    }

  err = read_stderr (server);
  if (*err != '\0' && !server->stderr_reported)
    g_test_message ("%s --scenario %s said: %s", SCRIPT_NAME, server->scenario, err);

  if (server->dir != NULL)
    mc_test_rm_rf (server->dir);
  g_clear_object (&server->process);
  g_free (server->dir);
  g_free (server->log_path);
  g_free (server->stderr_path);
  g_free (server->scenario);
  g_free (server->password);
  g_string_free (server->out, TRUE);
  g_main_context_unref (server->context);
  g_free (server);
}
