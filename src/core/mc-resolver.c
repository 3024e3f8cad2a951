/* mc-resolver.c: a GResolver backed by c-ares and driven by the GLib main loop.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-resolver.h"
#include "mc-resolver-private.h"
#include "mc-dns-channel.h"

/* Queries started in a GMainContext go through the channel of that context
 * (mc-dns-channel.c), made with the settings of the moment. When settings
 * change, each context gets a new channel at its next query, and the old
 * one is retired: shut down once its last query, usually a cancelled one
 * that c-ares cannot drop, has ended. */
struct _McResolver
{
  GResolver   parent_instance;

  GMutex      mutex;         /* guards everything below */
  GHashTable *channels;      /* GMainContext → its current McDnsChannel */
  GPtrArray  *retired;       /* McDnsChannels waiting for their last query */
  char       *servers_csv;   /* NULL: the system's servers */
  guint       timeout_ms;
  guint       tries;
  guint       generation;    /* of the settings, bumped at each change */
  gboolean    use_hosts_file;
};

G_DEFINE_FINAL_TYPE (McResolver, mc_resolver, G_TYPE_RESOLVER)

enum {
  PROP_0,
  PROP_USE_HOSTS_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_retired_idle (GObject      *owner,
                 McDnsChannel *ch)
{
  McResolver *self = MC_RESOLVER (owner);
  guint index;
  gboolean found;

  g_mutex_lock (&self->mutex);
  found = g_ptr_array_find (self->retired, ch, &index);
  if (found)
    g_ptr_array_steal_index_fast (self->retired, index);
  g_mutex_unlock (&self->mutex);
  if (found)
    mc_dns_channel_shutdown (ch);
}

/* Called with the mutex held; context NULL for a channel that only reads
 * the configuration. */
static McDnsChannel *
channel_new_locked (McResolver    *self,
                    GMainContext  *context,
                    GError       **error)
{
  McDnsChannelConfig config = {
    .servers_csv = self->servers_csv,
    .timeout_ms = self->timeout_ms,
    .tries = self->tries,
    .generation = self->generation,
    .on_retired_idle = on_retired_idle,
  };

  return mc_dns_channel_new (G_OBJECT (self), context, &config, error);
}

/* The channel of the given context, made with the current settings. */
static McDnsChannel *
get_channel (McResolver    *self,
             GMainContext  *context,
             GError       **error)
{
  McDnsChannel *ch;
  McDnsChannel *retired = NULL;

  g_mutex_lock (&self->mutex);
  ch = g_hash_table_lookup (self->channels, context);
  if (ch != NULL && mc_dns_channel_get_generation (ch) != self->generation)
    {
      g_hash_table_steal (self->channels, context);
      g_ptr_array_add (self->retired, ch);
      retired = ch;
      ch = NULL;
    }
  if (ch == NULL)
    {
      ch = channel_new_locked (self, context, error);
      if (ch != NULL)
        g_hash_table_insert (self->channels, context, ch);
    }
  g_mutex_unlock (&self->mutex);

  if (retired != NULL)
    mc_dns_channel_retire (G_OBJECT (self), retired);
  return ch;
}

/* Shuts down every channel of a private context that is about to go. */
static void
drop_channels (McResolver   *self,
               GMainContext *context)
{
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dns_channel_shutdown);
  McDnsChannel *ch = NULL;

