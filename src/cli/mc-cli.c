/* mc-cli.c: the terminal interface of Mail Checkup: argument parsing and output only.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "mc-accounts.h"
#include "mc-checkup.h"
#include "mc-cli.h"
#include "mc-cli-accounts.h"
#include "mc-cli-explain.h"
#include "mc-cli-spf.h"
#include "mc-i18n.h"
#include "mc-port-map.h"
#include "mc-resolver.h"
#include "mc-version.h"

#define PROGRAM "mail-checkup-cli"

static void
print_error (const char *command,
             const char *message)
{
  /* Translators: first %s is the program name, second the error message. */
  g_printerr (_("%s: %s\n"), PROGRAM, message);
  if (command != NULL)
    /* Translators: %s is the program and the command, e.g. “mail-checkup-cli check”. */
    g_printerr (_("Run “%s --help” to see the options.\n"), command);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           /* Translators: keep the command names and options in English. */
           _("Usage: %s COMMAND [OPTION…]\n"
             "\n"
             "Finds out why e-mail does not go out, and what to do about it.\n"
             "\n"
             "Commands:\n"
             "  check      Check a sending account: network, DNS, the server and its ports\n"
             "  accounts   List the mail accounts found on this computer\n"
             "  explain    Explain an error message or a returned mail, and what to do\n"
             "  spf        Check whether an address may send mail for a domain (SPF)\n"
             "\n"
             "Options:\n"
             "  --help     Show this help\n"
             "  --version  Show the version\n"
             "\n"
             "Run “%s COMMAND --help” for the options of a command.\n"),
           PROGRAM, PROGRAM);
}

/* --lang must act before any text is printed, including the --help text
 * that GOptionContext writes while parsing, so it is applied first. */
static gboolean
apply_lang_early (int       argc,
                  char    **argv,
                  GError  **error)
{
  for (int i = 1; i < argc; i++)
    {
      const char *value = NULL;

      if (strcmp (argv[i], "--") == 0)
        break;
      if (strcmp (argv[i], "--lang") == 0 && i + 1 < argc)
        value = argv[i + 1];
      else if (g_str_has_prefix (argv[i], "--lang="))
        value = argv[i] + strlen ("--lang=");

      if (value != NULL && !mc_i18n_set_language (value, error))
        return FALSE;
    }
  return TRUE;
}

/* The password, from the first line of standard input: never from the
 * command line, where every user of the machine could read it. */
static char *
read_password (GError **error)
{
  char buffer[4096];
  gsize length;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--password-stdin: no password on standard input"));
      return NULL;
    }
  length = strcspn (buffer, "\r\n");
  if (length == 0)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--password-stdin: the password on standard input is empty"));
      return NULL;
    }
  {
    char *password = g_strndup (buffer, length);

    explicit_bzero (buffer, sizeof buffer);
    return password;
  }
}

