#!/bin/sh
# netns-run.sh: runs a test inside a network namespace of its own, with only
# loopback up, and deletes the namespace afterwards. The test inside sets its
# own firewall rules with nft. Needs root (CI runs as root).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

ns="mc-test-$$-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"

if ! err=$(ip netns add "$ns" 2>&1); then
  # TAP: a bail-out makes meson report the failure with its reason.
  echo "Bail out! cannot create a network namespace ($err); these tests need root and iproute2"
  exit 1
fi
trap 'ip netns del "$ns" 2>/dev/null' EXIT INT TERM

if ! err=$(nsenter --net="/run/netns/$ns" ip link set lo up 2>&1); then
  echo "Bail out! cannot bring up loopback in $ns ($err)"
  exit 1
fi

# nsenter joins only the network namespace; "ip netns exec" would also remount
# /sys, which fails where / is not a mount point (a chroot) and is not needed.
nsenter --net="/run/netns/$ns" env MC_TEST_NETNS="$ns" "$@"