  g_mutex_lock (&self->mutex);
  if (g_hash_table_steal_extended (self->channels, context, NULL, (gpointer *) &ch))
    g_ptr_array_add (dropped, ch);
  for (guint i = self->retired->len; i > 0; i--)
    {
      ch = self->retired->pdata[i - 1];
      if (mc_dns_channel_get_context (ch) == context)
        g_ptr_array_add (dropped, g_ptr_array_steal_index_fast (self->retired, i - 1));
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * mc_resolver_query_async:
 *
 * Asks the DNS servers for the records of one type. Every outcome is an
 * #McDnsAnswer, a failure included; only cancellation and internal
 * failures are errors. Cancellation returns %G_IO_ERROR_CANCELLED at once.
 */
void
mc_resolver_query_async (McResolver          *self,
                         const char          *name,
                         McDnsType            type,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  McDnsChannel *ch;

  g_return_if_fail (MC_IS_RESOLVER (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_resolver_query_async);
  if (g_task_return_error_if_cancelled (task))
    return;

  ch = get_channel (self, g_task_get_context (task), &error);
  if (ch == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    mc_dns_channel_query (ch, G_OBJECT (self), g_steal_pointer (&task), name, type, cancellable);
}

McDnsAnswer *
mc_resolver_query_finish (McResolver    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The synchronous calls run the asynchronous ones in a private main
 * context, so they work from any thread, and drop its channel afterwards. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} McSyncCall;

static void
sync_call_begin (McSyncCall *call)
{
  call->context = g_main_context_new ();
  call->result = NULL;
  g_main_context_push_thread_default (call->context);
}

static void
on_sync_call_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  McSyncCall *call = data;

  call->result = g_object_ref (result);
}

static GAsyncResult *
sync_call_wait (McResolver *self,
                McSyncCall *call)
{
  while (call->result == NULL)
    g_main_context_iteration (call->context, TRUE);

  g_main_context_pop_thread_default (call->context);
  drop_channels (self, call->context);
  g_clear_pointer (&call->context, g_main_context_unref);
  return call->result;
}

McDnsAnswer *
mc_resolver_query (McResolver    *self,
                   const char    *name,
                   McDnsType      type,
                   GCancellable  *cancellable,
                   GError       **error)
{
  McSyncCall call;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (MC_IS_RESOLVER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  sync_call_begin (&call);
  mc_resolver_query_async (self, name, type, cancellable, on_sync_call_done, &call);
  result = sync_call_wait (self, &call);
  return mc_resolver_query_finish (self, result, error);
}

/* Host look-ups: the hosts file, then AAAA and A queries side by side. */
typedef struct
{
  McDnsAnswer *answers[2]; /* AAAA, A */
  GError      *error;
  guint        outstanding;
} HostLookup;

static void
host_lookup_free (gpointer data)
{
  HostLookup *lookup = data;

  g_clear_pointer (&lookup->answers[0], mc_dns_answer_unref);
  g_clear_pointer (&lookup->answers[1], mc_dns_answer_unref);
  g_clear_error (&lookup->error);
  g_free (lookup);
}

static McDnsAnswer *
hosts_file_answer (McResolver   *self,
                   GMainContext *context,
                   const char   *name,
                   gboolean      want_v6,
                   gboolean      want_v4)
{
  g_autoptr(McDnsAnswer) answer = mc_dns_answer_new (name, want_v4 ? MC_DNS_TYPE_A
                                                                   : MC_DNS_TYPE_AAAA);
  McDnsChannel *ch = get_channel (self, context, NULL);

  if (ch == NULL)
    return NULL;
  if (want_v6)
    mc_dns_channel_read_hosts_file (ch, name, G_SOCKET_FAMILY_IPV6, answer->addresses);
  if (want_v4)
    mc_dns_channel_read_hosts_file (ch, name, G_SOCKET_FAMILY_IPV4, answer->addresses);
  if (answer->addresses->len == 0)
    return NULL;

  answer->from_hosts_file = TRUE;
  answer->merged = want_v4 && want_v6;
  return g_steal_pointer (&answer);
}

static void
on_host_part_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HostLookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  McDnsAnswer *answer = mc_resolver_query_finish (MC_RESOLVER (source), result, &error);

  if (answer == NULL && lookup->error == NULL)
    lookup->error = g_steal_pointer (&error);
  else if (answer != NULL)
    lookup->answers[answer->type == MC_DNS_TYPE_AAAA ? 0 : 1] = answer;

  if (--lookup->outstanding > 0)
    return;

  if (lookup->error != NULL)
    g_task_return_error (task, g_steal_pointer (&lookup->error));
  else if (lookup->answers[0] != NULL && lookup->answers[1] != NULL)
    g_task_return_pointer (task, mc_dns_answer_merge (lookup->answers[0], lookup->answers[1]),
                           (GDestroyNotify) mc_dns_answer_unref);
  else
    g_task_return_pointer (task,
                           mc_dns_answer_ref (lookup->answers[0] ? lookup->answers[0]
                                                                 : lookup->answers[1]),
                           (GDestroyNotify) mc_dns_answer_unref);
}

static void
host_lookup_start (McResolver               *self,
                   const char               *name,
                   GResolverNameLookupFlags  flags,
                   gpointer                  source_tag,
                   GCancellable             *cancellable,
                   GAsyncReadyCallback       callback,
                   gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  HostLookup *lookup = g_new0 (HostLookup, 1);
  gboolean want_v6 = !(flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY);
  gboolean want_v4 = !(flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY);
  gboolean use_hosts_file;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, lookup, host_lookup_free);
  if (!want_v4 && !want_v6)
    want_v4 = want_v6 = TRUE;

  g_mutex_lock (&self->mutex);
  use_hosts_file = self->use_hosts_file;
  g_mutex_unlock (&self->mutex);

  if (use_hosts_file)
    {
      McDnsAnswer *answer = hosts_file_answer (self, g_task_get_context (task), name,
                                               want_v6, want_v4);

      if (answer != NULL)
        {
          g_task_return_pointer (task, answer, (GDestroyNotify) mc_dns_answer_unref);
          return;
        }
    }

  lookup->outstanding = (guint) want_v6 + (guint) want_v4;
  if (want_v6)
    mc_resolver_query_async (self, name, MC_DNS_TYPE_AAAA, cancellable,
                             on_host_part_done, g_object_ref (task));
  if (want_v4)
    mc_resolver_query_async (self, name, MC_DNS_TYPE_A, cancellable,
                             on_host_part_done, g_object_ref (task));
}

/**
 * mc_resolver_lookup_host_async:
 *
 * Looks up the addresses of a host name as a mail program would: the hosts
 * file first (unless turned off), then AAAA and A queries in parallel. The
 * answer has the type A, holds the IPv6 then the IPv4 addresses, and its
 * status is OK when there is any address; otherwise the more telling of
 * the two: NXDOMAIN, a server's failure, no server, a timeout, NODATA.
 */
void
mc_resolver_lookup_host_async (McResolver          *self,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (MC_IS_RESOLVER (self));
  g_return_if_fail (name != NULL);

  host_lookup_start (self, name, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                     mc_resolver_lookup_host_async, cancellable, callback, user_data);
}

McDnsAnswer *
mc_resolver_lookup_host_finish (McResolver    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GResolver: the same operations, with failed answers turned into errors. */
static void
lookup_by_name_with_flags_async (GResolver                *resolver,
                                 const char               *hostname,
                                 GResolverNameLookupFlags  flags,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  host_lookup_start (MC_RESOLVER (resolver), hostname, flags, lookup_by_name_with_flags_async,
                     cancellable, callback, user_data);
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *hostname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                   cancellable, callback, user_data);
}

static GList *
lookup_by_name_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(McDnsAnswer) answer = g_task_propagate_pointer (G_TASK (result), error);
  GList *list = NULL;

  if (answer == NULL || !mc_dns_answer_check (answer, error))
    return NULL;
  for (guint i = answer->addresses->len; i > 0; i--)
    list = g_list_prepend (list, g_object_ref (answer->addresses->pdata[i - 1]));
  return list;
}

static GList *
lookup_by_name_with_flags (GResolver                 *resolver,
                           const char                *hostname,
                           GResolverNameLookupFlags   flags,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  McResolver *self = MC_RESOLVER (resolver);
  McSyncCall call;
  g_autoptr(GAsyncResult) result = NULL;

  sync_call_begin (&call);
  lookup_by_name_with_flags_async (resolver, hostname, flags, cancellable, on_sync_call_done,
                                   &call);
  result = sync_call_wait (self, &call);
  return lookup_by_name_finish (resolver, result, error);
}

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *hostname,
                GCancellable  *cancellable,
                GError       **error)
{
  return lookup_by_name_with_flags (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                    cancellable, error);
}

