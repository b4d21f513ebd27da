#!/usr/bin/env bash
# The whole suite on SQLite, and again on a throwaway PostgreSQL cluster (with a throwaway Redis) this
# script starts and stops. A test that reaches no database (no db/transactional_db/live_server fixture, no
# django_db mark, no real installation: see DATABASE_FIXTURES in conftest.py) gives the same answer on both,
# so it runs once, in the SQLite pass; the PostgreSQL pass (ECOPETITION_TESTS_DATABASE_ONLY=1) runs the rest.
# The two passes run side by side, one per core, each with its own data directory and temporary tree;
# each pass's output is kept in a file and printed whole when both have ended.
# ECOPETITION_TEST_SERIAL=1 runs them one after the other instead (on a one-core machine, or to read along).
# Any failure, and a run that collects no tests (pytest exit 5), fails the whole.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
status=0
WORK=$(mktemp -d)
chmod 755 "$WORK"  # as root, the cluster runs as the postgres user, who must reach its folder
PGDIR="$WORK/pg"
REDISDIR="$WORK/redis"
mkdir -p "$PGDIR" "$REDISDIR"
cleanup() {
  scripts/pg-throwaway.sh stop "$PGDIR" >/dev/null 2>&1
  scripts/redis-throwaway.sh stop "$REDISDIR" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# Bytecode for the project once: the tests start many `ecopetition` processes, and where the environment says
# PYTHONDONTWRITEBYTECODE each would otherwise compile every module again.
"$PY" -m compileall -q -j 0 ecopetition >/dev/null 2>&1 || true

# Lint and the migrations check run beside the two passes; their output follows the passes' at the end.
checks() {
  echo "=== ruff check (lint) ==="
  "$PY" -m ruff check . || { echo "!!! ruff found problems: run 'ruff check .' and fix them"; return 1; }
  "$PY" -m ecopetition makemigrations --check --dry-run >/dev/null \
    || { echo "!!! models changed without a migration: run 'ecopetition makemigrations'"; return 1; }
}
checks >"$WORK/checks.log" 2>&1 &
checks_pid=$!

# One pass: its own data directory and pytest temporary tree, so the two never share a file.
run_pass() {
  local label=$1 url=$2 redis=$3; shift 3
  local dir="$WORK/$label" database_only=0
  [ "$label" = postgresql ] && database_only=1
  mkdir -p "$dir/data"
  ECOPETITION_DATA_DIR="$dir/data" DATABASE_URL="$url" REDIS_URL="$redis" ECOPETITION_TESTS_DATABASE_ONLY=$database_only \
    "$PY" -m pytest --durations=15 --basetemp="$dir/tmp" "$@"
}

report() {
  local label=$1 rc=$2
  if [ "$rc" -eq 5 ]; then echo "!!! no tests were collected on $label: that is a failure"; rc=1; fi
  if [ "$rc" -ne 0 ]; then echo "!!! tests failed on $label (exit $rc)"; status=1; else echo "=== $label: passed ==="; fi
}

PORT=$(( 40000 + RANDOM % 20000 ))
# The PostgreSQL pass also gets a throwaway Redis: the several-machines tests run huey on it.
REDIS_URL=$(scripts/redis-throwaway.sh start "$REDISDIR" "$((PORT + 1))") || { echo "!!! could not start a throwaway Redis"; status=1; REDIS_URL=; }
PG_URL=$(scripts/pg-throwaway.sh start "$PGDIR" "$PORT") || { echo "!!! could not start a throwaway PostgreSQL cluster"; status=1; PG_URL=; }

start=$SECONDS
if [ "${ECOPETITION_TEST_SERIAL:-0}" = "1" ]; then
  echo "=== ecopetition tests on SQLite ==="
  run_pass sqlite "sqlite://" "" "$@"; report SQLite $?
  if [ -n "$PG_URL" ]; then
    echo "=== ecopetition tests on PostgreSQL ==="
    run_pass postgresql "$PG_URL" "$REDIS_URL" "$@"; report PostgreSQL $?
  fi
else
  echo "=== ecopetition tests on SQLite and on PostgreSQL, side by side (output follows when both end) ==="
  run_pass sqlite "sqlite://" "" "$@" >"$WORK/sqlite.log" 2>&1 &
  sqlite_pid=$!
  if [ -n "$PG_URL" ]; then
    run_pass postgresql "$PG_URL" "$REDIS_URL" "$@" >"$WORK/postgresql.log" 2>&1 &
    pg_pid=$!
  fi
  wait "$sqlite_pid"; sqlite_rc=$?
  echo "=== ecopetition tests on SQLite ==="
  cat "$WORK/sqlite.log"
  report SQLite $sqlite_rc
  if [ -n "$PG_URL" ]; then
    wait "$pg_pid"; pg_rc=$?
    echo "=== ecopetition tests on PostgreSQL ==="
    cat "$WORK/postgresql.log"
    report PostgreSQL $pg_rc
  fi
fi
wait "$checks_pid" || status=1
cat "$WORK/checks.log"
echo "=== both passes took $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s ==="
if [ $status -eq 0 ]; then echo "ALL SUITES PASSED (SQLite and PostgreSQL)"; else echo "SOME SUITES FAILED"; fi
exit $status
