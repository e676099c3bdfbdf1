#!/usr/bin/env bash
# Runs the keytar tests against a real, throwaway, unlocked gnome-keyring inside a private D-Bus session.
# Usage: scripts/test-keyring.sh [extra vitest args]. Needs dbus-run-session and gnome-keyring (apt: dbus, gnome-keyring).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "test-keyring: $tool is not installed" >&2; exit 2; }
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# A fresh data dir keeps the user's real login.keyring out of it; no DISPLAY means no unlock prompt that could wait forever.
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" HOME="$scratch/home"
mkdir -p "$XDG_DATA_HOME" "$HOME" && mkdir -m 0700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
export SWITCHBOARD_KEYRING_TEST=1

timeout 300 dbus-run-session -- bash -c '
  set -euo pipefail
  # --unlock with a password on stdin creates the login keyring and unlocks it; the daemon lives as long as this bus.
  printf "switchboard-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec npx vitest run bridge/test/secrets "$@"
' test-keyring "$@"
