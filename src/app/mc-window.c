/* mc-window.c: the main window: the account form, the Check button and the findings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window keeps one McAccount and one McCheckup. The form is copied into
 * the account when a check starts, never while it runs, so the probes always
 * see the values the person asked for. The rows exist from the start (every
 * finding "Waiting") and follow their findings live.
 *
 * The password lives only in its entry row (AdwPasswordEntryRow keeps it in
 * non-pageable memory where it can) and, while a check runs, in the checkup,
 * which is told to forget it as soon as the check has ended.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mc-finding-row.h"
#include "mc-status-light.h"
#include "mc-window.h"

/* The schema id stays the same for the development profile, whose
 * application id ends in .Devel, so both share one remembered size. */
#define SETTINGS_SCHEMA_ID "io.github.mailcheckup.MailCheckup"

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkButton            *run_button;
  GtkButton            *cancel_button;
  AdwEntryRow          *email_row;
  AdwEntryRow          *host_row;
  AdwActionRow         *port_row;
  GtkSpinButton        *port_spin;
  AdwComboRow          *security_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  AdwEntryRow          *recipient_row;
  AdwEntryRow          *dkim_row;
  AdwActionRow         *plaintext_row;
  GtkSwitch            *plaintext_switch;
  McStatusLight        *verdict_light;
  GtkLabel             *verdict_title;
  GtkLabel             *verdict_summary;
  GtkLabel             *verdict_meta;
  GtkBox               *groups_box;

  GSettings            *settings;
  McResolver           *resolver;
  McAccount            *account;
  McCheckup            *checkup;
  GCancellable         *cancellable;
  McReport             *report;
  GError               *run_error;
  char                 *ca_file;
  char                 *blocklists_file;

  guint                 timeout_s;
  gboolean              disposed;
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  CHECKUP_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The order of the items in the security combo row. */
static const McSecurity security_choices[] = {
  MC_SECURITY_STARTTLS,
  MC_SECURITY_TLS,
  MC_SECURITY_NONE,
};

static McSecurity
get_security (McWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->security_row);

  return selected < G_N_ELEMENTS (security_choices) ? security_choices[selected]
                                                     : MC_SECURITY_STARTTLS;
}

static void
set_security (McWindow   *self,
              McSecurity  security)
{
  for (guint i = 0; i < G_N_ELEMENTS (security_choices); i++)
    {
      if (security_choices[i] == security)
        adw_combo_row_set_selected (self->security_row, i);
    }
}

/* Port text: empty or the word for "automatic" is 0, otherwise 1–65535.
 * Returns FALSE for anything else. */
static gboolean
parse_port (const char *text,
            guint16    *port)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  guint64 value = 0;

  if (*stripped == '\0' ||
      g_utf8_collate (stripped, C_("port", "Automatic")) == 0 ||
      g_ascii_strcasecmp (stripped, "auto") == 0)
    {
      *port = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXUINT16, &value, NULL))
    return FALSE;

  *port = (guint16) value;
  return TRUE;
}

