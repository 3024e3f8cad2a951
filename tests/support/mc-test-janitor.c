/* mc-test-janitor.c: removes a fixture's folder and ends its servers when the test program dies first.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mc-test-janitor.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

struct _McTestJanitor
{
  GSubprocess *process;
  char        *groups_file;
};

/* The pipe is the janitor's standard input. It reads until "done" (then
 * leaves) or until the pipe closes, which happens only when the test
 * program has gone; the parent-death signal is a second way to learn it.
 * dash's kill takes no "--". A zombie still counts for "kill -0", so the
 * wait is bounded and SIGKILL follows. */
static const char janitor_script[] =
  "dir=$1\n"
  "cleanup () {\n"
  "  trap '' TERM HUP INT\n"
  "  groups=$(cat \"$dir/groups\" 2>/dev/null)\n"
  "  for g in $groups; do kill -TERM \"-$g\" 2>/dev/null; done\n"
  "  i=0\n"
  "  while [ -n \"$groups\" ] && [ $i -lt 40 ]; do\n"
  "    alive=\n"
  "    for g in $groups; do kill -0 \"-$g\" 2>/dev/null && alive=1; done\n"
  "    [ -z \"$alive\" ] && break\n"
  "    sleep 0.05; i=$((i + 1))\n"
  "  done\n"
  "  for g in $groups; do kill -KILL \"-$g\" 2>/dev/null; done\n"
  "  rm -rf \"$dir\" 2>/dev/null || { sleep 0.5; rm -rf \"$dir\"; }\n"
  "  exit 0\n"
  "}\n"
  "trap cleanup TERM HUP INT\n"
  "while read -r word; do [ \"$word\" = done ] && exit 0; done\n"
  "cleanup\n";

/* In the janitor, before exec: it must see the test program go. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != GPOINTER_TO_INT (data))
    _exit (127);
}

McTestJanitor *
mc_test_janitor_new (const char  *dir,
                     GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(McTestJanitor) janitor = g_new0 (McTestJanitor, 1);
  const char *argv[] = { "/bin/sh", "-c", janitor_script, "mc-test-janitor", dir, NULL };

  g_return_val_if_fail (dir != NULL, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent,
                                         GINT_TO_POINTER (getpid ()), NULL);
  janitor->process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (janitor->process == NULL)
    return NULL;
  janitor->groups_file = g_build_filename (dir, "groups", NULL);
  return g_steal_pointer (&janitor);
}

const char *
mc_test_janitor_get_groups_file (McTestJanitor *janitor)
{
  g_return_val_if_fail (janitor != NULL, NULL);

  return janitor->groups_file;
}

void
mc_test_janitor_dismiss (McTestJanitor *janitor)
{
  if (janitor == NULL)
    return;
  /* A janitor already gone (someone killed it) would mean SIGPIPE. */
  if (janitor->process != NULL && g_subprocess_get_identifier (janitor->process) != NULL)
    {
      GOutputStream *pipe = g_subprocess_get_stdin_pipe (janitor->process);

      g_output_stream_write_all (pipe, "done\n", 5, NULL, NULL, NULL);
      g_output_stream_close (pipe, NULL, NULL);
      g_subprocess_wait (janitor->process, NULL, NULL);
    }
  g_clear_object (&janitor->process);
  g_free (janitor->groups_file);
  g_free (janitor);
}

typedef struct
{
  pid_t  parent;
  char  *groups_path;
} ChildSetup;

static void
child_setup_free (gpointer data)
{
  ChildSetup *setup = data;

  g_free (setup->groups_path);
  g_free (setup);
}

/* In the child, before exec, so only async-signal-safe calls: a session of
 * its own, written into the list of groups the janitor ends if the test
 * program dies. The parent-death signal is a second line (a daemon that
 * changes its effective IDs loses it). */
static void
child_setup (gpointer data)
{
  const ChildSetup *setup = data;
  char line[24];
  gsize len = sizeof line;
  pid_t pid;
  int fd;

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != setup->parent)
    _exit (127);
  pid = setsid ();
  if (pid <= 0)
    return;

  line[--len] = '\n';
  do
    {
      line[--len] = (char) ('0' + pid % 10);
      pid /= 10;
    }
  while (pid > 0 && len > 0);
  fd = open (setup->groups_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      if (write (fd, line + len, sizeof line - len) < 0)
        _exit (127);
      close (fd);
    }
}

void
mc_test_janitor_watch_launcher (McTestJanitor       *janitor,
                                GSubprocessLauncher *launcher)
{
  ChildSetup *setup = g_new0 (ChildSetup, 1);

  setup->parent = getpid ();
  setup->groups_path = g_strdup (mc_test_janitor_get_groups_file (janitor));
  g_subprocess_launcher_set_child_setup (launcher, child_setup, setup, child_setup_free);
}
