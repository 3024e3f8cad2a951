/* mc-dns-channel.c: one c-ares channel driven by one GMainContext (private to McResolver).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-dns-channel.h"
#include "mc-resolver-private.h"

#include <ares.h>
#include <arpa/inet.h>
#include <glib-unix.h>
#include "mc-i18n.h"
#include <netdb.h>

#define DNS_CLASS_IN 1

/* c-ares calls on the channel happen only while its context is acquired:
 * in its sources, or around a call from the thread that can acquire it, so
 * that two threads never use the channel at once. Its sources hold
 * references on it; the owner (the resolver) is reached through a weak
 * reference, so that a source dispatched while another thread drops the
 * last reference to the owner finds it gone, not freed. */
struct _McDnsChannel
{
  GWeakRef              owner;
  GMainContext         *context;     /* NULL: the channel only reads the configuration */
  ares_channel          channel;     /* NULL once shut down */
  GHashTable           *fd_sources;  /* fd → GSource */
  GSource              *timer;
  GHashTable           *ids;         /* ids of the queries in flight */
  McDnsChannelIdleFunc  on_retired_idle;
  guint                 generation;
  guint                 depth;       /* c-ares calls in progress on the stack */
  gint                  retired;     /* atomic */
};

/* One query handed to c-ares. c-ares owns it until its callback runs, which
 * happens at the latest when the channel is destroyed (ARES_EDESTRUCTION). */
typedef struct
{
  McDnsChannel *ch;          /* not owned: c-ares calls back before the channel goes */
  GTask        *task;        /* NULL once the caller got CANCELLED */
  GSource      *cancel_source;
  char         *name;
  McDnsType     type;
  guint16       id;
  gint64        start_us;
} McQuery;

static McDnsChannel *
channel_ref (McDnsChannel *ch)
{
  return g_atomic_rc_box_acquire (ch);
}

static void
channel_clear (gpointer data)
{
  McDnsChannel *ch = data;

  g_weak_ref_clear (&ch->owner);
  g_hash_table_unref (ch->fd_sources);
  g_hash_table_unref (ch->ids);
  g_clear_pointer (&ch->timer, g_source_unref);
  g_clear_pointer (&ch->context, g_main_context_unref);
}

static void
channel_unref (gpointer ch)
{
  g_atomic_rc_box_release_full (ch, channel_clear);
}

