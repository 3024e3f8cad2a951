/* mc-probe-ptr.c: domain.ptr: reverse DNS of the server's addresses and of this computer's, forward-confirmed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-dns-batch.h"

typedef enum
{
  PTR_CONFIRMED,   /* a PTR name whose addresses include the address */
  PTR_MISMATCH,    /* PTR names, none of which leads back */
  PTR_MISSING,     /* no PTR record */
  PTR_UNKNOWN,     /* DNS failed before we could tell */
  PTR_PRIVATE,     /* a private address: not looked up */
} PtrState;

typedef struct
{
  GInetAddress *address;
  char         *text;
  gboolean      client;
  GPtrArray    *names;          /* the PTR names, without the final dot */
  McDnsStatus   ptr_status;
  McDnsStatus   forward_status; /* the first failure among the names' look-ups, or OK */
  gboolean      confirmed;
} PtrCheck;

typedef struct
{
  McProbeContext *ctx;
  GPtrArray      *checks;       /* PtrCheck */
  JsonArray      *queries;
  McDnsBatch     *batch;
  gboolean        client_phase;
} PtrProbe;

static void
ptr_check_free (PtrCheck *check)
{
  g_object_unref (check->address);
  g_free (check->text);
  g_ptr_array_unref (check->names);
  g_free (check);
}

static void
ptr_probe_free (PtrProbe *probe)
{
  g_clear_pointer (&probe->batch, mc_dns_batch_free);
  g_ptr_array_unref (probe->checks);
  json_array_unref (probe->queries);
  g_free (probe);
}

static PtrState
check_state (PtrCheck *check)
{
  if (check->ptr_status == MC_DNS_STATUS_NXDOMAIN || check->ptr_status == MC_DNS_STATUS_NODATA)
    return PTR_MISSING;
  if (check->ptr_status != MC_DNS_STATUS_OK)
    return PTR_UNKNOWN;
  if (check->confirmed)
    return PTR_CONFIRMED;
  /* A forward look-up that failed might have confirmed. */
  if (check->forward_status != MC_DNS_STATUS_OK)
    return PTR_UNKNOWN;
  return PTR_MISMATCH;
}

static const char *
state_to_string (PtrState state)
{
  switch (state)
    {
    case PTR_CONFIRMED: return "confirmed";
    case PTR_MISMATCH:  return "mismatch";
    case PTR_MISSING:   return "missing";
    case PTR_PRIVATE:   return "private";
    case PTR_UNKNOWN:
    default:            return "unknown";
    }
}

static void
forward_cb (McDnsBatch  *batch,
            McDnsAnswer *answer,
            gpointer     user_data)
{
  PtrCheck *check = user_data;
  McDnsStatus status = mc_dns_batch_status_of (answer);
  GPtrArray *addresses;

  if (status != MC_DNS_STATUS_OK)
    {
      /* A name without an address of this family simply does not confirm. */
      if (!mc_dns_status_is_answer (status) && check->forward_status == MC_DNS_STATUS_OK)
        check->forward_status = status;
      return;
    }
  addresses = mc_dns_answer_get_addresses (answer);
  for (guint i = 0; i < addresses->len; i++)
    if (g_inet_address_equal (g_ptr_array_index (addresses, i), check->address))
      check->confirmed = TRUE;
}

static void
ptr_cb (McDnsBatch  *batch,
        McDnsAnswer *answer,
        gpointer     user_data)
{
  PtrCheck *check = user_data;
  McDnsType type = g_inet_address_get_family (check->address) == G_SOCKET_FAMILY_IPV4
                     ? MC_DNS_TYPE_A : MC_DNS_TYPE_AAAA;
  GPtrArray *records;

  check->ptr_status = mc_dns_batch_status_of (answer);
  if (check->ptr_status != MC_DNS_STATUS_OK)
    return;

  records = mc_dns_answer_get_records (answer);
  for (guint i = 0; i < records->len; i++)
    {
      const char *name;

      g_variant_get (g_ptr_array_index (records, i), "(&s)", &name);
      g_ptr_array_add (check->names, g_strdup (name));
      /* Forward confirmation: the name must lead back to the address. */
      mc_dns_batch_add (batch, name, type, forward_cb, check, NULL);
    }
}

