/* mc-dns-answer.c: the outcome of one DNS query, read from the wire answer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-report.h"
#include "mc-resolver-private.h"

#include <ares.h>
#include <netdb.h>
#include "mc-i18n.h"

#define DNS_HEADER_SIZE 12

G_DEFINE_BOXED_TYPE (McDnsAnswer, mc_dns_answer, mc_dns_answer_ref, mc_dns_answer_unref)

static void
mc_dns_answer_clear (gpointer data)
{
  McDnsAnswer *answer = data;

  g_free (answer->name);
  g_ptr_array_unref (answer->addresses);
  g_ptr_array_unref (answer->records);
}

McDnsAnswer *
mc_dns_answer_new (const char *name,
                   McDnsType   type)
{
  McDnsAnswer *answer = g_atomic_rc_box_new0 (McDnsAnswer);

  answer->name = g_strdup (name);
  answer->type = type;
  answer->status = MC_DNS_STATUS_OK;
  answer->rcode = -1;
  answer->addresses = g_ptr_array_new_with_free_func (g_object_unref);
  answer->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  return answer;
}

McDnsAnswer *
mc_dns_answer_ref (McDnsAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, NULL);

  return g_atomic_rc_box_acquire (answer);
}

void
mc_dns_answer_unref (McDnsAnswer *answer)
{
  g_return_if_fail (answer != NULL);

  g_atomic_rc_box_release_full (answer, mc_dns_answer_clear);
}

const char *
mc_dns_answer_get_name (McDnsAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, NULL);
  return answer->name;
}

McDnsType
mc_dns_answer_get_query_type (McDnsAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, MC_DNS_TYPE_A);
  return answer->type;
}

McDnsStatus
mc_dns_answer_get_status (McDnsAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, MC_DNS_STATUS_BADRESP);
  return answer->status;
}

int
mc_dns_answer_get_rcode (McDnsAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, -1);
  return answer->rcode;
}

gboolean
mc_dns_answer_get_authenticated (McDnsAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, FALSE);
  return answer->authenticated;
}

gboolean
mc_dns_answer_get_from_hosts_file (McDnsAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, FALSE);
  return answer->from_hosts_file;
}

gint64
mc_dns_answer_get_elapsed_us (McDnsAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, 0);
  return answer->elapsed_us;
}

GPtrArray *
mc_dns_answer_get_addresses (McDnsAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, NULL);
  return answer->addresses;
}

GPtrArray *
mc_dns_answer_get_records (McDnsAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, NULL);
  return answer->records;
}

const char *
mc_dns_status_to_string (McDnsStatus status)
{
  switch (status)
    {
    case MC_DNS_STATUS_OK:          return "ok";
    case MC_DNS_STATUS_NODATA:      return "nodata";
    case MC_DNS_STATUS_NXDOMAIN:    return "nxdomain";
    case MC_DNS_STATUS_SERVFAIL:    return "servfail";
    case MC_DNS_STATUS_REFUSED:     return "refused";
    case MC_DNS_STATUS_FORMERR:     return "formerr";
    case MC_DNS_STATUS_NOTIMP:      return "notimp";
    case MC_DNS_STATUS_BADRESP:     return "badresp";
    case MC_DNS_STATUS_TIMEOUT:     return "timeout";
    case MC_DNS_STATUS_UNREACHABLE: return "unreachable";
    default:                        return "unknown";
    }
}

const char *
mc_dns_type_to_string (McDnsType type)
{
  switch (type)
    {
    case MC_DNS_TYPE_A:     return "A";
    case MC_DNS_TYPE_NS:    return "NS";
    case MC_DNS_TYPE_CNAME: return "CNAME";
    case MC_DNS_TYPE_SOA:   return "SOA";
    case MC_DNS_TYPE_PTR:   return "PTR";
    case MC_DNS_TYPE_MX:    return "MX";
    case MC_DNS_TYPE_TXT:   return "TXT";
    case MC_DNS_TYPE_AAAA:  return "AAAA";
    case MC_DNS_TYPE_SRV:   return "SRV";
    default:                return "UNKNOWN";
    }
}

/* The mnemonics of RFC 1035, 2136 and 6891; "NONE" when no answer arrived. */
const char *
mc_dns_rcode_to_string (int rcode)
{
  static const char * const names[] = {
    "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
    "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
  };

  if (rcode < 0)
    return "NONE";
  if ((gsize) rcode < G_N_ELEMENTS (names))
    return names[rcode];
  if (rcode == 16)
    return "BADVERS";
  return "UNKNOWN";
}

static void
add_record (McDnsAnswer *answer,
            GVariant    *record)
{
  g_ptr_array_add (answer->records, g_variant_ref_sink (record));
}

