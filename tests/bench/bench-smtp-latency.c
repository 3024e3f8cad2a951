/* bench-smtp-latency.c: how our whole check compares with swaks and with the manual procedure, 50 ms each way.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real Postfix (with Dovecot SASL) and nsd on loopback, each behind a
 * userspace proxy (tests/bench/latency-proxy.py) that adds 50 ms in each
 * direction. Measured, median of three runs each:
 *   a) one swaks session with STARTTLS and AUTH on 587, up to RCPT;
 *   b) mail-checkup-cli check against the same server and DNS;
 *   c) the manual procedure, one step after the other: dig MX, TXT,
 *      _dmarc TXT and PTR, then swaks on 587 and on 465.
 * Printed: the times, b/a (goal ≤ 1.2: everything else hides behind the
 * SMTP chain) and b/c (goal ≤ 0.5), and b in round trips. Figures only:
 * nothing here passes or fails on time.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "mc-test-dns.h"
#include "mc-test-net.h"
#include "mc-test-pki.h"
#include "mc-test-postfix.h"

#define DELAY_MS 50
#define RUNS     3

typedef struct
{
  GSubprocess *process;
  guint16      port;
} Proxy;

static void
proxy_stop (Proxy *proxy)
{
  if (proxy->process != NULL)
    {
      g_subprocess_send_signal (proxy->process, SIGTERM);
      g_subprocess_wait (proxy->process, NULL, NULL);
      g_clear_object (&proxy->process);
    }
}

/* Starts the proxy in front of a loopback port and reads its READY line. */
static void
proxy_start (Proxy   *proxy,
             guint16  target,
             gboolean udp)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "bench", "latency-proxy.py", NULL);
  g_autofree char *target_text = g_strdup_printf ("%u", target);
  g_autofree char *delay_text = g_strdup_printf ("%d", DELAY_MS);
  const char *argv[] = { "/usr/bin/python3", script, "--target-port", target_text, "--delay-ms",
                         delay_text, udp ? "--udp" : NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;

  proxy->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy->process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "READY "));
  proxy->port = (guint16) atoi (line + strlen ("READY "));
}

/* Runs a command to its end and returns the wall time in seconds. */
static double
timed_run (const char * const *argv,
           const char * const *env,
           const char         *input,
           int                *exit_status,
           char              **output)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gint64 started;

  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  started = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (exit_status != NULL)
    *exit_status = g_subprocess_get_exit_status (process);
  if (output != NULL)
    *output = g_steal_pointer (&out);
  return (g_get_monotonic_time () - started) / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values)
{
  qsort (values, RUNS, sizeof (double), compare_doubles);
  return values[RUNS / 2];
}

typedef struct
{
  McTestPostfix *postfix;
  McTestPki     *pki;
  Proxy          dns;
  Proxy          smtp[3];   /* 25, 465, 587 */
} World;

static double
run_swaks (World   *world,
           guint16  well_known)
{
  guint16 port = world->smtp[well_known == 25 ? 0 : well_known == 465 ? 1 : 2].port;
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *email = mc_test_postfix_get_email (world->postfix);
  const char *argv[] = {
    "swaks", "--server", "127.0.0.1", "--port", port_text,
    well_known == 465 ? "--tls-on-connect" : "--tls",
    "--auth", "--auth-user", mc_test_postfix_get_user (world->postfix),
    "--auth-password", mc_test_postfix_get_password (world->postfix),
    "--from", email, "--to", email, "--quit-after", "RCPT", "--hide-all", NULL
  };
  int status = -1;
  double seconds = timed_run (argv, NULL, NULL, &status, NULL);

  g_assert_cmpint (status, ==, 0);
  return seconds;
}

static double
run_dig (World      *world,
         const char *type,
         const char *name)
{
  g_autofree char *port_text = g_strdup_printf ("%u", world->dns.port);
  const char *argv[] = { "dig", "@127.0.0.1", "-p", port_text, "+tries=1", "+time=5", "+short",
                         type, name, NULL };

  return timed_run (argv, NULL, NULL, NULL, NULL);
}

