/* mc-probe-dkim.c: domain.dkim: the DKIM key of the sender's domain, at the given selector or a common one.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A DKIM key sits at <selector>._domainkey.<domain>, and only the mail
 * provider knows the selector. With none given, the probe asks for the
 * selectors that providers and tools use most, all at once; not finding
 * one there says nothing about the domain, so it is information, never a
 * failure.
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-dkim.h"
#include "mc-dns-batch.h"

/* Selectors of the common providers and tools: cPanel and many hosts
 * ("default"), Microsoft 365 ("selector1", "selector2"), Google Workspace
 * ("google"), Mailchimp ("k1", "k2"), SendGrid and others ("s1", "s2"),
 * Fastmail ("fm1"), MXroute ("mxvault"), and common hand-made names. */
static const char * const common_selectors[] = {
  "default", "selector1", "selector2", "google", "k1", "k2", "s1", "s2", "dkim", "mail",
  "smtp", "fm1", "mxvault",
};

/* Under this many bits an RSA key is refused (RFC 8301 §3.2). */
#define RSA_MIN_BITS         1024
/* The length RFC 8301 recommends for signers, and what providers use. */
#define RSA_RECOMMENDED_BITS 2048

typedef struct
{
  McProbeContext *ctx;
  McDnsBatch     *batch;
  gboolean        given;       /* the selector came from the account or the command line */
  GPtrArray      *selectors;   /* char * */
  McDnsAnswer   **answers;     /* NULL where none came; same order */
} DkimData;

/* What one selector holds. */
typedef struct
{
  const char *selector;
  McDkimKey  *key;       /* the one DKIM key there, or NULL */
  guint       n_keys;    /* DKIM-looking records there */
  McStatus    status;
  const char *guidance;
} Verdict;

/* What dkim_text () writes the summary and the key's details from. */
typedef enum
{
  DKIM_TEXT_KEY,          /* a key was found at selector */
  DKIM_TEXT_NOT_FOUND,    /* none at the selector given */
  DKIM_TEXT_NONE_COMMON,  /* none at the common selectors */
} DkimTextKind;

typedef struct
{
  DkimTextKind  kind;
  const char   *domain;
  const char   *selector;
  const char   *record;      /* DKIM_TEXT_KEY: the key record, read again in each language */
  guint         n_keys;
  const char   *name;        /* DKIM_TEXT_NOT_FOUND: the name asked for */
  guint         n_selectors; /* DKIM_TEXT_NONE_COMMON: the selectors tried */
} DkimText;

static void
dkim_data_free (DkimData *data)
{
  g_clear_pointer (&data->batch, mc_dns_batch_free);
  for (guint i = 0; data->answers != NULL && i < data->selectors->len; i++)
    g_clear_pointer (&data->answers[i], mc_dns_answer_unref);
  g_free (data->answers);
  g_clear_pointer (&data->selectors, g_ptr_array_unref);
  g_free (data);
}

static void
verdict_clear (Verdict *verdict)
{
  g_clear_pointer (&verdict->key, mc_dkim_key_free);
}

static char *
key_name (const char *selector,
          const char *domain)
{
  return g_strdup_printf ("%s._domainkey.%s", selector, domain);
}

static int
status_rank (McStatus status)
{
  switch (status)
    {
    case MC_STATUS_FAIL:  return 4;
    case MC_STATUS_ERROR: return 3;
    case MC_STATUS_WARN:  return 2;
    case MC_STATUS_INFO:  return 1;
    case MC_STATUS_OK:
    case MC_STATUS_PENDING:
    case MC_STATUS_RUNNING:
    case MC_STATUS_SKIPPED:
    default:              return 0;
    }
}

/* Judges the one key at a selector: its status and guidance, and the
 * summary in the language _() gives now. The order is that of the harm: a
 * key that cannot verify anything, then one that verifies nothing for the
 * receivers (testing), then one that is merely short or oddly written. */
