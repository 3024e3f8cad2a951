/* mc-guidance-advice.c: guidance catalogue: advice for problems that no check can see.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-guidance-private.h"

/* No probe can look into the recipient's mailbox, read the message being
 * written, or see a provider's daily limit, and often there is no error
 * message to explain either: the mail just "did not arrive". These entries
 * answer such cases. People reach them from the list of common problems
 * (mc-explain-topics.c) and from the "See also" links of the findings and
 * error explanations they belong with.
 *
 * Written like the rest of the catalogue: plain words, the step most likely
 * to work first, one action a step, the names mail programs show. Where the
 * recipient has to act, the step says what to ask them. */
const McGuidance mc_guidance_advice[] = {
  /* --- The recipient's side -------------------------------------------- */

  {
    .id = "recipient-spam-folder",
    .title = N_("The message may be in the recipient's spam folder"),
    .meaning = N_("A message can reach the recipient's mailbox and still be filed in the spam "
                  "(junk) folder, where people rarely look. You get no error in that case: for "
                  "you, the message went out normally."),
    .causes = {
      N_("The recipient's mail service took the message for spam, often because your domain "
         "does not pass SPF, DKIM or DMARC."),
      N_("The subject, text, links or attachments look like those of spam."),
      N_("The recipient, or their mail service, once marked a message from you as spam."),
      N_("You wrote to many people at once, or from an address the service has not seen "
         "before."),
    },
    .steps = {
      N_("Ask the recipient to look in their spam (junk) folder and to search all their folders "
         "for your address."),
      N_("If the message is there, ask them to mark it as not spam: their filter learns from "
         "it."),
      N_("Ask them to add your address to their contacts or safe senders."),
      N_("Run this check for your own account: the SPF, DKIM and DMARC results show whether "
         "receivers can tell that your mail is really yours."),
      N_("Send a short test message with plain text and no links or attachments, and ask "
         "whether it reaches the inbox."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .related = { "content-looks-like-spam", "recipient-filter-rules", "recipient-program-settings" },
  },

  {
    .id = "recipient-program-settings",
    .title = N_("The recipient's mail program may not show your message"),
    .meaning = N_("Sometimes a message reaches the recipient's mailbox on the server, but their "
                  "mail program does not show it: it does not fetch new mail, it fetches another "
                  "account, or the message lands where they do not look."),
    .causes = {
      N_("The recipient's mail program does not receive at all, because its password or its "
         "receiving server (IMAP or POP) settings are wrong."),
      N_("The mail program is set up for another account than the address you write to."),
      N_("A folder, a tab (such as Gmail's Promotions) or a sort order hides the message."),
      N_("Another device collects the mail with POP and removes it from the server first."),
    },
    .steps = {
      N_("Ask the recipient to sign in to their provider's webmail in a browser and look for "
         "your message there."),
      N_("If it is in webmail but not in their mail program, ask them to check that program's "
         "receiving server (IMAP or POP) settings and password."),
      N_("Ask them to search every folder and tab of their mail program for your address."),
      N_("If several of their devices receive the account with POP, ask them to set each one to "
         "leave a copy of messages on the server."),
      N_("Ask whether mail from other people arrives: if nothing arrives at all, their account "
         "or mail program has a fault that only they or their provider can fix."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .related = { "recipient-spam-folder", "recipient-filter-rules", "message-format" },
  },

  {
    .id = "recipient-filter-rules",
    .title = N_("The recipient's filters may refuse your mail"),
    .meaning = N_("People can block senders and make rules that move or delete messages by "
                  "sender, subject or words. Japanese mobile carriers (docomo, au, SoftBank) also "
                  "let users accept mail only from the addresses and domains they allow. Such "
                  "settings often act quietly, without any error for you."),
    .causes = {
      N_("The recipient uses mobile mail that accepts only allowed senders (domain-specified "
         "receiving), or that refuses mail sent from computers."),
      N_("Your address or domain is on the recipient's blocked senders list, perhaps by "
         "mistake."),
      N_("A filter rule moves or deletes messages with certain words in the subject or text."),
      N_("The recipient's company filters the mail it receives on its own server."),
    },
    .steps = {
      N_("If the recipient uses mobile mail (docomo, au, SoftBank, Y!mobile), ask them to add "
         "your address or domain to the allowed senders in their mail filter settings."),
      N_("Ask them also to check that their mobile mail does not refuse mail sent from "
         "computers."),
      N_("Ask the recipient to look through their blocked senders and filter rules, and to "
         "remove any that match your address, domain or subject."),
      N_("Ask them to add your address to their contacts or safe senders."),
      N_("If the recipient's company filters mail, ask them to have their IT department look "
         "for your message."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .related = { "recipient-provider-facts", "recipient-spam-folder", "bounce-carrier-filter" },
  },

  /* --- This computer ---------------------------------------------------- */

  {
    .id = "security-software-exception",
    .title = N_("Security software may be blocking your mail program"),
    .meaning = N_("Antivirus and firewall software on this computer watch its connections and can "
                  "scan mail. When they are out of date, or do not trust your mail program, they "
                  "can block it or break its encrypted connection, and sending fails although "
                  "your settings are right."),
    .causes = {
      N_("The security software's mail scanning, or its scanning of encrypted connections, "
         "gets in the way of sending."),
      N_("The firewall does not list your mail program as allowed, for example after the "
         "program was updated or installed again."),
      N_("The security software or its virus definitions are out of date."),
      N_("Two security programs are installed, and both watch mail."),
    },
    .steps = {
      N_("Update your security software and its virus definitions, then restart the computer."),
      N_("In your security software's firewall settings, add your mail program to the allowed "
         "programs (exceptions)."),
      N_("Turn off your security software's mail scanning for a moment and check again, then "
         "turn it back on."),
      N_("If sending works only while mail scanning is off, add an exception for your outgoing "
         "server in the mail scanning settings, or leave mail scanning off and keep the rest of "
         "the protection on."),
      N_("Keep only one security program: two at once often get in each other's way."),
      N_("On an office computer, ask the IT department before changing security settings."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
    .related = { "tls-intercepted", "computer-malware" },
  },

  {
    .id = "computer-malware",
    .title = N_("This computer may have malware"),
    .meaning = N_("Malware can send spam and steal passwords without your noticing. Receivers then "
                  "refuse mail from your internet address, and your provider may lock your "
                  "account. Someone who uses your password or your connection can cause the "
                  "same."),
    .causes = {
      N_("A computer or phone on your network has malware, perhaps from an e-mail attachment or "
         "a fake download."),
      N_("Your mail password was stolen, and someone sends spam through your account."),
      N_("Your internet address was used for spam before your provider gave it to you."),
      N_("Your Wi-Fi or router has a weak password, so others can use your connection."),
    },
    .steps = {
      N_("Update your security software and run a full scan of this computer."),
      N_("Install the latest updates of the system and programs on every device on your "
         "network."),
      N_("On a device you trust, change your mail password, and turn on two-step verification "
         "if your provider offers it."),
      N_("Look in your Sent folder, in your mail program and in webmail, for messages you did "
         "not write."),
      N_("Change the router's administrator password and the Wi-Fi password, and update the "
         "router."),
      N_("If your internet address stays on a blocklist, ask your internet provider for help or "
         "for a new address."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
    .related = { "blocklisted-client", "security-software-exception" },
  },

  {
    .id = "mail-program-backup",
    .title = N_("Keep your mail safe when the mail program fails"),
    .meaning = N_("A mail program can stop starting, lose its accounts or seem to lose messages, "
                  "for example after a crash or an update. Whether messages can be recovered "
                  "depends on where they are kept: on the mail server, or only on this computer."),
    .causes = {
      N_("The mail program's files on this computer are damaged, for example by a crash, a "
         "power cut or a full disk."),
      N_("The account uses POP, which downloads messages and removes them from the server, so "
         "this computer had the only copy."),
      N_("Messages were deleted or moved by mistake, or by a filter rule."),
      N_("After an update, the mail program started with a new, empty profile."),
    },
    .steps = {
      N_("Before you try anything else, copy the mail program's data folder (its profile) to a "
         "USB drive or another disk."),
      N_("Sign in to your provider's webmail: messages kept on the server, including the Sent "
         "folder, are still there."),
      N_("Look in the Trash, Archive and other folders of the mail program, and search all "
         "folders."),
      N_("Restore the mail folders from a backup. If the disk is damaged and there is no "
         "backup, a data recovery service may still help; use the disk as little as possible "
         "until then."),
      N_("If messages were deleted on the server, ask your provider whether it can restore "
         "them: some keep copies for a short time."),
      N_("From now on, keep messages on the server (IMAP, or “Leave a copy of messages on the "
         "server” with POP), and back up this computer regularly."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  /* --- The message ------------------------------------------------------ */

  {
    .id = "content-looks-like-spam",
    .title = N_("Your message may look like spam"),
    .meaning = N_("Spam filters judge a message by its content as well as by its sender. Words, "
                  "links and attachments that spam often has can send an honest message to the "
                  "spam folder, or make the receiving server refuse it."),
    .causes = {
      N_("Your domain does not pass SPF, DKIM or DMARC, so filters give the content less "
         "benefit of the doubt."),
      N_("The subject or text has words that spam often uses, such as “free” or “winner”, or "
         "many exclamation marks."),
      N_("The message has many links, shortened links, or links whose text shows another "
         "address than the one they open."),
      N_("The message is mostly images with little text, or has an attachment of a kind that "
         "filters distrust."),
    },
    .steps = {
      N_("Run this check for your own account, and fix what it finds for SPF, DKIM and DMARC."),
      N_("Give the message a clear subject that says what it is about, without words such as "
         "“free” and without exclamation marks."),
      N_("Use few links, write out their full addresses, and do not use link shorteners."),
      N_("Put the main text in the message itself, not only in an image or an attachment."),
      N_("When you write to many people, write only to those who asked for your mail, and tell "
         "them how to stop receiving it."),
      N_("Send a test message to an address of your own at another provider, and see whether "
         "it lands in the spam folder."),
    },
    .contact = MC_CONTACT_NONE,
    .link = "https://support.google.com/mail/answer/81126",
    .related = { "recipient-spam-folder", "message-format", "attachment-blocked-type" },
  },

  {
    .id = "message-format",
    .title = N_("The message arrives garbled or looks wrong"),
    .meaning = N_("How a message looks depends on its format, plain text or HTML, and on its "
                  "character encoding, the way its letters are stored. When the recipient's mail "
                  "program reads these differently, Japanese text turns into meaningless "
                  "symbols (mojibake), layouts fall apart, or the sender looks wrong."),
    .causes = {
      N_("The message does not state its encoding (in its Content-Type header), or states it "
         "wrongly, as some old programs and web forms do, so the recipient's program guesses "
         "wrong."),
      N_("The text has characters that the message's encoding cannot hold, such as circled "
         "numbers and other machine-dependent characters, or emoji; in ISO-2022-JP (JIS) they "
         "are lost or garbled."),
      N_("The message is HTML with a complex layout, scripts or images from the web, which some "
         "mail programs do not show."),
      N_("The sender name, the From address or the Reply-To address is set wrongly in the mail "
         "program."),
    },
    .steps = {
      N_("In your mail program's settings, set the text encoding of outgoing messages to UTF-8; "
         "choose ISO-2022-JP (JIS) only if the recipient's program cannot read UTF-8."),
      N_("Leave out circled numbers, other machine-dependent characters and emoji when you "
         "write to people who use old mail programs or mobile phones."),
      N_("Send the message as plain text instead of HTML: most mail programs offer this when "
         "you write a message or in the account's composition settings."),
      N_("In your account settings, check your name, your e-mail address and, if one is set, "
         "the Reply-To address."),
      N_("Ask the recipient whether their mail program can change the text encoding of the "
         "message it shows (often in the View menu), and to try it."),
      N_("Send a test message to yourself and to an address at another provider, and look at "
         "how it arrives."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .related = { "content-looks-like-spam", "recipient-program-settings" },
  },

  /* --- The provider and the way there ------------------------------------ */

  {
    .id = "delivery-delays",
    .title = N_("Messages arrive late"),
    .meaning = N_("Mail is not instant: each server on the way keeps a message in its queue and "
                  "tries again later when the next server is busy or does not answer. A delay of "
                  "minutes is normal; servers keep trying for up to four or five days before they "
                  "give up and send the message back to you."),
    .causes = {
      N_("The receiving server is busy, or accepts mail from senders it does not know only "
         "after a delay (greylisting)."),
      N_("Your provider's servers have a long queue, for example during an outage or at busy "
         "times."),
      N_("Many messages were sent at once, such as a newsletter, and servers pass them on a "
         "few at a time."),
      N_("A DNS problem of your domain or the recipient's makes the receiving server put the "
         "message off."),
    },
    .steps = {
      N_("Wait: most delays clear up within an hour, and sending the message again only makes a "
         "second copy."),
      N_("If you get a warning that the message is not delivered yet, keep waiting: the server "
         "is still trying, and will tell you if it gives up."),
      N_("Check your mail provider's status or outage page."),
      N_("If mail to one domain is always late, tell the recipient: their server may hold back "
         "mail from new senders."),
      N_("When you write to many people, send in smaller batches spread over the day."),
      N_("If a message has neither arrived nor come back after a day, tell your mail provider "
         "when you sent it and to which address."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc5321#section-4.5.4.1",
    .related = { "bounce-deferred", "provider-status-page", "provider-sending-limits" },
  },

  {
    .id = "provider-sending-limits",
    .title = N_("Your provider limits how much you can send"),
    .meaning = N_("Mail providers let each account send only so many messages, or to so many "
                  "recipients, per hour or per day, such as 500 a day, to stop spam. Above the "
                  "limit, sending fails for a while, often until the next day, and some providers "
                  "lock the account."),
    .causes = {
      N_("You sent many messages in a short time, or one message to many recipients: To, Cc and "
         "Bcc all count."),
      N_("Many of your messages bounced, which providers count against you."),
      N_("Your plan, such as a free or trial account, has a low limit."),
      N_("Someone else sends through your account with a stolen password."),
    },
    .steps = {
      N_("Look up your provider's sending limits on its help pages, and how long a block lasts."),
      N_("Wait until the limit resets, often after 24 hours, then send again."),
      N_("Send to many people in smaller batches spread over the day, with fewer recipients in "
         "each message."),
      N_("For newsletters and announcements, use a mailing list or a delivery service made for "
         "sending to many people."),
      N_("Remove the addresses that bounce from your address book and lists."),
      N_("If you did not send that much, change your password: someone may be sending through "
         "your account."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "bounce-rate-limited", "delivery-delays", "computer-malware" },
  },

  {
    .id = "provider-status-page",
    .title = N_("Check your provider's status and ask its support"),
    .meaning = N_("When sending fails for no reason you can find, the cause may be at your mail "
                  "provider: an outage, maintenance, a change of settings, or a block on your "
                  "account. Providers announce these on their web site, and their support can see "
                  "what their servers recorded."),
    .causes = {
      N_("The provider's mail servers are down or under maintenance."),
      N_("The provider has blocked or limited your account, for example after unusual sending "
         "or many failed log-ins."),
      N_("The provider changed its server names or settings, and announced it on its web site."),
    },
    .steps = {
      N_("On your provider's web site, look for a status, outage or maintenance page, or its "
         "latest news."),
      N_("Sign in to your provider's webmail: if sending works there, the problem is in your "
         "mail program's settings or on this network."),
      N_("Compare your mail program's settings with those in your provider's help pages."),
      N_("Contact your provider's support, and paste the report of this check into your message "
         "(copy it from Mail Checkup's main menu), or attach the report image."),
      N_("Tell support when the problem began, the exact error message, and what you have "
         "already tried."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "delivery-delays", "provider-sending-limits" },
  },

  /* --- Delivery services for newsletters and business mail -------------- */

  {
    .id = "delivery-error-log",
    .title = N_("Look the address up in the delivery service's error log"),
    .meaning = N_("Services that send newsletters and business mail record every address they "
                  "could not deliver to, with the reason the receiving server gave. That log "
                  "tells you whether a message was refused, and why."),
    .causes = {
      N_("The receiving server refused the message, and the log has its reason."),
      N_("The address was registered with a typing mistake, so the message went to an address "
         "that does not exist, or to someone else."),
      N_("The message was delivered, but into the recipient's spam folder: then it is not in "
         "the error log."),
      N_("The service no longer sends to the address because of its earlier errors."),
    },
    .steps = {
      N_("Open the delivery service's error log (also called the bounce or error list) and "
         "search for the recipient's address."),
      N_("If the address is there, paste its error into Mail Checkup's explanation of error "
         "messages, in the main menu, to see what it means and what to do."),
      N_("If the address is not there, compare the registered address with the one the "
         "recipient gives you, letter by letter."),
      N_("If it is registered correctly, ask the recipient to look in their spam folder and to "
         "allow your sending address or domain."),
      N_("Once the cause is fixed, reset the address's error count in the service, so that it "
         "sends there again."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "bulk-error-count-reset", "recipient-spam-folder", "recipient-filter-rules" },
  },

  {
    .id = "bulk-error-count-reset",
    .title = N_("Let the delivery service send to the address again"),
    .meaning = N_("Delivery services count the errors of each address and, after a few, stop "
                  "sending to it, so as not to keep mailing an address that fails. Once the cause "
                  "is fixed, the address stays skipped until its error count is reset."),
    .causes = {
      N_("Earlier messages to the address failed, for example while the recipient's mailbox was "
         "full or their filter refused you."),
      N_("The address was mistyped and has been corrected, but the service still counts its "
         "errors."),
    },
    .steps = {
      N_("First make sure the cause is gone: the recipient has allowed your address, made room "
         "in the mailbox, or given you the right address."),
      N_("In the delivery service, open the recipient's entry and clear its delivery error "
         "count, or its “undeliverable” mark."),
      N_("Some services reset the count when the address is edited: saving the corrected "
         "address may be enough."),
      N_("Send a test message to the address, then look in the error log again."),
      N_("If the service offers no way to reset the count, ask its support."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "delivery-error-log" },
  },

  { .id = NULL }
};
