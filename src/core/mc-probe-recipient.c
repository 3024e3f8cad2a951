/* mc-probe-recipient.c: recipient.domain: the recipient's domain exists and receives mail; typing mistakes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-probe-mx.h"

/* Domains that many people send to, and so mistype: the big webmail
 * services and the Japanese mobile carriers and internet providers. */
static const char * const well_known_domains[] = {
  "gmail.com", "googlemail.com",
  "yahoo.co.jp", "ymail.ne.jp", "yahoo.com",
  "outlook.com", "outlook.jp", "hotmail.com", "hotmail.co.jp", "live.jp", "live.com", "msn.com",
  "icloud.com", "me.com", "mac.com",
  "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp", "ymobile.ne.jp",
  "rakumail.jp",
  "nifty.com", "biglobe.ne.jp", "ocn.ne.jp", "so-net.ne.jp", "plala.or.jp", "wakwak.com",
  "jcom.home.ne.jp", "eonet.ne.jp", "dion.ne.jp", "odn.ne.jp",
};

/* Endings people swap for one another ("gmail.co.jp" for gmail.com). */
static const char * const swappable_suffixes[] = {
  "com", "jp", "co.jp", "ne.jp", "or.jp", "net",
};

/* The optimal string alignment distance (Damerau–Levenshtein without
 * repeated edits of one substring): insertions, deletions, substitutions
 * and swaps of two neighbouring letters, the usual typing mistakes. */
static guint
typo_distance (const char *a,
               const char *b)
{
  gsize n = strlen (a), m = strlen (b);
  g_autofree guint *d = NULL;
  guint result;

  if (n > 64 || m > 64)
    return G_MAXUINT;
  d = g_new0 (guint, (n + 1) * (m + 1));
#define D(i, j) d[(i) * (m + 1) + (j)]
  for (gsize i = 0; i <= n; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= m; j++)
    D (0, j) = j;
  for (gsize i = 1; i <= n; i++)
    for (gsize j = 1; j <= m; j++)
      {
        guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
        guint best = MIN (D (i - 1, j) + 1, D (i, j - 1) + 1);

        best = MIN (best, D (i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          best = MIN (best, D (i - 2, j - 2) + 1);
        D (i, j) = best;
      }
  result = D (n, m);
#undef D
  return result;
}

/* The part before the ending of the known names ("gmail" of gmail.com),
 * or NULL when the name does not end in one of the swappable endings. */
static char *
strip_suffix (const char  *domain,
              const char **suffix_out)
{
  const char *best = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (swappable_suffixes); i++)
    {
      const char *suffix = swappable_suffixes[i];
      gsize len = strlen (domain), slen = strlen (suffix);

      if (len > slen + 1 && g_str_has_suffix (domain, suffix) && domain[len - slen - 1] == '.' &&
          (best == NULL || slen > strlen (best)))
        best = suffix;
    }
  if (best == NULL)
    return NULL;
  *suffix_out = best;
  return g_strndup (domain, strlen (domain) - strlen (best) - 1);
}

/* The name without its last label ("docomo.ne" of docomo.ne.jp). */
static gsize
stem_length (const char *domain)
{
  const char *dot = strrchr (domain, '.');

  return dot != NULL ? (gsize) (dot - domain) : strlen (domain);
}

/* A well-known domain that the given one is probably a typing mistake for,
 * or NULL. The typo domain may well exist (typo-squatters register them),
 * so this never depends on DNS.
 *
 * A slip in the name ("gmial.com") is allowed one edit, two in long names,
 * none in names of up to seven letters, where one edit makes many real
 * domains ("mc.com"). A slip in the last label alone ("docomo.ne.jo",
 * "gmail.co") is allowed one edit, so that real domains of other countries
 * ("yahoo.co.uk", "outlook.de") are left alone. */
static const char *
suggest_domain (const char *domain)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  g_autofree char *stem = NULL;
  const char *suffix = NULL;
  gsize stem_len = stem_length (domain);

  for (guint i = 0; i < G_N_ELEMENTS (well_known_domains); i++)
    if (g_str_equal (domain, well_known_domains[i]))
      return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (well_known_domains); i++)
    {
      const char *known = well_known_domains[i];
      gsize len = strlen (known), known_stem_len = stem_length (known);
      guint distance, allowed;

      if (g_str_equal (domain + stem_len, known + known_stem_len))
        {
          allowed = len >= 10 ? 2 : len >= 8 ? 1 : 0;
          distance = typo_distance (domain, known);
        }
      else if (stem_len == known_stem_len && strncmp (domain, known, stem_len) == 0)
        {
          allowed = 1;
          distance = typo_distance (domain + stem_len, known + known_stem_len);
        }
      else
        continue;
      if (distance <= allowed && distance < best_distance)
        {
          best = known;
          best_distance = distance;
        }
    }
  if (best != NULL)
    return best;

  /* The same name with the ending of another kind ("gmail.co.jp"). */
  stem = strip_suffix (domain, &suffix);
  for (guint i = 0; stem != NULL && i < G_N_ELEMENTS (well_known_domains); i++)
    {
      const char *known_suffix = NULL;
      g_autofree char *known_stem = strip_suffix (well_known_domains[i], &known_suffix);

      if (known_stem != NULL && strchr (known_stem, '.') == NULL &&
          g_str_equal (stem, known_stem) && !g_str_equal (suffix, known_suffix))
        return well_known_domains[i];
    }
  return NULL;
}

