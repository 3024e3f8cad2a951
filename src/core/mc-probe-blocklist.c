/* mc-probe-blocklist.c: domain.blocklist: the server's and this computer's addresses on DNS blocklists.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-blocklists.h"
#include "mc-dns-batch.h"

/* --- The checks: every address on every list, at once ------------------- */

typedef enum
{
  CHECK_NOT_LISTED,
  CHECK_LISTED,
  CHECK_POLICY,      /* listed as an ordinary internet connection */
  CHECK_REFUSED,     /* the list would not answer this DNS server */
  CHECK_UNEXPECTED,  /* an answer that is none of the list's codes */
  CHECK_FAILED,      /* DNS failed: no answer, SERVFAIL … */
} CheckState;

typedef struct
{
  char        *address;
  gboolean     client;
  McBlocklist *list;
  char        *name;       /* the name asked */
  CheckState   state;
  McDnsStatus  status;
  char        *code;       /* the answer, or NULL */
  char        *reason;     /* the TXT record of a listing, or NULL */
} BlCheck;

typedef struct
{
  McProbeContext *ctx;
  GPtrArray      *lists;       /* McBlocklist */
  GPtrArray      *checks;      /* BlCheck */
  GPtrArray      *addresses;   /* GInetAddress, server's then client's */
  JsonArray      *queries;
  McDnsBatch     *batch;
  char           *client_note; /* why the client address was not checked, or NULL */
} BlProbe;

static void
bl_check_free (BlCheck *check)
{
  g_free (check->address);
  g_free (check->name);
  g_free (check->code);
  g_free (check->reason);
  g_free (check);
}

static void
bl_probe_free (BlProbe *probe)
{
  g_clear_pointer (&probe->batch, mc_dns_batch_free);
  g_clear_pointer (&probe->lists, g_ptr_array_unref);
  g_ptr_array_unref (probe->checks);
  g_ptr_array_unref (probe->addresses);
  json_array_unref (probe->queries);
  g_free (probe->client_note);
  g_free (probe);
}

static const char *
state_to_string (CheckState state)
{
  switch (state)
    {
    case CHECK_NOT_LISTED: return "not-listed";
    case CHECK_LISTED:     return "listed";
    case CHECK_POLICY:     return "policy";
    case CHECK_REFUSED:    return "refused";
    case CHECK_UNEXPECTED: return "unexpected";
    case CHECK_FAILED:
    default:               return "failed";
    }
}

static void
txt_cb (McDnsBatch  *batch,
        McDnsAnswer *answer,
        gpointer     user_data)
{
  BlCheck *check = user_data;
  g_autoptr(GString) reason = g_string_new (NULL);
  GPtrArray *records;

  if (mc_dns_batch_status_of (answer) != MC_DNS_STATUS_OK)
    return;
  records = mc_dns_answer_get_records (answer);
  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *text = mc_dns_txt_record_text (g_ptr_array_index (records, i));

      if (reason->len > 0)
        g_string_append (reason, " ");
      g_string_append (reason, text);
    }
  check->reason = g_string_free (g_steal_pointer (&reason), FALSE);
}

static void
a_cb (McDnsBatch  *batch,
      McDnsAnswer *answer,
      gpointer     user_data)
{
  BlCheck *check = user_data;
  gboolean listed = FALSE, policy_only = TRUE, refused = FALSE;
  GPtrArray *addresses;
  g_autoptr(GString) codes = g_string_new (NULL);

  check->status = mc_dns_batch_status_of (answer);
  switch (check->status)
    {
    case MC_DNS_STATUS_OK:
      break;
    case MC_DNS_STATUS_NXDOMAIN:
    case MC_DNS_STATUS_NODATA:
      check->state = CHECK_NOT_LISTED;
      return;
    case MC_DNS_STATUS_SERVFAIL:
    case MC_DNS_STATUS_REFUSED:
    case MC_DNS_STATUS_FORMERR:
    case MC_DNS_STATUS_NOTIMP:
    case MC_DNS_STATUS_BADRESP:
    case MC_DNS_STATUS_TIMEOUT:
    case MC_DNS_STATUS_UNREACHABLE:
    default:
      check->state = CHECK_FAILED;
      return;
    }

  addresses = mc_dns_answer_get_addresses (answer);
  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *text = g_inet_address_to_string (g_ptr_array_index (addresses, i));
      guint32 code = 0;

      if (codes->len > 0)
        g_string_append (codes, ", ");
      g_string_append (codes, text);
      if (!mc_blocklist_parse_code (text, &code))
        continue;
      if (mc_blocklist_codes_contain (check->list->listed, code))
        {
          listed = TRUE;
          policy_only = policy_only && mc_blocklist_codes_contain (check->list->policy, code);
        }
      else if (mc_blocklist_codes_contain (check->list->refused, code))
        refused = TRUE;
    }
  check->code = g_string_free (g_steal_pointer (&codes), FALSE);

  /* A refusal code is never a listing, whatever else came with it. */
  if (refused)
    check->state = CHECK_REFUSED;
  else if (listed)
    {
      check->state = policy_only ? CHECK_POLICY : CHECK_LISTED;
      mc_dns_batch_add (batch, check->name, MC_DNS_TYPE_TXT, txt_cb, check, NULL);
    }
  else
    check->state = CHECK_UNEXPECTED;
}

