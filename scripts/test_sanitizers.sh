#!/usr/bin/env bash
# Builds glassbox with AddressSanitizer and UndefinedBehaviorSanitizer (debugoptimized, in build-asan/)
# and runs the whole test suite under them; any memory error, leak or undefined behaviour fails it.
# With GLASSBOX_SKIP_SLOW_TRAINING=1 (as .ci/run sets it) the four tests that train on whole real
# datasets (MNIST MLP and CNN, 20 Newsgroups tf-idf models and text CNN) are skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
[ -f build-asan/build.ninja ] ||
  meson setup build-asan -Db_sanitize=address,undefined -Dbuildtype=debugoptimized
meson compile -C build-asan

# halt_on_error: UBSan only prints by default, and the test would still pass.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
# Sanitized code runs a few times slower; the suites' own timeouts are for release builds. The
# tutorials are left to the release run: they only call code the suites test here already.
meson test -C build-asan --print-errorlogs --timeout-multiplier 4 --no-suite tutorials