static void
set_row_error (GtkWidget *row,
               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
show_toast (McWindow   *self,
            const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The verdict line: what is happening, or what the last check found. */
static void
update_verdict (McWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *meta = NULL;
  const char *summary = NULL;
  McStatus light = MC_STATUS_PENDING;

  if (self->checkup != NULL && mc_checkup_get_running (self->checkup))
    {
      guint n = mc_checkup_get_n_running (self->checkup);
      McAccount *account = mc_checkup_get_account (self->checkup);

      light = MC_STATUS_RUNNING;
      if (n > 0)
        /* Translators: %u is how many checks are running at the same time. */
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Checking… %u check running",
                                              "Checking… %u checks running", n), n);
      else
        title = g_strdup (_("Checking…"));
      /* Translators: %s is the sending server's name, %u its port number. */
      meta = g_strdup_printf (_("Server %s, port %u"), mc_account_get_host (account),
                              (guint) mc_account_get_effective_port (account));
    }
  else if (self->report != NULL)
    {
      McFinding *headline = mc_report_get_headline (self->report);
      const char *headline_title = headline ? mc_finding_get_title (headline) : "";
      g_autofree char *took = NULL;

      light = mc_report_get_overall_status (self->report);
      switch (light)
        {
        case MC_STATUS_WARN:
          /* Translators: %s is the title of a check, such as "Mail ports". */
          title = g_strdup_printf (_("Warning: %s"), headline_title);
          break;

        case MC_STATUS_FAIL:
          /* Translators: %s is the title of a check, such as "Mail ports". */
          title = g_strdup_printf (_("Problem found: %s"), headline_title);
          break;

        case MC_STATUS_ERROR:
          /* Translators: %s is the title of a check that could not be done. */
          title = g_strdup_printf (_("Could not check: %s"), headline_title);
          break;

        case MC_STATUS_OK:
        case MC_STATUS_INFO:
        case MC_STATUS_SKIPPED:
        case MC_STATUS_PENDING:
        case MC_STATUS_RUNNING:
        default:
          light = MC_STATUS_OK;
          title = g_strdup (_("All checks passed"));
          break;
        }
      if (headline != NULL)
        summary = mc_finding_get_summary (headline);
      took = mc_format_duration (mc_report_get_duration_ms (self->report));
      /* Translators: %s is a duration, such as “1.2 s” or “12 ms”. */
      meta = g_strdup_printf (_("Finished in %s"), took);
    }
  else if (self->run_error != NULL)
    {
      if (g_error_matches (self->run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          light = MC_STATUS_SKIPPED;
          title = g_strdup (_("The checkup was stopped"));
          summary = _("Choose Check to start again.");
        }
      else
        {
          light = MC_STATUS_ERROR;
          title = g_strdup (_("The checkup could not start"));
          summary = self->run_error->message;
        }
    }
  else
    {
      title = g_strdup (_("Ready to check"));
      summary = _("Enter the sending server of your mail account and choose Check.");
    }

  mc_status_light_set_status (self->verdict_light, light);
  gtk_label_set_label (self->verdict_title, title);
  gtk_label_set_label (self->verdict_summary, summary ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_summary), summary != NULL && *summary != '\0');
  gtk_label_set_label (self->verdict_meta, meta ? meta : "");
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_meta), meta != NULL);
}

static void
update_running (McWindow *self)
{
  gboolean running = self->checkup != NULL && mc_checkup_get_running (self->checkup);
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "run");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !running);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "cancel");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), running);

  gtk_widget_set_visible (GTK_WIDGET (self->run_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);

  update_verdict (self);
}

static void
rebuild_rows (McWindow *self)
{
  AdwPreferencesGroup *groups[MC_GROUP_RECIPIENT + 1] = { NULL };
  GListModel *findings;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);

  if (self->checkup == NULL)
    return;

  /* One group per part of the system that has findings, in plan order. */
  findings = mc_checkup_get_findings (self->checkup);
  n = g_list_model_get_n_items (findings);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McFinding) finding = g_list_model_get_item (findings, i);
      McGroup group = mc_finding_get_group (finding);

      g_assert (group < G_N_ELEMENTS (groups));

      if (groups[group] == NULL)
        {
          groups[group] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (groups[group], mc_group_get_title (group));
          gtk_box_append (self->groups_box, GTK_WIDGET (groups[group]));
        }
      adw_preferences_group_add (groups[group], mc_finding_row_new (finding));
    }
}

static void
findings_changed_cb (McWindow   *self,
                     guint       position,
                     guint       removed,
                     guint       added,
                     GListModel *model)
{
  rebuild_rows (self);
}

static void
disconnect_checkup (McWindow *self)
{
  if (self->checkup == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->checkup, self);
  g_signal_handlers_disconnect_by_data (mc_checkup_get_findings (self->checkup), self);
}

