/* mc-test-postfix.c: a private Postfix with Dovecot SASL on loopback ports, for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mc-test-postfix.h"
#include "mc-test-janitor.h"
#include "mc-test-net.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#define DOVECOT_PATH "/usr/sbin/dovecot"
#define POSTFIX_PATH "/usr/sbin/postfix"
#define POSTCONF_PATH "/usr/sbin/postconf"
#define START_ATTEMPTS 5
#define READY_TIMEOUT_MS 15000
#define STOP_TIMEOUT_MS 5000
#define GROUP_TIMEOUT_MS 2000

#define USER "taro@example.test"
#define OTHER_EMAIL "hanako@example.test"

enum
{
  PORT_SUBMISSION,
  PORT_SMTPS,
  PORT_PLAIN,
  N_PORTS
};

/* A server process we started. Its exit is reported into a flag that
 * lives as long as the pending wait, which may outlast the fixture. */
typedef struct
{
  GSubprocess *process;
  gboolean    *exited;  /* an rc box */
  pid_t        group;   /* the process group it leads */
} Child;

struct _McTestPostfix
{
  GMainContext  *context;  /* where the exits are reported */
  char          *dir;
  char          *name;     /* unique per fixture: Postfix's syslog_name, Dovecot's instance */
  char          *password;
  char          *ca_file;
  guint16        ports[N_PORTS];
  McTestJanitor *janitor;  /* ends it all if the test program dies first */
  Child          dovecot;
  Child          master;
};

static char *
path_in (McTestPostfix *pf,
         const char    *name)
{
  return g_build_filename (pf->dir, name, NULL);
}

static gboolean
set_errno_error (GError     **error,
                 const char  *what,
                 const char  *path)
{
  int saved_errno = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "Cannot %s %s: %s",
               what, path, g_strerror (saved_errno));
  return FALSE;
}

/* 18 random bytes as 24 characters of base64url: no ':' for the
 * passwd-file, nothing a shell or a log would mangle. */
static char *
make_password (void)
{
  guint8 bytes[18];
  char *password;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  password = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (password, "+", '-');
  g_strdelimit (password, "/", '_');
  return password;
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
  g_rc_box_release (exited);
}

/* Iterates the context until the child has exited or the time is up. */
static gboolean
wait_exited (McTestPostfix *pf,
             Child         *child,
             guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!*child->exited && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (pf->context, FALSE))
        g_usleep (2000);
    }
  return *child->exited;
}

/* Whether a process of the group still runs. One that has exited but is
 * not reaped yet (a zombie) does not count: once its parent is gone only
 * init reaps it, and in some sandboxes (gVisor) that takes seconds. */
static gboolean
group_running (pid_t group)
{
  g_autoptr(GDir) proc = NULL;
  const char *name;

  if (kill (-group, 0) != 0)
    return FALSE;
  proc = g_dir_open ("/proc", 0, NULL);
  if (proc == NULL)
    return TRUE;
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *stat = NULL;
      const char *end;
      char state;
      long long ppid;
      long long pgrp;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "stat", NULL);
      if (!g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* "pid (command) state ppid pgrp …"; the command may hold anything. */
      end = strrchr (stat, ')');
      if (end != NULL && sscanf (end + 1, " %c %lld %lld", &state, &ppid, &pgrp) == 3
          && pgrp == group && state != 'Z' && state != 'X')
        return TRUE;
    }
  return FALSE;
}

