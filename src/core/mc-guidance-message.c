/* mc-guidance-message.c: guidance catalogue: The message and its attachments.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-i18n.h"

#include "mc-guidance-private.h"

/* message.attachment: too big for the sending server or for the
 * recipient's provider, close to a limit, or of a type that mail filters
 * refuse. Every entry offers the ways round it that work for people who
 * are not engineers: a shared link, smaller files, several messages,
 * another format. */
const McGuidance mc_guidance_message[] = {
  {
    .id = "attachment-too-big",
    .title = N_("The attachments are too big for your mail server"),
    .meaning = N_("Once prepared for sending, the message with its attachments is bigger than your "
                  "sending server accepts, so the server would refuse it (often with the code "
                  "552). Attachments grow by about a third when they are sent."),
    .causes = {
      N_("Large photos, videos or scanned documents are attached."),
      N_("Several files together go over the limit, even when each one is small."),
      N_("A file is bigger than it looks, such as a PDF of many scanned pages or photos at full "
         "resolution."),
    },
    .steps = {
      N_("Upload the files to a storage service (such as Google Drive, OneDrive, Dropbox or iCloud "
         "Drive) and send a shared link instead of the files."),
      N_("Make photos smaller before attaching them (most programs offer a smaller size when "
         "sharing), and compress PDF files."),
      N_("Split the files over several messages, each well under the limit."),
      N_("Save documents in a smaller format, such as PDF instead of scanned images."),
      N_("If you often need to send larger files, ask your mail provider whether a larger limit "
         "is available."),
    },
    .contact = MC_CONTACT_PROVIDER,
    .link = "https://www.rfc-editor.org/rfc/rfc1870",
  },

  {
    .id = "attachment-too-big-recipient",
    .title = N_("The attachments are too big for the recipient's mail service"),
    .meaning = N_("Your server may accept the message, but the recipient's mail service takes only "
                  "smaller messages: it would send the message back to you as undeliverable. "
                  "Attachments grow by about a third when they are sent."),
    .causes = {
      N_("Mobile carriers' mail (docomo, au, SoftBank) and some free mail services accept only "
         "about 10 to 20 MB per message."),
      N_("Several files together go over the limit, even when each one is small."),
    },
    .steps = {
      N_("Upload the files to a storage service (such as Google Drive, OneDrive, Dropbox or iCloud "
         "Drive) and send a shared link instead of the files."),
      N_("Make photos smaller before attaching them (most programs offer a smaller size when "
         "sharing), and compress PDF files."),
      N_("Split the files over several messages, each well under the recipient's limit."),
      N_("Ask the recipient for another address that takes larger messages, such as the one they "
         "use on their computer."),
    },
    .contact = MC_CONTACT_RECIPIENT,
  },

  {
    .id = "attachment-near-limit",
    .title = N_("The attachments are close to the size limit"),
    .meaning = N_("The message with its attachments comes within a tenth of the largest size "
                  "accepted. It may still go, but the text you write, a signature or a quoted "
                  "message can push it over, and a server on the way may accept less."),
    .causes = {
      N_("The files together are nearly as large as the limit."),
      N_("Attachments grow by about a third when they are sent."),
    },
    .steps = {
      N_("Send the largest files as a shared link from a storage service instead."),
      N_("Make photos smaller before attaching them (most programs offer a smaller size when "
         "sharing), and compress PDF files."),
      N_("Split the files over two messages."),
      N_("If you send it as it is, watch for a returned mail (bounce) in the next minutes."),
    },
    .contact = MC_CONTACT_NONE,
  },

  {
    .id = "attachment-blocked-type",
    .title = N_("This type of file is often blocked"),
    .meaning = N_("Mail filters refuse programs, scripts, shortcuts, disk images and Office documents "
                  "with macros, because such files can carry viruses. The message may come back, "
                  "arrive without the file, or be deleted without a word."),
    .causes = {
      N_("The file is a program or a script (.exe, .bat, .js, .vbs, .ps1, .msi, .jar and the "
         "like)."),
      N_("The file is a shortcut (.lnk) or a disk image (.iso, .img)."),
      N_("The document contains macros (.docm, .xlsm, .pptm)."),
      N_("A ZIP file holds one of these types: filters look inside ZIP files."),
    },
    .steps = {
      N_("For a document with macros: if the macros are not needed, save it as an ordinary "
         "document (.docx, .xlsx, .pptx) or as PDF."),
      N_("Send the file as a shared link from a storage service, if the recipient expects it."),
      N_("For a program, tell the recipient where to download it from its maker instead."),
      N_("Do not rename the file to hide its type: filters look at the contents, and the "
         "recipient's computer may then not open it properly."),
    },
    .contact = MC_CONTACT_RECIPIENT,
  },

  {
    .id = "attachment-encrypted-zip",
    .title = N_("A ZIP file with a password"),
    .meaning = N_("Mail filters cannot look inside a ZIP file with a password for viruses, so many "
                  "companies and public offices refuse such files or remove them from the message. "
                  "Sending the password in a second mail (the practice called “PPAP” in Japan) "
                  "does not protect the file either."),
    .causes = {
      N_("Your mail program or your company's mail system puts attachments into a ZIP file with a "
         "password automatically."),
      N_("The recipient's organisation has stopped accepting ZIP files with a password."),
    },
    .steps = {
      N_("Share the file from a storage service with a link that only the recipient can open, and "
         "send them the link."),
      N_("If the contents are not confidential, attach the files without a password; use a ZIP "
         "file without a password only where it helps, such as for many small files."),
      N_("Ask the recipient how their organisation prefers to receive confidential files."),
      N_("If your company's mail system adds the password by itself, ask your IT department."),
    },
    .contact = MC_CONTACT_RECIPIENT,
  },

  { .id = NULL }
};
