/* mc-test-net.c: loopback ports, listeners and child processes for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mc-test-net.h"

#include <glib/gstdio.h>

/* Asks the kernel for a free port on 127.0.0.1 of the given type, and checks
 * that the other type is free on the same number too (DNS servers bind both).
 * The port is released before returning, so a tiny race remains; callers that
 * start a server retry with another port when binding fails. */
guint16
mc_test_pick_port (GSocketType   type,
                   GError      **error)
{
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      g_autoptr(GSocket) sock = NULL;
      g_autoptr(GSocket) other = NULL;
      g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSocketAddress) again = NULL;
      guint16 port;

      sock = g_socket_new (G_SOCKET_FAMILY_IPV4, type, G_SOCKET_PROTOCOL_DEFAULT, error);
      if (sock == NULL)
        return 0;
      if (!g_socket_bind (sock, any, FALSE, error))
        return 0;
      bound = g_socket_get_local_address (sock, error);
      if (bound == NULL)
        return 0;
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

      other = g_socket_new (G_SOCKET_FAMILY_IPV4,
                            type == G_SOCKET_TYPE_DATAGRAM ? G_SOCKET_TYPE_STREAM
                                                           : G_SOCKET_TYPE_DATAGRAM,
                            G_SOCKET_PROTOCOL_DEFAULT, error);
      if (other == NULL)
        return 0;
      again = g_inet_socket_address_new (lo, port);
      if (g_socket_bind (other, again, FALSE, NULL))
        return port;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE, "No free port pair on 127.0.0.1");
  return 0;
}

static void
on_timeout_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Waits, bounded by timeout_ms, until a TCP connection to host:port succeeds:
 * the way to know that a server started by a test is ready to serve. */
gboolean
mc_test_wait_tcp (const char  *host,
                  guint16      port,
                  guint        timeout_ms,
                  GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autoptr(GError) last = NULL;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) conn = NULL;
      g_autoptr(GInetAddress) addr = g_inet_address_new_from_string (host);
      g_autoptr(GSocketAddress) sa = g_inet_socket_address_new (addr, port);
      gboolean tick = FALSE;

      g_socket_client_set_enable_proxy (client, FALSE);
      g_socket_client_set_timeout (client, 1);
      g_clear_error (&last);
      conn = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (sa), NULL, &last);
      if (conn != NULL)
        return TRUE;

      /* Not ready yet: let the main context run for 20 ms before the next try. */
      g_timeout_add_once (20, on_timeout_flag, &tick);
      while (!tick)
        g_main_context_iteration (NULL, TRUE);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               "Nothing listens on %s:%u after %u ms (%s)", host, port, timeout_ms,
               last ? last->message : "no attempt");
  return FALSE;
}

/* Runs the default main context until *done is TRUE; aborts the test when
 * timeout_ms pass first, so that a bug can never hang the suite. */
void
mc_test_iterate_until (gboolean *done,
                       guint     timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_once (timeout_ms, on_timeout_flag, &expired);

  while (!*done && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (id);
  else if (!*done)
    g_error ("Test did not finish within %u ms", timeout_ms);
}

char *
mc_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("mail-checkup-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* A new temporary folder made the home of this process: HOME and the XDG
 * config, data and runtime folders point into it, so that nothing of the
 * person running the tests is read or written. Call it before any thread
 * starts (setenv). Returns the folder. */
char *
mc_test_make_home (void)
{
  char *home = mc_test_make_tmpdir ();
  g_autofree char *config = g_build_filename (home, ".config", NULL);
  g_autofree char *data = g_build_filename (home, ".local", "share", NULL);
  g_autofree char *runtime = g_build_filename (home, "run", NULL);

  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  return home;
}

static void
rm_rf_file (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            rm_rf_file (child);
          else
            g_file_delete (child, NULL, NULL);
          g_object_unref (info);
        }
    }
  g_file_delete (file, NULL, NULL);
}

/* Removes a directory tree that a test made under the temporary folder. */
void
mc_test_rm_rf (const char *path)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;
  g_assert_true (g_str_has_prefix (path, g_get_tmp_dir ()));
  file = g_file_new_for_path (path);
  rm_rf_file (file);
}

struct _McTestListener
{
  GSocketService *service;
  guint16         port;
  guint           accepted;
};

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  McTestListener *listener = user_data;

  /* Not keeping a reference closes the connection when this returns. */
  listener->accepted++;
  return TRUE;
}

McTestListener *
mc_test_listener_new (GError **error)
{
  return mc_test_listener_new_on_port (0, error);
}

/* A listener on a given port (0: any free one). */
McTestListener *
mc_test_listener_new_on_port (guint16   port,
                              GError  **error)
{
  McTestListener *listener = g_new0 (McTestListener, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, port);
  g_autoptr(GSocketAddress) effective = NULL;

  listener->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (listener->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    {
      mc_test_listener_free (listener);
      return NULL;
    }
  listener->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (listener->service, "incoming", G_CALLBACK (on_incoming), listener);
  g_socket_service_start (listener->service);
  return listener;
}

guint16
mc_test_listener_get_port (McTestListener *listener)
{
  return listener->port;
}

guint
mc_test_listener_get_accepted (McTestListener *listener)
{
  return listener->accepted;
}

void
mc_test_listener_free (McTestListener *listener)
{
  if (listener == NULL)
    return;
  if (listener->service != NULL)
    {
      g_socket_service_stop (listener->service);
      g_socket_listener_close (G_SOCKET_LISTENER (listener->service));
      g_signal_handlers_disconnect_by_data (listener->service, listener);
      g_object_unref (listener->service);
    }
  g_free (listener);
}

/* TRUE inside the namespace made by tests/netns-run.sh, where firewall rules
 * touch nothing but the test. */
gboolean
mc_test_in_netns (void)
{
  return g_getenv ("MC_TEST_NETNS") != NULL;
}

/* Runs a helper command to its end; the test fails with its error output
 * when it does not succeed. */
void
mc_test_spawn_checked (const char * const *argv,
                       const char         *input)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                     G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", argv[0], err);
}

/* Replaces the namespace's firewall with the given rules of the output
 * chain (where connections to loopback start). Only in a test namespace. */
void
mc_test_set_firewall (const char *output_rules)
{
  const char *argv[] = { "nft", "-f", "-", NULL };
  g_autofree char *ruleset = NULL;

  g_assert_true (mc_test_in_netns ());
  ruleset = g_strdup_printf ("flush ruleset\n"
                             "table inet mc {\n"
                             "  chain output {\n"
                             "    type filter hook output priority 0; policy accept;\n"
                             "%s\n"
                             "  }\n"
                             "}\n", output_rules);
  mc_test_spawn_checked (argv, ruleset);
}

typedef struct
{
  McReport *report;
  gboolean  done;
} CheckupRun;

static void
checkup_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CheckupRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->report = mc_checkup_run_finish (MC_CHECKUP (source), result, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

McReport *
mc_test_run_checkup (McCheckup *checkup,
                     guint      timeout_ms)
{
  CheckupRun run = { 0 };

  mc_checkup_run_async (checkup, NULL, checkup_done_cb, &run);
  mc_test_iterate_until (&run.done, timeout_ms);
  return run.report;
}
