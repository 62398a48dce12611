#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service keyring (gnome-keyring) on a
# private D-Bus session bus, so tests store tokens the way the desktop app does without
# touching the user's own keyring. Usage: scripts/with-keyring.sh CMD...
set -euo pipefail
if [ -z "${KRETSLOPP_KEYRING_READY:-}" ]; then
  export KRETSLOPP_KEYRING_READY=1
  exec dbus-run-session -- "$0" "$@"
fi
# A throwaway keyring home; unlocking with a (test-only) password creates its default
# "login" collection, which the keyring crate stores into.
export XDG_DATA_HOME
XDG_DATA_HOME="$(mktemp -d)"
eval "$(printf 'kretslopp-test-only' | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
export GNOME_KEYRING_CONTROL
exec "$@"