static char *
judge_key (McDkimKey   *key,
           const char  *selector,
           const char  *domain,
           McStatus    *status,
           const char **guidance)
{
  *guidance = NULL;
  if (!mc_dkim_key_is_valid (key))
    {
      *status = MC_STATUS_FAIL;
      *guidance = "dkim-syntax";
      return g_strdup_printf (_("The DKIM key at selector “%s” of %s is broken: %s. "
                                "Receivers cannot check signatures made with it."),
                              selector, domain, mc_dkim_key_get_error (key));
    }
  if (key->revoked)
    {
      *status = MC_STATUS_FAIL;
      *guidance = "dkim-revoked";
      return g_strdup_printf (_("The DKIM key at selector “%s” of %s has been withdrawn "
                                "(its p= is empty), so mail signed with it fails DKIM."),
                              selector, domain);
    }
  if (key->key_type == MC_DKIM_KEY_RSA && key->key_bits < RSA_MIN_BITS)
    {
      *status = MC_STATUS_FAIL;
      *guidance = "dkim-weak-key";
      return g_strdup_printf (_("The DKIM key at selector “%s” of %s is an RSA key of only "
                                "%u bits. Receivers refuse keys shorter than 1024 bits, so "
                                "mail signed with it fails DKIM."),
                              selector, domain, key->key_bits);
    }
  if (key->testing)
    {
      *status = MC_STATUS_WARN;
      *guidance = "dkim-testing";
      return g_strdup_printf (_("The DKIM key at selector “%s” of %s is marked as being "
                                "tested (t=y): receivers treat mail signed with it as "
                                "unsigned."),
                              selector, domain);
    }
  if (key->key_type == MC_DKIM_KEY_RSA && key->key_bits < RSA_RECOMMENDED_BITS)
    {
      *status = MC_STATUS_WARN;
      *guidance = "dkim-short-key";
      return g_strdup_printf (_("The DKIM key at selector “%s” of %s is a %u-bit RSA key. "
                                "It still works, but 2048 bits is the length to use now."),
                              selector, domain, key->key_bits);
    }
  if (key->rsa_pkcs1)
    {
      *status = MC_STATUS_WARN;
      *guidance = "dkim-key-format";
      return g_strdup_printf (_("The DKIM key at selector “%s” of %s is a %u-bit RSA key "
                                "written in an unusual form (a bare RSA key instead of the "
                                "usual public key structure). Some receivers cannot read "
                                "it."),
                              selector, domain, key->key_bits);
    }
  *status = MC_STATUS_OK;
  if (key->key_type == MC_DKIM_KEY_ED25519)
    return g_strdup_printf (_("DKIM key found at selector “%s” of %s: an Ed25519 key. Not "
                              "every receiver checks Ed25519 signatures yet, so also sign "
                              "with an RSA key."),
                            selector, domain);
  return g_strdup_printf (_("DKIM key found at selector “%s” of %s: a %u-bit RSA key."),
                          selector, domain, key->key_bits);
}

/* The same for all that a selector holds: several keys there are a fault
 * of their own. */
static char *
judge_selector (McDkimKey   *key,
                guint        n_keys,
                const char  *selector,
                const char  *domain,
                McStatus    *status,
                const char **guidance)
{
  if (n_keys > 1)
    {
      *status = MC_STATUS_FAIL;
      *guidance = "dkim-multiple";
      return g_strdup_printf (_("There are %u DKIM keys at selector “%s” of %s. There must "
                                "be exactly one, or receivers may check signatures with the "
                                "wrong key."),
                              n_keys, selector, domain);
    }
  return judge_key (key, selector, domain, status, guidance);
}

/* Reads what the answer for one selector holds, adding the records to the
 * details. Returns FALSE when no DKIM key is there. */
static gboolean
read_selector (McFinding   *finding,
               const char  *domain,
               McDnsAnswer *answer,
               Verdict     *verdict)
{
  GPtrArray *records = mc_dns_answer_get_records (answer);
  g_autofree char *name = key_name (verdict->selector, domain);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      g_autofree char *text = mc_dns_txt_record_text (g_ptr_array_index (records, i));

      if (!mc_dkim_looks_like_key (text))
        {
          mc_finding_add_detail (finding, "%s TXT (not a DKIM key) \"%s\"", name, text);
          continue;
        }
      mc_finding_add_detail (finding, "%s TXT \"%s\"", name, text);
      verdict->n_keys++;
      if (verdict->key == NULL)
        verdict->key = mc_dkim_key_parse (text);
    }
  return verdict->n_keys > 0;
}

