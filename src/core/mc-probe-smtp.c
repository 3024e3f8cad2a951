/* mc-probe-smtp.c: the server.* findings from SMTP dialogues: greeting, TLS, log-in, sender, size, settings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One dialogue with the configured port and security fills greeting, tls,
 * auth, sender and size, each as soon as its part of the dialogue is over.
 * At the same time, short dialogues with the other submission ports (587
 * with STARTTLS, 465 with SSL/TLS) find out what would work instead; they
 * never log in. server.settings compares them when all have ended.
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-smtp-verdict.h"

/* Attachments and the like are unknown here: a small message's size. */
#define SIZE_HINT 2048

typedef struct
{
  guint16        port;       /* well-known */
  McSecurity     security;
  McSmtpSession *session;
  gboolean       ended;
} Candidate;

typedef struct
{
  McSmtpVerdict   verdict;   /* the configured dialogue and its findings */
  McFinding      *settings;
  GPtrArray      *candidates;
  guint           n_running;
  guint           steps_done;
  gboolean        configured_ended;
} SmtpProbe;

static void
candidate_free (Candidate *candidate)
{
  g_clear_object (&candidate->session);
  g_free (candidate);
}

static void
smtp_probe_free (SmtpProbe *probe)
{
  if (probe->verdict.session != NULL)
    g_signal_handlers_disconnect_by_data (probe->verdict.session, probe);
  g_clear_object (&probe->verdict.session);
  g_clear_pointer (&probe->candidates, g_ptr_array_unref);
  g_free (probe);
}

static guint16
configured_port (SmtpProbe *probe)
{
  return probe->verdict.port;
}

static McSecurity
configured_security (SmtpProbe *probe)
{
  return probe->verdict.security;
}

static const McSmtpResult *
result_of (SmtpProbe *probe)
{
  return mc_smtp_session_get_result (probe->verdict.session);
}

static gboolean
step_ended (SmtpProbe  *probe,
            McSmtpStep  step)
{
  return (probe->steps_done & (1u << step)) != 0;
}

/* --- TLS ---------------------------------------------------------------- */

/* --- sender ------------------------------------------------------------- */

/* --- settings ----------------------------------------------------------- */

/* A combination works when the server greets, encrypts as asked, and
 * answers EHLO inside the encryption. The password is not part of it. */
static gboolean
session_works (const McSmtpResult *r,
               McSecurity          security)
{
  if (r->steps[MC_SMTP_STEP_GREETING].failure != MC_SMTP_FAILURE_NONE ||
      !r->steps[MC_SMTP_STEP_GREETING].done)
    return FALSE;
  if (security == MC_SECURITY_NONE)
    return r->steps[MC_SMTP_STEP_EHLO].done && r->steps[MC_SMTP_STEP_EHLO].failure == MC_SMTP_FAILURE_NONE;
  return r->tls_established && r->steps[MC_SMTP_STEP_EHLO_TLS].done &&
         r->steps[MC_SMTP_STEP_EHLO_TLS].failure == MC_SMTP_FAILURE_NONE;
}

static JsonObject *
combination_json (guint16     port,
                  McSecurity  security,
                  gboolean    works)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "port", port);
  json_object_set_string_member (object, "security", mc_security_to_string (security));
  json_object_set_boolean_member (object, "works", works);
  return object;
}

/* A skipped finding's cause, for findings that it blocks in turn. */
static McFinding *
root_of (SmtpProbe *probe,
         McFinding *finding)
{
  const char *blocked_by = mc_finding_get_blocked_by (finding);

  if (mc_finding_get_status (finding) == MC_STATUS_SKIPPED && blocked_by != NULL)
    return mc_probe_context_get_finding (probe->verdict.ctx, blocked_by);
  return finding;
}

static McFinding *
blocking_finding (SmtpProbe *probe)
{
  McFinding *order[] = { probe->verdict.greeting, probe->verdict.tls };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (mc_status_blocks (mc_finding_get_status (order[i])))
        return root_of (probe, order[i]);
    }
  return NULL;
}

