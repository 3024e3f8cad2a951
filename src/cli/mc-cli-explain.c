/* mc-cli-explain.c: the “explain” command of mail-checkup-cli: what an error message or a returned mail means.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "mc-cli.h"
#include "mc-cli-explain.h"
#include "mc-explain.h"

#define COMMAND "mail-checkup-cli explain"

static int
usage_error (const char *message)
{
  /* Translators: first %s is the program name, second the error message. */
  g_printerr (_("%s: %s\n"), "mail-checkup-cli", message);
  /* Translators: %s is the program and the command, e.g. “mail-checkup-cli check”. */
  g_printerr (_("Run “%s --help” to see the options.\n"), COMMAND);
  return MC_EXIT_USAGE;
}

/* Reads at most limit bytes, and says whether more were there. Stops at
 * the limit instead of reading a huge file or an endless pipe to its end. */
static GBytes *
read_bounded (GInputStream  *stream,
              gsize          limit,
              gboolean      *truncated,
              GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[65536];

  *truncated = FALSE;
  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (data->len + (gsize) n > limit)
        {
          g_byte_array_append (data, buffer, (guint) (limit - data->len));
          *truncated = TRUE;
          break;
        }
      g_byte_array_append (data, buffer, (guint) n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

int
mc_cli_explain (int    argc,
                char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *lang = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Output: text or json (default: text)"), N_("FORMAT") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang,
      N_("Language of the explanation: en or ja"), N_("LANG") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(McExplanation) explanation = NULL;
  g_autofree char *output = NULL;
  const char *path = NULL;
  gboolean truncated = FALSE;
  gboolean json;

  context = g_option_context_new (_("[FILE|-]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Explains an error message or a returned mail (bounce): what it "
                                  "means and what to do.\nReads FILE, such as a saved .eml "
                                  "message, or standard input when FILE is “-” or not given."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  mail-checkup-cli explain returned-mail.eml\n"
                                      "  echo '554 5.7.1 <hanako@example.jp>: Relay access denied' | mail-checkup-cli explain\n"
                                      "  mail-checkup-cli explain returned-mail.eml --format json --lang ja\n"
                                      "\n"
                                      "Exit status: 0 when the input was read (also when nothing in "
                                      "it was recognised:\nthe output says so), 2 for wrong options "
                                      "or a file that cannot be read.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  g_set_prgname (COMMAND);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc > 2)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”"), argv[2]);

      return usage_error (message);
    }
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "json") != 0)
    {
      g_autofree char *message = g_strdup_printf (_("--format “%s”: use text or json"), format);

      return usage_error (message);
    }
  json = g_strcmp0 (format, "json") == 0;

  if (argc == 2 && strcmp (argv[1], "-") != 0)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);

      path = argv[1];
      stream = G_INPUT_STREAM (g_file_read (file, NULL, &error));
    }
  else
    {
      if (isatty (STDIN_FILENO))
        g_printerr ("%s\n", _("Paste the error message or the returned mail, then press Ctrl+D on a line of its own."));
      stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
    }
  if (stream != NULL)
    data = read_bounded (stream, MC_EXPLAIN_MAX_INPUT, &truncated, &error);
  if (data == NULL)
    {
      /* Translators: first %s is a file name (or “-” for standard input), second the reason. */
      g_autofree char *message = g_strdup_printf (_("Cannot read “%s”: %s"), path != NULL ? path : "-",
                                                  error->message);

      g_printerr (_("%s: %s\n"), "mail-checkup-cli", message);
      return MC_EXIT_USAGE;
    }
  if (truncated)
    /* Translators: %s is a file name, or “-” for standard input; %d the number of megabytes read. */
    g_printerr (_("Note: “%s” is longer than %d MB; only its first %d MB were read.\n"),
                path != NULL ? path : "-", MC_EXPLAIN_MAX_INPUT / (1024 * 1024),
                MC_EXPLAIN_MAX_INPUT / (1024 * 1024));

  explanation = mc_explain (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  if (json)
    output = mc_explanation_to_json (explanation);
  else
    output = mc_explanation_to_text (explanation);
  g_print ("%s", output);
  if (!g_str_has_suffix (output, "\n"))
    g_print ("\n");

  /* Nothing recognised is an answer too ("explain-unknown" says what to
   * try next), not a failure of the command. */
  return MC_EXIT_OK;
}
