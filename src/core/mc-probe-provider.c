/* mc-probe-provider.c: recipient.provider: what is known about the recipient's mail provider (data/providers.xml).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-core-resources.h"
#include "mc-probe.h"

#define PROVIDERS_RESOURCE "/io/github/mailcheckup/MailCheckup/data/providers.xml"

typedef struct
{
  char *id;
  char *text;       /* English, as in the file, white space made single */
  char *checked;    /* the date it was last checked, YYYY-MM-DD */
  guint64 limit_bytes; /* the largest message, when the fact states it; else 0 */
} Fact;

typedef struct
{
  char      *id;
  char      *name;
  GPtrArray *domains;   /* char * */
  GPtrArray *mx;        /* char *, shell-style patterns */
  GPtrArray *facts;     /* Fact *, owned by the parser's table */
} Provider;

typedef struct
{
  GPtrArray  *providers;  /* Provider */
  GHashTable *facts;      /* id → Fact, owns them */
  Provider   *provider;   /* the one being read */
  Fact       *fact;       /* the one being read */
  GString    *text;       /* the current element's text, or NULL */
} Parser;

static void
fact_free (Fact *fact)
{
  g_free (fact->id);
  g_free (fact->text);
  g_free (fact->checked);
  g_free (fact);
}

static void
provider_free (Provider *provider)
{
  g_free (provider->id);
  g_free (provider->name);
  g_ptr_array_unref (provider->domains);
  g_ptr_array_unref (provider->mx);
  g_ptr_array_unref (provider->facts);
  g_free (provider);
}

/* As xgettext extracts ITS texts by default: runs of white space become one
 * space, with none at either end. The result is the msgid. */
static char *
normalize_space (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  return g_string_free (out, FALSE);
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Parser *parser = user_data;
  const char *id = NULL, *checked = NULL, *ref = NULL, *limit = NULL;
  guint64 limit_bytes = 0;

  if (g_str_equal (element, "provider"))
    {
      if (!g_markup_collect_attributes (element, names, values, error,
                                        G_MARKUP_COLLECT_STRING, "id", &id,
                                        G_MARKUP_COLLECT_INVALID))
        return;
      parser->provider = g_new0 (Provider, 1);
      parser->provider->id = g_strdup (id);
      parser->provider->domains = g_ptr_array_new_with_free_func (g_free);
      parser->provider->mx = g_ptr_array_new_with_free_func (g_free);
      parser->provider->facts = g_ptr_array_new ();
      g_ptr_array_add (parser->providers, parser->provider);
    }
  else if (g_str_equal (element, "fact") && parser->provider != NULL)
    {
      const GMarkupCollectType optional = G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL;

      if (!g_markup_collect_attributes (element, names, values, error,
                                        optional, "id", &id,
                                        optional, "checked", &checked,
                                        optional, "ref", &ref,
                                        optional, "limit-bytes", &limit,
                                        G_MARKUP_COLLECT_INVALID))
        return;
      if (ref != NULL)
        {
          Fact *fact = g_hash_table_lookup (parser->facts, ref);

          if (fact == NULL)
            {
              g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "fact ref “%s” names no earlier fact", ref);
              return;
            }
          g_ptr_array_add (parser->provider->facts, fact);
          return;
        }
      if (id == NULL || checked == NULL || g_hash_table_contains (parser->facts, id))
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "a fact needs a new id and a checked date (%s)", id ? id : "no id");
          return;
        }
      if (limit != NULL && !g_ascii_string_to_unsigned (limit, 10, 1, G_MAXINT64, &limit_bytes, error))
        return;
      parser->fact = g_new0 (Fact, 1);
      parser->fact->id = g_strdup (id);
      parser->fact->checked = g_strdup (checked);
      parser->fact->limit_bytes = limit_bytes;
      g_hash_table_insert (parser->facts, parser->fact->id, parser->fact);
      g_ptr_array_add (parser->provider->facts, parser->fact);
      parser->text = g_string_new (NULL);
    }
  else if ((g_str_equal (element, "name") || g_str_equal (element, "domain") ||
            g_str_equal (element, "mx")) && parser->provider != NULL)
    parser->text = g_string_new (NULL);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Parser *parser = user_data;
  g_autofree char *text = NULL;

  if (g_str_equal (element, "provider"))
    {
      parser->provider = NULL;
      return;
    }
  if (parser->text == NULL)
    return;

  text = normalize_space (parser->text->str);
  g_string_free (g_steal_pointer (&parser->text), TRUE);
  if (g_str_equal (element, "fact"))
    {
      parser->fact->text = g_steal_pointer (&text);
      parser->fact = NULL;
    }
  else if (g_str_equal (element, "name"))
    {
      g_free (parser->provider->name);
      parser->provider->name = g_steal_pointer (&text);
    }
  else if (g_str_equal (element, "domain"))
    g_ptr_array_add (parser->provider->domains, g_ascii_strdown (text, -1));
  else if (g_str_equal (element, "mx"))
    g_ptr_array_add (parser->provider->mx, g_ascii_strdown (text, -1));
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *chars,
         gsize                 len,
         gpointer              user_data,
         GError              **error)
{
  Parser *parser = user_data;

  if (parser->text != NULL)
    g_string_append_len (parser->text, chars, len);
}

