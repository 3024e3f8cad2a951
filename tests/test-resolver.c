/* test-resolver.c: McResolver against a real DNS server (nsd) on loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mc-resolver.h"
#include "mc-test-dns.h"
#include "mc-test-net.h"

#define WAIT_MS 10000

static McTestDns *dns;

/* A resolver that asks only the test server. */
static McResolver *
test_resolver_new (void)
{
  McResolver *resolver = mc_resolver_new ();
  const char *servers[] = { mc_test_dns_get_server (dns), NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_resolver_set_servers (resolver, servers, &error));
  g_assert_no_error (error);
  return resolver;
}

static McResolver *
silent_resolver_new (McTestSilentDns *silent,
                     guint            timeout_ms)
{
  McResolver *resolver = mc_resolver_new ();
  const char *servers[] = { mc_test_silent_dns_get_server (silent), NULL };

  g_assert_true (mc_resolver_set_servers (resolver, servers, NULL));
  mc_resolver_set_query_timeout (resolver, timeout_ms, 1);
  return resolver;
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
  gint64        finished_us;
} Waiter;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Waiter *waiter = data;

  waiter->result = g_object_ref (result);
  waiter->finished_us = g_get_monotonic_time ();
  waiter->done = TRUE;
}

static void
on_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Runs the main context for a while, to let queries go out. */
static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add_once (ms, on_flag, &done);
  mc_test_iterate_until (&done, ms + WAIT_MS);
}

static GAsyncResult *
waiter_wait (Waiter *waiter)
{
  mc_test_iterate_until (&waiter->done, WAIT_MS);
  return waiter->result;
}

static McDnsAnswer *
query (McResolver *resolver,
       const char *name,
       McDnsType   type)
{
  Waiter waiter = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  McDnsAnswer *answer;

  mc_resolver_query_async (resolver, name, type, NULL, on_done, &waiter);
  result = waiter_wait (&waiter);
  answer = mc_resolver_query_finish (resolver, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_cmpstr (mc_dns_answer_get_name (answer), ==, name);
  g_assert_cmpint (mc_dns_answer_get_query_type (answer), ==, type);
  return answer;
}

static McDnsAnswer *
lookup_host (McResolver *resolver,
             const char *name)
{
  Waiter waiter = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  McDnsAnswer *answer;

  mc_resolver_lookup_host_async (resolver, name, NULL, on_done, &waiter);
  result = waiter_wait (&waiter);
  answer = mc_resolver_lookup_host_finish (resolver, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  return answer;
}

static char *
join_addresses (GPtrArray *addresses)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *address = g_inet_address_to_string (addresses->pdata[i]);

      g_string_append_printf (text, "%s%s", i > 0 ? "," : "", address);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
join_address_list (GList *addresses)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  for (GList *l = addresses; l != NULL; l = l->next)
    g_ptr_array_add (array, l->data);
  return join_addresses (array);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Records as their text form, sorted, for order-free comparisons. */
static char *
join_records (GList *records)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (GList *l = records; l != NULL; l = l->next)
    g_ptr_array_add (texts, g_variant_print (l->data, FALSE));
  g_ptr_array_sort (texts, compare_strings);
  g_ptr_array_add (texts, NULL);
  return g_strjoinv (" ", (char **) texts->pdata);
}

static GList *
lookup_by_name (McResolver               *resolver,
                const char               *name,
                GResolverNameLookupFlags  flags,
                GError                  **error)
{
  Waiter waiter = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  g_resolver_lookup_by_name_with_flags_async (G_RESOLVER (resolver), name, flags, NULL,
                                              on_done, &waiter);
  result = waiter_wait (&waiter);
  return g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (resolver), result, error);
}

static GList *
lookup_records (McResolver           *resolver,
                const char           *name,
                GResolverRecordType   type,
                GError              **error)
{
  Waiter waiter = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  g_resolver_lookup_records_async (G_RESOLVER (resolver), name, type, NULL, on_done, &waiter);
  result = waiter_wait (&waiter);
  return g_resolver_lookup_records_finish (G_RESOLVER (resolver), result, error);
}

