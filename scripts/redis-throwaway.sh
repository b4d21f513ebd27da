#!/usr/bin/env bash
# Start or stop a throwaway Redis server (no persistence) for tests and benchmarks.
#   scripts/redis-throwaway.sh start DIR PORT   -> prints a redis:// URL
#   scripts/redis-throwaway.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?folder}; port=${3:-56379}

case "$cmd" in
  start)
    if ! command -v redis-server >/dev/null 2>&1; then
      echo "redis-server was not found. Install it with: apt-get install -y redis-server" >&2
      exit 3
    fi
    mkdir -p "$dir"
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
      --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null \
      || { cat "$dir/redis.log" >&2 2>/dev/null; exit 1; }
    for _ in $(seq 100); do  # up to 5 s for it to answer
      if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
        echo "redis://127.0.0.1:$port/0"; exit 0
      fi
      sleep 0.05
    done
    echo "redis-server on port $port did not answer:" >&2; cat "$dir/redis.log" >&2 2>/dev/null; exit 1
    ;;
  stop)
    if [ -f "$dir/redis.pid" ]; then
      pid=$(cat "$dir/redis.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
      rm -f "$dir/redis.pid"
    fi
    ;;
  *) echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac
