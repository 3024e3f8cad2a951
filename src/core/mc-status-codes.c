/* mc-status-codes.c: SMTP reply codes (RFC 5321) and enhanced status codes (the RFC 5248 registry), with their meanings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-status-codes.h"

/* Every X.subject.detail code of the IANA "SMTP Enhanced Status Codes"
 * registry (https://www.iana.org/assignments/smtp-enhanced-status-codes),
 * with the registry's own short titles as the English text: people search
 * for them, and support desks know them. X.6.10 is listed although the
 * registry deprecates it as a duplicate of X.6.8, because servers still
 * send it. */
static const McEnhancedCodeEntry enhanced_codes[] = {
  { 0, 0, N_("Other undefined status"), "RFC 3463" },

  { 1, 0, N_("Other address status"), "RFC 3463" },
  { 1, 1, N_("Bad destination mailbox address"), "RFC 3463" },
  { 1, 2, N_("Bad destination system address"), "RFC 3463" },
  { 1, 3, N_("Bad destination mailbox address syntax"), "RFC 3463" },
  { 1, 4, N_("Destination mailbox address ambiguous"), "RFC 3463" },
  { 1, 5, N_("Destination address valid"), "RFC 3463" },
  { 1, 6, N_("Destination mailbox has moved, no forwarding address"), "RFC 3463" },
  { 1, 7, N_("Bad sender's mailbox address syntax"), "RFC 3463" },
  { 1, 8, N_("Bad sender's system address"), "RFC 3463" },
  { 1, 9, N_("Message relayed to non-compliant mailer"), "RFC 3886" },
  { 1, 10, N_("Recipient address has null MX"), "RFC 7505" },

  { 2, 0, N_("Other or undefined mailbox status"), "RFC 3463" },
  { 2, 1, N_("Mailbox disabled, not accepting messages"), "RFC 3463" },
  { 2, 2, N_("Mailbox full"), "RFC 3463" },
  { 2, 3, N_("Message length exceeds administrative limit"), "RFC 3463" },
  { 2, 4, N_("Mailing list expansion problem"), "RFC 3463" },

  { 3, 0, N_("Other or undefined mail system status"), "RFC 3463" },
  { 3, 1, N_("Mail system full"), "RFC 3463" },
  { 3, 2, N_("System not accepting network messages"), "RFC 3463" },
  { 3, 3, N_("System not capable of selected features"), "RFC 3463" },
  { 3, 4, N_("Message too big for system"), "RFC 3463" },
  { 3, 5, N_("System incorrectly configured"), "RFC 3463" },
  { 3, 6, N_("Requested priority was changed"), "RFC 6710" },

  { 4, 0, N_("Other or undefined network or routing status"), "RFC 3463" },
  { 4, 1, N_("No answer from host"), "RFC 3463" },
  { 4, 2, N_("Bad connection"), "RFC 3463" },
  { 4, 3, N_("Directory server failure"), "RFC 3463" },
  { 4, 4, N_("Unable to route"), "RFC 3463" },
  { 4, 5, N_("Mail system congestion"), "RFC 3463" },
  { 4, 6, N_("Routing loop detected"), "RFC 3463" },
  { 4, 7, N_("Delivery time expired"), "RFC 3463" },

  { 5, 0, N_("Other or undefined protocol status"), "RFC 3463" },
  { 5, 1, N_("Invalid command"), "RFC 3463" },
  { 5, 2, N_("Syntax error"), "RFC 3463" },
  { 5, 3, N_("Too many recipients"), "RFC 3463" },
  { 5, 4, N_("Invalid command arguments"), "RFC 3463" },
  { 5, 5, N_("Wrong protocol version"), "RFC 3463" },
  { 5, 6, N_("Authentication exchange line is too long"), "RFC 4954" },

  { 6, 0, N_("Other or undefined media error"), "RFC 3463" },
  { 6, 1, N_("Media not supported"), "RFC 3463" },
  { 6, 2, N_("Conversion required and prohibited"), "RFC 3463" },
  { 6, 3, N_("Conversion required but not supported"), "RFC 3463" },
  { 6, 4, N_("Conversion with loss performed"), "RFC 3463" },
  { 6, 5, N_("Conversion failed"), "RFC 3463" },
  { 6, 6, N_("Message content not available"), "RFC 4468" },
  { 6, 7, N_("Non-ASCII addresses not permitted for that sender or recipient"), "RFC 6531" },
  { 6, 8, N_("UTF-8 string reply is required, but not permitted by the SMTP client"), "RFC 6531" },
  { 6, 9, N_("UTF-8 header message cannot be transferred to one or more recipients"), "RFC 6531" },
  { 6, 10, N_("UTF-8 string reply is required; a deprecated duplicate of X.6.8"), "RFC 6531" },

  { 7, 0, N_("Other or undefined security status"), "RFC 3463" },
  { 7, 1, N_("Delivery not authorized, message refused"), "RFC 3463" },
  { 7, 2, N_("Mailing list expansion prohibited"), "RFC 3463" },
  { 7, 3, N_("Security conversion required but not possible"), "RFC 3463" },
  { 7, 4, N_("Security features not supported"), "RFC 3463" },
  { 7, 5, N_("Cryptographic failure"), "RFC 3463" },
  { 7, 6, N_("Cryptographic algorithm not supported"), "RFC 3463" },
  { 7, 7, N_("Message integrity failure"), "RFC 3463" },
  { 7, 8, N_("Authentication credentials invalid"), "RFC 4954" },
  { 7, 9, N_("Authentication mechanism is too weak"), "RFC 4954" },
  { 7, 10, N_("Encryption needed"), "RFC 5248" },
  { 7, 11, N_("Encryption required for requested authentication mechanism"), "RFC 4954" },
  { 7, 12, N_("A password transition is needed"), "RFC 4954" },
  { 7, 13, N_("User account disabled"), "RFC 5248" },
  { 7, 14, N_("Trust relationship required"), "RFC 5248" },
  { 7, 15, N_("Priority level is too low"), "RFC 6710" },
  { 7, 16, N_("Message is too big for the specified priority"), "RFC 6710" },
  { 7, 17, N_("Mailbox owner has changed"), "RFC 7293" },
  { 7, 18, N_("Domain owner has changed"), "RFC 7293" },
  { 7, 19, N_("RRVS test cannot be completed"), "RFC 7293" },
  { 7, 20, N_("No passing DKIM signature found"), "RFC 7372" },
  { 7, 21, N_("No acceptable DKIM signature found"), "RFC 7372" },
  { 7, 22, N_("No valid author-matched DKIM signature found"), "RFC 7372" },
  { 7, 23, N_("SPF validation failed"), "RFC 7372" },
  { 7, 24, N_("SPF validation error"), "RFC 7372" },
  { 7, 25, N_("Reverse DNS validation failed"), "RFC 7372" },
  { 7, 26, N_("Multiple authentication checks failed"), "RFC 7372" },
  { 7, 27, N_("Sender address has null MX"), "RFC 7505" },
  { 7, 28, N_("Mail flood detected"), "IANA registry" },
  { 7, 29, N_("ARC validation failure"), "RFC 8617" },
  { 7, 30, N_("REQUIRETLS support required"), "RFC 8689" },
};