static void
add_checks (BlProbe      *probe,
            GInetAddress *address,
            gboolean      client)
{
  gboolean v6 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;

  g_ptr_array_add (probe->addresses, g_object_ref (address));
  if (mc_probe_address_is_private (address))
    return;

  for (guint i = 0; i < probe->lists->len; i++)
    {
      McBlocklist *list = g_ptr_array_index (probe->lists, i);
      BlCheck *check;

      if (v6 && !list->ipv6)
        continue;
      check = g_new0 (BlCheck, 1);
      check->address = g_inet_address_to_string (address);
      check->client = client;
      check->list = list;
      check->name = mc_dns_reverse_name (address, list->zone);
      check->state = CHECK_FAILED;
      g_ptr_array_add (probe->checks, check);
      mc_dns_batch_add (probe->batch, check->name, MC_DNS_TYPE_A, a_cb, check, NULL);
    }
}

/* --- The verdict -------------------------------------------------------- */

static void
record_evidence (McFinding *finding,
                 BlProbe   *probe)
{
  JsonObject *evidence = mc_finding_get_evidence (finding);
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < probe->checks->len; i++)
    {
      BlCheck *check = g_ptr_array_index (probe->checks, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "address", check->address);
      json_object_set_string_member (entry, "role", check->client ? "client" : "server");
      json_object_set_string_member (entry, "list", check->list->name);
      json_object_set_string_member (entry, "id", check->list->id);
      json_object_set_string_member (entry, "zone", check->list->zone);
      if (check->state == CHECK_LISTED || check->state == CHECK_POLICY)
        json_object_set_boolean_member (entry, "listed", TRUE);
      else if (check->state == CHECK_NOT_LISTED)
        json_object_set_boolean_member (entry, "listed", FALSE);
      else
        json_object_set_null_member (entry, "listed");
      json_object_set_string_member (entry, "state", state_to_string (check->state));
      json_object_set_string_member (entry, "code", check->code);
      json_object_set_string_member (entry, "reason", check->reason);
      json_object_set_string_member (entry, "page", check->list->page);
      json_array_add_object_element (list, entry);

      if (check->state != CHECK_NOT_LISTED)
        mc_finding_add_detail (finding, "%s %s → %s (%s)%s%s",
                               check->client ? "client" : "server", check->name,
                               check->code != NULL ? check->code
                                                   : mc_dns_status_to_string (check->status),
                               state_to_string (check->state), check->reason ? ": " : "",
                               check->reason ? check->reason : "");
    }
  json_object_set_array_member (evidence, "checks", list);
  if (probe->client_note != NULL)
    json_object_set_string_member (evidence, "client_note", probe->client_note);
}

/* "Spamhaus ZEN (“reason”), SpamCop": the lists of the first address with
 * checks of this role and state (the evidence has them all). */
static char *
list_names (BlProbe    *probe,
            gboolean    client,
            CheckState  state,
            guint      *n_out,
            BlCheck   **first_out)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  *first_out = NULL;
  for (guint i = 0; i < probe->checks->len; i++)
    {
      BlCheck *check = g_ptr_array_index (probe->checks, i);

      if (check->client != client || check->state != state)
        continue;
      if (*first_out != NULL && !g_str_equal ((*first_out)->address, check->address))
        continue;
      if (n++ > 0)
        g_string_append (out, ", ");
      else
        *first_out = check;
      g_string_append (out, check->list->name);
      if (check->reason != NULL && *check->reason != '\0')
        g_string_append_printf (out, " (“%s”)", check->reason);
    }
  *n_out = n;
  return g_string_free (out, FALSE);
}

