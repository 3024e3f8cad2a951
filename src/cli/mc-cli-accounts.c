/* mc-cli-accounts.c: the “accounts” command of mail-checkup-cli: the mail accounts found on this computer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mc-accounts.h"
#include "mc-cli.h"
#include "mc-cli-accounts.h"
#include "mc-secrets.h"

#define COMMAND "mail-checkup-cli accounts"
#define SCHEMA "mail-checkup-accounts/1"

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
  gboolean  loaded;
  GError   *error;
  guint     pending;    /* password states not yet known */
} Run;

typedef struct
{
  Run             *run;
  McPasswordState *state;
} StateRequest;

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  mc_accounts_load_finish (MC_ACCOUNTS (source), result, &run->error);
  run->loaded = TRUE;
}

static void
state_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  StateRequest *request = user_data;

  *request->state = mc_secrets_get_state_finish (MC_ACCOUNT (source), result);
  request->run->pending--;
  g_free (request);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_json (GListModel      *model,
            McPasswordState *states,
            GPtrArray       *problems)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (model);

  json_builder_begin_object (builder);
  add_string_member (builder, "schema", SCHEMA);

  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McAccount) account = g_list_model_get_item (model, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "id", mc_account_get_id (account));
      add_string_member (builder, "source", mc_account_get_source (account));
      add_string_member (builder, "source_file", mc_account_get_source_file (account));
      add_string_member (builder, "display_name", mc_account_get_display_name (account));
      add_string_member (builder, "email", mc_account_get_email (account));
      add_string_member (builder, "host", mc_account_get_host (account));
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, mc_account_get_effective_port (account));
      add_string_member (builder, "security", mc_security_to_string (mc_account_get_security (account)));
      add_string_member (builder, "user", mc_account_get_user (account));
      add_string_member (builder, "password_source",
                         mc_password_source_to_string (mc_account_get_password_source (account)));
      add_string_member (builder, "password_state", mc_password_state_to_string (states[i]));
      json_builder_set_member_name (builder, "password_available");
      json_builder_add_boolean_value (builder, states[i] == MC_PASSWORD_STATE_AVAILABLE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < problems->len; i++)
    {
      McAccountProblem *problem = g_ptr_array_index (problems, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "source", problem->source);
      add_string_member (builder, "path", problem->path);
      add_string_member (builder, "message", problem->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* Text from other programs' files, made safe for a terminal: valid UTF-8
 * and no control characters (an escape sequence could rewrite the screen). */
static char *
printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_iscntrl (c) ? 0xFFFD : c);
    }
  return g_string_free (out, FALSE);
}

static void
print_account (McAccount       *account,
               McPasswordState  state)
{
  g_autofree char *name = printable (mc_account_get_display_name (account));
  g_autofree char *email = printable (mc_account_get_email (account));
  g_autofree char *host = printable (mc_account_get_host (account));
  g_autofree char *user = printable (mc_account_get_user (account));
  g_autofree char *id = printable (mc_account_get_id (account));
  const char *file = mc_account_get_source_file (account);

  if (*name != '\0' && *email != '\0' && strcmp (name, email) != 0)
    g_print ("  %s <%s>\n", name, email);
  else
    g_print ("  %s\n", *email != '\0' ? email : *name != '\0' ? name : id);

  g_print ("    ");
  /* Translators: the server's name, its port, and the security setting
   * as mail programs show it (STARTTLS, SSL/TLS, None). */
  g_print (_("Sending server: %s, port %u, %s"), host,
           (guint) mc_account_get_effective_port (account),
           mc_security_get_label (mc_account_get_security (account)));
  g_print ("\n");
  if (mc_account_get_user (account) != NULL)
    {
      g_print ("    ");
      g_print (_("User name: %s"), user);
      g_print ("\n");
    }
  g_print ("    %s\n", mc_account_get_password_label (account, state));
  g_print ("    ");
  /* Translators: the account's name for --account, e.g. “msmtp:msmtprc/work”. */
  g_print (_("Account ID: %s"), id);
  g_print ("\n");
  if (file != NULL)
    {
      g_autofree char *display = g_filename_display_name (file);
      g_autofree char *shown = printable (display);

      g_print ("    ");
      /* Translators: %s is the settings file the account was read from. */
      g_print (_("Read from: %s"), shown);
      g_print ("\n");
    }
}

