#!/usr/bin/env bash
# Builds glassbox's tests with AddressSanitizer and UndefinedBehaviorSanitizer (-O1, in build-asan/)
# and runs them; any memory error, leak or undefined behaviour fails the run.
#
#   bash scripts/test_sanitizers.sh                  the framework, datasets and cli suites (as CI)
#   bash scripts/test_sanitizers.sh all              every suite
#   bash scripts/test_sanitizers.sh explain render   the suites named
#
# CI runs the framework, datasets and cli suites: the first two hold every reader of untrusted
# files (IDX, gzip, 20 Newsgroups archives, model files, checkpoints, documents) and the trainable
# core; the cli suite runs the sanitized `glassbox` command itself on bad input and under Ctrl-C,
# which reaches the explanation methods and figures on the way. `all` adds the render, explain and
# scripts suites (docs/robustness.md gives the times). With GLASSBOX_SKIP_SLOW_TRAINING=1 (as
# .ci/run sets it) the tests that train on whole real datasets are skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(framework datasets cli)

bash scripts/setup.sh --with-tests
# A unity build (each library one translation unit) parses xtensor's headers once per library
# instead of once per file: about a quarter of the compile time of this build, which nobody edits.
[ -f build-asan/build.ninja ] ||
  meson setup build-asan -Db_sanitize=address,undefined -Doptimization=1 -Ddebug=false \
    -Dunity=on -Dunity_size=100

suite_options=()
if [ "${suites[0]}" = all ]; then
  meson compile -C build-asan
else
  # Build only the chosen suites' test programs and what they run (the cli suite runs the
  # `glassbox` command: a test's "depends"), not the whole project.
  targets=$(python3 - "${suites[@]}" <<'PYTHON'
import json, os, subprocess, sys
def introspect(what):
    return json.loads(subprocess.check_output(["meson", "introspect", "build-asan", what]))
files = {t["id"]: t["filename"] for t in introspect("--targets")}
build = os.path.abspath("build-asan")
chosen = set()
for test in introspect("--tests"):
    if set(test["suite"]) & {"glassbox:" + s for s in sys.argv[1:]}:
        chosen.add(test["cmd"][0])
        for target in test.get("depends", []):
            chosen.update(files.get(target, []))
print(" ".join(os.path.relpath(path, build) for path in sorted(chosen)))
PYTHON
)
  [ -n "$targets" ] || { echo "test_sanitizers.sh: no tests in suites ${suites[*]}" >&2; exit 1; }
  # shellcheck disable=SC2086  # one target per word
  ninja -C build-asan $targets
  for suite in "${suites[@]}"; do suite_options+=(--suite "$suite"); done
fi

# halt_on_error: UBSan only prints by default, and the test would still pass.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
# Sanitized code runs a few times slower; the suites' own timeouts are for release builds. The
# tutorials are left to the release run: they only call code the suites test here already.
meson test -C build-asan --no-rebuild --print-errorlogs --timeout-multiplier 4 \
  --no-suite tutorials "${suite_options[@]}"
