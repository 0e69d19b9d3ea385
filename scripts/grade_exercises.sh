#!/usr/bin/env bash
# Grades a folder of exercise files (tutorials/exercises/README.md): builds each exercise's grading
# test against FOLDER/NN_name.cpp in build-exercises/ (a build folder of its own, so the main build
# is untouched), runs the suite "exercises" and prints, per exercise, PASS, FAIL (with the failed
# checks' messages), CRASH, TIMEOUT or DOES NOT COMPILE.
#
#   bash scripts/grade_exercises.sh FOLDER           every exercise
#   bash scripts/grade_exercises.sh FOLDER 03 06     some of them
#
# Exit status 0 when every graded exercise passes, 1 otherwise, 2 on bad arguments. The summary is
# also written to build-exercises/exercise-results.txt, one "NN_name RESULT" line per exercise
# (scripts/test_exercises.sh reads it). GLASSBOX_EXERCISES_BUILD names another build folder.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "grade_exercises: usage: bash scripts/grade_exercises.sh FOLDER [NN ...] (FOLDER holds NN_name.cpp files; got '${1:-}')" >&2
  exit 2
fi
folder=$(cd "$1" && pwd)
shift
build=${GLASSBOX_EXERCISES_BUILD:-build-exercises}

if [ -f "$build/build.ninja" ]; then
  meson configure "$build" "-Dexercises=$folder" >/dev/null || exit 2
else
  meson setup "$build" --buildtype=release -Dtests=disabled "-Dexercises=$folder" >/dev/null || exit 2
fi

exercises=()
for source in tutorials/exercises/grading/test_*.cpp; do
  name=$(basename "$source" .cpp)
  name=${name#test_}
  if [ $# -eq 0 ] || printf '%s\n' "$@" | grep -qx "${name%%_*}"; then exercises+=("$name"); fi
done

# Each exercise on its own, so that a file that does not compile fails only its exercise.
built=()
: >"$build/exercise-compile.txt"
for name in "${exercises[@]}"; do
  if ninja -C "$build" -j2 "tutorials/exercises/exercise-$name" >"$build/compile-$name.log" 2>&1; then
    built+=("exercise-$name")
  else
    echo "$name" >>"$build/exercise-compile.txt"
  fi
done
rm -f "$build/meson-logs/testlog.json"
if [ ${#built[@]} -gt 0 ]; then
  meson test -C "$build" --no-rebuild --suite exercises "${built[@]}" >/dev/null 2>&1
fi

python3 - "$build" "${exercises[@]}" <<'PYTHON'
import json, os, re, sys

build, names = sys.argv[1], sys.argv[2:]
results = {}
log = os.path.join(build, "meson-logs", "testlog.json")
if os.path.exists(log):
    with open(log) as lines:
        for line in lines:
            entry = json.loads(line)
            results[entry["name"].split("/")[-1].strip()] = entry
with open(os.path.join(build, "exercise-compile.txt")) as f:
    not_compiling = set(f.read().split())

summary, failed = [], 0
for name in names:
    number = int(name[:2])
    print(f"== exercise {number} ({name})")
    if name in not_compiling:
        result = "DOES-NOT-COMPILE"
        with open(os.path.join(build, f"compile-{name}.log")) as f:
            errors = [l for l in f.read().splitlines() if "error" in l][:5]
        for l in errors:
            print("   " + l)
    else:
        entry = results.get("exercise-" + name)
        code = entry.get("returncode") if entry else None
        if entry is None:
            result = "NOT-RUN"
        elif entry["result"] == "OK":
            result = "PASS"
        elif entry["result"] == "TIMEOUT":
            result = "TIMEOUT"
        elif code == 1:  # doctest: some check failed, or the code threw
            result = "FAIL"
        else:  # a signal (segfault, abort) or another status
            result = "CRASH"
        output = (entry or {}).get("stdout", "") or ""
        # doctest prints the test case ("exercise N, check '...'") and each failure message.
        for l in output.splitlines():
            if "ERROR:" in l or "THREW" in l or "TEST CASE:" in l or re.search(r"^\s+exercise \d", l):
                print("   " + l.strip())
            elif l.strip().startswith(("logged:", "exercise")):
                print("   " + l.strip())
        if "check failed" in output:
            print("   (\"check failed\" in an xtensor header: an index out of range or a shape mismatch)")
        if result == "CRASH":
            print(f"   the test stopped with status {code}: a crash, not a failed check")
    print(f"   {result}")
    summary.append((name, result))
    failed += result != "PASS"

with open(os.path.join(build, "exercise-results.txt"), "w") as f:
    for name, result in summary:
        f.write(f"{name} {result}\n")
print()
print("exercise                    result")
for name, result in summary:
    print(f"{name:<27} {result}")
print(f"{len(summary) - failed} of {len(summary)} exercises pass")
sys.exit(1 if failed else 0)
PYTHON
