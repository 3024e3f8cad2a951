/* test-domain-misc.c: domain.mx, domain.ptr, domain.blocklist, domain.mta_sts and recipient.* against real DNS (nsd) on loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The records are in tests/zones/mx.test.zone (one case per sub-name), the
 * PTR records in 127.in-addr.arpa.zone, the blocklists in bl.test,
 * refused.test and pbl.test, the recipients' domains in gmial.com, ne.jo and
 * xn--wgv71a119e.jp. Linux answers on every 127/8 address, so a server
 * "at" 127.0.0.2 or 127.0.0.3 has its own PTR and blocklist entries. The
 * SMTP ports are closed unless a case needs the greeting (for this
 * computer's address): then a small scripted server answers on one port.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "mc-checkup.h"
#include "mc-i18n.h"
#include "mc-probe.h"
#include "mc-test-dns.h"
#include "mc-test-net.h"

static McTestDns *dns;
static char *tmpdir;

/* --- Set-up --------------------------------------------------------------- */

static guint16
closed_port (void)
{
  g_autoptr(GError) error = NULL;
  guint16 port = mc_test_pick_port (G_SOCKET_TYPE_STREAM, &error);

  g_assert_no_error (error);
  return port;
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

/* A blocklists file in the test's folder, named name, with these groups. */
static char *
write_lists (const char *name,
             const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

#define LIST_BL \
  "[bl]\nZone=bl.test\nName=Test List\nPage=https://bl.test/lookup\n" \
  "Listed=127.0.0.2-127.0.0.9\n"
#define LIST_PBL \
  "[pbl]\nZone=pbl.test\nName=Test Policy List\nListed=127.0.0.10-127.0.0.11\n" \
  "Policy=127.0.0.10;127.0.0.11\n"
#define LIST_REFUSED \
  "[refused]\nZone=refused.test\nName=Refusing List\nListed=127.0.0.2\n" \
  "Refused=127.255.255.252-127.255.255.255\n"
#define LIST_BROKEN \
  "[broken]\nZone=bl.broken.test\nName=Broken List\nListed=127.0.0.2\n"

typedef struct
{
  const char *email;
  const char *host;          /* NULL: 127.0.0.1 */
  const char *recipient;
  const char *blocklists;    /* a file name in tmpdir, or NULL: the built-in lists */
  const char *dns_server;    /* NULL: the test's nsd */
  const char *port_map;      /* NULL: every port closed */
  guint       timeout_s;     /* 0: 5 */
} Check;

static McReport *
run_check (const Check *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McResolver) resolver = make_resolver (c->dns_server ? c->dns_server
                                                                : mc_test_dns_get_server (dns));
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  g_autofree char *map = g_strdup_printf ("25=%u,465=%u,587=%u", closed_port (), closed_port (),
                                          closed_port ());
  g_autofree char *lists = c->blocklists ? g_build_filename (tmpdir, c->blocklists, NULL) : NULL;

  mc_account_set_email (account, c->email);
  mc_account_set_host (account, c->host ? c->host : "127.0.0.1");
  mc_account_set_port (account, 587);
  checkup = mc_checkup_new (account, resolver);
  g_assert_true (mc_checkup_set_port_map (checkup, c->port_map ? c->port_map : map, &error));
  g_assert_no_error (error);
  mc_checkup_set_timeout (checkup, c->timeout_s ? c->timeout_s : 5);
  mc_checkup_set_recipient (checkup, c->recipient);
  mc_checkup_set_blocklists_file (checkup, lists);

  return mc_test_run_checkup (checkup, 30000);
}

/* --- Assertions ------------------------------------------------------------ */

static McFinding *
assert_finding (McReport   *report,
                const char *id,
                McStatus    status,
                const char *guidance,
                const char *summary_part)
{
  McFinding *f = mc_report_lookup_finding (report, id);

  g_assert_nonnull (f);
  g_test_message ("%s [%s]: %s", id, mc_status_to_string (mc_finding_get_status (f)),
                  mc_finding_get_summary (f));
  g_test_message ("%s", mc_finding_get_details (f) != NULL ? mc_finding_get_details (f) : "");
  g_assert_cmpint (mc_finding_get_status (f), ==, status);
  g_assert_cmpstr (mc_finding_get_guidance (f), ==, guidance);
  if (summary_part != NULL && strstr (mc_finding_get_summary (f), summary_part) == NULL)
    g_error ("“%s” is not in the summary “%s”", summary_part, mc_finding_get_summary (f));
  return f;
}

static JsonObject *
evidence (McFinding *f)
{
  return mc_finding_get_evidence (f);
}

/* The element of an evidence array whose member key has the value value
 * (and, when key2 is given, whose key2 has value2). */
static JsonObject *
find_entry (JsonArray  *array,
            const char *key,
            const char *value,
            const char *key2,
            const char *value2)
{
  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, key, NULL), value) == 0 &&
          (key2 == NULL ||
           g_strcmp0 (json_object_get_string_member_with_default (entry, key2, NULL), value2) == 0))
        return entry;
    }
  g_error ("no entry with %s=%s%s%s", key, value, key2 ? " and " : "", key2 ? value2 : "");
  return NULL;
}

/* At least n of the finding's queries started within 50 ms of the first:
 * they were asked at once, not one after another (the others are
 * follow-ups that needed an answer first). */
