#!/usr/bin/env bash
# One-time machine set-up for Switchboard: system packages the tests and keychain need, npm ci, then Electron's binary.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in pkg-config libsecret-1-dev gnome-keyring dbus chromium xvfb xauth; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "setup: installing ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "setup: please install: ${need[*]} (not a Debian/Ubuntu machine)" >&2
  fi
fi

# What the user asked for before this script changes the variable for npm ci.
user_skip="${ELECTRON_SKIP_BINARY_DOWNLOAD:-}"

# keytar builds from source against the local Node headers. Electron's install script is not allowed to run
# inside npm ci (strict-allow-scripts keeps installs reproducible); its binary is fetched explicitly below.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
test -f node_modules/keytar/build/Release/keytar.node || { echo "setup: keytar did not build" >&2; exit 1; }

# Electron's binary, so that `npm start` opens the tray app. Where it cannot be had (no internet, or the user
# said ELECTRON_SKIP_BINARY_DOWNLOAD=1), `npm start` runs the headless gateway and says why; the reason is kept
# for it in node_modules/.switchboard/electron.txt.
unset ELECTRON_SKIP_BINARY_DOWNLOAD
node scripts/fetch-electron.mjs ${user_skip:+--skip="ELECTRON_SKIP_BINARY_DOWNLOAD=$user_skip is set"}