/* A McFindingTextFunc: it runs once per report language, so it only
 * composes the summary from the checks and writes it into the finding. */
static void
bl_text (McFinding *finding,
         gpointer   user_data)
{
  BlProbe *probe = user_data;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *listed = NULL, *policy = NULL, *refused = NULL, *unexpected = NULL;
  g_autofree char *failed = NULL, *client_listed = NULL, *client_policy = NULL;
  g_autofree char *client_refused = NULL, *client_unexpected = NULL, *client_failed = NULL;
  g_autofree char *servers = mc_addresses_text (probe->ctx->server_addresses);
  BlCheck *first_listed, *first_policy, *first_refused, *first_unexpected, *first_failed;
  BlCheck *first_client_listed, *first_client_policy, *other;
  guint n_listed, n_policy, n_refused, n_unexpected, n_failed, n_client_listed, n_client_policy;
  guint n_other, n_lists = probe->lists->len;

  listed = list_names (probe, FALSE, CHECK_LISTED, &n_listed, &first_listed);
  policy = list_names (probe, FALSE, CHECK_POLICY, &n_policy, &first_policy);
  refused = list_names (probe, FALSE, CHECK_REFUSED, &n_refused, &first_refused);
  unexpected = list_names (probe, FALSE, CHECK_UNEXPECTED, &n_unexpected, &first_unexpected);
  failed = list_names (probe, FALSE, CHECK_FAILED, &n_failed, &first_failed);
  client_listed = list_names (probe, TRUE, CHECK_LISTED, &n_client_listed, &first_client_listed);
  client_policy = list_names (probe, TRUE, CHECK_POLICY, &n_client_policy, &first_client_policy);
  client_refused = list_names (probe, TRUE, CHECK_REFUSED, &n_other, &other);
  n_refused += n_other;
  first_refused = first_refused ? first_refused : other;
  client_unexpected = list_names (probe, TRUE, CHECK_UNEXPECTED, &n_other, &other);
  n_unexpected += n_other;
  first_unexpected = first_unexpected ? first_unexpected : other;
  client_failed = list_names (probe, TRUE, CHECK_FAILED, &n_other, &other);
  n_failed += n_other;
  first_failed = first_failed ? first_failed : other;

  if (probe->checks->len == 0)
    {
      gboolean any_public = FALSE;

      for (guint i = 0; i < probe->addresses->len; i++)
        if (!mc_probe_address_is_private (g_ptr_array_index (probe->addresses, i)))
          any_public = TRUE;
      if (any_public)
        mc_finding_complete (finding, MC_STATUS_INFO, NULL,
                             _("Not checked: none of the blocklists asked lists IPv6 addresses "
                               "such as the server's (%s)."), servers);
      else
        mc_finding_complete (finding, MC_STATUS_INFO, NULL,
                             _("Not checked: the server's address is private or not known, and "
                               "blocklists list only public addresses."));
      return;
    }

  /* A mail server on a blocklist: receivers that use the list refuse its
   * mail. An "ordinary connection" listing of a server counts too: those
   * receivers refuse it just the same. */
  if (n_listed + n_policy > 0)
    {
      BlCheck *first = first_listed ? first_listed : first_policy;
      g_autofree char *names = n_listed > 0 && n_policy > 0
                                 ? g_strdup_printf ("%s, %s", listed, policy)
                                 : g_strdup (n_listed > 0 ? listed : policy);

      g_string_append_printf (summary,
                              /* Translators: %1$s is an address, %2$s blocklists. */
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The sending server %1$s is on the blocklist %2$s: "
                                           "receivers that use it refuse its mail or treat it as "
                                           "spam.",
                                           "The sending server %1$s is on %3$u blocklists: %2$s. "
                                           "Receivers that use them refuse its mail or treat it "
                                           "as spam.", n_listed + n_policy),
                              first->address, names, n_listed + n_policy);
      if (first->list->page != NULL)
        {
          g_string_append_c (summary, ' ');
          g_string_append_printf (summary, _("Look up the address and ask for its removal at %s."),
                                  first->list->page);
        }
      mc_finding_complete (finding, MC_STATUS_FAIL, "blocklisted", "%s", summary->str);
      return;
    }

  if (n_refused > 0)
    {
      mc_finding_complete (finding, MC_STATUS_ERROR, "blocklist-refused",
                           /* Translators: %1$s is a blocklist's name, %2$s its answer. */
                           g_dngettext (GETTEXT_PACKAGE,
                                        "Could not test the blocklist %1$s: it refuses to answer "
                                        "this DNS server (answer %2$s), which happens with public "
                                        "DNS servers and after too many queries. This does not "
                                        "mean that the address is listed.",
                                        "Could not test %3$u blocklists, among them %1$s: they "
                                        "refuse to answer this DNS server (answer %2$s), which "
                                        "happens with public DNS servers and after too many "
                                        "queries. This does not mean that the address is "
                                        "listed.", n_refused),
                           first_refused->list->name, first_refused->code, n_refused);
      return;
    }

  if (n_unexpected > 0)
    {
      mc_finding_complete (finding, MC_STATUS_ERROR, "blocklist-refused",
                           /* Translators: %1$s is a blocklist's name, %2$s the answer. */
                           g_dngettext (GETTEXT_PACKAGE,
                                        "Could not test the blocklist %1$s: the DNS server gave "
                                        "an answer that the list never gives (%2$s); some DNS "
                                        "servers answer every unknown name this way. This does "
                                        "not mean that the address is listed.",
                                        "Could not test %3$u blocklists, among them %1$s: the DNS "
                                        "server gave answers that the lists never give (%2$s); "
                                        "some DNS servers answer every unknown name this way. "
                                        "This does not mean that the address is listed.",
                                        n_unexpected),
                           first_unexpected->list->name, first_unexpected->code, n_unexpected);
      return;
    }

  if (n_failed > 0)
    {
      /* No usable answer about a list: nothing can be said about it. Only
       * a silent DNS is the network's problem; any other failure is the
       * list's (or the DNS server's) refusal to tell. */
      gboolean silent = first_failed->status == MC_DNS_STATUS_TIMEOUT ||
                        first_failed->status == MC_DNS_STATUS_UNREACHABLE;

      mc_finding_complete (finding, MC_STATUS_ERROR, silent ? "dns-no-answer" : "blocklist-refused",
                           /* Translators: %1$s is a blocklist's name, %2$s a DNS status
                            * (timeout, servfail, refused …). */
                           g_dngettext (GETTEXT_PACKAGE,
                                        "Could not test the blocklist %1$s: no usable DNS answer "
                                        "(%2$s). This does not mean that the address is listed.",
                                        "Could not test %3$u blocklists, among them %1$s: no "
                                        "usable DNS answer (%2$s). This does not mean that the "
                                        "address is listed.", n_failed),
                           first_failed->list->name, mc_dns_status_to_string (first_failed->status),
                           n_failed);
      return;
    }

  if (n_client_listed > 0)
    {
      g_string_append_printf (summary,
                              /* Translators: %1$s is an address, %2$s blocklists. */
                              g_dngettext (GETTEXT_PACKAGE,
                                           "This computer's public address %1$s is on the "
                                           "blocklist %2$s. Some device on this network may be "
                                           "sending spam or be infected, and some mail providers "
                                           "refuse mail sent from such an address.",
                                           "This computer's public address %1$s is on %3$u "
                                           "blocklists: %2$s. Some device on this network may be "
                                           "sending spam or be infected, and some mail providers "
                                           "refuse mail sent from such an address.",
                                           n_client_listed),
                              first_client_listed->address, client_listed, n_client_listed);
      if (first_client_listed->list->page != NULL)
        {
          g_string_append_c (summary, ' ');
          g_string_append_printf (summary, _("Look up the address and ask for its removal at %s."),
                                  first_client_listed->list->page);
        }
      mc_finding_complete (finding, MC_STATUS_WARN, "blocklisted-client", "%s", summary->str);
      return;
    }

  g_string_append_printf (summary,
                          /* Translators: %1$s is one or more addresses. */
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The sending server (%1$s) is not on the blocklist that "
                                       "was checked.",
                                       "The sending server (%1$s) is on none of the %2$u "
                                       "blocklists checked.", n_lists),
                          servers, n_lists);
  if (n_client_policy > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary,
                              _("This computer's address %s is listed by %s as an ordinary "
                                "home or mobile connection: normal, and it matters only when "
                                "this computer sends mail directly to receivers (port 25)."),
                              first_client_policy->address, client_policy);
    }
  mc_finding_complete (finding, MC_STATUS_OK, NULL, "%s", summary->str);
}

