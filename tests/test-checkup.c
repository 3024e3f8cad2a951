/* test-checkup.c: whole checkups against a real DNS server and real TCP ports on loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-checkup.h"
#include "mc-i18n.h"
#include "mc-test-dns.h"
#include "mc-test-net.h"

static McTestDns *dns;

typedef struct
{
  McReport *report;
  GError   *error;
  gboolean  done;
  guint     changes;
  guint     max_running;
} Run;

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->report = mc_checkup_run_finish (MC_CHECKUP (source), result, &run->error);
  run->done = TRUE;
}

static void
finding_changed_cb (McCheckup *checkup,
                    McFinding *finding,
                    Run       *run)
{
  g_assert_true (MC_IS_FINDING (finding));
  run->changes++;
  run->max_running = MAX (run->max_running, mc_checkup_get_n_running (checkup));
}

static McResolver *
make_resolver (const char *server)
{
  McResolver *resolver = mc_resolver_new ();
  const char *servers[] = { server, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  g_assert_no_error (error);
  mc_resolver_set_query_timeout (resolver, 300, 2);
  return resolver;
}

/* Runs one checkup to its end; the port map moves 25/465/587 to the given
 * loopback ports (0: a port nothing listens on). */
static McReport *
run_checkup (McAccount    *account,
             const char   *dns_server,
             const char   *port_map,
             guint         timeout_s,
             GCancellable *cancellable,
             Run          *run)
{
  g_autoptr(McResolver) resolver = make_resolver (dns_server);
  g_autoptr(McCheckup) checkup = mc_checkup_new (account, resolver);
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_checkup_set_port_map (checkup, port_map, &error));
  g_assert_no_error (error);
  mc_checkup_set_timeout (checkup, timeout_s);
  g_signal_connect (checkup, "finding-changed", G_CALLBACK (finding_changed_cb), run);

  mc_checkup_run_async (checkup, cancellable, run_done_cb, run);
  g_assert_true (mc_checkup_get_running (checkup));
  mc_test_iterate_until (&run->done, 30000);

  g_assert_false (mc_checkup_get_running (checkup));
  g_assert_cmpuint (mc_checkup_get_n_running (checkup), ==, 0);
  /* No finding is left waiting or spinning, whatever happened. */
  for (guint i = 0; i < g_list_model_get_n_items (mc_checkup_get_findings (checkup)); i++)
    {
      g_autoptr(McFinding) finding = g_list_model_get_item (mc_checkup_get_findings (checkup), i);

      g_assert_true (mc_status_is_done (mc_finding_get_status (finding)));
      g_assert_nonnull (mc_finding_get_summary (finding));
    }
  return run->report;
}

static McAccount *
make_account (const char *host,
              guint16     port)
{
  McAccount *account = mc_account_new ();

  mc_account_set_email (account, "taro@example.test");
  mc_account_set_host (account, host);
  mc_account_set_port (account, port);
  return account;
}

static char *
port_map_for (guint16 p25,
              guint16 p465,
              guint16 p587)
{
  return g_strdup_printf ("25=%u,465=%u,587=%u", p25, p465, p587);
}

/* A port on loopback that nothing listens on: connecting is refused. */
static guint16
closed_port (void)
{
  g_autoptr(GError) error = NULL;
  guint16 port = mc_test_pick_port (G_SOCKET_TYPE_STREAM, &error);

  g_assert_no_error (error);
  return port;
}

static McFinding *
finding (McReport   *report,
         const char *id)
{
  McFinding *f = mc_report_lookup_finding (report, id);

  g_assert_nonnull (f);
  return f;
}

static const char *
port_state (McFinding *ports,
            guint      port)
{
  JsonArray *list = json_object_get_array_member (mc_finding_get_evidence (ports), "ports");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (json_object_get_int_member (entry, "port") == port)
        return json_object_get_string_member (entry, "state");
    }
  return NULL;
}

