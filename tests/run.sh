#!/usr/bin/env bash
# Runs every test project of the solution after installing what the tests need, then prints one summary line:
# "N passed, N failed, N skipped". Exits non-zero when a test failed, a test project did not report, or none ran.
# The solution is built once; the test projects then run from that build, as many at a time as there are cores (as
# `dotnet test Plugins.sln` did), each announced when it starts ("▶") and when it ends, with its counts ("✔"/"✘").
# Arguments go to `dotnet test` (a -c/--configuration also to the build). Sourcing the file only defines the functions.
set -uo pipefail

# Sums VSTest's per-assembly lines ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...") of the given
# logs; prints "passed failed skipped assemblies".
count_results() {
  awk '
    /(Passed|Failed)! +- +Failed:/ {
      line = $0
      gsub(/[ ,]+/, " ", line)
      n = split(line, w, " ")
      for (i = 1; i < n; i++) {
        if (w[i] == "Failed:") f += w[i+1]
        if (w[i] == "Passed:") p += w[i+1]
        if (w[i] == "Skipped:") s += w[i+1]
      }
      assemblies++
    }
    END { printf "%d %d %d %d\n", p, f, s, assemblies }' "$@"
}

# The summary line and the outcome. Arguments: passed failed skipped assemblies projects status (a non-zero status of
# a build or a test run that reported no failed test still counts as one failure, so the line never reads green).
# Prints the line(s); returns 1 when the run is not green.
summarize() {
  local passed=$1 failed=$2 skipped=$3 assemblies=$4 projects=$5 status=$6
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
  fi
  if [ "$assemblies" -lt "$projects" ] && [ "$failed" -eq 0 ]; then
    echo "only $assemblies of $projects test projects reported results"
    failed=1
  fi
  echo
  echo "$passed passed, $failed failed, $skipped skipped"
  if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
    return 1
  fi
}

# Runs one test project from the build; its output goes to LOGDIR/<name>.log, shown only when the project failed.
# Leaves its exit status in LOGDIR/<name>.status.
run_project() {
  local project=$1 name
  name=$(basename "$project" .csproj)
  echo "▶ $name"
  dotnet test "$project" --no-build --nologo "${TEST_ARGS[@]}" >"$LOGDIR/$name.log" 2>&1
  local status=$?
  echo "$status" >"$LOGDIR/$name.status"
  local passed failed skipped assemblies
  read -r passed failed skipped assemblies <<<"$(count_results "$LOGDIR/$name.log")"
  if [ "$status" -eq 0 ] && [ "$assemblies" -gt 0 ]; then
    echo "✔ $name: $passed passed, $failed failed, $skipped skipped"
  else
    # One block per failed project, never interleaved with another project's lines.
    { cat "$LOGDIR/$name.log"; echo "✘ $name: $passed passed, $failed failed, $skipped skipped (exit code $status)"; } |
      flock "$LOGDIR/print.lock" cat
  fi
}

main() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
  bash tests/setup.sh || { echo "tests/setup.sh failed"; echo "0 passed, 1 failed"; exit 1; }

  TEST_ARGS=("$@")
  local build_args=() i
  for ((i = 1; i <= $#; i++)); do
    case "${!i}" in
      -c | --configuration) local j=$((i + 1)); build_args+=("${!i}" "${!j}") ;;
      -c=* | --configuration=*) build_args+=("${!i}") ;;
    esac
  done

  LOGDIR=$(mktemp -d)
  trap 'rm -rf "$LOGDIR"' EXIT
  export LOGDIR
  mapfile -t projects < <(find tests -name "*.Tests.csproj" | sort)

  echo "▶ build Plugins.sln"
  if ! dotnet build Plugins.sln --nologo "${build_args[@]}" >"$LOGDIR/build.log" 2>&1; then
    cat "$LOGDIR/build.log"
    echo "✘ build failed"
    summarize 0 1 0 0 "${#projects[@]}" 1
    exit 1
  fi
  echo "✔ build"

  export -f run_project count_results
  export TEST_ARGS_SERIALIZED
  TEST_ARGS_SERIALIZED=$(declare -p TEST_ARGS)
  printf '%s\0' "${projects[@]}" |
    xargs -0 -P "$(nproc)" -I{} bash -c 'eval "$TEST_ARGS_SERIALIZED"; run_project "$1"' _ {}

  local status=0 file
  shopt -s nullglob
  for file in "$LOGDIR"/*.status; do
    [ -e "$file" ] || continue
    [ "$(cat "$file")" -eq 0 ] || status=1
  done
  local passed failed skipped assemblies
  read -r passed failed skipped assemblies <<<"$(count_results /dev/null "$LOGDIR"/*.Tests.log)"
  summarize "$passed" "$failed" "$skipped" "$assemblies" "${#projects[@]}" "$status" || exit 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