static void
set_checkup (McWindow  *self,
             McCheckup *checkup)
{
  disconnect_checkup (self);
  g_set_object (&self->checkup, checkup);

  if (self->checkup != NULL)
    {
      if (self->timeout_s > 0)
        mc_checkup_set_timeout (self->checkup, self->timeout_s);
      if (self->ca_file != NULL)
        {
          g_autoptr(GError) error = NULL;

          /* It was read once already; it can only fail if it changed since. */
          if (!mc_checkup_set_ca_file (self->checkup, self->ca_file, &error))
            {
              show_toast (self, error->message);
              g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->blocklists_file, g_free);
            }
        }
      mc_checkup_set_blocklists_file (self->checkup, self->blocklists_file);

      g_signal_connect_object (self->checkup, "notify::running",
                               G_CALLBACK (update_running), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->checkup, "notify::n-running",
                               G_CALLBACK (update_verdict), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mc_checkup_get_findings (self->checkup), "items-changed",
                               G_CALLBACK (findings_changed_cb), self, G_CONNECT_SWAPPED);
    }

  rebuild_rows (self);
  update_running (self);
}

/* Copies the form into the account. Marks the first wrong row, explains
 * it in a toast and returns FALSE when the form cannot be checked. */
static gboolean
read_form (McWindow *self)
{
  g_autofree char *recipient = NULL;
  g_autofree char *selector = NULL;
  g_autoptr(McAccount) probe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *email = NULL;
  g_autofree char *user = NULL;
  guint16 port = 0;

  host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));

  if (*host == '\0')
    {
      set_row_error (GTK_WIDGET (self->host_row), TRUE);
      show_toast (self, _("Enter the sending server (SMTP host) of your mail account"));
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return FALSE;
    }

  if (!parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_spin)), &port))
    {
      set_row_error (GTK_WIDGET (self->port_row), TRUE);
      set_row_error (GTK_WIDGET (self->port_spin), TRUE);
      show_toast (self, _("The port is a number from 1 to 65535, or 0 for automatic"));
      gtk_widget_grab_focus (GTK_WIDGET (self->port_spin));
      return FALSE;
    }
  gtk_spin_button_set_value (self->port_spin, port);

  /* Check the server name on its own first, to know which row to mark. */
  probe = mc_account_new ();
  mc_account_set_host (probe, host);
  if (!mc_account_validate (probe, &error))
    {
      set_row_error (GTK_WIDGET (self->host_row), TRUE);
      show_toast (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return FALSE;
    }
  mc_account_set_email (probe, email);
  if (!mc_account_validate (probe, &error))
    {
      set_row_error (GTK_WIDGET (self->email_row), TRUE);
      show_toast (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
      return FALSE;
    }

  mc_account_set_host (self->account, host);
  mc_account_set_email (self->account, *email != '\0' ? email : NULL);
  mc_account_set_port (self->account, port);
  mc_account_set_security (self->account, get_security (self));

  /* A user name is taken as typed, but spaces around it are never meant. */
  user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  mc_account_set_user (self->account, *user != '\0' ? user : NULL);

  recipient = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_row))));
  if (*recipient != '\0' && (strchr (recipient, '@') == NULL || g_str_has_suffix (recipient, "@")))
    {
      set_row_error (GTK_WIDGET (self->recipient_row), TRUE);
      show_toast (self, _("The recipient's address needs an “@” and a domain"));
      gtk_widget_grab_focus (GTK_WIDGET (self->recipient_row));
      return FALSE;
    }
  set_row_error (GTK_WIDGET (self->recipient_row), FALSE);
  selector = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->dkim_row))));
  mc_checkup_set_recipient (self->checkup, recipient);
  mc_checkup_set_dkim_selector (self->checkup, selector);
  return TRUE;
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = mc_checkup_run_finish (MC_CHECKUP (source), result, &error);

  /* The checkup keeps the password no longer than the check needs it. */
  mc_checkup_set_password (MC_CHECKUP (source), NULL);

  /* A window closed meanwhile, or a checkup replaced by another resolver's. */
  if (self->disposed || MC_CHECKUP (source) != self->checkup)
    return;

  g_clear_object (&self->report);
  g_clear_error (&self->run_error);
  if (report != NULL)
    self->report = g_steal_pointer (&report);
  else
    self->run_error = g_steal_pointer (&error);

  update_running (self);
  g_signal_emit (self, signals[CHECKUP_FINISHED], 0);
}

