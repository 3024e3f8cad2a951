/* mc-cli-spf.c: the “spf” command of mail-checkup-cli: check_host() for one address and domain.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mc-cli.h"
#include "mc-cli-spf.h"
#include "mc-deadline.h"
#include "mc-resolver.h"
#include "mc-spf.h"

#define COMMAND "mail-checkup-cli spf"

/* RFC 7208, section 4.6.4: a whole evaluation SHOULD be allowed at least
 * 20 seconds before it ends in temperror. */
#define DEFAULT_TIMEOUT 20

static int
usage_error (const char *message)
{
  /* Translators: first %s is the program name, second the error message. */
  g_printerr (_("%s: %s\n"), "mail-checkup-cli", message);
  /* Translators: %s is the program and the command, e.g. “mail-checkup-cli check”. */
  g_printerr (_("Run “%s --help” to see the options.\n"), COMMAND);
  return MC_EXIT_USAGE;
}

typedef struct
{
  McSpfEvaluation *evaluation;
  GError          *error;
  gboolean         done;
} SpfRun;

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SpfRun *run = user_data;

  run->evaluation = mc_spf_check_host_finish (MC_SPF_LOOKUP (source), result, &run->error);
  run->done = TRUE;
}

static gboolean
interrupted_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
print_json (const char      *result,
            guint            lookups,
            guint            voids,
            const char      *explanation,
            const char      *description,
            const char      *ip,
            const char      *domain,
            McSpfEvaluation *evaluation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result");
  json_builder_add_string_value (builder, result);
  json_builder_set_member_name (builder, "dns_lookups");
  json_builder_add_int_value (builder, lookups);
  json_builder_set_member_name (builder, "void_lookups");
  json_builder_add_int_value (builder, voids);
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_string_value (builder, explanation);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "ip");
  json_builder_add_string_value (builder, ip);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, domain);
  json_builder_set_member_name (builder, "record");
  if (evaluation != NULL && mc_spf_evaluation_get_record (evaluation) != NULL)
    json_builder_add_string_value (builder, mc_spf_evaluation_get_record (evaluation));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "matched");
  if (evaluation != NULL && mc_spf_evaluation_get_matched_term (evaluation) != NULL)
    json_builder_add_string_value (builder, mc_spf_evaluation_get_matched_term (evaluation));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