static void
add_hostent_addresses (McDnsAnswer    *answer,
                       struct hostent *host,
                       GSocketFamily   family)
{
  for (char **addr = host->h_addr_list; addr != NULL && *addr != NULL; addr++)
    g_ptr_array_add (answer->addresses,
                     g_inet_address_new_from_bytes ((const guint8 *) *addr, family));
}

static guint
read_u16 (const guint8 *p)
{
  return (guint) p[0] << 8 | p[1];
}

/* Collects the targets of the answer's records of one name-valued type
 * (NS, PTR, CNAME). c-ares has no parser for CNAME, and its PTR and NS
 * parsers scatter the names over h_name and h_aliases, so walk the answer
 * section ourselves. */
static int
parse_names (McDnsAnswer  *answer,
             const guint8 *abuf,
             int           alen)
{
  const guint8 *end = abuf + alen;
  const guint8 *p = abuf + DNS_HEADER_SIZE;
  guint qdcount = read_u16 (abuf + 4);
  guint ancount = read_u16 (abuf + 6);

  for (guint i = 0; i < qdcount + ancount; i++)
    {
      char *owner = NULL;
      long len = 0;
      guint rrtype, rrclass, rdlength;

      if (ares_expand_name (p, abuf, alen, &owner, &len) != ARES_SUCCESS)
        return ARES_EBADRESP;
      ares_free_string (owner);
      p += len;

      if (i < qdcount)
        {
          p += 4;
          continue;
        }
      if (end - p < 10)
        return ARES_EBADRESP;
      rrtype = read_u16 (p);
      rrclass = read_u16 (p + 2);
      rdlength = read_u16 (p + 8);
      p += 10;
      if (end - p < (ptrdiff_t) rdlength)
        return ARES_EBADRESP;

      if (rrtype == answer->type && rrclass == 1)
        {
          char *target = NULL;

          if (ares_expand_name (p, abuf, alen, &target, &len) != ARES_SUCCESS)
            return ARES_EBADRESP;
          add_record (answer, g_variant_new ("(s)", target));
          ares_free_string (target);
        }
      p += rdlength;
    }

  return answer->records->len > 0 ? ARES_SUCCESS : ARES_ENODATA;
}

/* TXT strings are bytes; GVariant strings must be UTF-8. */
static char *
txt_string (const struct ares_txt_ext *txt)
{
  return g_utf8_make_valid ((const char *) txt->txt, (gssize) txt->length);
}

static int
parse_txt (McDnsAnswer  *answer,
           const guint8 *abuf,
           int           alen)
{
  struct ares_txt_ext *txt = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  int ret = ares_parse_txt_reply_ext (abuf, alen, &txt);

  if (ret != ARES_SUCCESS)
    return ret;

  /* One record may hold several strings (a long SPF record, say); they
   * must stay together, so a record ends only where the next one starts. */
  for (struct ares_txt_ext *t = txt; t != NULL; t = t->next)
    {
      if (t->record_start && strings != NULL)
        {
          add_record (answer, g_variant_new ("(^as)", (char **) strings->pdata));
          g_clear_pointer (&strings, g_ptr_array_unref);
        }
      if (strings == NULL)
        {
          strings = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (strings, NULL);
        }
      g_ptr_array_insert (strings, (int) strings->len - 1, txt_string (t));
    }
  if (strings != NULL)
    add_record (answer, g_variant_new ("(^as)", (char **) strings->pdata));

  ares_free_data (txt);
  return ARES_SUCCESS;
}

static int
parse_records (McDnsAnswer  *answer,
               const guint8 *abuf,
               int           alen)
{
  struct hostent *host = NULL;
  int ret;

  switch (answer->type)
    {
    case MC_DNS_TYPE_A:
    case MC_DNS_TYPE_AAAA:
      /* These parsers follow a CNAME chain to the address records. */
      if (answer->type == MC_DNS_TYPE_A)
        ret = ares_parse_a_reply (abuf, alen, &host, NULL, NULL);
      else
        ret = ares_parse_aaaa_reply (abuf, alen, &host, NULL, NULL);
      if (ret == ARES_SUCCESS)
        {
          add_hostent_addresses (answer, host,
                                 answer->type == MC_DNS_TYPE_A ? G_SOCKET_FAMILY_IPV4
                                                               : G_SOCKET_FAMILY_IPV6);
          ares_free_hostent (host);
        }
      return ret;

    case MC_DNS_TYPE_MX:
      {
        struct ares_mx_reply *mx = NULL;

        ret = ares_parse_mx_reply (abuf, alen, &mx);
        for (struct ares_mx_reply *m = mx; ret == ARES_SUCCESS && m != NULL; m = m->next)
          add_record (answer, g_variant_new ("(qs)", m->priority, m->host));
        ares_free_data (mx);
        return ret;
      }

    case MC_DNS_TYPE_SRV:
      {
        struct ares_srv_reply *srv = NULL;

        ret = ares_parse_srv_reply (abuf, alen, &srv);
        for (struct ares_srv_reply *s = srv; ret == ARES_SUCCESS && s != NULL; s = s->next)
          add_record (answer, g_variant_new ("(qqqs)", s->priority, s->weight, s->port, s->host));
        ares_free_data (srv);
        return ret;
      }

    case MC_DNS_TYPE_SOA:
      {
        struct ares_soa_reply *soa = NULL;

        ret = ares_parse_soa_reply (abuf, alen, &soa);
        if (ret == ARES_SUCCESS)
          {
            add_record (answer, g_variant_new ("(ssuuuuu)", soa->nsname, soa->hostmaster,
                                               soa->serial, soa->refresh, soa->retry,
                                               soa->expire, soa->minttl));
            ares_free_data (soa);
          }
        return ret;
      }

    case MC_DNS_TYPE_TXT:
      return parse_txt (answer, abuf, alen);

    case MC_DNS_TYPE_NS:
    case MC_DNS_TYPE_PTR:
    case MC_DNS_TYPE_CNAME:
    default:
      return parse_names (answer, abuf, alen);
    }
}