static void
assert_first_queries_concurrent (McFinding *f,
                                 guint      n)
{
  JsonArray *queries = json_object_get_array_member (evidence (f), "queries");
  gint64 first = G_MAXINT64;
  guint together = 0;

  g_assert_cmpuint (json_array_get_length (queries), >=, n);
  for (guint i = 0; i < json_array_get_length (queries); i++)
    first = MIN (first, json_object_get_int_member (json_array_get_object_element (queries, i),
                                                    "started_ms"));
  for (guint i = 0; i < json_array_get_length (queries); i++)
    if (json_object_get_int_member (json_array_get_object_element (queries, i), "started_ms") - first <= 50)
      together++;
  g_assert_cmpuint (together, >=, n);
}

/* --- domain.mx ------------------------------------------------------------- */

static void
test_mx_good (void)
{
  Check c = { .email = "taro@good.mx.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.mx", MC_STATUS_OK, NULL,
                                 "mx1.mx.test, mx2.mx.test");
  JsonArray *mx = json_object_get_array_member (evidence (f), "mx");
  JsonObject *first, *second;

  g_assert_cmpuint (json_array_get_length (mx), ==, 2);
  /* Sorted by preference, although the zone lists 20 first. */
  first = json_array_get_object_element (mx, 0);
  second = json_array_get_object_element (mx, 1);
  g_assert_cmpint (json_object_get_int_member (first, "preference"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (first, "host"), ==, "mx1.mx.test");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "addresses")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (second, "preference"), ==, 20);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (second, "addresses")), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (second, "addresses"), 0),
                   ==, "::1");
  g_assert_false (json_object_get_boolean_member (evidence (f), "null_mx"));
  /* MX, A and AAAA of the domain at once, then the four target queries. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evidence (f), "queries")),
                    ==, 7);
  assert_first_queries_concurrent (f, 3);
}

static void
test_mx_null (void)
{
  Check c = { .email = "taro@nullmx.mx.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.mx", MC_STATUS_WARN, "mx-null", "null MX");

  g_assert_true (json_object_get_boolean_member (evidence (f), "null_mx"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evidence (f), "mx")), ==, 0);
  g_assert_nonnull (strstr (mc_finding_get_summary (f), "replies"));
}

static void
test_mx_target_no_address (void)
{
  Check c = { .email = "taro@dangling.mx.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.mx", MC_STATUS_FAIL, "mx-target-no-address",
                                 "noaddr.mx.test, gone.mx.test");
  JsonArray *mx = json_object_get_array_member (evidence (f), "mx");

  g_assert_cmpstr (json_object_get_string_member (find_entry (mx, "host", "noaddr.mx.test", NULL, NULL),
                                                  "status"), ==, "nodata");
  g_assert_cmpstr (json_object_get_string_member (find_entry (mx, "host", "gone.mx.test", NULL, NULL),
                                                  "status"), ==, "nxdomain");
}

static void
test_mx_partial (void)
{
  Check c = { .email = "taro@partial.mx.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.mx", MC_STATUS_FAIL, "mx-target-no-address",
                                 "The mail server gone.mx.test");

  g_assert_null (strstr (mc_finding_get_summary (f), "mx1.mx.test"));
  g_assert_nonnull (strstr (mc_finding_get_summary (f), "other servers"));
}

static void
test_mx_fallback (void)
{
  Check c = { .email = "taro@fallback.mx.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.mx", MC_STATUS_WARN, "mx-fallback-a", "127.0.0.1");
  JsonArray *fallback = json_object_get_array_member (evidence (f), "fallback_addresses");

  g_assert_cmpuint (json_array_get_length (fallback), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (fallback, 0), ==, "127.0.0.1");
}

static void
test_mx_missing (void)
{
  Check c = { .email = "taro@nomail.mx.test" };
  g_autoptr(McReport) report = run_check (&c);

  assert_finding (report, "domain.mx", MC_STATUS_FAIL, "mx-missing", "nomail.mx.test");
}

static void
test_mx_nxdomain (void)
{
  Check c = { .email = "taro@nx.mx.test" };
  g_autoptr(McReport) report = run_check (&c);

  assert_finding (report, "domain.mx", MC_STATUS_FAIL, "domain-not-found", "nx.mx.test");
}

/* A zone that does not load: SERVFAIL is "could not test", not the
 * user's fault, and DNS itself works (the server is given as an address). */
static void
test_mx_servfail (void)
{
  Check c = { .email = "taro@mail.broken.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.mx", MC_STATUS_ERROR, "domain-dns-servfail",
                                 "SERVFAIL");

  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (evidence (f), "queries"), 0), "rcode"),
                   ==, "SERVFAIL");
  assert_finding (report, "domain.mta_sts", MC_STATUS_ERROR, "domain-dns-servfail", NULL);
  assert_finding (report, "network.dns", MC_STATUS_OK, NULL, NULL);
}

static void
test_no_email (void)
{
  Check c = { .email = "" };
  g_autoptr(McReport) report = run_check (&c);

  assert_finding (report, "domain.mx", MC_STATUS_INFO, NULL, "no e-mail address");
  assert_finding (report, "domain.mta_sts", MC_STATUS_INFO, NULL, "no e-mail address");
  assert_finding (report, "recipient.domain", MC_STATUS_INFO, NULL, "no recipient");
  assert_finding (report, "recipient.provider", MC_STATUS_INFO, NULL, "no recipient");
}

/* --- domain.ptr ------------------------------------------------------------ */