typedef struct
{
  McProbeContext *ctx;
  char           *unicode;     /* the domain as people write it */
  const char     *suggestion;
} RecipientProbe;

static void
recipient_probe_free (RecipientProbe *probe)
{
  g_free (probe->unicode);
  g_free (probe);
}

/* The verdict on the domain alone; a DNS failure gives ERROR and no text. */
static McStatus
judge_domain (RecipientProbe  *probe,
              McMxResult      *result,
              const char     **guidance,
              char           **sentence)
{
  const char *domain = probe->unicode;

  *guidance = NULL;
  *sentence = NULL;
  switch (result->status)
    {
    case MC_DNS_STATUS_OK:
      {
        g_autofree char *hosts = mc_mx_hosts_text (result->hosts);
        gboolean any_address = FALSE, all_without = result->hosts->len > 0;

        for (guint i = 0; i < result->hosts->len; i++)
          {
            McMxHost *host = g_ptr_array_index (result->hosts, i);

            any_address = any_address || host->status == MC_DNS_STATUS_OK;
            all_without = all_without && mc_dns_status_is_answer (host->status) &&
                          host->status != MC_DNS_STATUS_OK;
          }
        if (result->null_mx && result->hosts->len == 0)
          {
            *guidance = "recipient-domain-null-mx";
            *sentence = g_strdup_printf (_("The recipient's domain %s accepts no mail at all (it "
                                           "publishes a “null MX” record): every message to it "
                                           "bounces. Check the address with the recipient."),
                                         domain);
            return MC_STATUS_FAIL;
          }
        if (all_without)
          {
            *guidance = "recipient-domain-no-mx";
            *sentence = g_strdup_printf (_("The mail servers of the recipient's domain %s (%s) "
                                           "have no address, so mail to it cannot be delivered."),
                                         domain, hosts);
            return MC_STATUS_FAIL;
          }
        /* The domain exists and names its mail servers: that is the
         * question here; a server that could not be looked up is not. */
        *sentence = g_strdup_printf (_("The recipient's domain %s receives mail (mail servers: "
                                       "%s)."), domain, hosts);
        return MC_STATUS_OK;
      }

    case MC_DNS_STATUS_NODATA:
      if (result->domain_status == MC_DNS_STATUS_OK)
        {
          g_autofree char *addresses = mc_addresses_text (result->domain_addresses);

          *guidance = "recipient-domain-no-mx";
          *sentence = g_strdup_printf (_("The recipient's domain %s has no mail server (MX) "
                                         "record, so mail goes to the domain's own address (%s), "
                                         "where often no mail server runs."), domain, addresses);
          return MC_STATUS_WARN;
        }
      if (mc_dns_status_is_answer (result->domain_status))
        {
          *guidance = "recipient-domain-no-mx";
          *sentence = g_strdup_printf (_("The recipient's domain %s has no mail server, so mail "
                                         "to it cannot be delivered."), domain);
          return MC_STATUS_FAIL;
        }
      return MC_STATUS_ERROR;

    case MC_DNS_STATUS_NXDOMAIN:
      *guidance = "recipient-domain-unknown";
      *sentence = g_strdup_printf (_("The recipient's domain %s does not exist, so mail to it "
                                     "bounces with “550 Host unknown”. Check the part of the "
                                     "address after the @."), domain);
      return MC_STATUS_FAIL;

    case MC_DNS_STATUS_SERVFAIL:
    case MC_DNS_STATUS_REFUSED:
    case MC_DNS_STATUS_FORMERR:
    case MC_DNS_STATUS_NOTIMP:
    case MC_DNS_STATUS_BADRESP:
    case MC_DNS_STATUS_TIMEOUT:
    case MC_DNS_STATUS_UNREACHABLE:
    default:
      return MC_STATUS_ERROR;
    }
}