static void
test_a (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(McDnsAnswer) answer = query (resolver, "mail.example.test", MC_DNS_TYPE_A);
  g_autofree char *addresses = join_addresses (mc_dns_answer_get_addresses (answer));

  g_assert_cmpint (mc_dns_answer_get_status (answer), ==, MC_DNS_STATUS_OK);
  g_assert_cmpint (mc_dns_answer_get_rcode (answer), ==, 0);
  g_assert_cmpstr (addresses, ==, "127.0.0.1");
  g_assert_false (mc_dns_answer_get_from_hosts_file (answer));
  g_assert_false (mc_dns_answer_get_authenticated (answer));
  g_assert_cmpint (mc_dns_answer_get_elapsed_us (answer), >, 0);
  g_assert_cmpint (mc_dns_answer_get_elapsed_us (answer), <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (mc_dns_answer_get_records (answer)->len, ==, 0);
}

static void
test_aaaa (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(McDnsAnswer) v6 = query (resolver, "v6only.example.test", MC_DNS_TYPE_AAAA);
  g_autoptr(McDnsAnswer) v4 = query (resolver, "v6only.example.test", MC_DNS_TYPE_A);
  g_autofree char *addresses = join_addresses (mc_dns_answer_get_addresses (v6));

  g_assert_cmpint (mc_dns_answer_get_status (v6), ==, MC_DNS_STATUS_OK);
  g_assert_cmpstr (addresses, ==, "::1");
  g_assert_cmpint (mc_dns_answer_get_status (v4), ==, MC_DNS_STATUS_NODATA);
  g_assert_cmpuint (mc_dns_answer_get_addresses (v4)->len, ==, 0);
}

static void
test_by_name (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(GError) error = NULL;
  GList *list;
  char *text;

  /* Without flags, both families, IPv6 first. */
  list = lookup_by_name (resolver, "dual.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                         &error);
  g_assert_no_error (error);
  text = join_address_list (list);
  g_assert_cmpstr (text, ==, "::1,127.0.0.1");
  g_clear_pointer (&text, g_free);
  g_resolver_free_addresses (list);

  list = lookup_by_name (resolver, "dual.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY,
                         &error);
  g_assert_no_error (error);
  text = join_address_list (list);
  g_assert_cmpstr (text, ==, "127.0.0.1");
  g_clear_pointer (&text, g_free);
  g_resolver_free_addresses (list);

  list = lookup_by_name (resolver, "dual.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY,
                         &error);
  g_assert_no_error (error);
  text = join_address_list (list);
  g_assert_cmpstr (text, ==, "::1");
  g_clear_pointer (&text, g_free);
  g_resolver_free_addresses (list);

  /* A name with one family only is found without an error. */
  list = lookup_by_name (resolver, "v6only.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                         &error);
  g_assert_no_error (error);
  text = join_address_list (list);
  g_assert_cmpstr (text, ==, "::1");
  g_clear_pointer (&text, g_free);
  g_resolver_free_addresses (list);

  /* The plain asynchronous call, and the synchronous one on this thread. */
  {
    Waiter waiter = { 0 };
    g_autoptr(GAsyncResult) result = NULL;

    g_resolver_lookup_by_name_async (G_RESOLVER (resolver), "mail.example.test", NULL,
                                     on_done, &waiter);
    result = waiter_wait (&waiter);
    list = g_resolver_lookup_by_name_finish (G_RESOLVER (resolver), result, &error);
    g_assert_no_error (error);
    text = join_address_list (list);
    g_assert_cmpstr (text, ==, "127.0.0.1");
    g_clear_pointer (&text, g_free);
    g_resolver_free_addresses (list);
  }

  list = g_resolver_lookup_by_name (G_RESOLVER (resolver), "dual.example.test", NULL, &error);
  g_assert_no_error (error);
  text = join_address_list (list);
  g_assert_cmpstr (text, ==, "::1,127.0.0.1");
  g_clear_pointer (&text, g_free);
  g_resolver_free_addresses (list);
}

static void
test_cname (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(McDnsAnswer) a = query (resolver, "alias.example.test", MC_DNS_TYPE_A);
  g_autoptr(McDnsAnswer) cname = query (resolver, "alias.example.test", MC_DNS_TYPE_CNAME);
  g_autoptr(McDnsAnswer) none = query (resolver, "mail.example.test", MC_DNS_TYPE_CNAME);
  g_autofree char *addresses = join_addresses (mc_dns_answer_get_addresses (a));
  GPtrArray *records = mc_dns_answer_get_records (cname);
  const char *target = NULL;

  g_assert_cmpint (mc_dns_answer_get_status (a), ==, MC_DNS_STATUS_OK);
  g_assert_cmpstr (addresses, ==, "127.0.0.1");

  g_assert_cmpint (mc_dns_answer_get_status (cname), ==, MC_DNS_STATUS_OK);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (g_variant_get_type_string (records->pdata[0]), ==, "(s)");
  g_variant_get (records->pdata[0], "(&s)", &target);
  g_assert_cmpstr (target, ==, "mail.example.test");

  g_assert_cmpint (mc_dns_answer_get_status (none), ==, MC_DNS_STATUS_NODATA);
}

static void
test_mx (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(GError) error = NULL;
  GList *records = lookup_records (resolver, "example.test", G_RESOLVER_RECORD_MX, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (records), ==, 2);
  g_assert_cmpstr (g_variant_get_type_string (records->data), ==, "(qs)");
  text = join_records (records);
  g_assert_cmpstr (text, ==, "(10, 'mail.example.test') (20, 'dual.example.test')");
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

static void
test_txt (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(GError) error = NULL;
  GList *records = lookup_records (resolver, "example.test", G_RESOLVER_RECORD_TXT, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  /* Two records, the first of two strings: they must not be merged or split. */
  g_assert_cmpuint (g_list_length (records), ==, 2);
  g_assert_cmpstr (g_variant_get_type_string (records->data), ==, "(as)");
  text = join_records (records);
  g_assert_cmpstr (text, ==, "(['hello world'],) (['v=spf1 ip4:127.0.0.1 ', '-all'],)");
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

static void
test_srv (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(GError) error = NULL;
  GList *targets;
  GSrvTarget *target;
  Waiter waiter = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  /* GResolver builds lookup_service () on lookup_records (SRV). */
  g_resolver_lookup_service_async (G_RESOLVER (resolver), "submission", "tcp", "example.test",
                                   NULL, on_done, &waiter);
  result = waiter_wait (&waiter);
  targets = g_resolver_lookup_service_finish (G_RESOLVER (resolver), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (targets), ==, 1);
  target = targets->data;
  g_assert_cmpstr (g_srv_target_get_hostname (target), ==, "mail.example.test");
  g_assert_cmpuint (g_srv_target_get_port (target), ==, 587);
  g_assert_cmpuint (g_srv_target_get_priority (target), ==, 0);
  g_assert_cmpuint (g_srv_target_get_weight (target), ==, 1);
  g_resolver_free_targets (targets);

  targets = g_resolver_lookup_service (G_RESOLVER (resolver), "submissions", "tcp",
                                       "example.test", NULL, &error);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_null (targets);
}

static void
test_ns_soa (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(GError) error = NULL;
  GList *records;
  g_autofree char *ns = NULL;
  g_autofree char *soa = NULL;

  records = lookup_records (resolver, "example.test", G_RESOLVER_RECORD_NS, &error);
  g_assert_no_error (error);
  ns = join_records (records);
  g_assert_cmpstr (ns, ==, "('ns.example.test',)");
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  /* The synchronous variant, on this thread. */
  records = g_resolver_lookup_records (G_RESOLVER (resolver), "example.test",
                                       G_RESOLVER_RECORD_SOA, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_variant_get_type_string (records->data), ==, "(ssuuuuu)");
  soa = join_records (records);
  g_assert_cmpstr (soa, ==,
                   "('ns.example.test', 'hostmaster.example.test', 2024010101, 3600, 600, 86400, 60)");
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

static void
test_ptr (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(GInetAddress) v4 = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GInetAddress) v6 = g_inet_address_new_from_string ("::1");
  g_autoptr(GInetAddress) unknown = g_inet_address_new_from_string ("127.0.0.9");
  g_autoptr(GError) error = NULL;
  g_autofree char *name4 = NULL;
  g_autofree char *name6 = NULL;
  g_autofree char *none = NULL;
  Waiter waiter = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  g_resolver_lookup_by_address_async (G_RESOLVER (resolver), v4, NULL, on_done, &waiter);
  result = waiter_wait (&waiter);
  name4 = g_resolver_lookup_by_address_finish (G_RESOLVER (resolver), result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name4, ==, "mail.example.test");

  name6 = g_resolver_lookup_by_address (G_RESOLVER (resolver), v6, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name6, ==, "dual.example.test");

  none = g_resolver_lookup_by_address (G_RESOLVER (resolver), unknown, NULL, &error);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_null (none);
}

static void
test_nxdomain (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(McDnsAnswer) answer = query (resolver, "typo.example.test", MC_DNS_TYPE_A);
  g_autoptr(McDnsAnswer) host = lookup_host (resolver, "typo.example.test");
  g_autoptr(GError) error = NULL;
  GList *list;

  g_assert_cmpint (mc_dns_answer_get_status (answer), ==, MC_DNS_STATUS_NXDOMAIN);
  g_assert_cmpint (mc_dns_answer_get_rcode (answer), ==, 3);
  g_assert_cmpstr (mc_dns_rcode_to_string (mc_dns_answer_get_rcode (answer)), ==, "NXDOMAIN");
  g_assert_cmpint (mc_dns_answer_get_status (host), ==, MC_DNS_STATUS_NXDOMAIN);
  g_assert_cmpint (mc_dns_answer_get_rcode (host), ==, 3);

  list = lookup_by_name (resolver, "typo.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                         &error);
  g_assert_null (list);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "“typo.example.test” does not exist (NXDOMAIN, rcode 3)");
}

static void
test_nodata (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(McDnsAnswer) answer = query (resolver, "nodata.example.test", MC_DNS_TYPE_A);
  g_autoptr(McDnsAnswer) host = lookup_host (resolver, "nodata.example.test");
  g_autoptr(GError) error = NULL;
  GList *list;

  g_assert_cmpint (mc_dns_answer_get_status (answer), ==, MC_DNS_STATUS_NODATA);
  g_assert_cmpint (mc_dns_answer_get_rcode (answer), ==, 0);
  g_assert_cmpint (mc_dns_answer_get_status (host), ==, MC_DNS_STATUS_NODATA);
  g_assert_cmpint (mc_dns_answer_get_query_type (host), ==, MC_DNS_TYPE_A);

  list = lookup_by_name (resolver, "nodata.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                         &error);
  g_assert_null (list);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nodata.example.test"));
  g_assert_nonnull (strstr (error->message, "rcode 0"));
  g_clear_error (&error);

  list = lookup_records (resolver, "nodata.example.test", G_RESOLVER_RECORD_MX, &error);
  g_assert_null (list);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "“nodata.example.test” has no MX record (NOERROR, rcode 0)");
}

static void
test_servfail (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(McDnsAnswer) answer = query (resolver, "www.broken.test", MC_DNS_TYPE_A);
  g_autoptr(GError) error = NULL;
  GList *list;

  g_assert_cmpint (mc_dns_answer_get_status (answer), ==, MC_DNS_STATUS_SERVFAIL);
  g_assert_cmpint (mc_dns_answer_get_rcode (answer), ==, 2);
  g_assert_cmpstr (mc_dns_status_to_string (mc_dns_answer_get_status (answer)), ==, "servfail");

  list = lookup_by_name (resolver, "www.broken.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                         &error);
  g_assert_null (list);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE);
  g_assert_cmpstr (error->message, ==,
                   "Could not resolve “www.broken.test”: the server answered SERVFAIL (rcode 2)");
}

static void
test_timeout (void)
{
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (NULL);
  g_autoptr(McResolver) resolver = silent_resolver_new (silent, 200);
  g_autoptr(McDnsAnswer) answer = query (resolver, "mail.example.test", MC_DNS_TYPE_A);
  g_autoptr(GError) error = NULL;
  gint64 elapsed = mc_dns_answer_get_elapsed_us (answer);
  GList *list;

  g_assert_cmpint (mc_dns_answer_get_status (answer), ==, MC_DNS_STATUS_TIMEOUT);
  g_assert_cmpint (mc_dns_answer_get_rcode (answer), ==, -1);
  g_assert_cmpstr (mc_dns_rcode_to_string (-1), ==, "NONE");
  g_assert_cmpint (elapsed, >=, 190 * 1000);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);

  list = lookup_by_name (resolver, "mail.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                         &error);
  g_assert_null (list);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "“mail.example.test”"));
  g_assert_nonnull (strstr (error->message, " ms"));
}

/* A loopback UDP port where nothing listens: a privileged one, which no
 * program can get as an ephemeral port while the test runs. */
static guint16
closed_port (void)
{
  const guint16 candidates[] = { 9, 7, 1, 5, 11 };
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                              G_SOCKET_PROTOCOL_UDP, NULL);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, candidates[i]);
      g_autoptr(GError) error = NULL;

      /* Not root: the port cannot be tried, but nothing unprivileged holds it. */
      if (g_socket_bind (sock, address, FALSE, &error)
          || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        return candidates[i];
    }
  return 0;
}

static void
test_unreachable (void)
{
  guint16 port = closed_port ();
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);
  const char *servers[] = { server, NULL };
  g_autoptr(McResolver) resolver = mc_resolver_new ();
  g_autoptr(McDnsAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  GList *list;

  if (port == 0)
    {
      g_test_skip ("every privileged UDP port tried is in use");
      return;
    }

  /* Nothing listens there: the kernel refuses at once, no timeout. */
  g_assert_true (mc_resolver_set_servers (resolver, servers, NULL));
  mc_resolver_set_query_timeout (resolver, 3000, 1);
  answer = query (resolver, "mail.example.test", MC_DNS_TYPE_A);
  g_assert_cmpint (mc_dns_answer_get_status (answer), ==, MC_DNS_STATUS_UNREACHABLE);
  g_assert_cmpint (mc_dns_answer_get_rcode (answer), ==, -1);
  g_assert_cmpint (mc_dns_answer_get_elapsed_us (answer), <, G_USEC_PER_SEC);

  /* The AAAA and A queries leave back to back: the kernel's refusal of the
   * first one fails the second sendto (), and c-ares leaves the first one
   * to time out. The refusal must still be what is reported. */
  mc_resolver_set_query_timeout (resolver, 300, 1);
  list = lookup_by_name (resolver, "mail.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                         &error);
  g_assert_null (list);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE);
  g_assert_cmpstr (error->message, ==,
                   "Could not resolve “mail.example.test”: no DNS server could be contacted");
}

static void
test_cancel (void)
{
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (NULL);
  McResolver *resolver = silent_resolver_new (silent, 5000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancellable2 = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  Waiter waiter = { 0 };
  Waiter waiter2 = { 0 };
  gint64 cancelled_us;
  GList *list;

  /* Two queries in flight: a record query and a host look-up (two queries). */
  mc_resolver_query_async (resolver, "mail.example.test", MC_DNS_TYPE_MX, cancellable,
                           on_done, &waiter);
  g_resolver_lookup_by_name_async (G_RESOLVER (resolver), "mail.example.test", cancellable2,
                                   on_done, &waiter2);

  /* Let them go out and sit in c-ares. */
  iterate_for (100);
  g_assert_false (waiter.done);
  g_assert_false (waiter2.done);

  cancelled_us = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_cancellable_cancel (cancellable2);
  result = waiter_wait (&waiter);
  result2 = waiter_wait (&waiter2);

  /* The c-ares queries wait 5 s for an answer: only cancellation ends them this soon. */
  g_assert_null (mc_resolver_query_finish (resolver, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  list = g_resolver_lookup_by_name_finish (G_RESOLVER (resolver), result2, &error);
  g_assert_null (list);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (waiter.finished_us - cancelled_us, <, G_USEC_PER_SEC / 2);
  g_assert_cmpint (waiter2.finished_us - cancelled_us, <, G_USEC_PER_SEC / 2);

  /* A cancelled query holds no reference: the resolver goes with three
   * queries still in c-ares, whose channel hands them ARES_EDESTRUCTION. */
  g_clear_object (&result);
  g_clear_object (&result2);
  g_assert_finalize_object (resolver);
}

static void
test_cancel_before_start (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  McDnsAnswer *answer;
  GList *list;

  g_cancellable_cancel (cancellable);
  answer = mc_resolver_query (resolver, "mail.example.test", MC_DNS_TYPE_A, cancellable, &error);
  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  list = g_resolver_lookup_by_name (G_RESOLVER (resolver), "mail.example.test", cancellable,
                                    &error);
  g_assert_null (list);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  gboolean    done;
  McDnsStatus status;
} DropData;

/* Finishes without keeping the result, so that the task, which holds the
 * last reference to the resolver, goes as soon as this returns. */
static void
on_done_drop (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  DropData *drop = data;
  g_autoptr(McDnsAnswer) answer = mc_resolver_query_finish (MC_RESOLVER (source), result, NULL);

  g_assert_nonnull (answer);
  drop->status = mc_dns_answer_get_status (answer);
  drop->done = TRUE;
}

static void
test_last_ref_in_callback (void)
{
  McResolver *resolver = test_resolver_new ();
  DropData drop = { FALSE, MC_DNS_STATUS_BADRESP };

  /* The completion runs inside ares_process_fd (); so does the finalization
   * of the resolver it triggers, unless the resolver guards against it (a
   * double free under ASan otherwise). */
  g_object_add_weak_pointer (G_OBJECT (resolver), (gpointer *) &resolver);
  mc_resolver_query_async (resolver, "mail.example.test", MC_DNS_TYPE_A, NULL, on_done_drop,
                           &drop);
  g_object_unref (resolver);
  g_assert_nonnull (resolver);
  mc_test_iterate_until (&drop.done, WAIT_MS);
  g_assert_cmpint (drop.status, ==, MC_DNS_STATUS_OK);
  g_assert_null (resolver);
}

static void
test_concurrent (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  const struct { const char *name; McDnsType type; McDnsStatus status; } cases[] = {
    { "mail.example.test", MC_DNS_TYPE_A, MC_DNS_STATUS_OK },
    { "dual.example.test", MC_DNS_TYPE_AAAA, MC_DNS_STATUS_OK },
    { "example.test", MC_DNS_TYPE_MX, MC_DNS_STATUS_OK },
    { "example.test", MC_DNS_TYPE_TXT, MC_DNS_STATUS_OK },
    { "typo.example.test", MC_DNS_TYPE_A, MC_DNS_STATUS_NXDOMAIN },
    { "www.broken.test", MC_DNS_TYPE_A, MC_DNS_STATUS_SERVFAIL },
    { "nodata.example.test", MC_DNS_TYPE_AAAA, MC_DNS_STATUS_NODATA },
  };
  Waiter waiters[5 * G_N_ELEMENTS (cases)] = { { 0 } };

  /* All in flight at once on one channel, each with its own answer. */
  for (guint i = 0; i < G_N_ELEMENTS (waiters); i++)
    mc_resolver_query_async (resolver, cases[i % G_N_ELEMENTS (cases)].name,
                             cases[i % G_N_ELEMENTS (cases)].type, NULL, on_done, &waiters[i]);

  for (guint i = 0; i < G_N_ELEMENTS (waiters); i++)
    {
      g_autoptr(GAsyncResult) result = waiter_wait (&waiters[i]);
      g_autoptr(McDnsAnswer) answer = NULL;

      answer = mc_resolver_query_finish (resolver, result, NULL);
      g_assert_nonnull (answer);
      g_assert_cmpstr (mc_dns_answer_get_name (answer), ==, cases[i % G_N_ELEMENTS (cases)].name);
      g_assert_cmpint (mc_dns_answer_get_status (answer), ==,
                       cases[i % G_N_ELEMENTS (cases)].status);
    }
}

static void
test_settings_change (void)
{
  g_autoptr(McTestSilentDns) silent = mc_test_silent_dns_new (NULL);
  McResolver *resolver = silent_resolver_new (silent, 5000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *servers[] = { mc_test_dns_get_server (dns), NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDnsAnswer) first = NULL;
  g_autoptr(McDnsAnswer) second = NULL;
  Waiter waiter = { 0 };

  /* A query left pending in c-ares on the old channel... */
  mc_resolver_query_async (resolver, "mail.example.test", MC_DNS_TYPE_A, cancellable, on_done,
                           &waiter);
  iterate_for (50);
  g_cancellable_cancel (cancellable);
  result = waiter_wait (&waiter);
  g_assert_null (mc_resolver_query_finish (resolver, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);

  /* ...does not stop new settings from applying to the next query. */
  g_assert_true (mc_resolver_set_servers (resolver, servers, NULL));
  first = query (resolver, "mail.example.test", MC_DNS_TYPE_A);
  g_assert_cmpint (mc_dns_answer_get_status (first), ==, MC_DNS_STATUS_OK);

  mc_resolver_set_query_timeout (resolver, 1000, 2);
  second = query (resolver, "dual.example.test", MC_DNS_TYPE_AAAA);
  g_assert_cmpint (mc_dns_answer_get_status (second), ==, MC_DNS_STATUS_OK);

  g_assert_finalize_object (resolver);
}

static void
test_socket_client (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(GResolver) saved = g_resolver_get_default ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnection) accepted = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) accept_result = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { 0 };
  Waiter accept_waiter = { 0 };
  guint16 port;

  g_socket_listener_add_address (listener, any_port, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_listener_accept_async (listener, NULL, on_done, &accept_waiter);

  /* "mail.example.test" exists only in the test zone: connecting by that
   * name proves that GIO resolves through McResolver. */
  g_resolver_set_default (G_RESOLVER (resolver));
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_to_host_async (client, "mail.example.test", port, NULL, on_done,
                                         &waiter);
  result = waiter_wait (&waiter);
  connection = g_socket_client_connect_to_host_finish (client, result, &error);
  g_resolver_set_default (saved);
  g_assert_no_error (error);
  g_assert_nonnull (connection);

  remote = g_socket_connection_get_remote_address (connection, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)), ==, port);

  accept_result = waiter_wait (&accept_waiter);
  accepted = g_socket_listener_accept_finish (listener, accept_result, NULL, &error);
  g_assert_no_error (error);
}

typedef struct
{
  McResolver *resolver;
  guint16     port;
} ThreadData;

/* What GIO's synchronous calls do from a worker thread: each runs the
 * asynchronous look-up on a private main context of its own. */
static void
lookup_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ThreadData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDnsAnswer) mx = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GInetAddress) v4 = g_inet_address_new_from_string ("127.0.0.1");
  g_autofree char *ptr = NULL;
  g_autofree char *addresses = NULL;
  GList *list;
  GList *records;

  list = g_resolver_lookup_by_name (G_RESOLVER (data->resolver), "dual.example.test", NULL,
                                    &error);
  g_assert_no_error (error);
  addresses = join_address_list (list);
  g_resolver_free_addresses (list);

  mx = mc_resolver_query (data->resolver, "example.test", MC_DNS_TYPE_MX, NULL, &error);
  g_assert_no_error (error);

  records = g_resolver_lookup_records (G_RESOLVER (data->resolver), "example.test",
                                       G_RESOLVER_RECORD_TXT, NULL, &error);
  g_assert_no_error (error);

  ptr = g_resolver_lookup_by_address (G_RESOLVER (data->resolver), v4, NULL, &error);
  g_assert_no_error (error);

  /* A synchronous connect by name, through the default resolver. */
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "mail.example.test", data->port, NULL,
                                                &error);
  g_assert_no_error (error);

  g_task_return_pointer (task, g_strdup_printf ("%s %u %u %s", addresses,
                                                mc_dns_answer_get_records (mx)->len,
                                                g_list_length (records), ptr), g_free);
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

static void
test_threads (void)
{
  McResolver *resolver = test_resolver_new ();
  g_autoptr(GResolver) saved = g_resolver_get_default ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  ThreadData data = { resolver, 0 };
  Waiter waiters[4] = { { 0 } };
  g_autoptr(GError) error = NULL;

  data.port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);

  g_resolver_set_default (G_RESOLVER (resolver));
  for (guint i = 0; i < G_N_ELEMENTS (waiters); i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, on_done, &waiters[i]);

      g_task_set_task_data (task, &data, NULL);
      g_task_run_in_thread (task, lookup_in_thread);
    }
  for (guint i = 0; i < G_N_ELEMENTS (waiters); i++)
    {
      g_autoptr(GAsyncResult) result = waiter_wait (&waiters[i]);
      g_autofree char *text = g_task_propagate_pointer (G_TASK (result), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, "::1,127.0.0.1 2 2 mail.example.test");
    }
  g_resolver_set_default (saved);

  /* The threads' private channels are gone with their contexts. */
  g_assert_finalize_object (resolver);
}