static void
source_destroy_unref (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

/* Destroys the c-ares channel (its pending queries get ARES_EDESTRUCTION,
 * its socket callbacks destroy the fd sources) and drops the creator's
 * reference. */
void
mc_dns_channel_shutdown (McDnsChannel *ch)
{
  /* Inside a c-ares call, ares_destroy () would free what that call is
   * using; the reference on the owner held around those calls prevents it. */
  g_assert (ch->depth == 0);

  if (ch->channel != NULL)
    {
      ares_channel channel = g_steal_pointer (&ch->channel);

      ares_destroy (channel);
    }
  if (ch->timer != NULL)
    g_source_destroy (ch->timer);
  g_hash_table_remove_all (ch->fd_sources);
  channel_unref (ch);
}

GMainContext *
mc_dns_channel_get_context (McDnsChannel *ch)
{
  return ch->context;
}

guint
mc_dns_channel_get_generation (McDnsChannel *ch)
{
  return ch->generation;
}

/* Re-arms the single timer from what c-ares waits for next. ares_timeout ()
 * truncates to whole milliseconds: rounding down would wake us just before
 * the deadline, over and over, so round up and add one. */
static void
channel_rearm (McDnsChannel *ch)
{
  struct timeval tv;

  if (ch->timer == NULL)
    return;
  if (ch->channel == NULL || ares_timeout (ch->channel, NULL, &tv) == NULL)
    {
      g_source_set_ready_time (ch->timer, -1);
      return;
    }
  g_source_set_ready_time (ch->timer,
                           g_get_monotonic_time ()
                           + ((gint64) tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000 + 1) * 1000);
}

/* Runs after every c-ares call on the channel, once it has returned. A
 * retired channel is handed back to its owner here and never inside a
 * c-ares call: a completion callback may change the settings and start a
 * query, which retires this very channel. */
static void
channel_after_call (GObject      *owner,
                    McDnsChannel *ch)
{
  channel_rearm (ch);
  if (g_atomic_int_get (&ch->retired) && ch->depth == 0 && g_hash_table_size (ch->ids) == 0)
    ch->on_retired_idle (owner, ch);
}

/* The settings changed: the channel serves no new query, and goes back to
 * its owner once the ones in flight (usually cancelled) have ended, at the
 * latest when the owner goes. */
void
mc_dns_channel_retire (GObject      *owner,
                       McDnsChannel *ch)
{
  /* The channel may go in channel_after_call (): keep what outlives it. */
  g_autoptr(GMainContext) context = g_main_context_ref (ch->context);

  g_atomic_int_set (&ch->retired, TRUE);
  if (g_main_context_acquire (context))
    {
      channel_after_call (owner, ch);
      g_main_context_release (context);
    }
}

/* Fd and timer sources both land here. The reference on the owner is what
 * keeps it alive if a completion callback drops the caller's last
 * reference: otherwise ares_destroy () would run inside ares_process_fd (). */
static gboolean
channel_dispatch (McDnsChannel  *ch,
                  ares_socket_t  read_fd,
                  ares_socket_t  write_fd)
{
  g_autoptr(GObject) owner = g_weak_ref_get (&ch->owner);

  if (owner == NULL || ch->channel == NULL)
    return G_SOURCE_REMOVE;

  ch->depth++;
  ares_process_fd (ch->channel, read_fd, write_fd);
  ch->depth--;
  channel_after_call (owner, ch);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_channel_fd (int          fd,
               GIOCondition condition,
               gpointer     data)
{
  return channel_dispatch (data,
                           condition & (G_IO_IN | G_IO_HUP | G_IO_ERR) ? fd : ARES_SOCKET_BAD,
                           condition & G_IO_OUT ? fd : ARES_SOCKET_BAD);
}

static gboolean
on_channel_timer (gpointer data)
{
  return channel_dispatch (data, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
}

static gboolean
timer_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     data)
{
  return callback (data);
}

static GSourceFuncs timer_source_funcs = {
  .dispatch = timer_source_dispatch,
};

/* c-ares calls this (inside ares_process_fd (), ares_send () and
 * ares_destroy ()) whenever it opens, closes or changes interest in a
 * socket; destroying the source being dispatched is safe. */
static void
on_sock_state (void          *data,
               ares_socket_t  fd,
               int            readable,
               int            writable)
{
  McDnsChannel *ch = data;
  GSource *source;

  g_hash_table_remove (ch->fd_sources, GINT_TO_POINTER (fd));
  if (!readable && !writable)
    return;

  source = g_unix_fd_source_new (fd, (readable ? G_IO_IN : 0) | (writable ? G_IO_OUT : 0));
  g_source_set_callback (source, G_SOURCE_FUNC (on_channel_fd), channel_ref (ch), channel_unref);
  g_source_set_static_name (source, "[mc-dns-channel] socket");
  g_source_attach (source, ch->context);
  g_hash_table_insert (ch->fd_sources, GINT_TO_POINTER (fd), source);
}

McDnsChannel *
mc_dns_channel_new (GObject                   *owner,
                    GMainContext              *context,
                    const McDnsChannelConfig  *config,
                    GError                   **error)
{
  static gsize initialized = 0;
  McDnsChannel *ch = g_atomic_rc_box_new0 (McDnsChannel);
  struct ares_options options = { 0 };
  int mask = ARES_OPT_FLAGS | ARES_OPT_DOMAINS | ARES_OPT_LOOKUPS | ARES_OPT_TIMEOUTMS
             | ARES_OPT_TRIES;
  int ret;

  if (g_once_init_enter (&initialized))
    g_once_init_leave (&initialized, ares_library_init (ARES_LIB_INIT_ALL) == ARES_SUCCESS);

  g_weak_ref_init (&ch->owner, owner);
  ch->fd_sources = g_hash_table_new_full (NULL, NULL, NULL, source_destroy_unref);
  ch->ids = g_hash_table_new (NULL, NULL);
  ch->generation = config->generation;
  ch->on_retired_idle = config->on_retired_idle;

  /* NOCHECKRESP: SERVFAIL and REFUSED come back as such instead of counting
   * as a dead server. No search domains from resolv.conf: we ask for the
   * exact name. Lookups "b": the hosts file is read separately, and only
   * for host names. */
  options.flags = ARES_FLAG_NOCHECKRESP;
  options.ndomains = 0;
  options.domains = NULL;
  options.lookups = (char *) "b";
  options.timeout = (int) config->timeout_ms;
  options.tries = (int) config->tries;
  if (context != NULL)
    {
      ch->context = g_main_context_ref (context);
      mask |= ARES_OPT_SOCK_STATE_CB;
      options.sock_state_cb = on_sock_state;
      options.sock_state_cb_data = ch;
    }

  ret = ares_init_options (&ch->channel, &options, mask);
  if (ret == ARES_SUCCESS && config->servers_csv != NULL)
    ret = ares_set_servers_ports_csv (ch->channel, config->servers_csv);
  if (ret != ARES_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not set up the DNS resolver: %s"), ares_strerror (ret));
      mc_dns_channel_shutdown (ch);
      return NULL;
    }

  /* Only an attached timer may hold a reference on the channel: the
   * reference goes when the timer is destroyed. */
  if (context != NULL)
    {
      ch->timer = g_source_new (&timer_source_funcs, sizeof (GSource));
      g_source_set_callback (ch->timer, on_channel_timer, channel_ref (ch), channel_unref);
      g_source_set_static_name (ch->timer, "[mc-dns-channel] timeout");
      g_source_set_ready_time (ch->timer, -1);
      g_source_attach (ch->timer, context);
    }
  return ch;
}

static void
query_free (McQuery *q)
{
  g_clear_pointer (&q->cancel_source, source_destroy_unref);
  g_clear_object (&q->task);
  g_free (q->name);
  g_free (q);
}

/* Runs in the caller's context as soon as the cancellable fires. c-ares
 * cannot cancel one query, so this one runs on unattended until it ends,
 * and its callback then only frees it. */
static gboolean
on_query_cancelled (GCancellable *cancellable,
                    gpointer      data)
{
  McQuery *q = data;
  g_autoptr(GTask) task = g_steal_pointer (&q->task);

  g_clear_pointer (&q->cancel_source, source_destroy_unref);
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

static void
on_query_done (void          *arg,
               int            status,
               int            timeouts,
               unsigned char *abuf,
               int            alen)
{
  McQuery *q = arg;
  g_autoptr(GTask) task = g_steal_pointer (&q->task);
  g_autoptr(McDnsAnswer) answer = NULL;
  GError *error = NULL;

  g_hash_table_remove (q->ch->ids, GUINT_TO_POINTER (q->id));

  /* Only a channel shut down under a live task could hand us
   * ARES_EDESTRUCTION, and a live task keeps the owner alive. */
  if (task != NULL && status != ARES_EDESTRUCTION)
    answer = mc_dns_answer_new_from_reply (q->name, q->type, status, abuf, alen,
                                           g_get_monotonic_time () - q->start_us, &error);
  query_free (q);

  /* Last, as the callback may start other queries on this channel. */
  if (answer != NULL)
    g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) mc_dns_answer_unref);
  else if (task != NULL && error != NULL)
    g_task_return_error (task, error);
  else if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                             _("The DNS resolver was shut down"));
}

