/* mc-dns-channel.h: one c-ares channel driven by one GMainContext (private to McResolver).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-resolver.h"

G_BEGIN_DECLS

typedef struct _McDnsChannel McDnsChannel;

/* Called, from the channel's context and outside any c-ares call, when a
 * retired channel has no query left: the owner then shuts it down. */
typedef void (*McDnsChannelIdleFunc) (GObject      *owner,
                                      McDnsChannel *channel);

typedef struct
{
  const char          *servers_csv;  /* NULL: the system's servers */
  guint                timeout_ms;
  guint                tries;
  guint                generation;   /* the owner's tag for these settings */
  McDnsChannelIdleFunc on_retired_idle;
} McDnsChannelConfig;

McDnsChannel *mc_dns_channel_new             (GObject                  *owner,
                                              GMainContext             *context,
                                              const McDnsChannelConfig *config,
                                              GError                  **error);
void          mc_dns_channel_shutdown        (McDnsChannel             *channel);
GMainContext *mc_dns_channel_get_context     (McDnsChannel             *channel);
guint         mc_dns_channel_get_generation  (McDnsChannel             *channel);
void          mc_dns_channel_retire          (GObject                  *owner,
                                              McDnsChannel             *channel);
void          mc_dns_channel_query           (McDnsChannel             *channel,
                                              GObject                  *owner,
                                              GTask                    *task,
                                              const char               *name,
                                              McDnsType                 type,
                                              GCancellable             *cancellable);
void          mc_dns_channel_read_hosts_file (McDnsChannel             *channel,
                                              const char               *name,
                                              GSocketFamily             family,
                                              GPtrArray                *addresses);
char        **mc_dns_channel_dup_servers     (McDnsChannel             *channel);
gboolean      mc_dns_servers_to_csv          (const char * const       *servers,
                                              char                    **csv_out,
                                              GError                  **error);

G_END_DECLS