static void
test_ptr_confirmed (void)
{
  Check c = { .email = "taro@good.mx.test", .host = "127.0.0.2" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.ptr", MC_STATUS_OK, NULL,
                                 "127.0.0.2 → ptr-ok.mx.test");
  JsonObject *entry = find_entry (json_object_get_array_member (evidence (f), "addresses"),
                                  "address", "127.0.0.2", NULL, NULL);

  g_assert_cmpstr (json_object_get_string_member (entry, "ptr"), ==, "ptr-ok.mx.test");
  g_assert_true (json_object_get_boolean_member (entry, "confirmed"));
  g_assert_cmpstr (json_object_get_string_member (entry, "role"), ==, "server");
  /* The PTR query, then the forward query of its name. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evidence (f), "queries")),
                    ==, 2);
}

static void
test_ptr_mismatch (void)
{
  Check c = { .email = "taro@good.mx.test", .host = "127.0.0.5" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.ptr", MC_STATUS_WARN, "ptr-mismatch",
                                 "127.0.0.5 → ptr-bad.mx.test");
  JsonObject *entry = find_entry (json_object_get_array_member (evidence (f), "addresses"),
                                  "address", "127.0.0.5", NULL, NULL);

  g_assert_cmpstr (json_object_get_string_member (entry, "ptr"), ==, "ptr-bad.mx.test");
  g_assert_false (json_object_get_boolean_member (entry, "confirmed"));
}

static void
test_ptr_missing (void)
{
  Check c = { .email = "taro@good.mx.test", .host = "127.0.0.3" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.ptr", MC_STATUS_WARN, "ptr-missing",
                                 "127.0.0.3 has no reverse DNS");
  JsonObject *entry = find_entry (json_object_get_array_member (evidence (f), "addresses"),
                                  "address", "127.0.0.3", NULL, NULL);

  g_assert_true (json_object_get_null_member (entry, "ptr"));
  g_assert_false (json_object_get_boolean_member (entry, "confirmed"));
}

/* IPv6: the PTR of ::1 by its nibbles (ip6.arpa.zone), confirmed by an
 * AAAA record; the test lists answer for IPv4 only, so none is asked. */
static void
test_ptr_ipv6 (void)
{
  Check c = { .email = "taro@good.mx.test", .host = "::1", .blocklists = "lists.ini" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.ptr", MC_STATUS_OK, NULL, "::1 → dual.example.test");
  JsonObject *entry = find_entry (json_object_get_array_member (evidence (f), "addresses"),
                                  "address", "::1", NULL, NULL);

  g_assert_true (json_object_get_boolean_member (entry, "confirmed"));
  find_entry (json_object_get_array_member (evidence (f), "queries"), "name",
              "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa", NULL, NULL);
  assert_finding (report, "domain.blocklist", MC_STATUS_INFO, NULL, "IPv6");
}

/* --- domain.blocklist ------------------------------------------------------ */

static void
test_blocklist_listed (void)
{
  Check c = { .email = "taro@good.mx.test", .host = "127.0.0.2", .blocklists = "lists.ini" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.blocklist", MC_STATUS_FAIL, "blocklisted",
                                 "127.0.0.2 is on the blocklist Test List");
  JsonArray *checks = json_object_get_array_member (evidence (f), "checks");
  JsonObject *entry = find_entry (checks, "zone", "bl.test", "address", "127.0.0.2");

  g_assert_nonnull (strstr (mc_finding_get_summary (f), "Listed for testing"));
  g_assert_nonnull (strstr (mc_finding_get_summary (f), "https://bl.test/lookup"));
  g_assert_true (json_object_get_boolean_member (entry, "listed"));
  g_assert_cmpstr (json_object_get_string_member (entry, "code"), ==, "127.0.0.2");
  g_assert_cmpstr (json_object_get_string_member (entry, "list"), ==, "Test List");
  g_assert_cmpstr (json_object_get_string_member (entry, "reason"), ==,
                   "Listed for testing: see https://bl.test/lookup");
  entry = find_entry (checks, "zone", "pbl.test", "address", "127.0.0.2");
  g_assert_false (json_object_get_boolean_member (entry, "listed"));
  /* Both lists at once, then the reason of the listing. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evidence (f), "queries")),
                    ==, 3);
  assert_first_queries_concurrent (f, 2);
}

static void
test_blocklist_clean (void)
{
  Check c = { .email = "taro@good.mx.test", .host = "127.0.0.3", .blocklists = "lists.ini" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.blocklist", MC_STATUS_OK, NULL,
                                 "none of the 2 blocklists checked");
  JsonArray *checks = json_object_get_array_member (evidence (f), "checks");

  g_assert_cmpuint (json_array_get_length (checks), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (checks, 0), "listed"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (checks, 1), "listed"));
}

/* 127.255.255.254 is Spamhaus's "you ask through a public DNS server":
 * could not test, never "listed". */
static void
test_blocklist_refused (void)
{
  Check c = { .email = "taro@good.mx.test", .host = "127.0.0.1", .blocklists = "refused.ini" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.blocklist", MC_STATUS_ERROR, "blocklist-refused",
                                 "Refusing List");
  JsonArray *checks = json_object_get_array_member (evidence (f), "checks");
  JsonObject *entry = find_entry (checks, "zone", "refused.test", NULL, NULL);

  g_assert_true (json_object_get_null_member (entry, "listed"));
  g_assert_cmpstr (json_object_get_string_member (entry, "code"), ==, "127.255.255.254");
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "refused");
  g_assert_nonnull (strstr (mc_finding_get_summary (f), "does not mean that the address is listed"));
  entry = find_entry (checks, "zone", "bl.test", NULL, NULL);
  g_assert_false (json_object_get_boolean_member (entry, "listed"));
}

static void
test_blocklist_servfail (void)
{
  Check c = { .email = "taro@good.mx.test", .blocklists = "servfail.ini" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.blocklist", MC_STATUS_ERROR, "blocklist-refused",
                                 "Broken List: no usable DNS answer (servfail)");
  JsonObject *entry = find_entry (json_object_get_array_member (evidence (f), "checks"),
                                  "zone", "bl.broken.test", NULL, NULL);

  g_assert_true (json_object_get_null_member (entry, "listed"));
}

/* An empty file asks no list: nothing to say, and no error. */
static void
test_blocklist_empty_file (void)
{
  Check c = { .email = "taro@good.mx.test", .blocklists = "empty.ini" };
  g_autoptr(McReport) report = run_check (&c);

  assert_finding (report, "domain.blocklist", MC_STATUS_INFO, NULL, "is empty");
}

/* The file that the other whole-checkup tests use so that they ask no
 * real list: it loads, and 127.0.0.1 is not on it. */
static void
test_blocklist_shared_test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McResolver) resolver = make_resolver (mc_test_dns_get_server (dns));
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(McCheckup) checkup = NULL;
  g_autoptr(McReport) report = NULL;
  g_autofree char *map = g_strdup_printf ("25=%u,465=%u,587=%u", closed_port (), closed_port (),
                                          closed_port ());
  McFinding *f;

  mc_account_set_email (account, "taro@example.test");
  mc_account_set_host (account, "mail.example.test");
  checkup = mc_checkup_new (account, resolver);
  g_assert_true (mc_checkup_set_port_map (checkup, map, &error));
  mc_checkup_set_blocklists_file (checkup, g_test_get_filename (G_TEST_DIST, "blocklists-test.ini",
                                                                NULL));
  report = mc_test_run_checkup (checkup, 30000);
  f = assert_finding (report, "domain.blocklist", MC_STATUS_OK, NULL, "127.0.0.1");
  find_entry (json_object_get_array_member (evidence (f), "checks"), "zone", "bl.test", NULL, NULL);
}