static gboolean
wait_group (pid_t group,
            guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (group_running (group) && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  return !group_running (group);
}

/* Signals the whole group at once: every helper stops by itself instead of
 * waiting for its server to tell it (Dovecot's master takes a second over
 * that), and those that lose their server first stop all the same. Then
 * waits until none runs; SIGKILL for what lingers. */
static void
stop_child (McTestPostfix *pf,
            Child         *child)
{
  if (child->process != NULL && child->group > 1)
    {
      kill (-child->group, SIGTERM);
      if (!wait_exited (pf, child, STOP_TIMEOUT_MS) || !wait_group (child->group, GROUP_TIMEOUT_MS))
        {
          kill (-child->group, SIGKILL);
          wait_exited (pf, child, STOP_TIMEOUT_MS);
          wait_group (child->group, GROUP_TIMEOUT_MS);
        }
    }
  g_clear_object (&child->process);
  g_clear_pointer (&child->exited, g_rc_box_release);
  child->group = 0;
}

static GSubprocessLauncher *
new_launcher (McTestPostfix    *pf,
              GSubprocessFlags  flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_subprocess_launcher_set_cwd (launcher, pf->dir);
  mc_test_janitor_watch_launcher (pf->janitor, launcher);
  return launcher;
}

static gboolean
spawn_child (McTestPostfix       *pf,
             Child               *child,
             const char          *output,
             const char * const  *argv,
             GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *output_path = path_in (pf, output);
  const char *id;

  /* Output to a file, never a pipe: a pipe nobody reads fills up, and one
   * that a daemon's helpers inherit never closes. */
  launcher = new_launcher (pf, G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, output_path);
  child->process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (child->process == NULL)
    return FALSE;

  id = g_subprocess_get_identifier (child->process);
  child->group = id != NULL ? (pid_t) g_ascii_strtoll (id, NULL, 10) : 0;
  child->exited = g_rc_box_new0 (gboolean);
  g_subprocess_wait_async (child->process, NULL, on_exited, g_rc_box_acquire (child->exited));
  return TRUE;
}

/* Runs a command to its end; its output is kept in a file, for the error
 * message of a start that fails later too. */
static gboolean
run_command (McTestPostfix       *pf,
             const char          *output,
             const char * const  *argv,
             char               **out,
             GError             **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *text = NULL;
  g_autofree char *output_path = path_in (pf, output);

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                     | G_SUBPROCESS_FLAGS_STDERR_MERGE, error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &text, NULL, error))
    return FALSE;
  g_file_set_contents (output_path, text != NULL ? text : "", -1, NULL);
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s failed: %s", argv[0], argv[1],
                   text != NULL ? text : "");
      return FALSE;
    }
  if (out != NULL)
    *out = g_strstrip (g_steal_pointer (&text));
  return TRUE;
}

/* The end of every log and output file, to explain a failed start. */
static char *
log_tail (McTestPostfix *pf)
{
  g_autoptr(GString) tail = g_string_new (NULL);
  const char *files[] = {
    "postfix-check.out", "master.out", "maillog", "dovecot.out", "dovecot.log"
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = path_in (pf, files[i]);
      g_autofree char *text = NULL;
      gsize len = 0;

      if (g_file_get_contents (path, &text, &len, NULL) && len > 0)
        g_string_append_printf (tail, "\n--- %s:\n%s%s", files[i], len > 2000 ? "…" : "",
                                text + (len > 2000 ? len - 2000 : 0));
    }
  return g_string_free (g_steal_pointer (&tail), FALSE);
}

/* Writes a configuration file dated a minute ago. Postfix takes a file
 * changed within the last second for one still being written, and every
 * program that reads it waits, 300 ms at a time, until it "cools down":
 * that made each start two to four seconds slower. */
static gboolean
write_cold_file (const char  *path,
                 const char  *contents,
                 GError     **error)
{
  struct utimbuf times;

  if (!g_file_set_contents (path, contents, -1, error))
    return FALSE;
  times.actime = times.modtime = time (NULL) - 60;
  if (g_utime (path, &times) != 0)
    return set_errno_error (error, "date", path);
  return TRUE;
}

static gboolean
copy_file (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  return g_file_get_contents (from, &text, &len, error)
         && g_file_set_contents_full (to, text, (gssize) len, G_FILE_SET_CONTENTS_NONE, 0600,
                                      error);
}

/* Dovecot runs only its auth service, with everything in our folder. It
 * logs each request in full (auth_debug) but never a password, so that a
 * test can tell which requests reached it; failures come back at once. */