static void
test_all_open (void)
{
  g_autoptr(McTestListener) l25 = mc_test_listener_new (NULL);
  g_autoptr(McTestListener) l465 = mc_test_listener_new (NULL);
  g_autoptr(McTestListener) l587 = mc_test_listener_new (NULL);
  g_autoptr(McAccount) account = make_account ("mail.example.test", 587);
  g_autofree char *map = port_map_for (mc_test_listener_get_port (l25), mc_test_listener_get_port (l465),
                                       mc_test_listener_get_port (l587));
  g_autoptr(McReport) report = NULL;
  Run run = { 0 };
  McFinding *address, *ports, *link, *dns_finding;
  JsonArray *addresses;

  report = run_checkup (account, mc_test_dns_get_server (dns), map, 5, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_nonnull (report);

  dns_finding = finding (report, "network.dns");
  g_assert_cmpint (mc_finding_get_status (dns_finding), ==, MC_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (mc_finding_get_evidence (dns_finding), "rcode"), ==,
                   "NOERROR");

  address = finding (report, "server.address");
  g_assert_cmpint (mc_finding_get_status (address), ==, MC_STATUS_OK);
  addresses = json_object_get_array_member (mc_finding_get_evidence (address), "addresses");
  g_assert_cmpuint (json_array_get_length (addresses), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (addresses, 0), ==, "127.0.0.1");
  g_assert_cmpstr (json_object_get_string_member (mc_finding_get_evidence (address), "source"), ==, "dns");

  ports = finding (report, "server.ports");
  g_assert_cmpint (mc_finding_get_status (ports), ==, MC_STATUS_OK);
  g_assert_cmpstr (port_state (ports, 25), ==, "open");
  g_assert_cmpstr (port_state (ports, 465), ==, "open");
  g_assert_cmpstr (port_state (ports, 587), ==, "open");
  /* Connections really reached the listeners (through the port map). */
  g_assert_cmpuint (mc_test_listener_get_accepted (l587), >=, 1);

  /* The server was reached, so the link is never the failure here, whatever
   * this machine's network monitor says. */
  link = finding (report, "network.link");
  g_assert_cmpint (mc_finding_get_status (link), !=, MC_STATUS_FAIL);
  g_assert_cmpint (mc_finding_get_status (link), !=, MC_STATUS_ERROR);
  g_assert_true (json_object_get_boolean_member (mc_finding_get_evidence (link), "server_reached"));

  /* Each finding reports at least its start and its end. */
  g_assert_cmpuint (run.changes, >=, 2 * mc_report_get_findings (report)->len);
}

static void
test_host_unknown (void)
{
  g_autoptr(McAccount) account = make_account ("typo.example.test", 587);
  g_autofree char *map = port_map_for (closed_port (), closed_port (), closed_port ());
  g_autoptr(McReport) report = NULL;
  Run run = { 0 };
  McFinding *address, *ports;

  report = run_checkup (account, mc_test_dns_get_server (dns), map, 5, NULL, &run);
  g_assert_nonnull (report);

  address = finding (report, "server.address");
  g_assert_cmpint (mc_finding_get_status (address), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (address), ==, "host-unknown");
  g_assert_nonnull (strstr (mc_finding_get_summary (address), "Host unknown"));
  g_assert_nonnull (strstr (mc_finding_get_summary (address), "typo.example.test"));
  g_assert_cmpstr (json_object_get_string_member (mc_finding_get_evidence (address), "rcode"), ==,
                   "NXDOMAIN");

  ports = finding (report, "server.ports");
  g_assert_cmpint (mc_finding_get_status (ports), ==, MC_STATUS_SKIPPED);
  g_assert_cmpstr (mc_finding_get_blocked_by (ports), ==, "server.address");

  /* DNS itself works: NXDOMAIN is an answer. */
  g_assert_cmpint (mc_finding_get_status (finding (report, "network.dns")), ==, MC_STATUS_OK);
  g_assert_cmpint (mc_report_get_overall_status (report), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_id (mc_report_get_headline (report)), ==, "server.address");
  g_assert_cmpint (mc_report_get_exit_status (report), ==, 1);
}

static void
test_no_address (void)
{
  g_autoptr(McAccount) account = make_account ("nodata.example.test", 587);
  g_autoptr(McReport) report = NULL;
  Run run = { 0 };
  McFinding *address;

  report = run_checkup (account, mc_test_dns_get_server (dns), NULL, 5, NULL, &run);
  address = finding (report, "server.address");
  g_assert_cmpint (mc_finding_get_status (address), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (address), ==, "host-no-address");
}

static void
test_servfail (void)
{
  g_autoptr(McAccount) account = make_account ("smtp.broken.test", 587);
  g_autoptr(McReport) report = NULL;
  Run run = { 0 };

  report = run_checkup (account, mc_test_dns_get_server (dns), NULL, 5, NULL, &run);
  g_assert_cmpint (mc_finding_get_status (finding (report, "network.dns")), ==, MC_STATUS_WARN);
  g_assert_cmpint (mc_finding_get_status (finding (report, "server.address")), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (finding (report, "server.address")), ==, "dns-servfail");
  g_assert_cmpstr (mc_finding_get_blocked_by (finding (report, "server.ports")), ==, "server.address");
}

/* No DNS server answers: DNS is the one red light, and what needs it is
 * skipped with DNS named as the cause, also two steps down the chain. */
static void
test_dns_dead (void)
{
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (NULL);
  g_autoptr(McAccount) account = make_account ("mail.example.test", 587);
  g_autoptr(McReport) report = NULL;
  Run run = { 0 };
  McFinding *dns_finding;

  report = run_checkup (account, mc_test_silent_dns_get_server (silent), NULL, 1, NULL, &run);
  dns_finding = finding (report, "network.dns");
  g_assert_cmpint (mc_finding_get_status (dns_finding), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (dns_finding), ==, "dns-no-answer");
  g_assert_cmpint (mc_finding_get_status (finding (report, "server.address")), ==, MC_STATUS_SKIPPED);
  g_assert_cmpstr (mc_finding_get_blocked_by (finding (report, "server.address")), ==, "network.dns");
  g_assert_cmpint (mc_finding_get_status (finding (report, "server.ports")), ==, MC_STATUS_SKIPPED);
  g_assert_cmpstr (mc_finding_get_blocked_by (finding (report, "server.ports")), ==, "network.dns");
  g_assert_cmpstr (mc_finding_get_id (mc_report_get_headline (report)), ==, "network.dns");
}

/* A server given as an address needs no DNS: a dead DNS does not block it. */
static void
test_ip_literal_without_dns (void)
{
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (NULL);
  g_autoptr(McTestListener) l587 = mc_test_listener_new (NULL);
  g_autoptr(McAccount) account = make_account ("127.0.0.1", 587);
  g_autofree char *map = port_map_for (closed_port (), closed_port (), mc_test_listener_get_port (l587));
  g_autoptr(McReport) report = NULL;
  Run run = { 0 };
  McFinding *ports;

  report = run_checkup (account, mc_test_silent_dns_get_server (silent), map, 1, NULL, &run);
  g_assert_cmpint (mc_finding_get_status (finding (report, "network.dns")), ==, MC_STATUS_FAIL);
  g_assert_cmpint (mc_finding_get_status (finding (report, "server.address")), ==, MC_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (mc_finding_get_evidence (finding (report, "server.address")),
                                                  "source"), ==, "literal");
  ports = finding (report, "server.ports");
  g_assert_cmpint (mc_finding_get_status (ports), ==, MC_STATUS_OK);
  g_assert_cmpstr (port_state (ports, 587), ==, "open");
  g_assert_cmpstr (port_state (ports, 25), ==, "refused");
}

static void
test_refused_everywhere (void)
{
  g_autoptr(McAccount) account = make_account ("mail.example.test", 587);
  g_autofree char *map = port_map_for (closed_port (), closed_port (), closed_port ());
  g_autoptr(McReport) report = NULL;
  Run run = { 0 };
  McFinding *ports;

  report = run_checkup (account, mc_test_dns_get_server (dns), map, 5, NULL, &run);
  ports = finding (report, "server.ports");
  g_assert_cmpint (mc_finding_get_status (ports), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (ports), ==, "server-refuses");
  g_assert_cmpstr (port_state (ports, 25), ==, "refused");
  g_assert_cmpstr (port_state (ports, 587), ==, "refused");
}

/* The configured port is closed but another submission port works: the
 * summary says which port to use instead. */
static void
test_wrong_port_configured (void)
{
  g_autoptr(McTestListener) l465 = mc_test_listener_new (NULL);
  g_autoptr(McAccount) account = make_account ("mail.example.test", 587);
  g_autofree char *map = port_map_for (closed_port (), mc_test_listener_get_port (l465), closed_port ());
  g_autoptr(McReport) report = NULL;
  Run run = { 0 };
  McFinding *ports;

  report = run_checkup (account, mc_test_dns_get_server (dns), map, 5, NULL, &run);
  ports = finding (report, "server.ports");
  g_assert_cmpint (mc_finding_get_status (ports), ==, MC_STATUS_FAIL);
  g_assert_cmpstr (mc_finding_get_guidance (ports), ==, "port-closed");
  g_assert_nonnull (strstr (mc_finding_get_summary (ports), "465 with SSL/TLS"));
}

/* A port the account names that is not one of the three is checked too. */
static void
test_custom_port (void)
{
  g_autoptr(McTestListener) custom = mc_test_listener_new (NULL);
  g_autoptr(McAccount) account = make_account ("127.0.0.1", mc_test_listener_get_port (custom));
  g_autofree char *map = port_map_for (closed_port (), closed_port (), closed_port ());
  g_autoptr(McReport) report = NULL;
  Run run = { 0 };
  McFinding *ports;

  report = run_checkup (account, mc_test_dns_get_server (dns), map, 5, NULL, &run);
  ports = finding (report, "server.ports");
  g_assert_cmpint (mc_finding_get_status (ports), ==, MC_STATUS_OK);
  g_assert_cmpstr (port_state (ports, mc_test_listener_get_port (custom)), ==, "open");
}

static void
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Cancelling ends the run at once, with an error and no finding left running. */
static void
test_cancel (void)
{
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (NULL);
  g_autoptr(McAccount) account = make_account ("mail.example.test", 587);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(McReport) report = NULL;
  Run run = { 0 };

  /* The deadline is 60 s and run_checkup gives up after 30 s: finishing at
   * all shows that the run did not wait for DNS. */
  g_timeout_add_once (100, cancel_soon, cancellable);
  report = run_checkup (account, mc_test_silent_dns_get_server (silent), NULL, 60, cancellable, &run);
  g_assert_null (report);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);
}