static const GMarkupParser markup_parser = { start_element, end_element, text_cb, NULL, NULL };

static GPtrArray *
load_providers (GHashTable **facts_out,
                GError     **error)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (mc_core_get_resource (), PROVIDERS_RESOURCE,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) providers = g_ptr_array_new_with_free_func ((GDestroyNotify) provider_free);
  g_autoptr(GHashTable) facts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) fact_free);
  Parser parser = { providers, facts, NULL, NULL, NULL };
  gsize size;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  context = g_markup_parse_context_new (&markup_parser, G_MARKUP_PREFIX_ERROR_POSITION,
                                        &parser, NULL);
  if (!g_markup_parse_context_parse (context, data, size, error) ||
      !g_markup_parse_context_end_parse (context, error))
    {
      if (parser.text != NULL)
        g_string_free (parser.text, TRUE);
      return NULL;
    }
  *facts_out = g_steal_pointer (&facts);
  return g_steal_pointer (&providers);
}

/* By the recipient's domain (or a subdomain of it), else by the names of
 * the domain's mail servers, as recipient.domain found them. */
static Provider *
match_provider (GPtrArray   *providers,
                const char  *domain,
                JsonArray   *mx,
                const char **matched_by,
                const char **matched)
{
  for (guint i = 0; i < providers->len; i++)
    {
      Provider *provider = g_ptr_array_index (providers, i);

      for (guint j = 0; j < provider->domains->len; j++)
        {
          const char *known = g_ptr_array_index (provider->domains, j);
          gsize len = strlen (domain), klen = strlen (known);

          if (g_str_equal (domain, known) ||
              (len > klen && g_str_has_suffix (domain, known) && domain[len - klen - 1] == '.'))
            {
              *matched_by = "domain";
              *matched = known;
              return provider;
            }
        }
    }

  for (guint i = 0; i < providers->len; i++)
    {
      Provider *provider = g_ptr_array_index (providers, i);

      for (guint k = 0; mx != NULL && k < json_array_get_length (mx); k++)
        {
          JsonObject *entry = json_array_get_object_element (mx, k);
          const char *name = json_object_get_string_member_with_default (entry, "host", "");
          g_autofree char *host = g_ascii_strdown (name, -1);

          for (guint j = 0; j < provider->mx->len; j++)
            if (g_pattern_match_simple (g_ptr_array_index (provider->mx, j), host))
              {
                *matched_by = "mx";
                *matched = json_object_get_string_member (entry, "host");
                return provider;
              }
        }
    }
  return NULL;
}

/* What recipient.provider found, for provider_text (). */
typedef struct
{
  const char *domain;      /* the recipient's domain as people write it */
  Provider   *provider;    /* NULL: none with facts */
  const char *matched_by;
  const char *matched;
} ProviderText;

/* A McFindingTextFunc: it runs once per report language, so the facts are
 * translated in each, as the details and the summary that quote them. */
