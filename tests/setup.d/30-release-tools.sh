#!/usr/bin/env bash
# Installs Debian's buildah, crun and systemd (for systemd-analyze): the release tests build the container image's runtime
# stage with buildah and check the systemd unit with `systemd-analyze verify`
# (tests/TeleportPlugins.EndToEnd.Tests/Release). Fast and quiet when installed; refreshes the apt lists only when a
# package is unknown.
set -euo pipefail

missing=()
command -v buildah >/dev/null || missing+=(buildah)
# buildah only recommends an OCI runtime; the tests run the host inside the image (buildah run).
command -v crun >/dev/null || command -v runc >/dev/null || missing+=(crun)
command -v systemd-analyze >/dev/null || missing+=(systemd)
if [ ${#missing[@]} -eq 0 ]; then
  echo "release-tools: buildah, crun and systemd-analyze are installed"
  exit 0
fi

command -v apt-get >/dev/null || { echo "apt-get is missing; install ${missing[*]} by hand" >&2; exit 1; }
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "installing ${missing[*]} needs root or sudo" >&2; exit 1; }
  sudo="sudo"
fi

for package in "${missing[@]}"; do
  if ! apt-cache show "$package" >/dev/null 2>&1; then
    $sudo apt-get update -qq
    break
  fi
done
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v buildah >/dev/null && command -v systemd-analyze >/dev/null && echo "release-tools: installed ${missing[*]}"
