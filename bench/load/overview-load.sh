#!/usr/bin/env bash
# The case overview under load, measured as a user would feel it: the real app (Release build) on
# PostgreSQL with durable commits (fsync and synchronous_commit on), a generated dataset, and wrk on
# loopback with 32 concurrent connections, each request fully authorised (PIP + PDP) and audited.
# Prints p50/p95/p99, requests/s, the app's peak RSS, and how many audit entries the run wrote.
#
#   SIZE=full  bench/load/overview-load.sh   # 100k persons, 50k cases, 1M items, 10M audit entries
#   SIZE=small bench/load/overview-load.sh   # 10k persons, 5k cases, 100k items, 1M audit entries
#   RATE=300 SIZE=full bench/load/overview-load.sh
#                                            # also a second run at a fixed 300 requests/s (bench/load/paced.lua): the
#                                            # latency at that rate, where the first run measures saturation
#   PGROOT=/tmp/pgbS DB=gen bench/load/overview-load.sh
#                                            # reuse a running cluster (socket dir PGROOT, port 5432) that already holds a
#                                            # generated dataset (docs/benchmarks-audit.md); nothing is generated or stopped
#
# Needs: postgresql, wrk (apt-get install -y postgresql wrk), the .NET SDK. Runs as root or a normal user.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE=${SIZE:-small}; DURATION=${DURATION:-30}; CONNECTIONS=${CONNECTIONS:-32}; PORT=${PORT:-5091}
case "$SIZE" in
  full) GEN=(--persons 100000 --cases 50000 --items 1000000 --audit 10000000) ;;
  small) GEN=(--persons 10000 --cases 5000 --items 100000 --audit 1000000) ;;
  *) echo "SIZE must be full or small" >&2; exit 2 ;;
