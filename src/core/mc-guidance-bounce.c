/* mc-guidance-bounce.c: guidance catalogue: what error messages and bounces mean, for the explainer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-guidance-private.h"

/* The entries that mc-explain leads to from a returned message or an
 * error text. Where an entry of the main catalogue says exactly the same
 * (the recipient's domain does not exist, a wrong password), the explainer
 * uses that one instead of a copy here.
 *
 * A bounce reaches someone after the message has left, and its codes are
 * the receiving side's: so these entries say first whose side the problem
 * is on, and the first step is the one that most often settles it. Codes
 * and the servers' own words are named as people see them in the bounce. */
const McGuidance mc_guidance_bounce[] = {
  /* --- The address ------------------------------------------------------ */

  {
    .id = "bounce-user-unknown",
    .title = N_("The recipient's address does not exist"),
    /* Translators: “User unknown” is the text of the error that servers send; keep it in English. */
    .meaning = N_("The receiving server says it has no mailbox for this address (code 5.1.1, “User "
                  "unknown”). Most often the part of the address before the @ is mistyped, or the "
                  "recipient no longer uses the address."),
    .causes = {
      N_("A letter is missing, added or swapped in the part of the address before the @."),
      N_("The recipient has closed the account or changed their address."),
      N_("The address was copied with a space, a full-width character or a dot in the wrong "
         "place."),
      N_("At a Japanese mobile carrier, the same error can also mean that the recipient's filter "
         "refused your mail."),
    },
    .steps = {
      N_("Compare the address letter by letter with one the recipient wrote themselves, such as "
         "in a message they sent you."),
      N_("Correct the address in your address book too, so that the mistake does not come back."),
      N_("If the address is surely right, ask the recipient by phone or chat whether it still "
         "works."),
      N_("If it is a mobile address (docomo, au, SoftBank), ask the recipient to allow your "
         "address in their mail filter settings."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .link = "https://www.rfc-editor.org/rfc/rfc3463",
    .related = { "recipient-domain-typo", "bounce-carrier-filter" },
  },

  {
    .id = "bounce-address-invalid",
    .title = N_("The address is not written correctly"),
    .meaning = N_("The server could not read the address as an e-mail address (codes 5.1.0 and "
                  "5.1.3). Something in it is not allowed, such as a space, a comma, a full-width "
                  "character or a second @."),
    .causes = {
      N_("The address has a space, a comma or a full-width character in it, or a dot at the "
         "start or the end."),
      N_("Two addresses were typed into one field without the separator your mail program "
         "expects."),
      N_("The part after the @, or its ending such as .jp or .com, is missing."),
      N_("Your own address in the account settings is written wrongly."),
    },
    .steps = {
      N_("Look at the addresses in the To, Cc and Bcc fields, and remove spaces and anything "
         "other than letters, digits, dots, hyphens, underscores and one @."),
      N_("Type the @ and the dots again in half-width characters (direct input, not Japanese "
         "input)."),
      N_("Put each address in its own field, or separate them with a comma."),
      N_("If the error comes back, check your own e-mail address in your mail program's account "
         "settings."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .link = "https://www.rfc-editor.org/rfc/rfc3463",
    .related = { "bounce-user-unknown" },
  },

  /* --- The recipient's mailbox and server -------------------------------- */

  {
    .id = "bounce-mailbox-full",
    .title = N_("The recipient's mailbox is full"),
    .meaning = N_("The recipient's mailbox has no room left (codes 4.2.2 and 5.2.2, “Mailbox "
                  "full”, “over quota”). With a code that starts with 4 the server keeps trying "
                  "for a while; with 5 the message came back and has to be sent again later."),
    .causes = {
      N_("The recipient has not deleted old mail, and large attachments fill the mailbox."),
      N_("The recipient no longer uses this address, so nobody empties the mailbox."),
      N_("The recipient's mail service gives little storage, as free plans and mobile carriers "
         "often do."),
    },
    .steps = {
      N_("Tell the recipient another way, such as by phone or chat, that their mailbox is full."),
      N_("Once they have made room, send the message again: a returned message is not sent again "
         "by itself."),
      N_("Send large files as a shared link instead of attaching them: they then take up none of "
         "the recipient's space."),
      N_("If the address is no longer used, ask the recipient for their current one."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .link = "https://www.rfc-editor.org/rfc/rfc3463",
    .related = { "bounce-message-too-big" },
  },

  {
    .id = "bounce-message-too-big",
    .title = N_("The message is too large for the recipient's server"),
    .meaning = N_("The receiving server refused the message because of its size (codes 5.2.3 and "
                  "5.3.4, or 552 “Message size exceeds”). Your own server took it, but the "
                  "recipient's side has a lower limit. Attachments grow by about a third when "
                  "sent."),
    .causes = {
      N_("The attachments together are larger than the recipient's mail service accepts, often "
         "about 10 MB at mobile carriers and 20 to 25 MB at webmail services."),
      N_("Photos or videos were attached at their full size."),
      N_("The recipient's company sets its own lower limit."),
    },
    .steps = {
      N_("Send large files as a shared link from a cloud storage service instead of attaching "
         "them."),
      N_("Make photos smaller, or compress the files, before attaching them."),
      N_("Split the attachments over several messages."),
      N_("Ask the recipient how large a message their mail service accepts."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .link = "https://www.rfc-editor.org/rfc/rfc1870",
    .related = { "attachment-too-big-recipient" },
  },

  {
    .id = "bounce-service-unavailable",
    .title = N_("The server refused the connection (“Service unavailable”)"),
    /* Translators: “Service unavailable” is the text of the error that servers send; keep it in
     * English. */
    .meaning = N_("The server answered with code 554 (“Service unavailable”) and took no mail at "
                  "all, usually as soon as the connection was made. It refuses the sending server "
                  "or network, not the message itself."),
    .causes = {
      N_("The receiving server refuses the sending server's internet address, often because it "
         "is on a blocklist."),
      N_("The server no longer receives mail under that name."),
      N_("Your mail program sends to a server or port that is not meant for sending, such as "
         "the receiving server."),
    },
    .steps = {
      N_("Read the rest of the server's words in the error: they often name the reason, or a web "
         "page that explains it."),
      N_("If your mail program showed the error while sending, compare the outgoing server (SMTP) "
         "name and port with your provider's instructions."),
      N_("If the error came back from the recipient's side, forward it to your mail provider and "
         "ask whether their server is being refused."),
      N_("Tell the recipient another way that your mail does not reach them."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc5321",
    .related = { "bounce-blocked-spam", "greeting-554" },
  },

  {
    .id = "bounce-local-config",
    .title = N_("A mail server's settings are wrong (“Local configuration error”)"),
    /* Translators: “Local configuration error” is the text of the error that servers send; keep
     * it in English. */
    .meaning = N_("A server stopped the message because of a mistake in its own settings (“Local "
                  "configuration error”, code 5.3.5). Most often it is the receiving side's "
                  "problem, which only its administrator can fix; sometimes it is in your own "
                  "mail program or network settings."),
    .causes = {
      N_("The recipient's mail server or its DNS records are set up wrongly: for example, the "
         "server sends mail for its domain back to itself."),
      N_("The recipient's domain moved to another mail provider, and old settings remain."),
      N_("Your mail program's outgoing server settings, or this computer's network settings, "
         "are wrong."),
    },
    .steps = {
      N_("Send a test message to another address at the same domain: if it fails too, the "
         "problem is on the recipient's side."),
      N_("Tell the recipient another way, and ask them to pass the error to whoever runs their "
         "mail."),
      N_("Compare your mail program's outgoing server (SMTP) settings with your provider's "
         "instructions."),
      N_("If mail to other domains fails too, run the check of your account in Mail Checkup."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .related = { "bounce-loop" },
  },

  {
    .id = "bounce-loop",
    .title = N_("The message went round in a loop"),
    .meaning = N_("The message passed between servers so many times that one of them stopped it "
                  "(“Routing loop detected”, code 5.4.6, “Too many hops”). The mail settings of "
                  "the recipient's domain send it round in a circle."),
    .causes = {
      N_("The recipient forwards their mail to an address that forwards it back."),
      N_("The recipient's domain has wrong MX records, or its server does not know that it "
         "receives mail for the domain."),
      N_("An automatic reply or a filter rule sends the message round again."),
    },
    .steps = {
      N_("Tell the recipient another way and send them the error: only they, or whoever runs "
         "their mail, can fix the forwarding."),
      N_("If you forward your own mail, check that no forwarding leads back to where it started."),
      N_("Send the message again once the recipient says it is fixed."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .link = "https://www.rfc-editor.org/rfc/rfc5321",
    .related = { "bounce-local-config" },
  },

  /* --- Your side: log-in and sender -------------------------------------- */

  {
    .id = "bounce-relay-denied",
    /* Translators: “Relay access denied” is the text of the error that servers send; keep it
     * in English. */
    .title = N_("Sending needs a log-in (“Relay access denied”)"),
    .meaning = N_("The outgoing server did not know who you were, so it refused to pass your "
                  "message on to another domain (“Relay access denied”, often with 554 5.7.1). "
                  "Servers do this so that strangers cannot send spam through them. Turning on "
                  "log-in for sending (SMTP authentication) nearly always fixes it."),
    .causes = {
      N_("Authentication for the outgoing server (SMTP authentication) is turned off in your "
         "mail program."),
      N_("The user name or password for the outgoing server is missing or wrong."),
      N_("The mail program sends on port 25 without a log-in, as old settings did."),
      N_("The outgoing server is another provider's, or the recipient's, not your own "
         "provider's."),
    },
    .steps = {
      /* Translators: “My outgoing server (SMTP) requires authentication” is the name of the
       * setting in Outlook and Thunderbird; use the name your language's programs show. */
      N_("In your mail program's outgoing server (SMTP) settings, turn on authentication (often "
         "called “My outgoing server (SMTP) requires authentication”), with this account's user "
         "name and password."),
      N_("Use port 587 with STARTTLS, or port 465 with SSL/TLS."),
      N_("Check that the outgoing server name is your own provider's."),
      N_("Send a test message to an address at another provider to confirm."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc4954",
    .related = { "auth-not-offered", "op25b" },
  },

  {
    .id = "bounce-sender-rejected",
    .title = N_("Your sender address was refused"),
    /* Translators: “Sender address rejected” is the text of the error that servers send; keep it
     * in English. */
    .meaning = N_("A server refused the address you send from (often code 553, or 5.1.7, 5.1.8 or "
                  "5.7.1 with “Sender address rejected”). Your own outgoing server does this when "
                  "the address is not one your log-in may use; a receiving server does it when "
                  "your address's domain cannot be verified."),
    .causes = {
      N_("The sender (From) address in your mail program differs from the account you log in "
         "with."),
      N_("Log-in for sending (SMTP authentication) is off, so the server cannot tell that the "
         "address is yours."),
      N_("You send an address of one provider or domain through another provider's server."),
      N_("Your domain's DNS is broken, so receivers find no mail server (MX) for it."),
    },
    .steps = {
      N_("In your mail program's account settings, check that the sender (From) address is "
         "exactly this account's address."),
      N_("Turn on authentication for the outgoing server (SMTP authentication), with this "
         "account's user name and password."),
      N_("To send as another address, first register it with your provider as an alias or extra "
         "sender address."),
      N_("If a receiving server refused your domain, run the check of your account in Mail "
         "Checkup and look at the results for your domain."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "sender-rejected", "bounce-relay-denied" },
  },

  /* --- Timing ------------------------------------------------------------ */

  {
    .id = "bounce-deferred",
    .title = N_("Not delivered yet: the server is still trying"),
    .meaning = N_("This is a warning, not a failure: your server could not hand the message over "
                  "yet and keeps trying (“could not send message for past 4 hours”, “still "
                  "undelivered after …”, code 4.4.7). You do not need to send it again. Only if a "
                  "later notice says that delivery was given up, usually after four or five days, "
                  "did it fail."),
    .causes = {
      N_("The receiving server is down, overloaded or under maintenance."),
      N_("The receiving server makes new senders wait (greylisting), or limits how much it takes "
         "from your server."),
      N_("The recipient's domain has a DNS problem, so its mail server cannot be found for now."),
    },
    .steps = {
      N_("Wait: most delays clear within a day, and the server keeps trying without you."),
      N_("Do not send the message again, or the recipient may get it twice."),
      N_("If it is urgent, reach the recipient another way and tell them that a message is on "
         "its way."),
      N_("If a final notice says that delivery was given up, check the recipient's address, then "
         "ask the recipient whether mail to them works, and send again."),
      N_("If such warnings come for mail to many domains, check your mail provider's status "
         "page."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc3464",
    .related = { "delivery-delays", "bounce-temporary" },
  },

  {
    .id = "bounce-temporary",
    .title = N_("Refused for now: try again later"),
    .meaning = N_("The server refused for the moment, with a code that starts with 4 (such as "
                  "450, 451 or 4.7.1). It expects the message to be sent again later: servers "
                  "do that by themselves, while a mail program shows the error."),
    .causes = {
      N_("The receiving server makes senders it does not know wait a few minutes before it "
         "accepts their mail (greylisting)."),
      N_("The receiving server is busy, or limits for a while how much mail it takes from your "
         "server."),
      N_("A DNS or network problem on the way, which passes by itself."),
    },
    .steps = {
      N_("Wait 10 to 30 minutes, then send again; if the error came back as a returned message, "
         "the server is already trying again by itself."),
      N_("If you sent many messages at once, send the rest later in smaller batches."),
      N_("If the same error comes back for hours, send it to your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc5321",
    .related = { "bounce-deferred", "bounce-rate-limited" },
  },

  /* --- Refused by a rule of the receiving side --------------------------- */

  {
    .id = "bounce-rate-limited",
    .title = N_("Too much mail in a short time"),
    /* Translators: “Too many messages” and “rate limited” are texts of errors that servers send;
     * keep them in English. */
    .meaning = N_("A server refused because of how much mail was sent (“Too many messages”, “rate "
                  "limited”, 421, 4.7.28, or 5.4.5 when Gmail's daily sending limit is reached). "
                  "Providers limit the messages and recipients of an account per hour or per day, "
                  "such as 500 a day, and receivers limit how much they take from one server."),
    .causes = {
      N_("You sent many messages, or one message to many recipients, in a short time: To, Cc and "
         "Bcc all count."),
      N_("Your provider's daily sending limit is reached, and sending stops until it resets."),
      N_("The receiving service saw a burst of mail from your provider's server, perhaps from "
         "its other users."),
      N_("Someone else sends through your account with a stolen password."),
    },
    .steps = {
      N_("Wait until the limit resets, often after an hour or a day, then send the rest."),
      N_("Send to many people in smaller batches spread over the day, with fewer recipients in "
         "each message."),
      N_("For newsletters and announcements, use a mailing list or a delivery service made for "
         "sending to many people."),
      N_("If you did not send that much, change your password and check your computer for "
         "malware."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "provider-sending-limits", "computer-malware" },
  },

  {
    .id = "bounce-blocked-spam",
    .title = N_("Refused as possible spam: the sending server is distrusted"),
    .meaning = N_("The receiving server refused the message because of where it came from: the "
                  "sending server's internet address is on a blocklist (such as Spamhaus), has a "
                  "poor reputation, or is banned (Outlook.com calls this S3140 or S3150). The "
                  "problem is the sending server, not what you wrote."),
    .causes = {
      N_("Another user of your mail provider's server sent spam, and the whole server was "
         "listed."),
      N_("Malware on your computer or network sent spam, or a program there sends mail directly "
         "on port 25."),
      N_("Mail from the server often bounced or was marked as spam, which lowered its "
         "reputation."),
      N_("You send through your own server, and its address is new or belongs to a home "
         "internet connection."),
    },
    .steps = {
      N_("Forward the error to your mail provider: it names the list or the rule, and only the "
         "provider can have its server removed."),
      N_("Look up the address named in the error on the list's web site, to read why it is "
         "listed."),
      N_("Scan your computer for malware, and change your mail password if it may have been "
         "stolen."),
      N_("Until the block is lifted, send from your provider's webmail or through another server "
         "it offers."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc5782",
    .related = { "blocklisted", "blocklisted-client", "computer-malware" },
  },

  {
    .id = "bounce-auth-policy",
    .title = N_("Refused because your domain does not prove the mail is yours"),
    .meaning = N_("Large mail services refuse mail whose domain does not pass the SPF, DKIM or "
                  "DMARC checks, which prove that a message really comes from the domain it "
                  "names: Gmail with codes 5.7.23, 5.7.26 and 5.7.27 (5.7.25 when the sending "
                  "server has no reverse DNS name), Outlook.com with 5.7.515, Yahoo with 5.7.9, "
                  "and Yahoo! JAPAN as well."),
    .causes = {
      N_("Your domain has no SPF record, or the record does not list the server you send "
         "through."),
      N_("Your messages carry no DKIM signature of your domain."),
      N_("Your domain's DMARC policy asks receivers to refuse mail that fails these checks."),
      N_("The sending server has no reverse DNS (PTR) name that matches its address."),
    },
    .steps = {
      N_("Run the check of your account in Mail Checkup: its SPF, DKIM, DMARC and reverse DNS "
         "results show what is missing."),
      N_("Ask your mail provider, or whoever manages your domain's DNS, to publish the SPF record "
         "and to turn on DKIM signing for the servers you send through."),
      N_("If a service sends mail in your domain's name (a web shop, a newsletter service), add "
         "it to your SPF record and set up its DKIM signing too."),
      N_("After the records are changed, wait up to a day, then send again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://support.google.com/mail/answer/81126",
    .related = { "spf-missing", "dkim-not-found", "dmarc-missing" },
  },

  {
    .id = "bounce-carrier-filter",
    .title = N_("The recipient's mail filter refused your mail"),
    /* Translators: “Unknown user” is the text of the error that carriers send; keep it in English. */
    .meaning = N_("The recipient's own settings refused the message; it is not a fault of yours. "
                  "Japanese mobile carriers (docomo, au, SoftBank) let their users accept mail "
                  "only from the addresses and domains they allow, or refuse mail sent from "
                  "computers, and they often answer “550 Unknown user” or 5.2.9, as if the "
                  "address did not exist."),
    .causes = {
      N_("The recipient accepts only the addresses or domains on their list (domain-specified "
         "receiving), and yours is not on it."),
      N_("The recipient refuses mail sent from computers, a setting often on for children's "
         "phones."),
      N_("The recipient's spam filter, or a block they set, refused your address."),
      N_("The address may also really not exist: the carrier does not say which."),
    },
    .steps = {
      N_("Ask the recipient, by phone or in person, to add your address or domain to the allowed "
         "senders in their carrier's mail filter settings."),
      N_("Ask them also to allow mail sent from computers, if their filter refuses it."),
      N_("For Gmail or Yahoo! JAPAN Mail, ask the recipient to add you to their contacts; iCloud "
         "Mail has no such list, so make sure your domain passes SPF and DKIM."),
      N_("Once the recipient has changed the settings, send the message again."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .link = "https://www.nttdocomo.co.jp/info/spam_mail/domain/",
    .related = { "recipient-filter-rules", "recipient-provider-facts", "bounce-user-unknown" },
  },

  {
    .id = "bounce-content-rejected",
    .title = N_("Refused because of the message's content or attachments"),
    .meaning = N_("A spam or virus filter refused the message itself: its text, links or "
                  "attachments. Many servers refuse attachments that can run programs, such as "
                  ".exe, .bat, .js and .scr files, and some refuse .zip files because they cannot "
                  "look inside them."),
    .causes = {
      N_("An attachment is a program or script (.exe, .bat, .js, .scr, .vbs), or a .zip file that "
         "holds one."),
      N_("A virus scanner found, or suspected, malware in an attachment."),
      N_("The text or the links look like spam or phishing to the filter."),
    },
    .steps = {
      N_("Send the files as a shared link from a cloud storage service instead of attaching "
         "them."),
      N_("If a program must be sent, ask the recipient how their company lets them receive one."),
      N_("Scan the files and your computer with up-to-date security software."),
      N_("Send the text again without links and attachments, to see whether it goes through."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .related = { "attachment-blocked-type", "content-looks-like-spam", "computer-malware" },
  },

  /* --- Nothing recognised ------------------------------------------------ */

  {
    .id = "explain-unknown",
    .title = N_("The error was not recognised"),
    /* Translators: “The response was”, “Remote Server returned” and “Diagnostic-Code” are the
     * words bounces use; keep them in English. */
    .meaning = N_("Mail Checkup found no mail error that it knows in this text. A returned "
                  "message gives the reason in a line with a three-digit code (such as 550) and "
                  "often a code like 5.1.1, under words such as “The response was”, “Remote "
                  "Server returned” or “Diagnostic-Code”."),
    .causes = {
      N_("Only part of the error was pasted, without the line with the code."),
      N_("The text is not an error from a mail server, such as a notice from a web service."),
      N_("The server used words and codes that Mail Checkup does not know yet."),
    },
    .steps = {
      /* Translators: “Show original” and “View source” are the names mail programs give this
       * command; use the names your language's programs show. */
      N_("Paste the whole returned message: open it in your mail program, show its source (often "
         "called “Show original” or “View source”), copy all of it and paste it."),
      N_("Or save the returned message as a file (.eml) and open that file in Mail Checkup."),
      N_("Look for a line with a three-digit code that starts with 4 or 5, and read the words "
         "after it."),
      N_("If it is still unclear, send the whole returned message to your mail provider's "
         "support."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc3464",
    .related = { "provider-status-page" },
  },

  { .id = NULL }
};