/* A random query id not used by another query in flight on the channel. */
static guint16
channel_new_id (McDnsChannel *ch)
{
  guint16 id;

  do
    id = (guint16) g_random_int_range (0, 0x10000);
  while (g_hash_table_contains (ch->ids, GUINT_TO_POINTER (id)));
  return id;
}

/* Sends one query; @task (taken) gets an McDnsAnswer or an error. */
void
mc_dns_channel_query (McDnsChannel *ch,
                      GObject      *owner,
                      GTask        *task,
                      const char   *name,
                      McDnsType     type,
                      GCancellable *cancellable)
{
  g_autoptr(GMainContext) context = g_main_context_ref (ch->context);
  McQuery *q;
  unsigned char *qbuf = NULL;
  int qlen = 0;

  g_assert (!g_atomic_int_get (&ch->retired));

  /* The caller's thread-default context is run by another thread (an
   * asynchronous call from a worker thread that pushed no context of its
   * own): the channel is that thread's to use. */
  if (!g_main_context_acquire (context))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Could not look up “%s”: DNS queries must be started from "
                                 "the thread that runs their main context"), name);
      g_object_unref (task);
      return;
    }

  q = g_new0 (McQuery, 1);
  q->ch = ch;
  q->task = task;
  q->name = g_strdup (name);
  q->type = type;
  q->id = channel_new_id (ch);
  q->start_us = g_get_monotonic_time ();

  if (ares_create_query (name, DNS_CLASS_IN, type, q->id, 1, &qbuf, &qlen, 0) != ARES_SUCCESS)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a valid DNS name"), name);
      query_free (q);
      g_main_context_release (context);
      return;
    }

  /* ares_query () would send the same query without the AD bit, and
   * validating resolvers report AD only to a query that sets it (RFC 6840,
   * section 5.7): so build the query here. */
  qbuf[3] |= 0x20;

  if (cancellable != NULL)
    {
      q->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (q->cancel_source, G_SOURCE_FUNC (on_query_cancelled), q, NULL);
      g_source_set_static_name (q->cancel_source, "[mc-dns-channel] cancel");
      g_source_attach (q->cancel_source, ch->context);
    }

  g_hash_table_add (ch->ids, GUINT_TO_POINTER (q->id));
  ch->depth++;
  ares_send (ch->channel, qbuf, qlen, on_query_done, q);
  ch->depth--;
  ares_free_string (qbuf);
  channel_after_call (owner, ch);
  g_main_context_release (context);
}

