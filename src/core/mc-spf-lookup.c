/* mc-spf-lookup.c: the SPF evaluator's look-up interface, and its McResolver adapter.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-spf-lookup.h"

McSpfAnswer *
mc_spf_answer_new (McSpfLookupStatus status)
{
  McSpfAnswer *answer = g_new0 (McSpfAnswer, 1);

  answer->status = status;
  answer->txt = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  answer->addresses = g_ptr_array_new_with_free_func (g_object_unref);
  answer->names = g_ptr_array_new_with_free_func (g_free);
  return answer;
}

void
mc_spf_answer_free (McSpfAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->error);
  g_ptr_array_unref (answer->txt);
  g_ptr_array_unref (answer->addresses);
  g_ptr_array_unref (answer->names);
  g_free (answer);
}

G_DEFINE_INTERFACE (McSpfLookup, mc_spf_lookup, G_TYPE_OBJECT)

static void
mc_spf_lookup_default_init (McSpfLookupInterface *iface)
{
}

void
mc_spf_lookup_query_async (McSpfLookup         *self,
                           const char          *name,
                           McDnsType            type,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (MC_IS_SPF_LOOKUP (self));
  g_return_if_fail (name != NULL);

  MC_SPF_LOOKUP_GET_IFACE (self)->query_async (self, name, type, cancellable, callback, user_data);
}

McSpfAnswer *
mc_spf_lookup_query_finish (McSpfLookup   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (MC_IS_SPF_LOOKUP (self), NULL);

  return MC_SPF_LOOKUP_GET_IFACE (self)->query_finish (self, result, error);
}

/* ---- The McResolver adapter ------------------------------------------- */

typedef struct
{
  McDnsAnswer *answer;   /* NULL while the query is on its way */
  GPtrArray   *waiting;  /* GTask */
} CacheEntry;

static void
cache_entry_free (CacheEntry *entry)
{
  g_clear_pointer (&entry->answer, mc_dns_answer_unref);
  g_ptr_array_unref (entry->waiting);
  g_free (entry);
}

struct _McSpfResolverLookup
{
  GObject     parent_instance;

  McResolver *resolver;
  GHashTable *cache;    /* "TYPE name" → CacheEntry */
  GPtrArray  *answers;  /* McDnsAnswer, in the order they came */
};

static void mc_spf_resolver_lookup_iface_init (McSpfLookupInterface *iface);

enum
{
  SIGNAL_ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (McSpfResolverLookup, mc_spf_resolver_lookup, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_SPF_LOOKUP,
                                                      mc_spf_resolver_lookup_iface_init))

static gint
compare_mx (gconstpointer a,
            gconstpointer b)
{
  guint16 pa, pb;

  g_variant_get (*(GVariant **) a, "(q&s)", &pa, NULL);
  g_variant_get (*(GVariant **) b, "(q&s)", &pb, NULL);
  return (gint) pa - (gint) pb;
}

static McSpfAnswer *
answer_from_dns (McDnsAnswer *dns)
{
  McDnsStatus status = mc_dns_answer_get_status (dns);
  McSpfAnswer *answer;
  GPtrArray *records;

  switch (status)
    {
    case MC_DNS_STATUS_OK:
      break;
    case MC_DNS_STATUS_NODATA:
      return mc_spf_answer_new (MC_SPF_LOOKUP_NODATA);
    case MC_DNS_STATUS_NXDOMAIN:
      return mc_spf_answer_new (MC_SPF_LOOKUP_NXDOMAIN);
    case MC_DNS_STATUS_SERVFAIL:
    case MC_DNS_STATUS_REFUSED:
    case MC_DNS_STATUS_FORMERR:
    case MC_DNS_STATUS_NOTIMP:
    case MC_DNS_STATUS_BADRESP:
    case MC_DNS_STATUS_TIMEOUT:
    case MC_DNS_STATUS_UNREACHABLE:
    default:
      answer = mc_spf_answer_new (MC_SPF_LOOKUP_TEMPERROR);
      answer->error = g_strdup (mc_dns_status_to_string (status));
      return answer;
    }

  answer = mc_spf_answer_new (MC_SPF_LOOKUP_OK);
  records = mc_dns_answer_get_records (dns);

  switch (mc_dns_answer_get_query_type (dns))
    {
    case MC_DNS_TYPE_A:
    case MC_DNS_TYPE_AAAA:
      {
        GPtrArray *addresses = mc_dns_answer_get_addresses (dns);

        for (guint i = 0; i < addresses->len; i++)
          g_ptr_array_add (answer->addresses, g_object_ref (g_ptr_array_index (addresses, i)));
      }
      break;

    case MC_DNS_TYPE_TXT:
      for (guint i = 0; i < records->len; i++)
        {
          g_autoptr(GVariant) strings = g_variant_get_child_value (g_ptr_array_index (records, i), 0);
          GByteArray *joined = g_byte_array_new ();
          GVariantIter iter;
          const char *s;

          g_variant_iter_init (&iter, strings);
          while (g_variant_iter_next (&iter, "&s", &s))
            g_byte_array_append (joined, (const guint8 *) s, strlen (s));
          g_ptr_array_add (answer->txt, g_byte_array_free_to_bytes (joined));
        }
      break;

    case MC_DNS_TYPE_MX:
      {
        g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (records->len);

        for (guint i = 0; i < records->len; i++)
          g_ptr_array_add (sorted, g_ptr_array_index (records, i));

        /* RFC 7208 does not order them, but people read them this way. */
        g_ptr_array_sort (sorted, compare_mx);
        for (guint i = 0; i < sorted->len; i++)
          {
            const char *host;

            g_variant_get (g_ptr_array_index (sorted, i), "(q&s)", NULL, &host);
            g_ptr_array_add (answer->names, g_strdup (host));
          }
      }
      break;

    case MC_DNS_TYPE_PTR:
    case MC_DNS_TYPE_NS:
    case MC_DNS_TYPE_CNAME:
    case MC_DNS_TYPE_SOA:
    case MC_DNS_TYPE_SRV:
    default:
      for (guint i = 0; i < records->len; i++)
        {
          GVariant *record = g_ptr_array_index (records, i);

          if (g_variant_is_of_type (record, G_VARIANT_TYPE ("(s)")))
            {
              const char *target;

              g_variant_get (record, "(&s)", &target);
              g_ptr_array_add (answer->names, g_strdup (target));
            }
        }
      break;
    }
  return answer;
}

