/* bench-ports-deadline.c: how long a whole check takes when a firewall drops ports.
 * The goal: a dropped port costs one deadline, not one per port, so with 25
 * and 465 dropped and --timeout 3 the check ends in well under 4.5 s. This
 * prints the figure; it does not judge it. Runs in its own network namespace.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "mc-test-dns.h"
#include "mc-test-net.h"

typedef struct
{
  char     *out;
  gboolean  done;
} Pending;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &pending->out, NULL, &error);
  g_assert_no_error (error);
  pending->done = TRUE;
}

static void
bench_two_ports_dropped (gconstpointer data)
{
  McTestDns *dns = (McTestDns *) data;
  g_autoptr(McTestListener) l587 = mc_test_listener_new_on_port (20587, NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Pending pending = { 0 };
  const char *argv[] = {
    g_getenv ("MC_TEST_CLI"), "check", "--host", "mail.example.test", "--port", "25",
    "--dns-server", mc_test_dns_get_server (dns), "--timeout", "3", "--format", "json", NULL
  };
  gint64 started, elapsed_us;
  JsonObject *report;

  g_assert_nonnull (l587);
  mc_test_set_firewall ("tcp dport { 20025, 20465 } drop");
  g_subprocess_launcher_setenv (launcher, "MAIL_CHECKUP_PORT_MAP", "25=20025,465=20465,587=20587", TRUE);

  started = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &pending);
  mc_test_iterate_until (&pending.done, 60000);
  elapsed_us = g_get_monotonic_time () - started;

  json_parser_load_from_data (parser, pending.out, -1, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  /* The scenario really happened: the headline is Outbound Port 25 Blocking. */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (report, "overall"),
                                                  "headline"), ==, "server.ports");

  g_test_message ("check with ports 25 and 465 dropped, --timeout 3: %.2f s wall, "
                  "report duration_ms %" G_GINT64_FORMAT " (goal: under 4.5 s)",
                  elapsed_us / 1e6, json_object_get_int_member (report, "duration_ms"));
  g_free (pending.out);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  McTestDns *dns;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!mc_test_in_netns ())
    {
      g_print ("Bail out! must run inside its own network namespace (tests/netns-run.sh, as root)\n");
      return 1;
    }
  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);

  g_test_add_data_func ("/bench/ports-deadline", dns, bench_two_ports_dropped);
  status = g_test_run ();
  mc_test_dns_stop (dns);
  return status;
}