/* Settings that look wrong as they were read, whatever the server says:
 * each a guidance id and a sentence. In the order of their weight. */
typedef struct
{
  const char *guidance;
  char       *text;
} SettingsNote;

static void
settings_note_clear (SettingsNote *note)
{
  g_clear_pointer (&note->text, g_free);
}

static GArray *
settings_notes (McProbeContext *ctx,
                guint16         port,
                McSecurity      security)
{
  GArray *notes = g_array_new (FALSE, TRUE, sizeof (SettingsNote));
  const char *email = mc_account_get_email (ctx->account);
  SettingsNote note;

  g_array_set_clear_func (notes, (GDestroyNotify) settings_note_clear);

  if (email != NULL && *email != '\0' && !mc_account_email_is_valid (email))
    {
      note.guidance = "settings-not-an-address";
      note.text = g_strdup_printf (_("The sender address “%s” is not an email address. Set the "
                                     "full address, such as taro@example.jp, in your mail "
                                     "program."), email);
      g_array_append_val (notes, note);
    }
  if (port == 25)
    {
      note.guidance = "settings-port-25";
      note.text = g_strdup (_("Port 25 is meant for mail passed between servers. Many internet "
                              "providers block it for mail sent from home and mobile connections; "
                              "use port 587 with STARTTLS, or 465 with SSL/TLS."));
      g_array_append_val (notes, note);
    }
  if (security == MC_SECURITY_NONE && (port == 587 || port == 465))
    {
      note.guidance = "settings-no-encryption";
      note.text = g_strdup_printf (_("The security is set to none on port %u, so your password "
                                     "would travel unencrypted. Set it to STARTTLS (port 587) or "
                                     "SSL/TLS (port 465)."), port);
      g_array_append_val (notes, note);
    }
  return notes;
}

/* What the details and the summary of server.settings need, in either
 * language: the notes are made again in each. */
typedef struct
{
  SmtpProbe  *probe;
  guint16     port;
  McSecurity  security;
  gboolean    works;
  Candidate  *best;
  gboolean    skipped;   /* the summary names the finding that blocked it */
} SettingsText;

static void
settings_text (McFinding *f,
               gpointer   user_data)
{
  const SettingsText *t = user_data;
  g_autoptr(GArray) notes = settings_notes (t->probe->verdict.ctx, t->port, t->security);
  guint16 port = t->port;
  McSecurity security = t->security;
  gboolean works = t->works;
  Candidate *best = t->best;

  for (guint i = 0; i < notes->len; i++)
    mc_finding_add_detail (f, "note: %s", g_array_index (notes, SettingsNote, i).text);

  if (t->skipped)
    return;

  /* A set-up that works from here can still be wrong where the person
   * usually sends from: the first note is then the summary. */
  if (works && security != MC_SECURITY_NONE && notes->len > 0)
    mc_finding_complete (f, MC_STATUS_WARN, g_array_index (notes, SettingsNote, 0).guidance,
                         "%s", g_array_index (notes, SettingsNote, 0).text);
  else if (works && security != MC_SECURITY_NONE)
    mc_finding_complete (f, MC_STATUS_OK, NULL,
                         _("Your settings are right: port %u with %s."), port, mc_security_get_label (security));
  else if (works && best != NULL)
    mc_finding_complete (f, MC_STATUS_WARN, "settings-change",
                         _("Your settings work, but without encryption. Change the security to "
                           "%s and the port to %u."), mc_security_get_label (best->security), best->port);
  else if (works)
    mc_finding_complete (f, MC_STATUS_WARN, "tls-unavailable",
                         _("Your settings work, but without encryption, and the server offers no "
                           "encrypted alternative."));
  else if (best != NULL && best->port == port)
    mc_finding_complete (f, MC_STATUS_FAIL, "settings-change",
                         _("Change the security of the outgoing server from %s to %s (port %u)."),
                         mc_security_get_label (security), mc_security_get_label (best->security), port);
  else if (best != NULL)
    mc_finding_complete (f, MC_STATUS_FAIL, "settings-change",
                         _("Change the outgoing server port from %u to %u and the security to %s."),
                         port, best->port, mc_security_get_label (best->security));
  else
    mc_finding_complete (f, MC_STATUS_INFO, NULL,
                         _("No other port and security setting works better."));
}

