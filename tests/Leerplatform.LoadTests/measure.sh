#!/usr/bin/env bash
# Runs the issue-8 measurement series on this machine: the plain template and Leerplatform, one after the other,
# each server pinned to core 0 and the load client to core 1 (taskset), Release builds, Production settings,
# loopback only. Every run is bounded (circuit count, duration, --deadline). Figures go to $OUT/*.txt and *.json.
#
#   tests/Leerplatform.LoadTests/measure.sh [out-folder] ["idle counts"] ["active counts"] [duration-s]
#   e.g. measure.sh /tmp/lt "1000 2000 5000" "500 1000 2000" 20
# Environment: PIN=0 runs server and client on both cores (Server GC); STAGGER=15 spreads the learners' first
# actions over a whole journey (see --stagger-s); WARMUP=60 warms up longer (default 5 s).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
out="${1:-/tmp/leerplatform-load}"
idle_counts="${2-1000 2000}"   # "" runs none
active_counts="${3-500 1000}"
duration="${4:-20}"
mkdir -p "$out"
work="$out/work"

for project in src/Leerplatform.Web tests/Leerplatform.LoadTests tests/Leerplatform.LoadTests.TemplateFixture; do
  dotnet build -c Release --nologo -v q "$project" >> "$out/build.log"
done
web="$repo/src/Leerplatform.Web/bin/Release/net9.0/linux-x64/Leerplatform.Web"
template="$repo/tests/Leerplatform.LoadTests.TemplateFixture/bin/Release/net9.0/linux-x64/Leerplatform.LoadTests.TemplateFixture"
client="$repo/tests/Leerplatform.LoadTests/bin/Release/net9.0/linux-x64/Leerplatform.LoadTests"

# The curriculum plus the two-page fixture module with one case (tests/Leerplatform.Tests/Fixtures/Content/xapi-journey).
if [ ! -d "$work/content" ]; then
  mkdir -p "$work/data"
  cp -r content "$work/content"
  cp -r tests/Leerplatform.Tests/Fixtures/Content/xapi-journey/modules/casus-journey "$work/content/modules/zz-casus-journey"
fi

max_active=0
for n in $active_counts; do [ "$n" -gt "$max_active" ] && max_active=$n; done
app_args=(--contentRoot "$repo/src/Leerplatform.Web" --Leerplatform:ContentPath "$work/content" --Leerplatform:ThemesPath "$repo/themes"
          --Leerplatform:DataPath "$work/data" --Leerplatform:WatchContent=false --Logging:LogLevel:Default=Warning)
"$web" seed-load-users "$((max_active > 1000 ? max_active : 1000))" --environment Development "${app_args[@]}" | tee -a "$out/seed.log"

server_pid=""
if [ "${PIN:-1}" = 1 ]; then server_cpu=(taskset -c 0); client_cpu=(taskset -c 1); else server_cpu=(); client_cpu=(); fi
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
trap stop_server EXIT

start_server() { # name port command...
  local name="$1" port="$2"; shift 2
  ${server_cpu[@]+"${server_cpu[@]}"} "$@" --urls "http://127.0.0.1:$port" --environment Production --Leerplatform:Diagnostics:Enabled=true > "$out/$name-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/_diagnostics/load" > /dev/null && return 0; sleep 1; done
  echo "server $name did not start"; cat "$out/$name-server.log"; exit 1
}

run() { # name port app mode n extra...
  local name="$1" port="$2" app="$3" mode="$4" n="$5"; shift 5
  echo "== $name $mode $n ($(date -u +%H:%M:%S))"
  ${client_cpu[@]+"${client_cpu[@]}"} "$client" --target "http://127.0.0.1:$port" --app "$app" --mode "$mode" --circuits "$n" --duration "$duration" \
    --warmup "${WARMUP:-5}" ${STAGGER:+--stagger-s "$STAGGER"} --think-ms 1000 --deadline 900 --cookie-cache "$work/cookies.txt" --json "$out/$name-$mode-$n.json" "$@" \
    > "$out/$name-$mode-$n.txt" 2>&1 || true
  tail -n 8 "$out/$name-$mode-$n.txt"
}

for app in template leerplatform; do
  if [ "$app" = template ]; then
    start_server template 5282 "$template" --contentRoot "$repo/tests/Leerplatform.LoadTests.TemplateFixture" --Logging:LogLevel:Default=Warning
    port=5282
  else
    start_server leerplatform 5281 "$web" "${app_args[@]}" --Leerplatform:SeedDemoUsers=false
    port=5281
  fi
  for n in $idle_counts; do run "$app" "$port" "$app" idle "$n" --users 1000 --open-concurrency 16; done
  for n in $active_counts; do run "$app" "$port" "$app" active "$n" --open-concurrency 16; done
  stop_server
done