/**
 * mc_window_run:
 *
 * Checks the account in the form, as the Check button does. Does nothing
 * while a check runs; marks the form when it cannot be checked.
 */
void
mc_window_run (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  if (self->checkup == NULL || mc_checkup_get_running (self->checkup))
    return;

  if (!read_form (self))
    return;

  {
    const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

    mc_checkup_set_password (self->checkup, (password != NULL && *password != '\0') ? password : NULL);
  }
  /* The switch only means something for a connection that is not encrypted
   * on purpose: with STARTTLS asked for, the password never goes out in
   * the clear, even when the server does not offer STARTTLS. */
  mc_checkup_set_allow_plaintext_auth (self->checkup,
                                       gtk_switch_get_active (self->plaintext_switch) &&
                                       get_security (self) == MC_SECURITY_NONE);

  g_clear_object (&self->report);
  g_clear_error (&self->run_error);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  mc_checkup_run_async (self->checkup, self->cancellable, run_cb, g_object_ref (self));
  update_running (self);
}

static void
run_action (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  mc_window_run (MC_WINDOW (user_data));
}

static void
cancel_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  McWindow *self = MC_WINDOW (user_data);

  g_cancellable_cancel (self->cancellable);
}

static const GActionEntry win_actions[] = {
  { .name = "run", .activate = run_action },
  { .name = "cancel", .activate = cancel_action },
};

static void
entry_activated_cb (McWindow    *self,
                    AdwEntryRow *row)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "run", NULL);
}

static void
row_changed_cb (GtkEditable *editable,
                McWindow    *self)
{
  /* The spin button sits inside the port row; the entry rows are the rows. */
  if (GTK_IS_SPIN_BUTTON (editable))
    {
      set_row_error (GTK_WIDGET (self->port_row), FALSE);
      set_row_error (GTK_WIDGET (editable), FALSE);
    }
  else
    set_row_error (GTK_WIDGET (editable), FALSE);
}

static void
update_port_subtitle (McWindow *self)
{
  guint port = (guint) gtk_spin_button_get_value_as_int (self->port_spin);
  guint usual = mc_security_default_port (get_security (self));
  g_autofree char *subtitle = NULL;

  if (port == 0)
    /* Translators: the port is chosen automatically; %u is the port that will be used. */
    subtitle = g_strdup_printf (_("Automatic: %u"), usual);
  else if (port == usual)
    subtitle = g_strdup (_("The usual port for this security setting"));
  else
    /* Translators: %u is a port number such as 587. */
    subtitle = g_strdup_printf (_("The usual port for this security setting is %u"), usual);

  adw_action_row_set_subtitle (self->port_row, subtitle);
}

/* Sending the password in the clear is only possible without encryption. */
static void
update_plaintext_row (McWindow *self)
{
  g_autofree char *subtitle = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->plaintext_row),
                            get_security (self) == MC_SECURITY_NONE);

  subtitle =
    /* Translators: %s is the security setting without encryption, “None”. */
    g_strdup_printf (_("Others on the network could read the password. Only used with the security setting “%s”."),
                     mc_security_get_label (MC_SECURITY_NONE));
  adw_action_row_set_subtitle (self->plaintext_row, subtitle);
}

static gboolean
port_output_cb (GtkSpinButton *spin,
                McWindow      *self)
{
  if (gtk_spin_button_get_value_as_int (spin) != 0)
    return FALSE;

  /* Translators: shown in the port field when the port is chosen automatically. */
  gtk_editable_set_text (GTK_EDITABLE (spin), C_("port", "Automatic"));
  return TRUE;
}

