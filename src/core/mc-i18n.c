/* mc-i18n.c: locale and translation set-up shared by both executables.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-i18n.h"

/* The folder holding <lang>/LC_MESSAGES/mail-checkup.mo. An uninstalled build
 * (meson devenv, the tests) points MAIL_CHECKUP_LOCALEDIR at its po/ folder. */
const char *
mc_i18n_get_localedir (void)
{
  const char *dir = g_getenv ("MAIL_CHECKUP_LOCALEDIR");

  return (dir != NULL && *dir != '\0') ? dir : LOCALEDIR;
}

/* gettext ignores LANGUAGE while LC_MESSAGES is the C locale. Machines set up
 * without a locale (CI, root shells, containers) are exactly that, so switch
 * to C.UTF-8, which keeps C behaviour but lets LANGUAGE choose a translation. */
static void
ensure_messages_locale (void)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);

  if (messages == NULL || strcmp (messages, "C") == 0 || strcmp (messages, "POSIX") == 0)
    {
      if (setlocale (LC_ALL, "C.UTF-8") == NULL)
        setlocale (LC_ALL, "C.utf8");
    }
}

void
mc_i18n_init (void)
{
  setlocale (LC_ALL, "");
  if (g_getenv ("LANGUAGE") != NULL)
    ensure_messages_locale ();
  bindtextdomain (GETTEXT_PACKAGE, mc_i18n_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* Chooses the language of messages for the rest of the process: "en" or "ja"
 * (a region such as "ja_JP" is accepted too). */
gboolean
mc_i18n_set_language (const char  *lang,
                      GError     **error)
{
  const char *canonical = mc_i18n_canonical_language (lang);

  g_return_val_if_fail (lang != NULL, FALSE);

  if (canonical != NULL)
    g_setenv ("LANGUAGE", canonical, TRUE);
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown language “%s”: use “en” or “ja”"), lang);
      return FALSE;
    }

  ensure_messages_locale ();
  /* Tell gettext that its cached catalogues may no longer apply. */
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

/* ---- Translation into a chosen language ---------------------------------
 *
 * gettext takes its language from the environment, which a threaded process
 * must not change. Reports in the other language read our own catalogue
 * directly: a GNU .mo file, mapped once, searched by binary search (its
 * original strings are sorted). Japanese has one plural form, English is
 * the source language, so nothing more is needed. */

typedef struct
{
  GMappedFile *file;
  const guint8 *data;
  gsize         size;
  guint32       n_strings;
  guint32       originals;
  guint32       translations;
  gboolean      swapped;
} Catalogue;

static _Thread_local const char *pushed_language;

static guint32
read_u32 (const Catalogue *c,
          gsize            offset)
{
  guint32 value;

  memcpy (&value, c->data + offset, sizeof value);
  return c->swapped ? GUINT32_SWAP_LE_BE (value) : value;
}

/* A string of the table at table_offset, index i; NULL when out of bounds. */
static const char *
table_string (const Catalogue *c,
              guint32          table_offset,
              guint32          i,
              guint32         *length)
{
  gsize entry = (gsize) table_offset + (gsize) i * 8;
  guint32 len, off;

  if (entry + 8 > c->size)
    return NULL;
  len = read_u32 (c, entry);
  off = read_u32 (c, entry + 4);
  if ((gsize) off + len >= c->size || c->data[off + len] != '\0')
    return NULL;
  if (length != NULL)
    *length = len;
  return (const char *) c->data + off;
}

static gboolean
catalogue_open (Catalogue  *c,
                const char *lang)
{
  g_autofree char *path = g_build_filename (mc_i18n_get_localedir (), lang, "LC_MESSAGES",
                                            GETTEXT_PACKAGE ".mo", NULL);
  guint32 magic;

  memset (c, 0, sizeof *c);
  c->file = g_mapped_file_new (path, FALSE, NULL);
  if (c->file == NULL)
    return FALSE;
  c->data = (const guint8 *) g_mapped_file_get_contents (c->file);
  c->size = g_mapped_file_get_length (c->file);
  if (c->size < 28)
    goto bad;
  memcpy (&magic, c->data, sizeof magic);
  if (magic == 0x950412deU)
    c->swapped = FALSE;
  else if (GUINT32_SWAP_LE_BE (magic) == 0x950412deU)
    c->swapped = TRUE;
  else
    goto bad;
  c->n_strings = read_u32 (c, 8);
  c->originals = read_u32 (c, 12);
  c->translations = read_u32 (c, 16);
  if ((gsize) c->originals + (gsize) c->n_strings * 8 > c->size ||
      (gsize) c->translations + (gsize) c->n_strings * 8 > c->size)
    goto bad;
  return TRUE;

bad:
  g_clear_pointer (&c->file, g_mapped_file_unref);
  c->data = NULL;
  c->size = 0;
  c->n_strings = 0;
  return FALSE;
}

static const Catalogue *
japanese_catalogue (void)
{
  static Catalogue catalogue;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      catalogue_open (&catalogue, "ja");
      g_once_init_leave (&initialised, 1);
    }
  return &catalogue;
}

/* The translation of key (a msgid, "context\004msgid", or the singular of a
 * plural entry), or NULL. */
static const char *
catalogue_lookup (const Catalogue *c,
                  const char      *key)
{
  guint32 lo = 0, hi = c->n_strings;

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;
      const char *original = table_string (c, c->originals, mid, NULL);
      int cmp;

      if (original == NULL)
        return NULL;
      cmp = strcmp (key, original);
      if (cmp == 0)
        {
          guint32 length = 0;
          const char *translation = table_string (c, c->translations, mid, &length);

          return (translation != NULL && length > 0) ? translation : NULL;
        }
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return NULL;
}

const char *
mc_i18n_canonical_language (const char *lang)
{
  if (lang == NULL)
    return NULL;
  if (g_ascii_strncasecmp (lang, "ja", 2) == 0 &&
      (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-' || lang[2] == '.'))
    return "ja";
  if (g_ascii_strncasecmp (lang, "en", 2) == 0 &&
      (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-' || lang[2] == '.'))
    return "en";
  return NULL;
}

int
mc_i18n_language_index (const char *lang)
{
  const char *canonical = mc_i18n_canonical_language (lang);

  if (canonical == NULL)
    return -1;
  return canonical[0] == 'j' ? 1 : 0;
}

const char *
mc_i18n_get_other_language (const char *lang)
{
  return mc_i18n_language_index (lang) == 1 ? "en" : "ja";
}

/* What gettext gives the process now: our catalogue's header names its
 * language when a translation is in use. */
static const char *
process_language (void)
{
  /* The empty msgid is the catalogue's header (a variable, so that
   * xgettext does not take it for a string to translate). */
  static const char header_msgid[] = "";
  const char *header = dgettext (GETTEXT_PACKAGE, header_msgid);

  if (header != NULL && *header != '\0' && strstr (header, "Language: ja") != NULL)
    return "ja";
  return "en";
}

const char *
mc_i18n_get_language (void)
{
  if (pushed_language != NULL)
    return pushed_language;
  return process_language ();
}

const char *
mc_i18n_push_language (const char *lang)
{
  const char *previous = pushed_language;
  const char *canonical = mc_i18n_canonical_language (lang);

  g_return_val_if_fail (canonical != NULL, previous);
  pushed_language = canonical;
  return previous;
}

void
mc_i18n_pop_language (const char *previous)
{
  pushed_language = previous;
}

const char *
mc_i18n_gettext (const char *msgid)
{
  const char *translation;

  if (msgid == NULL || *msgid == '\0')
    return msgid;
  if (pushed_language == NULL)
    return dgettext (GETTEXT_PACKAGE, msgid);
  if (pushed_language[0] == 'e')
    return msgid;
  translation = catalogue_lookup (japanese_catalogue (), msgid);
  return translation != NULL ? translation : msgid;
}

const char *
mc_i18n_pgettext (const char *context,
                  const char *msgid)
{
  g_autofree char *key = g_strconcat (context, "\004", msgid, NULL);
  const char *translation;

  if (pushed_language != NULL && pushed_language[0] == 'e')
    return msgid;
  if (pushed_language == NULL)
    {
      translation = dgettext (GETTEXT_PACKAGE, key);
      /* gettext hands back its argument when there is no translation. */
      return translation == key ? msgid : translation;
    }
  translation = catalogue_lookup (japanese_catalogue (), key);
  return translation != NULL ? translation : msgid;
}

const char *
mc_i18n_ngettext (const char *singular,
                  const char *plural,
                  gulong      n)
{
  const char *translation;

  if (pushed_language == NULL)
    return dngettext (GETTEXT_PACKAGE, singular, plural, n);
  if (pushed_language[0] == 'e')
    return n == 1 ? singular : plural;
  /* Japanese has a single form: the first. */
  translation = catalogue_lookup (japanese_catalogue (), singular);
  if (translation != NULL)
    return translation;
  return n == 1 ? singular : plural;
}