static McDnsStatus
status_from_rcode (int rcode)
{
  switch (rcode)
    {
    case 0: return MC_DNS_STATUS_OK;
    case 1: return MC_DNS_STATUS_FORMERR;
    case 2: return MC_DNS_STATUS_SERVFAIL;
    case 3: return MC_DNS_STATUS_NXDOMAIN;
    case 4: return MC_DNS_STATUS_NOTIMP;
    case 5: return MC_DNS_STATUS_REFUSED;
    /* The other codes belong to dynamic updates or EDNS, which a query
     * without either never provokes: the answer makes no sense. */
    default: return MC_DNS_STATUS_BADRESP;
    }
}

/* Builds the answer from what ares_send () handed its callback. The channel
 * has ARES_FLAG_NOCHECKRESP, so every answer that arrived comes with
 * ARES_SUCCESS and its rcode, and the other statuses mean none arrived. */
McDnsAnswer *
mc_dns_answer_new_from_reply (const char    *name,
                              McDnsType      type,
                              int            ares_status,
                              const guint8  *abuf,
                              int            alen,
                              gint64         elapsed_us,
                              GError       **error)
{
  g_autoptr(McDnsAnswer) answer = mc_dns_answer_new (name, type);
  int ret;

  answer->elapsed_us = elapsed_us;

  switch (ares_status)
    {
    case ARES_SUCCESS:
      break;
    case ARES_ETIMEOUT:
      answer->status = MC_DNS_STATUS_TIMEOUT;
      return g_steal_pointer (&answer);
    case ARES_ECONNREFUSED:
    case ARES_ESERVFAIL: /* without an answer: the channel has no server at all */
      answer->status = MC_DNS_STATUS_UNREACHABLE;
      return g_steal_pointer (&answer);
    case ARES_EBADNAME:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid DNS name"), name);
      return NULL;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not look up “%s”: %s"), name, ares_strerror (ares_status));
      return NULL;
    }

  if (abuf == NULL || alen < DNS_HEADER_SIZE)
    {
      answer->status = MC_DNS_STATUS_BADRESP;
      return g_steal_pointer (&answer);
    }

  /* Byte 3 of the header holds RA, Z, AD, CD and the rcode. */
  answer->rcode = abuf[3] & 0x0f;
  answer->authenticated = (abuf[3] & 0x20) != 0;
  answer->status = status_from_rcode (answer->rcode);
  if (answer->status != MC_DNS_STATUS_OK)
    return g_steal_pointer (&answer);

  ret = read_u16 (abuf + 6) == 0 ? ARES_ENODATA : parse_records (answer, abuf, alen);
  if (ret == ARES_SUCCESS && answer->addresses->len == 0 && answer->records->len == 0)
    ret = ARES_ENODATA;
  if (ret == ARES_ENODATA)
    answer->status = MC_DNS_STATUS_NODATA;
  else if (ret != ARES_SUCCESS)
    answer->status = MC_DNS_STATUS_BADRESP;

  return g_steal_pointer (&answer);
}

/* How much a failed answer tells about a name, to pick the one to report
 * when neither the A nor the AAAA query found an address. NXDOMAIN is an
 * authoritative statement about the name, valid for every type, so a
 * failure of the other query does not weaken it; then come a server's own
 * answers, no server at all, silence, and last "no record of this type".
 * (On loopback, a closed port often refuses one query and leaves the
 * other to time out: the refusal is the better explanation.) */
