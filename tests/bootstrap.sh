#!/bin/sh
# bootstrap.sh: sets up a Debian 12 machine (as root), builds Mail Checkup, then
# starts the application (run) or passes the whole test suite (test).
# Safe to run again: packages already present are not fetched twice, and
# existing build folders are reused.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

cd "$(dirname "$0")/.."

mode=${1:-}
case "$mode" in
  run|test) shift ;;
  *)
    echo "usage: sh tests/bootstrap.sh run|test [ARGUMENTS FOR THE APPLICATION]" >&2
    exit 2
    ;;
esac

# What building needs.
build_packages="gcc git pkg-config meson ninja-build gettext libglib2.0-dev libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libc-ares-dev libjson-glib-dev libsecret-1-dev
  libgnutls28-dev libgmime-3.0-dev glib-networking ca-certificates dbus-daemon dbus-bin at-spi2-core"
# What the tests start or check with: a DNS server, a firewall and network
# namespaces, an X server with a Japanese font, and the validators.
test_packages="nsd bind9-dnsutils nftables iproute2 xvfb xauth fonts-motoya-l-cedar libyaml-dev
  desktop-file-utils appstream libgtk-4-bin postfix dovecot-core swaks libnet-ssleay-perl openssl python3
  python3-aiosmtpd gnome-keyring libsecret-tools"

packages=$build_packages
[ "$mode" = test ] && packages="$packages $test_packages"

missing=""
for p in $packages; do
  status=$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing="$missing $p"
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "These packages are missing:$missing" >&2
    echo "Run this script as root, or install them with apt-get first." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # The tests run their own Postfix in a private folder: the system's Postfix
  # is installed unconfigured and never started.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update
  # shellcheck disable=SC2086 # the list is meant to split into words
  apt-get install -y --no-install-recommends $missing
fi

# A build folder: set up once, reconfigured (not wiped) on later runs.
setup () {
  dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@"
  else
    meson setup "$dir" "$@"
  fi
  meson compile -C "$dir"
}

if [ "$mode" = run ]; then
  setup _build -Dprofile=devel -Dtests=false
  # A desktop session has a D-Bus session bus; a bare root shell does not.
  if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    exec dbus-run-session -- meson devenv -C _build mail-checkup "$@"
  fi
  exec meson devenv -C _build mail-checkup "$@"
fi

# The whole suite with warnings as errors, then the engine's unit and
# integration tests again under AddressSanitizer and UBSan.
setup _build -Dwerror=true -Dprofile=devel -Dtests=true
meson test -C _build --print-errorlogs --num-processes 2

setup _build-asan -Dwerror=true -Dprofile=devel -Db_sanitize=address,undefined -Db_lundef=false
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  meson test -C _build-asan --print-errorlogs --num-processes 2 --suite unit --suite integration
