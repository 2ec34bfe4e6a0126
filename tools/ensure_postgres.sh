#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 for the test suite.
# Starts the local cluster when it is installed but stopped; installs Debian's package when
# it is missing and we are root. Prints one line and exits non-zero when it cannot.
set -u
host=127.0.0.1 port=5432
ready() { pg_isready -q -h "$host" -p "$port" 2>/dev/null; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

ready && exit 0
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "postgres: not installed, installing Debian's postgresql package" >&2
  as_root apt-get update -qq >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || true
  # Trust local connections like the development machines do; tests only ever connect over loopback.
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    [ -f "$hba" ] && as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
  done
fi
for version in $(ls /etc/postgresql 2>/dev/null); do
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
done
for _ in $(seq 1 20); do ready && exit 0; sleep 0.5; done
echo "postgres: no server answers on $host:$port" >&2
exit 1