static void
test_blocklist_bad_file (void)
{
  static const struct { const char *file; const char *problem; } cases[] = {
    { "bad.ini", "no Listed answers" },
    { "bad-code.ini", "“127.0.0.x” is not an IPv4 address" },
    { "bad-zone.ini", "Zone" },
    { "missing.ini", "missing.ini" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Check c = { .email = "taro@good.mx.test", .blocklists = cases[i].file };
      g_autoptr(McReport) report = run_check (&c);

      assert_finding (report, "domain.blocklist", MC_STATUS_ERROR, "blocklist-file-invalid",
                      cases[i].problem);
    }
}

/* The built-in lists (data/blocklists.ini, from the GResource) load, and
 * every one is asked; the test DNS serves none of their zones, so it
 * refuses and nothing can be said. */
static void
test_blocklist_builtin (void)
{
  Check c = { .email = "taro@good.mx.test", .host = "127.0.0.3" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.blocklist", MC_STATUS_ERROR, "blocklist-refused",
                                 "(refused)");
  JsonArray *checks = json_object_get_array_member (evidence (f), "checks");

  g_assert_cmpuint (json_array_get_length (checks), >=, 10);
  find_entry (checks, "zone", "zen.spamhaus.org", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (evidence (f), "source"), ==, "built-in");
  assert_first_queries_concurrent (f, json_array_get_length (checks));
}

/* --- This computer's address, from the EHLO reply ------------------------- */

/* An SMTP server on 127.0.0.x that tells every client it comes from
 * 127.0.0.5, as a provider's server names a customer's public address. */
typedef struct
{
  GSocketService *service;
  guint16         port;
} FakeSmtp;

static void
fake_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GSocketConnection) connection = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source),
                                                                result, NULL, NULL);
  const char *reply;

  if (line == NULL)
    return;
  if (g_ascii_strncasecmp (line, "EHLO", 4) == 0)
    reply = "250-fake.test Hello [127.0.0.5]\r\n250 8BITMIME\r\n";
  else if (g_ascii_strncasecmp (line, "QUIT", 4) == 0)
    reply = "221 2.0.0 Bye\r\n";
  else
    reply = "502 5.5.1 Not in this test\r\n";
  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  if (g_str_has_prefix (reply, "221"))
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return;
    }
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (source), G_PRIORITY_DEFAULT, NULL,
                                       fake_read_cb, g_steal_pointer (&connection));
}

static gboolean
fake_incoming_cb (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source,
                  gpointer           user_data)
{
  GDataInputStream *in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  const char *greeting = "220 fake.test ESMTP\r\n";

  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_object_set_data_full (G_OBJECT (connection), "in", in, g_object_unref);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), greeting,
                             strlen (greeting), NULL, NULL, NULL);
  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, NULL, fake_read_cb,
                                       g_object_ref (connection));
  return TRUE;
}

static void
fake_smtp_start (FakeSmtp   *fake,
                 const char *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  fake->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake->service), socket_address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &effective,
                                 &error);
  g_assert_no_error (error);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (fake->service, "incoming", G_CALLBACK (fake_incoming_cb), NULL);
  g_socket_service_start (fake->service);
}

static void
fake_smtp_stop (FakeSmtp *fake)
{
  g_socket_service_stop (fake->service);
  g_socket_listener_close (G_SOCKET_LISTENER (fake->service));
  g_clear_object (&fake->service);
}

static McReport *
run_with_client (const char *host,
                 const char *blocklists)
{
  FakeSmtp fake = { 0 };
  g_autofree char *map = NULL;
  McReport *report;

  fake_smtp_start (&fake, host);
  map = g_strdup_printf ("25=%u,465=%u,587=%u", closed_port (), closed_port (), fake.port);
  {
    Check c = { .email = "taro@good.mx.test", .host = host, .blocklists = blocklists,
                .port_map = map };

    report = run_check (&c);
  }
  fake_smtp_stop (&fake);
  g_assert_cmpstr (json_object_get_string_member_with_default (
                     evidence (mc_report_lookup_finding (report, "server.greeting")), "client_ip", NULL),
                   ==, "127.0.0.5");
  return report;
}