esac
BENCH_KEY=$(python3 -c 'import base64; print(base64.b64encode(bytes(range(7, 39))).decode())')

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
AS=(); [ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
APP_PID=""; REUSE=${PGROOT:+yes}; DB=${DB:-samverkan}
[ -z "$REUSE" ] && PGROOT=$(mktemp -d /tmp/pgl.XXXXXX)
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$REUSE" ] && return
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap cleanup EXIT
if [ -z "$REUSE" ]; then
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGROOT"
  "${AS[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --no-locale --no-instructions >/dev/null
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
    -o "-k $PGROOT -p 5432 -c listen_addresses='' -c shared_buffers=512MB -c max_connections=200" start >/dev/null
  "${AS[@]}" "$PGBIN/psql" -h "$PGROOT" -U postgres -qc "CREATE DATABASE $DB" >/dev/null
fi
CS="Host=$PGROOT;Port=5432;Username=postgres;Database=$DB;Maximum Pool Size=100"
psql_q() { "${AS[@]}" "$PGBIN/psql" -h "$PGROOT" -U postgres -d "$DB" -Atc "$1"; }
LOGDIR=$(mktemp -d /tmp/overview-load.XXXXXX)

dotnet build -c Release -v q --nologo tools/Samverkan.Sekretess.DataGen >/dev/null
dotnet build -c Release -v q --nologo src/Samverkan.Sekretess.Web >/dev/null
if [ -z "$REUSE" ]; then
  echo "== generating dataset ($SIZE)"
  /usr/bin/time -f "generate: %e s, %M KB peak" dotnet tools/Samverkan.Sekretess.DataGen/bin/Release/net10.0/Samverkan.Sekretess.DataGen.dll \
    generate --cs "$CS" "${GEN[@]}" --audit-key "$BENCH_KEY" --index-key "$BENCH_KEY"
fi
psql_q "SELECT 'rows: persons=' || (SELECT count(*) FROM \"Persons\") || ' cases=' || (SELECT count(*) FROM \"Cases\") || ' items=' || (SELECT count(*) FROM \"InformationItems\") || ' audit=' || (SELECT count(*) FROM \"AuditEntries\")"

# "Testing" only allows plain HTTP on loopback (TLS is not what this measures); everything else is the production pipeline,
# except audit checkpoints (on by default): the first would verify the whole generated chain while the load runs.
echo "== starting the app (Release, PostgreSQL, plain HTTP on loopback)"
ASPNETCORE_ENVIRONMENT=Testing ASPNETCORE_URLS="http://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning \
Database__Provider=PostgreSql Database__ConnectionString="$CS" Database__SeedDemoData=true \
Keys__AuditChainKey="$BENCH_KEY" Keys__BlindIndexKey="$BENCH_KEY" Hosting__HttpsRedirect=false \
Audit__CheckpointsEnabled=false \
  dotnet src/Samverkan.Sekretess.Web/bin/Release/net10.0/Samverkan.Sekretess.Web.dll --contentRoot "$PWD/src/Samverkan.Sekretess.Web" >"$LOGDIR/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break; kill -0 "$APP_PID" 2>/dev/null || { tail -20 "$LOGDIR/app.log" >&2; exit 1; }; sleep 1; done
COOKIE=$(python3 bench/load/login.py "http://127.0.0.1:$PORT" socialsekreterare Demo-Sekretess-2026 "${DEMO_TOTP_SECRET:-SAMVERKANSEKRETESSDEMOTOTPNYCKEL}")
# A case as a socialsekreterare meets it every day: open, led by their own nämnd, the subject without protected identity
# (so names and personnummer are decrypted), and with items of their own nämnd among others' (so the page shows content,
# decides every item and reveals the hidden ones).
ME=$(psql_q "SELECT \"AuthorityId\" FROM \"AspNetUsers\" WHERE \"UserName\" = 'socialsekreterare'")
CASE=$(psql_q "SELECT c.\"Id\" FROM \"Cases\" c JOIN \"Persons\" p ON p.\"Id\" = c.\"SubjectPersonId\"
  WHERE c.\"LeadAuthorityId\" = '$ME' AND c.\"Status\" = 'oppen' AND NOT p.\"Sekretessmarkering\" AND NOT p.\"SkyddadFolkbokforing\"
    AND (SELECT count(*) FROM \"InformationItems\" i WHERE i.\"CaseId\" = c.\"Id\") >= 10
    AND (SELECT count(DISTINCT i.\"OwnerAuthorityId\") FROM \"InformationItems\" i WHERE i.\"CaseId\" = c.\"Id\") >= 2
  ORDER BY c.\"Reference\" LIMIT 1")
URL="http://127.0.0.1:$PORT/Cases/Details/$CASE"
ITEMS=$(psql_q "SELECT count(*) FROM \"InformationItems\" WHERE \"CaseId\" = '$CASE'")
OWN=$(psql_q "SELECT count(*) FROM \"InformationItems\" WHERE \"CaseId\" = '$CASE' AND \"OwnerAuthorityId\" = '$ME'")
# A failed sign-in answers 302 to the login page, which curl -f accepts: insist on a 200 that shows items, or stop loudly.
CODE=$(curl -s -o "$LOGDIR/overview.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$URL" || true)
[ "$CODE" = 200 ] || { echo "overview answered $CODE, not 200 (sign-in failed, or port $PORT taken?)" >&2; tail -20 "$LOGDIR/app.log" >&2; exit 1; }
# What one response shows (counted in the page itself, so a page that shows nothing cannot pass for a fast one).
SHOWN=$(grep -o '<li class="item">' "$LOGDIR/overview.html" | wc -l || true)
[ "$SHOWN" -gt 0 ] || { echo "the overview shows no items; the measurement would mean little" >&2; exit 1; }
echo "== case with $ITEMS items, $OWN of them the caller's nämnd's; the page shows $SHOWN items; warm-up 10 s"
wrk -t2 -c"$CONNECTIONS" -d10s -H "Cookie: $COOKIE" "$URL" >/dev/null
BEFORE=$(psql_q "SELECT max(\"Sequence\") FROM \"AuditEntries\"")
echo "== measuring: $CONNECTIONS connections, ${DURATION} s"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/load/p95.lua -H "Cookie: $COOKIE" "$URL" | tee "$LOGDIR/wrk.out" | grep -E "RESULT|Requests/sec|Non-2xx"
AFTER=$(psql_q "SELECT max(\"Sequence\") FROM \"AuditEntries\"")
echo "audit entries written during the run: $((AFTER - BEFORE))"
if [ -n "${RATE:-}" ]; then
  # The same load at a fixed rate (bench/load/paced.lua): the latency users feel at RATE requests/s, not at saturation.
  echo "== paced: $CONNECTIONS connections, $RATE requests/s offered, ${DURATION} s"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/load/paced.lua -H "Cookie: $COOKIE" "$URL" -- "$RATE" 2 | grep -E "RESULT|Non-2xx"
  PACED=$(psql_q "SELECT max(\"Sequence\") FROM \"AuditEntries\"")
  echo "audit entries written during the paced run: $((PACED - AFTER))"
fi
echo "app peak RSS: $(grep VmHWM /proc/$APP_PID/status | awk '{print int($2/1024)}') MB, current: $(grep VmRSS /proc/$APP_PID/status | awk '{print int($2/1024)}') MB"
psql_q "SELECT 'synchronous_commit=' || current_setting('synchronous_commit') || ' fsync=' || current_setting('fsync')"

echo "== the price of the spine (in-process, one caller, interleaved; the direct path exists only in the benchmark tool)"
dotnet tools/Samverkan.Sekretess.DataGen/bin/Release/net10.0/Samverkan.Sekretess.DataGen.dll spine-ratio --cs "$CS" --iterations "${ITERATIONS:-300}" \
  --audit-key "$BENCH_KEY" --index-key "$BENCH_KEY"