/* The verdict's status and guidance, to compare selectors by; the summary
 * is made by dkim_text (), in each report language. */
static void
judge_verdict (Verdict    *verdict,
               const char *domain)
{
  g_free (judge_selector (verdict->key, verdict->n_keys, verdict->selector, domain,
                          &verdict->status, &verdict->guidance));
}

/* The key's facts in the evidence. Its problems are in the language of the
 * process there; the details have them in each report language (see
 * add_key_details ()). */
static void
add_key_evidence (McFinding *finding,
                  Verdict   *verdict)
{
  JsonObject *evidence = mc_finding_get_evidence (finding);
  McDkimKey *key = verdict->key;
  JsonArray *errors = json_array_new ();

  json_object_set_string_member (evidence, "selector", verdict->selector);
  json_object_set_string_member (evidence, "key_type", key->key_type_name);
  if (key->key_bits > 0)
    json_object_set_int_member (evidence, "key_bits", key->key_bits);
  else
    json_object_set_null_member (evidence, "key_bits");
  json_object_set_boolean_member (evidence, "testing", key->testing);
  json_object_set_boolean_member (evidence, "revoked", key->revoked);
  json_object_set_string_member (evidence, "record", key->record);
  if (key->rsa_pkcs1)
    json_object_set_string_member (evidence, "key_format", "pkcs1");
  for (guint i = 0; i < key->problems->len; i++)
    json_array_add_string_element (errors,
                                   ((McRecordProblem *) key->problems->pdata[i])->message);
  json_object_set_array_member (evidence, "errors", errors);
}

static void
add_key_details (McFinding  *finding,
                 const char *selector,
                 McDkimKey  *key)
{
  if (key->key_bits > 0)
    mc_finding_add_detail (finding, "selector %s: k=%s, %u bits%s%s", selector,
                           key->key_type_name, key->key_bits,
                           key->rsa_pkcs1 ? ", bare RSAPublicKey (PKCS#1)" : "",
                           key->testing ? ", t=y (testing)" : "");
  for (guint i = 0; i < key->problems->len; i++)
    mc_finding_add_detail (finding, "selector %s: %s", selector,
                           ((McRecordProblem *) key->problems->pdata[i])->message);
  for (guint i = 0; i < key->unknown_tags->len; i++)
    mc_finding_add_detail (finding, "selector %s: unknown tag %s= ignored", selector,
                           (char *) key->unknown_tags->pdata[i]);
}

/* A McFindingTextFunc: it runs once per report language. The key is read
 * again in each, since the parser words its problems in the language _()
 * gives at the time. */
static void
dkim_text (McFinding *finding,
           gpointer   user_data)
{
  DkimText *text = user_data;

  switch (text->kind)
    {
    case DKIM_TEXT_KEY:
      {
        g_autoptr(McDkimKey) key = mc_dkim_key_parse (text->record);
        g_autofree char *summary = NULL;
        const char *guidance;
        McStatus status;

        summary = judge_selector (key, text->n_keys, text->selector, text->domain, &status,
                                  &guidance);
        add_key_details (finding, text->selector, key);
        mc_finding_complete (finding, status, guidance, "%s", summary);
      }
      break;

    case DKIM_TEXT_NOT_FOUND:
      mc_finding_complete (finding, MC_STATUS_FAIL, "dkim-not-found",
                           _("There is no DKIM key at selector “%s” of %s (no record at %s), so "
                             "receivers cannot check the signatures of your mail."),
                           text->selector, text->domain, text->name);
      break;

    case DKIM_TEXT_NONE_COMMON:
    default:
      mc_finding_complete (finding, MC_STATUS_INFO, "dkim-selector-missing",
                           g_dngettext (GETTEXT_PACKAGE,
                                        "No DKIM key was found for %s under the %u common selector "
                                        "name tried. That proves nothing: the key sits under a name "
                                        "(the selector) that your mail provider chose. Give your "
                                        "selector to have the key checked.",
                                        "No DKIM key was found for %s under the %u common selector "
                                        "names tried. That proves nothing: the key sits under a name "
                                        "(the selector) that your mail provider chose. Give your "
                                        "selector to have the key checked.",
                                        text->n_selectors),
                           text->domain, text->n_selectors);
      break;
    }
}

