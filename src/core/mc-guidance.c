/* mc-guidance.c: what a finding means and what to do about it, for people who are not engineers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-guidance-private.h"

/* Where people report a check that itself went wrong. */
#define ISSUES_URL "https://github.com/mailcheckup/mail-checkup/issues"

/* The catalogue, keyed by the guidance id that findings carry. Ids are never
 * renamed once released: reports and support scripts refer to them.
 *
 * Written for someone who has just seen a send fail: plain words first, the
 * step most likely to work first, one action a step, and the names of the
 * settings as mail programs show them. What this particular server said is
 * in the finding's summary and evidence, not here. */
static const McGuidance guidance_table[] = {
  /* --- The network ------------------------------------------------------ */

  {
    .id = "network-offline",
    .title = N_("No network connection"),
    .meaning = N_("This computer is not connected to any network, so no mail can leave it."),
    .causes = {
      N_("Wi-Fi is turned off, or the computer is in airplane mode."),
      N_("The network cable is unplugged."),
      N_("The router or modem is off or restarting."),
    },
    .steps = {
      N_("Turn on Wi-Fi and choose your network, or plug in the network cable."),
      N_("Open any web page to see whether the internet works on this computer."),
      N_("Restart the router or modem, wait until its lights settle, then connect again."),
      N_("Run the check again once you are connected."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
  },

  {
    .id = "network-portal",
    .title = N_("Sign in to the network first"),
    .meaning = N_("This network lets you through only after you sign in or accept its terms on a "
                  "web page, as Wi-Fi in hotels, stations and cafés often does. Until then, mail "
                  "programs cannot reach the mail server."),
    .causes = {
      N_("You joined a public or guest Wi-Fi that has a sign-in page."),
      N_("Your earlier sign-in to this network has run out."),
    },
    .steps = {
      N_("Open a web browser and go to any web page: the sign-in page should appear."),
      N_("Sign in, or accept the terms, on that page."),
      N_("If no sign-in page appears, type http://example.com into the address bar, which often "
         "brings it up."),
      N_("Run the check again after signing in."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
  },

  {
    .id = "network-limited",
    .title = N_("The network has no full internet access"),
    .meaning = N_("This computer is connected to a network, but that network does not reach the "
                  "whole internet. The mail server may be out of reach although the connection "
                  "looks fine."),
    .causes = {
      N_("The router is connected to this computer but has lost its own internet connection."),
      N_("Your internet provider has an outage."),
      N_("The network allows only some services, as office or school networks sometimes do."),
      N_("A VPN is still connecting, or has stopped working."),
    },
    .steps = {
      N_("Open a few web pages to see whether other sites work."),
      N_("Restart the router or modem, wait a few minutes, then check again."),
      N_("If you use a VPN, disconnect it and check again."),
      N_("Check your internet provider's outage information."),
      N_("Try another network, such as your phone's tethering."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
  },

  /* --- DNS: the internet's address book --------------------------------- */

  {
    .id = "dns-no-answer",
    .title = N_("DNS does not answer"),
    .meaning = N_("DNS is the internet's address book: it turns server names into addresses. No "
                  "DNS server answered, so this computer cannot find where your mail server is."),
    .causes = {
      N_("The router, which answers DNS questions for most home networks, has a problem."),
      N_("A VPN or security software blocks or redirects DNS."),
      N_("The DNS server set in the network settings is wrong or out of service."),
      N_("Your internet provider has a temporary outage."),
    },
    .steps = {
      N_("Restart the router or Wi-Fi access point, then check again."),
      N_("If you use a VPN, disconnect it and check again."),
      N_("Try another network, such as your phone's tethering."),
      N_("If the network's owner allows it, set a public DNS server such as 8.8.8.8 or 1.1.1.1 "
         "in this computer's network settings."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
  },

  {
    .id = "dns-servfail",
    .title = N_("The server's DNS is broken"),
    .meaning = N_("The DNS server answered, but could not look up your mail server's name, "
                  "because the DNS of that name's domain is broken or out of reach. Usually the "
                  "mail provider has to fix it."),
    .causes = {
      N_("The DNS servers of the mail server's domain are down or set up wrongly."),
      N_("The domain's registration has expired."),
      N_("This network's DNS server has trouble looking up names on the internet."),
    },
    .steps = {
      N_("Wait a few minutes and run the check again: such faults are often fixed quickly."),
      N_("Check your mail provider's status or outage page."),
      N_("Try another network, such as your phone's tethering."),
      N_("If it lasts, tell your mail provider the server name and the time of this check."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "provider-status-page" },
  },

  {
    .id = "dns-refused",
    .title = N_("The DNS server refuses this computer"),
    .meaning = N_("The DNS server that this computer is set to use answers, but will not look up "
                  "names for it. This is a problem with the network settings, not with your mail "
                  "account."),
    .causes = {
      N_("The network settings name a DNS server of another network, for example one left over "
         "from an office or a VPN."),
      N_("The DNS server answers only its own customers or network."),
      N_("The router's DNS is set up wrongly."),
    },
    .steps = {
      N_("In the network settings, set DNS back to automatic, then reconnect."),
      N_("If you use a VPN, disconnect it and check again."),
      N_("Restart the router, then check again."),
      N_("Try another network, such as your phone's tethering."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
  },

  {
    .id = "dns-bad-answer",
    .title = N_("The DNS server gives broken answers"),
    .meaning = N_("The DNS server answered with something that cannot be used, so names may not "
                  "be found reliably. The fault lies in the DNS server or in something between "
                  "it and this computer."),
    .causes = {
      N_("An old or faulty router answers DNS for the network."),
      N_("Security software or a firewall alters DNS traffic."),
      N_("The DNS server set in the network settings is not working properly."),
    },
    .steps = {
      N_("Restart the router, then check again."),
      N_("If you use a VPN, disconnect it and check again."),
      N_("Try another network, such as your phone's tethering."),
      N_("If the network's owner allows it, set a public DNS server such as 8.8.8.8 or 1.1.1.1 "
         "in this computer's network settings."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
  },

  /* --- The server's name ------------------------------------------------ */

  {
    .id = "host-unknown",
    .title = N_("The server name does not exist"),
    /* Translators: “Host unknown” is the error text that mail programs show; keep it in English. */
    .meaning = N_("The name entered as your outgoing (SMTP) server does not exist on the "
                  "internet, so mail programs cannot find it. Error messages call this “Host "
                  "unknown”."),
    .causes = {
      N_("The server name has a typing mistake, such as a missing letter or a wrong ending (.jp, "
         ".co.jp, .com)."),
      N_("The name was copied from old instructions, and the provider has changed it since."),
      N_("The name was set up very recently and has not reached every DNS server yet."),
    },
    .steps = {
      N_("Open your mail program's outgoing server (SMTP) settings and compare the server name, "
         "letter by letter, with your provider's instructions."),
      N_("Make sure the server name has no spaces and no “@”, and is not your e-mail address."),
      N_("Look up the current server name on your provider's help pages or in your sign-up "
         "documents."),
      N_("If the name was created or changed in the last two days, wait: DNS changes can take 24 "
         "to 48 hours to reach everyone."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "host-no-address",
    .title = N_("The server name has no address"),
    .meaning = N_("The name entered as your outgoing server exists, but no internet address "
                  "belongs to it, so nothing can connect to it. Most likely it is the name of a "
                  "domain, not of a mail server."),
    .causes = {
      N_("The domain alone (such as example.jp) was entered instead of the server's full name "
         "(such as smtp.example.jp)."),
      N_("The provider no longer uses this server name."),
      N_("The domain's DNS is being changed and is not complete yet."),
    },
    .steps = {
      N_("Look up the outgoing server (SMTP) name in your provider's instructions: it often "
         "begins with “smtp.” or “mail.”."),
      N_("Enter that full name in your mail program's outgoing server (SMTP) settings."),
      N_("If your domain's DNS was changed in the last two days, wait: DNS changes can take 24 "
         "to 48 hours to reach everyone."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "host-from-hosts-file",
    .title = N_("The server's address comes from this computer's hosts file"),
    .meaning = N_("This computer does not ask DNS for the server's address: a fixed entry in its "
                  "hosts file (/etc/hosts) gives it instead. If the provider moves the server, "
                  "that entry becomes wrong and sending fails."),
    .causes = {
      N_("Someone added the entry to work around a problem or to test a server move."),
      N_("Software such as a VPN or a security product wrote it."),
    },
    .steps = {
      N_("If sending works, nothing needs to change now."),
      N_("If sending fails, ask whoever manages this computer whether the entry in /etc/hosts is "
         "still needed."),
      N_("Once it is no longer needed, have it removed, so that the address comes from DNS again."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
  },

  /* --- Ports: the doors of the server ----------------------------------- */

  {
    .id = "op25b",
    /* Translators: “Outbound Port 25 Blocking” is the name Japanese providers use; keep it. */
    .title = N_("This network blocks port 25 (Outbound Port 25 Blocking)"),
    .meaning = N_("Japanese internet providers and mobile carriers block connections to port 25 "
                  "so that infected computers cannot send spam. Mail programs have to send "
                  "through port 587 or 465 instead, with a log-in."),
    .causes = {
      N_("Your mail program is set to send on port 25, an old setting that works only on some "
         "networks."),
      N_("You are connected through another provider, a mobile network or public Wi-Fi, not the "
         "network the settings were made for."),
    },
    .steps = {
      /* Translators: “STARTTLS”, “SSL/TLS” and “None” are the names mail programs show for the
       * security setting; keep them as your language's mail programs show them. */
      N_("In your mail program's outgoing server (SMTP) settings, set the port to 587 and the "
         "security to STARTTLS."),
      N_("Or, if your provider documents it, set the port to 465 and the security to SSL/TLS."),
      N_("Turn on authentication for the outgoing server (SMTP authentication), with this "
         "account's user name and password."),
      N_("Send a test message to yourself to confirm."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc6409",
  },

  {
    .id = "port-blocked",
    .title = N_("The port is blocked on the way"),
    .meaning = N_("Connections to the port set in your mail program get no answer at all: a "
                  "firewall or security software between this computer and the server silently "
                  "drops them."),
    .causes = {
      N_("Security software on this computer blocks the mail program or the port."),
      N_("An office or school firewall lets only some ports through."),
      N_("The internet provider blocks the port, as Japanese providers do with port 25."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, switch to the port this check "
         "found open: 587 with STARTTLS, or 465 with SSL/TLS."),
      N_("If that does not help, add an exception for your mail program in your security "
         "software."),
      N_("Turn off your security software's mail scanning for a moment and check again, then "
         "turn it back on."),
      N_("On an office or school network, ask the administrator to allow the port."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
    .related = { "security-software-exception" },
  },

  {
    .id = "port-closed",
    .title = N_("The server does not accept this port"),
    .meaning = N_("The server answers, but refuses connections on the port set in your mail "
                  "program. It takes mail on another port, so only the setting needs to change."),
    .causes = {
      N_("The port has a typing mistake, or is a port for receiving mail (IMAP or POP: 993, 143, "
         "995 or 110)."),
      N_("The provider no longer offers the old port."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, change the port to the one "
         "this check recommends."),
      N_("Set the security to match: STARTTLS for port 587, SSL/TLS for port 465."),
      N_("Send a test message to yourself to confirm."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc8314",
  },

  {
    .id = "ports-filtered",
    .title = N_("No mail port of the server answers"),
    .meaning = N_("Ports 25, 465 and 587 of the server all stay silent. Either something on this "
                  "side blocks all mail traffic, or the server is down."),
    .causes = {
      N_("Security software on this computer blocks mail traffic."),
      N_("The firewall of an office, school, hotel or public Wi-Fi allows only web browsing."),
      N_("The mail server is down or under maintenance."),
      N_("The server name leads to an old or wrong machine."),
    },
    .steps = {
      N_("Try another network, such as your phone's tethering, and check again."),
      N_("If it works there, add an exception for your mail program in your security software, "
         "or ask the network's administrator to allow mail ports."),
      N_("Check your mail provider's status or outage page."),
      N_("Compare the server name and port in your mail program's outgoing server (SMTP) "
         "settings with your provider's instructions."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
    .related = { "security-software-exception", "provider-status-page" },
  },

  {
    .id = "server-refuses",
    .title = N_("The server refuses every connection"),
    .meaning = N_("The machine behind the server name answers, but turns away connections on all "
                  "mail ports. Its mail service is stopped, or the name leads to a machine that "
                  "is not a mail server."),
    .causes = {
      N_("The mail server is down or under maintenance."),
      N_("The name is that of a web site or of the receiving server, not of the outgoing server."),
      N_("The provider moved its mail service to another name."),
    },
    .steps = {
      N_("Compare the server name and port in your mail program's outgoing server (SMTP) "
         "settings with your provider's instructions."),
      N_("Check your mail provider's status or outage page."),
      N_("Wait a few minutes, then run the check again."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "provider-status-page", "delivery-delays" },
  },

  {
    .id = "server-unreachable",
    .title = N_("The server cannot be reached"),
    .meaning = N_("This network has no path to the server's address, so connections fail at "
                  "once. The problem is usually in this network or the server's network, not in "
                  "your mail settings."),
    .causes = {
      N_("This network's internet connection is down or only partly working."),
      N_("A VPN sends the traffic somewhere the server cannot be reached."),
      N_("The server's network has an outage."),
      N_("The server name leads to a private or outdated address."),
    },
    .steps = {
      N_("Check that web pages open, and restart the router if they do not."),
      N_("If you use a VPN, disconnect it and check again."),
      N_("Try another network, such as your phone's tethering."),
      N_("If it fails everywhere, check your mail provider's status or outage page."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
    .related = { "provider-status-page" },
  },

  {
    .id = "port-partly-reachable",
    .title = N_("The server works on only some of its addresses"),
    .meaning = N_("The server has several internet addresses, and the mail port answers on only "
                  "some of them. Sending may be slow, or fail now and then, depending on which "
                  "address is tried."),
    .causes = {
      N_("IPv6, the newer kind of internet address, is broken on this network while IPv4 works."),
      N_("One of the provider's servers is down."),
      N_("A firewall treats IPv4 and IPv6 differently."),
    },
    .steps = {
      N_("Restart the router, which often repairs a broken IPv6 connection."),
      N_("If sending works for now, you need not change anything, but tell whoever runs this "
         "network."),
      N_("Check your mail provider's status or outage page."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
  },

  {
    .id = "port-unusable",
    .title = N_("No usable mail port"),
    .meaning = N_("The port set in your mail program cannot be used, and neither of the usual "
                  "sending ports, 587 and 465, is open. Sending cannot work from here until the "
                  "cause is found."),
    .causes = {
      N_("A firewall or security software blocks some ports, and the server refuses the others."),
      N_("The server name is wrong and leads to a machine that is not your mail server."),
      N_("Part of the mail service is down."),
    },
    .steps = {
      N_("Compare the server name and port in your mail program's outgoing server (SMTP) "
         "settings with your provider's instructions."),
      N_("Try another network, such as your phone's tethering, and check again."),
      N_("Check your mail provider's status or outage page."),
      N_("Send the report of this check to your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "security-software-exception", "provider-status-page" },
  },

  /* --- The server's greeting -------------------------------------------- */

  {
    .id = "greeting-421",
    .title = N_("The server is busy or under maintenance"),
    .meaning = N_("The server answered with code 421: it is not taking mail right now. This is "
                  "temporary and usually clears up by itself."),
    .causes = {
      N_("The server is overloaded."),
      N_("The server is under maintenance."),
      N_("The server limits how many connections or messages it takes from one sender, and that "
         "limit was reached."),
    },
    .steps = {
      N_("Wait 10 to 15 minutes, then send again."),
      N_("Check your mail provider's status or outage page."),
      N_("If you sent many messages in a short time, wait longer and then send them in smaller "
         "batches."),
      N_("If it lasts for hours, contact your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "provider-status-page", "delivery-delays", "provider-sending-limits" },
  },

  {
    .id = "greeting-554",
    .title = N_("The server refuses this network"),
    .meaning = N_("The server answered with code 554 as soon as this computer connected: it will "
                  "not take mail from this network's internet address. The refusal is about "
                  "where you connect from, not about your account."),
    .causes = {
      N_("This network's internet address is on a spam blocklist, perhaps because of an infected "
         "device or an earlier user of the address."),
      N_("The provider takes mail only from its own network or customers."),
      N_("The server name or port is for mail between servers, not for sending from mail "
         "programs."),
    },
    .steps = {
      N_("Make sure you use your provider's outgoing server with port 587 or 465 and log-in "
         "turned on."),
      N_("Try another network, such as your phone's tethering: if it works there, this network's "
         "address is being refused."),
      N_("Scan this computer for malware with up-to-date security software."),
      N_("Send the server's reply from this check to your mail provider and ask them to lift the "
         "block."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "computer-malware", "provider-status-page" },
  },

  {
    .id = "greeting-silent",
    .title = N_("The server does not answer"),
    .meaning = N_("The connection was accepted, but then the server fell silent: no greeting "
                  "came, or no reply to the mail program's first words. Something other than a "
                  "mail server may be answering, or security software may be holding the "
                  "connection."),
    .causes = {
      N_("Security software or a firewall inspects mail traffic and gets in its way."),
      N_("The port expects an encrypted connection from the start (SSL/TLS), but the security is "
         "set otherwise."),
      N_("Another service, not a mail server, listens on this port."),
      N_("The server is overloaded."),
    },
    .steps = {
      /* Translators: “STARTTLS”, “SSL/TLS” and “None” are the names mail programs show for the
       * security setting; keep them as your language's mail programs show them. */
      N_("In your mail program's outgoing server (SMTP) settings, use port 587 with STARTTLS, or "
         "port 465 with SSL/TLS."),
      N_("Turn off your security software's mail scanning for a moment and check again, then "
         "turn it back on."),
      N_("Try another network, such as your phone's tethering."),
      N_("Wait a few minutes, then run the check again."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
    .related = { "security-software-exception" },
  },

  {
    .id = "greeting-slow",
    .title = N_("The server answers very slowly"),
    .meaning = N_("The server began its greeting but did not finish it in time. Mail programs "
                  "give up at that point, so sending fails or takes very long."),
    .causes = {
      N_("The server is overloaded."),
      N_("The network connection is slow or unstable."),
      N_("Security software slows the connection down while it inspects it."),
      N_("The server deliberately slows down connections it suspects of spam."),
    },
    .steps = {
      N_("Wait a few minutes, then run the check again."),
      N_("Try another network, such as your phone's tethering."),
      N_("Turn off your security software's mail scanning for a moment and check again, then "
         "turn it back on."),
      N_("Check your mail provider's status or outage page."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "delivery-delays", "security-software-exception" },
  },

  {
    .id = "greeting-closed",
    .title = N_("The server hangs up at once"),
    .meaning = N_("The server closed the connection before any mail could be sent, without "
                  "saying why. Servers do that to networks they do not want to serve, or when "
                  "they are overloaded."),
    .causes = {
      N_("The server refuses this network's internet address, for example because of a blocklist."),
      N_("The server is overloaded or restarting."),
      N_("Security software cuts the connection."),
    },
    .steps = {
      N_("Wait a few minutes, then run the check again."),
      N_("Try another network, such as your phone's tethering: if it works there, this network's "
         "address is being refused."),
      N_("Check your mail provider's status or outage page."),
      N_("Send the report of this check to your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "provider-status-page", "computer-malware" },
  },

  {
    .id = "greeting-unexpected",
    .title = N_("The server greets with an unexpected reply"),
    .meaning = N_("Instead of the usual welcome, the server answered with a code that mail "
                  "programs do not expect, so they cannot go on. The server's reply text usually "
                  "says why."),
    .causes = {
      N_("The server is set up wrongly or is in maintenance."),
      N_("The server refuses this network, for a reason it gives in its reply."),
    },
    .steps = {
      N_("Read the server's reply in the summary: it often names the reason or a help page."),
      N_("Wait a few minutes, then run the check again."),
      N_("Send the report of this check to your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "ehlo-refused",
    /* Translators: EHLO and HELO are commands of the mail protocol; keep them as they are. */
    .title = N_("The server refuses the mail program's introduction"),
    .meaning = N_("After the greeting, every mail program introduces itself with EHLO, and this "
                  "server refused it or understands only the older HELO. Without EHLO, neither "
                  "encryption nor log-in is available."),
    .causes = {
      N_("The server refuses this computer's name or network address."),
      N_("The server is very old, or is not meant for mail programs."),
      N_("Security software or a firewall alters the mail traffic."),
    },
    .steps = {
      N_("Compare the server name and port in your mail program's outgoing server (SMTP) "
         "settings with your provider's instructions."),
      N_("Turn off your security software's mail scanning for a moment and check again, then "
         "turn it back on."),
      N_("Send the report of this check to your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "not-smtp",
    .title = N_("This is not a mail server"),
    .meaning = N_("Something answers on this port, but it does not speak the language of sending "
                  "mail (SMTP). The server name or the port in your mail program is probably "
                  "wrong."),
    .causes = {
      N_("The receiving server (IMAP or POP), or its port, was entered as the outgoing server."),
      N_("The port number is wrong."),
      N_("Security software or a proxy answers in the server's place."),
    },
    .steps = {
      N_("Compare the server name and port in your mail program's outgoing server (SMTP) "
         "settings with your provider's instructions."),
      N_("In your mail program's outgoing server (SMTP) settings, use port 587 with STARTTLS, or "
         "port 465 with SSL/TLS."),
      N_("Make sure the outgoing server does not use a receiving port: 993, 143, 995 or 110."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "not-smtp-http",
    .title = N_("A web server answers instead of a mail server"),
    .meaning = N_("What answers on this port is a web server, the kind that shows web pages. The "
                  "server name is probably your provider's web site, or the port is wrong."),
    .causes = {
      N_("The web site's address (such as www.example.jp) was entered as the outgoing server."),
      N_("The port is set to 80 or 443, which are for web pages."),
      N_("A proxy or security product answers in the server's place."),
    },
    .steps = {
      N_("Look up the outgoing server (SMTP) name in your provider's instructions: it usually "
         "differs from the web site's address."),
      N_("Enter it in your mail program's outgoing server (SMTP) settings."),
      N_("In your mail program's outgoing server (SMTP) settings, use port 587 with STARTTLS, or "
         "port 465 with SSL/TLS."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "tls-expected",
    .title = N_("The port expects encryption from the start"),
    /* Translators: “STARTTLS”, “SSL/TLS” and “None” are the names mail programs show for the
     * security setting; keep them as your language's mail programs show them. */
    .meaning = N_("This port, usually 465, uses SSL/TLS: the connection must be encrypted from "
                  "the very first moment. With any other security setting the server stays "
                  "silent or hangs up."),
    .causes = {
      N_("The security is set to STARTTLS or “None” for port 465."),
      N_("The port was changed without changing the security to match."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, set the security to SSL/TLS "
         "and keep port 465."),
      N_("Or keep STARTTLS and change the port to 587."),
      N_("Send a test message to yourself to confirm."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc8314",
  },

  /* --- Encryption and certificates -------------------------------------- */

  {
    .id = "starttls-not-offered",
    .title = N_("The server offers no encryption on this port"),
    .meaning = N_("Your mail program is set to switch to encryption with STARTTLS, but the "
                  "server does not offer it here. A mail program set this way will not send."),
    .causes = {
      N_("The port or the server name is wrong, for example a server meant for mail between "
         "servers."),
      N_("Security software or a firewall removes the server's offer of encryption."),
      N_("The server is old and does not support encryption."),
    },
    .steps = {
      N_("Compare the server name and port in your mail program's outgoing server (SMTP) "
         "settings with your provider's instructions."),
      N_("In your mail program's outgoing server (SMTP) settings, use port 587 with STARTTLS, or "
         "port 465 with SSL/TLS."),
      N_("Try another network, such as your phone's tethering: if encryption works there, "
         "something on this network removes it."),
      N_("Do not set the security to “None”: your password would travel unprotected."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc3207",
  },

  {
    .id = "starttls-refused",
    .title = N_("The server could not start encryption"),
    .meaning = N_("The server offers encryption (STARTTLS) but refused to start it when asked, "
                  "usually with code 454. This is a fault on the server, which the provider has "
                  "to fix."),
    .causes = {
      N_("The server's encryption setup, such as its certificate, is broken."),
      N_("The server is temporarily overloaded."),
    },
    .steps = {
      N_("Wait a few minutes, then run the check again."),
      N_("If your provider offers it, try port 465 with SSL/TLS."),
      N_("Send the report of this check to your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "starttls-injection",
    .title = N_("Someone tampers with the connection"),
    .meaning = N_("Just before encryption began, text that the server did not send appeared in "
                  "the connection. Something between this computer and the server alters your "
                  "mail traffic, which could expose your password or messages."),
    .causes = {
      N_("A device or service on this network inspects and alters mail traffic."),
      N_("Security software on this computer interferes with the connection."),
      N_("Someone on this network is attacking the connection."),
    },
    .steps = {
      N_("Do not send mail over this network for now."),
      N_("Tell the network's administrator what this check found."),
      N_("Send from another network that you trust, such as your phone's tethering or your home "
         "connection."),
      N_("If your provider offers it, use port 465 with SSL/TLS, which is encrypted from the "
         "start."),
      N_("If your password may have been exposed, change it from a network you trust."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc8314",
  },

  {
    .id = "tls-handshake",
    .title = N_("Encryption could not be set up"),
    .meaning = N_("This computer and the server could not agree on how to encrypt the "
                  "connection, or the connection broke while they tried. Without encryption, "
                  "mail programs will not send."),
    .causes = {
      N_("The security setting does not match the port: SSL/TLS belongs with 465, STARTTLS with "
         "587."),
      N_("Security software inspects encrypted connections and breaks them."),
      N_("The server supports only old encryption that this computer no longer accepts."),
      N_("The network connection is slow or unstable."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, use port 587 with STARTTLS, or "
         "port 465 with SSL/TLS."),
      N_("Turn off your security software's mail scanning for a moment and check again, then "
         "turn it back on."),
      N_("Try another network, such as your phone's tethering."),
      N_("Send the report of this check to your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "security-software-exception" },
  },

  {
    .id = "tls-not-implicit",
    .title = N_("The port does not use SSL/TLS from the start"),
    .meaning = N_("Your mail program is set to encrypt from the first moment (SSL/TLS), but this "
                  "port starts unencrypted and switches to encryption later with STARTTLS. The "
                  "settings do not match, so the connection fails."),
    .causes = {
      N_("The security is set to SSL/TLS for port 587 or 25."),
      N_("The port was changed without changing the security to match."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, set the security to STARTTLS "
         "and keep the port."),
      N_("Or keep SSL/TLS and change the port to 465, if your provider offers it."),
      N_("Send a test message to yourself to confirm."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc8314",
  },

  {
    .id = "tls-off",
    .title = N_("Encryption is turned off"),
    /* Translators: “STARTTLS”, “SSL/TLS” and “None” are the names mail programs show for the
     * security setting; keep them as your language's mail programs show them. */
    .meaning = N_("The security in your mail program is set to “None”, so your password and "
                  "messages travel unprotected, although the server offers encryption "
                  "(STARTTLS). Many providers refuse log-in without it."),
    .causes = {
      N_("The account was set up long ago, or from old instructions."),
      N_("Encryption was turned off while trying to fix another problem."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, set the security to STARTTLS."),
      N_("If the port is 25, change it to 587 as well."),
      N_("Send a test message to yourself to confirm."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc3207",
  },

  {
    .id = "tls-unavailable",
    .title = N_("The server offers no encryption"),
    .meaning = N_("The server offers no way to encrypt the connection, so others on the way "
                  "could read your password and messages. Sending may work, but it is not safe."),
    .causes = {
      N_("The server name or port is not the one your provider intends for mail programs."),
      N_("Security software or a firewall hides the server's offer of encryption."),
      N_("The server is old or poorly maintained."),
    },
    .steps = {
      N_("Look in your provider's instructions for a server name and port with encryption: 587 "
         "with STARTTLS, or 465 with SSL/TLS."),
      N_("Try another network, such as your phone's tethering, to see whether this network hides "
         "the encryption."),
      N_("Avoid sending over public Wi-Fi until the connection is encrypted."),
      N_("Ask your mail provider when they will offer encryption."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc8314",
  },

  {
    .id = "tls-old-version",
    .title = N_("The server uses an outdated version of encryption"),
    .meaning = N_("The connection is encrypted with TLS 1.0 or 1.1, versions retired as unsafe. "
                  "Mail programs and systems are dropping them, so sending may stop working "
                  "after an update."),
    .causes = {
      N_("The mail server has not been updated."),
      N_("Security software or a firewall in between uses old encryption."),
    },
    .steps = {
      N_("Tell your mail provider that the server still uses TLS 1.0 or 1.1."),
      N_("Ask your provider whether there is a newer server name for sending."),
      N_("If security software inspects your mail traffic, update it to the latest version."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc8996",
  },

  {
    .id = "tls-intercepted",
    .title = N_("Security software reads your encrypted mail traffic"),
    .meaning = N_("An antivirus or security product puts its own certificate in place of the "
                  "mail server's, so that it can scan encrypted mail. Mail programs often refuse "
                  "that certificate, and then sending fails."),
    .causes = {
      N_("The mail scanning or SSL scanning of your antivirus software is on."),
      N_("The office network inspects encrypted traffic."),
      N_("The security software is out of date."),
    },
    .steps = {
      N_("In your security software, turn off mail scanning (or the scanning of encrypted "
         "connections), or add an exception for your mail program."),
      N_("Update your security software to its latest version."),
      N_("Run the check again to make sure the server's own certificate now comes through."),
      N_("On an office computer, ask the IT department before changing security settings."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
    .related = { "security-software-exception" },
  },

  {
    .id = "cert-expired",
    .title = N_("The server's certificate has expired"),
    .meaning = N_("A certificate proves to your mail program that it is talking to the real "
                  "server. This one is past its end date, so mail programs warn or refuse to "
                  "send."),
    .causes = {
      N_("The mail provider did not renew the certificate in time."),
      N_("This computer's date is set far in the future."),
    },
    .steps = {
      N_("Check that this computer's date and time are right."),
      N_("Tell your mail provider that the certificate has expired: only they can renew it."),
      N_("Do not accept a security exception in your mail program unless your provider tells you "
         "to."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "cert-not-yet-valid",
    .title = N_("The server's certificate is not valid yet"),
    .meaning = N_("The certificate's start date is still in the future. Most often this "
                  "computer's clock is wrong; sometimes the provider put a new certificate in "
                  "use too early."),
    .causes = {
      N_("This computer's date or time is wrong, for example after its clock battery ran out."),
      N_("The provider put a new certificate in use before its start date."),
    },
    .steps = {
      N_("Check this computer's date, time and time zone, and turn on automatic time setting."),
      N_("Run the check again."),
      N_("If the clock is right, tell your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "cert-wrong-host",
    .title = N_("The certificate is for a different server name"),
    .meaning = N_("The server's certificate names other servers than the one in your mail "
                  "program. Mail programs treat this as a possible impostor, and warn or refuse "
                  "to send."),
    .causes = {
      N_("Your mail program uses another name for the server, such as an alias or your own "
         "domain's name, not the name the provider documents."),
      N_("The provider moved your mail to a server with a new name."),
      N_("Security software or a network device answers in the server's place."),
    },
    .steps = {
      N_("Look up the exact outgoing server (SMTP) name in your provider's instructions."),
      N_("Enter that name in your mail program's outgoing server (SMTP) settings, even if "
         "another name also connects."),
      N_("Do not accept a security exception in your mail program unless your provider tells you "
         "to."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "cert-self-signed",
    .title = N_("The server's certificate is self-signed"),
    .meaning = N_("The server vouches for itself: no trusted authority has confirmed that it is "
                  "who it claims to be. Anyone on the way could present such a certificate, so "
                  "mail programs warn or refuse."),
    .causes = {
      N_("Whoever runs the mail server has not obtained a certificate from a public authority."),
      N_("A device on the network answers in the server's place."),
    },
    .steps = {
      N_("Ask whoever runs the mail server whether it uses a self-signed certificate, and for "
         "its fingerprint."),
      N_("Accept the certificate in your mail program only if its fingerprint matches the one "
         "they gave you."),
      N_("Better, ask them to install a certificate from a public authority such as Let's "
         "Encrypt."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "cert-unknown-ca",
    .title = N_("The certificate's issuer is not trusted"),
    .meaning = N_("The server's certificate comes from an authority that this computer does not "
                  "trust. It may be a company's private authority, or something on the way may "
                  "be replacing the certificate."),
    .causes = {
      N_("The server uses a certificate from its company's own authority, which this computer "
         "does not have."),
      N_("Security software or a network device replaces the certificate to inspect mail."),
      N_("The server does not send all the certificates that vouch for its own."),
      N_("This computer's list of trusted authorities is out of date."),
    },
    .steps = {
      N_("Install the latest system updates, which also renew the list of trusted authorities."),
      N_("On an office network, ask the IT department whether a company certificate must be "
         "installed."),
      N_("Turn off your security software's mail scanning for a moment and check again, then "
         "turn it back on."),
      N_("If none of this helps, tell your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "security-software-exception" },
  },

  {
    .id = "cert-revoked",
    .title = N_("The server's certificate has been revoked"),
    .meaning = N_("The authority that issued the certificate has withdrawn it, usually because "
                  "its key leaked or it was issued by mistake. It must not be trusted."),
    .causes = {
      N_("The provider replaced its certificate, but the server still uses the old one."),
      N_("Someone is impersonating the server with a stolen certificate."),
    },
    .steps = {
      N_("Do not send mail to this server, and do not accept a security exception for it."),
      N_("Tell your mail provider at once."),
      N_("Try another network, such as your phone's tethering."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "cert-insecure",
    .title = N_("The server's certificate is not secure"),
    .meaning = N_("The certificate relies on weak or broken cryptography, such as a short key or "
                  "an outdated signature, so this computer does not trust it."),
    .causes = {
      N_("The server's certificate is old and was made in a way no longer considered safe."),
      N_("Security software replaces the certificate with a weak one."),
    },
    .steps = {
      N_("Tell your mail provider that the certificate is weak and must be replaced."),
      N_("Turn off your security software's mail scanning for a moment and check again, then "
         "turn it back on."),
      N_("Do not accept a security exception in your mail program unless your provider tells you "
         "to."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "cert-expiring",
    .title = N_("The server's certificate expires soon"),
    .meaning = N_("Sending works now, but the server's certificate ends within two weeks. If the "
                  "provider does not renew it in time, mail programs will refuse to send."),
    .causes = {
      N_("The provider renews its certificates at the last moment."),
      N_("Automatic renewal on the server has failed."),
    },
    .steps = {
      N_("Nothing needs to change on your side now."),
      N_("Tell your mail provider the expiry date, in case they have not noticed."),
      N_("Run the check again after that date."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  /* --- Log-in ----------------------------------------------------------- */

  {
    .id = "auth-failed",
    .title = N_("User name or password is wrong"),
    .meaning = N_("The server refused the log-in with code 535: it does not accept this "
                  "combination of user name and password."),
    .causes = {
      N_("The password was changed, for example on the provider's web site, but not in the mail "
         "program."),
      N_("The user name is incomplete: many providers want the whole e-mail address."),
      N_("A typing mistake, Caps Lock, or a space copied along with the password."),
      N_("The account is locked after too many failed attempts."),
    },
    .steps = {
      N_("Sign in to your provider's webmail with the same user name and password, to see "
         "whether they work."),
      N_("In your mail program's outgoing server (SMTP) settings, enter the whole e-mail address "
         "as the user name, unless your provider says otherwise."),
      N_("Type the password again by hand, with Caps Lock off."),
      N_("Check whether the outgoing server has a user name and password of its own, apart from "
         "the receiving server's."),
      N_("If you have forgotten the password, reset it on the provider's web site, then enter "
         "the new one in the mail program."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc4954",
    .related = { "provider-status-page" },
  },

  {
    .id = "auth-app-password",
    .title = N_("An app password is needed"),
    .meaning = N_("The provider does not let mail programs log in with your usual password (code "
                  "534). This is common when two-step verification is on: you need an app "
                  "password, or a sign-in on the provider's web page."),
    .causes = {
      N_("Two-step verification is on for your account."),
      N_("The provider blocks log-in from mail programs it considers less secure."),
      N_("The provider noticed an unusual sign-in and wants you to confirm it on its web site."),
    },
    .steps = {
      N_("Sign in to your provider's web site and open your account's security settings."),
      N_("Create an app password for your mail program; it may be called “app password” or "
         "“app-specific password”."),
      N_("In your mail program, replace your usual password with the app password, for sending "
         "and for receiving."),
      /* Translators: “OAuth2” is the name mail programs show for this sign-in method; keep it. */
      N_("If your mail program offers OAuth2 sign-in for this provider, you can choose it "
         "instead and sign in on the page it opens."),
      N_("If the provider asks you to confirm a sign-in, do so on its web site, then send again."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "auth-encryption-required",
    .title = N_("Encryption and log-in are needed first"),
    .meaning = N_("The server accepts mail only after the connection is encrypted and you have "
                  "logged in (codes 530 or 538). Your mail program is set to go on without one "
                  "of them."),
    .causes = {
      /* Translators: “STARTTLS”, “SSL/TLS” and “None” are the names mail programs show for the
       * security setting; keep them as your language's mail programs show them. */
      N_("The security is set to “None” in the outgoing server (SMTP) settings."),
      N_("Authentication for the outgoing server (SMTP authentication) is turned off."),
      N_("An earlier log-in failed, so the server does not know who you are."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, use port 587 with STARTTLS, or "
         "port 465 with SSL/TLS."),
      N_("Turn on authentication for the outgoing server (SMTP authentication), with this "
         "account's user name and password."),
      N_("Send a test message to yourself to confirm."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc4954",
  },

  {
    .id = "auth-temporary",
    .title = N_("The server cannot check the log-in right now"),
    .meaning = N_("The server had a temporary problem checking your user name and password (code "
                  "454). It usually passes by itself."),
    .causes = {
      N_("The provider's log-in system is overloaded or under maintenance."),
      N_("There were too many log-in attempts in a short time, so the server slows them down."),
    },
    .steps = {
      N_("Wait 10 to 15 minutes, then send again."),
      N_("Check your mail provider's status or outage page."),
      N_("If several devices use this account, close the mail programs you do not need for a "
         "while."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "provider-status-page" },
  },

  {
    .id = "auth-not-offered",
    .title = N_("The server offers no log-in here"),
    /* Translators: “Relay access denied” is the text of the error message that mail programs
     * show; keep it in English. */
    .meaning = N_("The server offers no log-in (SMTP authentication) on this port, so it cannot "
                  "tell that you are its customer. Mail to other domains will usually be refused "
                  "with “Relay access denied”."),
    .causes = {
      N_("The port is 25, where many servers offer log-in late or not at all."),
      N_("Encryption is off, and the server offers log-in only on encrypted connections."),
      N_("The server name belongs to a server that receives mail from other servers, not to the "
         "one for sending."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, use port 587 with STARTTLS, or "
         "port 465 with SSL/TLS."),
      N_("Turn on authentication for the outgoing server (SMTP authentication), with this "
         "account's user name and password."),
      N_("Compare the server name and port in your mail program's outgoing server (SMTP) "
         "settings with your provider's instructions."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc6409",
  },

  {
    .id = "auth-not-tested",
    .title = N_("The log-in was not tested"),
    .meaning = N_("The server offers log-in, but Mail Checkup was given no password, so it could "
                  "not check whether your user name and password work."),
    .causes = {
      N_("The account was read from a mail program whose passwords Mail Checkup cannot read, "
         "such as Thunderbird."),
      N_("No password is saved for this account."),
    },
    .steps = {
      /* Translators: “Mail Checkup” is the name of this application. */
      N_("Give Mail Checkup the account's password, then run the check again."),
      N_("In a terminal, “mail-checkup-cli check --password-stdin” reads the password without "
         "showing it."),
      N_("If sending fails with a log-in error, check the user name and password in your mail "
         "program's outgoing server (SMTP) settings."),
    },
    .contact = MC_CONTACT_NONE,
  },

  {
    .id = "auth-oauth-only",
    .title = N_("Sign-in through the provider's web page is needed"),
    /* Translators: “OAuth2” is the name mail programs show for this sign-in method; keep it. */
    .meaning = N_("The server accepts only OAuth2 sign-in, in which your mail program opens the "
                  "provider's sign-in page and stores no password. A password entered in the "
                  "settings will not work."),
    .causes = {
      N_("The provider has turned off password log-in for mail programs."),
      N_("Your organization requires this kind of sign-in for its accounts."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, set the authentication method "
         "to OAuth2."),
      N_("Send a message, and sign in on the provider's page that opens."),
      N_("If your mail program has no OAuth2 option, update it, or ask your provider whether an "
         "app password can be used instead."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc7628",
  },

  {
    .id = "auth-plaintext-refused",
    .title = N_("The password was not sent over an unencrypted connection"),
    .meaning = N_("The connection is not encrypted, so Mail Checkup did not send your password: "
                  "anyone on the way could read it. Your mail program may be sending it like "
                  "this."),
    .causes = {
      N_("The security is set to “None” in the outgoing server (SMTP) settings."),
      N_("The server offers no encryption on this port."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, use port 587 with STARTTLS, or "
         "port 465 with SSL/TLS."),
      N_("If your password has gone out unencrypted, for example over public Wi-Fi, change it."),
      N_("Run the check again."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "auth-no-mechanism",
    .title = N_("No log-in method in common"),
    .meaning = N_("The server offers only log-in methods that Mail Checkup does not support, so "
                  "the log-in could not be tested. Your mail program may still support one of "
                  "them."),
    .causes = {
      N_("The server uses a special log-in method common in company networks, such as Kerberos "
         "or NTLM."),
      N_("Encryption is off, and the server offers ordinary log-in only on encrypted connections."),
    },
    .steps = {
      N_("Turn on encryption (STARTTLS or SSL/TLS) and run the check again: many servers offer "
         "more log-in methods then."),
      N_("Compare the authentication method in your mail program's outgoing server (SMTP) "
         "settings with your provider's instructions."),
      N_("If your mail program sends without errors, nothing needs to change."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "auth-refused",
    .title = N_("The server refused the log-in"),
    .meaning = N_("The server did not accept the log-in, for a reason other than a wrong "
                  "password. The server's reply usually says why."),
    .causes = {
      N_("The account is locked, suspended, or not allowed to send."),
      N_("Sending from mail programs (SMTP) is turned off for this account in the provider's web "
         "settings."),
      N_("The provider blocks log-in from this network or country."),
      N_("The connection broke during log-in."),
    },
    .steps = {
      N_("Read the server's reply in the summary: it often names the reason or a help page."),
      N_("Sign in to your provider's webmail to see whether the account shows a warning or is "
         "locked."),
      N_("In the provider's web settings, check that sending from mail programs (SMTP) is "
         "allowed."),
      N_("Send the report of this check to your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "provider-status-page", "provider-sending-limits", "computer-malware" },
  },

  /* --- The sender ------------------------------------------------------- */

  {
    .id = "sender-rejected",
    .title = N_("The server does not let you send as this address"),
    .meaning = N_("The server refused your address as the sender, often with code 550 or 553, or "
                  "“5.7.1”. Providers let each account send only from its own addresses, so that "
                  "nobody can send in someone else's name."),
    .causes = {
      N_("The sender address in your mail program differs from the address of the account you "
         "log in with."),
      N_("You send through one provider's server with an address from another provider or domain."),
      /* Translators: “not authenticated” is the text of the error message that servers send;
       * keep it in English. */
      N_("Log-in (SMTP authentication) is off, so the server cannot tell the address is yours; "
         "the error then often says the sender is “not authenticated”."),
      N_("The sender address has a typing mistake."),
    },
    .steps = {
      N_("In your mail program's account settings, check that the sender (From) address is "
         "exactly this account's address."),
      N_("Turn on authentication for the outgoing server (SMTP authentication), with this "
         "account's user name and password."),
      N_("To send as another address, first register it with your provider as an alias or extra "
         "sender address."),
      N_("Or send that address's mail through the outgoing server of the provider it belongs to."),
    },
    .contact = MC_CONTACT_PROVIDER,
  },

  {
    .id = "sender-needs-login",
    .title = N_("The sender can be checked only after log-in"),
    .meaning = N_("The server wants a log-in before it accepts any sender, which is normal. "
                  "Without a password, Mail Checkup could not check whether your address is "
                  "accepted."),
    .causes = {
      N_("Mail Checkup was given no password."),
    },
    .steps = {
      N_("Give Mail Checkup the account's password, then run the check again."),
      N_("Make sure authentication for the outgoing server (SMTP authentication) is on in your "
         "mail program."),
    },
    .contact = MC_CONTACT_NONE,
  },

  {
    .id = "sender-temporary",
    .title = N_("The server cannot take the sender right now"),
    .meaning = N_("The server put off accepting your address with a temporary code, one that "
                  "starts with 4. It may accept it a little later."),
    .causes = {
      N_("The server is busy, or cannot check your address at the moment."),
      N_("You reached your provider's limit on messages per hour or per day."),
      N_("The server makes unknown senders wait for a while (greylisting)."),
    },
    .steps = {
      N_("Wait 10 to 15 minutes, then send again."),
      N_("If you sent many messages today, wait until your provider's daily limit resets, often "
         "after 24 hours."),
      N_("Check your mail provider's status or outage page."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "provider-sending-limits", "provider-status-page" },
  },

  {
    .id = "sender-no-answer",
    .title = N_("The server stopped answering"),
    .meaning = N_("The server went silent or hung up when told the sender's address, before "
                  "accepting or refusing it."),
    .causes = {
      N_("The server is overloaded or has a fault."),
      N_("Security software or a firewall cuts mail connections."),
      N_("The network connection is slow or unstable."),
    },
    .steps = {
      N_("Wait a few minutes, then run the check again."),
      N_("Turn off your security software's mail scanning for a moment and check again, then "
         "turn it back on."),
      N_("Try another network, such as your phone's tethering."),
      N_("Send the report of this check to your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "security-software-exception" },
  },

  {
    .id = "size-exceeded",
    .title = N_("The message is too large for the server"),
    .meaning = N_("The server refused the message because of its size. Attachments grow by about "
                  "a third when sent, and most providers take between 10 and 25 MB per message."),
    .causes = {
      N_("The attachments are too large."),
      N_("Many photos or videos are attached to one message."),
      N_("The server's storage is full for the moment."),
    },
    .steps = {
      N_("Send large files as a shared link from a cloud storage service instead of attaching "
         "them."),
      N_("Split the attachments over several messages."),
      N_("Make photos smaller before attaching them, or compress the files."),
      N_("If you are unsure of the limit, ask your mail provider."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc1870",
    .related = { "attachment-too-big" },
  },

  /* --- Settings --------------------------------------------------------- */

  {
    .id = "settings-change",
    .title = N_("Change the outgoing server settings"),
    /* Translators: “STARTTLS”, “SSL/TLS” and “None” are the names mail programs show for the
     * security setting; keep them as your language's mail programs show them. */
    .meaning = N_("Another combination of port and security works better with this server than "
                  "the one in your mail program, and the summary names it. Port and security go "
                  "together: 587 with STARTTLS, 465 with SSL/TLS."),
    .causes = {
      N_("The settings were typed by hand or copied from old instructions."),
      N_("The provider changed its recommended settings."),
      N_("The mail program guessed the settings by itself and guessed wrong."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, set the port and security "
         "named in the summary, then save."),
      /* Translators: Use the menu names that these programs show in your language. */
      N_("In Thunderbird: Account Settings › Outgoing Server (SMTP), select the server, then "
         "Edit."),
      N_("In Outlook: File › Account Settings › Change › More Settings › Advanced."),
      N_("In Apple Mail: Mail › Settings › Accounts › Server Settings."),
      N_("In Evolution or a phone's mail app, open the account's settings and look for the "
         "outgoing server (SMTP)."),
      N_("Send a test message to yourself to confirm."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc8314",
  },

  /* --- The checks themselves -------------------------------------------- */

  {
    .id = "check-timeout",
    .title = N_("The check took too long"),
    .meaning = N_("This part of the check did not finish in the time allowed, so its result is "
                  "unknown. That is not a fault in your settings: a very slow network or server "
                  "can cause it."),
    .causes = {
      N_("The network or the server is very slow right now."),
      N_("Something, such as a firewall, holds connections open without answering."),
      N_("A fault in Mail Checkup itself."),
    },
    .steps = {
      N_("Run the check again."),
      N_("If it happens again, try another network, such as your phone's tethering."),
      N_("If it keeps happening, report it to the Mail Checkup developers with the text report "
         "of this check."),
    },
    .contact = MC_CONTACT_NONE,
    .link = ISSUES_URL,
  },

  {
    .id = "check-failed",
    .title = N_("The check could not be done"),
    .meaning = N_("Mail Checkup could not run this part of the check, so it tells nothing about "
                  "your settings. This is not your fault."),
    .causes = {
      N_("An unexpected answer, or an error inside Mail Checkup."),
      N_("The connection ended before this step was reached."),
    },
    .steps = {
      N_("Run the check again."),
      N_("If it keeps happening, report it to the Mail Checkup developers with the text report "
         "of this check."),
    },
    .contact = MC_CONTACT_NONE,
    .link = ISSUES_URL,
  },

  /* --- Your domain: SPF ------------------------------------------------ */

  {
    .id = "spf-missing",
    .title = N_("Your domain has no SPF record"),
    .meaning = N_("An SPF record is a line in your domain's DNS that lists the servers allowed to "
                  "send mail with your address. Without one, receivers cannot tell your real "
                  "mail from forged mail, so more of it goes to spam or is refused, and anyone "
                  "can pretend to be you."),
    .causes = {
      N_("The domain is new, or its mail service was set up without adding the SPF record."),
      N_("The domain moved to another DNS service and the record was not copied over."),
      N_("The record was added to another name, such as “www”, instead of the domain itself."),
    },
    .steps = {
      N_("Look in your mail provider's help pages or control panel for the SPF value to publish; "
         "it starts with “v=spf1”."),
      N_("In your domain's DNS settings, add a TXT record with that value on the domain itself "
         "(often written “@”)."),
      N_("If more than one service sends mail for the domain (a newsletter tool, a web shop), "
         "put all of them into that one record."),
      N_("Wait up to an hour, then run the check again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc7208",
    .related = { "recipient-spam-folder", "content-looks-like-spam" },
  },

  {
    .id = "spf-multiple",
    .title = N_("Your domain has more than one SPF record"),
    .meaning = N_("A domain may have only one SPF record. With two or more, receivers do not pick "
                  "one: they treat the domain's policy as broken (“permerror”), and your mail "
                  "loses the protection SPF gives it."),
    .causes = {
      N_("A second service was set up by adding a new SPF record instead of extending the old "
         "one."),
      N_("An old record was left behind after moving to another mail provider."),
    },
    .steps = {
      N_("In your domain's DNS settings, find every TXT record that starts with “v=spf1”."),
      N_("Combine them into one: keep one “v=spf1” at the start, put the entries of both "
         "(such as “include:” and “ip4:”) after it, and keep one ending such as “-all” or "
         "“~all”."),
      N_("Delete the other records, and any that belong to a service you no longer use."),
      N_("Wait up to an hour, then run the check again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc7208#section-4.5",
  },

  {
    .id = "spf-syntax",
    .title = N_("Your SPF record has a mistake"),
    .meaning = N_("The SPF record of your domain, or one that it includes, does not follow the "
                  "rules. Receivers then treat the whole policy as broken (“permerror”), even "
                  "for the servers it lists correctly."),
    .causes = {
      N_("A typing mistake, such as “inlcude:” for “include:” or a missing colon."),
      N_("An address written wrongly, such as “ip4:” with an address that is not complete."),
      N_("Extra characters copied with the record, such as quotation marks, line breaks or "
         "full-width (Japanese) spaces."),
      N_("A record of another service that your record includes has the mistake."),
    },
    .steps = {
      N_("Compare the record in your domain's DNS settings with the value your mail provider "
         "documents, character by character; the summary above names the part that is wrong."),
      N_("Make sure the parts are separated by ordinary single-byte spaces, without quotation "
         "marks inside."),
      N_("If the mistake is in a record your record includes, tell the service that publishes "
         "it, or remove that “include:” if you no longer use the service."),
      N_("Run the check again after the change."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc7208#section-4.6",
  },

  {
    .id = "spf-too-many-lookups",
    .title = N_("Your SPF record needs too many DNS look-ups"),
    .meaning = N_("To check an SPF record, receivers may make at most 10 DNS look-ups for its "
                  "“include:”, “a”, “mx”, “ptr”, “exists” and “redirect=” parts, counting those "
                  "in the records it includes. Your record needs more, so receivers stop and "
                  "treat it as broken (“permerror”)."),
    .causes = {
      N_("Several services were added with “include:” over time, and each one brings more "
         "look-ups of its own."),
      N_("A service you include added look-ups to its own record."),
      N_("The record still includes services that you no longer use."),
    },
    .steps = {
      N_("Remove every “include:” of a service that no longer sends mail for you."),
      N_("Replace “a” and “mx” with the addresses they stand for (“ip4:” and “ip6:” need no "
         "look-up), if those addresses rarely change."),
      N_("Remove “ptr”: it is slow, and receivers are advised not to rely on it."),
      N_("Send mail for some services, such as newsletters, from a subdomain with its own SPF "
         "record."),
      N_("Run the check again: the number of look-ups must be 10 or fewer."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4",
  },

  {
    .id = "spf-void-lookups",
    .title = N_("Your SPF record points to names that do not exist"),
    .meaning = N_("Some parts of your SPF record name servers or domains that DNS does not know, "
                  "or that have no address. Receivers allow two such empty look-ups; after that "
                  "they treat the record as broken (“permerror”)."),
    .causes = {
      N_("A server or service named in the record was shut down or renamed."),
      N_("A name in the record is mistyped."),
      N_("A service you used to include has closed its SPF record."),
    },
    .steps = {
      N_("Check each name after “a:”, “mx:”, “include:” and “exists:” in the record; the "
         "summary above names the last one that found nothing."),
      N_("Remove the parts for servers and services that no longer exist, and correct mistyped "
         "names."),
      N_("Run the check again after the change."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4",
  },

  {
    .id = "spf-include-missing",
    .title = N_("Your SPF record includes a domain that has no SPF record"),
    .meaning = N_("Your SPF record says “include:” or “redirect=” with a domain that has no SPF "
                  "record of its own. Receivers cannot finish the check and treat your policy "
                  "as broken (“permerror”)."),
    .causes = {
      N_("The service you include changed the name of its SPF record, or stopped offering it."),
      N_("The name after “include:” is mistyped."),
      N_("You no longer use that service, but its “include:” stayed in the record."),
    },
    .steps = {
      N_("Look up the exact “include:” value in the current help pages of that service, and "
         "correct the record."),
      N_("If you no longer use the service, remove its “include:” from the record."),
      N_("Run the check again after the change."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc7208#section-5.2",
  },

  {
    .id = "spf-permissive-all",
    .title = N_("Your SPF record does not protect your address"),
    .meaning = N_("The end of an SPF record tells receivers what to do with mail from servers it "
                  "does not list. “+all” lets every server in the world send as you; “?all”, or "
                  "no ending at all, says nothing. Either way, forged mail with your address "
                  "passes as easily as your own, and some receivers distrust such domains."),
    .causes = {
      N_("The record was made permissive on purpose while setting up, and never tightened."),
      N_("A sample record was copied without changing its ending."),
    },
    .steps = {
      N_("Make sure the record lists every service that really sends your mail."),
      N_("Then change the ending to “~all” (mail from other servers is suspicious) or, once you "
         "are sure, to “-all” (mail from other servers is refused)."),
      N_("Run the check again after the change."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc7208#section-5.1",
  },

  {
    .id = "spf-server-not-authorised",
    .title = N_("Your sending server is not in your SPF record"),
    .meaning = N_("The SPF record of your domain does not list the server your mail program "
                  "sends through. If mail leaves from that server, receivers see a sender their "
                  "records do not allow: it looks forged, goes to spam or is refused."),
    .causes = {
      N_("You send through another provider's server (your internet provider's, say) than the "
         "one your domain's record lists."),
      N_("The mail service added or changed servers and its SPF value in your record is out of "
         "date."),
      N_("The record lists only the web server, not the mail server."),
    },
    .steps = {
      N_("Send through the server that belongs to your domain's mail service; its address is in "
         "that service's help pages."),
      N_("Or add the server to your SPF record, with the “include:” value that its provider "
         "documents, or with “ip4:” and its address."),
      N_("Some providers pass mail on from other servers than the one you connect to; if yours "
         "does, ask it which “include:” value covers them."),
      N_("Run the check again after the change."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc7208",
    .related = { "recipient-spam-folder" },
  },

  {
    .id = "spf-temperror",
    .title = N_("Part of your SPF record cannot be looked up"),
    .meaning = N_("Checking your SPF record needs the DNS of a domain it refers to, and that DNS "
                  "did not answer properly. Receivers meet the same error: they may hold your "
                  "mail back and try again later, which delays it."),
    .causes = {
      N_("The DNS servers of a service your record includes have a fault, or are overloaded."),
      N_("A domain your record refers to was let go, and its DNS servers no longer answer for "
         "it."),
      N_("A short outage of the DNS on the way."),
    },
    .steps = {
      N_("Run the check again in a few minutes: short outages pass by themselves."),
      N_("If it lasts, find the name in the summary above in your SPF record, and ask the "
         "service it belongs to whether its DNS works."),
      N_("If you no longer use that service, remove it from your SPF record."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc7208#section-2.6.6",
    .related = { "delivery-delays" },
  },

  /* --- Your domain: DKIM ----------------------------------------------- */

  {
    .id = "dkim-not-found",
    .title = N_("No DKIM key at that selector"),
    .meaning = N_("DKIM lets receivers check that a message really comes from your domain: your "
                  "mail service signs each message, and receivers fetch the key from your "
                  "domain's DNS to check the signature. There is no key under the selector that "
                  "was given, so this check cannot work."),
    .causes = {
      N_("The selector is mistyped, or belongs to another mail service."),
      N_("The DKIM record was never added to the domain's DNS, or was added to another domain."),
      N_("The record was added under a wrong name, for example with the domain name written "
         "twice."),
      N_("The record was added only a short time ago and has not spread yet."),
    },
    .steps = {
      N_("Open the DKIM settings in your mail provider's control panel: they show the selector "
         "and the record to publish."),
      N_("Add that record in your domain's DNS settings under exactly the name shown, such as "
         "selector._domainkey."),
      N_("If your DNS service adds the domain name by itself, enter only the part before your "
         "domain."),
      N_("Wait up to an hour, then run the check again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc6376",
    .related = { "recipient-spam-folder", "content-looks-like-spam" },
  },

  {
    .id = "dkim-selector-missing",
    .title = N_("DKIM key not found under the common names"),
    .meaning = N_("A DKIM key is published under a name that the mail service chooses, the "
                  "selector. The check tried the names most services use and found no key. This "
                  "does not mean that your domain has none."),
    .causes = {
      N_("Your mail service uses a selector of its own, such as one with a date or a random "
         "part."),
      N_("Your domain publishes no DKIM key, so mail from it is not signed."),
    },
    .steps = {
      N_("Find your selector: it is in your mail provider's DKIM settings, or in the "
         "DKIM-Signature header of a message you sent (the value after s=)."),
      N_("Run the check again with that selector entered as the DKIM selector (or given with "
         "--dkim-selector on the command line)."),
      N_("If your provider offers DKIM signing and it is off, turn it on and publish the record "
         "it shows."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc6376",
    .related = { "recipient-spam-folder" },
  },

  {
    .id = "dkim-revoked",
    .title = N_("The DKIM key has been withdrawn"),
    .meaning = N_("The DKIM record at this selector is there, but its key (p=) is empty. That is "
                  "how a key is withdrawn: every signature made with it now fails."),
    .causes = {
      N_("The key was retired on purpose, but the mail service still signs with it."),
      N_("The key was deleted by mistake when the DNS records were edited."),
      N_("The mail service moved to a new selector, and the old one was checked."),
    },
    .steps = {
      N_("In your mail provider's DKIM settings, see which selector is in use now."),
      N_("If it is another one, run the check again with that selector."),
      N_("If this selector is still in use, publish its key again, or make a new key and publish "
         "that."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc6376",
  },

  {
    .id = "dkim-weak-key",
    .title = N_("The DKIM key is too short"),
    .meaning = N_("The RSA key is shorter than 1024 bits. Keys that short can be broken, so "
                  "receivers refuse them, and mail signed with it counts as unsigned."),
    .causes = {
      N_("The key was made long ago, when short keys were common."),
      N_("A tool or guide made a short key by default."),
    },
    .steps = {
      N_("In your mail provider's DKIM settings, create a new key of 2048 bits."),
      N_("Publish the new record in your domain's DNS, under a new selector if the provider "
         "gives one."),
      N_("Switch signing to the new key, then remove the old record after a few days."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc8301",
  },

  {
    .id = "dkim-short-key",
    .title = N_("The DKIM key is shorter than recommended"),
    .meaning = N_("The RSA key has at least 1024 bits, so receivers still accept it, but 2048 "
                  "bits is the length recommended now, and shorter keys are getting easier to "
                  "break."),
    .causes = {
      N_("The key was made before 2048-bit keys became the norm."),
      N_("A short key was chosen because the DNS service could not hold a longer record."),
    },
    .steps = {
      N_("Create a 2048-bit key in your mail provider's DKIM settings."),
      N_("Publish it in your domain's DNS. A long key may have to be split into several strings "
         "of one TXT record; most DNS services do this for you."),
      N_("Switch signing to the new key, then remove the old record after a few days."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc8301",
  },

  {
    .id = "dkim-testing",
    .title = N_("The DKIM key is in testing mode"),
    .meaning = N_("The key record has the flag t=y, which says that DKIM is only being tried out "
                  "on this domain. Receivers then treat signed mail like unsigned mail, so DKIM "
                  "does nothing for your mail."),
    .causes = {
      N_("The flag was left in after DKIM was set up."),
      N_("The record was copied from an example that had it."),
    },
    .steps = {
      N_("Check that your mail is signed and passes DKIM, for example in the headers of a "
         "message sent to a webmail address."),
      N_("Remove t=y from the DKIM record in your domain's DNS."),
      N_("Run the check again after the change has spread."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc6376",
  },

  {
    .id = "dkim-syntax",
    .title = N_("The DKIM record is broken"),
    .meaning = N_("The DKIM record at this selector cannot be read as a key, so receivers cannot "
                  "check the signatures made with it. The summary names the mistake."),
    .causes = {
      N_("Part of the key was lost when it was copied, often where a long value was split into "
         "several strings."),
      N_("Quotes, spaces or line breaks were copied into the key."),
      N_("A tag is mistyped, such as the version or the key type."),
    },
    .steps = {
      N_("Copy the DKIM record again, in full, from your mail provider's settings."),
      N_("Replace the record in your domain's DNS with it, without adding quotes or line "
         "breaks."),
      N_("If your DNS service wants a long key in parts, split it into several strings of one "
         "record, not into several records."),
      N_("Run the check again after the change has spread."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc6376",
  },

  {
    .id = "dkim-multiple",
    .title = N_("Several DKIM keys at one selector"),
    .meaning = N_("A selector must hold exactly one key record. With several, a receiver may "
                  "pick one that does not match the signature, so checks fail now and then."),
    .causes = {
      N_("A new key was added without removing the old one."),
      N_("The record was added twice, once by hand and once by a setup tool."),
    },
    .steps = {
      N_("Look up the current key in your mail provider's DKIM settings."),
      N_("Delete every other TXT record at that selector's name in your domain's DNS."),
      N_("Run the check again after the change has spread."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc6376",
  },

  {
    .id = "dkim-key-format",
    .title = N_("The DKIM key is written in an unusual form"),
    .meaning = N_("The key is a bare RSA key instead of the public key structure that DKIM tools "
                  "normally publish. Some receivers read it and others do not, so signatures "
                  "may fail at some of them."),
    .causes = {
      N_("The key was converted by hand or with an unusual tool."),
    },
    .steps = {
      N_("Copy the record again from your mail provider's DKIM settings and publish it as "
         "given."),
      N_("If you made the key yourself, export the public key with a standard tool (for "
         "example openssl pkey -pubout) and publish that."),
      N_("Run the check again after the change has spread."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc6376",
  },

  /* --- Your domain: DMARC ---------------------------------------------- */

  {
    .id = "dmarc-missing",
    .title = N_("No DMARC record"),
    .meaning = N_("DMARC tells receivers what to do with mail that claims to come from your "
                  "domain but fails SPF and DKIM, and where to send reports about it. Gmail, "
                  "Yahoo and other large mailbox providers require a DMARC record from domains "
                  "that send much mail, and many receivers are more suspicious of mail from "
                  "domains without one."),
    .causes = {
      N_("The domain was never set up for DMARC."),
      N_("The record was added under a wrong name: it belongs at _dmarc in front of your "
         "domain."),
      N_("The record was added to a domain other than the one in your address."),
    },
    .steps = {
      N_("In your domain's DNS settings, add a TXT record named _dmarc with the value "
         "v=DMARC1; p=none; rua=mailto: followed by an address that should receive the "
         "reports."),
      N_("Use the reports to make sure that SPF or DKIM passes for all the mail you send."),
      N_("Then raise the policy to p=quarantine, and later to p=reject."),
      N_("Run the check again after the change has spread."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc9989",
    .related = { "recipient-spam-folder", "content-looks-like-spam" },
  },

  {
    .id = "dmarc-none",
    .title = N_("The DMARC policy is “none”"),
    .meaning = N_("The domain has a DMARC record, which large mailbox providers require, but its "
                  "policy “none” asks receivers to do nothing with mail that fails the checks. "
                  "Anyone can still send mail that pretends to come from your domain."),
    .causes = {
      N_("The record was set up to start monitoring, as is usual, and the policy was never "
         "raised."),
      N_("The policy was lowered while a problem was being fixed."),
    },
    .steps = {
      N_("Read the DMARC reports (sent to the rua= address) to find every service that sends "
         "mail for your domain."),
      N_("Make sure that SPF or DKIM passes for each of them, with your domain."),
      N_("Change p=none to p=quarantine in the record, and later to p=reject."),
      N_("If the record has no rua= address, add one, so that you can see what a stricter "
         "policy would affect."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc9989",
    .related = { "recipient-spam-folder", "content-looks-like-spam" },
  },

  {
    .id = "dmarc-syntax",
    .title = N_("The DMARC record has mistakes"),
    .meaning = N_("Receivers skip the parts of a DMARC record they cannot read, or ignore the "
                  "whole record, so it may not do what you meant. The summary names the "
                  "mistake."),
    .causes = {
      N_("A value is mistyped, such as a policy other than none, quarantine or reject."),
      N_("A report address lacks “mailto:” in front."),
      N_("The record does not start with v=DMARC1."),
    },
    .steps = {
      N_("Correct the record in your domain's DNS: it starts with v=DMARC1, and its tags are "
         "separated by semicolons."),
      N_("Write report addresses as mailto:name@example.com, separated by commas."),
      N_("Run the check again after the change has spread."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc9989",
  },

  {
    .id = "dmarc-multiple",
    .title = N_("Several DMARC records"),
    .meaning = N_("A domain must have exactly one DMARC record. When there are several, receivers "
                  "ignore them all, as if the domain had none."),
    .causes = {
      N_("A new record was added without removing the old one."),
      N_("A mail service's setup tool added its own record beside yours."),
    },
    .steps = {
      N_("Decide which record to keep, and move the report addresses of the others into it if "
         "you need them."),
      N_("Delete the other TXT records named _dmarc in your domain's DNS."),
      N_("Run the check again after the change has spread."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc9989",
  },

  {
    .id = "dmarc-testing",
    .title = N_("The DMARC policy is in testing mode"),
    .meaning = N_("The DMARC record has t=y, which asks receivers not to apply its policy yet "
                  "while the domain's owner tries it out. Until the flag is removed, the policy "
                  "does not protect the domain."),
    .causes = {
      N_("The flag was left in after a test period."),
    },
    .steps = {
      N_("Check in the DMARC reports that your own mail passes."),
      N_("Remove t=y from the record in your domain's DNS."),
      N_("Run the check again after the change has spread."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc9989",
  },

  /* --- Your domain: mail servers (MX) ---------------------------------- */

  {
    .id = "domain-not-found",
    .title = N_("The domain of your address does not exist"),
    .meaning = N_("DNS has no record of the domain in your e-mail address (the part after the @). "
                  "Receivers refuse mail from a domain that does not exist, and replies cannot "
                  "reach you."),
    .causes = {
      N_("The e-mail address in your mail program is mistyped."),
      N_("The domain's registration has run out and was not renewed."),
      N_("The domain was registered only recently and DNS does not know it yet."),
    },
    .steps = {
      N_("Check the e-mail address in your mail program's account settings, letter by letter."),
      N_("If it is right, ask whoever registered the domain to check that it is paid for and "
         "active."),
      N_("If the domain is new, wait a few hours, then run the check again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
  },

  {
    .id = "domain-dns-servfail",
    .title = N_("The domain's DNS is broken"),
    .meaning = N_("The DNS server answered, but could not look up the domain's records "
                  "(SERVFAIL), so nothing can be said about them. The fault is usually with the "
                  "DNS servers of that domain, not with this computer."),
    .causes = {
      N_("The DNS servers of the domain are down or set up wrongly."),
      N_("The domain's DNSSEC signatures are broken or have run out."),
      N_("The domain's registration has run out."),
      N_("This network's DNS server has trouble looking up names on the internet."),
    },
    .steps = {
      N_("Wait a few minutes and run the check again: such faults are often fixed quickly."),
      N_("Try another network, such as your phone's tethering."),
      N_("If it lasts, tell whoever manages the domain's DNS the domain name and the time of "
         "this check."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
  },

  {
    .id = "mx-null",
    .title = N_("Your domain says it receives no mail (null MX)"),
    .meaning = N_("Your domain publishes a special record, a “null MX”, which tells everyone that "
                  "it accepts no e-mail. Mail from your address can still go out, but replies "
                  "bounce, and some receivers refuse mail from a sender that cannot receive "
                  "answers."),
    .causes = {
      N_("The domain was meant for a website only, and the null MX was added to keep spam "
         "away."),
      N_("The record is left over from a time when the domain had no mail service."),
      N_("A DNS service or template added it by default."),
    },
    .steps = {
      N_("If you use this address for e-mail, ask whoever manages your domain's DNS to remove "
         "the null MX record (an MX record that reads “0 .”)."),
      N_("Add the MX records that your mail provider gives you instead."),
      N_("Wait up to an hour, then run the check again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc7505",
  },

  {
    .id = "mx-target-no-address",
    .title = N_("A mail server of your domain has no address"),
    .meaning = N_("Your domain's MX records name the servers that receive its mail. At least one "
                  "of those names has no address in DNS, so no mail can be delivered there; when "
                  "none of them has one, replies to you cannot arrive at all."),
    .causes = {
      N_("A server name in an MX record is mistyped."),
      N_("The mail server was renamed or retired, but the MX record was not updated."),
      N_("The MX record gives a number address, or a name with the domain written twice, such "
         "as mail.example.jp.example.jp."),
    },
    .steps = {
      N_("Compare the MX records with the names of the receiving servers that your mail "
         "provider gives."),
      N_("Correct or remove the MX records whose server has no address."),
      N_("If a server name is right, ask whoever manages that name to add its address record "
         "(A or AAAA)."),
      N_("Wait up to an hour, then run the check again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc5321#section-5.1",
  },

  {
    .id = "mx-fallback-a",
    .title = N_("Your domain has no MX record"),
    .meaning = N_("Without MX records, other servers deliver mail for your domain to the domain's "
                  "own address, which usually belongs to a web server. Replies and bounce "
                  "messages may be lost, and some receivers distrust mail from a domain without "
                  "MX."),
    .causes = {
      N_("The MX records were never set up, or were lost when the DNS settings were changed or "
         "moved to another service."),
      N_("The domain is used for sending only."),
    },
    .steps = {
      N_("Ask your mail provider which MX records your domain needs."),
      N_("Add them in your domain's DNS settings."),
      N_("Wait up to an hour, then run the check again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc5321#section-5.1",
  },

  {
    .id = "mx-missing",
    .title = N_("Your domain cannot receive mail"),
    .meaning = N_("Your domain has neither MX records nor an address, so no server knows where to "
                  "deliver mail for it. Replies to you bounce, and receivers often distrust or "
                  "refuse mail from a domain that cannot receive any."),
    .causes = {
      N_("The MX records were lost when the DNS settings were changed or moved to another "
         "service."),
      N_("The domain's DNS moved to a new service that was not given the mail records."),
      N_("The address in your mail program uses another domain than the one you manage."),
    },
    .steps = {
      N_("Check that the e-mail address in your mail program is right."),
      N_("Ask your mail provider which MX records your domain needs, and add them in its DNS "
         "settings."),
      N_("Wait up to an hour, then run the check again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
  },

  /* --- Your domain: reverse DNS (PTR) ----------------------------------- */

  {
    .id = "ptr-missing",
    .title = N_("The server's address has no reverse DNS name"),
    .meaning = N_("Receiving servers look up the name of the address that connects to them "
                  "(reverse DNS, a PTR record). Many distrust, delay or refuse mail from a server "
                  "whose address has no name."),
    .causes = {
      N_("The sending server is not a mail provider's server but, for example, a router or a "
         "computer on your network."),
      N_("The server's owner never set up reverse DNS for its address."),
      N_("The server's address changed recently."),
    },
    .steps = {
      N_("Check that the outgoing (SMTP) server in your mail program is the one your mail "
         "provider tells you to use."),
      N_("If it is your provider's server, tell them which address lacks reverse DNS: only the "
         "owner of an address can give it a name."),
      N_("If you run the server yourself, ask the company that gives you its address (the "
         "internet provider or hosting service) to set its reverse DNS name."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "recipient-spam-folder" },
  },

  {
    .id = "ptr-mismatch",
    .title = N_("The server's reverse DNS name does not match"),
    .meaning = N_("The server's address has a reverse DNS name, but that name does not lead back "
                  "to the same address. Receivers such as Gmail check both directions and may "
                  "refuse mail, or file it as spam, when they disagree."),
    .causes = {
      N_("The server's address changed, and only one of the two records was updated."),
      N_("The reverse DNS name is a generic one from the internet provider, unrelated to the "
         "server's own name."),
      N_("The address record (A or AAAA) of the name was deleted or mistyped."),
    },
    .steps = {
      N_("Find the name that the address points to in the technical details of this check."),
      N_("Ask whoever manages that name to give it the server's address (an A or AAAA record)."),
      N_("Or ask the owner of the address (the internet provider or hosting service) to set its "
         "reverse DNS to the server's real name."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "recipient-spam-folder" },
  },

  /* --- Your domain: blocklists ----------------------------------------- */

  {
    .id = "blocklisted",
    .title = N_("The sending server is on a blocklist"),
    .meaning = N_("Blocklists name the addresses that have sent spam. Receivers that use a list "
                  "refuse mail from the addresses on it, or file it as spam; the bounce message "
                  "often names the list."),
    .causes = {
      N_("Another user of the same server sent spam, often because their password was stolen "
         "or their computer has malware."),
      N_("The address was used by a spammer before it was given to this server."),
      N_("The list reacted to a sudden burst of mail, such as a large mailing."),
    },
    .steps = {
      N_("If it is your mail provider's server, tell them which list names it: only they can "
         "have it removed."),
      N_("Open the list's page given in the summary, look up the address and read why it is "
         "listed."),
      N_("If you run the server yourself, first stop the source of the spam (change stolen "
         "passwords, remove malware), then ask for removal on that page."),
      N_("Until it is removed, send through another server that your provider offers."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .related = { "recipient-spam-folder", "content-looks-like-spam", "provider-sending-limits" },
  },

  {
    .id = "blocklisted-client",
    .title = N_("Your internet address is on a blocklist"),
    .meaning = N_("This computer's public address, which the devices on your network share, is "
                  "on a blocklist of addresses that sent spam or carried malware. Mail sent "
                  "through your provider's server is usually still accepted, but some providers "
                  "refuse mail from such an address."),
    .causes = {
      N_("A device on your network (a computer, a phone, a camera) has malware that sends "
         "spam."),
      N_("Your internet provider gave you an address that someone used for spam before."),
      N_("A program on your network sends mail directly to receivers (port 25) instead of "
         "through your provider's server."),
    },
    .steps = {
      N_("Scan the computers on this network for malware, and update the other devices."),
      N_("Change the passwords of your mail accounts if any may have been stolen."),
      N_("Once the cause is gone, ask for removal on the list's page given in the summary."),
      N_("If the listing stays, ask your internet provider for help or for a new address."),
    },
    .contact = MC_CONTACT_NETWORK_ADMIN,
    .related = { "computer-malware" },
  },

  {
    .id = "blocklist-refused",
    .title = N_("A blocklist could not be checked"),
    .meaning = N_("A blocklist gave no answer that can be read, so it is not known whether the "
                  "address is on it. This says nothing against your settings: many lists refuse "
                  "questions that come through public DNS servers such as 8.8.8.8 or 1.1.1.1, "
                  "or that come too often."),
    .causes = {
      N_("This computer uses a public DNS server, which the list does not answer."),
      N_("Too many questions reached the list from the same DNS server."),
      N_("The list's own DNS servers are out of order."),
    },
    .steps = {
      N_("Run the check again later."),
      N_("Run it on a network that uses your internet provider's own DNS server."),
      N_("Look the address up on the list's own web page instead."),
    },
    .contact = MC_CONTACT_NONE,
  },

  {
    .id = "blocklist-file-invalid",
    .title = N_("The list of blocklists cannot be read"),
    .meaning = N_("The file given with --blocklists is missing or not in the expected format, so "
                  "no blocklist was checked."),
    .causes = {
      N_("The file name is mistyped, or the file was moved."),
      N_("A list in the file lacks its Zone or Listed entry, or an answer in it is not written "
         "as an address or a range FIRST-LAST."),
    },
    .steps = {
      N_("Check the file name given with --blocklists."),
      N_("Compare the file with the built-in list, data/blocklists.ini, which explains every "
         "entry."),
      N_("Run the check without --blocklists to use the built-in list."),
    },
    .contact = MC_CONTACT_NONE,
  },

  /* --- Your domain: MTA-STS and TLS reporting -------------------------- */

  {
    .id = "mta-sts-absent",
    .title = N_("MTA-STS and TLS reporting are not set up"),
    .meaning = N_("MTA-STS asks other servers to always encrypt the mail they send to your "
                  "domain, and TLS reporting sends you reports when they could not. Both are "
                  "optional: they protect mail sent to you and do not affect whether your mail "
                  "goes out."),
    .causes = {
      N_("Few domains use them yet, and mail providers rarely set them up by themselves."),
    },
    .steps = {
      N_("Nothing needs to be done for sending mail."),
      N_("To protect mail sent to your domain, ask your mail provider whether it supports "
         "MTA-STS, and publish the records and the policy file it gives you."),
    },
    .contact = MC_CONTACT_NONE,
    .link = "https://www.rfc-editor.org/rfc/rfc8461",
  },

  {
    .id = "mta-sts-broken",
    .title = N_("The MTA-STS record is broken"),
    .meaning = N_("Your domain publishes an MTA-STS record (_mta-sts), but with a mistake, so "
                  "senders ignore it and mail to your domain is not protected as intended. "
                  "Sending is not affected."),
    .causes = {
      N_("The id= value contains characters other than letters and digits, such as hyphens or "
         "dots."),
      N_("The fields are not separated by a semicolon (;)."),
      N_("There are two MTA-STS records instead of one."),
    },
    .steps = {
      N_("Correct the record to the form v=STSv1; id=20240101 (letters and digits only, at most "
         "32)."),
      N_("Keep exactly one such record, and change its id whenever the policy changes."),
      N_("Wait up to an hour, then run the check again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc8461",
  },

  {
    .id = "tls-rpt-broken",
    .title = N_("The TLS reporting record is broken"),
    .meaning = N_("Your domain publishes a TLS reporting record (_smtp._tls), but with a mistake, "
                  "so senders do not know where to send reports about failed encryption. Sending "
                  "is not affected."),
    .causes = {
      N_("The report address (rua=) is missing, or lacks mailto: or https:// in front."),
      N_("There are two records instead of one."),
    },
    .steps = {
      N_("Correct the record to the form v=TLSRPTv1; rua=mailto:reports@example.jp."),
      N_("Keep exactly one such record."),
      N_("Wait up to an hour, then run the check again."),
    },
    .contact = MC_CONTACT_DOMAIN_ADMIN,
    .link = "https://www.rfc-editor.org/rfc/rfc8460",
  },

  /* --- The recipient ---------------------------------------------------- */

  {
    .id = "recipient-domain-unknown",
    .title = N_("The recipient's domain does not exist"),
    .meaning = N_("The part of the recipient's address after the @ is not a domain that exists, "
                  "so mail to it bounces with “550 Host unknown”. This is nearly always a typing "
                  "mistake."),
    .causes = {
      N_("A letter is missing, added or swapped in the domain."),
      N_("The domain has a wrong ending, such as .com instead of .co.jp."),
      N_("The recipient gave an old address whose domain has been given up."),
    },
    .steps = {
      N_("Check the address letter by letter, best against a message the recipient sent you."),
      N_("Ask the recipient for their address another way, such as by phone or chat."),
      N_("Correct the address in your address book, so that it does not happen again."),
    },
    .contact = MC_CONTACT_RECIPIENT,
  },

  {
    .id = "recipient-domain-null-mx",
    .title = N_("The recipient's domain accepts no mail"),
    .meaning = N_("The recipient's domain says publicly, with a “null MX” record, that it "
                  "receives no e-mail at all. Every message to it bounces."),
    .causes = {
      N_("The address is mistyped, and names a domain that is used for a website only."),
      N_("The recipient's organisation no longer receives mail at this domain."),
    },
    .steps = {
      N_("Check the address with the recipient another way, such as by phone or chat."),
      N_("Use the address they give you now, and correct it in your address book."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .link = "https://www.rfc-editor.org/rfc/rfc7505",
  },

  {
    .id = "recipient-domain-no-mx",
    .title = N_("The recipient's domain has no mail server"),
    .meaning = N_("The recipient's domain exists, but names no mail server (MX record), or names "
                  "servers that have no address. Mail to it fails, or goes to a server that does "
                  "not receive mail."),
    .causes = {
      N_("The address is mistyped, and names a domain that is used for a website only."),
      N_("The recipient's domain has a fault in its DNS settings."),
      N_("The recipient's organisation moved its mail, and the records are incomplete."),
    },
    .steps = {
      N_("Check the address with the recipient another way, such as by phone or chat."),
      N_("If it is right, tell the recipient: whoever manages their domain has to correct its "
         "MX records."),
    },
    .contact = MC_CONTACT_RECIPIENT,
  },

  {
    .id = "recipient-domain-typo",
    .title = N_("The recipient's domain looks mistyped"),
    .meaning = N_("The recipient's domain is one or two letters away from a well-known mail "
                  "domain. Mistyped domains sometimes exist, registered by people who collect the "
                  "mail sent to them by mistake, so mail may seem to go out while the recipient "
                  "never gets it."),
    .causes = {
      N_("Two letters are swapped, or one is missing or doubled, as in gmial.com for "
         "gmail.com."),
      N_("A slip in the ending, such as .jo or .co for .jp, or .co.jp for .com."),
    },
    .steps = {
      N_("Compare the address with the suggestion, letter by letter."),
      N_("Correct the address in your mail program and in your address book."),
      N_("If you already sent something private to the mistyped address, treat it as seen by "
         "others."),
    },
    .contact = MC_CONTACT_RECIPIENT,
  },

  {
    .id = "recipient-provider-facts",
    .title = N_("What to know about the recipient's mail service"),
    .meaning = N_("The recipient uses a mail service whose known rules often explain why mail "
                  "does not arrive. The technical details list each fact with the date it was "
                  "last checked."),
    .causes = {
      N_("Japanese mobile carriers let users accept mail only from the addresses and domains "
         "they allow, and some users refuse all mail sent from computers."),
      N_("Large mail services refuse mail, or file it as spam, when its domain fails SPF, DKIM "
         "or DMARC."),
      N_("Each service has a largest message size that it accepts."),
    },
    .steps = {
      N_("If the recipient uses mobile mail (docomo, au, SoftBank, Y!mobile), ask them to add "
         "your address or domain to the allowed senders in their mail filter settings."),
      N_("If the recipient uses Gmail, ask them to add you to their contacts; iCloud Mail has "
         "no such list, so make sure your domain passes SPF and DKIM."),
      N_("Make sure the SPF, DKIM and DMARC checks of this report pass."),
      N_("Keep attachments small, or send a download link instead."),
    },
    .contact = MC_CONTACT_RECIPIENT,
    .related = { "recipient-filter-rules", "recipient-spam-folder",
                 "attachment-too-big-recipient" },
  },
  /* --- The account's password and settings -------------------------------- */

  {
    .id = "password-keyring-locked",
    .title = N_("Your keyring is locked"),
    .meaning = N_("Your mail program keeps this account's password in the keyring, the "
                  "computer's safe place for passwords. The keyring is locked, so Mail Checkup "
                  "could not read the password and did not test the log-in. Everything else was "
                  "checked."),
    .causes = {
      N_("The keyring stays locked when you log in without your password, for example with "
         "automatic log-in or a fingerprint."),
      N_("The keyring's password is different from your log-in password."),
    },
    .steps = {
      /* Translators: “Passwords and Keys” is the name of GNOME's keyring application (Seahorse). */
      N_("Open “Passwords and Keys”, select the “Login” keyring and unlock it with its password."),
      N_("Or log out and log in again with your password."),
      N_("Or type the account's password in Mail Checkup for this check."),
      N_("Run the check again."),
    },
    .contact = MC_CONTACT_NONE,
  },

  {
    .id = "password-unavailable",
    .title = N_("The password could not be read"),
    .meaning = N_("Mail Checkup found this account's settings but not a password it can use, so "
                  "it did not test the log-in. Everything else was checked."),
    .causes = {
      N_("Your mail program keeps its passwords in its own encrypted store, as Thunderbird "
         "does."),
      N_("The password is made by a command in the mail program's settings, which Mail Checkup "
         "does not run."),
      N_("No password is saved for this account, or no keyring is running."),
    },
    .steps = {
      N_("Type the account's password in Mail Checkup for this check, or save it with the "
         "account (Edit Account)."),
      N_("In a terminal, “mail-checkup-cli check --password-stdin” reads the password without "
         "showing it."),
      N_("Run the check again."),
    },
    .contact = MC_CONTACT_NONE,
  },

  {
    .id = "settings-port-25",
    .title = N_("Port 25 is set for sending"),
    .meaning = N_("Your mail program sends on port 25. That port is meant for mail passed between "
                  "servers; internet providers and mobile carriers block it for mail sent from "
                  "homes and phones (Outbound Port 25 Blocking). It may work on one network and "
                  "fail on another."),
    .causes = {
      N_("The account was set up long ago, or by a guide written for servers."),
      N_("The mail program filled in the port by itself."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, set the port to 587 and the "
         "security to STARTTLS."),
      N_("Or, if your provider documents it, set the port to 465 and the security to SSL/TLS."),
      N_("Turn on authentication for the outgoing server (SMTP authentication), with this "
         "account's user name and password."),
    },
    .contact = MC_CONTACT_NONE,
    .link = "https://www.rfc-editor.org/rfc/rfc6409",
  },

  {
    .id = "settings-no-encryption",
    .title = N_("Encryption is turned off"),
    .meaning = N_("The security of the outgoing server is set to none, so your password and "
                  "messages would travel unprotected, and many servers refuse to log you in "
                  "this way."),
    .causes = {
      N_("The security setting was left at its first value when the account was made."),
    },
    .steps = {
      N_("In your mail program's outgoing server (SMTP) settings, set the security to STARTTLS "
         "with port 587, or SSL/TLS with port 465."),
      N_("Run the check again."),
    },
    .contact = MC_CONTACT_NONE,
  },

  {
    .id = "settings-not-an-address",
    .title = N_("The sender address is not an email address"),
    .meaning = N_("The account's sender address is not a whole email address. Servers refuse "
                  "mail whose sender is not a proper address."),
    .causes = {
      N_("Only the user name, or a name without “@”, was typed as the address."),
      N_("The address has a space or a missing part."),
    },
    .steps = {
      N_("In your mail program's account settings, set the email address to the full address "
         "your provider gave you, such as taro@example.jp."),
      N_("Run the check again."),
    },
    .contact = MC_CONTACT_NONE,
  },
};

/* The whole catalogue: this file's table, then the others', joined once. */
static const McGuidance *
catalogue (guint *n_entries)
{
  static GArray *all;

  if (g_once_init_enter (&all))
    {
      const McGuidance *parts[] = { mc_guidance_bounce, mc_guidance_advice, mc_guidance_message };
      GArray *joined = g_array_new (FALSE, FALSE, sizeof (McGuidance));

      g_array_append_vals (joined, guidance_table, G_N_ELEMENTS (guidance_table));
      for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
        {
          for (guint i = 0; parts[p][i].id != NULL; i++)
            g_array_append_val (joined, parts[p][i]);
        }
      g_once_init_leave (&all, joined);
    }
  if (n_entries != NULL)
    *n_entries = all->len;
  return (const McGuidance *) (gpointer) all->data;
}

/* Returns NULL for NULL, empty or unknown ids, so that callers can pass a
 * finding's guidance id straight in. */
const McGuidance *
mc_guidance_lookup (const char *id)
{
  const McGuidance *all;
  guint n;

  if (id == NULL || *id == '\0')
    return NULL;

  all = catalogue (&n);
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (all[i].id, id))
        return &all[i];
    }
  return NULL;
}

const McGuidance *
mc_guidance_get_all (guint *n_entries)
{
  return catalogue (n_entries);
}

/* Returns NULL for MC_CONTACT_NONE: there is nobody to name. */
const char *
mc_contact_get_label (McContact contact)
{
  switch (contact)
    {
    case MC_CONTACT_PROVIDER:
      return _("Your mail provider");
    case MC_CONTACT_NETWORK_ADMIN:
      return _("Whoever runs this network (office IT or your internet provider)");
    case MC_CONTACT_RECIPIENT:
      return _("The person you are writing to");
    case MC_CONTACT_DOMAIN_ADMIN:
      return _("Whoever manages your domain's DNS");
    case MC_CONTACT_NONE:
    default:
      return NULL;
    }
}

/* gettext maps "" to the catalogue's header, so empty strings must never
 * reach _(). */
static const char *
translate (const char *text)
{
  return (text != NULL && *text != '\0') ? _(text) : NULL;
}

char *
mc_guidance_to_text (const McGuidance *guidance)
{
  GString *text;
  const char *contact;

  g_return_val_if_fail (guidance != NULL, NULL);

  text = g_string_new (NULL);
  if (translate (guidance->title) != NULL)
    g_string_append_printf (text, "%s\n", translate (guidance->title));
  if (translate (guidance->meaning) != NULL)
    g_string_append_printf (text, "%s\n", translate (guidance->meaning));

  if (translate (guidance->causes[0]) != NULL)
    {
      g_string_append_printf (text, "%s\n", _("Likely causes:"));
      for (guint i = 0; i < MC_GUIDANCE_MAX_CAUSES && guidance->causes[i] != NULL; i++)
        g_string_append_printf (text, "• %s\n", translate (guidance->causes[i]));
    }

  if (translate (guidance->steps[0]) != NULL)
    {
      g_string_append_printf (text, "%s\n", _("What to do:"));
      for (guint i = 0; i < MC_GUIDANCE_MAX_STEPS && guidance->steps[i] != NULL; i++)
        g_string_append_printf (text, "%u. %s\n", i + 1, translate (guidance->steps[i]));
    }

  contact = mc_contact_get_label (guidance->contact);
  if (contact != NULL)
    {
      /* Translators: %s is who can help, such as “Your mail provider”. */
      g_string_append_printf (text, _("Who can help: %s"), contact);
      g_string_append_c (text, '\n');
    }
  if (guidance->link != NULL && *guidance->link != '\0')
    {
      /* Translators: %s is the address of a web page. */
      g_string_append_printf (text, _("More: %s"), guidance->link);
      g_string_append_c (text, '\n');
    }
  for (guint i = 0; i < MC_GUIDANCE_MAX_RELATED && guidance->related[i] != NULL; i++)
    {
      const McGuidance *related = mc_guidance_lookup (guidance->related[i]);

      if (related == NULL)
        continue;
      /* Translators: %s is the title of another piece of advice. */
      g_string_append_printf (text, _("See also: %s"), translate (related->title));
      g_string_append_c (text, '\n');
    }

  return g_string_free (text, FALSE);
}
