/* mc-application.c: the application: command-line options, actions, the resolver.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application owns the one resolver of the process (c-ares on the GLib
 * main loop) and installs it as the default GResolver, so that every look-up,
 * including those inside GSocketClient, asks the same servers.
 */
#include "config.h"

#include <unistd.h>

#include <ares.h>
#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>
#include <gnutls/gnutls.h>

#include "mc-application.h"
#include "mc-explain.h"
#include "mc-version.h"
#include "mc-window.h"

struct _McApplication
{
  AdwApplication  parent_instance;

  McResolver     *resolver;

  /* What the command line asked for, applied to the first window. */
  McAccount      *cmdline_account;
  char           *cmdline_account_id;
  char           *cmdline_ca_file;
  char           *cmdline_recipient;
  char           *cmdline_dkim_selector;
  char           *cmdline_blocklists;
  guint           cmdline_timeout;
  gboolean        cmdline_allow_plaintext_auth;
  gboolean        cmdline_run;

  /* --explain: the file, or what standard input held ("-"). */
  GFile          *cmdline_explain_file;
  GBytes         *cmdline_explain_data;
};

G_DEFINE_FINAL_TYPE (McApplication, mc_application, ADW_TYPE_APPLICATION)

#define HOMEPAGE_URL "https://github.com/mailcheckup/mail-checkup"
#define ISSUES_URL HOMEPAGE_URL "/issues"

/* Values are taken as strings and checked here, so that a bad value gives a
 * clear message and exit status 2 instead of GOption's generic failure. */