static void
print_text (GListModel      *model,
            McPasswordState *states,
            GPtrArray       *problems)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (model);

  if (n == 0)
    g_print ("%s\n", _("No mail accounts were found on this computer."));

  /* One block per program, in the order the accounts came. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McAccount) account = g_list_model_get_item (model, i);
      const char *source = mc_account_get_source (account);

      if (!g_ptr_array_find_with_equal_func (sources, source, g_str_equal, NULL))
        g_ptr_array_add (sources, (gpointer) g_intern_string (source));
    }
  for (guint s = 0; s < sources->len; s++)
    {
      const char *source = g_ptr_array_index (sources, s);

      if (s > 0)
        g_print ("\n");
      g_print ("%s\n", mc_account_source_get_label (source));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(McAccount) account = g_list_model_get_item (model, i);

          if (g_strcmp0 (mc_account_get_source (account), source) == 0)
            print_account (account, states[i]);
        }
    }

  if (problems->len > 0)
    {
      g_print ("\n%s\n", _("Settings that could not be read"));
      for (guint i = 0; i < problems->len; i++)
        {
          McAccountProblem *problem = g_ptr_array_index (problems, i);

          g_print ("  %s: %s\n", mc_account_source_get_label (problem->source), problem->message);
        }
    }
}

int
mc_cli_accounts (int    argc,
                 char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *lang = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Output: text or json (default: text)"), N_("FORMAT") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang,
      N_("Language of the report: en or ja"), N_("LANG") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccounts) accounts = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree McPasswordState *states = NULL;
  GListModel *model;
  Run run = { 0 };
  guint sigint_id, sigterm_id;
  gboolean json;
  guint n;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Lists the mail accounts found on this computer: Mail Checkup's "
                                  "own, and those of\nEvolution, Thunderbird, Geary, msmtp and git "
                                  "send-email, with where each keeps its password.\nThe settings "
                                  "of these programs are only read, never changed."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  mail-checkup-cli accounts\n"
                                      "  mail-checkup-cli accounts --format json\n"
                                      "\n"
                                      "Exit status: 0 when the list could be made (settings that "
                                      "could not be read\nare listed as problems), 2 for wrong "
                                      "options.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  g_set_prgname (COMMAND);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”"), argv[1]);

      return usage_error (message);
    }
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "json") != 0)
    {
      g_autofree char *message = g_strdup_printf (_("--format “%s”: use text or json"), format);

      return usage_error (message);
    }
  json = g_strcmp0 (format, "json") == 0;

  cancellable = g_cancellable_new ();
  sigint_id = g_unix_signal_add (SIGINT, interrupted_cb, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupted_cb, cancellable);

  accounts = mc_accounts_new ();
  mc_accounts_load_async (accounts, cancellable, load_cb, &run);
  while (!run.loaded)
    g_main_context_iteration (NULL, TRUE);
  if (run.error != NULL)
    {
      g_autoptr(GError) load_error = run.error;

      g_source_remove (sigint_id);
      g_source_remove (sigterm_id);
      g_printerr (_("%s: %s\n"), "mail-checkup-cli", load_error->message);
      return MC_EXIT_PROBLEM;
    }

  /* Every account's password state at once: each question has its own
   * time limit, so a Secret Service that does not answer cannot hold the
   * list for more than one of them. */
  model = mc_accounts_get_model (accounts);
  n = g_list_model_get_n_items (model);
  states = g_new0 (McPasswordState, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McAccount) account = g_list_model_get_item (model, i);
      StateRequest *request = g_new0 (StateRequest, 1);

      request->run = &run;
      request->state = &states[i];
      run.pending++;
      mc_secrets_get_state_async (account, cancellable, state_cb, request);
    }
  while (run.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (json)
    print_json (model, states, mc_accounts_get_problems (accounts));
  else
    print_text (model, states, mc_accounts_get_problems (accounts));
  return MC_EXIT_OK;
}
