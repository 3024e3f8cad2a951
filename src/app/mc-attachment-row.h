/* mc-attachment-row.h: one file chosen for the attachment check: its name, its size and a remove button.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_ATTACHMENT_ROW (mc_attachment_row_get_type ())

G_DECLARE_FINAL_TYPE (McAttachmentRow, mc_attachment_row, MC, ATTACHMENT_ROW, AdwActionRow)

GtkWidget *mc_attachment_row_new       (GFile           *file);
GFile     *mc_attachment_row_get_file  (McAttachmentRow *self);
/* The size as the row shows it, once known; 0 before. */
guint64    mc_attachment_row_get_size  (McAttachmentRow *self);
/* Whether the file's size has been read (or failed to be). */
gboolean   mc_attachment_row_get_ready (McAttachmentRow *self);

G_END_DECLS
