/* mc-i18n.c: locale and translation set-up shared by both executables.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

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
  g_return_val_if_fail (lang != NULL, FALSE);

  if (g_ascii_strncasecmp (lang, "ja", 2) == 0 && (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-'))
    g_setenv ("LANGUAGE", "ja", TRUE);
  else if (g_ascii_strncasecmp (lang, "en", 2) == 0 && (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-'))
    g_setenv ("LANGUAGE", "en", TRUE);
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