int
mc_cli_spf (int    argc,
            char **argv)
{
  g_autofree char *helo = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *format = NULL;
  g_autofree char *lang = NULL;
  g_auto(GStrv) dns_servers = NULL;
  int timeout = DEFAULT_TIMEOUT;
  const GOptionEntry entries[] = {
    { "helo", 0, 0, G_OPTION_ARG_STRING, &helo,
      N_("The name the sending server gives in HELO/EHLO (default: the domain)"), N_("NAME") },
    { "sender", 0, 0, G_OPTION_ARG_STRING, &sender,
      N_("The envelope sender (MAIL FROM) (default: postmaster@DOMAIN)"), N_("ADDRESS") },
    { "dns-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, &dns_servers,
      N_("Ask this DNS server instead of the system's (repeatable)"), N_("IP[:PORT]") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds the whole check may take (default: 20)"), N_("SECONDS") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Output: text or json (default: text)"), N_("FORMAT") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang,
      N_("Language of the report: en or ja"), N_("LANG") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) ip = NULL;
  g_autoptr(McResolver) resolver = NULL;
  g_autoptr(McSpfResolverLookup) lookup = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(McDeadline) deadline = NULL;
  g_autoptr(McSpfEvaluation) evaluation = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *default_sender = NULL;
  g_autofree char *description = NULL;
  g_autofree char *ip_text = NULL;
  const char *result;
  const char *explanation;
  gboolean json;
  McSpfRequest request = { 0 };
  SpfRun run = { 0 };
  guint sigint_id, sigterm_id;

  context = g_option_context_new (_("IP DOMAIN"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Says whether the address IP may send mail for DOMAIN, as receivers "
                                  "decide it\nwith SPF (RFC 7208): the result, why, and how many "
                                  "DNS look-ups it took."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  mail-checkup-cli spf 192.0.2.10 example.jp\n"
                                      "  mail-checkup-cli spf 2001:db8::25 example.jp --sender taro@example.jp --format json\n"
                                      "\n"
                                      "Exit status: 0 when the check could be made (pass, fail, softfail,\n"
                                      "neutral or none), 1 for temperror or permerror, 2 for wrong options.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  g_set_prgname (COMMAND);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  if (argc < 3)
    return usage_error (_("Give an IP address and a domain: spf IP DOMAIN"));
  if (argc > 3)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”"), argv[3]);

      return usage_error (message);
    }
  ip = g_inet_address_new_from_string (argv[1]);
  if (ip == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an IP address"), argv[1]);

      return usage_error (message);
    }
  ascii = g_hostname_to_ascii (argv[2]);
  if (ascii == NULL || *ascii == '\0' || g_hostname_is_ip_address (ascii))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a domain name"), argv[2]);

      return usage_error (message);
    }
  domain = g_ascii_strdown (ascii, -1);
  if (timeout < 1 || timeout > 600)
    {
      g_autofree char *message = g_strdup_printf (_("--timeout %d: give 1 to 600 seconds"), timeout);

      return usage_error (message);
    }
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "json") != 0)
    {
      g_autofree char *message = g_strdup_printf (_("--format “%s”: use text or json"), format);

      return usage_error (message);
    }
  json = g_strcmp0 (format, "json") == 0;

  resolver = mc_resolver_new ();
  if (dns_servers != NULL && !mc_resolver_set_servers (resolver, (const char * const *) dns_servers, &error))
    {
      g_autofree char *message = g_strdup_printf ("--dns-server: %s", error->message);

      return usage_error (message);
    }
  /* One query may take a third of the time (c-ares doubles its wait at
   * the second try), at most ten seconds: the evaluation asks in turn. */
  mc_resolver_set_query_timeout (resolver, MAX (200, MIN (timeout, 10) * 1000 / 3), 2);
  lookup = mc_spf_resolver_lookup_new (resolver);

  default_sender = g_strconcat ("postmaster@", domain, NULL);
  request.ip = ip;
  request.domain = domain;
  request.sender = sender != NULL ? sender : default_sender;
  request.helo = helo != NULL ? helo : domain;

  cancellable = g_cancellable_new ();
  deadline = mc_deadline_new (cancellable, (guint) timeout * 1000);
  sigint_id = g_unix_signal_add (SIGINT, interrupted_cb, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupted_cb, cancellable);
  mc_spf_check_host_async (MC_SPF_LOOKUP (lookup), &request, mc_deadline_get_cancellable (deadline),
                           check_done_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  ip_text = g_inet_address_to_string (ip);
  evaluation = run.evaluation;
  if (evaluation == NULL)
    {
      g_autoptr(GError) run_error = run.error;

      if (!mc_deadline_expired (deadline))
        {
          /* Interrupted. */
          g_printerr (_("%s: %s\n"), "mail-checkup-cli", run_error->message);
          return MC_EXIT_PROBLEM;
        }
      /* Out of time: what a receiver calls a temporary error (4.6.4). */
      result = mc_spf_result_to_string (MC_SPF_RESULT_TEMPERROR);
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "No DNS answer within %d second.",
                                                  "No DNS answer within %d seconds.", timeout),
                                     timeout);
      if (json)
        print_json (result, 0, 0, description, description, ip_text, domain, NULL);
      else
        g_print ("%s\n%s\n", result, description);
      return MC_EXIT_PROBLEM;
    }

  result = mc_spf_result_to_string (mc_spf_evaluation_get_result (evaluation));
  description = mc_spf_evaluation_describe (evaluation);
  explanation = mc_spf_evaluation_get_explanation (evaluation);

  if (json)
    print_json (result, mc_spf_evaluation_get_dns_lookups (evaluation),
                mc_spf_evaluation_get_void_lookups (evaluation),
                explanation != NULL ? explanation : description, description, ip_text, domain,
                evaluation);
  else
    {
      g_print ("%s\n", result);
      g_print ("%s\n", description);
      if (explanation != NULL)
        /* Translators: the explanation a domain gives with a “fail” (its exp= text). */
        g_print (_("Explanation: %s\n"), explanation);
      g_print (_("DNS look-ups: %u of %d; void look-ups: %u of %d\n"),
               mc_spf_evaluation_get_dns_lookups (evaluation), MC_SPF_MAX_DNS_LOOKUPS,
               mc_spf_evaluation_get_void_lookups (evaluation), MC_SPF_MAX_VOID_LOOKUPS);
    }

  switch (mc_spf_evaluation_get_result (evaluation))
    {
    case MC_SPF_RESULT_TEMPERROR:
    case MC_SPF_RESULT_PERMERROR:
      return MC_EXIT_PROBLEM;
    case MC_SPF_RESULT_NONE:
    case MC_SPF_RESULT_NEUTRAL:
    case MC_SPF_RESULT_PASS:
    case MC_SPF_RESULT_FAIL:
    case MC_SPF_RESULT_SOFTFAIL:
    default:
      return MC_EXIT_OK;
    }
}