static PtrCheck *
add_check (PtrProbe     *probe,
           GInetAddress *address,
           gboolean      client)
{
  PtrCheck *check = g_new0 (PtrCheck, 1);

  check->address = g_object_ref (address);
  check->text = g_inet_address_to_string (address);
  check->client = client;
  check->names = g_ptr_array_new_with_free_func (g_free);
  check->ptr_status = MC_DNS_STATUS_OK;
  check->forward_status = MC_DNS_STATUS_OK;
  g_ptr_array_add (probe->checks, check);

  if (mc_probe_address_is_private (address))
    return check;
  {
    g_autofree char *name = mc_dns_reverse_name (address, NULL);

    mc_dns_batch_add (probe->batch, name, MC_DNS_TYPE_PTR, ptr_cb, check, NULL);
  }
  return check;
}

static PtrState
state_of (PtrCheck *check)
{
  return mc_probe_address_is_private (check->address) ? PTR_PRIVATE : check_state (check);
}

/* "192.0.2.1 → mail.example.jp", one per check in the given state. */
static char *
list_checks (GPtrArray *checks,
             gboolean   client,
             PtrState   state,
             gboolean   with_names,
             guint     *n_out)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < checks->len; i++)
    {
      PtrCheck *check = g_ptr_array_index (checks, i);

      if (check->client != client || state_of (check) != state)
        continue;
      if (n++ > 0)
        g_string_append (out, ", ");
      g_string_append (out, check->text);
      if (with_names && check->names->len > 0)
        g_string_append_printf (out, " → %s", (char *) g_ptr_array_index (check->names, 0));
    }
  *n_out = n;
  return g_string_free (out, FALSE);
}

static void
record_evidence (McFinding *finding,
                 PtrProbe  *probe)
{
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < probe->checks->len; i++)
    {
      PtrCheck *check = g_ptr_array_index (probe->checks, i);
      PtrState state = state_of (check);
      JsonObject *entry = json_object_new ();
      JsonArray *names = json_array_new ();

      for (guint j = 0; j < check->names->len; j++)
        json_array_add_string_element (names, g_ptr_array_index (check->names, j));
      json_object_set_string_member (entry, "address", check->text);
      if (check->names->len > 0)
        json_object_set_string_member (entry, "ptr", g_ptr_array_index (check->names, 0));
      else
        json_object_set_null_member (entry, "ptr");
      json_object_set_array_member (entry, "names", names);
      json_object_set_boolean_member (entry, "confirmed", state == PTR_CONFIRMED);
      json_object_set_string_member (entry, "role", check->client ? "client" : "server");
      json_object_set_string_member (entry, "state", state_to_string (state));
      json_array_add_object_element (list, entry);

      mc_finding_add_detail (finding, "%s %s PTR → %s (%s)", check->client ? "client" : "server",
                             check->text,
                             check->names->len > 0 ? (char *) g_ptr_array_index (check->names, 0)
                                                   : mc_dns_status_to_string (check->ptr_status),
                             state_to_string (state));
    }
  json_object_set_array_member (mc_finding_get_evidence (finding), "addresses", list);
}

/* A sentence about this computer's own address, or NULL. Its reverse DNS
 * matters only for mail this computer hands straight to receivers (port
 * 25), never for mail sent through the provider's server. */
static char *
client_sentence (PtrProbe *probe)
{
  for (guint i = 0; i < probe->checks->len; i++)
    {
      PtrCheck *check = g_ptr_array_index (probe->checks, i);

      if (!check->client)
        continue;
      switch (state_of (check))
        {
        case PTR_CONFIRMED:
          return g_strdup_printf (_("This computer's public address %s has the name %s."),
                                  check->text, (char *) g_ptr_array_index (check->names, 0));
        case PTR_MISSING:
          return g_strdup_printf (_("This computer's public address %s has no reverse DNS name; "
                                    "that matters only if this computer sends mail directly to "
                                    "receivers (port 25), which most of them refuse from such "
                                    "addresses."), check->text);
        case PTR_MISMATCH:
          return g_strdup_printf (_("The reverse DNS name of this computer's public address %s "
                                    "does not lead back to it; that matters only if this "
                                    "computer sends mail directly to receivers (port 25)."),
                                  check->text);
        case PTR_PRIVATE:
        case PTR_UNKNOWN:
        default:
          return NULL;
        }
    }
  return NULL;
}