static const GOptionEntry option_entries[] = {
  { "account", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Check this account at once (an id that “mail-checkup-cli accounts” lists)"), N_("ID") },
  { "email", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The sender's e-mail address"), N_("ADDRESS") },
  { "host", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The sending (SMTP) server"), N_("HOST") },
  { "port", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The server's port (default: 587, or 465 with --security tls)"), N_("PORT") },
  { "security", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connection security: starttls, tls or none"), N_("SECURITY") },
  { "user", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The user name for logging in (default: the address)"), N_("USER") },
  /* No option for the password: every user of the machine could read it
   * in the list of processes. It is typed into the window. */
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Also trust the certificate authorities in this PEM file"), N_("FILE") },
  { "allow-plaintext-auth", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Allow sending the password over a connection that is not encrypted"), NULL },
  { "recipient", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Also check the domain of this recipient"), N_("ADDRESS") },
  { "dkim-selector", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The DKIM selector of your domain (default: try the common ones)"), N_("SELECTOR") },
  { "blocklists", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Ask the DNS blocklists listed in this file instead of the built-in ones"), N_("FILE") },
  { "dns-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("Ask this DNS server instead of the system's (repeatable)"), N_("IP[:PORT]") },
  { "timeout", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Seconds to wait for each network step (default: 10)"), N_("SECONDS") },
  { "run", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start the checkup as soon as the window opens"), NULL },
  { "explain", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Explain the error message or returned mail in this file (“-”: standard input)"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

static void
print_usage_error (const char *message)
{
  /* Translators: the program name, then an error message. */
  g_printerr (_("%s: %s\n"), g_get_prgname (), message);
}

static gboolean
parse_number (const char *text,
              guint64     min,
              guint64     max,
              guint64    *value)
{
  return g_ascii_string_to_unsigned (text, 10, min, max, value, NULL);
}

static int
mc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  McApplication *self = MC_APPLICATION (app);
  g_autoptr(McAccount) account = mc_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *security_text = NULL;
  g_autofree char *timeout_text = NULL;
  g_autofree char *user = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *explain = NULL;
  g_auto(GStrv) dns_servers = NULL;
  gboolean has_account = FALSE;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", g_get_prgname (), mc_version_get_display ());
      return 0;
    }

  if (g_variant_dict_lookup (options, "email", "s", &email))
    {
      mc_account_set_email (account, email);
      has_account = TRUE;
    }
  if (g_variant_dict_lookup (options, "host", "s", &host))
    {
      mc_account_set_host (account, host);
      has_account = TRUE;
    }
  if (g_variant_dict_lookup (options, "port", "s", &port_text))
    {
      guint64 port;

      if (!parse_number (port_text, 0, G_MAXUINT16, &port))
        {
          g_autofree char *message =
            /* Translators: %s is what was given after --port. */
            g_strdup_printf (_("--port “%s”: a port is a number from 1 to 65535 (0 chooses it automatically)"),
                             port_text);
          print_usage_error (message);
          return 2;
        }
      mc_account_set_port (account, (guint16) port);
      has_account = TRUE;
    }
  if (g_variant_dict_lookup (options, "security", "s", &security_text))
    {
      McSecurity security;

      if (!mc_security_from_string (security_text, &security))
        {
          g_autofree char *message =
            g_strdup_printf (_("--security “%s”: use starttls, tls or none"), security_text);
          print_usage_error (message);
          return 2;
        }
      mc_account_set_security (account, security);
      has_account = TRUE;
    }
  if (g_variant_dict_lookup (options, "user", "s", &user))
    {
      mc_account_set_user (account, *user != '\0' ? user : NULL);
      has_account = TRUE;
    }
  if (g_variant_dict_lookup (options, "ca-file", "^ay", &ca_file))
    {
      g_autoptr(McCheckup) checkup = mc_checkup_new (account, self->resolver);

      /* Read it now, the way the window's checkup will, so that a wrong
       * file is reported here and not after the window opened. */
      if (!mc_checkup_set_ca_file (checkup, ca_file, &error))
        {
          g_autofree char *message = g_strdup_printf ("--ca-file: %s", error->message);
          print_usage_error (message);
          return 2;
        }
      g_free (self->cmdline_ca_file);
      self->cmdline_ca_file = g_canonicalize_filename (ca_file, NULL);
    }
  self->cmdline_allow_plaintext_auth = g_variant_dict_contains (options, "allow-plaintext-auth");
  g_variant_dict_lookup (options, "recipient", "s", &self->cmdline_recipient);
  g_variant_dict_lookup (options, "dkim-selector", "s", &self->cmdline_dkim_selector);
  g_variant_dict_lookup (options, "blocklists", "^ay", &self->cmdline_blocklists);
  if (g_variant_dict_lookup (options, "timeout", "s", &timeout_text))
    {
      guint64 timeout;

      if (!parse_number (timeout_text, 1, 600, &timeout))
        {
          g_autofree char *message =
            /* Translators: %s is what was given after --timeout. */
            g_strdup_printf (_("--timeout “%s”: give 1 to 600 seconds"), timeout_text);
          print_usage_error (message);
          return 2;
        }
      self->cmdline_timeout = (guint) timeout;
    }
  if (g_variant_dict_lookup (options, "dns-server", "^as", &dns_servers))
    {
      if (!mc_resolver_set_servers (self->resolver, (const char * const *) dns_servers, &error))
        {
          g_autofree char *message = g_strdup_printf ("--dns-server: %s", error->message);
          print_usage_error (message);
          return 2;
        }
    }

  /* The server name and the address are checked here too, so that a typo
   * on the command line is not only found after the window opened. */
  if (mc_account_get_host (account) != NULL || mc_account_get_email (account) != NULL)
    {
      g_autoptr(McAccount) host_only = mc_account_new ();

      mc_account_set_host (host_only, mc_account_get_host (account));
      if (mc_account_get_host (account) != NULL && !mc_account_validate (host_only, &error))
        {
          g_autofree char *message = g_strdup_printf ("--host: %s", error->message);
          print_usage_error (message);
          return 2;
        }
      /* Without --host, only the address can be wrong. */
      if (mc_account_get_host (account) == NULL)
        mc_account_set_host (host_only, "localhost");
      mc_account_set_email (host_only, mc_account_get_email (account));
      if (!mc_account_validate (host_only, &error))
        {
          g_autofree char *message = g_strdup_printf ("--email: %s", error->message);
          print_usage_error (message);
          return 2;
        }
    }

  if (g_variant_dict_lookup (options, "account", "s", &self->cmdline_account_id))
    {
      /* Choosing an account and typing one in are two different things:
       * saying which one wins would only hide a mistake. */
      if (has_account)
        {
          print_usage_error (_("--account cannot be combined with --email, --host, --port, --security or --user"));
          return 2;
        }
      if (*self->cmdline_account_id == '\0')
        {
          print_usage_error (_("--account needs an account id; “mail-checkup-cli accounts” lists them"));
          return 2;
        }
    }

  if (g_variant_dict_lookup (options, "explain", "^ay", &explain))
    {
      if (g_strcmp0 (explain, "-") == 0)
        {
          g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);

          /* Read here, in the process that was given it: a window that is
           * already open runs in another process, with another input. */
          self->cmdline_explain_data = g_input_stream_read_bytes (in, MC_EXPLAIN_MAX_INPUT, NULL,
                                                                  &error);
          if (self->cmdline_explain_data == NULL)
            {
              g_autofree char *message = g_strdup_printf ("--explain: %s", error->message);
              print_usage_error (message);
              return 2;
            }
        }
      else if (!g_file_test (explain, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *message =
            /* Translators: %s is the file name given after --explain. */
            g_strdup_printf (_("--explain “%s”: no such file"), explain);
          print_usage_error (message);
          return 2;
        }
      else
        self->cmdline_explain_file = g_file_new_for_commandline_arg (explain);
    }

  if (has_account)
    self->cmdline_account = g_steal_pointer (&account);
  /* An account chosen on the command line is one to check: it is checked
   * at once, as with --run. */
  self->cmdline_run = g_variant_dict_contains (options, "run") || self->cmdline_account_id != NULL;

  /* Options describe this invocation's check (and its DNS servers, which
   * are process-wide), so such an invocation runs on its own instead of
   * handing over to a window that is already open. */
  if (has_account || self->cmdline_account_id != NULL || dns_servers != NULL ||
      self->cmdline_timeout > 0 || self->cmdline_run ||
      self->cmdline_ca_file != NULL || self->cmdline_allow_plaintext_auth ||
      self->cmdline_recipient != NULL || self->cmdline_dkim_selector != NULL ||
      self->cmdline_blocklists != NULL || self->cmdline_explain_file != NULL ||
      self->cmdline_explain_data != NULL)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return G_APPLICATION_CLASS (mc_application_parent_class)->handle_local_options (app, options);
}

static void
mc_application_activate (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  GtkWindow *window = NULL;

  /* The most recently focused main window; dialogs do not count. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (MC_IS_WINDOW (l->data))
        {
          window = l->data;
          break;
        }
    }
  if (window == NULL)
    window = GTK_WINDOW (mc_window_new (self));

  if (self->cmdline_account != NULL)
    {
      g_autoptr(McAccount) account = g_steal_pointer (&self->cmdline_account);

      mc_window_set_account (MC_WINDOW (window), account);
    }
  if (self->cmdline_account_id != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->cmdline_account_id);

      mc_window_select_account (MC_WINDOW (window), id);
    }
  if (self->cmdline_timeout > 0)
    mc_window_set_timeout (MC_WINDOW (window), self->cmdline_timeout);
  if (self->cmdline_ca_file != NULL)
    {
      g_autofree char *ca_file = g_steal_pointer (&self->cmdline_ca_file);
      g_autoptr(GError) error = NULL;

      /* Read once already in handle_local_options; only a file changed
       * since then can fail here. */
      if (!mc_window_set_ca_file (MC_WINDOW (window), ca_file, &error))
        g_printerr ("--ca-file: %s\n", error->message);
    }
  if (self->cmdline_allow_plaintext_auth)
    {
      self->cmdline_allow_plaintext_auth = FALSE;
      mc_window_set_allow_plaintext_auth (MC_WINDOW (window), TRUE);
    }
  if (self->cmdline_recipient != NULL)
    {
      g_autofree char *recipient = g_steal_pointer (&self->cmdline_recipient);

      mc_window_set_recipient (MC_WINDOW (window), recipient);
    }
  if (self->cmdline_dkim_selector != NULL)
    {
      g_autofree char *selector = g_steal_pointer (&self->cmdline_dkim_selector);

      mc_window_set_dkim_selector (MC_WINDOW (window), selector);
    }
  if (self->cmdline_blocklists != NULL)
    {
      g_autofree char *blocklists = g_steal_pointer (&self->cmdline_blocklists);

      mc_window_set_blocklists_file (MC_WINDOW (window), blocklists);
    }

  gtk_window_present (window);

  /* While the accounts load, the window runs the check once they have
   * loaded (and the account asked for is chosen). */
  if (self->cmdline_run)
    {
      self->cmdline_run = FALSE;
      mc_window_run (MC_WINDOW (window));
    }

  /* The explainer opens over the main window, with the message. */
  if (self->cmdline_explain_file != NULL)
    {
      g_autoptr(GFile) file = g_steal_pointer (&self->cmdline_explain_file);

      mc_explain_window_open_file (mc_window_show_explainer (MC_WINDOW (window)), file);
    }
  else if (self->cmdline_explain_data != NULL)
    {
      g_autoptr(GBytes) data = g_steal_pointer (&self->cmdline_explain_data);

      mc_explain_window_explain_data (mc_window_show_explainer (MC_WINDOW (window)), data);
    }
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Close rather than quit, so that every window stops its check and
   * remembers its size; the application ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static char *
build_debug_info (void)
{
  GString *info = g_string_new (NULL);
  g_autofree char *os = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);
  const char *language = g_getenv ("LANGUAGE");
  const char *const *names = g_get_language_names ();

  g_string_append_printf (info, "Mail Checkup %s\n", mc_version_get_display ());
  g_string_append_printf (info, "Application id: %s\n", APPLICATION_ID);
  g_string_append_printf (info, "Profile: %s\n", PROFILE);
  g_string_append_c (info, '\n');
  g_string_append_printf (info, "GTK: %u.%u.%u (built with %d.%d.%d)\n",
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version (),
                          GTK_MAJOR_VERSION, GTK_MINOR_VERSION, GTK_MICRO_VERSION);
  g_string_append_printf (info, "libadwaita: %u.%u.%u (built with %d.%d.%d)\n",
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version (),
                          ADW_MAJOR_VERSION, ADW_MINOR_VERSION, ADW_MICRO_VERSION);
  g_string_append_printf (info, "GLib: %u.%u.%u (built with %d.%d.%d)\n",
                          glib_major_version, glib_minor_version, glib_micro_version,
                          GLIB_MAJOR_VERSION, GLIB_MINOR_VERSION, GLIB_MICRO_VERSION);
  g_string_append_printf (info, "c-ares: %s (built with %s)\n", ares_version (NULL), ARES_VERSION_STR);
  g_string_append_printf (info, "GnuTLS: %s (built with %s)\n", gnutls_check_version (NULL),
                          GNUTLS_VERSION);
  /* glib-networking has no version API: its TLS backend's type says which
   * one GIO loaded (GTlsBackendGnutls from glib-networking, GDummyTlsBackend
   * when it is missing and no TLS check can work). */
  {
    GTlsBackend *tls = g_tls_backend_get_default ();

    g_string_append_printf (info, "glib-networking: TLS backend %s%s\n", G_OBJECT_TYPE_NAME (tls),
                            g_tls_backend_supports_tls (tls) ? "" : " (no TLS support: not installed?)");
  }
  g_string_append_c (info, '\n');
  g_string_append_printf (info, "System: %s\n", os ? os : "unknown");
  g_string_append_printf (info, "Language: %s (LANGUAGE=%s)\n", names[0], language ? language : "");

  return g_string_free (info, FALSE);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Mail Checkup developers", NULL };
  /* The libraries that do the real work, named as their projects name them. */
  static const char *libraries[] = {
    "GTK https://gtk.org", "libadwaita https://gnome.pages.gitlab.gnome.org/libadwaita/",
    "GLib https://gitlab.gnome.org/GNOME/glib", "glib-networking https://gitlab.gnome.org/GNOME/glib-networking",
    "c-ares https://c-ares.org", "GnuTLS https://gnutls.org",
    "json-glib https://gitlab.gnome.org/GNOME/json-glib", "libsecret https://gitlab.gnome.org/GNOME/libsecret",
    "GMime https://github.com/jstedfast/gmime", NULL
  };
  g_autofree char *debug_info = build_debug_info ();
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Mail Checkup"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Mail Checkup developers"),
                        "developers", developers,
                        "version", mc_version_get_display (),
                        "comments", _("Finds out why your email does not go out, and what to do about it."),
                        "website", HOMEPAGE_URL,
                        "issue-url", ISSUES_URL,
                        "copyright", "© 2026 The Mail Checkup developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line; shown in the About window. */
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        "debug-info-filename", "mail-checkup-debug-info.txt",
                        NULL);
  /* Translators: the heading above the libraries Mail Checkup is made with. */
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about), _("Built with"), libraries);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
};

static void
mc_application_startup (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  static const char *run_accels[] = { "<Control>r", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_accels[] = { "<Control>question", "<Control>slash", NULL };
  static const char *copy_report_accels[] = { "<Control><Shift>c", NULL };
  static const char *save_report_accels[] = { "<Control>s", NULL };

  G_APPLICATION_CLASS (mc_application_parent_class)->startup (app);

  g_resolver_set_default (G_RESOLVER (self->resolver));

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.run", run_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);
  /* The window binds these keys itself; set here too, so that the menus
   * show them next to their items. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.copy-report",
                                         copy_report_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.save-report",
                                         save_report_accels);
}

static void
mc_application_dispose (GObject *object)
{
  McApplication *self = MC_APPLICATION (object);

  g_clear_object (&self->cmdline_account);
  g_clear_pointer (&self->cmdline_account_id, g_free);
  g_clear_pointer (&self->cmdline_ca_file, g_free);
  g_clear_pointer (&self->cmdline_recipient, g_free);
  g_clear_pointer (&self->cmdline_dkim_selector, g_free);
  g_clear_pointer (&self->cmdline_blocklists, g_free);
  g_clear_object (&self->cmdline_explain_file);
  g_clear_pointer (&self->cmdline_explain_data, g_bytes_unref);
  g_clear_object (&self->resolver);

  G_OBJECT_CLASS (mc_application_parent_class)->dispose (object);
}

static void
mc_application_class_init (McApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mc_application_dispose;
  app_class->handle_local_options = mc_application_handle_local_options;
  app_class->startup = mc_application_startup;
  app_class->activate = mc_application_activate;
}

static void
mc_application_init (McApplication *self)
{
  self->resolver = mc_resolver_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Finds out why your email does not go out."));
}

McApplication *
mc_application_new (void)
{
  return g_object_new (MC_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

McResolver *
mc_application_get_resolver (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  return self->resolver;
}
