#!/usr/bin/env bash
# Regenerates every committed tutorial figure from full runs: builds the tutorial programs, runs each
# in full mode into out/figures/<tutorial>/, and copies the figures its page shows into
# tutorials/<tutorial>/figures/. Then look at them (git diff --stat shows which changed).
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
  "build/tutorials/tutorial-$number" "out/figures/$name"
  mkdir -p "$folder/figures"
  for figure in $(python3 tests/check_tutorial.py --list-figures "$folder"); do
    cp "out/figures/$name/$figure" "$folder/figures/$figure"
  done
  echo "== tutorial-$number: $((SECONDS - start)) s"
done