/* The server 127.0.0.3 is clean, has no PTR; this computer (127.0.0.5)
 * is on a blocklist and its PTR does not lead back. */
static void
test_client_listed (void)
{
  g_autoptr(McReport) report = run_with_client ("127.0.0.3", "lists.ini");
  McFinding *f;
  JsonObject *entry;

  f = assert_finding (report, "domain.blocklist", MC_STATUS_WARN, "blocklisted-client",
                      "This computer's public address 127.0.0.5 is on the blocklist Test List");
  entry = find_entry (json_object_get_array_member (evidence (f), "checks"),
                      "address", "127.0.0.5", "zone", "bl.test");
  g_assert_cmpstr (json_object_get_string_member (entry, "role"), ==, "client");
  g_assert_true (json_object_get_boolean_member (entry, "listed"));
  g_assert_cmpstr (json_object_get_string_member (entry, "code"), ==, "127.0.0.4");
  g_assert_cmpstr (json_object_get_string_member (entry, "reason"), ==, "Client listed for testing");
  entry = find_entry (json_object_get_array_member (evidence (f), "checks"),
                      "address", "127.0.0.5", "zone", "pbl.test");
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "policy");

  f = assert_finding (report, "domain.ptr", MC_STATUS_WARN, "ptr-missing", "port 25");
  entry = find_entry (json_object_get_array_member (evidence (f), "addresses"),
                      "address", "127.0.0.5", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (entry, "role"), ==, "client");
  g_assert_cmpstr (json_object_get_string_member (entry, "ptr"), ==, "ptr-bad.mx.test");
  g_assert_false (json_object_get_boolean_member (entry, "confirmed"));
}

/* Listed only as an ordinary connection (as Spamhaus PBL lists home
 * connections): normal for this computer, ok, and said so. */
static void
test_client_policy (void)
{
  g_autoptr(McReport) report = run_with_client ("127.0.0.2", "policy.ini");
  McFinding *f;

  f = assert_finding (report, "domain.blocklist", MC_STATUS_OK, NULL, "ordinary home or mobile");
  g_assert_true (json_object_get_boolean_member (
                   find_entry (json_object_get_array_member (evidence (f), "checks"),
                               "address", "127.0.0.5", NULL, NULL), "listed"));
  assert_finding (report, "domain.ptr", MC_STATUS_OK, NULL, "127.0.0.5");
}

/* --- domain.mta_sts -------------------------------------------------------- */

static void
test_mta_sts_valid (void)
{
  Check c = { .email = "taro@sts.mx.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.mta_sts", MC_STATUS_OK, NULL, "20261123T000000");
  JsonObject *sts = json_object_get_object_member (evidence (f), "mta_sts");
  JsonObject *rpt = json_object_get_object_member (evidence (f), "tls_rpt");

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sts, "tags"), "id"),
                   ==, "20261123T000000");
  g_assert_true (json_object_get_boolean_member (sts, "valid"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rpt, "tags"), "rua"),
                   ==, "mailto:tls-reports@sts.mx.test");
  g_assert_true (json_object_get_boolean_member (rpt, "valid"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evidence (f), "queries")),
                    ==, 2);
  assert_first_queries_concurrent (f, 2);
}

static void
test_mta_sts_broken (void)
{
  Check c = { .email = "taro@badsts.mx.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.mta_sts", MC_STATUS_WARN, "mta-sts-broken",
                                 "2026-11-23");
  JsonObject *sts = json_object_get_object_member (evidence (f), "mta_sts");
  JsonObject *rpt = json_object_get_object_member (evidence (f), "tls_rpt");

  g_assert_false (json_object_get_boolean_member (sts, "valid"));
  g_assert_false (json_object_get_boolean_member (rpt, "valid"));
  g_assert_nonnull (strstr (json_object_get_string_member (rpt, "problem"), "ftp://"));
}

static void
test_tls_rpt_broken (void)
{
  Check c = { .email = "taro@badrpt.mx.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "domain.mta_sts", MC_STATUS_WARN, "tls-rpt-broken", "rua=");

  g_assert_true (json_object_get_null_member (json_object_get_object_member (evidence (f), "mta_sts"),
                                              "record"));
}

static void
test_mta_sts_absent (void)
{
  Check c = { .email = "taro@good.mx.test" };
  g_autoptr(McReport) report = run_check (&c);

  assert_finding (report, "domain.mta_sts", MC_STATUS_INFO, "mta-sts-absent", "optional");
}

/* --- recipient.domain and recipient.provider ------------------------------ */

static void
test_recipient_typo_exists (void)
{
  Check c = { .email = "taro@good.mx.test", .recipient = "hanako@gmial.com" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "recipient.domain", MC_STATUS_WARN, "recipient-domain-typo",
                                 "Did you mean gmail.com?");

  g_assert_cmpstr (json_object_get_string_member (evidence (f), "suggestion"), ==, "gmail.com");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (evidence (f), "mx"), 0),
                     "host"), ==, "mx.gmial.com");
}

static void
test_recipient_typo_tld (void)
{
  Check c = { .email = "taro@good.mx.test", .recipient = "hanako@docomo.ne.jo" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "recipient.domain", MC_STATUS_FAIL, "recipient-domain-typo",
                                 "Did you mean docomo.ne.jp?");

  g_assert_nonnull (strstr (mc_finding_get_summary (f), "550 Host unknown"));
  g_assert_cmpstr (json_object_get_string_member (evidence (f), "suggestion"), ==, "docomo.ne.jp");
}

