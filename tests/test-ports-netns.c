/* test-ports-netns.c: port classification behind a real firewall, in a network namespace.
 * Run through netns-run.sh: every case sets its own nftables rules for the
 * namespace, which only this test uses, and the checkup's ports are moved
 * to 20025/20465/20587 there.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-checkup.h"
#include "mc-i18n.h"
#include "mc-test-dns.h"
#include "mc-test-net.h"

#define PORT_MAP "25=20025,465=20465,587=20587"

static McTestDns *dns;

/* A listener on a fixed port: the namespace is ours, nothing else binds. */
static McTestListener *
listen_on (guint16 port)
{
  g_autoptr(GError) error = NULL;
  McTestListener *listener = mc_test_listener_new_on_port (port, &error);

  g_assert_no_error (error);
  return listener;
}

static McReport *
run_checkup (guint16 port,
             guint   timeout_s)
{
  g_autoptr(McResolver) resolver = mc_resolver_new ();
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  g_autoptr(GError) error = NULL;
  const char *servers[] = { mc_test_dns_get_server (dns), NULL };

  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  mc_account_set_email (account, "taro@example.test");
  mc_account_set_host (account, "mail.example.test");
  mc_account_set_port (account, port);
  checkup = mc_checkup_new (account, resolver);
  g_assert_true (mc_checkup_set_port_map (checkup, PORT_MAP, &error));
  mc_checkup_set_timeout (checkup, timeout_s);

  return mc_test_run_checkup (checkup, 30000);
}

static JsonObject *
port_entry (McFinding *ports,
            guint      port)
{
  JsonArray *list = json_object_get_array_member (mc_finding_get_evidence (ports), "ports");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (json_object_get_int_member (entry, "port") == port)
        return entry;
    }
  g_assert_not_reached ();
}

static const char *
state_of (McFinding *ports,
          guint      port)
{
  return json_object_get_string_member (port_entry (ports, port), "state");
}

/* Outbound Port 25 Blocking as Japanese providers do it: 25 dropped,
 * submission open. An account still on port 25 is told to move to 587. */
static void
test_op25b_account_on_25 (void)
{
  g_autoptr(McTestListener) l587 = listen_on (20587);
  g_autoptr(McReport) report = NULL;
  McFinding *ports;
  JsonObject *entry25;

  mc_test_set_firewall ("tcp dport 20025 drop\n"
             "tcp dport 20465 reject with tcp reset");
  report = run_checkup (25, 2);
  ports = mc_report_lookup_finding (report, "server.ports");

  g_assert_cmpstr (state_of (ports, 25), ==, "filtered");
  g_assert_cmpstr (state_of (ports, 465), ==, "refused");
  g_assert_cmpstr (state_of (ports, 587), ==, "open");
  /* The evidence names the well-known port and the address it tried. */
  entry25 = port_entry (ports, 25);
  g_assert_cmpstr (json_object_get_string_member (entry25, "address"), ==, "127.0.0.1");
  g_assert_true (json_object_has_member (entry25, "ms"));

  g_assert_cmpint (mc_finding_get_status (ports), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (ports), ==, "op25b");
  g_assert_nonnull (strstr (mc_finding_get_summary (ports), "Outbound Port 25 Blocking"));
  g_assert_nonnull (strstr (mc_finding_get_summary (ports), "587 with STARTTLS"));
  g_assert_cmpstr (mc_finding_get_id (mc_report_get_headline (report)), ==, "server.ports");

}

/* The same network with an account already on 587: all is well, and the
 * blocked port 25 is mentioned, not counted against the user. */
static void
test_op25b_account_on_587 (void)
{
  g_autoptr(McTestListener) l587 = listen_on (20587);
  g_autoptr(McReport) report = NULL;
  McFinding *ports;

  mc_test_set_firewall ("tcp dport 20025 drop\n"
             "tcp dport 20465 reject with tcp reset");
  report = run_checkup (587, 2);
  ports = mc_report_lookup_finding (report, "server.ports");

  g_assert_cmpint (mc_finding_get_status (ports), ==, MC_STATUS_OK);
  g_assert_nonnull (strstr (mc_finding_get_summary (ports), "Port 25 is blocked"));
}

static void
test_blocked_port_with_alternative (void)
{
  g_autoptr(McTestListener) l465 = listen_on (20465);
  g_autoptr(McReport) report = NULL;
  McFinding *ports;

  mc_test_set_firewall ("tcp dport 20587 drop\n"
             "tcp dport 20025 drop");
  report = run_checkup (587, 2);
  ports = mc_report_lookup_finding (report, "server.ports");
  g_assert_cmpstr (state_of (ports, 587), ==, "filtered");
  g_assert_cmpint (mc_finding_get_status (ports), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (ports), ==, "port-blocked");
  g_assert_nonnull (strstr (mc_finding_get_summary (ports), "465 with SSL/TLS"));
}

static void
test_unreachable (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *ports;

  mc_test_set_firewall ("tcp dport { 20025, 20465, 20587 } reject with icmpx type host-unreachable");
  report = run_checkup (587, 2);
  ports = mc_report_lookup_finding (report, "server.ports");
  g_assert_cmpstr (state_of (ports, 25), ==, "unreachable");
  g_assert_cmpstr (state_of (ports, 587), ==, "unreachable");
  g_assert_cmpint (mc_finding_get_status (ports), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (ports), ==, "server-unreachable");
}