/* Appends the addresses that the hosts file gives the name. c-ares only
 * checks that the channel exists: any thread may call this. */
void
mc_dns_channel_read_hosts_file (McDnsChannel *ch,
                                const char   *name,
                                GSocketFamily family,
                                GPtrArray    *addresses)
{
  struct hostent *host = NULL;

  /* GSocketFamily uses the AF_ values. */
  if (ares_gethostbyname_file (ch->channel, name, (int) family, &host) != ARES_SUCCESS)
    return;
  for (char **addr = host->h_addr_list; addr != NULL && *addr != NULL; addr++)
    g_ptr_array_add (addresses, g_inet_address_new_from_bytes ((const guint8 *) *addr, family));
  ares_free_hostent (host);
}

/* The servers as "127.0.0.1:5353" or "[::1]:5353", without the port when
 * it is 53. */
char **
mc_dns_channel_dup_servers (McDnsChannel *ch)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  struct ares_addr_port_node *servers = NULL;

  if (ares_get_servers_ports (ch->channel, &servers) != ARES_SUCCESS)
    return g_strv_builder_end (builder);

  for (struct ares_addr_port_node *s = servers; s != NULL; s = s->next)
    {
      GSocketFamily family = s->family == AF_INET6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4;
      g_autoptr(GInetAddress) address = g_inet_address_new_from_bytes ((const guint8 *) &s->addr,
                                                                       family);
      g_autofree char *host = g_inet_address_to_string (address);
      g_autofree char *entry = NULL;
      guint port = s->udp_port != 0 ? (guint) s->udp_port : 53;

      if (port == 53)
        entry = g_strdup (host);
      else if (family == G_SOCKET_FAMILY_IPV6)
        entry = g_strdup_printf ("[%s]:%u", host, port);
      else
        entry = g_strdup_printf ("%s:%u", host, port);
      g_strv_builder_add (builder, entry);
    }
  ares_free_data (servers);
  return g_strv_builder_end (builder);
}

/**
 * mc_parse_server_address:
 * @text: `IP`, `IP:PORT`, `[IPv6]:PORT` or a bare IPv6 address
 * @host_out: (out) (optional): the address in canonical form
 * @port_out: (out) (optional): the port, 53 when none is given
 *
 * Checks one DNS server entry, as given on the command line or in the
 * settings. Host names are refused: a DNS server is given by its address.
 */
gboolean
mc_parse_server_address (const char  *text,
                         char       **host_out,
                         guint16     *port_out,
                         GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GInetAddress) address = NULL;
  const char *host = copy;
  const char *port_text = NULL;
  char *colon = strchr (copy, ':');
  guint64 port = 53;

  if (copy[0] == '[')
    {
      char *close = strchr (copy, ']');

      if (close != NULL && (close[1] == '\0' || close[1] == ':'))
        {
          port_text = close[1] == ':' ? close + 2 : NULL;
          *close = '\0';
          host = copy + 1;
        }
    }
  else if (colon != NULL && strchr (colon + 1, ':') == NULL)
    {
      /* One colon: an IPv4 address and a port (a bare IPv6 address has more). */
      *colon = '\0';
      port_text = colon + 1;
    }

  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      gboolean has_letter = FALSE;
      gboolean name_chars = host[0] != '\0';

      for (const char *c = host; *c != '\0'; c++)
        {
          has_letter |= g_ascii_isalpha (*c);
          name_chars &= g_ascii_isalnum (*c) || *c == '-' || *c == '.';
        }
      if (has_letter && name_chars)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("“%s” is a host name: use an IP address"), text);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not an IP address"), text);
      return FALSE;
    }

  if (port_text != NULL && !g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s”: port must be 1–65535"), text);
      return FALSE;
    }

  if (host_out != NULL)
    *host_out = g_inet_address_to_string (address);
  if (port_out != NULL)
    *port_out = (guint16) port;
  return TRUE;
}

/* Checks the entries and joins them as ares_set_servers_ports_csv () takes
 * them; *csv_out is NULL for an empty list. */
gboolean
mc_dns_servers_to_csv (const char * const  *servers,
                       char               **csv_out,
                       GError             **error)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  for (guint i = 0; servers != NULL && servers[i] != NULL; i++)
    {
      g_autofree char *host = NULL;
      guint16 port;

      if (!mc_parse_server_address (servers[i], &host, &port, error))
        return FALSE;
      if (csv->len > 0)
        g_string_append_c (csv, ',');
      if (strchr (host, ':') != NULL)
        g_string_append_printf (csv, "[%s]:%u", host, port);
      else
        g_string_append_printf (csv, "%s:%u", host, port);
    }

  *csv_out = csv->len > 0 ? g_string_free (g_steal_pointer (&csv), FALSE) : NULL;
  return TRUE;
}
