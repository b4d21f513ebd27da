#!/usr/bin/env bash
# The whole suite, twice: on SQLite, then on a throwaway PostgreSQL cluster this script starts and stops.
# Any failure, and a run that collects no tests (pytest exit 5), fails the whole.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export ECOPETITION_DATA_DIR="${ECOPETITION_DATA_DIR:-$(mktemp -d)}"
status=0

run_suite() {
  local label=$1; shift
  echo "=== ecopetition tests on $label ==="
  "$PY" -m pytest "$@"
  local rc=$?
  if [ $rc -eq 5 ]; then echo "!!! no tests were collected on $label: that is a failure"; rc=1; fi
  if [ $rc -ne 0 ]; then echo "!!! tests failed on $label (exit $rc)"; status=1; else echo "=== $label: passed ==="; fi
}

"$PY" -m ecopetition makemigrations --check --dry-run >/dev/null \
  || { echo "!!! models changed without a migration: run 'ecopetition makemigrations'"; status=1; }

DATABASE_URL="sqlite://" run_suite SQLite "$@"

PGDIR=$(mktemp -d)
PORT=$(( 40000 + RANDOM % 20000 ))
REDISDIR=$(mktemp -d)
cleanup() { scripts/pg-throwaway.sh stop "$PGDIR"; rm -rf "$PGDIR"; scripts/redis-throwaway.sh stop "$REDISDIR"; rm -rf "$REDISDIR"; }
trap cleanup EXIT
# The PostgreSQL pass also gets a throwaway Redis: the several-machines tests run huey on it.
REDIS_URL=$(scripts/redis-throwaway.sh start "$REDISDIR" "$((PORT + 1))") || { echo "!!! could not start a throwaway Redis"; status=1; REDIS_URL=; }
if URL=$(scripts/pg-throwaway.sh start "$PGDIR" "$PORT"); then
  DATABASE_URL="$URL" REDIS_URL="$REDIS_URL" run_suite "PostgreSQL" "$@"
else
  echo "!!! could not start a throwaway PostgreSQL cluster"; status=1
fi
if [ $status -eq 0 ]; then echo "ALL SUITES PASSED (SQLite and PostgreSQL)"; else echo "SOME SUITES FAILED"; fi
exit $status
