#!/usr/bin/env bash
# Every check Switchboard has: types, lint, unit + golden + end-to-end tests. Prints a closing tally.
set -uo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
failed=0
step() {
  local name="$1"; shift
  echo "── $name"
  if "$@"; then echo "── $name: ok"; else echo "── $name: FAILED"; failed=$((failed + 1)); fi
}
step "typecheck" npm run -s typecheck
step "build (gateway and web UI)" npm run -s build
step "lint" npx eslint --max-warnings=0 bridge electron renderer bin scripts
step "electron-builder config" node scripts/check-builder-config.cjs
step "tests" npx vitest run
step "keychain (real Secret Service under dbus-run-session)" bash scripts/test-keyring.sh
if [ "$failed" -ne 0 ]; then echo "$failed step(s) failed"; exit 1; fi
echo "all steps passed"