static void
test_recipient_idn (void)
{
  Check c = { .email = "taro@good.mx.test", .recipient = "hanako@日本語.jp" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "recipient.domain", MC_STATUS_OK, NULL, "日本語.jp");

  g_assert_cmpstr (json_object_get_string_member (evidence (f), "domain"), ==, "xn--wgv71a119e.jp");
  g_assert_cmpstr (json_object_get_string_member (evidence (f), "domain_unicode"), ==, "日本語.jp");
  g_assert_true (json_object_get_null_member (evidence (f), "suggestion"));
  assert_finding (report, "recipient.provider", MC_STATUS_INFO, NULL, "Nothing particular");
}

static void
test_recipient_unknown (void)
{
  Check c = { .email = "taro@good.mx.test", .recipient = "hanako@nx.mx.test" };
  g_autoptr(McReport) report = run_check (&c);

  assert_finding (report, "recipient.domain", MC_STATUS_FAIL, "recipient-domain-unknown",
                  "550 Host unknown");
}

static void
test_recipient_null_mx (void)
{
  Check c = { .email = "taro@good.mx.test", .recipient = "hanako@nullmx.mx.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "recipient.domain", MC_STATUS_FAIL,
                                 "recipient-domain-null-mx", "accepts no mail");

  g_assert_true (json_object_get_boolean_member (evidence (f), "null_mx"));
}

static void
test_recipient_no_mx (void)
{
  Check c = { .email = "taro@good.mx.test", .recipient = "hanako@fallback.mx.test" };
  g_autoptr(McReport) report = run_check (&c);

  assert_finding (report, "recipient.domain", MC_STATUS_WARN, "recipient-domain-no-mx", "127.0.0.1");
}

static void
test_provider_carrier (void)
{
  Check c = { .email = "taro@good.mx.test", .recipient = "hanako@docomo.ne.jp" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "recipient.provider", MC_STATUS_INFO,
                                 "recipient-provider-facts", "docomo");
  JsonArray *facts = json_object_get_array_member (evidence (f), "facts");

  g_assert_cmpstr (json_object_get_string_member (evidence (f), "provider"), ==, "docomo");
  g_assert_cmpstr (json_object_get_string_member (evidence (f), "matched_by"), ==, "domain");
  find_entry (facts, "id", "docomo-filter", NULL, NULL);
  find_entry (facts, "id", "carrier-pc-mail", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (find_entry (facts, "id", "docomo-size", NULL, NULL),
                                                  "checked"), ==, "2026-11-23");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (evidence (f), "checked"), 0),
                   ==, "2026-11-23");
  /* The summary is the first fact, whole. */
  g_assert_nonnull (strstr (mc_finding_get_summary (f), "must add your address or domain"));
  /* The typo check leaves the real domain alone. */
  g_assert_true (json_object_get_null_member (evidence (mc_report_lookup_finding (report, "recipient.domain")),
                                              "suggestion"));
}

static void
test_provider_by_mx (void)
{
  Check c = { .email = "taro@good.mx.test", .recipient = "hanako@corp.mx.test" };
  g_autoptr(McReport) report = run_check (&c);
  McFinding *f = assert_finding (report, "recipient.provider", MC_STATUS_INFO,
                                 "recipient-provider-facts", "aspmx.l.google.com");

  g_assert_cmpstr (json_object_get_string_member (evidence (f), "provider"), ==, "google-workspace");
  g_assert_cmpstr (json_object_get_string_member (evidence (f), "matched_by"), ==, "mx");
  find_entry (json_object_get_array_member (evidence (f), "facts"), "id", "gmail-senders-2024", NULL, NULL);
}

/* The facts come out in Japanese, for every provider in
 * data/providers.xml: the text the engine looks up is the msgid that
 * xgettext extracted from the file (white space made single). */
static void
test_provider_japanese (void)
{
  static const char * const recipients[] = {
    "hanako@gmail.com", "hanako@corp.mx.test", "hanako@yahoo.com", "hanako@yahoo.co.jp",
    "hanako@outlook.jp", "hanako@corp365.mx.test", "hanako@icloud.com", "hanako@docomo.ne.jp",
    "hanako@ezweb.ne.jp", "hanako@i.softbank.jp",
  };

  for (guint r = 0; r < G_N_ELEMENTS (recipients); r++)
    {
      Check c = { .email = "taro@good.mx.test", .recipient = recipients[r] };
      g_autoptr(McReport) report = NULL;
      McFinding *f;
      JsonArray *facts;

      g_assert_true (mc_i18n_set_language ("ja", NULL));
      report = run_check (&c);
      g_assert_true (mc_i18n_set_language ("en", NULL));
      f = mc_report_lookup_finding (report, "recipient.provider");
      g_test_message ("%s: %s", recipients[r], mc_finding_get_summary (f));
      g_assert_cmpstr (mc_finding_get_guidance (f), ==, "recipient-provider-facts");
      facts = json_object_get_array_member (evidence (f), "facts");
      g_assert_cmpuint (json_array_get_length (facts), >, 0);
      for (guint i = 0; i < json_array_get_length (facts); i++)
        {
          const char *text = json_object_get_string_member (json_array_get_object_element (facts, i),
                                                            "text");

          /* Japanese text is mostly outside ASCII. */
          if (g_utf8_strlen (text, -1) == (glong) strlen (text))
            {
              g_test_fail_printf ("fact not translated (is po/ja.po up to date?): %s", text);
              return;
            }
        }
    }
}

/* The typo check alone, on the cases it must catch and the real domains
 * of other countries it must leave alone. The probe runs by itself; the
 * test DNS answers or refuses, which does not change the suggestion. */
static void recipient_probe_done_cb (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data);

