/* mc-guidance-private.h: the parts of the guidance catalogue kept in their own files (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each table ends with an entry whose id is NULL. mc-guidance.c joins them
 * (its own table first) into the one catalogue that mc_guidance_lookup and
 * mc_guidance_get_all see; an id must be unique across all of them.
 */
#pragma once

#include "mc-guidance.h"

G_BEGIN_DECLS

/* What error messages and bounces mean (mc-explain). */
extern const McGuidance mc_guidance_bounce[];
/* Advice for problems no check can see: the recipient's side, content,
 * the provider's limits, keeping mail safe. */
extern const McGuidance mc_guidance_advice[];
/* The message and its attachments (message.attachment). */
extern const McGuidance mc_guidance_message[];

G_END_DECLS