static int
status_weight (McDnsStatus status)
{
  switch (status)
    {
    case MC_DNS_STATUS_NXDOMAIN:
      return 5;
    case MC_DNS_STATUS_SERVFAIL:
    case MC_DNS_STATUS_REFUSED:
    case MC_DNS_STATUS_FORMERR:
    case MC_DNS_STATUS_NOTIMP:
    case MC_DNS_STATUS_BADRESP:
      return 4;
    case MC_DNS_STATUS_UNREACHABLE:
      return 3;
    case MC_DNS_STATUS_TIMEOUT:
      return 2;
    case MC_DNS_STATUS_NODATA:
      return 1;
    case MC_DNS_STATUS_OK:
    default:
      return 0;
    }
}

/* Merges the AAAA and A answers for a name into one answer of type A,
 * with the IPv6 addresses first. */
McDnsAnswer *
mc_dns_answer_merge (McDnsAnswer *v6,
                     McDnsAnswer *v4)
{
  McDnsAnswer *chosen = status_weight (v6->status) > status_weight (v4->status) ? v6 : v4;
  McDnsAnswer *answer = mc_dns_answer_new (v4->name, MC_DNS_TYPE_A);

  for (guint i = 0; i < v6->addresses->len; i++)
    g_ptr_array_add (answer->addresses, g_object_ref (v6->addresses->pdata[i]));
  for (guint i = 0; i < v4->addresses->len; i++)
    g_ptr_array_add (answer->addresses, g_object_ref (v4->addresses->pdata[i]));

  if (answer->addresses->len > 0)
    chosen = v4->addresses->len > 0 ? v4 : v6;
  answer->status = answer->addresses->len > 0 ? MC_DNS_STATUS_OK : chosen->status;
  answer->rcode = chosen->rcode;
  answer->authenticated = v6->authenticated && v4->authenticated;
  answer->from_hosts_file = v6->from_hosts_file && v4->from_hosts_file;
  answer->elapsed_us = MAX (v6->elapsed_us, v4->elapsed_us);
  answer->merged = TRUE;
  return answer;
}

static char *
format_duration (gint64 us)
{
  return mc_format_duration ((us + 500) / 1000);
}

/**
 * mc_dns_answer_check:
 *
 * Turns a failed answer into the error a GResolver reports: NXDOMAIN and
 * NODATA are %G_RESOLVER_ERROR_NOT_FOUND, a timeout is %G_IO_ERROR_TIMED_OUT
 * (as GLib 2.78 reports it), every other failure is
 * %G_RESOLVER_ERROR_TEMPORARY_FAILURE. The message names the name and keeps
 * the rcode.
 *
 * Returns: %TRUE when the answer is OK
 */
gboolean
mc_dns_answer_check (McDnsAnswer  *answer,
                     GError      **error)
{
  g_autofree char *duration = NULL;

  g_return_val_if_fail (answer != NULL, FALSE);

  switch (answer->status)
    {
    case MC_DNS_STATUS_OK:
      return TRUE;

    case MC_DNS_STATUS_NXDOMAIN:
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                   _("“%s” does not exist (NXDOMAIN, rcode %d)"), answer->name, answer->rcode);
      return FALSE;

    case MC_DNS_STATUS_NODATA:
      if (answer->merged)
        g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                     _("“%s” has no IPv4 or IPv6 address (NOERROR, rcode %d)"),
                     answer->name, answer->rcode);
      else
        /* Translators: the second %s is a DNS record type such as MX. */
        g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                     _("“%s” has no %s record (NOERROR, rcode %d)"),
                     answer->name, mc_dns_type_to_string (answer->type), answer->rcode);
      return FALSE;

    case MC_DNS_STATUS_SERVFAIL:
    case MC_DNS_STATUS_REFUSED:
    case MC_DNS_STATUS_FORMERR:
    case MC_DNS_STATUS_NOTIMP:
      /* Translators: the second %s is a DNS response code such as SERVFAIL. */
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE,
                   _("Could not resolve “%s”: the server answered %s (rcode %d)"),
                   answer->name, mc_dns_rcode_to_string (answer->rcode), answer->rcode);
      return FALSE;

    case MC_DNS_STATUS_BADRESP:
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE,
                   _("Could not resolve “%s”: the server’s answer could not be read (rcode %d)"),
                   answer->name, answer->rcode);
      return FALSE;

    case MC_DNS_STATUS_UNREACHABLE:
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE,
                   _("Could not resolve “%s”: no DNS server could be contacted"), answer->name);
      return FALSE;

    case MC_DNS_STATUS_TIMEOUT:
      duration = format_duration (answer->elapsed_us);
      /* Translators: the second %s is a duration such as "3 s". */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   _("No DNS server answered for “%s” within %s"), answer->name, duration);
      return FALSE;

    default:
      g_assert_not_reached ();
    }
}
