#!/usr/bin/env bash
# Run a package-manager command as root (directly, or through sudo when available).
# `apt-get update` runs first once, since a fresh machine's package lists may be empty.
set -eu
run() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
if [ "${1:-}" = apt-get ]; then
  export DEBIAN_FRONTEND=noninteractive
  run apt-get update -qq >/dev/null
fi
run "$@"