typedef struct
{
  GMainLoop *loop;
  McReport  *report;
  GError    *error;
} RunState;

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunState *state = user_data;

  state->report = mc_checkup_run_finish (MC_CHECKUP (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GMainLoop *loop;
  gboolean   loaded;
  GError    *error;
} LoadState;

static void
accounts_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LoadState *state = user_data;

  state->loaded = mc_accounts_load_finish (MC_ACCOUNTS (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

/* --account: every account on this computer is read (as `accounts` lists
 * them) and the one with this id is copied, so that options given
 * explicitly can change it without touching the original. */
static McAccount *
load_account (const char  *id,
              GError     **error)
{
  g_autoptr(McAccounts) accounts = mc_accounts_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  LoadState state = { loop, FALSE, NULL };
  McAccount *account;

  mc_accounts_load_async (accounts, NULL, accounts_loaded_cb, &state);
  g_main_loop_run (loop);
  if (!state.loaded)
    {
      g_propagate_error (error, state.error);
      return NULL;
    }

  account = mc_accounts_lookup (accounts, id);
  if (account == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s is an account id such as “evolution:1a2b…”; keep the
                    * command in English. */
                   _("No account “%s”. Run “mail-checkup-cli accounts” to list them."), id);
      return NULL;
    }
  return mc_account_copy (account);
}

static int
cmd_check (int    argc,
           char **argv)
{
  g_autofree char *email = NULL;
  g_autofree char *host = NULL;
  g_autofree char *security_text = NULL;
  g_autofree char *user = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *lang = NULL;
  g_auto(GStrv) dns_servers = NULL;
  int port = -1;
  int timeout = MC_CHECKUP_DEFAULT_TIMEOUT;
  gboolean redact = FALSE;
  gboolean verbose = FALSE;
  gboolean password_stdin = FALSE;
  gboolean allow_plaintext_auth = FALSE;
  g_autofree char *ca_file = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *dkim_selector = NULL;
  g_autofree char *blocklists = NULL;
  g_autofree char *password = NULL;  /* wiped right after use */
  g_autofree char *account_id = NULL;
  g_auto(GStrv) attachment_paths = NULL;
  gint64 attachment_bytes = -1;
  g_autoptr(GPtrArray) attachments = NULL;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_id,
      N_("Check this account, as “mail-checkup-cli accounts” lists it; the options below change "
         "its settings for this check only"), N_("ID") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email,
      N_("The sender's e-mail address"), N_("ADDRESS") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host,
      N_("The sending (SMTP) server"), N_("HOST") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("The server's port (default: 587, or 465 with --security tls)"), N_("PORT") },
    { "security", 0, 0, G_OPTION_ARG_STRING, &security_text,
      N_("Connection security: starttls, tls or none"), N_("SECURITY") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      N_("The user name for logging in (default: the address)"), N_("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Also trust the certificate authorities in this PEM file"), N_("FILE") },
    { "allow-plaintext-auth", 0, 0, G_OPTION_ARG_NONE, &allow_plaintext_auth,
      N_("Allow sending the password over a connection that is not encrypted"), NULL },
    { "recipient", 0, 0, G_OPTION_ARG_STRING, &recipient,
      N_("Also check the domain of this recipient"), N_("ADDRESS") },
    { "attachment", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &attachment_paths,
      N_("Also check whether this file can be sent: its size once encoded against the limits, "
         "and its type (repeatable; the file is never sent)"), N_("FILE") },
    { "attachment-bytes", 0, 0, G_OPTION_ARG_INT64, &attachment_bytes,
      N_("Also check whether an attachment of this many bytes can be sent"), N_("N") },
    { "dkim-selector", 0, 0, G_OPTION_ARG_STRING, &dkim_selector,
      N_("The DKIM selector of your domain (default: try the common ones)"), N_("SELECTOR") },
    { "blocklists", 0, 0, G_OPTION_ARG_FILENAME, &blocklists,
      N_("Ask the DNS blocklists listed in this file instead of the built-in ones"), N_("FILE") },
    { "dns-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, &dns_servers,
      N_("Ask this DNS server instead of the system's (repeatable)"), N_("IP[:PORT]") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds to wait for each network step (default: 10)"), N_("SECONDS") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output: text, markdown or json (default: text)"), N_("FORMAT") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang,
      N_("Language of the report: en or ja"), N_("LANG") },
    { "redact", 0, 0, G_OPTION_ARG_NONE, &redact,
      N_("Mask the user part of addresses and the user name"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Show the technical details of every check, such as the SMTP transcript"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McResolver) resolver = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(McCheckup) checkup = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *output = NULL;
  McSecurity security = MC_SECURITY_STARTTLS;
  McReportFormat format = MC_REPORT_FORMAT_TEXT;
  McPortMap port_map;
  RunState state = { 0 };
  guint sigint_id, sigterm_id;
  int status;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Checks the network, DNS and the sending (SMTP) server of an "
                                  "account, all at once,\nand says what is wrong and how to fix it."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  mail-checkup-cli check --email taro@example.jp --host smtp.example.jp\n"
                                      "  mail-checkup-cli check --host smtp.example.jp --port 465 --security tls --format json\n"
                                      "\n"
                                      "Exit status: 0 when nothing failed, 1 when a check failed or could not\n"
                                      "be done, 2 for wrong options.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  g_set_prgname (PROGRAM " check");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error (PROGRAM " check", error->message);
      return MC_EXIT_USAGE;
    }

  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”"), argv[1]);

      print_error (PROGRAM " check", message);
      return MC_EXIT_USAGE;
    }
  if (account_id == NULL && (host == NULL || *host == '\0'))
    {
      print_error (PROGRAM " check", _("Give the sending server with --host HOST"));
      return MC_EXIT_USAGE;
    }
  if (port != -1 && (port < 1 || port > 65535))
    {
      g_autofree char *message = g_strdup_printf (_("--port %d: a port is a number from 1 to 65535"), port);

      print_error (PROGRAM " check", message);
      return MC_EXIT_USAGE;
    }
  if (timeout < 1 || timeout > 600)
    {
      g_autofree char *message = g_strdup_printf (_("--timeout %d: give 1 to 600 seconds"), timeout);

      print_error (PROGRAM " check", message);
      return MC_EXIT_USAGE;
    }
  if (security_text != NULL && !mc_security_from_string (security_text, &security))
    {
      g_autofree char *message =
        g_strdup_printf (_("--security “%s”: use starttls, tls or none"), security_text);

      print_error (PROGRAM " check", message);
      return MC_EXIT_USAGE;
    }
  if (recipient != NULL && (strchr (recipient, '@') == NULL || g_str_has_suffix (recipient, "@")))
    {
      g_autofree char *message = g_strdup_printf (_("--recipient “%s”: give an e-mail address"), recipient);

      print_error (PROGRAM " check", message);
      return MC_EXIT_USAGE;
    }
  if (attachment_paths != NULL && attachment_bytes != -1)
    {
      print_error (PROGRAM " check", _("Give either --attachment or --attachment-bytes, not both"));
      return MC_EXIT_USAGE;
    }
  if (attachment_bytes != -1 && attachment_bytes < 1)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, attachment_bytes);
      /* Translators: %s is the number given with --attachment-bytes. */
      g_autofree char *message = g_strdup_printf (_("--attachment-bytes %s: give a number of bytes "
                                                    "above 0"), number);

      print_error (PROGRAM " check", message);
      return MC_EXIT_USAGE;
    }
  /* A file that is not there is a mistake in the command, found before
   * anything runs; the checkup measures the files themselves. */
  for (guint i = 0; attachment_paths != NULL && attachment_paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (attachment_paths[i]);
      g_autoptr(GFileInfo) info = NULL;
      g_autofree char *message = NULL;

      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                                NULL, &error);
      if (info == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        /* Translators: %s is the file name given with --attachment. */
        message = g_strdup_printf (_("--attachment “%s”: there is no such file"), attachment_paths[i]);
      else if (info == NULL)
        message = g_strdup_printf ("--attachment “%s”: %s", attachment_paths[i], error->message);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        /* Translators: %s is the folder name given with --attachment. */
        message = g_strdup_printf (_("--attachment “%s”: this is a folder; give a file"),
                                   attachment_paths[i]);
      if (message != NULL)
        {
          print_error (PROGRAM " check", message);
          return MC_EXIT_USAGE;
        }
      if (attachments == NULL)
        attachments = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (attachments, g_steal_pointer (&file));
    }
  if (security_text == NULL && port == 465)
    {
      security = MC_SECURITY_TLS;
      security_text = g_strdup ("tls");
    }
  if (format_text != NULL && !mc_report_format_from_string (format_text, &format))
    {
      g_autofree char *message =
        g_strdup_printf (_("--format “%s”: use text, markdown or json"), format_text);

      print_error (PROGRAM " check", message);
      return MC_EXIT_USAGE;
    }
  if (!mc_port_map_parse (&port_map, g_getenv ("MAIL_CHECKUP_PORT_MAP"), &error))
    {
      print_error (NULL, error->message);
      return MC_EXIT_USAGE;
    }

  resolver = mc_resolver_new ();
  if (dns_servers != NULL && !mc_resolver_set_servers (resolver, (const char * const *) dns_servers, &error))
    {
      g_autofree char *message = g_strdup_printf ("--dns-server: %s", error->message);

      print_error (PROGRAM " check", message);
      return MC_EXIT_USAGE;
    }
  /* Three tries' worth of time (c-ares doubles the wait at each) fit in one deadline. */
  mc_resolver_set_query_timeout (resolver, MAX (200, timeout * 1000 / 3), 2);
  g_resolver_set_default (G_RESOLVER (resolver));

  if (account_id != NULL)
    {
      /* The account's password is looked up by the checkup itself, from
       * where the account keeps it, unless --password-stdin gives one. */
      account = load_account (account_id, &error);
      if (account == NULL)
        {
          print_error (NULL, error->message);
          return MC_EXIT_USAGE;
        }
    }
  else
    {
      account = mc_account_new ();
      mc_account_set_source (account, "command-line");
    }
  /* Options given explicitly win over the account's own settings. */
  if (email != NULL)
    mc_account_set_email (account, email);
  if (host != NULL)
    mc_account_set_host (account, host);
  if (port != -1)
    mc_account_set_port (account, port);
  if (security_text != NULL)
    mc_account_set_security (account, security);
  if (user != NULL)
    mc_account_set_user (account, user);
  if (!mc_account_validate (account, &error))
    {
      print_error (PROGRAM " check", error->message);
      return MC_EXIT_USAGE;
    }

  checkup = mc_checkup_new (account, resolver);
  mc_checkup_set_timeout (checkup, timeout);
  mc_checkup_set_allow_plaintext_auth (checkup, allow_plaintext_auth);
  mc_checkup_set_recipient (checkup, recipient);
  mc_checkup_set_dkim_selector (checkup, dkim_selector);
  mc_checkup_set_blocklists_file (checkup, blocklists);
  mc_checkup_set_attachments (checkup, attachments);
  if (attachment_bytes > 0)
    mc_checkup_set_attachment_bytes (checkup, (guint64) attachment_bytes);
  if (ca_file != NULL && !mc_checkup_set_ca_file (checkup, ca_file, &error))
    {
      g_autofree char *message = g_strdup_printf ("--ca-file: %s", error->message);

      print_error (PROGRAM " check", message);
      return MC_EXIT_USAGE;
    }
  if (password_stdin)
    {
      password = read_password (&error);
      if (password == NULL)
        {
          print_error (PROGRAM " check", error->message);
          return MC_EXIT_USAGE;
        }
      mc_checkup_set_password (checkup, password);
      explicit_bzero (password, strlen (password));
    }

  cancellable = g_cancellable_new ();
  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  sigint_id = g_unix_signal_add (SIGINT, interrupted_cb, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupted_cb, cancellable);

  mc_checkup_run_async (checkup, cancellable, run_done_cb, &state);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (state.report == NULL)
    {
      print_error (NULL, state.error->message);
      status = g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT)
               ? MC_EXIT_USAGE : MC_EXIT_PROBLEM;
      g_clear_error (&state.error);
      return status;
    }

  mc_report_set_verbose (state.report, verbose);
  output = mc_report_render (state.report, format, redact);
  g_print ("%s", output);
  if (!g_str_has_suffix (output, "\n"))
    g_print ("\n");

  status = mc_report_get_exit_status (state.report);
  g_clear_object (&state.report);
  return status;
}

