/* mc-explain-rules.h: the texts and codes the explainer recognises, and what each one means (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-explain.h"
#include "mc-status-codes.h"

G_BEGIN_DECLS

/* How much a recognised thing says, weakest first. A provider's own policy
 * code ("S3150", "TSS04", Gmail's 5.7.26) says more than a generic
 * enhanced status code, which says more than the three-digit reply code.
 * Words that name the cause ("Relay access denied") rank between the
 * provider codes and the enhanced codes. A delay warning outranks all: it
 * tells the person to wait, whatever the reason for the delay. */
typedef enum
{
  MC_RULE_TIER_BASIC = 1,
  MC_RULE_TIER_ENHANCED,
  MC_RULE_TIER_TEXT,
  MC_RULE_TIER_PROVIDER,
  MC_RULE_TIER_DELAY,
} McRuleTier;

typedef enum
{
  MC_RULE_FLAG_NONE          = 0,
  /* The address in the server's words is the sender's, not a recipient's. */
  MC_RULE_FLAG_SENDER        = 1 << 0,
  /* Applies only when the recipient is at a Japanese mobile carrier. */
  MC_RULE_FLAG_CARRIER       = 1 << 1,
  /* Applies only with a permanent (5xx) code, or none. */
  MC_RULE_FLAG_PERMANENT     = 1 << 2,
  /* Applies only with a temporary (4xx) code, or none. */
  MC_RULE_FLAG_TEMPORARY     = 1 << 3,
  /* The server gave up after trying for days: a final failure. */
  MC_RULE_FLAG_GAVE_UP       = 1 << 4,
} McRuleFlags;

typedef struct
{
  const char *pattern;    /* a Perl-compatible regular expression, matched without regard to case */
  const char *guidance;
  McRuleTier  tier;
  guint       flags;      /* McRuleFlags */
} McExplainRule;

/* The recognised texts, most specific first within a tier. */
const McExplainRule *mc_explain_rules_get_all           (guint                *n_rules);
/* The rule's pattern, compiled once (case-insensitive, UTF-8). */
GRegex              *mc_explain_rule_get_regex          (guint                 index);

/* The guidance for an enhanced status code, from the registry's meaning:
 * the exact code first, then its class and subject. NULL when the code
 * tells nothing useful (such as 5.0.0). */
const char          *mc_explain_guidance_for_enhanced   (const McEnhancedCode *code);
/* The guidance for a basic reply code, or NULL. */
const char          *mc_explain_guidance_for_reply_code (guint                 code);

/* The class an explanation has when it leads to guidance, given the class
 * digit of its code (0 when there is none) and the rule flags. */
McBounceClass        mc_explain_guidance_class          (const char           *guidance,
                                                         guint                 code_class,
                                                         guint                 flags);

/* One translated sentence for guidance and class; recipient may be NULL. */
char                *mc_explain_summary_for             (const char           *guidance,
                                                         McBounceClass         klass,
                                                         const char           *recipient);

/* Whether domain (or an address's domain) belongs to a Japanese mobile
 * carrier, whose users filter their mail. */
gboolean             mc_explain_is_carrier_domain       (const char           *domain);

G_END_DECLS