/* The reply codes of RFC 5321, section 4.2.3, and those that SMTP AUTH
 * (RFC 4954) and RFC 7504 added. */
static const McReplyCodeEntry reply_codes[] = {
  { 211, N_("System status, or system help reply"), "RFC 5321" },
  { 214, N_("Help message"), "RFC 5321" },
  { 220, N_("Service ready"), "RFC 5321" },
  { 221, N_("Service closing transmission channel"), "RFC 5321" },
  { 235, N_("Authentication succeeded"), "RFC 4954" },
  { 250, N_("Requested mail action okay, completed"), "RFC 5321" },
  { 251, N_("User not local; will forward"), "RFC 5321" },
  { 252, N_("Cannot verify the user, but will accept the message and attempt delivery"), "RFC 5321" },
  { 334, N_("Authentication in progress: the server waits for the next step"), "RFC 4954" },
  { 354, N_("Start mail input"), "RFC 5321" },
  { 421, N_("Service not available, closing transmission channel"), "RFC 5321" },
  { 432, N_("A password transition is needed"), "RFC 4954" },
  { 450, N_("Requested mail action not taken: mailbox unavailable, for example busy or temporarily blocked"), "RFC 5321" },
  { 451, N_("Requested action aborted: local error in processing"), "RFC 5321" },
  { 452, N_("Requested action not taken: insufficient system storage"), "RFC 5321" },
  { 454, N_("Temporary authentication failure"), "RFC 4954" },
  { 455, N_("Server unable to accommodate parameters"), "RFC 5321" },
  { 500, N_("Syntax error, command unrecognized"), "RFC 5321" },
  { 501, N_("Syntax error in parameters or arguments"), "RFC 5321" },
  { 502, N_("Command not implemented"), "RFC 5321" },
  { 503, N_("Bad sequence of commands"), "RFC 5321" },
  { 504, N_("Command parameter not implemented"), "RFC 5321" },
  { 521, N_("Host does not accept mail"), "RFC 7504" },
  { 530, N_("Authentication required"), "RFC 4954" },
  { 534, N_("Authentication mechanism is too weak"), "RFC 4954" },
  { 535, N_("Authentication credentials invalid"), "RFC 4954" },
  { 538, N_("Encryption required for requested authentication mechanism"), "RFC 4954" },
  { 550, N_("Requested action not taken: mailbox unavailable: not found, no access, or refused by policy"), "RFC 5321" },
  { 551, N_("User not local"), "RFC 5321" },
  { 552, N_("Requested mail action aborted: exceeded storage allocation"), "RFC 5321" },
  { 553, N_("Requested action not taken: mailbox name not allowed"), "RFC 5321" },
  { 554, N_("Transaction failed, or at connection time: no SMTP service here"), "RFC 5321" },
  { 555, N_("MAIL FROM or RCPT TO parameters not recognized or not implemented"), "RFC 5321" },
  { 556, N_("Domain does not accept mail"), "RFC 7504" },
};