int
mc_cli_main (int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *command;

  mc_i18n_init ();
  /* Standard output is the report (JSON for scripts): debug and warning
   * messages, with G_MESSAGES_DEBUG too, go to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);

  if (!apply_lang_early (argc, argv, &error))
    {
      print_error (NULL, error->message);
      return MC_EXIT_USAGE;
    }

  /* --lang may also come before the command ("--lang ja check …"): it was
   * applied above; the command is what follows it. */
  while (argc >= 2 && (g_str_has_prefix (argv[1], "--lang=") ||
                       (strcmp (argv[1], "--lang") == 0 && argc >= 3)))
    {
      int skip = strcmp (argv[1], "--lang") == 0 ? 2 : 1;

      argv[skip] = argv[0];
      argv += skip;
      argc -= skip;
    }

  if (argc < 2)
    {
      print_usage (stderr);
      return MC_EXIT_USAGE;
    }

  command = argv[1];
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0 ||
      strcmp (command, "help") == 0)
    {
      print_usage (stdout);
      return MC_EXIT_OK;
    }
  if (strcmp (command, "--version") == 0)
    {
      g_print ("%s %s\n", PROGRAM, mc_version_get_display ());
      return MC_EXIT_OK;
    }
  if (strcmp (command, "check") == 0)
    return cmd_check (argc - 1, argv + 1);
  if (strcmp (command, "accounts") == 0)
    return mc_cli_accounts (argc - 1, argv + 1);
  if (strcmp (command, "explain") == 0)
    return mc_cli_explain (argc - 1, argv + 1);
  if (strcmp (command, "spf") == 0)
    return mc_cli_spf (argc - 1, argv + 1);

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), command);

    print_error (NULL, message);
    print_usage (stderr);
  }
  return MC_EXIT_USAGE;
}