/* 192.0.2.1 → 1.2.0.192.<zone>; IPv6 by nibbles, as RFC 3596 and the
 * blocklists (RFC 5782) both spell them. A NULL zone means the address's
 * own reverse tree, in-addr.arpa or ip6.arpa. */
char *
mc_dns_reverse_name (GInetAddress *address,
                     const char   *zone)
{
  const guint8 *bytes;
  GString *name;

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), NULL);

  bytes = g_inet_address_to_bytes (address);
  name = g_string_new (NULL);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    {
      g_string_printf (name, "%u.%u.%u.%u.", bytes[3], bytes[2], bytes[1], bytes[0]);
      g_string_append (name, zone != NULL ? zone : "in-addr.arpa");
    }
  else
    {
      for (int i = 15; i >= 0; i--)
        g_string_append_printf (name, "%x.%x.", bytes[i] & 0xf, bytes[i] >> 4);
      g_string_append (name, zone != NULL ? zone : "ip6.arpa");
    }
  return g_string_free (name, FALSE);
}

static void
lookup_by_address_async (GResolver           *resolver,
                         GInetAddress        *address,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autofree char *name = mc_dns_reverse_name (address, NULL);

  mc_resolver_query_async (MC_RESOLVER (resolver), name, MC_DNS_TYPE_PTR, cancellable,
                           callback, user_data);
}