static void
return_answer (GTask       *task,
               McDnsAnswer *dns)
{
  g_task_return_pointer (task, answer_from_dns (dns), (GDestroyNotify) mc_spf_answer_free);
}

typedef struct
{
  McSpfResolverLookup *self;
  char                *key;
} QueryData;

static void
query_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  QueryData *data = user_data;
  g_autoptr(McSpfResolverLookup) self = data->self;
  g_autofree char *key = data->key;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDnsAnswer) dns = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  CacheEntry *entry;

  g_free (data);
  dns = mc_resolver_query_finish (MC_RESOLVER (source), result, &error);
  entry = g_hash_table_lookup (self->cache, key);
  g_assert (entry != NULL && entry->answer == NULL);
  waiting = g_steal_pointer (&entry->waiting);
  entry->waiting = g_ptr_array_new_with_free_func (g_object_unref);

  if (dns == NULL)
    {
      /* Only cancellation ends here; a later question asks again. */
      g_hash_table_remove (self->cache, key);
      for (guint i = 0; i < waiting->len; i++)
        g_task_return_error (g_ptr_array_index (waiting, i), g_error_copy (error));
      return;
    }

  entry->answer = mc_dns_answer_ref (dns);
  g_ptr_array_add (self->answers, mc_dns_answer_ref (dns));
  g_signal_emit (self, signals[SIGNAL_ANSWERED], 0, dns);
  for (guint i = 0; i < waiting->len; i++)
    return_answer (g_ptr_array_index (waiting, i), dns);
}

/* The queries share the first asker's cancellable: the callers of one
 * adapter (the evaluations of one check) are cancelled together. */
static void
mc_spf_resolver_lookup_query_async (McSpfLookup         *lookup,
                                    const char          *name,
                                    McDnsType            type,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  McSpfResolverLookup *self = MC_SPF_RESOLVER_LOOKUP (lookup);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *key = g_strdup_printf ("%s %s", mc_dns_type_to_string (type), lower);
  CacheEntry *entry;
  QueryData *data;

  g_task_set_source_tag (task, mc_spf_resolver_lookup_query_async);

  entry = g_hash_table_lookup (self->cache, key);
  if (entry != NULL && entry->answer != NULL)
    {
      return_answer (task, entry->answer);
      return;
    }
  if (entry != NULL)
    {
      g_ptr_array_add (entry->waiting, g_steal_pointer (&task));
      return;
    }

  entry = g_new0 (CacheEntry, 1);
  entry->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (entry->waiting, g_steal_pointer (&task));
  g_hash_table_insert (self->cache, g_strdup (key), entry);

  data = g_new0 (QueryData, 1);
  data->self = g_object_ref (self);
  data->key = g_steal_pointer (&key);
  mc_resolver_query_async (self->resolver, name, type, cancellable, query_cb, data);
}

static McSpfAnswer *
mc_spf_resolver_lookup_query_finish (McSpfLookup   *lookup,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, lookup), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
mc_spf_resolver_lookup_iface_init (McSpfLookupInterface *iface)
{
  iface->query_async = mc_spf_resolver_lookup_query_async;
  iface->query_finish = mc_spf_resolver_lookup_query_finish;
}

static void
mc_spf_resolver_lookup_finalize (GObject *object)
{
  McSpfResolverLookup *self = MC_SPF_RESOLVER_LOOKUP (object);

  g_clear_object (&self->resolver);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->answers, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_spf_resolver_lookup_parent_class)->finalize (object);
}

static void
mc_spf_resolver_lookup_class_init (McSpfResolverLookupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_spf_resolver_lookup_finalize;

  /* Emitted as each DNS answer arrives (not for those served from the
   * cache): the moment that query timings are measured from. */
  signals[SIGNAL_ANSWERED] =
    g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MC_TYPE_DNS_ANSWER);
}

static void
mc_spf_resolver_lookup_init (McSpfResolverLookup *self)
{
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cache_entry_free);
  self->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dns_answer_unref);
}

McSpfResolverLookup *
mc_spf_resolver_lookup_new (McResolver *resolver)
{
  McSpfResolverLookup *self;

  g_return_val_if_fail (MC_IS_RESOLVER (resolver), NULL);

  self = g_object_new (MC_TYPE_SPF_RESOLVER_LOOKUP, NULL);
  self->resolver = g_object_ref (resolver);
  return self;
}

/* Every DNS answer the adapter received, in the order they came: the
 * evidence of which queries an evaluation made. */
GPtrArray *
mc_spf_resolver_lookup_get_answers (McSpfResolverLookup *self)
{
  g_return_val_if_fail (MC_IS_SPF_RESOLVER_LOOKUP (self), NULL);

  return self->answers;
}
