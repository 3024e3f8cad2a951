/* mc-port-map.h: MAIL_CHECKUP_PORT_MAP, which moves well-known ports for tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_PORT_MAP_MAX 8

typedef struct
{
  guint16 from[MC_PORT_MAP_MAX];
  guint16 to[MC_PORT_MAP_MAX];
  guint   n_entries;
} McPortMap;

gboolean mc_port_map_parse (McPortMap   *map,
                            const char  *text,
                            GError     **error);
guint16  mc_port_map_apply (const McPortMap *map,
                            guint16          port);

G_END_DECLS