/* Completes the finding with the key found at a selector. */
static void
complete_with_key (McFinding  *finding,
                   const char *domain,
                   Verdict    *verdict)
{
  DkimText text = {
    .kind = DKIM_TEXT_KEY,
    .domain = domain,
    .selector = verdict->selector,
    .record = verdict->key->record,
    .n_keys = verdict->n_keys,
  };

  add_key_evidence (finding, verdict);
  mc_finding_complete_twice (finding, dkim_text, &text);
}

static void
set_null_key_evidence (JsonObject *evidence)
{
  json_object_set_null_member (evidence, "key_type");
  json_object_set_null_member (evidence, "key_bits");
  json_object_set_boolean_member (evidence, "testing", FALSE);
  json_object_set_null_member (evidence, "record");
}

static void
finish_given (DkimData  *data,
              McFinding *finding)
{
  const char *domain = data->ctx->domain;
  McDnsAnswer *answer = data->answers[0];
  McDnsStatus status = mc_dns_batch_status_of (answer);
  JsonObject *evidence = mc_finding_get_evidence (finding);
  g_autofree char *name = NULL;
  Verdict verdict = { 0 };

  verdict.selector = g_ptr_array_index (data->selectors, 0);
  name = key_name (verdict.selector, domain);
  json_object_set_string_member (evidence, "selector", verdict.selector);
  json_object_set_string_member (evidence, "selector_source", "given");

  if (!mc_dns_status_is_answer (status))
    {
      set_null_key_evidence (evidence);
      mc_finding_add_detail (finding, "%s TXT → %s", name, mc_dns_status_to_string (status));
      mc_probe_complete_dns_failure (finding, status, name, data->ctx->timeout_ms);
      return;
    }

  if (!read_selector (finding, domain, answer, &verdict))
    {
      set_null_key_evidence (evidence);
      if (status != MC_DNS_STATUS_OK)
        mc_finding_add_detail (finding, "%s TXT → %s", name, mc_dns_status_to_string (status));
      {
        DkimText text = {
          .kind = DKIM_TEXT_NOT_FOUND,
          .domain = domain,
          .selector = verdict.selector,
          .name = name,
        };

        mc_finding_complete_twice (finding, dkim_text, &text);
      }
      return;
    }

  complete_with_key (finding, domain, &verdict);
  verdict_clear (&verdict);
}

