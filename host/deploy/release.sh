#!/usr/bin/env bash
# Builds the release: per runtime, a self-contained folder and a .tar.gz (README "Installing a release").
#
#   bash host/deploy/release.sh [--runtime RID]... [--output DIR] [--no-archive] [--no-adapter-build]
#
# Defaults: --runtime linux-x64 --runtime linux-arm64, --output artifacts/release. Each runtime gets
# DIR/teleport-plugins-<version>-<rid>/ and DIR/teleport-plugins-<version>-<rid>.tar.gz holding:
#   teleport-plugins                 the executable (self-contained: no .NET install needed)
#   adapters/<name>/                 every shipped adapter, where the host looks by default
#   teleport-plugins.example.toml    `teleport-plugins configure` for these adapters
#   teleport-plugins.service         the systemd unit (host/deploy/systemd)
#   Containerfile                    the container image's build file (host/deploy/container)
# --no-adapter-build reuses artifacts/adapters/ as the last build left it (the tests do, to stay fast).
set -euo pipefail
cd "$(dirname "$0")/../.."

runtimes=()
output=artifacts/release
archive=1
build_adapters=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runtime|-r) runtimes+=("$2"); shift 2 ;;
    --output|-o) output="$2"; shift 2 ;;
    --no-archive) archive=0; shift ;;
    --no-adapter-build) build_adapters=0; shift ;;
    *) echo "release: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
[ ${#runtimes[@]} -gt 0 ] || runtimes=(linux-x64 linux-arm64)
mkdir -p "$output"
output="$(cd "$output" && pwd)"

version="$(dotnet msbuild host/TeleportPlugins.Host.csproj -getProperty:Version -nologo)"

# Adapters are plain (framework-dependent) plugin assemblies: the same build serves every runtime, loaded into the
# self-contained host's runtime. Each builds into artifacts/adapters/<name>/ (adapters/Directory.Build.props).
adapters=()
projects=()
for project in adapters/TeleportPlugins.Adapters.*/TeleportPlugins.Adapters.*.csproj; do
  name="$(basename "$project" .csproj)"
  name="${name#TeleportPlugins.Adapters.}"
  [ "$name" = Common ] && continue
  adapters+=("${name,,}")
  projects+=("\"${project//\//\\\\}\"")
done
if [ "$build_adapters" = 1 ]; then
  # One build of a solution filter holding every shipped adapter: MSBuild builds them in parallel and Common once.
  filter="$output/adapters.slnf"
  (IFS=,; printf '{"solution":{"path":"%s","projects":[%s]}}\n' "$PWD/Plugins.sln" "${projects[*]}") > "$filter"
  echo "release: building the adapters (${adapters[*]})"
  dotnet build "$filter" -c Release -nologo -v q
  rm -f "$filter"
fi

example=""
for rid in "${runtimes[@]}"; do
  folder="$output/teleport-plugins-$version-$rid"
  echo "release: publishing $rid into $folder"
  rm -rf "$folder"
  dotnet publish host/TeleportPlugins.Host.csproj -c Release -r "$rid" --self-contained -o "$folder" -nologo -v q
  # Debug symbols stay out of the archive: users don't need them, and they double its size.
  find "$folder" -name '*.pdb' -delete
  for name in "${adapters[@]}"; do
    [ -f "artifacts/adapters/$name/adapter.json" ] || { echo "release: artifacts/adapters/$name is not built" >&2; exit 1; }
    mkdir -p "$folder/adapters/$name"
    cp -R "artifacts/adapters/$name/." "$folder/adapters/$name/"
    find "$folder/adapters/$name" -name '*.pdb' -delete
  done
  cp host/deploy/systemd/teleport-plugins.service host/deploy/container/Containerfile "$folder/"
  # The example comes from the release's own `configure` on the default adapters directory; a runtime this machine
  # cannot execute (linux-arm64 on x64) gets the one a runnable runtime printed (the adapters are the same).
  if [ -z "$example" ] && "$folder/teleport-plugins" configure > "$folder/teleport-plugins.example.toml" 2>/dev/null; then
    example="$folder/teleport-plugins.example.toml"
  fi
done

for rid in "${runtimes[@]}"; do
  folder="$output/teleport-plugins-$version-$rid"
  if [ -z "$example" ]; then
    echo "release: none of ${runtimes[*]} runs on this machine; add its runtime to write teleport-plugins.example.toml" >&2
    exit 1
  fi
  [ "$example" = "$folder/teleport-plugins.example.toml" ] || cp "$example" "$folder/teleport-plugins.example.toml"
  if [ "$archive" = 1 ]; then
    tar -C "$output" -czf "$folder.tar.gz" "$(basename "$folder")"
    echo "release: $folder.tar.gz"
  fi
done