static gboolean
write_dovecot_config (McTestPostfix  *pf,
                      GError        **error)
{
  g_autofree char *conf_path = path_in (pf, "dovecot.conf");
  g_autofree char *passwd_path = path_in (pf, "passwd");
  g_autofree char *passwd = NULL;
  g_autofree char *conf = NULL;
  struct group *dovecot_group;

  /* {PLAIN} so that CRAM-MD5 works as well as PLAIN and LOGIN. */
  passwd = g_strdup_printf ("%s:{PLAIN}%s::::::\n", USER, pf->password);
  if (!g_file_set_contents_full (passwd_path, passwd, -1, G_FILE_SET_CONTENTS_NONE, 0640, error))
    return FALSE;
  /* Dovecot's auth process reads it as the unprivileged "dovecot" user. */
  dovecot_group = getgrnam ("dovecot");
  if (dovecot_group == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No group dovecot");
      return FALSE;
    }
  if (chown (passwd_path, 0, dovecot_group->gr_gid) != 0)
    return set_errno_error (error, "give group dovecot", passwd_path);

  conf = g_strdup_printf ("# Dovecot for one test: authentication only.\n"
                          "protocols =\n"
                          "instance_name = %s\n"
                          "base_dir = %s/dovecot\n"
                          "state_dir = %s/dovecot\n"
                          "log_path = %s/dovecot.log\n"
                          "ssl = no\n"
                          "disable_plaintext_auth = no\n"
                          "auth_mechanisms = plain login cram-md5\n"
                          "auth_failure_delay = 0\n"
                          "auth_verbose = yes\n"
                          "auth_verbose_passwords = no\n"
                          "auth_debug = yes\n"
                          "auth_debug_passwords = no\n"
                          "passdb {\n"
                          "  driver = passwd-file\n"
                          "  args = scheme=PLAIN username_format=%%u %s\n"
                          "}\n"
                          "userdb {\n"
                          "  driver = static\n"
                          "  args = uid=nobody gid=nogroup home=/nonexistent allow_all_users=yes\n"
                          "}\n"
                          /* No brute-force penalty: a test with a wrong
                           * password would otherwise slow every later
                           * log-in from 127.0.0.1 by 2 to 15 seconds. */
                          "service anvil {\n"
                          "  unix_listener anvil-auth-penalty {\n"
                          "    mode = 0\n"
                          "  }\n"
                          "}\n"
                          "service auth {\n"
                          "  unix_listener auth-postfix {\n"
                          "    mode = 0660\n"
                          "    user = postfix\n"
                          "    group = postfix\n"
                          "  }\n"
                          "}\n",
                          pf->name, pf->dir, pf->dir, pf->dir, passwd_path);
  return g_file_set_contents (conf_path, conf, -1, error);
}

/* What does not change between attempts: folders, TLS files, the map of
 * who owns which sender address. */
static gboolean
prepare_postfix (McTestPostfix  *pf,
                 McTestPki      *pki,
                 GError        **error)
{
  g_autofree char *config_dir = path_in (pf, "postfix");
  g_autofree char *queue_dir = path_in (pf, "queue");
  g_autofree char *data_dir = path_in (pf, "data");
  g_autofree char *key_path = path_in (pf, "tls-key.pem");
  g_autofree char *chain_path = path_in (pf, "tls-chain.pem");
  g_autofree char *logins_path = g_build_filename (config_dir, "sender-logins", NULL);
  struct passwd *postfix_user;

  /* The queue belongs to root, its data folder to "postfix". */
  if (g_mkdir (config_dir, 0755) != 0)
    return set_errno_error (error, "make", config_dir);
  if (g_mkdir (queue_dir, 0755) != 0)
    return set_errno_error (error, "make", queue_dir);
  if (g_mkdir (data_dir, 0700) != 0)
    return set_errno_error (error, "make", data_dir);
  postfix_user = getpwnam ("postfix");
  if (postfix_user == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No user postfix");
      return FALSE;
    }
  if (chown (data_dir, postfix_user->pw_uid, postfix_user->pw_gid) != 0)
    return set_errno_error (error, "give user postfix", data_dir);

  /* Copies, so that the PKI may go first; smtpd reads them as root. */
  if (!copy_file (mc_test_pki_get_key_file (pki, MC_TEST_CERT_GOOD), key_path, error)
      || !copy_file (mc_test_pki_get_cert_file (pki, MC_TEST_CERT_GOOD), chain_path, error))
    return FALSE;

  return write_cold_file (logins_path,
                          USER " " USER "\n"
                          OTHER_EMAIL " " OTHER_EMAIL "\n", error);
}