static void
test_recipient_suggestions (void)
{
  static const struct { const char *typed; const char *suggestion; } cases[] = {
    { "gmial.com", "gmail.com" },
    { "gmail.co", "gmail.com" },
    { "gmail.co.jp", "gmail.com" },
    { "hotmial.co.jp", "hotmail.co.jp" },
    { "icluod.com", "icloud.com" },
    { "ezweb.ne.jo", "ezweb.ne.jp" },
    { "docomo.ne.jo", "docomo.ne.jp" },
    { "yahoo.co.jo", "yahoo.co.jp" },
    { "me.co", "me.com" },
    { "softbank.ne.jp", NULL },
    { "yahoo.co.uk", NULL },
    { "outlook.de", NULL },
    { "hotmail.fr", NULL },
    { "mc.com", NULL },
    { "example.jp", NULL },
  };
  g_autoptr(McResolver) resolver = make_resolver (mc_test_dns_get_server (dns));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McFinding) finding = mc_finding_new ("recipient.domain", MC_GROUP_RECIPIENT, "r");
      McProbeContext ctx = { 0 };
      gboolean done = FALSE;
      JsonObject *ev;

      ctx.resolver = resolver;
      ctx.timeout_ms = 5000;
      ctx.recipient_domain = g_strdup (cases[i].typed);
      ctx.started_us = g_get_monotonic_time ();
      mc_finding_begin (finding);
      mc_probe_recipient_domain (&ctx, finding, NULL, recipient_probe_done_cb, &done);
      mc_test_iterate_until (&done, 10000);

      ev = mc_finding_get_evidence (finding);
      g_test_message ("%s → %s: %s", cases[i].typed,
                      cases[i].suggestion ? cases[i].suggestion : "no suggestion",
                      mc_finding_get_summary (finding));
      g_assert_cmpstr (json_object_get_string_member_with_default (ev, "suggestion", NULL), ==,
                       cases[i].suggestion);
      if (cases[i].suggestion != NULL)
        g_assert_cmpstr (mc_finding_get_guidance (finding), ==, "recipient-domain-typo");
      else
        g_assert_cmpstr (mc_finding_get_guidance (finding), !=, "recipient-domain-typo");
      mc_probe_context_clear (&ctx);
    }
}

static void
recipient_probe_done_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_task_propagate_boolean (G_TASK (result), &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* --- No DNS answer --------------------------------------------------------- */

/* DNS never answers and the server is given as an address: network.dns
 * is the cause, the domain findings are skipped, and the address probes
 * (which need no name look-up to start) report that they could not test. */
static void
test_dns_silent (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (&error);
  Check c = { .email = "taro@good.mx.test", .recipient = "hanako@gmail.com",
              .blocklists = "lists.ini", .timeout_s = 2 };
  g_autoptr(McReport) report = NULL;
  McFinding *f;

  g_assert_no_error (error);
  c.dns_server = mc_test_silent_dns_get_server (silent);
  report = run_check (&c);

  f = mc_report_lookup_finding (report, "domain.mx");
  g_assert_cmpint (mc_finding_get_status (f), ==, MC_STATUS_SKIPPED);
  g_assert_cmpstr (mc_finding_get_blocked_by (f), ==, "network.dns");
  g_assert_cmpint (mc_finding_get_status (mc_report_lookup_finding (report, "recipient.domain")), ==,
                   MC_STATUS_SKIPPED);
  assert_finding (report, "domain.ptr", MC_STATUS_ERROR, "dns-no-answer", "No DNS answer");
  f = assert_finding (report, "domain.blocklist", MC_STATUS_ERROR, "dns-no-answer", NULL);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (
                   json_object_get_array_member (evidence (f), "checks"), 0), "listed"));
}

