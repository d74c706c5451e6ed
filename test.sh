#!/usr/bin/env bash
# The one test command (README): builds the solution and runs every test project — unit, PostgreSQL
# integration (each test process starts its own throwaway cluster) and Playwright/Chromium journeys.
# Prints a last line "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} (needed by the integration and browser tests)…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing: ${missing[*]}. Install them (Debian: sudo apt-get install -y ${missing[*]}) and run again." >&2
    exit 2
  fi
fi

dotnet build Samverkan.Sekretess.sln -c Release -warnaserror --nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
dotnet test --solution Samverkan.Sekretess.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform prints one "total/failed/succeeded" block per test assembly: add them up.
passed=$(awk '/^[[:space:]]*succeeded:[[:space:]]*[0-9]+/ {s += $2} END {print s+0}' "$log")
failed=$(awk '/^[[:space:]]*failed:[[:space:]]*[0-9]+/ {s += $2} END {print s+0}' "$log")
# The failing tests' names and first lines of their errors, last, so that a truncated CI log still shows them.
if grep -qE '^[[:space:]]*failed [^:]' "$log"; then
  echo "Failing tests:"
  # Framework frames are dropped so that the server errors a test quotes (Web.Tests HttpLogin) fit.
  grep -A 30 -E '^[[:space:]]*failed [^:]' "$log" | grep -vE '^[[:space:]]+at (System|Microsoft|Npgsql|Xunit)\.' | cut -c1-300
fi
rm -f "$log"
[ -n "$passed" ] || passed=0
[ -n "$failed" ] || failed=0
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