static int
port_input_cb (GtkSpinButton *spin,
               double        *new_value,
               McWindow      *self)
{
  guint16 port;

  if (!parse_port (gtk_editable_get_text (GTK_EDITABLE (spin)), &port))
    return GTK_INPUT_ERROR;

  *new_value = port;
  return TRUE;
}

/* A window made without an AdwApplication (the tests) does not get the
 * application's style sheet on its own. */
static void
ensure_style (McWindow *self)
{
  static GtkCssProvider *provider;
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (ADW_IS_APPLICATION (app) || provider != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
restore_window_state (McWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  int width, height;

  /* Running uninstalled without `meson devenv` finds no schema: the window
   * then simply does not remember its size. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);

  g_cancellable_cancel (self->cancellable);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      g_settings_apply (self->settings);
    }

  if (GTK_WINDOW_CLASS (mc_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
  return FALSE;
}

static void
mc_window_constructed (GObject *object)
{
  McWindow *self = MC_WINDOW (object);
  GtkApplication *app;

  G_OBJECT_CLASS (mc_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (MC_IS_APPLICATION (app))
    self->resolver = g_object_ref (mc_application_get_resolver (MC_APPLICATION (app)));
  else
    {
      g_autoptr(GResolver) fallback = g_resolver_get_default ();

      self->resolver = MC_IS_RESOLVER (fallback) ? g_object_ref (MC_RESOLVER (fallback))
                                                 : mc_resolver_new ();
    }

  ensure_style (self);
  restore_window_state (self);

  {
    g_autoptr(McCheckup) checkup = mc_checkup_new (self->account, self->resolver);

    set_checkup (self, checkup);
  }
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  disconnect_checkup (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WINDOW);

  g_clear_object (&self->checkup);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->report);
  g_clear_error (&self->run_error);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->blocklists_file, g_free);
  g_clear_object (&self->account);
  g_clear_object (&self->resolver);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mc_window_constructed;
  object_class->dispose = mc_window_dispose;
  window_class->close_request = mc_window_close_request;

  /**
   * McWindow::checkup-finished:
   *
   * Emitted when a check has ended, with a report or with an error
   * (cancelled, or the account could not be checked).
   */
  signals[CHECKUP_FINISHED] =
    g_signal_new ("checkup-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_STATUS_LIGHT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, email_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, host_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, port_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, port_spin);
  gtk_widget_class_bind_template_child (widget_class, McWindow, security_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dkim_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, plaintext_row);
  gtk_widget_class_bind_template_child (widget_class, McWindow, plaintext_switch);
  gtk_widget_class_bind_template_child (widget_class, McWindow, verdict_light);
  gtk_widget_class_bind_template_child (widget_class, McWindow, verdict_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, verdict_summary);
  gtk_widget_class_bind_template_child (widget_class, McWindow, verdict_meta);
  gtk_widget_class_bind_template_child (widget_class, McWindow, groups_box);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_port_subtitle);
  gtk_widget_class_bind_template_callback (widget_class, update_plaintext_row);
  gtk_widget_class_bind_template_callback (widget_class, port_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_input_cb);

  /* Escape stops a running check; the application binds Ctrl+R to win.run. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
}

static void
mc_window_init (McWindow *self)
{
  g_autoptr(GtkStringList) security_names = gtk_string_list_new (NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The names of the settings as the engine and the reports say them. */
  for (guint i = 0; i < G_N_ELEMENTS (security_choices); i++)
    gtk_string_list_append (security_names, mc_security_get_label (security_choices[i]));
  adw_combo_row_set_model (self->security_row, G_LIST_MODEL (security_names));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->account = mc_account_new ();
  mc_account_set_source (self->account, "window");
  update_port_subtitle (self);
  update_plaintext_row (self);
}

/**
 * mc_window_new:
 * @app: (nullable): the application, or %NULL (tests)
 *
 * Without an application the window uses the process's default resolver
 * when it is an McResolver, and a new one otherwise.
 */
McWindow *
mc_window_new (McApplication *app)
{
  g_return_val_if_fail (app == NULL || MC_IS_APPLICATION (app), NULL);

  return g_object_new (MC_TYPE_WINDOW, "application", app, NULL);
}

void
mc_window_set_resolver (McWindow   *self,
                        McResolver *resolver)
{
  g_autoptr(McCheckup) checkup = NULL;

  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (MC_IS_RESOLVER (resolver));

  if (self->resolver == resolver)
    return;

  /* A checkup keeps its resolver for life: start over with a new one. */
  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->resolver, resolver);
  checkup = mc_checkup_new (self->account, self->resolver);
  set_checkup (self, checkup);
}

/**
 * mc_window_set_account:
 *
 * Fills the form with @account; the account itself is not kept.
 */
void
mc_window_set_account (McWindow  *self,
                       McAccount *account)
{
  const char *text;

  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (MC_IS_ACCOUNT (account));

  text = mc_account_get_email (account);
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), text ? text : "");
  text = mc_account_get_host (account);
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), text ? text : "");
  set_security (self, mc_account_get_security (account));
  gtk_spin_button_set_value (self->port_spin, mc_account_get_port (account));
  text = mc_account_get_user (account);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), text ? text : "");

  /* What the form does not show still belongs to the account checked. */
  mc_account_set_source (self->account, mc_account_get_source (account));
  mc_account_set_id (self->account, mc_account_get_id (account));
  mc_account_set_display_name (self->account, mc_account_get_display_name (account));

  update_port_subtitle (self);
}

