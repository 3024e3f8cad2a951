/* mc-account-source.c: what the readers of other mail programs' settings share: where to look, problems, safe reading.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-i18n.h"
#include <glib/gstdio.h>

#include "mc-account-source.h"
#include "mc-source-private.h"

/* ---- Where to look ---- */

McSourceEnv *
mc_source_env_new (const char *home,
                   const char *config_home)
{
  McSourceEnv *env;

  g_return_val_if_fail (home != NULL, NULL);

  env = g_new0 (McSourceEnv, 1);
  env->home = g_strdup (home);
  env->config_home = config_home != NULL ? g_strdup (config_home)
                                         : g_build_filename (home, ".config", NULL);
  return env;
}

/* GLib caches g_get_home_dir () and g_get_user_config_dir () the first
 * time they are asked, so a process (or a test) that changes HOME later
 * would still be given the old folders: the variables are read here, at
 * the time of loading, and the cached values are only the last resort. */
McSourceEnv *
mc_source_env_new_from_environment (void)
{
  const char *home = g_getenv ("HOME");
  const char *config_home = g_getenv ("XDG_CONFIG_HOME");
  g_autofree char *fallback = NULL;

  if (home == NULL || *home == '\0')
    home = g_get_home_dir ();

  /* The XDG base directory specification says a relative path is invalid
   * and must be ignored, as if the variable were not set. */
  if (config_home == NULL || !g_path_is_absolute (config_home))
    {
      if (g_getenv ("HOME") != NULL && *g_getenv ("HOME") != '\0')
        fallback = g_build_filename (home, ".config", NULL);
      else
        fallback = g_strdup (g_get_user_config_dir ());
      config_home = fallback;
    }

  return mc_source_env_new (home, config_home);
}

void
mc_source_env_free (McSourceEnv *env)
{
  if (env == NULL)
    return;
  g_free (env->home);
  g_free (env->config_home);
  g_free (env);
}

/* ---- Problems ---- */

G_DEFINE_BOXED_TYPE (McAccountProblem, mc_account_problem,
                     mc_account_problem_copy, mc_account_problem_free)

McAccountProblem *
mc_account_problem_new (const char *source,
                        const char *path,
                        const char *message)
{
  McAccountProblem *problem;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  problem = g_new0 (McAccountProblem, 1);
  problem->source = g_strdup (source);
  problem->path = g_strdup (path);
  problem->message = g_strdup (message);
  return problem;
}

McAccountProblem *
mc_account_problem_copy (McAccountProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return mc_account_problem_new (problem->source, problem->path, problem->message);
}

void
mc_account_problem_free (McAccountProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->source);
  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

char *
mc_source_clean_text (const char *text,
                      gssize      length,
                      guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint count = 0;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, length);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (count == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      /* Control characters could rewrite a terminal line or hide text. */
      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        c = ' ';
      g_string_append_unichar (out, c);
      count++;
    }
  return g_string_free (out, FALSE);
}

void
mc_source_add_problem (GPtrArray  *problems,
                       const char *source,
                       const char *path,
                       gboolean    same_file,
                       const char *sentence)
{
  g_autofree char *message = NULL;
  const char *rest = same_file ? _("The other accounts in it were still loaded.")
                               : _("Accounts from other files were still loaded.");

  /* Translators: two sentences of a problem message: what is wrong, then
   * what still loaded. Japanese needs no space between them. */
  message = g_strdup_printf (_("%s %s"), sentence, rest);
  g_ptr_array_add (problems, mc_account_problem_new (source, path, message));
}

void
mc_source_add_too_many (GPtrArray  *problems,
                        const char *source,
                        const char *path)
{
  g_autofree char *sentence =
    /* Translators: the number is always 1000 or more. */
    g_strdup_printf (_("“%s” lists more than %d accounts; only the first %d were loaded."),
                     path, MC_SOURCE_MAX_ACCOUNTS, MC_SOURCE_MAX_ACCOUNTS);

  g_ptr_array_add (problems, mc_account_problem_new (source, path, sentence));
}

