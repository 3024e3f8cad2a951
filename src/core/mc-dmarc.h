/* mc-dmarc.h: DMARC records (RFC 7489 and RFC 9989) and the DNS tree walk that finds the one that applies.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-tag-list.h"

G_BEGIN_DECLS

typedef enum
{
  MC_DMARC_POLICY_UNSET,
  MC_DMARC_POLICY_NONE,
  MC_DMARC_POLICY_QUARANTINE,
  MC_DMARC_POLICY_REJECT,
} McDmarcPolicy;

typedef struct
{
  char          *record;
  gboolean       is_dmarc;           /* starts with v=DMARC1: receivers take it as DMARC */
  McDmarcPolicy  policy;             /* p=; NONE when only implied (see policy_implied) */
  gboolean       policy_implied;     /* no valid p=, but a valid rua=: read as p=none */
  McDmarcPolicy  subdomain_policy;   /* sp=, or UNSET */
  McDmarcPolicy  nonexistent_policy; /* np= (RFC 9989, RFC 9091), or UNSET */
  char           psd;                /* psd=: 'y', 'n' or 'u' (the default) */
  gboolean       testing;            /* t=y (RFC 9989) */
  char           adkim;              /* 'r' (the default) or 's' */
  char           aspf;               /* 'r' (the default) or 's' */
  GPtrArray     *rua;                /* aggregate report URIs as written (char *) */
  GPtrArray     *ruf;                /* failure report URIs as written (char *) */
  char          *fo;                 /* fo= as written, or NULL */
  int            pct;                /* pct= (RFC 7489 only), or -1 */
  GPtrArray     *legacy_tags;        /* "pct=25", "rf=afrf", "ri=86400": RFC 7489 only */
  GPtrArray     *unknown_tags;       /* "name=value" of tags neither RFC defines */
  GPtrArray     *problems;           /* McRecordProblem, in the order found */
} McDmarcRecord;

gboolean       mc_dmarc_is_record                (const char    *text);
gboolean       mc_dmarc_looks_like_record        (const char    *text);
McDmarcRecord *mc_dmarc_record_parse             (const char    *text);
void           mc_dmarc_record_free              (McDmarcRecord *record);
gboolean       mc_dmarc_record_is_valid          (McDmarcRecord *record);
const char    *mc_dmarc_record_get_error         (McDmarcRecord *record);
McDmarcPolicy  mc_dmarc_record_get_subdomain_policy   (McDmarcRecord *record);
McDmarcPolicy  mc_dmarc_record_get_nonexistent_policy (McDmarcRecord *record);
const char    *mc_dmarc_policy_to_string         (McDmarcPolicy  policy);

/* The names whose _dmarc records the DNS tree walk of RFC 9989 asks for,
 * from the domain itself upwards, at most five. */
GPtrArray     *mc_dmarc_walk_targets             (const char    *domain);

/* What the walk found: which target's record applies to the domain, and
 * the domain's organisational domain. */
typedef struct
{
  int       policy_index;            /* index into the targets, or -1: no record applies */
  gboolean  from_public_suffix;      /* the record that applies is a public suffix's (psd=y) */
  guint     n_used;                  /* targets the walk looked at before it stopped */
  char     *organizational_domain;
} McDmarcDiscovery;

void           mc_dmarc_discover                 (const char           *domain,
                                                  GPtrArray            *targets,
                                                  McDmarcRecord *const *records,
                                                  McDmarcDiscovery     *discovery);
void           mc_dmarc_discovery_clear          (McDmarcDiscovery     *discovery);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDmarcRecord, mc_dmarc_record_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McDmarcDiscovery, mc_dmarc_discovery_clear)

G_END_DECLS