static void
complete (McFinding *finding,
          BlProbe   *probe)
{
  record_evidence (finding, probe);
  mc_finding_complete_twice (finding, bl_text, probe);
}

/* Why the list of blocklists cannot be used, for bl_file_text (). */
typedef struct
{
  const char *file;
  const char *error;   /* NULL: the list is empty */
} BlFileText;

static void
bl_file_text (McFinding *finding,
              gpointer   user_data)
{
  BlFileText *text = user_data;

  if (text->error != NULL)
    mc_finding_complete (finding, MC_STATUS_ERROR, "blocklist-file-invalid",
                         _("The list of blocklists in %s cannot be used: %s"),
                         text->file, text->error);
  else
    mc_finding_complete (finding, MC_STATUS_INFO, NULL,
                         _("Not checked: the list of blocklists in %s is empty."), text->file);
}

/* --- The steps ---------------------------------------------------------- */

static void client_batch_done_cb (McDnsBatch *batch,
                                  gpointer    user_data);

static void
greeting_waited_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BlProbe *probe = g_task_get_task_data (task);
  g_autoptr(GInetAddress) client = NULL;

  mc_probe_wait_finding_finish (MC_FINDING (source), result, NULL);
  if (g_task_return_error_if_cancelled (task))
    return;

  if (probe->ctx->client_ip != NULL)
    client = g_inet_address_new_from_string (probe->ctx->client_ip);
  for (guint i = 0; client != NULL && i < probe->addresses->len; i++)
    if (g_inet_address_equal (g_ptr_array_index (probe->addresses, i), client))
      g_clear_object (&client);
  if (client != NULL && mc_probe_address_is_private (client))
    {
      probe->client_note = g_strdup_printf ("%s is private: not on any public list",
                                            probe->ctx->client_ip);
      g_clear_object (&client);
    }

  if (client == NULL)
    {
      complete (g_task_get_source_object (task), probe);
      g_task_return_boolean (task, TRUE);
      return;
    }

  probe->batch = mc_dns_batch_new (probe->ctx, probe->queries, g_task_get_cancellable (task),
                                   client_batch_done_cb, task);
  add_checks (probe, client, TRUE);
  mc_dns_batch_start (probe->batch);
  g_steal_pointer (&task);
}

