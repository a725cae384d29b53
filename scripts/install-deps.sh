#!/usr/bin/env bash
# Installs the Debian 12 packages embargo builds and tests with. Idempotent: installs only what is missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libicu-dev libpugixml-dev nlohmann-json3-dev libcli11-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3
  libboost-dev libcpp-httplib-dev wrk
  libcurl4-openssl-dev libssl-dev
  clang libclang-rt-14-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libhiredis-dev librdkafka-dev redis-server
  libargon2-dev libjemalloc-dev
  chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Node.js and npm drive the workbench's browser tests (tests/browser); a Node.js already on the
# machine (e.g. from another source) is kept.
if ! command -v npm >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