/* A McFindingTextFunc: it runs once per report language, so it only
 * composes the summary from the checks and writes it into the finding. */
static void
ptr_text (McFinding *finding,
          gpointer   user_data)
{
  PtrProbe *probe = user_data;
  g_autofree char *client = client_sentence (probe);
  g_autofree char *ok_list = NULL, *missing_list = NULL, *mismatch_list = NULL;
  g_autofree char *private_list = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  guint n_ok, n_missing, n_mismatch, n_private;
  McStatus status;
  const char *guidance = NULL;

  if (probe->checks->len == 0)
    {
      mc_finding_complete (finding, MC_STATUS_INFO, NULL,
                           _("Not checked: the server's address is not known."));
      return;
    }
  ok_list = list_checks (probe->checks, FALSE, PTR_CONFIRMED, TRUE, &n_ok);
  missing_list = list_checks (probe->checks, FALSE, PTR_MISSING, FALSE, &n_missing);
  mismatch_list = list_checks (probe->checks, FALSE, PTR_MISMATCH, TRUE, &n_mismatch);
  private_list = list_checks (probe->checks, FALSE, PTR_PRIVATE, FALSE, &n_private);

  if (n_missing > 0 || n_mismatch > 0)
    {
      status = MC_STATUS_WARN;
      guidance = n_missing > 0 ? "ptr-missing" : "ptr-mismatch";
      if (n_missing > 0)
        g_string_append_printf (summary,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "The server's address %s has no reverse DNS (PTR) "
                                             "name. Many receivers distrust or refuse mail from a "
                                             "server without one.",
                                             "The server's addresses %s have no reverse DNS (PTR) "
                                             "name. Many receivers distrust or refuse mail from a "
                                             "server without one.", n_missing),
                                missing_list);
      if (n_mismatch > 0 && summary->len > 0)
        g_string_append_c (summary, ' ');
      if (n_mismatch > 0)
        g_string_append_printf (summary,
                                g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: %s is "address → name". */
                                             "The reverse DNS name of the server's address does "
                                             "not lead back to it (%s): receivers check that the "
                                             "two agree.",
                                             "The reverse DNS names of the server's addresses do "
                                             "not lead back to them (%s): receivers check that "
                                             "they agree.", n_mismatch),
                                mismatch_list);
    }
  else if (n_ok > 0)
    {
      /* complete () has dealt with the addresses whose state is unknown. */
      status = MC_STATUS_OK;
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is "address → name". */
                                           "The server's address has a reverse DNS name that "
                                           "leads back to it (%s).",
                                           "Each of the server's addresses has a reverse DNS name "
                                           "that leads back to it (%s).", n_ok),
                              ok_list);
    }
  else
    {
      status = MC_STATUS_INFO;
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The server's address %s is private: receivers never "
                                           "see it, so it needs no reverse DNS.",
                                           "The server's addresses %s are private: receivers "
                                           "never see them, so they need no reverse DNS.",
                                           n_private),
                              private_list);
    }

  if (client != NULL)
    g_string_append_printf (summary, " %s", client);
  mc_finding_complete (finding, status, guidance, "%s", summary->str);
}

