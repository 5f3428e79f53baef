#!/usr/bin/env bash
# Runs every test project of the solution after installing what the tests need, then prints one summary line:
# "N passed, N failed, N skipped". Exits non-zero when a test failed, a test project did not report, or none ran.
set -uo pipefail
cd "$(dirname "$0")/.."

bash tests/setup.sh || { echo "tests/setup.sh failed"; echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Plugins.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...".
summary=$(awk '
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
  END { printf "%d %d %d %d\n", p, f, s, assemblies }' "$log")
read -r passed failed skipped assemblies <<<"$summary"
projects=$(find tests -name "*.Tests.csproj" | wc -l)

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build failed or a test host crashed: count it so the line never reads green.
  failed=1
fi
if [ "$assemblies" -lt "$projects" ] && [ "$failed" -eq 0 ]; then
  echo "only $assemblies of $projects test projects reported results"
  failed=1
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
