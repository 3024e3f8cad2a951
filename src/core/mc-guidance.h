/* mc-guidance.h: what a finding means and what to do about it, for people who are not engineers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Who can fix it when the steps do not help. */
typedef enum
{
  MC_CONTACT_NONE,
  MC_CONTACT_PROVIDER,        /* the mail provider (its support or status page) */
  MC_CONTACT_NETWORK_ADMIN,   /* whoever runs this network: the office IT, the ISP */
  MC_CONTACT_RECIPIENT,       /* the person the mail is for */
  MC_CONTACT_DOMAIN_ADMIN,    /* whoever manages the DNS of the sender's domain */
} McContact;

#define MC_GUIDANCE_MAX_CAUSES 4
#define MC_GUIDANCE_MAX_STEPS  6
#define MC_GUIDANCE_MAX_RELATED 3

/* English source strings, marked with N_(): translate with _() on use. */
typedef struct
{
  const char *id;
  const char *title;                          /* a short heading */
  const char *meaning;                        /* what it means, one or two sentences */
  const char *causes[MC_GUIDANCE_MAX_CAUSES]; /* likely causes, most likely first */
  const char *steps[MC_GUIDANCE_MAX_STEPS];   /* what to do, in order; the first most likely to work */
  McContact   contact;
  const char *link;                           /* a standard or help page, or NULL */
  /* Other entries worth reading next ("See also"), by id: how advice that
   * no check can give (the recipient's spam folder, say) is reached from
   * the findings and error messages it belongs with. */
  const char *related[MC_GUIDANCE_MAX_RELATED];
} McGuidance;

const McGuidance *mc_guidance_lookup        (const char  *id);
const McGuidance *mc_guidance_get_all       (guint       *n_entries);
const char       *mc_contact_get_label      (McContact    contact);
char             *mc_guidance_to_text       (const McGuidance *guidance);

G_END_DECLS