/* main.cf and master.cf for the current ports. Recipients in example.test
 * are local and accepted; local mail is discarded, any other domain goes to
 * the error transport (so smtpd refuses it at RCPT): nothing can leave. The
 * local transport is not "error" as well because smtpd would then refuse
 * every recipient. */
static gboolean
write_postfix_config (McTestPostfix  *pf,
                      GError        **error)
{
  g_autofree char *main_path = g_build_filename (pf->dir, "postfix", "main.cf", NULL);
  g_autofree char *master_path = g_build_filename (pf->dir, "postfix", "master.cf", NULL);
  g_autofree char *main_cf = NULL;
  g_autofree char *master_cf = NULL;

  main_cf = g_strdup_printf ("# Postfix for one test, all of it under %s.\n"
                             "compatibility_level = 3.6\n"
                             "queue_directory = %s/queue\n"
                             "data_directory = %s/data\n"
                             "maillog_file_prefixes = %s\n"
                             "maillog_file = %s/maillog\n"
                             "syslog_name = %s\n"
                             "inet_interfaces = 127.0.0.1\n"
                             "inet_protocols = ipv4\n"
                             "myhostname = mail.example.test\n"
                             "mydomain = example.test\n"
                             "myorigin = $mydomain\n"
                             "mydestination = example.test\n"
                             "local_recipient_maps =\n"
                             "alias_maps =\n"
                             "alias_database =\n"
                             "relayhost =\n"
                             "default_transport = error:test server\n"
                             "local_transport = discard:test server\n"
                             "message_size_limit = 10240000\n"
                             "disable_vrfy_command = yes\n"
                             "biff = no\n"
                             "smtpd_tls_chain_files = %s/tls-key.pem, %s/tls-chain.pem\n"
                             "smtpd_tls_loglevel = 1\n"
                             "smtpd_sasl_auth_enable = yes\n"
                             "smtpd_sasl_type = dovecot\n"
                             "smtpd_sasl_path = %s/dovecot/auth-postfix\n"
                             "smtpd_sasl_security_options = noanonymous\n"
                             "smtpd_sender_login_maps = texthash:%s/postfix/sender-logins\n",
                             pf->dir, pf->dir, pf->dir, pf->dir, pf->dir, pf->name, pf->dir,
                             pf->dir, pf->dir, pf->dir);

  /* No chroot anywhere: the daemons would not find our folder. */
  master_cf = g_strdup_printf (
    "# service type  private unpriv  chroot  wakeup  maxproc command + args\n"
    "127.0.0.1:%u inet n - n - - smtpd\n"
    "  -o syslog_name=%s/submission\n"
    "  -o smtpd_tls_security_level=encrypt\n"
    "  -o smtpd_tls_auth_only=yes\n"
    "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n"
    "  -o smtpd_sender_restrictions=reject_sender_login_mismatch\n"
    "127.0.0.1:%u inet n - n - - smtpd\n"
    "  -o syslog_name=%s/smtps\n"
    "  -o smtpd_tls_wrappermode=yes\n"
    "  -o smtpd_tls_security_level=encrypt\n"
    "  -o smtpd_tls_auth_only=yes\n"
    "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n"
    "  -o smtpd_sender_restrictions=reject_sender_login_mismatch\n"
    "127.0.0.1:%u inet n - n - - smtpd\n"
    "  -o syslog_name=%s/plain\n"
    "  -o smtpd_tls_security_level=none\n"
    "  -o smtpd_tls_auth_only=no\n"
    "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination\n"
    "cleanup   unix  n       -       n       -       0       cleanup\n"
    "qmgr      unix  n       -       n       300     1       qmgr\n"
    "tlsmgr    unix  -       -       n       1000?   1       tlsmgr\n"
    "rewrite   unix  -       -       n       -       -       trivial-rewrite\n"
    "bounce    unix  -       -       n       -       0       bounce\n"
    "defer     unix  -       -       n       -       0       bounce\n"
    "trace     unix  -       -       n       -       0       bounce\n"
    "anvil     unix  -       -       n       -       1       anvil\n"
    "error     unix  -       -       n       -       -       error\n"
    "discard   unix  -       -       n       -       -       discard\n"
    "postlog   unix-dgram n  -       n       -       1       postlogd\n",
    pf->ports[PORT_SUBMISSION], pf->name, pf->ports[PORT_SMTPS], pf->name,
    pf->ports[PORT_PLAIN], pf->name);

  return write_cold_file (main_path, main_cf, error)
         && write_cold_file (master_path, master_cf, error);
}

