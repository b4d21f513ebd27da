#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster for tests and benchmarks.
#   scripts/pg-throwaway.sh start DIR PORT   -> prints a DATABASE_URL
#   scripts/pg-throwaway.sh stop DIR
#   scripts/pg-throwaway.sh restart DIR [SECONDS]   fast shutdown, SECONDS down (default 0), start again
# initdb refuses to run as root: as root the cluster runs as the postgres user.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?folder}; port=${3:-55432}

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local found; found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n1 || true)
  if [ -n "$found" ]; then echo "$found"; return; fi
  echo "PostgreSQL's $name was not found. Install it with: apt-get install -y postgresql" >&2
  exit 3
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_server() {
  local pg_ctl; pg_ctl=$(find_bin pg_ctl)
  as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

case "$cmd" in
  start)
    initdb=$(find_bin initdb)
    mkdir -p "$dir"; chmod 755 "$dir"
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
      chown postgres "$dir"
    fi
    as_owner "$initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    start_server
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    pg_ctl=$(find_bin pg_ctl)
    [ -d "$dir/data" ] && as_owner "$pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  restart)
    pg_ctl=$(find_bin pg_ctl); port=$(cat "$dir/port")
    as_owner "$pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    sleep "${3:-0}"
    start_server
    ;;
  *) echo "usage: $0 start DIR [PORT] | stop DIR | restart DIR [SECONDS]" >&2; exit 2 ;;
esac