/* Reads one to three digits; the caller checks what follows. */
static gboolean
read_number (const char **p,
             const char  *end,
             guint       *value)
{
  guint n = 0, digits = 0;

  while (*p < end && g_ascii_isdigit (**p))
    {
      if (++digits > 3)
        return FALSE;
      n = n * 10 + (guint) (**p - '0');
      (*p)++;
    }
  *value = n;
  return digits > 0;
}

gboolean
mc_enhanced_code_parse (const char     *text,
                        gssize          length,
                        McEnhancedCode *code)
{
  const char *p, *end;
  McEnhancedCode parsed;

  g_return_val_if_fail (code != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  p = text;
  end = length < 0 ? text + strlen (text) : text + length;

  /* RFC 3463, section 2: class "." subject "." detail, where the class is
   * a single digit and subject and detail are 1*3digit. */
  if (p >= end || (*p != '2' && *p != '4' && *p != '5'))
    return FALSE;
  parsed.klass = (guint) (*p++ - '0');
  if (p >= end || *p++ != '.')
    return FALSE;
  if (!read_number (&p, end, &parsed.subject))
    return FALSE;
  if (p >= end || *p++ != '.')
    return FALSE;
  if (!read_number (&p, end, &parsed.detail))
    return FALSE;
  /* "5.1.1." followed by a digit is part of something longer, such as an
   * IP address; a full stop that ends a sentence is fine. */
  if (p < end && (g_ascii_isdigit (*p) || (*p == '.' && p + 1 < end && g_ascii_isdigit (p[1]))))
    return FALSE;

  *code = parsed;
  return TRUE;
}

char *
mc_enhanced_code_to_string (const McEnhancedCode *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  return g_strdup_printf ("%u.%u.%u", code->klass, code->subject, code->detail);
}

const McEnhancedCodeEntry *
mc_enhanced_code_lookup (const McEnhancedCode *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (enhanced_codes); i++)
    {
      if (enhanced_codes[i].subject == code->subject && enhanced_codes[i].detail == code->detail)
        return &enhanced_codes[i];
    }
  return NULL;
}

const char *
mc_enhanced_code_get_class_meaning (guint klass)
{
  switch (klass)
    {
    case 2:
      return _("Success");
    case 4:
      return _("Temporary failure");
    case 5:
      return _("Permanent failure");
    default:
      return NULL;
    }
}

const char *
mc_enhanced_code_get_subject_meaning (guint subject)
{
  switch (subject)
    {
    case 0:
      return _("Other or undefined status");
    case 1:
      return _("Addressing status");
    case 2:
      return _("Mailbox status");
    case 3:
      return _("Mail system status");
    case 4:
      return _("Network and routing status");
    case 5:
      return _("Mail delivery protocol status");
    case 6:
      return _("Message content or media status");
    case 7:
      return _("Security or policy status");
    default:
      return NULL;
    }
}

char *
mc_enhanced_code_describe (const McEnhancedCode *code)
{
  const McEnhancedCodeEntry *entry;
  const char *klass, *subject;

  g_return_val_if_fail (code != NULL, NULL);

  entry = mc_enhanced_code_lookup (code);
  if (entry != NULL)
    return g_strdup (_(entry->meaning));

  klass = mc_enhanced_code_get_class_meaning (code->klass);
  subject = mc_enhanced_code_get_subject_meaning (code->subject);
  if (klass == NULL)
    return NULL;
  if (subject != NULL)
    /* Translators: a status code the registry does not list, such as 5.7.99.
     * First %s is “Permanent failure” or the like, second the kind, such as
     * “Security or policy status”, %u the detail number. */
    return g_strdup_printf (_("%s: %s; detail %u is not in the registry"), klass, subject,
                            code->detail);
  /* Translators: a status code whose middle number the registry does not
   * know, such as 5.9.99. %s is “Permanent failure” or the like. */
  return g_strdup_printf (_("%s of a kind not in the registry"), klass);
}

const McEnhancedCodeEntry *
mc_enhanced_codes_get_all (guint *n_entries)
{
  if (n_entries != NULL)
    *n_entries = G_N_ELEMENTS (enhanced_codes);
  return enhanced_codes;
}

gboolean
mc_reply_code_parse (const char *text,
                     guint      *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  if (text == NULL || !(text[0] >= '2' && text[0] <= '5') || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[2]) || g_ascii_isdigit (text[3]))
    return FALSE;
  *code = (guint) ((text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0'));
  return TRUE;
}

const char *
mc_reply_code_get_meaning (guint code)
{
  for (guint i = 0; i < G_N_ELEMENTS (reply_codes); i++)
    {
      if (reply_codes[i].code == code)
        return _(reply_codes[i].meaning);
    }
  return NULL;
}

const McReplyCodeEntry *
mc_reply_codes_get_all (guint *n_entries)
{
  if (n_entries != NULL)
    *n_entries = G_N_ELEMENTS (reply_codes);
  return reply_codes;
}
