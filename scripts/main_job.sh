#!/usr/bin/env bash
# The main job: build, get MNIST if it is not here yet, train the reference MLP, evaluate it on the
# test set, draw the comparison figure of explanation methods (out/comparison.png), measure them by
# pixel flipping (out/pixel_flipping.png) and write the explorer page (out/report/index.html).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
[ -f build/build.ninja ] || meson setup build --buildtype=release
meson compile -C build glassbox  # the command only: the test programs are not needed here

# The data root is $GLASSBOX_DATA, else ./data (where scripts/fetch_data.sh puts it).
if [ ! -d "${GLASSBOX_DATA:-data}/mnist" ]; then
  if [ ! -f scripts/fetch_data.sh ]; then
    echo "main_job.sh: no MNIST under ${GLASSBOX_DATA:-./data}; set GLASSBOX_DATA (e.g. to ../shared/data)" >&2
    exit 1
  fi
  bash scripts/fetch_data.sh
fi

mkdir -p out
./build/cli/glassbox train --preset mlp --epochs 10 --out out/mlp.json
./build/cli/glassbox evaluate --model out/mlp.json --split test
./build/cli/glassbox compare --model out/mlp.json --count 8 --out out/comparison.png
./build/cli/glassbox pixel-flipping --model out/mlp.json --count 100 --out out/pixel_flipping.png
./build/cli/glassbox report --model out/mlp.json --count 16 --out out/report  # prints the page to open
