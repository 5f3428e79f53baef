#!/usr/bin/env bash
# Installs Debian's python3-aiosmtpd: the real SMTP server the e-mail adapter's tests start on 127.0.0.1
# (tests/smtp-server/server.py). It installs for /usr/bin/python3, not for a pyenv python3 on PATH.
# Fast and quiet when already installed; refreshes the apt lists only when the package is unknown.
set -euo pipefail

if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
  echo "smtp-server: python3-aiosmtpd is installed"
  exit 0
fi

command -v apt-get >/dev/null || { echo "apt-get is missing; install python3-aiosmtpd for /usr/bin/python3 by hand" >&2; exit 1; }
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "installing python3-aiosmtpd needs root or sudo" >&2; exit 1; }
  sudo="sudo"
fi

if ! apt-cache show python3-aiosmtpd >/dev/null 2>&1; then
  $sudo apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-aiosmtpd >/dev/null
/usr/bin/python3 -c 'import aiosmtpd' && echo "smtp-server: installed python3-aiosmtpd"