typedef struct
{
  RecipientProbe *probe;
  McMxResult     *result;
} RecipientText;

/* A McFindingTextFunc: it runs once per report language, so the verdict's
 * sentence is made again in each (judge_domain () only reads). */
static void
recipient_text (McFinding *finding,
                gpointer   user_data)
{
  RecipientText *text = user_data;
  RecipientProbe *probe = text->probe;
  g_autofree char *sentence = NULL;
  const char *guidance;
  McStatus status;

  status = judge_domain (probe, text->result, &guidance, &sentence);
  if (probe->suggestion != NULL)
    {
      g_autoptr(GString) summary = g_string_new (NULL);

      /* Translators: %s is a well-known domain. */
      g_string_append_printf (summary, _("Did you mean %s?"), probe->suggestion);
      g_string_append_c (summary, ' ');
      if (status == MC_STATUS_FAIL && sentence != NULL)
        g_string_append (summary, sentence);
      else
        g_string_append_printf (summary,
                                _("The recipient's domain %s looks like a typing mistake for it."),
                                probe->unicode);
      mc_finding_complete (finding, status == MC_STATUS_FAIL ? MC_STATUS_FAIL : MC_STATUS_WARN,
                           "recipient-domain-typo", "%s", summary->str);
    }
  else
    mc_finding_complete (finding, status, guidance, "%s", sentence);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McMxResult) result = NULL;
  g_autofree char *sentence = NULL;
  McFinding *finding = g_task_get_source_object (task);
  RecipientProbe *probe = g_task_get_task_data (task);
  JsonObject *evidence = mc_finding_get_evidence (finding);
  const char *guidance;
  McStatus status;

  result = mc_mx_lookup_finish (res, &error);
  if (result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  json_object_set_array_member (evidence, "mx", mc_mx_result_to_json (result));
  json_object_set_boolean_member (evidence, "null_mx", result->null_mx);
  json_object_set_string_member (evidence, "status", mc_dns_status_to_string (result->status));
  mc_finding_add_detail (finding, "MX %s → %s", result->domain,
                         mc_dns_status_to_string (result->status));
  for (guint i = 0; i < result->hosts->len; i++)
    {
      McMxHost *host = g_ptr_array_index (result->hosts, i);
      g_autofree char *addresses = mc_addresses_text (host->addresses);

      mc_finding_add_detail (finding, "MX %u %s → %s", host->preference, host->host,
                             host->addresses->len > 0 ? addresses
                                                      : mc_dns_status_to_string (host->status));
    }

  /* Only the status counts here: recipient_text () words the verdict in
   * each report language. */
  status = judge_domain (probe, result, &guidance, &sentence);
  if (probe->suggestion == NULL && status == MC_STATUS_ERROR)
    mc_probe_complete_dns_failure (finding,
                                   result->status == MC_DNS_STATUS_NODATA ? result->domain_status
                                                                          : result->status,
                                   probe->unicode, probe->ctx->timeout_ms);
  else
    {
      RecipientText text = { probe, result };

      mc_finding_complete_twice (finding, recipient_text, &text);
    }
  g_task_return_boolean (task, TRUE);
}

/* recipient.domain: a recipient's domain that does not exist or receives
 * no mail is the "550 Host unknown" of bounce messages, nearly always a
 * typing mistake; so is a domain one letter away from a well-known one. */
void
mc_probe_recipient_domain (McProbeContext      *ctx,
                           McFinding           *finding,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  JsonObject *evidence = mc_finding_get_evidence (finding);
  RecipientProbe *probe;
  JsonArray *queries;

  g_task_set_source_tag (task, mc_probe_recipient_domain);

  if (mc_probe_return_if_no_recipient (ctx, task))
    return;

  probe = g_new0 (RecipientProbe, 1);
  probe->ctx = ctx;
  probe->unicode = g_hostname_to_unicode (ctx->recipient_domain);
  if (probe->unicode == NULL)
    probe->unicode = g_strdup (ctx->recipient_domain);
  probe->suggestion = suggest_domain (ctx->recipient_domain);
  g_task_set_task_data (task, probe, (GDestroyNotify) recipient_probe_free);

  json_object_set_string_member (evidence, "domain", ctx->recipient_domain);
  json_object_set_string_member (evidence, "domain_unicode", probe->unicode);
  json_object_set_string_member (evidence, "suggestion", probe->suggestion);
  queries = mc_probe_add_queries_evidence (finding);
  mc_mx_lookup_async (ctx, ctx->recipient_domain, queries, cancellable, lookup_cb,
                      g_steal_pointer (&task));
}
