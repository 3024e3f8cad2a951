/* mc-explain.h: what an error message or a returned mail (bounce) means, and what to do.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is whatever the person has: text pasted from an error dialog,
 * a line from a log, or a whole returned message (a saved .eml, with a
 * message/delivery-status part per RFC 3464 or not), in any of the
 * charsets Japanese mail uses. Whole messages are parsed with GMime 3.
 * The result names the SMTP reply code (RFC 5321) and the enhanced status
 * code (RFC 3463/5248, with its registry meaning), the failed recipient
 * and the server that refused when they are there, a class, and the
 * guidance id of the catalogue entry that tells what to do.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  MC_BOUNCE_CLASS_UNKNOWN,
  MC_BOUNCE_CLASS_PERMANENT,            /* 5xx: it will not go as it is */
  MC_BOUNCE_CLASS_TEMPORARY,            /* 4xx: the server will try again, or you can */
  MC_BOUNCE_CLASS_DEFERRED,             /* a warning: not delivered yet, still being tried */
  MC_BOUNCE_CLASS_POLICY,               /* refused by a rule: spam filter, authentication, carrier filter */
  MC_BOUNCE_CLASS_LOCAL_CONFIGURATION,  /* the sender's (or a server's) own settings are wrong */
} McBounceClass;

/* "permanent", "temporary", "deferred", "policy", "local-configuration",
 * "unknown", as in the JSON (DESIGN.md, mail-checkup-explain/1). */
const char *mc_bounce_class_to_string (McBounceClass klass);
const char *mc_bounce_class_get_label (McBounceClass klass);   /* translated */

#define MC_TYPE_EXPLANATION (mc_explanation_get_type ())

G_DECLARE_FINAL_TYPE (McExplanation, mc_explanation, MC, EXPLANATION, GObject)

/* Never fails: text in which nothing is recognised gives class UNKNOWN and
 * the guidance "explain-unknown". data need not be NUL-terminated nor
 * UTF-8; at most MC_EXPLAIN_MAX_INPUT bytes are looked at. */
#define MC_EXPLAIN_MAX_INPUT (16 * 1024 * 1024)

McExplanation *mc_explain                 (const char          *data,
                                           gsize                length);
/* The same in a worker thread, for big files in the window. */
void           mc_explain_async           (GBytes              *data,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
McExplanation *mc_explain_finish          (GAsyncResult        *result,
                                           GError             **error);

const char    *mc_explanation_get_basic_code    (McExplanation *self);  /* "550", or NULL */
const char    *mc_explanation_get_enhanced_code (McExplanation *self);  /* "5.1.1", or NULL */
/* The registry's meaning of the enhanced code, translated, or NULL. */
const char    *mc_explanation_get_code_meaning  (McExplanation *self);
McBounceClass  mc_explanation_get_class         (McExplanation *self);
const char    *mc_explanation_get_recipient     (McExplanation *self);  /* or NULL */
const char    *mc_explanation_get_remote_server (McExplanation *self);  /* or NULL */
/* The server's own words that the explanation rests on (one line, as found). */
const char    *mc_explanation_get_diagnostic    (McExplanation *self);
const char    *mc_explanation_get_guidance      (McExplanation *self);  /* never NULL */
/* One translated sentence: what happened, in the current language. */
const char    *mc_explanation_get_summary       (McExplanation *self);

/* schema mail-checkup-explain/1, as DESIGN.md shows it. */
JsonNode      *mc_explanation_to_json_node      (McExplanation *self);
char          *mc_explanation_to_json           (McExplanation *self);
/* Summary, codes, recipient, server, then the guidance text. */
char          *mc_explanation_to_text           (McExplanation *self);

/* Problems people describe rather than paste ("it went to spam", "the
 * recipient says nothing arrived"): a title (N_(), translate on use) and
 * the guidance that answers it, for the window's list of common problems. */
typedef struct
{
  const char *title;
  const char *guidance;
} McExplainTopic;

const McExplainTopic *mc_explain_get_topics (guint *n_topics);

G_END_DECLS