/**
 * mc_window_set_timeout:
 * @seconds: the deadline of each network step, 1–600 seconds
 */
void
mc_window_set_timeout (McWindow *self,
                       guint     seconds)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (seconds > 0);

  self->timeout_s = seconds;
  if (self->checkup != NULL)
    mc_checkup_set_timeout (self->checkup, seconds);
}

McCheckup *
mc_window_get_checkup (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->checkup;
}

/**
 * mc_window_set_password:
 * @password: (nullable): the password, or %NULL for none
 *
 * Fills the password row, as if typed; the next check logs in with it.
 */
void
mc_window_set_password (McWindow   *self,
                        const char *password)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password ? password : "");
}

/**
 * mc_window_set_ca_file:
 * @path: (nullable): a PEM file of certificate authorities, or %NULL
 *
 * Also trusts the certificate authorities in @path (a company's own CA, a
 * test CA) in this window's checks. Returns %FALSE and changes nothing when
 * the file cannot be read.
 */
gboolean
mc_window_set_ca_file (McWindow    *self,
                       const char  *path,
                       GError     **error)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->checkup != NULL && !mc_checkup_set_ca_file (self->checkup, path, error))
    return FALSE;

  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  return TRUE;
}

/**
 * mc_window_set_recipient:
 *
 * Fills the recipient's address in the form.
 */
void
mc_window_set_recipient (McWindow   *self,
                         const char *recipient)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->recipient_row), recipient ? recipient : "");
}

/**
 * mc_window_set_dkim_selector:
 *
 * Fills the DKIM selector in the form.
 */
void
mc_window_set_dkim_selector (McWindow   *self,
                             const char *selector)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->dkim_row), selector ? selector : "");
}

/**
 * mc_window_set_blocklists_file:
 *
 * Asks the DNS blocklists listed in this file instead of the built-in ones.
 */
void
mc_window_set_blocklists_file (McWindow   *self,
                               const char *path)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  g_free (self->blocklists_file);
  self->blocklists_file = g_strdup (path);
  if (self->checkup != NULL)
    mc_checkup_set_blocklists_file (self->checkup, path);
}

/**
 * mc_window_set_allow_plaintext_auth:
 *
 * Sets the switch that allows sending the password over a connection that
 * is not encrypted; it only has an effect with the security setting None.
 */
void
mc_window_set_allow_plaintext_auth (McWindow *self,
                                    gboolean  allow)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  gtk_switch_set_active (self->plaintext_switch, allow);
}
