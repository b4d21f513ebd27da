#!/usr/bin/env bash
# Peer benchmark: ecopetition's complaint creation against django-helpdesk's ticket creation,
# each over its own REST API, on one throwaway PostgreSQL cluster. Options go to compare.py
# (--seconds, --concurrency, --rounds, --fast-pg, --statements, --keep; --help lists them).
# The first run builds the peer's virtualenv from PyPI (about a minute); later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
PEER=benchmarks/peer
VENV=$PEER/.venv-helpdesk
PYTHON=${PYTHON:-python3.11}
HELPDESK_VERSION=${HELPDESK_VERSION:-2.6.1}   # the newest release that runs on Python 3.11 when this was written

[ -x "$PY" ] || { echo "ecopetition's .venv is missing: run 'make setup' first"; exit 2; }
# The peer gets the same gunicorn and psycopg releases as our side, so the servers differ only in the app.
pins=$("$PY" -c "import importlib.metadata as m; print(f\"gunicorn=={m.version('gunicorn')} psycopg[binary]=={m.version('psycopg')}\")")
stamp="$VENV/.installed django-helpdesk==$HELPDESK_VERSION $pins"
if [ ! -f "$VENV/.installed" ] || [ "$(cat "$VENV/.installed")" != "$stamp" ]; then
  echo "building the peer's virtualenv: django-helpdesk==$HELPDESK_VERSION $pins"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "django-helpdesk==$HELPDESK_VERSION" $pins
  echo "$stamp" > "$VENV/.installed"
fi
exec "$PY" "$PEER/compare.py" "$@"