static void
finish_common (DkimData  *data,
               McFinding *finding)
{
  const char *domain = data->ctx->domain;
  JsonObject *evidence = mc_finding_get_evidence (finding);
  JsonArray *tried = json_array_new ();
  JsonArray *found = json_array_new ();
  g_autoptr(GString) found_list = g_string_new (NULL);
  g_autofree char *first_error_name = NULL;
  McDnsStatus first_error = MC_DNS_STATUS_OK;
  Verdict worst = { 0 };
  guint n_errors = 0;

  json_object_set_string_member (evidence, "selector_source", "common");
  for (guint i = 0; i < data->selectors->len; i++)
    {
      const char *selector = g_ptr_array_index (data->selectors, i);
      McDnsAnswer *answer = data->answers[i];
      McDnsStatus status = mc_dns_batch_status_of (answer);
      Verdict verdict = { 0 };

      json_array_add_string_element (tried, selector);
      verdict.selector = selector;
      if (!mc_dns_status_is_answer (status))
        {
          g_autofree char *name = key_name (selector, domain);

          mc_finding_add_detail (finding, "%s TXT → %s", name, mc_dns_status_to_string (status));
          if (n_errors++ == 0)
            {
              first_error = status;
              first_error_name = g_steal_pointer (&name);
            }
          continue;
        }
      if (!read_selector (finding, domain, answer, &verdict))
        continue;

      judge_verdict (&verdict, domain);
      json_array_add_string_element (found, selector);
      if (found_list->len > 0)
        g_string_append (found_list, ", ");
      g_string_append (found_list, selector);

      /* The worst key found is the one reported: a weak key left at a
       * common selector can still sign mail, and an attacker's forgery
       * needs only one. */
      if (worst.selector == NULL || status_rank (verdict.status) > status_rank (worst.status))
        {
          verdict_clear (&worst);
          worst = verdict;
        }
      else
        verdict_clear (&verdict);
    }
  json_object_set_array_member (evidence, "selectors_tried", tried);
  json_object_set_array_member (evidence, "found_selectors", found);

  if (worst.selector != NULL)
    {
      mc_finding_add_detail (finding, "found at the common selector(s): %s", found_list->str);
      complete_with_key (finding, domain, &worst);
      verdict_clear (&worst);
      return;
    }

  json_object_set_null_member (evidence, "selector");
  set_null_key_evidence (evidence);
  if (n_errors == data->selectors->len)
    {
      mc_probe_complete_dns_failure (finding, first_error, first_error_name,
                                     data->ctx->timeout_ms);
      return;
    }
  {
    DkimText text = {
      .kind = DKIM_TEXT_NONE_COMMON,
      .domain = domain,
      .n_selectors = data->selectors->len,
    };

    mc_finding_complete_twice (finding, dkim_text, &text);
  }
}

static void
batch_done_cb (McDnsBatch *batch,
               gpointer    user_data)
{
  g_autoptr(GTask) task = user_data;
  DkimData *data = g_task_get_task_data (task);
  McFinding *finding = g_task_get_source_object (task);

  if (mc_dns_batch_cancelled (batch))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return;
    }

  if (data->given)
    finish_given (data, finding);
  else
    finish_common (data, finding);
  g_task_return_boolean (task, TRUE);
}

/* The selector alone, in lower case: people also paste the whole name
 * ("s1._domainkey.example.com") where only "s1" is asked for. */
static char *
normalize_selector (const char *selector)
{
  g_autofree char *lower = g_ascii_strdown (selector, -1);
  char *suffix = strstr (lower, "._domainkey");

  if (suffix != NULL && suffix != lower)
    *suffix = '\0';
  return g_strdup (g_strstrip (lower));
}

/* domain.dkim: the key at the selector given, or at the common ones. All
 * queries go out at once; each records its timing in the evidence. */
void
mc_probe_domain_dkim (McProbeContext      *ctx,
                      McFinding           *finding,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  DkimData *data;

  g_task_set_source_tag (task, mc_probe_domain_dkim);

  if (mc_probe_return_if_no_domain (ctx, task))
    return;

  data = g_new0 (DkimData, 1);
  data->ctx = ctx;
  data->selectors = g_ptr_array_new_with_free_func (g_free);
  data->given = ctx->dkim_selector != NULL;
  if (data->given)
    g_ptr_array_add (data->selectors, normalize_selector (ctx->dkim_selector));
  else
    for (guint i = 0; i < G_N_ELEMENTS (common_selectors); i++)
      g_ptr_array_add (data->selectors, g_strdup (common_selectors[i]));
  data->answers = g_new0 (McDnsAnswer *, data->selectors->len);
  g_task_set_task_data (task, data, (GDestroyNotify) dkim_data_free);

  data->batch = mc_dns_batch_new (ctx, mc_probe_add_queries_evidence (finding), cancellable,
                                  batch_done_cb, g_object_ref (task));
  for (guint i = 0; i < data->selectors->len; i++)
    {
      g_autofree char *name = key_name (g_ptr_array_index (data->selectors, i), ctx->domain);

      mc_dns_batch_add (data->batch, name, MC_DNS_TYPE_TXT, mc_dns_batch_keep_answer,
                        &data->answers[i], NULL);
    }
  mc_dns_batch_start (data->batch);
}