/* ---- Accounts ---- */

McAccount *
mc_source_account_new (const char *source,
                       const char *key,
                       const char *path)
{
  McAccount *account = mc_account_new ();
  g_autofree char *id = g_strconcat (source, ":", key, NULL);

  mc_account_set_id (account, id);
  mc_account_set_source (account, source);
  mc_account_set_source_file (account, path);
  return account;
}

GHashTable *
mc_source_attributes_new (const char *first_name,
                          ...)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (attributes, g_strdup (name), g_strdup (value != NULL ? value : ""));
    }
  va_end (args);
  return attributes;
}

void
mc_source_wipe_string (char *text)
{
  if (text == NULL)
    return;
  explicit_bzero (text, strlen (text));
  g_free (text);
}

/* ---- Names and addresses ---- */

/* One RFC 2047 encoded word's text, decoded; NULL when it is not one. */
static char *
decode_word (const char *charset,
             char        encoding,
             const char *text,
             gsize       length)
{
  g_autofree char *raw = NULL;
  gsize raw_length = 0;
  g_autofree char *lang_free = NULL;
  char *star;

  if (encoding == 'B' || encoding == 'b')
    {
      g_autofree char *copy = g_strndup (text, length);
      guchar *decoded = g_base64_decode (copy, &raw_length);

      raw = (char *) decoded;
    }
  else if (encoding == 'Q' || encoding == 'q')
    {
      GString *out = g_string_sized_new (length);

      for (gsize i = 0; i < length; i++)
        {
          if (text[i] == '_')
            g_string_append_c (out, ' ');
          else if (text[i] == '=' && i + 2 < length && g_ascii_isxdigit (text[i + 1]) &&
                   g_ascii_isxdigit (text[i + 2]))
            {
              g_string_append_c (out, (char) (g_ascii_xdigit_value (text[i + 1]) * 16 +
                                              g_ascii_xdigit_value (text[i + 2])));
              i += 2;
            }
          else
            g_string_append_c (out, text[i]);
        }
      raw_length = out->len;
      raw = g_string_free (out, FALSE);
    }
  else
    return NULL;

  /* RFC 2231 allows a language after the charset: "UTF-8*ja". */
  lang_free = g_strdup (charset);
  star = strchr (lang_free, '*');
  if (star != NULL)
    *star = '\0';

  if (g_ascii_strcasecmp (lang_free, "UTF-8") == 0 || g_ascii_strcasecmp (lang_free, "US-ASCII") == 0)
    {
      if (!g_utf8_validate (raw, raw_length, NULL))
        return NULL;
      return g_strndup (raw, raw_length);
    }
  return g_convert (raw, raw_length, "UTF-8", lang_free, NULL, NULL, NULL);
}

char *
mc_source_decode_words (const char *text)
{
  GString *out;
  const char *p;
  gboolean last_was_word = FALSE;

  if (text == NULL)
    return NULL;
  if (strstr (text, "=?") == NULL)
    return g_strdup (text);

  out = g_string_new (NULL);
  p = text;
  while (*p != '\0')
    {
      const char *start = strstr (p, "=?");
      const char *q1, *q2, *end;
      g_autofree char *charset = NULL;
      g_autofree char *decoded = NULL;

      if (start == NULL)
        {
          g_string_append (out, p);
          break;
        }
      q1 = strchr (start + 2, '?');
      q2 = q1 != NULL && q1[1] != '\0' && q1[2] == '?' ? q1 + 2 : NULL;
      end = q2 != NULL ? strstr (q2 + 1, "?=") : NULL;
      if (end == NULL || q1 - start > 64)
        {
          g_string_append (out, p);
          break;
        }

      charset = g_strndup (start + 2, q1 - (start + 2));
      decoded = decode_word (charset, q1[1], q2 + 1, end - (q2 + 1));
      if (decoded == NULL)
        {
          /* Not a word we can read: kept as it is. */
          g_string_append_len (out, p, (end + 2) - p);
          last_was_word = FALSE;
        }
      else
        {
          gboolean only_space = TRUE;

          for (const char *s = p; s < start; s++)
            only_space = only_space && g_ascii_isspace (*s);
          /* Space between two encoded words is not part of the text (RFC 2047, 6.2). */
          if (!(last_was_word && only_space))
            g_string_append_len (out, p, start - p);
          g_string_append (out, decoded);
          last_was_word = TRUE;
        }
      p = end + 2;
    }
  return g_string_free (out, FALSE);
}

