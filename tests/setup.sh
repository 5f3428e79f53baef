#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK. Safe to run repeatedly; each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

for setup in tests/setup.d/*.sh; do
  [ -e "$setup" ] || continue
  echo "setup: $setup"
  bash "$setup"
done
