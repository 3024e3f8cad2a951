/* mc-blocklists.c: the DNS blocklists to ask: data/blocklists.ini (compiled in) or a file of the same format.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-blocklists.h"
#include "mc-core-resources.h"

void
mc_blocklist_free (McBlocklist *list)
{
  g_free (list->id);
  g_free (list->zone);
  g_free (list->name);
  g_free (list->page);
  g_clear_pointer (&list->listed, g_array_unref);
  g_clear_pointer (&list->policy, g_array_unref);
  g_clear_pointer (&list->refused, g_array_unref);
  g_free (list);
}

/* An answer code, "127.0.0.2", as a number to compare with ranges. */
gboolean
mc_blocklist_parse_code (const char *text,
                         guint32    *out)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (stripped);
  const guint8 *b;

  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
    return FALSE;
  b = g_inet_address_to_bytes (address);
  *out = (guint32) b[0] << 24 | (guint32) b[1] << 16 | (guint32) b[2] << 8 | b[3];
  return TRUE;
}

/* "127.0.0.2;127.0.0.4-127.0.0.7" → ranges. A missing key is an empty list. */
static GArray *
parse_codes (GKeyFile    *keys,
             const char  *group,
             const char  *key,
             GError     **error)
{
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (McCodeRange));
  g_auto(GStrv) items = g_key_file_get_string_list (keys, group, key, NULL, NULL);

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_auto(GStrv) ends = NULL;
      McCodeRange range;

      if (*g_strstrip (items[i]) == '\0')
        continue;
      ends = g_strsplit (items[i], "-", 2);
      if (!mc_blocklist_parse_code (ends[0], &range.first) ||
          !mc_blocklist_parse_code (ends[1] != NULL ? ends[1] : ends[0], &range.last) ||
          range.last < range.first)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[%s] %s: “%s” is not an IPv4 address or a range FIRST-LAST",
                       group, key, items[i]);
          return NULL;
        }
      g_array_append_val (ranges, range);
    }
  return g_steal_pointer (&ranges);
}

/* The lists of the file at path, or of the built-in data/blocklists.ini
 * when path is NULL. An empty file is no error: it asks no list. */
GPtrArray *
mc_blocklists_load (const char  *path,
                    GError     **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_blocklist_free);
  g_auto(GStrv) groups = NULL;

  if (path != NULL)
    {
      if (!g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, error))
        return NULL;
    }
  else
    {
      g_autoptr(GBytes) bytes = NULL;

      bytes = g_resource_lookup_data (mc_core_get_resource (), MC_BLOCKLISTS_RESOURCE,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, error);

      if (bytes == NULL || !g_key_file_load_from_bytes (keys, bytes, G_KEY_FILE_NONE, error))
        return NULL;
    }

  groups = g_key_file_get_groups (keys, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      McBlocklist *list = g_new0 (McBlocklist, 1);

      g_ptr_array_add (lists, list);
      list->id = g_strdup (groups[i]);
      list->zone = g_key_file_get_string (keys, groups[i], "Zone", error);
      if (list->zone == NULL)
        return NULL;
      g_strstrip (list->zone);
      if (g_str_has_suffix (list->zone, "."))
        list->zone[strlen (list->zone) - 1] = '\0';
      list->name = g_key_file_get_string (keys, groups[i], "Name", NULL);
      if (list->name == NULL)
        list->name = g_strdup (list->zone);
      list->page = g_key_file_get_string (keys, groups[i], "Page", NULL);
      list->ipv6 = g_key_file_get_boolean (keys, groups[i], "IPv6", NULL);
      if ((list->listed = parse_codes (keys, groups[i], "Listed", error)) == NULL ||
          (list->policy = parse_codes (keys, groups[i], "Policy", error)) == NULL ||
          (list->refused = parse_codes (keys, groups[i], "Refused", error)) == NULL)
        return NULL;
      if (list->listed->len == 0)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                       "[%s] has no Listed answers", groups[i]);
          return NULL;
        }
    }
  return g_steal_pointer (&lists);
}

gboolean
mc_blocklist_codes_contain (GArray  *ranges,
                            guint32  code)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      McCodeRange *range = &g_array_index (ranges, McCodeRange, i);

      if (code >= range->first && code <= range->last)
        return TRUE;
    }
  return FALSE;
}