void
mc_source_split_mailbox (const char  *mailbox,
                         char       **name,
                         char       **address)
{
  g_autofree char *copy = NULL;
  char *open, *close;

  *name = NULL;
  *address = NULL;
  if (mailbox == NULL)
    return;

  copy = g_strstrip (g_strdup (mailbox));
  open = strrchr (copy, '<');
  close = open != NULL ? strchr (open, '>') : NULL;
  if (open == NULL || close == NULL)
    {
      if (*copy != '\0')
        *address = g_steal_pointer (&copy);
      return;
    }

  *close = '\0';
  *address = g_strstrip (g_strdup (open + 1));
  *open = '\0';
  g_strstrip (copy);

  /* A quoted name: "Yamada, Taro" with \" and \\ escapes. */
  if (copy[0] == '"')
    {
      GString *unquoted = g_string_new (NULL);

      for (const char *p = copy + 1; *p != '\0' && *p != '"'; p++)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          g_string_append_c (unquoted, *p);
        }
      g_free (copy);
      copy = g_string_free (unquoted, FALSE);
    }

  if (**address == '\0')
    g_clear_pointer (address, g_free);
  if (*copy != '\0')
    *name = mc_source_decode_words (copy);
}

/* ---- Reading files ---- */

static void
add_file_problem (GPtrArray  *problems,
                  const char *source,
                  const char *path,
                  const char *sentence)
{
  mc_source_add_problem (problems, source, path, FALSE, sentence);
}

static void
add_errno_problem (GPtrArray  *problems,
                   const char *source,
                   const char *path,
                   int         error_code)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *sentence = NULL;

  switch (error_code)
    {
    case ELOOP:
      sentence = g_strdup_printf (_("“%s” was not read: it is a symbolic link loop "
                                    "(a link that leads back to itself)."), display);
      break;
    case EACCES:
    case EPERM:
      sentence = g_strdup_printf (_("“%s” was not read: you do not have permission to open it."),
                                  display);
      break;
    default:
      sentence = g_strdup_printf (_("“%s” was not read: %s."), display, g_strerror (error_code));
      break;
    }
  add_file_problem (problems, source, path, sentence);
}