static gboolean
pick_ports (McTestPostfix  *pf,
            GError        **error)
{
  for (guint i = 0; i < N_PORTS; i++)
    {
      guint16 port;
      gboolean taken;

      do
        {
          port = mc_test_pick_port (G_SOCKET_TYPE_STREAM, error);
          if (port == 0)
            return FALSE;
          taken = FALSE;
          for (guint j = 0; j < i; j++)
            taken |= pf->ports[j] == port;
        }
      while (taken);
      pf->ports[i] = port;
    }
  return TRUE;
}

/* Whether the port answers with Postfix's greeting; on the smtps port,
 * after a TLS handshake that checks the certificate against the test CA. */
static gboolean
port_greets (McTestPostfix  *pf,
             guint           which,
             GError        **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, pf->ports[which]);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autofree char *line = NULL;
  GIOStream *stream;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, 2);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, error);
  if (connection == NULL)
    return FALSE;
  stream = G_IO_STREAM (connection);

  if (which == PORT_SMTPS)
    {
      database = g_tls_file_database_new (pf->ca_file, error);
      identity = g_network_address_new ("mail.example.test", pf->ports[which]);
      if (database == NULL)
        return FALSE;
      tls = g_tls_client_connection_new (stream, identity, error);
      if (tls == NULL)
        return FALSE;
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
      if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error))
        return FALSE;
      stream = tls;
    }

  input = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (input), FALSE);
  line = g_data_input_stream_read_line (input, NULL, NULL, error);
  if (line == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "Connection closed before a greeting");
      return FALSE;
    }
  if (!g_str_has_prefix (line, "220 mail.example.test "))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Unexpected greeting: %s", line);
      return FALSE;
    }
  /* A polite end keeps the log free of "lost connection" noise. */
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), "QUIT\r\n", 6, NULL, NULL,
                             NULL);
  g_io_stream_close (stream, NULL, NULL);
  return TRUE;
}

/* Whether another program holds one of the ports. master says nothing when
 * it cannot bind (its log service is not up yet, and it has no terminal),
 * so we ask the kernel. Bound as master binds, with SO_REUSEADDR, which a
 * listening socket refuses all the same. */
static gboolean
port_taken (McTestPostfix *pf)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  for (guint i = 0; i < N_PORTS; i++)
    {
      g_autoptr(GSocket) sock = NULL;
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, pf->ports[i]);

      sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                           NULL);
      if (sock != NULL && !g_socket_bind (sock, address, TRUE, NULL))
        return TRUE;
    }
  return FALSE;
}