static void
client_batch_done_cb (McDnsBatch *batch,
                      gpointer    user_data)
{
  g_autoptr(GTask) task = user_data;
  BlProbe *probe = g_task_get_task_data (task);

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
  BlProbe *probe = g_task_get_task_data (task);

  g_clear_pointer (&probe->batch, mc_dns_batch_free);
  mc_probe_wait_finding_async (mc_probe_context_get_finding (probe->ctx, "server.greeting"),
                               g_task_get_cancellable (task), greeting_waited_cb, task);
}

/* domain.blocklist: receivers ask DNS blocklists about the address that
 * connects to them. Every (address, list) pair is asked at once; the
 * client's address follows when the SMTP greeting has told it. */
void
mc_probe_domain_blocklist (McProbeContext      *ctx,
                           McFinding           *finding,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (finding, cancellable, callback, user_data);
  JsonObject *evidence = mc_finding_get_evidence (finding);
  g_autoptr(GError) error = NULL;
  BlProbe *probe = g_new0 (BlProbe, 1);

  g_task_set_source_tag (task, mc_probe_domain_blocklist);
  g_task_set_task_data (task, probe, (GDestroyNotify) bl_probe_free);

  probe->ctx = ctx;
  probe->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) bl_check_free);
  probe->addresses = g_ptr_array_new_with_free_func (g_object_unref);
  probe->queries = json_array_ref (mc_probe_add_queries_evidence (finding));
  json_object_set_string_member (evidence, "source",
                                 ctx->blocklists_file != NULL ? ctx->blocklists_file : "built-in");

  probe->lists = mc_blocklists_load (ctx->blocklists_file, &error);
  if (probe->lists == NULL || probe->lists->len == 0)
    {
      BlFileText text = {
        ctx->blocklists_file ? ctx->blocklists_file : MC_BLOCKLISTS_RESOURCE,
        error != NULL ? error->message : NULL,
      };

      if (error != NULL)
        mc_finding_add_detail (finding, "%s", error->message);
      mc_finding_complete_twice (finding, bl_file_text, &text);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  probe->batch = mc_dns_batch_new (ctx, probe->queries, cancellable, server_batch_done_cb, task);
  for (guint i = 0; ctx->server_addresses != NULL && i < ctx->server_addresses->len; i++)
    add_checks (probe, g_ptr_array_index (ctx->server_addresses, i), FALSE);
  mc_dns_batch_start (probe->batch);
}
