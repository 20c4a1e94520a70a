#!/usr/bin/env bash
# Runs every test project of Leerplatform (unit, integration, browser) and ends with one line
# "N passed, N failed". On a fresh machine of this kind it first installs what is missing: Debian's
# chromium for the browser tests (Playwright's own browser download does not work here) and the npm packages
# of the xAPI interop harness (tests/interop).
set -uo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "== Installing Debian chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq chromium > /dev/null
fi

results="$(mktemp -d)"
status=0
# The third-party xAPI harness the tests run (tests/interop: xapi-statements, xapi-validation, @xapi/xapi),
# installed exactly as package-lock.json pins it.
echo "== npm ci tests/interop"
if ! npm_log="$(npm ci --no-audit --no-fund --prefix tests/interop 2>&1)"; then
  echo "$npm_log"
  echo "== npm ci in tests/interop failed"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== dotnet build Leerplatform.sln"
dotnet build Leerplatform.sln --nologo -v quiet || status=$?

passed=0
failed=0
failed_projects=()
if [ "$status" -eq 0 ]; then
  # Each test project gets its own results folder so their TRX files can never overwrite each other.
  for project in tests/*/*.csproj; do
    grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
    name="$(basename "$project" .csproj)"
    echo "== dotnet test $name"
    project_status=0
    LEERPLATFORM_SERVER_LOG_DIR="$results/$name/server-logs" \
      dotnet test "$project" --no-build --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$results/$name" || project_status=$?
    if [ "$project_status" -ne 0 ]; then
      status=$project_status
      failed_projects+=("$name")
    fi
    trx="$results/$name/$name.trx"
    if [ -f "$trx" ]; then
      counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
      p="$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')"
      f="$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')"
      passed=$((passed + ${p:-0}))
      failed=$((failed + ${f:-0}))
    fi
  done
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before reporting results: never let that read as green.
  echo "== dotnet test exited with $status without reporting a failed test (build error or crashed test host)"
  failed=1
fi

# A browser test that times out only says what it waited for; the test server's errors say why. Printed last,
# just above the totals, because CI keeps the tail of the output.
for name in "${failed_projects[@]}"; do
  for log in "$results/$name"/server-logs/*.server.log; do
    [ -s "$log" ] || continue
    echo "== server errors of $name ($log, last 40 lines with an error)"
    grep -E -A8 '^[0-9:.]+ (Error|Critical) ' "$log" | tail -n 40
  done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
