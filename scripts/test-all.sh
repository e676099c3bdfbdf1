#!/usr/bin/env bash
# Every check Switchboard has: formatting, types, lint, unit + golden + end-to-end tests. Prints a closing tally.
set -uo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
failed=0
step() {
  local name="$1"; shift
  echo "── $name"
  if "$@"; then echo "── $name: ok"; else echo "── $name: FAILED"; failed=$((failed + 1)); fi
}
step "format (the project's Prettier settings)" npx prettier --check --log-level warn .
step "typecheck" npm run -s typecheck
step "build (gateway and web UI)" npm run -s build
step "lint" npx eslint --max-warnings=0 bridge electron renderer test bin scripts
step "electron-builder config" node scripts/check-builder-config.cjs
results=$(mktemp -d)
step "tests" npx vitest run --reporter=default --reporter=json --outputFile="$results/unit.json"
step "keychain (real Secret Service under dbus-run-session)" bash scripts/test-keyring.sh --reporter=default --reporter=json --outputFile="$results/keyring.json"
# One plain tally line over every test run above, for readers that do not parse vitest's summary.
node -e '
  const fs = require("fs"); let p = 0, f = 0, s = 0
  for (const file of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + file, "utf8"))
    p += r.numPassedTests; f += r.numFailedTests; s += r.numPendingTests + (r.numTodoTests || 0)
  }
  console.log(`${p} passed, ${f} failed, ${s} skipped`)
' "$results" || true
rm -rf "$results"
if [ "$failed" -ne 0 ]; then echo "$failed step(s) failed"; exit 1; fi
echo "all steps passed"
