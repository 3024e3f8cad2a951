/* mc-explain-window.h: the explainer: paste or open an error message or a returned mail, and read what it means.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-explain.h"

G_BEGIN_DECLS

#define MC_TYPE_EXPLAIN_WINDOW (mc_explain_window_get_type ())

G_DECLARE_FINAL_TYPE (McExplainWindow, mc_explain_window, MC, EXPLAIN_WINDOW, AdwWindow)

GtkWidget     *mc_explain_window_new             (GtkWindow       *parent);
/* The text in the box, as if pasted; the next Explain reads it. */
void           mc_explain_window_set_text        (McExplainWindow *self,
                                                  const char      *text);
/* As the Explain button: explains the text in the box. */
void           mc_explain_window_explain         (McExplainWindow *self);
/* As Open File… or a file dropped on the window: explains that file. */
void           mc_explain_window_open_file       (McExplainWindow *self,
                                                  GFile           *file);
/* As pasting this text (or mail) and choosing Explain: for --explain -. */
void           mc_explain_window_explain_data    (McExplainWindow *self,
                                                  GBytes          *data);
/* As choosing one of the common problems: shows its advice. */
gboolean       mc_explain_window_show_problem    (McExplainWindow *self,
                                                  const char      *guidance);
gboolean       mc_explain_window_get_busy        (McExplainWindow *self);
/* The explanation shown, or NULL (nothing yet, or a common problem). */
McExplanation *mc_explain_window_get_explanation (McExplainWindow *self);
/* The guidance id of the advice shown, or NULL. */
const char    *mc_explain_window_get_guidance    (McExplainWindow *self);
/* What the copy button puts on the clipboard, or NULL with nothing shown. */
char          *mc_explain_window_dup_text        (McExplainWindow *self);

G_END_DECLS