static char *
lookup_by_address_finish (GResolver     *resolver,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(McDnsAnswer) answer = mc_resolver_query_finish (MC_RESOLVER (resolver), result, error);
  char *hostname = NULL;

  if (answer == NULL || !mc_dns_answer_check (answer, error))
    return NULL;
  g_variant_get (answer->records->pdata[0], "(s)", &hostname);
  return hostname;
}

static char *
lookup_by_address (GResolver     *resolver,
                   GInetAddress  *address,
                   GCancellable  *cancellable,
                   GError       **error)
{
  McSyncCall call;
  g_autoptr(GAsyncResult) result = NULL;

  sync_call_begin (&call);
  lookup_by_address_async (resolver, address, cancellable, on_sync_call_done, &call);
  result = sync_call_wait (MC_RESOLVER (resolver), &call);
  return lookup_by_address_finish (resolver, result, error);
}

static McDnsType
record_type_to_dns (GResolverRecordType type)
{
  switch (type)
    {
    case G_RESOLVER_RECORD_SRV: return MC_DNS_TYPE_SRV;
    case G_RESOLVER_RECORD_MX:  return MC_DNS_TYPE_MX;
    case G_RESOLVER_RECORD_TXT: return MC_DNS_TYPE_TXT;
    case G_RESOLVER_RECORD_SOA: return MC_DNS_TYPE_SOA;
    case G_RESOLVER_RECORD_NS:  return MC_DNS_TYPE_NS;
    default:                    g_return_val_if_reached (MC_DNS_TYPE_TXT);
    }
}

static void
lookup_records_async (GResolver           *resolver,
                      const char          *rrname,
                      GResolverRecordType  record_type,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  mc_resolver_query_async (MC_RESOLVER (resolver), rrname, record_type_to_dns (record_type),
                           cancellable, callback, user_data);
}

static GList *
lookup_records_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(McDnsAnswer) answer = mc_resolver_query_finish (MC_RESOLVER (resolver), result, error);
  GList *list = NULL;

  if (answer == NULL || !mc_dns_answer_check (answer, error))
    return NULL;
  for (guint i = answer->records->len; i > 0; i--)
    list = g_list_prepend (list, g_variant_ref (answer->records->pdata[i - 1]));
  return list;
}

static GList *
lookup_records (GResolver            *resolver,
                const char           *rrname,
                GResolverRecordType   record_type,
                GCancellable         *cancellable,
                GError              **error)
{
  McSyncCall call;
  g_autoptr(GAsyncResult) result = NULL;

  sync_call_begin (&call);
  lookup_records_async (resolver, rrname, record_type, cancellable, on_sync_call_done, &call);
  result = sync_call_wait (MC_RESOLVER (resolver), &call);
  return lookup_records_finish (resolver, result, error);
}

/* Settings apply to the queries started from now on: a change bumps the
 * generation, and each context gets a new channel at its next query. */

/**
 * mc_resolver_set_servers:
 * @servers: (nullable): entries for mc_parse_server_address (), or %NULL
 *
 * Asks only these servers from now on, and no longer the hosts file: an
 * explicit server means "what does this server say". %NULL or an empty list
 * goes back to the system's servers (the hosts file stays off).
 */
gboolean
mc_resolver_set_servers (McResolver          *self,
                         const char * const  *servers,
                         GError             **error)
{
  char *csv = NULL;

  g_return_val_if_fail (MC_IS_RESOLVER (self), FALSE);

  if (!mc_dns_servers_to_csv (servers, &csv, error))
    return FALSE;

  g_mutex_lock (&self->mutex);
  g_free (self->servers_csv);
  self->servers_csv = csv;
  self->generation++;
  g_mutex_unlock (&self->mutex);

  if (csv != NULL)
    mc_resolver_set_use_hosts_file (self, FALSE);
  return TRUE;
}

/**
 * mc_resolver_dup_servers:
 *
 * Returns: (transfer full): the servers asked, as "127.0.0.1:5353" or
 *   "[::1]:5353", or without the port when it is 53 ("127.0.0.1", "::1")
 */