static double
run_check (World  *world,
           char  **json)
{
  g_autofree char *dns = g_strdup_printf ("127.0.0.1:%u", world->dns.port);
  g_autofree char *map = g_strdup_printf ("25=%u,465=%u,587=%u", world->smtp[0].port,
                                          world->smtp[1].port, world->smtp[2].port);
  g_autofree char *password = g_strdup_printf ("%s\n", mc_test_postfix_get_password (world->postfix));
  const char *env[] = { "MAIL_CHECKUP_PORT_MAP", map, NULL };
  const char *argv[] = {
    g_getenv ("MC_TEST_CLI"), "check", "--host", "mail.example.test",
    "--email", mc_test_postfix_get_email (world->postfix),
    "--user", mc_test_postfix_get_user (world->postfix), "--password-stdin",
    "--ca-file", mc_test_pki_get_ca_file (world->pki), "--dns-server", dns,
    "--format", "json", NULL
  };

  return timed_run (argv, env, password, NULL, json);
}

static void
bench_latency (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McTestDns) dns = NULL;
  World world = { 0 };
  double a[RUNS], b[RUNS], c[RUNS];
  double ma, mb, mc, rtt = 2 * DELAY_MS / 1000.0;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *report;

  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);
  world.pki = mc_test_pki_new (&error);
  g_assert_no_error (error);
  world.postfix = mc_test_postfix_start (world.pki, &error);
  g_assert_no_error (error);

  proxy_start (&world.dns, mc_test_dns_get_port (dns), TRUE);
  proxy_start (&world.smtp[0], mc_test_postfix_get_port (world.postfix, 25), FALSE);
  proxy_start (&world.smtp[1], mc_test_postfix_get_port (world.postfix, 465), FALSE);
  proxy_start (&world.smtp[2], mc_test_postfix_get_port (world.postfix, 587), FALSE);

  for (guint run = 0; run < RUNS; run++)
    {
      g_clear_pointer (&json, g_free);
      a[run] = run_swaks (&world, 587);
      b[run] = run_check (&world, &json);
      c[run] = run_dig (&world, "MX", "example.test")
               + run_dig (&world, "TXT", "example.test")
               + run_dig (&world, "TXT", "_dmarc.example.test")
               + run_dig (&world, "PTR", "1.0.0.127.in-addr.arpa")
               + run_swaks (&world, 587)
               + run_swaks (&world, 465);
    }

  /* Our check really did the whole dialogue: the log-in and the sender passed. */
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  {
    JsonArray *findings = json_object_get_array_member (report, "findings");

    for (guint i = 0; i < json_array_get_length (findings); i++)
      {
        JsonObject *finding = json_array_get_object_element (findings, i);
        const char *id = json_object_get_string_member (finding, "id");

        if (g_str_equal (id, "server.auth") || g_str_equal (id, "server.sender"))
          g_assert_cmpstr (json_object_get_string_member (finding, "status"), ==, "ok");
      }
  }

  ma = median (a);
  mb = median (b);
  mc = median (c);
  g_test_message ("latency: %d ms each way (round trip %.0f ms), median of %d runs", DELAY_MS,
                  rtt * 1000, RUNS);
  g_test_message ("a) swaks STARTTLS+AUTH on 587:      %.2f s", ma);
  g_test_message ("b) mail-checkup-cli check:          %.2f s (%.1f round trips; lower bound about 8.5)",
                  mb, mb / rtt);
  g_test_message ("c) manual: 4 x dig, swaks 587, 465: %.2f s", mc);
  g_test_message ("b/a = %.2f (goal <= 1.2), b/c = %.2f (goal <= 0.5)", mb / ma, mb / mc);

  for (guint i = 0; i < G_N_ELEMENTS (world.smtp); i++)
    proxy_stop (&world.smtp[i]);
  proxy_stop (&world.dns);
  mc_test_postfix_stop (world.postfix);
  mc_test_pki_free (world.pki);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("MC_TEST_CLI"));
  g_test_add_func ("/bench/smtp-latency", bench_latency);
  return g_test_run ();
}