typedef struct
{
  McResolver *resolver;
  Waiter     *waiter;
} ForeignData;

static gpointer
query_from_foreign_thread (gpointer data)
{
  ForeignData *foreign = data;

  /* No context pushed: the task belongs to the main thread's context. */
  mc_resolver_query_async (foreign->resolver, "mail.example.test", MC_DNS_TYPE_A, NULL, on_done,
                           foreign->waiter);
  return NULL;
}

static void
test_foreign_thread (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(McDnsAnswer) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { 0 };
  ForeignData foreign = { resolver, &waiter };
  GThread *thread;

  /* The main thread runs the context (here: holds it) while a worker
   * starts a query in it: the channel must not be used from two threads,
   * so the query fails cleanly instead. */
  g_assert_true (g_main_context_acquire (NULL));
  thread = g_thread_new ("foreign", query_from_foreign_thread, &foreign);
  g_thread_join (thread);
  g_main_context_release (NULL);

  result = waiter_wait (&waiter);
  answer = mc_resolver_query_finish (resolver, result, &error);
  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The context's own thread still can. */
  answer = query (resolver, "mail.example.test", MC_DNS_TYPE_A);
  g_assert_cmpint (mc_dns_answer_get_status (answer), ==, MC_DNS_STATUS_OK);
}