typedef struct
{
  gboolean done;
  gboolean ok;
} ProbeRun;

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProbeRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->ok = g_task_propagate_boolean (G_TASK (result), &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

/* One probe alone against a server that never answers, with the resolver's
 * own retries longer than the probe's deadline: the deadline ends it, with
 * every query in the evidence as "timeout". */
static void
run_probe_silent (McProbeFunc  probe,
                  const char  *id,
                  McGroup      group,
                  const char  *name_in_summary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (&error);
  g_autoptr(McResolver) resolver = NULL;
  g_autoptr(McFinding) finding = mc_finding_new (id, group, id);
  McProbeContext ctx = { 0 };
  ProbeRun run = { 0 };
  JsonArray *queries;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  resolver = make_resolver (mc_test_silent_dns_get_server (silent));
  mc_resolver_set_query_timeout (resolver, 20000, 1);
  ctx.resolver = resolver;
  ctx.timeout_ms = 1000;
  ctx.domain = g_strdup ("good.mx.test");
  ctx.recipient_domain = g_strdup ("good.mx.test");
  ctx.started_us = start;

  mc_finding_begin (finding);
  probe (&ctx, finding, NULL, probe_done_cb, &run);
  mc_test_iterate_until (&run.done, 10000);

  g_assert_true (run.ok);
  g_test_message ("%s: %s", id, mc_finding_get_summary (finding));
  g_assert_cmpint (mc_finding_get_status (finding), ==, MC_STATUS_ERROR);
  g_assert_cmpstr (mc_finding_get_guidance (finding), ==, "dns-no-answer");
  g_assert_nonnull (strstr (mc_finding_get_summary (finding), name_in_summary));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  queries = json_object_get_array_member (mc_finding_get_evidence (finding), "queries");
  g_assert_cmpuint (json_array_get_length (queries), >=, 2);
  for (guint i = 0; i < json_array_get_length (queries); i++)
    {
      JsonObject *query = json_array_get_object_element (queries, i);

      g_assert_cmpstr (json_object_get_string_member (query, "status"), ==, "timeout");
      g_assert_true (json_object_get_null_member (query, "rcode"));
      g_assert_cmpint (json_object_get_int_member (query, "ms"), >=, 900);
    }
  mc_probe_context_clear (&ctx);
}

static void
test_timeout_mx (void)
{
  run_probe_silent (mc_probe_domain_mx, "domain.mx", MC_GROUP_DOMAIN, "good.mx.test");
}

static void
test_timeout_mta_sts (void)
{
  run_probe_silent (mc_probe_domain_mta_sts, "domain.mta_sts", MC_GROUP_DOMAIN, "_mta-sts.good.mx.test");
}

static void
test_timeout_recipient (void)
{
  run_probe_silent (mc_probe_recipient_domain, "recipient.domain", MC_GROUP_RECIPIENT, "good.mx.test");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lists = NULL, *refused = NULL, *servfail = NULL, *bad = NULL, *policy = NULL;
  g_autofree char *empty = NULL, *bad_code = NULL, *bad_zone = NULL;
  int status;

  g_unsetenv ("MAIL_CHECKUP_PORT_MAP");
  g_setenv ("LANGUAGE", "en", TRUE);
  mc_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);
  tmpdir = mc_test_make_tmpdir ();
  lists = write_lists ("lists.ini", LIST_BL LIST_PBL);
  policy = write_lists ("policy.ini", LIST_PBL);
  refused = write_lists ("refused.ini", LIST_BL LIST_REFUSED);
  servfail = write_lists ("servfail.ini", LIST_BROKEN);
  bad = write_lists ("bad.ini", "[nothing]\nZone=bl.test\n");
  empty = write_lists ("empty.ini", "# no list\n");
  bad_code = write_lists ("bad-code.ini", "[x]\nZone=bl.test\nListed=127.0.0.2;127.0.0.x\n");
  bad_zone = write_lists ("bad-zone.ini", "[y]\nName=No zone\nListed=127.0.0.2\n");

  g_test_add_func ("/domain-misc/mx/good", test_mx_good);
  g_test_add_func ("/domain-misc/mx/null", test_mx_null);
  g_test_add_func ("/domain-misc/mx/target-no-address", test_mx_target_no_address);
  g_test_add_func ("/domain-misc/mx/partial", test_mx_partial);
  g_test_add_func ("/domain-misc/mx/fallback", test_mx_fallback);
  g_test_add_func ("/domain-misc/mx/missing", test_mx_missing);
  g_test_add_func ("/domain-misc/mx/nxdomain", test_mx_nxdomain);
  g_test_add_func ("/domain-misc/mx/servfail", test_mx_servfail);
  g_test_add_func ("/domain-misc/no-email", test_no_email);
  g_test_add_func ("/domain-misc/ptr/confirmed", test_ptr_confirmed);
  g_test_add_func ("/domain-misc/ptr/mismatch", test_ptr_mismatch);
  g_test_add_func ("/domain-misc/ptr/missing", test_ptr_missing);
  g_test_add_func ("/domain-misc/ptr/ipv6", test_ptr_ipv6);
  g_test_add_func ("/domain-misc/blocklist/listed", test_blocklist_listed);
  g_test_add_func ("/domain-misc/blocklist/clean", test_blocklist_clean);
  g_test_add_func ("/domain-misc/blocklist/refused", test_blocklist_refused);
  g_test_add_func ("/domain-misc/blocklist/servfail", test_blocklist_servfail);
  g_test_add_func ("/domain-misc/blocklist/bad-file", test_blocklist_bad_file);
  g_test_add_func ("/domain-misc/blocklist/empty-file", test_blocklist_empty_file);
  g_test_add_func ("/domain-misc/blocklist/shared-test-file", test_blocklist_shared_test_file);
  g_test_add_func ("/domain-misc/blocklist/built-in", test_blocklist_builtin);
  g_test_add_func ("/domain-misc/client/listed", test_client_listed);
  g_test_add_func ("/domain-misc/client/policy", test_client_policy);
  g_test_add_func ("/domain-misc/mta-sts/valid", test_mta_sts_valid);
  g_test_add_func ("/domain-misc/mta-sts/broken", test_mta_sts_broken);
  g_test_add_func ("/domain-misc/mta-sts/tls-rpt-broken", test_tls_rpt_broken);
  g_test_add_func ("/domain-misc/mta-sts/absent", test_mta_sts_absent);
  g_test_add_func ("/domain-misc/recipient/typo-exists", test_recipient_typo_exists);
  g_test_add_func ("/domain-misc/recipient/typo-tld", test_recipient_typo_tld);
  g_test_add_func ("/domain-misc/recipient/idn", test_recipient_idn);
  g_test_add_func ("/domain-misc/recipient/suggestions", test_recipient_suggestions);
  g_test_add_func ("/domain-misc/recipient/unknown", test_recipient_unknown);
  g_test_add_func ("/domain-misc/recipient/null-mx", test_recipient_null_mx);
  g_test_add_func ("/domain-misc/recipient/no-mx", test_recipient_no_mx);
  g_test_add_func ("/domain-misc/provider/carrier", test_provider_carrier);
  g_test_add_func ("/domain-misc/provider/by-mx", test_provider_by_mx);
  g_test_add_func ("/domain-misc/timeout/checkup", test_dns_silent);
  g_test_add_func ("/domain-misc/timeout/mx", test_timeout_mx);
  g_test_add_func ("/domain-misc/timeout/mta-sts", test_timeout_mta_sts);
  g_test_add_func ("/domain-misc/timeout/recipient", test_timeout_recipient);
  /* Last: it fails until po/ja.po has the provider facts. */
  g_test_add_func ("/domain-misc/translated/provider-facts", test_provider_japanese);

  status = g_test_run ();
  mc_test_dns_stop (dns);
  mc_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