char **
mc_resolver_dup_servers (McResolver *self)
{
  McDnsChannel *ch;
  char **servers;

  g_return_val_if_fail (MC_IS_RESOLVER (self), NULL);

  g_mutex_lock (&self->mutex);
  ch = channel_new_locked (self, NULL, NULL);
  g_mutex_unlock (&self->mutex);
  if (ch == NULL)
    return g_new0 (char *, 1);

  servers = mc_dns_channel_dup_servers (ch);
  mc_dns_channel_shutdown (ch);
  return servers;
}

/**
 * mc_resolver_set_query_timeout:
 * @timeout_ms: the wait for the first try; c-ares doubles it for each retry
 * @tries: how many times each server is asked
 *
 * Applies to the queries started from now on. Default: 2000 ms, 2 tries.
 */
void
mc_resolver_set_query_timeout (McResolver *self,
                               guint       timeout_ms,
                               guint       tries)
{
  g_return_if_fail (MC_IS_RESOLVER (self));
  g_return_if_fail (timeout_ms > 0 && timeout_ms <= G_MAXINT);
  g_return_if_fail (tries > 0 && tries <= G_MAXINT);

  g_mutex_lock (&self->mutex);
  self->timeout_ms = timeout_ms;
  self->tries = tries;
  self->generation++;
  g_mutex_unlock (&self->mutex);
}

/**
 * mc_resolver_set_use_hosts_file:
 *
 * Whether host look-ups (never record queries) consult the hosts file
 * before DNS, as the system's resolver does. Default: %TRUE.
 */
void
mc_resolver_set_use_hosts_file (McResolver *self,
                                gboolean    use_hosts_file)
{
  gboolean changed;

  g_return_if_fail (MC_IS_RESOLVER (self));

  use_hosts_file = !!use_hosts_file;
  g_mutex_lock (&self->mutex);
  changed = self->use_hosts_file != use_hosts_file;
  self->use_hosts_file = use_hosts_file;
  g_mutex_unlock (&self->mutex);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_HOSTS_FILE]);
}

gboolean
mc_resolver_get_use_hosts_file (McResolver *self)
{
  gboolean use_hosts_file;

  g_return_val_if_fail (MC_IS_RESOLVER (self), FALSE);

  g_mutex_lock (&self->mutex);
  use_hosts_file = self->use_hosts_file;
  g_mutex_unlock (&self->mutex);
  return use_hosts_file;
}

McResolver *
mc_resolver_new (void)
{
  return g_object_new (MC_TYPE_RESOLVER, NULL);
}

static void
mc_resolver_finalize (GObject *object)
{
  McResolver *self = MC_RESOLVER (object);

  /* Destroying the channels ends their queries, all cancelled ones (a live
   * query holds a reference to us): their callbacks only free them. */
  g_hash_table_unref (self->channels);
  g_ptr_array_unref (self->retired);
  g_free (self->servers_csv);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (mc_resolver_parent_class)->finalize (object);
}

static void
mc_resolver_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  McResolver *self = MC_RESOLVER (object);

  switch (prop_id)
    {
    case PROP_USE_HOSTS_FILE:
      g_value_set_boolean (value, mc_resolver_get_use_hosts_file (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_resolver_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  McResolver *self = MC_RESOLVER (object);

  switch (prop_id)
    {
    case PROP_USE_HOSTS_FILE:
      mc_resolver_set_use_hosts_file (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_resolver_class_init (McResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = mc_resolver_finalize;
  object_class->get_property = mc_resolver_get_property;
  object_class->set_property = mc_resolver_set_property;

  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = lookup_by_name_finish;
  resolver_class->lookup_by_address = lookup_by_address;
  resolver_class->lookup_by_address_async = lookup_by_address_async;
  resolver_class->lookup_by_address_finish = lookup_by_address_finish;
  resolver_class->lookup_records = lookup_records;
  resolver_class->lookup_records_async = lookup_records_async;
  resolver_class->lookup_records_finish = lookup_records_finish;

  properties[PROP_USE_HOSTS_FILE] =
    g_param_spec_boolean ("use-hosts-file", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_resolver_init (McResolver *self)
{
  g_mutex_init (&self->mutex);
  self->channels = g_hash_table_new_full (NULL, NULL, NULL,
                                          (GDestroyNotify) mc_dns_channel_shutdown);
  self->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dns_channel_shutdown);
  self->timeout_ms = 2000;
  self->tries = 2;
  self->use_hosts_file = TRUE;
}