/* Everything dropped, and this namespace has no route out: the network
 * itself is the cause, shown red; the ports are red too, as evidence. */
static void
test_all_filtered_offline (void)
{
  g_autoptr(McReport) report = NULL;
  McFinding *ports, *link;

  mc_test_set_firewall ("tcp dport { 20025, 20465, 20587 } drop");
  report = run_checkup (587, 2);
  ports = mc_report_lookup_finding (report, "server.ports");
  g_assert_cmpstr (state_of (ports, 25), ==, "filtered");
  g_assert_cmpstr (state_of (ports, 465), ==, "filtered");
  g_assert_cmpstr (state_of (ports, 587), ==, "filtered");
  g_assert_cmpstr (mc_finding_get_guidance (ports), ==, "ports-filtered");

  link = mc_report_lookup_finding (report, "network.link");
  g_assert_false (json_object_get_boolean_member (mc_finding_get_evidence (link), "available"));
  g_assert_cmpint (mc_finding_get_status (link), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (link), ==, "network-offline");
  g_assert_cmpstr (mc_finding_get_id (mc_report_get_headline (report)), ==, "network.link");
}

/* No route out, but the server (on loopback) answers: the monitor's "no
 * network" is only a note. */
static void
test_offline_but_server_reached (void)
{
  g_autoptr(McTestListener) l587 = listen_on (20587);
  g_autoptr(McReport) report = NULL;
  McFinding *link;

  mc_test_set_firewall ("");
  report = run_checkup (587, 2);
  link = mc_report_lookup_finding (report, "network.link");
  g_assert_cmpint (mc_finding_get_status (link), ==, MC_STATUS_INFO);
  g_assert_cmpint (mc_finding_get_status (mc_report_lookup_finding (report, "server.ports")), ==,
                   MC_STATUS_OK);
}

static void
on_available_changed (GNetworkMonitor *monitor,
                      gboolean         available,
                      gpointer         user_data)
{
  *(gboolean *) user_data = available;
}

/* With a default route (a veth pair inside the namespace, so no packet can
 * leave it), the network monitor reports a network and the link is green. */
static void
test_online (void)
{
  const char *add[] = { "ip", "link", "add", "mc0", "type", "veth", "peer", "name", "mc1", NULL };
  const char *up0[] = { "ip", "link", "set", "mc0", "up", NULL };
  const char *up1[] = { "ip", "link", "set", "mc1", "up", NULL };
  const char *addr[] = { "ip", "addr", "add", "198.18.0.1/30", "dev", "mc0", NULL };
  const char *route[] = { "ip", "route", "add", "default", "via", "198.18.0.2", "dev", "mc0", NULL };
  const char *del[] = { "ip", "link", "del", "mc0", NULL };
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  g_autoptr(McTestListener) l587 = listen_on (20587);
  g_autoptr(McReport) report = NULL;
  gboolean available = g_network_monitor_get_network_available (monitor);
  gulong handler;
  McFinding *link;

  handler = g_signal_connect (monitor, "network-changed", G_CALLBACK (on_available_changed), &available);
  mc_test_spawn_checked (add, NULL);
  mc_test_spawn_checked (up0, NULL);
  mc_test_spawn_checked (up1, NULL);
  mc_test_spawn_checked (addr, NULL);
  mc_test_spawn_checked (route, NULL);
  mc_test_iterate_until (&available, 10000);
  g_signal_handler_disconnect (monitor, handler);

  mc_test_set_firewall ("");
  report = run_checkup (587, 2);
  link = mc_report_lookup_finding (report, "network.link");
  g_assert_true (json_object_get_boolean_member (mc_finding_get_evidence (link), "available"));
  g_assert_cmpint (mc_finding_get_status (link), ==, MC_STATUS_OK);

  mc_test_spawn_checked (del, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_unsetenv ("MAIL_CHECKUP_PORT_MAP");
  g_setenv ("LANGUAGE", "en", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  if (!mc_test_in_netns ())
    {
      /* Firewall rules on this machine's own network would be wrong and
       * dangerous: refuse, and say how to run it. */
      g_printerr ("Bail out! test-ports-netns must run inside its own network namespace: "
                  "run it through tests/netns-run.sh (as root)\n");
      g_print ("Bail out! not in a network namespace (use tests/netns-run.sh)\n");
      return 1;
    }

  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);

  g_test_add_func ("/ports/op25b-account-on-25", test_op25b_account_on_25);
  g_test_add_func ("/ports/op25b-account-on-587", test_op25b_account_on_587);
  g_test_add_func ("/ports/blocked-port-with-alternative", test_blocked_port_with_alternative);
  g_test_add_func ("/ports/unreachable", test_unreachable);
  g_test_add_func ("/ports/all-filtered-offline", test_all_filtered_offline);
  g_test_add_func ("/ports/offline-but-server-reached", test_offline_but_server_reached);
  g_test_add_func ("/ports/online", test_online);

  status = g_test_run ();
  mc_test_dns_stop (dns);
  return status;
}