static gboolean
wait_dovecot (McTestPostfix  *pf,
              gint64          deadline,
              GError        **error)
{
  g_autofree char *socket_path = g_build_filename (pf->dir, "dovecot", "auth-postfix", NULL);

  while (!*pf->dovecot.exited && g_get_monotonic_time () < deadline)
    {
      GStatBuf buf;

      if (g_stat (socket_path, &buf) == 0 && S_ISSOCK (buf.st_mode))
        return TRUE;
      if (!g_main_context_iteration (pf->context, FALSE))
        g_usleep (5000);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Dovecot did not make %s%s", socket_path,
               *pf->dovecot.exited ? " (it exited)" : "");
  return FALSE;
}

typedef enum
{
  START_OK,
  START_PORT_TAKEN,
  START_FAILED,
} StartResult;

/* Starts master on the current ports and waits until every port greets. */
static StartResult
try_start_master (McTestPostfix  *pf,
                  const char     *master_path,
                  gint64          deadline,
                  GError        **error)
{
  g_autofree char *config_dir = path_in (pf, "postfix");
  const char *argv[] = { master_path, "-c", config_dir, "-s", NULL };
  gboolean ready[N_PORTS] = { FALSE, };
  g_autoptr(GError) last = NULL;
  guint n_ready = 0;
  gboolean exited;

  if (!write_postfix_config (pf, error))
    return START_FAILED;
  /* master rather than "postfix start-fg": start-fg runs master under a
   * shell, and a signal to that shell does not reach master. */
  if (!spawn_child (pf, &pf->master, "master.out", argv, error))
    return START_FAILED;

  while (n_ready < N_PORTS && !*pf->master.exited && g_get_monotonic_time () < deadline)
    {
      for (guint i = 0; i < N_PORTS; i++)
        {
          if (ready[i])
            continue;
          g_clear_error (&last);
          if (port_greets (pf, i, &last))
            {
              ready[i] = TRUE;
              n_ready++;
            }
        }
      if (n_ready < N_PORTS && !g_main_context_iteration (pf->context, FALSE))
        g_usleep (10 * 1000);
    }
  exited = *pf->master.exited;
  if (n_ready == N_PORTS && !exited)
    return START_OK;

  stop_child (pf, &pf->master);
  if (exited && port_taken (pf))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE, "A port was taken");
      return START_PORT_TAKEN;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "Postfix did not greet on 127.0.0.1 ports %u, %u and %u%s: %s",
               pf->ports[PORT_SUBMISSION], pf->ports[PORT_SMTPS], pf->ports[PORT_PLAIN],
               exited ? " (master exited)" : "",
               last != NULL ? last->message : "no answer");
  return START_FAILED;
}

static gboolean
start (McTestPostfix  *pf,
       McTestPki      *pki,
       GError        **error)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_MS * 1000;
  g_autofree char *conf_path = path_in (pf, "dovecot.conf");
  g_autofree char *config_dir = path_in (pf, "postfix");
  g_autofree char *daemon_dir = NULL;
  g_autofree char *master_path = NULL;
  const char *dovecot_argv[] = { DOVECOT_PATH, "-F", "-c", conf_path, NULL };
  const char *postconf_argv[] = { POSTCONF_PATH, "-d", "-h", "daemon_directory", NULL };
  const char *check_argv[] = { POSTFIX_PATH, "-c", config_dir, "check", NULL };

  if (getuid () != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "A private Postfix needs root");
      return FALSE;
    }
  /* The daemons run as "postfix" and "dovecot" and must reach their files. */
  if (g_chmod (pf->dir, 0711) != 0)
    return set_errno_error (error, "open up", pf->dir);
  pf->janitor = mc_test_janitor_new (pf->dir, error);
  if (pf->janitor == NULL
      || !write_dovecot_config (pf, error)
      || !spawn_child (pf, &pf->dovecot, "dovecot.out", dovecot_argv, error))
    return FALSE;

  /* While Dovecot starts: Postfix's files, and its own check, which also
   * makes the queue's folders and reports what would make master die
   * silently. */
  if (!prepare_postfix (pf, pki, error)
      || !pick_ports (pf, error)
      || !write_postfix_config (pf, error)
      || !run_command (pf, "postconf.out", postconf_argv, &daemon_dir, error)
      || !run_command (pf, "postfix-check.out", check_argv, NULL, error)
      || !wait_dovecot (pf, deadline, error))
    return FALSE;

  master_path = g_build_filename (daemon_dir, "master", NULL);
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      switch (try_start_master (pf, master_path, deadline, &local_error))
        {
        case START_OK:
          return TRUE;
        case START_PORT_TAKEN:
          if (attempt < START_ATTEMPTS && g_get_monotonic_time () < deadline
              && pick_ports (pf, error))
            continue;
          G_GNUC_FALLTHROUGH;
        case START_FAILED:
        default:
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Attempt %u: ",
                                      attempt);
          return FALSE;
        }
    }
}

