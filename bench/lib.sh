# Sourced by the bench/<row> scripts that measure Baton on PostgreSQL: starts server/target/baton.jar (or BENCH_JAR)
# on a fresh database with the public rate limits out of the way, and drops it again on exit.
#   start_postgres_baton <row>   sets PID and DB; Baton's log is bench/target/baton-<row>.log
# Expects ROOT, PORT, URL, OUT, PASSWORD, PG and JAVA to be set. BENCH_JAVA_OPTS: more JVM options for Baton (for
# example -XX:StartFlightRecording=filename=bench/target/p4.jfr,settings=profile to profile a row).

PID=""
DB=""
stop_baton() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; PID=""; }
drop_database() { stop_baton; [ -n "$DB" ] && psql $PG -q -c "DROP DATABASE IF EXISTS $DB"; }
trap drop_database EXIT

start_postgres_baton() {
  local row="$1"
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then echo "${row^^}: PostgreSQL does not answer on 127.0.0.1:5432; skipped"; exit 0; fi
  DB="baton_${row}${BENCH_DB_TAG:+_$BENCH_DB_TAG}_$(date +%s)"
  psql $PG -q -c "CREATE DATABASE $DB" || exit 1
  rm -rf "$OUT/data-$row"
  BATON_BOOTSTRAP_ADMIN_PASSWORD="$PASSWORD" BATON_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres" \
    "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "${BENCH_JAR:-server/target/baton.jar}" --server.port="$PORT" --baton.data-dir="$OUT/data-$row" \
      --baton.rate-limits.public-requests-per-minute-per-ip=100000000 \
      --baton.rate-limits.visitor-messages-per-minute=100000000 >"$OUT/baton-$row.log" 2>&1 &
  PID=$!
  local up=""
  for _ in $(seq 600); do
    curl -sf "$URL/actuator/health" >/dev/null 2>&1 && { up=1; break; }
    kill -0 "$PID" 2>/dev/null || break
    sleep 1
  done
  [ -n "$up" ] || { echo "Baton did not become healthy; see bench/target/baton-$row.log"; exit 1; }
}