/* Two checkups cannot run on one McCheckup at once; the second is refused. */
static void
test_run_twice (void)
{
  g_autoptr(McAccount) account = make_account ("mail.example.test", 587);
  g_autoptr(McResolver) resolver = make_resolver (mc_test_dns_get_server (dns));
  g_autoptr(McCheckup) checkup = mc_checkup_new (account, resolver);
  Run first = { 0 }, second = { 0 };

  mc_checkup_set_timeout (checkup, 2);
  mc_checkup_run_async (checkup, NULL, run_done_cb, &first);
  mc_checkup_run_async (checkup, NULL, run_done_cb, &second);
  mc_test_iterate_until (&second.done, 10000);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_PENDING);
  mc_test_iterate_until (&first.done, 30000);
  g_assert_no_error (first.error);
  g_assert_nonnull (first.report);
  g_clear_object (&first.report);
  g_clear_error (&second.error);

  /* And it runs again after the first one ended. */
  first.done = FALSE;
  mc_checkup_run_async (checkup, NULL, run_done_cb, &first);
  mc_test_iterate_until (&first.done, 30000);
  g_assert_nonnull (first.report);
  g_clear_object (&first.report);
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

  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);

  g_test_add_func ("/checkup/all-open", test_all_open);
  g_test_add_func ("/checkup/host-unknown", test_host_unknown);
  g_test_add_func ("/checkup/no-address", test_no_address);
  g_test_add_func ("/checkup/servfail", test_servfail);
  g_test_add_func ("/checkup/dns-dead", test_dns_dead);
  g_test_add_func ("/checkup/ip-literal-without-dns", test_ip_literal_without_dns);
  g_test_add_func ("/checkup/refused-everywhere", test_refused_everywhere);
  g_test_add_func ("/checkup/wrong-port-configured", test_wrong_port_configured);
  g_test_add_func ("/checkup/custom-port", test_custom_port);
  g_test_add_func ("/checkup/cancel", test_cancel);
  g_test_add_func ("/checkup/run-twice", test_run_twice);

  status = g_test_run ();
  mc_test_dns_stop (dns);
  return status;
}