static void
complete_settings (SmtpProbe *probe)
{
  McFinding *f = probe->settings;
  JsonObject *evidence = mc_finding_get_evidence (f);
  JsonArray *list = json_array_new ();
  SettingsText text = {
    .probe = probe,
    .port = configured_port (probe),
    .security = configured_security (probe),
  };
  g_autoptr(GArray) notes = NULL;
  McFinding *blocking = NULL;

  text.works = session_works (result_of (probe), text.security);
  json_object_set_object_member (evidence, "configured",
                                 combination_json (text.port, text.security, text.works));
  for (guint i = 0; i < probe->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (probe->candidates, i);
      const McSmtpResult *r = mc_smtp_session_get_result (candidate->session);
      gboolean candidate_works = session_works (r, candidate->security) && r->ehlo_tls.auth != NULL;

      json_array_add_object_element (list, combination_json (candidate->port, candidate->security,
                                                             candidate_works));
      mc_finding_add_detail (f, "%u %s: %s", candidate->port, mc_security_to_string (candidate->security),
                             candidate_works ? "works" : "does not work");
      if (candidate_works && text.best == NULL)
        text.best = candidate;
    }
  json_object_set_array_member (evidence, "candidates", list);
  if (text.best != NULL)
    json_object_set_object_member (evidence, "recommendation",
                                   combination_json (text.best->port, text.best->security, TRUE));
  else
    json_object_set_null_member (evidence, "recommendation");

  /* Evidence is written once: the notes' text there is in the language of
   * the process. Scripts go by their guidance ids. */
  notes = settings_notes (probe->verdict.ctx, text.port, text.security);
  {
    JsonArray *notes_json = json_array_new ();

    for (guint i = 0; i < notes->len; i++)
      {
        SettingsNote *note = &g_array_index (notes, SettingsNote, i);
        JsonObject *object = json_object_new ();

        json_object_set_string_member (object, "guidance", note->guidance);
        json_object_set_string_member (object, "text", note->text);
        json_array_add_object_element (notes_json, object);
      }
    json_object_set_array_member (evidence, "notes", notes_json);
  }

  /* Nothing works and something earlier failed: that is the cause. The
   * skip writes its own summary; the notes follow it. */
  if (!text.works && text.best == NULL)
    blocking = blocking_finding (probe);
  if (blocking != NULL)
    {
      text.skipped = TRUE;
      mc_finding_skip (f, blocking);
    }
  mc_finding_complete_twice (f, settings_text, &text);
}

/* --- running ------------------------------------------------------------ */

/* Completes the findings whose part of the dialogue is over. At the end,
 * what the dialogue never reached is skipped, naming what stopped it. */
