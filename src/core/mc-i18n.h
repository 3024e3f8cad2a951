/* mc-i18n.h: locale and translation set-up shared by both executables, and
 * translation into a chosen language for reports.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Core code includes this header instead of <glib/gi18n.h>: its _(), C_()
 * and g_dngettext() honour a language pushed with mc_i18n_push_language(),
 * so that a report can be written in English while the window is in
 * Japanese, and a finding's summary can be made in both languages.
 */
#pragma once

#include <glib.h>
#include <glib/gi18n.h>

G_BEGIN_DECLS

/* The languages a report can be made in. */
#define MC_I18N_N_LANGUAGES 2

void        mc_i18n_init          (void);
gboolean    mc_i18n_set_language  (const char  *lang,
                                   GError     **error);
const char *mc_i18n_get_localedir (void);

/* "en" or "ja": the pushed language of this thread, else the process's. */
const char *mc_i18n_get_language        (void);
/* "ja" for "en" and the other way round. */
const char *mc_i18n_get_other_language  (const char  *lang);
/* 0 for "en", 1 for "ja"; -1 for anything else. */
int         mc_i18n_language_index      (const char  *lang);
/* Normalises "ja_JP.UTF-8", "JA", "en-GB" …; NULL for an unknown language. */
const char *mc_i18n_canonical_language  (const char  *lang);

/* Until the matching pop, _() on this thread translates into lang ("en" or
 * "ja"), whatever the process locale. Returns what to pass to the pop. */
const char *mc_i18n_push_language       (const char  *lang);
void        mc_i18n_pop_language        (const char  *previous);

const char *mc_i18n_gettext             (const char  *msgid) G_GNUC_FORMAT (1);
const char *mc_i18n_pgettext            (const char  *context,
                                         const char  *msgid) G_GNUC_FORMAT (2);
const char *mc_i18n_ngettext            (const char  *singular,
                                         const char  *plural,
                                         gulong       n) G_GNUC_FORMAT (1) G_GNUC_FORMAT (2);

#undef _
#define _(String) mc_i18n_gettext (String)
#undef C_
#define C_(Context, String) mc_i18n_pgettext (Context, String)
#undef g_dngettext
#define g_dngettext(Domain, Singular, Plural, N) mc_i18n_ngettext (Singular, Plural, N)

G_END_DECLS