/**
 * mc_test_postfix_start:
 * @pki: where the server certificate (GOOD) and the CA come from
 *
 * Starts Dovecot, then Postfix, and returns once every port has greeted
 * (about half a second). Fails after 15 s at most, with the end of the logs in
 * the error.
 */
McTestPostfix *
mc_test_postfix_start (McTestPki  *pki,
                       GError    **error)
{
  McTestPostfix *pf;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (pki != NULL, NULL);

  pf = g_new0 (McTestPostfix, 1);
  pf->context = g_main_context_ref_thread_default ();
  pf->dir = mc_test_make_tmpdir ();
  /* The folder's random part makes the name unique among concurrent tests. */
  pf->name = g_strconcat ("mc-test-", strrchr (pf->dir, '-') + 1, NULL);
  pf->password = make_password ();
  pf->ca_file = g_strdup (mc_test_pki_get_ca_file (pki));

  if (start (pf, pki, &local_error))
    return pf;

  {
    g_autofree char *tail = log_tail (pf);

    g_set_error (error, local_error->domain, local_error->code, "%s%s", local_error->message,
                 tail);
  }
  mc_test_postfix_stop (pf);
  return NULL;
}

guint16
mc_test_postfix_get_port (McTestPostfix *pf,
                          guint16        well_known)
{
  g_return_val_if_fail (pf != NULL, 0);

  switch (well_known)
    {
    case 587:
      return pf->ports[PORT_SUBMISSION];
    case 465:
      return pf->ports[PORT_SMTPS];
    case 25:
      return pf->ports[PORT_PLAIN];
    default:
      g_return_val_if_reached (0);
    }
}

const char *
mc_test_postfix_get_user (McTestPostfix *pf)
{
  return USER;
}

const char *
mc_test_postfix_get_password (McTestPostfix *pf)
{
  g_return_val_if_fail (pf != NULL, NULL);

  return pf->password;
}

const char *
mc_test_postfix_get_email (McTestPostfix *pf)
{
  return USER;
}

const char *
mc_test_postfix_get_other_email (McTestPostfix *pf)
{
  return OTHER_EMAIL;
}

char *
mc_test_postfix_dup_log (McTestPostfix *pf)
{
  g_autoptr(GString) log = g_string_new (NULL);
  const char *files[] = { "maillog", "dovecot.log" };

  g_return_val_if_fail (pf != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = path_in (pf, files[i]);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        g_string_append (log, text);
    }
  return g_string_free (g_steal_pointer (&log), FALSE);
}

void
mc_test_postfix_stop (McTestPostfix *pf)
{
  if (pf == NULL)
    return;
  /* Postfix first: its smtpd processes are Dovecot's clients. */
  stop_child (pf, &pf->master);
  stop_child (pf, &pf->dovecot);
  g_clear_pointer (&pf->janitor, mc_test_janitor_dismiss);
  mc_test_rm_rf (pf->dir);
  g_free (pf->dir);
  g_free (pf->name);
  g_free (pf->password);
  g_free (pf->ca_file);
  g_main_context_unref (pf->context);
  g_free (pf);
}