static void
update_findings (SmtpProbe *probe,
                 gboolean   final)
{
  const McSmtpResult *r = result_of (probe);
  McSecurity security = configured_security (probe);
  gboolean implicit = security == MC_SECURITY_TLS;
  McSmtpStep ehlo_step = implicit ? MC_SMTP_STEP_EHLO_TLS : MC_SMTP_STEP_EHLO;
  McSmtpStep caps_step = security == MC_SECURITY_NONE ? MC_SMTP_STEP_EHLO : MC_SMTP_STEP_EHLO_TLS;
  McSmtpStep failed = r->failed_step;

  /* With implicit TLS, encryption comes before the greeting. */
  if (implicit && !mc_status_is_done (mc_finding_get_status (probe->verdict.tls)) &&
      (step_ended (probe, MC_SMTP_STEP_TLS) || failed < MC_SMTP_STEP_TLS))
    {
      if (failed == MC_SMTP_STEP_CONNECT)
        {
          mc_smtp_verdict_greeting (&probe->verdict);
          mc_finding_skip (probe->verdict.tls, probe->verdict.greeting);
        }
      else
        mc_smtp_verdict_tls (&probe->verdict);
    }

  if (!mc_status_is_done (mc_finding_get_status (probe->verdict.greeting)))
    {
      if (implicit && failed == MC_SMTP_STEP_TLS)
        mc_finding_skip (probe->verdict.greeting, probe->verdict.tls);
      else if (step_ended (probe, ehlo_step) || failed <= ehlo_step)
        mc_smtp_verdict_greeting (&probe->verdict);
    }

  if (!implicit && !mc_status_is_done (mc_finding_get_status (probe->verdict.tls)) &&
      mc_status_is_done (mc_finding_get_status (probe->verdict.greeting)))
    {
      if (mc_status_blocks (mc_finding_get_status (probe->verdict.greeting)))
        mc_finding_skip (probe->verdict.tls, probe->verdict.greeting);
      else if (security == MC_SECURITY_NONE || step_ended (probe, MC_SMTP_STEP_EHLO_TLS) ||
               failed == MC_SMTP_STEP_TLS || failed == MC_SMTP_STEP_EHLO_TLS)
        mc_smtp_verdict_tls (&probe->verdict);
    }

  if (!mc_status_is_done (mc_finding_get_status (probe->verdict.size)) && step_ended (probe, caps_step) &&
      r->steps[caps_step].failure == MC_SMTP_FAILURE_NONE)
    mc_smtp_verdict_size (&probe->verdict);

  if (!mc_status_is_done (mc_finding_get_status (probe->verdict.auth)) &&
      (step_ended (probe, MC_SMTP_STEP_AUTH) || failed == MC_SMTP_STEP_AUTH))
    mc_smtp_verdict_auth (&probe->verdict);

  if (!mc_status_is_done (mc_finding_get_status (probe->verdict.sender)) &&
      (step_ended (probe, MC_SMTP_STEP_SENDER) || failed == MC_SMTP_STEP_SENDER))
    mc_smtp_verdict_sender (&probe->verdict);

  if (!final)
    return;

  /* What the dialogue did not reach: skipped by the first failure. */
  {
    McFinding *chain[] = { probe->verdict.greeting, probe->verdict.tls, probe->verdict.auth, probe->verdict.sender };
    McFinding *cause = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (chain); i++)
      {
        McStatus status = mc_finding_get_status (chain[i]);

        if (!mc_status_is_done (status))
          {
            if (cause != NULL)
              mc_finding_skip (chain[i], cause);
            else
              mc_probe_complete_text (chain[i], MC_STATUS_ERROR, "check-failed",
                                      N_("The dialogue with the server ended before this step."));
          }
        else if (cause == NULL && mc_status_blocks (status))
          cause = root_of (probe, chain[i]);
      }
    if (!mc_status_is_done (mc_finding_get_status (probe->verdict.size)))
      {
        if (cause != NULL)
          mc_finding_skip (probe->verdict.size, cause);
        else
          mc_smtp_verdict_size (&probe->verdict);
      }
  }
}

static void
step_done_cb (McSmtpSession *session,
              guint          step,
              SmtpProbe     *probe)
{
  probe->steps_done |= 1u << step;
  update_findings (probe, FALSE);
}

static void
maybe_return (GTask *task)
{
  SmtpProbe *probe = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (probe->n_running > 0)
    return;

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return;
    }
  complete_settings (probe);
  {
    JsonArray *transcript = json_array_new ();
    GPtrArray *entries = mc_smtp_session_get_transcript (probe->verdict.session);

    for (guint i = 0; i < entries->len; i++)
      {
        McSmtpTranscriptEntry *entry = g_ptr_array_index (entries, i);
        JsonObject *line = json_object_new ();

        json_object_set_int_member (line, "ms", entry->ms);
        json_object_set_string_member (line, "from",
                                       entry->kind == MC_SMTP_TRANSCRIPT_CLIENT ? "client"
                                       : entry->kind == MC_SMTP_TRANSCRIPT_SERVER ? "server" : "note");
        json_object_set_string_member (line, "text", entry->text);
        json_array_add_object_element (transcript, line);
      }
    json_object_set_array_member (mc_finding_get_evidence (probe->verdict.greeting), "transcript", transcript);
  }
  g_task_return_boolean (task, TRUE);
}