gboolean
mc_source_read_text_file (const char  *source,
                          const char  *path,
                          char       **contents,
                          gsize       *length,
                          GPtrArray   *problems)
{
  g_autofree char *display = NULL;
  struct stat info;
  char *buffer;
  gsize size, total = 0;
  const char *invalid = NULL;
  int fd;

  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  *contents = NULL;
  if (length != NULL)
    *length = 0;

  /* Read-only, and without blocking: a named pipe put where a settings
   * file should be must not hang the loader until someone writes to it. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved = errno;

      /* Not there (or a file where a folder of the path should be): the
       * program is simply not set up, which is no problem. */
      if (saved == ENOENT || saved == ENOTDIR)
        return FALSE;
      add_errno_problem (problems, source, path, saved);
      return FALSE;
    }

  display = g_filename_display_name (path);
  if (fstat (fd, &info) != 0)
    {
      int saved = errno;

      close (fd);
      add_errno_problem (problems, source, path, saved);
      return FALSE;
    }
  if (S_ISDIR (info.st_mode))
    {
      g_autofree char *sentence =
        g_strdup_printf (_("“%s” was not read: it is a folder, where a file was expected."), display);

      close (fd);
      add_file_problem (problems, source, path, sentence);
      return FALSE;
    }
  if (!S_ISREG (info.st_mode))
    {
      g_autofree char *sentence =
        g_strdup_printf (_("“%s” was not read: it is not an ordinary file."), display);

      close (fd);
      add_file_problem (problems, source, path, sentence);
      return FALSE;
    }
  /* The size decides before a single byte is read. */
  if (info.st_size > MC_SOURCE_MAX_FILE_SIZE)
    {
      g_autofree char *size_text = g_format_size (info.st_size);
      g_autofree char *limit_text = g_format_size (MC_SOURCE_MAX_FILE_SIZE);
      g_autofree char *sentence =
        g_strdup_printf (_("“%s” was not read: at %s it is too big to be a settings file "
                           "(the limit is %s)."), display, size_text, limit_text);

      close (fd);
      add_file_problem (problems, source, path, sentence);
      return FALSE;
    }

  /* Never more than the size seen, even if the file grows meanwhile. */
  size = (gsize) info.st_size;
  buffer = g_malloc (size + 1);
  while (total < size)
    {
      gssize n = read (fd, buffer + total, size - total);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          explicit_bzero (buffer, size + 1);
          g_free (buffer);
          close (fd);
          add_errno_problem (problems, source, path, saved);
          return FALSE;
        }
      if (n == 0)
        break;
      total += n;
    }
  close (fd);
  buffer[total] = '\0';

  if (!g_utf8_validate (buffer, total, &invalid))
    {
      g_autofree char *sentence =
        g_strdup_printf (_("“%s” was not read: it is not UTF-8 text (the first unreadable byte is "
                           "at position %lu). It may have been saved in another encoding, such as "
                           "Shift_JIS."),
                         display, (unsigned long) (invalid - buffer));

      explicit_bzero (buffer, size + 1);
      g_free (buffer);
      add_file_problem (problems, source, path, sentence);
      return FALSE;
    }

  /* A byte order mark is valid UTF-8 but no part of the settings. */
  if (total >= 3 && memcmp (buffer, "\xEF\xBB\xBF", 3) == 0)
    {
      memmove (buffer, buffer + 3, total - 3 + 1);
      total -= 3;
    }

  *contents = buffer;
  if (length != NULL)
    *length = total;
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
mc_source_list_folder (const char *source,
                       const char *path,
                       guint       max_entries,
                       GPtrArray  *problems)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) &&
          !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
        {
          g_autofree char *display = g_filename_display_name (path);
          g_autofree char *sentence = NULL;

          if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_LOOP))
            sentence = g_strdup_printf (_("The folder “%s” was not read: it is a symbolic link loop "
                                          "(a link that leads back to itself)."), display);
          else if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
                   g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM))
            sentence = g_strdup_printf (_("The folder “%s” was not read: you do not have permission "
                                          "to open it."), display);
          else
            sentence = g_strdup_printf (_("The folder “%s” was not read: %s."), display,
                                        error->message);
          add_file_problem (problems, source, path, sentence);
        }
      return names;
    }

  while ((name = g_dir_read_name (dir)) != NULL && names->len < max_entries)
    g_ptr_array_add (names, g_strdup (name));
  /* The same order every time, whatever order the file system keeps. */
  g_ptr_array_sort (names, compare_names);
  return names;
}

char *
mc_source_read_file_password (const char  *source,
                              const char  *path,
                              const char  *key,
                              GError     **error)
{
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (source, "msmtp") == 0)
    return mc_source_msmtp_read_password (path, key, error);
  if (g_strcmp0 (source, "git") == 0)
    return mc_source_git_read_password (path, key, error);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("Passwords kept in the settings of %s are not read."),
               mc_account_source_get_label (source));
  return NULL;
}
