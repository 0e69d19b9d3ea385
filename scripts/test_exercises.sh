#!/usr/bin/env bash
# Checks the classroom exercises (tutorials/exercises/README.md) both ways, as .ci/run does:
#   1. graded against tutorials/exercises/starters, every exercise must FAIL cleanly: a failed
#      check, not a crash, a timeout or a compile error, and its output must name the exercise
#      ("exercise N, check '...'" and the starter's "exercise N: ... not implemented yet");
#   2. graded against tutorials/exercises/solutions, every exercise must PASS.
# Builds in build-exercises/ (scripts/grade_exercises.sh); ccache makes a second run fast.
#
#   bash scripts/test_exercises.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${GLASSBOX_EXERCISES_BUILD:-build-exercises}
start=$SECONDS
status=0
log_folder=$(mktemp -d "${TMPDIR:-/tmp}/glassbox-exercises.XXXXXX")
trap 'rm -rf "$log_folder"' EXIT

bash scripts/grade_exercises.sh tutorials/exercises/starters >"$log_folder/starters.txt" 2>&1
starter_status=$?
if [ "$starter_status" -ne 1 ]; then
  echo "test_exercises: grading the starters ended with status $starter_status (expected 1: every exercise fails)" >&2
  cat "$log_folder/starters.txt" >&2
  status=1
else
  python3 - "$build" <<'PYTHON' || status=1
import json, os, re, sys

build = sys.argv[1]
outputs = {}
with open(os.path.join(build, "meson-logs", "testlog.json")) as lines:
    for line in lines:
        entry = json.loads(line)
        outputs[entry["name"].split("/")[-1].strip()] = entry.get("stdout", "") or ""
problems = []
with open(os.path.join(build, "exercise-results.txt")) as f:
    for line in f:
        name, result = line.split()
        number = int(name[:2])
        if result != "FAIL":
            problems.append(f"starter {name}: {result}, expected a clean FAIL")
            continue
        output = outputs.get("exercise-" + name, "")
        if not re.search(rf"TEST CASE:\s+exercise {number}, check '", output):
            problems.append(f"starter {name}: no test case named \"exercise {number}, check '...'\"")
        if f"exercise {number}: " not in output:
            problems.append(f"starter {name}: the failure does not say \"exercise {number}: ...\"")
for problem in problems:
    print("test_exercises: " + problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PYTHON
fi
echo "test_exercises: starters: $(grep -c ' FAIL$' "$build/exercise-results.txt" 2>/dev/null || echo 0) of $(wc -l <"$build/exercise-results.txt" 2>/dev/null || echo '?') fail cleanly"

if ! bash scripts/grade_exercises.sh tutorials/exercises/solutions >"$log_folder/solutions.txt" 2>&1; then
  echo "test_exercises: the solutions do not all pass:" >&2
  cat "$log_folder/solutions.txt" >&2
  status=1
fi
echo "test_exercises: solutions: $(grep -c ' PASS$' "$build/exercise-results.txt" 2>/dev/null || echo 0) of $(wc -l <"$build/exercise-results.txt" 2>/dev/null || echo '?') pass"
echo "test_exercises: $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
exit "$status"