static void
configured_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SmtpProbe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  mc_smtp_session_run_finish (MC_SMTP_SESSION (source), result, &error);
  probe->configured_ended = TRUE;
  probe->n_running--;
  if (error == NULL)
    update_findings (probe, TRUE);
  maybe_return (task);
}

static void
candidate_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SmtpProbe *probe = g_task_get_task_data (task);

  mc_smtp_session_run_finish (MC_SMTP_SESSION (source), result, NULL);
  probe->n_running--;
  maybe_return (task);
}

static McSmtpOptions
base_options (McProbeContext *ctx,
              const char     *host,
              guint16         port,
              McSecurity      security)
{
  McSmtpOptions options = {
    .host = host,
    .addresses = ctx->server_addresses,
    .port = mc_port_map_apply (&ctx->port_map, port),
    .security = security,
    .extra_ca = ctx->extra_ca,
    .step_timeout_ms = ctx->timeout_ms,
    /* The whole dialogue: several steps, each of which may take a while. */
    .overall_timeout_ms = 4 * ctx->timeout_ms,
  };

  return options;
}

void
mc_probe_smtp (McProbeContext      *ctx,
               McFinding           *finding,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (finding, cancellable, callback, user_data);
  g_autofree char *host = g_hostname_to_ascii (mc_account_get_host (ctx->account));
  SmtpProbe *probe = g_new0 (SmtpProbe, 1);
  McSmtpOptions options;
  static const struct { guint16 port; McSecurity security; } alternatives[] = {
    { 587, MC_SECURITY_STARTTLS },
    { 465, MC_SECURITY_TLS },
  };

  g_task_set_source_tag (task, mc_probe_smtp);
  g_task_set_task_data (task, probe, (GDestroyNotify) smtp_probe_free);

  probe->verdict.ctx = ctx;
  probe->verdict.port = mc_account_get_effective_port (ctx->account);
  probe->verdict.security = mc_account_get_security (ctx->account);
  probe->verdict.greeting = finding;
  probe->verdict.tls = mc_probe_context_get_finding (ctx, "server.tls");
  probe->verdict.auth = mc_probe_context_get_finding (ctx, "server.auth");
  probe->verdict.sender = mc_probe_context_get_finding (ctx, "server.sender");
  probe->verdict.size = mc_probe_context_get_finding (ctx, "server.size");
  probe->settings = mc_probe_context_get_finding (ctx, "server.settings");
  probe->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);

  g_assert (ctx->server_addresses != NULL && ctx->server_addresses->len > 0);

  options = base_options (ctx, host, configured_port (probe), configured_security (probe));
  options.user = mc_account_get_user (ctx->account);
  options.password = ctx->password;
  options.allow_plaintext_auth = ctx->allow_plaintext_auth;
  options.mail_from = mc_account_get_email (ctx->account);
  options.size_hint = SIZE_HINT;
  probe->verdict.session = mc_smtp_session_new (&options);
  g_signal_connect (probe->verdict.session, "step-done", G_CALLBACK (step_done_cb), probe);

  /* The other submission ports, at the same time: greeting, encryption and
   * the offer of log-in. They never log in and never name a sender. */
  for (guint i = 0; i < G_N_ELEMENTS (alternatives); i++)
    {
      Candidate *candidate;

      if (alternatives[i].port == configured_port (probe) &&
          alternatives[i].security == configured_security (probe))
        continue;
      candidate = g_new0 (Candidate, 1);
      candidate->port = alternatives[i].port;
      candidate->security = alternatives[i].security;
      options = base_options (ctx, host, candidate->port, candidate->security);
      candidate->session = mc_smtp_session_new (&options);
      g_ptr_array_add (probe->candidates, candidate);
    }

  probe->n_running = 1 + probe->candidates->len;
  mc_smtp_session_run_async (probe->verdict.session, cancellable, configured_done_cb, g_object_ref (task));
  for (guint i = 0; i < probe->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (probe->candidates, i);

      mc_smtp_session_run_async (candidate->session, cancellable, candidate_done_cb,
                                 g_object_ref (task));
    }
}
