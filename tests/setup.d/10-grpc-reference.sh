#!/usr/bin/env bash
# Installs the npm packages of the @grpc/grpc-js reference server (tests/grpc-reference) that the host's
# Teleport client tests start. Runs `npm ci` only when node_modules is missing or was installed from another lock file.
set -euo pipefail
cd "$(dirname "$0")/../grpc-reference"

command -v node >/dev/null || { echo "node is not installed; the grpc-js reference tests need Node.js 20 or newer" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is not installed; the grpc-js reference tests need it" >&2; exit 1; }

stamp=node_modules/.installed-from-lock
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "grpc-reference: node_modules is up to date"
  exit 0
fi

npm ci --no-audit --no-fund
echo "$want" > "$stamp"
