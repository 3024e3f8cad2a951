/* mc-port-map.c: MAIL_CHECKUP_PORT_MAP, which moves well-known ports for tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-port-map.h"

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &value, NULL))
    return FALSE;
  *port = (guint16) value;
  return TRUE;
}

/* Parses "25=2525,465=2465,587=2587". NULL or empty text is an empty map. */
gboolean
mc_port_map_parse (McPortMap   *map,
                   const char  *text,
                   GError     **error)
{
  g_auto(GStrv) entries = NULL;

  g_return_val_if_fail (map != NULL, FALSE);

  memset (map, 0, sizeof *map);
  if (text == NULL || *text == '\0')
    return TRUE;

  entries = g_strsplit (text, ",", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (g_strstrip (entries[i]), "=", 2);
      guint16 from, to;

      if (g_strv_length (pair) != 2 || !parse_port (pair[0], &from) || !parse_port (pair[1], &to))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("MAIL_CHECKUP_PORT_MAP: “%s” is not of the form PORT=PORT"), entries[i]);
          return FALSE;
        }
      if (map->n_entries == MC_PORT_MAP_MAX)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("MAIL_CHECKUP_PORT_MAP: at most %d ports can be moved"), MC_PORT_MAP_MAX);
          return FALSE;
        }
      map->from[map->n_entries] = from;
      map->to[map->n_entries] = to;
      map->n_entries++;
    }
  return TRUE;
}

/* The port to connect to for a well-known port. */
guint16
mc_port_map_apply (const McPortMap *map,
                   guint16          port)
{
  g_return_val_if_fail (map != NULL, port);

  for (guint i = 0; i < map->n_entries; i++)
    {
      if (map->from[i] == port)
        return map->to[i];
    }
  return port;
}
