/* mc-explain-topics.c: common problems that come without an error message, and the guidance for each.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-explain.h"

/* Many problems come without an error message to paste: the recipient
 * just says nothing arrived. The window offers these as a list to choose
 * from, so the titles are what a person would say, in their own words, not
 * the names of checks. Each leads to the catalogue entry that answers it;
 * that entry's "See also" links lead on to the next most likely causes.
 * The most common complaints come first. */
static const McExplainTopic topics[] = {
  { N_("The recipient says nothing arrived"), "recipient-spam-folder" },
  { N_("My messages keep going to the recipient's spam folder"), "content-looks-like-spam" },
  { N_("A mobile phone address (docomo, au, SoftBank) does not receive my mail"),
    "recipient-filter-rules" },
  { N_("My attachment does not go"), "attachment-too-big" },
  { N_("I got a warning that my message is not delivered yet"), "bounce-deferred" },
  { N_("My messages arrive hours late"), "delivery-delays" },
  { N_("Sending takes very long"), "greeting-slow" },
  { N_("Messages arrive garbled (mojibake)"), "message-format" },
  { N_("I was told the recipient's mailbox is full"), "bounce-mailbox-full" },
  { N_("My provider limits how much I can send"), "provider-sending-limits" },
  { N_("My mail provider may have an outage"), "provider-status-page" },
  { N_("Mail stopped working after I installed security software"),
    "security-software-exception" },
  { N_("My computer may have a virus"), "computer-malware" },
  { N_("My mail program lost messages"), "mail-program-backup" },
  { N_("A newsletter from a delivery service does not reach someone"), "delivery-error-log" },
};

/* Titles are English (N_()): translate them with _() when showing them. */
const McExplainTopic *
mc_explain_get_topics (guint *n_topics)
{
  if (n_topics != NULL)
    *n_topics = G_N_ELEMENTS (topics);
  return topics;
}
