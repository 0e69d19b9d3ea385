#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang, AddressSanitizer and UndefinedBehaviorSanitizer
# into build-fuzz/, then runs each for SECONDS (default 30). Exits non-zero when a target crashes;
# the input that crashed it is left in build-fuzz/artifacts/.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   (targets: idx model_file model_spec checkpoint newsgroups_document)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-30}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(idx model_file model_spec checkpoint newsgroups_document)

if [ ! -f build-fuzz/build.ninja ]; then
  # Unity build: one translation unit per library, a fraction of the compile time (see
  # scripts/test_sanitizers.sh); nobody edits this build.
  CXX=clang++ meson setup build-fuzz -Dfuzz=true -Dtests=disabled -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false -Dunity=on -Dunity_size=100
fi
meson compile -C build-fuzz "${targets[@]/#/fuzz_}"

# Undefined behaviour is a finding like any crash; leaks too.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="detect_leaks=1"
mkdir -p build-fuzz/artifacts
status=0
for target in "${targets[@]}"; do
  # The fuzzer grows its own copy of the corpus; the seeds in the repository stay as they are.
  corpus="build-fuzz/corpus/$target"
  mkdir -p "$corpus"
  log="build-fuzz/fuzz_$target.log"
  echo "fuzz.sh: $target for $seconds s (log: $log)"
  # -timeout=30: a legal model of ~10^5 weights takes a few seconds under the sanitizers on a busy
  # machine; a hang still shows, since every input is bounded far below that (docs/robustness.md).
  if "build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=30 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$target-" \
      "$corpus" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^Done' "$log" | sed "s/^/  /"
  else
    status=1
    echo "fuzz.sh: $target FAILED; the end of its log:"
    tail -n 40 "$log"
  fi
done
exit "$status"
