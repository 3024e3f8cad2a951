/* mc-test-keyring.h: a private D-Bus session bus with a real gnome-keyring (Secret Service), for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A temporary home (HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME,
 * XDG_RUNTIME_DIR under one folder), a private dbus-daemon that activates
 * nothing, and gnome-keyring-daemon on it with an unlocked "login"
 * collection (the default one).
 *
 * Start it once per test program, from main() after g_test_init() and
 * before anything touches the session bus: GDBus keeps one session bus
 * connection per process, so a program has one bus for its whole life;
 * only the keyring's state changes (items, locked, stopped). Skip it in
 * g_test_trap_subprocess() children (g_test_subprocess()), which set up
 * their own environment.
 *
 * mc_test_keyring_start() sets those six variables (and
 * DBUS_SESSION_BUS_ADDRESS) in this process's environment, so that the code
 * under test and every child process (mail-checkup-cli, secret-tool) use
 * the private home and bus; mc_test_keyring_stop() puts back what was
 * there. It also turns off GDBus's exit-on-close on the process's session
 * bus connection, so that stopping the bus does not end the test program.
 *
 * The processes end with the fixture, and a helper that waits on the test
 * program ends them and removes the folder when the program dies without
 * stopping the fixture (a failed assertion, SIGKILL). Needs the
 * gnome-keyring and dbus-daemon packages. */
typedef struct _McTestKeyring McTestKeyring;

McTestKeyring *mc_test_keyring_start         (GError        **error);
/* The temporary home; XDG_CONFIG_HOME is its ".config". */
const char    *mc_test_keyring_get_home      (McTestKeyring  *keyring);
const char    *mc_test_keyring_get_config_home (McTestKeyring *keyring);

/* Stores an item in the login collection, replacing one with the same
 * attributes. The item's schema name (the "xdg:schema" attribute) is
 * schema_name, as libsecret records it for a program that stores with that
 * schema; the attributes are name/value string pairs ending with NULL. */
gboolean       mc_test_keyring_store         (McTestKeyring  *keyring,
                                              const char     *schema_name,
                                              const char     *label,
                                              const char     *password,
                                              GError        **error,
                                              const char     *first_attribute,
                                              ...) G_GNUC_NULL_TERMINATED;
/* The password of the first unlocked item with these attributes (any
 * schema), or NULL with no error when there is none. */
char          *mc_test_keyring_lookup        (McTestKeyring  *keyring,
                                              GError        **error,
                                              const char     *first_attribute,
                                              ...) G_GNUC_NULL_TERMINATED;
/* Locks the login collection, as the screen locker or "Lock" in Passwords
 * and Keys would (no prompt). Unlocking needs a prompt: restart the service
 * instead (mc_test_keyring_stop_service, then _start_service). */
gboolean       mc_test_keyring_lock          (McTestKeyring  *keyring,
                                              GError        **error);
/* Ends gnome-keyring-daemon and waits until org.freedesktop.secrets has no
 * owner; the bus stays: a session with no Secret Service. The items stay on
 * disk. */
void           mc_test_keyring_stop_service  (McTestKeyring  *keyring);
/* Starts gnome-keyring-daemon again (unlocked, with the items stored so
 * far) and waits until it owns org.freedesktop.secrets. */
gboolean       mc_test_keyring_start_service (McTestKeyring  *keyring,
                                              GError        **error);
/* Stops (SIGSTOP) or continues gnome-keyring-daemon: while frozen it
 * keeps its name on the bus but answers nothing, like a hung service. */
void           mc_test_keyring_freeze        (McTestKeyring  *keyring,
                                              gboolean        frozen);
/* Ends the keyring and the bus, waits for them, removes the folder and
 * restores the environment. */
void           mc_test_keyring_stop          (McTestKeyring  *keyring);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestKeyring, mc_test_keyring_stop)

G_END_DECLS