static void
complete (McFinding *finding,
          PtrProbe  *probe)
{
  PtrCheck *first_unknown = NULL;
  gboolean warn = FALSE;

  record_evidence (finding, probe);

  /* A server address without a name, or whose name does not lead back, is
   * the verdict; failing that, a DNS failure says that it is unknown. */
  for (guint i = 0; i < probe->checks->len; i++)
    {
      PtrCheck *check = g_ptr_array_index (probe->checks, i);
      PtrState state = state_of (check);

      if (check->client)
        continue;
      if (state == PTR_MISSING || state == PTR_MISMATCH)
        warn = TRUE;
      else if (state == PTR_UNKNOWN && first_unknown == NULL)
        first_unknown = check;
    }
  if (!warn && first_unknown != NULL)
    {
      mc_probe_complete_dns_failure (finding,
                                     first_unknown->ptr_status != MC_DNS_STATUS_OK
                                       ? first_unknown->ptr_status : first_unknown->forward_status,
                                     first_unknown->text, probe->ctx->timeout_ms);
      return;
    }
  mc_finding_complete_twice (finding, ptr_text, probe);
}

static void client_batch_done_cb (McDnsBatch *batch,
                                  gpointer    user_data);

/* The server's addresses are done; this computer's address is known once
 * the SMTP greeting has been read. */
static void
greeting_waited_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PtrProbe *probe = g_task_get_task_data (task);
  McFinding *finding = g_task_get_source_object (task);
  g_autoptr(GInetAddress) client = NULL;
  gboolean known = FALSE;

  mc_probe_wait_finding_finish (MC_FINDING (source), result, NULL);
  if (g_task_return_error_if_cancelled (task))
    return;

  if (probe->ctx->client_ip != NULL)
    client = g_inet_address_new_from_string (probe->ctx->client_ip);
  for (guint i = 0; client != NULL && i < probe->checks->len; i++)
    if (g_inet_address_equal (((PtrCheck *) g_ptr_array_index (probe->checks, i))->address, client))
      known = TRUE;

  if (client == NULL || known)
    {
      complete (finding, probe);
      g_task_return_boolean (task, TRUE);
      return;
    }

  probe->client_phase = TRUE;
  probe->batch = mc_dns_batch_new (probe->ctx, probe->queries, g_task_get_cancellable (task),
                                   client_batch_done_cb, task);
  add_check (probe, client, TRUE);
  mc_dns_batch_start (probe->batch);
  g_steal_pointer (&task);
}

static void
client_batch_done_cb (McDnsBatch *batch,
                      gpointer    user_data)
{
  g_autoptr(GTask) task = user_data;
  PtrProbe *probe = g_task_get_task_data (task);

  g_clear_pointer (&probe->batch, mc_dns_batch_free);
  if (g_task_return_error_if_cancelled (task))
    return;
  complete (g_task_get_source_object (task), probe);
  g_task_return_boolean (task, TRUE);
}

static void
server_batch_done_cb (McDnsBatch *batch,
                      gpointer    user_data)
{
  GTask *task = user_data;
  PtrProbe *probe = g_task_get_task_data (task);

  g_clear_pointer (&probe->batch, mc_dns_batch_free);
  mc_probe_wait_finding_async (mc_probe_context_get_finding (probe->ctx, "server.greeting"),
                               g_task_get_cancellable (task), greeting_waited_cb, task);
}

/* domain.ptr: receivers look up the name of the address that connects to
 * them and check that the name leads back to the address; mail from an
 * address without such a name is often refused or filed as spam. The
 * server's addresses are all looked up at once at the start. */
void
mc_probe_domain_ptr (McProbeContext      *ctx,
                     McFinding           *finding,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (finding, cancellable, callback, user_data);
  PtrProbe *probe = g_new0 (PtrProbe, 1);

  g_task_set_source_tag (task, mc_probe_domain_ptr);
  g_task_set_task_data (task, probe, (GDestroyNotify) ptr_probe_free);

  probe->ctx = ctx;
  probe->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) ptr_check_free);
  probe->queries = json_array_ref (mc_probe_add_queries_evidence (finding));

  probe->batch = mc_dns_batch_new (ctx, probe->queries, cancellable, server_batch_done_cb, task);
  for (guint i = 0; ctx->server_addresses != NULL && i < ctx->server_addresses->len; i++)
    add_check (probe, g_ptr_array_index (ctx->server_addresses, i), FALSE);
  mc_dns_batch_start (probe->batch);
}
