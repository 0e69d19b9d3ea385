#!/usr/bin/env bash
# Regenerates every committed tutorial figure from full runs: builds the tutorial programs, runs each
# in full mode into out/figures/<tutorial>/, and copies the figures its page shows into
# tutorials/<tutorial>/figures/, with full_run.txt: the run's date, machine, commit and output, which
# is where the page's numbers come from. Then look at the figures (git diff --stat shows which changed).
# Usage: scripts/make_figures.sh [NN ...]   (default: every tutorial; e.g. `07 08` for two of them)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ -f build/build.ninja ] || meson setup build --buildtype=release
wanted=("$@")
for folder in tutorials/[0-9][0-9]_*/; do
  folder=${folder%/}
  name=$(basename "$folder")
  number=${name%%_*}
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $number "* ]]; then
    continue
  fi
  meson compile -C build "tutorial-$number" >/dev/null
  echo "== tutorial-$number ($name), full run"
  start=$SECONDS
  "build/tutorials/tutorial-$number" "out/figures/$name" | tee "out/figures/$name.log"
  mkdir -p "$folder/figures"
  for figure in $(python3 tests/check_tutorial.py --list-figures "$folder"); do
    cp "out/figures/$name/$figure" "$folder/figures/$figure"
  done
  # Where the page's numbers come from: the run's date, machine, commit and printed measurements.
  {
    echo "full run of build/tutorials/tutorial-$number by scripts/make_figures.sh"
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "time: $((SECONDS - start)) s"
    echo
    cat "out/figures/$name.log"
  } > "$folder/figures/full_run.txt"
  echo "== tutorial-$number: $((SECONDS - start)) s"
done