static void
provider_text (McFinding *finding,
               gpointer   user_data)
{
  ProviderText *text = user_data;
  Provider *provider = text->provider;

  if (provider == NULL)
    {
      mc_finding_complete (finding, MC_STATUS_INFO, NULL,
                           _("Nothing particular is known about the mail provider of %s."),
                           text->domain);
      return;
    }

  for (guint i = 0; i < provider->facts->len; i++)
    {
      Fact *fact = g_ptr_array_index (provider->facts, i);

      /* Translators: %1$s is a date (YYYY-MM-DD), %2$s a fact. */
      mc_finding_add_detail (finding, _("(checked %1$s) %2$s"), fact->checked, _(fact->text));
    }

  if (g_str_equal (text->matched_by, "mx"))
    mc_finding_complete (finding, MC_STATUS_INFO, "recipient-provider-facts",
                         /* Translators: %1$s is a domain, %2$s its mail server, %3$s a fact. */
                         _("%1$s (mail server %2$s): %3$s"), text->domain, text->matched,
                         _(((Fact *) g_ptr_array_index (provider->facts, 0))->text));
  else
    mc_finding_complete (finding, MC_STATUS_INFO, "recipient-provider-facts",
                         /* Translators: %1$s is a domain, %2$s a provider, %3$s a fact. */
                         _("Addresses at %1$s belong to %2$s. %3$s"), text->domain,
                         _(provider->name),
                         _(((Fact *) g_ptr_array_index (provider->facts, 0))->text));
}

/* recipient.provider: facts that explain the failures people meet with the
 * big receiving providers: sender requirements, carriers' allow-lists,
 * size limits. Runs after recipient.domain, whose MX hosts it reads. */
void
mc_probe_recipient_provider (McProbeContext      *ctx,
                             McFinding           *finding,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  JsonObject *evidence = mc_finding_get_evidence (finding);
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GHashTable) facts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unicode = NULL;
  JsonObject *domain_evidence;
  JsonArray *mx, *list, *dates;
  ProviderText text = { NULL, NULL, NULL, NULL };
  Provider *provider;

  g_task_set_source_tag (task, mc_probe_recipient_provider);

  if (mc_probe_return_if_no_recipient (ctx, task))
    return;

  providers = load_providers (&facts, &error);
  if (providers == NULL)
    {
      /* The file is compiled in: only a broken build gets here. */
      mc_finding_add_detail (finding, "%s: %s", PROVIDERS_RESOURCE, error->message);
      mc_finding_complete (finding, MC_STATUS_ERROR, "check-failed", "%s", error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  domain_evidence = mc_finding_get_evidence (mc_probe_context_get_finding (ctx,
                                                                          "recipient.domain"));
  mx = json_object_has_member (domain_evidence, "mx")
         ? json_object_get_array_member (domain_evidence, "mx") : NULL;
  unicode = g_hostname_to_unicode (ctx->recipient_domain);
  if (unicode == NULL)
    unicode = g_strdup (ctx->recipient_domain);
  provider = match_provider (providers, ctx->recipient_domain, mx, &text.matched_by,
                             &text.matched);
  text.domain = unicode;
  json_object_set_string_member (evidence, "domain", ctx->recipient_domain);

  if (provider == NULL || provider->facts->len == 0)
    {
      json_object_set_null_member (evidence, "provider");
      json_object_set_null_member (evidence, "size_limit_bytes");
      mc_finding_complete_twice (finding, provider_text, &text);
      g_task_return_boolean (task, TRUE);
      return;
    }

  list = json_array_new ();
  dates = json_array_new ();
  for (guint i = 0; i < provider->facts->len; i++)
    {
      Fact *fact = g_ptr_array_index (provider->facts, i);
      JsonObject *entry = json_object_new ();
      gboolean seen = FALSE;

      json_object_set_string_member (entry, "id", fact->id);
      json_object_set_string_member (entry, "text", _(fact->text));
      json_object_set_string_member (entry, "checked", fact->checked);
      json_array_add_object_element (list, entry);
      for (guint j = 0; j < json_array_get_length (dates); j++)
        seen = seen || g_str_equal (json_array_get_string_element (dates, j), fact->checked);
      if (!seen)
        json_array_add_string_element (dates, fact->checked);
    }
  json_object_set_string_member (evidence, "provider", provider->id);
  json_object_set_string_member (evidence, "name", provider->name);
  json_object_set_string_member (evidence, "matched_by", text.matched_by);
  json_object_set_string_member (evidence, "matched", text.matched);
  json_object_set_array_member (evidence, "facts", list);
  json_object_set_array_member (evidence, "checked", dates);
  /* The largest message the provider accepts, for message.attachment. */
  json_object_set_null_member (evidence, "size_limit_bytes");
  for (guint i = 0; i < provider->facts->len; i++)
    {
      Fact *fact = g_ptr_array_index (provider->facts, i);

      if (fact->limit_bytes > 0)
        {
          json_object_set_int_member (evidence, "size_limit_bytes", (gint64) fact->limit_bytes);
          break;
        }
    }

  text.provider = provider;
  mc_finding_complete_twice (finding, provider_text, &text);
  g_task_return_boolean (task, TRUE);
}
