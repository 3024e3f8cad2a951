/* mc-test-dns.c: a real DNS server (nsd) and a silent one on loopback, for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mc-test-dns.h"
#include "mc-test-net.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#define NSD_PATH "/usr/sbin/nsd"
#define START_ATTEMPTS 5
#define READY_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 5000

struct _McTestDns
{
  GMainContext *context;  /* where nsd's exit is reported */
  GSubprocess  *process;
  char         *dir;
  char         *server;
  guint16       port;
  gboolean      exited;
};

struct _McTestSilentDns
{
  GSocket *udp;
  GSocket *tcp;
  char    *server;
};

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* One zone per tests/zones/NAME.zone, named NAME. No state file and no
 * pid file: after start-up nsd writes nothing but its (open) log, so its
 * folder can go at once. */
static char *
make_config (const char  *dir,
             guint16      port,
             GError     **error)
{
  g_autofree char *zones_dir = g_test_build_filename (G_TEST_DIST, "zones", NULL);
  g_autoptr(GDir) zones = g_dir_open (zones_dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) conf = g_string_new (NULL);
  const char *file;

  if (zones == NULL)
    return NULL;
  while ((file = g_dir_read_name (zones)) != NULL)
    if (g_str_has_suffix (file, ".zone"))
      g_ptr_array_add (names, g_strndup (file, strlen (file) - strlen (".zone")));
  g_ptr_array_sort (names, compare_strings);

  g_string_append_printf (conf,
                          "server:\n"
                          "  ip-address: 127.0.0.1@%u\n"
                          "  username: \"\"\n"
                          "  database: \"\"\n"
                          "  chroot: \"\"\n"
                          "  zonesdir: \"%s\"\n"
                          "  zonelistfile: \"%s/zone.list\"\n"
                          "  xfrdfile: \"\"\n"
                          "  xfrdir: \"%s\"\n"
                          "  pidfile: \"\"\n"
                          "  logfile: \"%s/nsd.log\"\n"
                          "  server-count: 1\n"
                          /* No response rate limiting: nsd's default (200
                           * answers a second, NXDOMAIN counted per zone)
                           * drops answers when tests ask many names at once. */
                          "  rrl-ratelimit: 0\n"
                          "  verbosity: 1\n"
                          "remote-control:\n"
                          "  control-enable: no\n",
                          port, zones_dir, dir, dir, dir);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (conf, "zone:\n  name: \"%s\"\n  zonefile: \"%s.zone\"\n",
                            (char *) names->pdata[i], (char *) names->pdata[i]);

  return g_string_free (g_steal_pointer (&conf), FALSE);
}

static void
on_nsd_exited (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  McTestDns *dns = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  dns->exited = TRUE;
}

/* Iterates the context until nsd has exited or the time is up. */
static gboolean
wait_exited (McTestDns *dns,
             guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!dns->exited && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (dns->context, FALSE))
        g_usleep (5000);
    }
  return dns->exited;
}

static void
kill_process (McTestDns *dns)
{
  if (dns->process == NULL)
    return;
  if (!dns->exited)
    {
      g_subprocess_send_signal (dns->process, SIGTERM);
      if (!wait_exited (dns, STOP_TIMEOUT_MS))
        {
          g_subprocess_force_exit (dns->process);
          wait_exited (dns, STOP_TIMEOUT_MS);
        }
    }
  g_clear_object (&dns->process);
}

/* The end of nsd's log and error output, to explain a failed start. */
static char *
log_tail (const char *dir)
{
  g_autoptr(GString) tail = g_string_new (NULL);
  const char *files[] = { "nsd.log", "nsd.stderr" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      g_autofree char *text = NULL;
      gsize len = 0;

      if (g_file_get_contents (path, &text, &len, NULL) && len > 0)
        g_string_append_printf (tail, "\n%s: …%s", files[i], text + (len > 1500 ? len - 1500 : 0));
    }
  return g_string_free (g_steal_pointer (&tail), FALSE);
}

/* Whether nsd says it has bound its sockets and loaded its zones. It
 * says so only when it got the port: a port taken meanwhile (by another
 * test, or a client socket) makes it exit with an error instead. */
static gboolean
nsd_says_started (McTestDns *dns)
{
  g_autofree char *path = g_build_filename (dns->dir, "nsd.log", NULL);
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) && strstr (text, "nsd started") != NULL;
}

/* Whether the server answers an SOA query for example.test within 100 ms.
 * nsd's serving process starts a few hundred milliseconds after it says
 * "started", and a query sent before may be lost. */
static gboolean
nsd_answers (McTestDns *dns)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                          G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, dns->port);
  guint16 id = (guint16) g_random_int_range (0, 0x10000);
  guint8 query[] = {
    id >> 8, id & 0xff, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,        /* header: one question */
    7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 4, 't', 'e', 's', 't', 0,
    0, 6, 0, 1,                                              /* SOA, IN */
  };
  guint8 reply[512];
  gssize len;

  if (sock == NULL
      || g_socket_send_to (sock, address, (const char *) query, sizeof query, NULL, NULL) < 0
      || !g_socket_condition_timed_wait (sock, G_IO_IN, 100 * 1000, NULL, NULL))
    return FALSE;
  len = g_socket_receive (sock, (char *) reply, sizeof reply, NULL, NULL);
  return len >= 12 && reply[0] == query[0] && reply[1] == query[1] && (reply[2] & 0x80) != 0
         && (reply[3] & 0x0f) == 0 && (reply[6] != 0 || reply[7] != 0);
}

