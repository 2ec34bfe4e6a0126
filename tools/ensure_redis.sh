#!/usr/bin/env bash
# Make sure a Redis server answers on 127.0.0.1:6379 for the live tests on the Redis channel
# layer (docs/live.md). Starts redis-server when it is installed but not running; installs
# Debian's package when it is missing and we are root. It keeps nothing on disk. Prints one
# line and exits non-zero when it cannot.
set -u
host=127.0.0.1 port=6379
ready() { redis-cli -h "$host" -p "$port" ping 2>/dev/null | grep -q PONG; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

command -v redis-cli >/dev/null && ready && exit 0
if ! command -v redis-server >/dev/null; then
  echo "redis: not installed, installing Debian's redis-server package" >&2
  as_root apt-get update -qq >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null || true
fi
if command -v redis-server >/dev/null; then
  redis-server --bind "$host" --port "$port" --save "" --appendonly no --daemonize yes >/dev/null 2>&1 || true
fi
for _ in $(seq 1 20); do ready && exit 0; sleep 0.5; done
echo "redis: no server answers on $host:$port" >&2
exit 1