static void
check_bad_server (const char *entry,
                  const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;

  g_assert_false (mc_parse_server_address (entry, &host, &port, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_null (host);
}

static void
check_good_server (const char *entry,
                   const char *expected_host,
                   guint16     expected_port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;

  g_assert_true (mc_parse_server_address (entry, &host, &port, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, expected_host);
  g_assert_cmpuint (port, ==, expected_port);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_servers (void)
{
  g_autoptr(McResolver) resolver = mc_resolver_new ();
  g_autoptr(McResolver) system = mc_resolver_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) system_servers = mc_resolver_dup_servers (system);
  g_auto(GStrv) servers = NULL;
  g_autofree char *joined = NULL;
  const char *good[] = { "127.0.0.1:5353", "[::1]:5353", "::2", "192.0.2.1:53", NULL };
  const char *bad[] = { "127.0.0.1", "300.1.1.1", NULL };
  guint notified = 0;

  check_good_server ("127.0.0.1", "127.0.0.1", 53);
  check_good_server ("127.0.0.1:5353", "127.0.0.1", 5353);
  check_good_server (" 192.0.2.1:65535 ", "192.0.2.1", 65535);
  check_good_server ("[::1]:5353", "::1", 5353);
  check_good_server ("[::1]", "::1", 53);
  check_good_server ("::1", "::1", 53);
  check_good_server ("2001:db8::53", "2001:db8::53", 53);

  check_bad_server ("300.1.1.1", "“300.1.1.1” is not an IP address");
  check_bad_server ("1.2.3", "“1.2.3” is not an IP address");
  check_bad_server ("", "“” is not an IP address");
  check_bad_server ("[::1", "“[::1” is not an IP address");
  check_bad_server ("[::1]x", "“[::1]x” is not an IP address");
  check_bad_server ("127.0.0.1:99999", "“127.0.0.1:99999”: port must be 1–65535");
  check_bad_server ("127.0.0.1:0", "“127.0.0.1:0”: port must be 1–65535");
  check_bad_server ("127.0.0.1:", "“127.0.0.1:”: port must be 1–65535");
  check_bad_server ("[::1]:53x", "“[::1]:53x”: port must be 1–65535");
  check_bad_server ("dns.example.test", "“dns.example.test” is a host name: use an IP address");
  check_bad_server ("dns.example.test:53",
                    "“dns.example.test:53” is a host name: use an IP address");

  /* The system's servers by default, as a fresh resolver reads them. */
  g_assert_nonnull (system_servers);
  servers = mc_resolver_dup_servers (resolver);
  g_assert_cmpstrv (servers, system_servers);
  g_clear_pointer (&servers, g_strfreev);
  g_assert_true (mc_resolver_get_use_hosts_file (resolver));

  g_signal_connect (resolver, "notify::use-hosts-file", G_CALLBACK (on_notify), &notified);
  g_assert_true (mc_resolver_set_servers (resolver, good, &error));
  g_assert_no_error (error);
  servers = mc_resolver_dup_servers (resolver);
  joined = g_strjoinv (" ", servers);
  g_assert_cmpstr (joined, ==, "127.0.0.1:5353 [::1]:5353 ::2 192.0.2.1");
  g_clear_pointer (&servers, g_strfreev);
  /* Explicit servers mean "ask only these". */
  g_assert_false (mc_resolver_get_use_hosts_file (resolver));
  g_assert_cmpuint (notified, ==, 1);

  /* A bad entry changes nothing. */
  g_assert_false (mc_resolver_set_servers (resolver, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "“300.1.1.1” is not an IP address");
  g_clear_error (&error);
  servers = mc_resolver_dup_servers (resolver);
  g_assert_cmpuint (g_strv_length (servers), ==, 4);
  g_clear_pointer (&servers, g_strfreev);

  /* NULL goes back to the system's servers. */
  g_assert_true (mc_resolver_set_servers (resolver, NULL, &error));
  servers = mc_resolver_dup_servers (resolver);
  g_assert_cmpstrv (servers, system_servers);
  g_assert_cmpuint (notified, ==, 1);
}

/* A name of the hosts file that GLib does not answer by itself
 * (localhost), with its IPv4 address, or NULL. */
static char *
find_hosts_file_name (char **address_out)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/etc/hosts", &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autoptr(GInetAddress) address = NULL;
      char *hash = strchr (lines[i], '#');

      if (hash != NULL)
        *hash = '\0';
      g_strdelimit (lines[i], "\t", ' ');
      fields = g_strsplit (g_strstrip (lines[i]), " ", -1);
      if (fields[0] == NULL)
        continue;
      address = g_inet_address_new_from_string (fields[0]);
      if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
        continue;
      for (guint j = 1; fields[j] != NULL; j++)
        {
          if (fields[j][0] == '\0' || g_ascii_strcasecmp (fields[j], "localhost") == 0
              || g_str_has_suffix (fields[j], ".localhost") || strstr (fields[j], ".test") != NULL)
            continue;
          *address_out = g_strdup (fields[0]);
          return g_strdup (fields[j]);
        }
    }
  return NULL;
}

static void
test_hosts_file (void)
{
  g_autoptr(McResolver) resolver = test_resolver_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *name = find_hosts_file_name (&address);
  g_autofree char *text = NULL;
  GList *list;

  /* GResolver answers localhost itself: nsd, which knows no such name,
   * is never asked. */
  list = g_resolver_lookup_by_name (G_RESOLVER (resolver), "localhost", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_true (g_inet_address_get_is_loopback (list->data));
  g_resolver_free_addresses (list);

  g_assert_false (mc_resolver_get_use_hosts_file (resolver));
  if (name == NULL)
    {
      g_test_skip ("/etc/hosts names nothing but localhost");
      return;
    }

  {
    g_autoptr(McDnsAnswer) answer = lookup_host (resolver, name);

    /* Explicit servers: the hosts file is not consulted. */
    g_assert_false (mc_dns_answer_get_from_hosts_file (answer));
    g_assert_cmpint (mc_dns_answer_get_status (answer), !=, MC_DNS_STATUS_OK);
  }

  mc_resolver_set_use_hosts_file (resolver, TRUE);
  {
    g_autoptr(McDnsAnswer) answer = lookup_host (resolver, name);
    g_autoptr(McDnsAnswer) dns_answer = query (resolver, name, MC_DNS_TYPE_A);

    g_assert_true (mc_dns_answer_get_from_hosts_file (answer));
    g_assert_cmpint (mc_dns_answer_get_status (answer), ==, MC_DNS_STATUS_OK);
    g_assert_cmpint (mc_dns_answer_get_rcode (answer), ==, -1);
    text = join_addresses (mc_dns_answer_get_addresses (answer));
    g_assert_nonnull (strstr (text, address));
    g_clear_pointer (&text, g_free);

    /* Record queries always ask DNS. */
    g_assert_false (mc_dns_answer_get_from_hosts_file (dns_answer));
    g_assert_cmpint (mc_dns_answer_get_status (dns_answer), !=, MC_DNS_STATUS_OK);
  }

  list = g_resolver_lookup_by_name (G_RESOLVER (resolver), name, NULL, &error);
  g_assert_no_error (error);
  text = join_address_list (list);
  g_assert_nonnull (strstr (text, address));
  g_resolver_free_addresses (list);
}

/* A server that answers every query with 127.0.0.2, and with the AD bit
 * when the query had it, as a validating resolver does (RFC 6840). */
typedef struct
{
  GSocket *socket;
  GSource *source;
  guint    queries;
  gboolean saw_ad;
} FakeDns;

static gboolean
on_fake_query (GSocket      *socket,
               GIOCondition  condition,
               gpointer      data)
{
  FakeDns *fake = data;
  g_autoptr(GSocketAddress) from = NULL;
  const guint8 record[] = { 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 2 };
  guint8 buf[512];
  gssize len = g_socket_receive_from (socket, &from, (char *) buf, sizeof buf - sizeof record,
                                      NULL, NULL);

  if (len < 12)
    return G_SOURCE_CONTINUE;
  fake->queries++;
  fake->saw_ad = (buf[3] & 0x20) != 0;
  buf[2] |= 0x80;                   /* QR */
  buf[3] = 0x80 | (buf[3] & 0x20);  /* RA, AD echoed, NOERROR */
  buf[6] = 0, buf[7] = 1;           /* one answer */
  memset (buf + 8, 0, 4);
  memcpy (buf + len, record, sizeof record);
  g_socket_send_to (socket, from, (const char *) buf, (gsize) len + sizeof record, NULL, NULL);
  return G_SOURCE_CONTINUE;
}

static void
test_authenticated (void)
{
  FakeDns fake = { 0 };
  g_autoptr(McResolver) resolver = mc_resolver_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(McDnsAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *addresses = NULL;
  const char *servers[2] = { NULL, NULL };

  fake.socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                              G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_bind (fake.socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (fake.socket, &error);
  server = g_strdup_printf ("127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  fake.source = g_socket_create_source (fake.socket, G_IO_IN, NULL);
  g_source_set_callback (fake.source, G_SOURCE_FUNC (on_fake_query), &fake, NULL);
  g_source_attach (fake.source, NULL);

  servers[0] = server;
  g_assert_true (mc_resolver_set_servers (resolver, servers, NULL));
  answer = query (resolver, "signed.test", MC_DNS_TYPE_A);
  addresses = join_addresses (mc_dns_answer_get_addresses (answer));

  g_assert_cmpuint (fake.queries, ==, 1);
  g_assert_true (fake.saw_ad);
  g_assert_cmpint (mc_dns_answer_get_status (answer), ==, MC_DNS_STATUS_OK);
  g_assert_cmpstr (addresses, ==, "127.0.0.2");
  g_assert_true (mc_dns_answer_get_authenticated (answer));

  g_source_destroy (fake.source);
  g_source_unref (fake.source);
  g_object_unref (fake.socket);
}

static void
test_finalize (void)
{
  McResolver *resolver = test_resolver_new ();
  g_autoptr(McDnsAnswer) a = NULL;
  g_autoptr(McDnsAnswer) host = NULL;
  g_autoptr(McDnsAnswer) sync = NULL;
  g_autoptr(GError) error = NULL;
  GList *list;

  a = query (resolver, "mail.example.test", MC_DNS_TYPE_A);
  host = lookup_host (resolver, "dual.example.test");
  g_assert_cmpuint (mc_dns_answer_get_addresses (host)->len, ==, 2);
  sync = mc_resolver_query (resolver, "example.test", MC_DNS_TYPE_SOA, NULL, &error);
  g_assert_no_error (error);
  list = lookup_records (resolver, "example.test", G_RESOLVER_RECORD_MX, &error);
  g_assert_no_error (error);
  g_list_free_full (list, (GDestroyNotify) g_variant_unref);

  /* Answers outlive the resolver. */
  g_assert_finalize_object (resolver);
  g_assert_cmpint (mc_dns_answer_get_status (a), ==, MC_DNS_STATUS_OK);
  g_assert_cmpint (mc_dns_answer_get_status (sync), ==, MC_DNS_STATUS_OK);
}

static void
test_strings (void)
{
  g_assert_cmpstr (mc_dns_status_to_string (MC_DNS_STATUS_OK), ==, "ok");
  g_assert_cmpstr (mc_dns_status_to_string (MC_DNS_STATUS_NXDOMAIN), ==, "nxdomain");
  g_assert_cmpstr (mc_dns_status_to_string (MC_DNS_STATUS_UNREACHABLE), ==, "unreachable");
  g_assert_cmpstr (mc_dns_type_to_string (MC_DNS_TYPE_AAAA), ==, "AAAA");
  g_assert_cmpstr (mc_dns_type_to_string (MC_DNS_TYPE_SRV), ==, "SRV");
  g_assert_cmpstr (mc_dns_rcode_to_string (0), ==, "NOERROR");
  g_assert_cmpstr (mc_dns_rcode_to_string (5), ==, "REFUSED");
  g_assert_cmpstr (mc_dns_rcode_to_string (15), ==, "UNKNOWN");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* One nsd for the whole program: it takes about half a second to start. */
  dns = mc_test_dns_start (&error);
  g_assert_no_error (error);

  g_test_add_func ("/resolver/a", test_a);
  g_test_add_func ("/resolver/aaaa", test_aaaa);
  g_test_add_func ("/resolver/by-name", test_by_name);
  g_test_add_func ("/resolver/cname", test_cname);
  g_test_add_func ("/resolver/mx", test_mx);
  g_test_add_func ("/resolver/txt", test_txt);
  g_test_add_func ("/resolver/srv", test_srv);
  g_test_add_func ("/resolver/ns-soa", test_ns_soa);
  g_test_add_func ("/resolver/ptr", test_ptr);
  g_test_add_func ("/resolver/nxdomain", test_nxdomain);
  g_test_add_func ("/resolver/nodata", test_nodata);
  g_test_add_func ("/resolver/servfail", test_servfail);
  g_test_add_func ("/resolver/timeout", test_timeout);
  g_test_add_func ("/resolver/unreachable", test_unreachable);
  g_test_add_func ("/resolver/cancel", test_cancel);
  g_test_add_func ("/resolver/cancel-before-start", test_cancel_before_start);
  g_test_add_func ("/resolver/last-ref-in-callback", test_last_ref_in_callback);
  g_test_add_func ("/resolver/concurrent", test_concurrent);
  g_test_add_func ("/resolver/settings-change", test_settings_change);
  g_test_add_func ("/resolver/socket-client", test_socket_client);
  g_test_add_func ("/resolver/threads", test_threads);
  g_test_add_func ("/resolver/foreign-thread", test_foreign_thread);
  g_test_add_func ("/resolver/servers", test_servers);
  g_test_add_func ("/resolver/hosts-file", test_hosts_file);
  g_test_add_func ("/resolver/authenticated", test_authenticated);
  g_test_add_func ("/resolver/finalize", test_finalize);
  g_test_add_func ("/resolver/strings", test_strings);

  ret = g_test_run ();
  g_clear_pointer (&dns, mc_test_dns_stop);
  return ret;
}