/* In the child, before exec: nsd goes with the test program even when the
 * program aborts on a failed assertion and never calls mc_test_dns_stop (). */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
try_start (McTestDns  *dns,
           gint64      deadline,
           GError    **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = g_build_filename (dns->dir, "nsd.conf", NULL);
  g_autofree char *stderr_path = g_build_filename (dns->dir, "nsd.stderr", NULL);
  g_autofree char *log_path = g_build_filename (dns->dir, "nsd.log", NULL);

  dns->port = mc_test_pick_port (G_SOCKET_TYPE_DATAGRAM, error);
  if (dns->port == 0)
    return FALSE;
  conf = make_config (dns->dir, dns->port, error);
  if (conf == NULL || !g_file_set_contents (conf_path, conf, -1, error))
    return FALSE;
  g_unlink (log_path);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  dns->exited = FALSE;
  dns->process = g_subprocess_launcher_spawn (launcher, error, NSD_PATH, "-d", "-c", conf_path,
                                              NULL);
  if (dns->process == NULL)
    return FALSE;
  g_subprocess_wait_async (dns->process, NULL, on_nsd_exited, dns);

  /* Ready when nsd has the port and answers on it. A listening TCP socket
   * proves less: under parallel tests it was once another program's. */
  while (!dns->exited && g_get_monotonic_time () < deadline)
    {
      if (nsd_says_started (dns) && nsd_answers (dns) && !dns->exited)
        return TRUE;
      if (!g_main_context_iteration (dns->context, FALSE))
        g_usleep (10 * 1000);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nsd did not start on 127.0.0.1:%u%s",
               dns->port, dns->exited ? " (it exited)" : "");
  kill_process (dns);
  return FALSE;
}

/**
 * mc_test_dns_start:
 *
 * Starts nsd on 127.0.0.1 and a free port, serving every tests/zones/\*.zone
 * (G_TEST_SRCDIR must point at tests/). Takes up to half a second: start
 * one per test program. A port taken meanwhile means another try; all of
 * them within 10 s.
 */
McTestDns *
mc_test_dns_start (GError **error)
{
  McTestDns *dns = g_new0 (McTestDns, 1);
  g_autoptr(GError) last = NULL;
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_MS * 1000;
  guint attempt;

  dns->context = g_main_context_ref_thread_default ();
  dns->dir = mc_test_make_tmpdir ();
  for (attempt = 1; attempt <= START_ATTEMPTS && g_get_monotonic_time () < deadline; attempt++)
    {
      g_clear_error (&last);
      if (try_start (dns, deadline, &last))
        {
          /* nsd has read all it needs: without its folder, a test that
           * aborts leaves nothing behind (nsd dies with it, see above). */
          mc_test_rm_rf (dns->dir);
          g_clear_pointer (&dns->dir, g_free);
          dns->server = g_strdup_printf ("127.0.0.1:%u", dns->port);
          return dns;
        }
    }

  {
    g_autofree char *tail = log_tail (dns->dir);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s (attempt %u)%s",
                 last->message, attempt - 1, tail);
  }
  mc_test_dns_stop (dns);
  return NULL;
}

const char *
mc_test_dns_get_server (McTestDns *dns)
{
  return dns->server;
}

guint16
mc_test_dns_get_port (McTestDns *dns)
{
  return dns->port;
}

/* Stops nsd (SIGTERM, then SIGKILL if it lingers). */
void
mc_test_dns_stop (McTestDns *dns)
{
  if (dns == NULL)
    return;
  kill_process (dns);
  mc_test_rm_rf (dns->dir);
  g_free (dns->dir);
  g_free (dns->server);
  g_main_context_unref (dns->context);
  g_free (dns);
}

static GSocket *
bind_socket (GSocketType    type,
             guint16        port,
             GError       **error)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, type, G_SOCKET_PROTOCOL_DEFAULT,
                                          error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, port);

  if (sock == NULL || !g_socket_bind (sock, address, FALSE, error))
    return NULL;
  if (type == G_SOCKET_TYPE_STREAM && !g_socket_listen (sock, error))
    return NULL;
  return g_steal_pointer (&sock);
}

McTestSilentDns *
mc_test_silent_dns_new (GError **error)
{
  g_autoptr(McTestSilentDns) silent = g_new0 (McTestSilentDns, 1);
  g_autoptr(GError) last = NULL;

  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    {
      guint16 port;

      g_clear_error (&last);
      g_clear_object (&silent->udp);
      g_clear_object (&silent->tcp);
      port = mc_test_pick_port (G_SOCKET_TYPE_DATAGRAM, &last);
      if (port == 0)
        continue;
      silent->udp = bind_socket (G_SOCKET_TYPE_DATAGRAM, port, &last);
      if (silent->udp != NULL)
        silent->tcp = bind_socket (G_SOCKET_TYPE_STREAM, port, &last);
      if (silent->tcp != NULL)
        {
          silent->server = g_strdup_printf ("127.0.0.1:%u", port);
          return g_steal_pointer (&silent);
        }
    }

  g_propagate_error (error, g_steal_pointer (&last));
  return NULL;
}

const char *
mc_test_silent_dns_get_server (McTestSilentDns *silent)
{
  return silent->server;
}

void
mc_test_silent_dns_free (McTestSilentDns *silent)
{
  if (silent == NULL)
    return;
  g_clear_object (&silent->udp);
  g_clear_object (&silent->tcp);
  g_free (silent->server);
  g_free (silent);
}
