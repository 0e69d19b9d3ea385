#!/usr/bin/env bash
# The main job: get MNIST if it is not here yet, build, train the reference MLP, evaluate it on the
# test set, draw the comparison figure of explanation methods (out/comparison.png), measure them
# by pixel flipping (out/pixel_flipping.png) and write the explorer page (out/report/index.html).
#
# The data come first: on a machine without them, and without a way to download them, the job
# says so in seconds instead of after minutes of building.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The data root is $GLASSBOX_DATA, else ./data (where scripts/fetch_data.sh puts it).
data_root="${GLASSBOX_DATA:-data}"
mnist_present() {
  local name
  for name in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz \
    t10k-labels-idx1-ubyte.gz; do
    [ -f "$data_root/mnist/$name" ] || return 1
  done
}
if ! mnist_present; then
  echo "main_job.sh: MNIST is not in $data_root/mnist; fetching it before building" >&2
  bash scripts/setup.sh  # curl, for the download
  if ! bash scripts/fetch_data.sh; then
    echo "main_job.sh: no MNIST, so nothing was built; set GLASSBOX_DATA to a folder that holds" \
      "it (e.g. ../shared/data) or let scripts/fetch_data.sh download it" >&2
    exit 1
  fi
fi

# Each part says how long it took (docs/performance.md, "Build time": the main job's parts).
timed() {
  local what=$1 start=$SECONDS
  shift
  "$@"
  echo "main_job.sh: $what took $((SECONDS - start)) s"
}

timed "packages" bash scripts/setup.sh  # what the command needs; the tests' packages are not
[ -f build/build.ninja ] || timed "configuring" meson setup build --buildtype=release
timed "building" meson compile -C build glassbox  # the command only, not the test programs

mkdir -p out
timed "training" ./build/cli/glassbox train --preset mlp --epochs 10 --out out/mlp.json
timed "evaluating" ./build/cli/glassbox evaluate --model out/mlp.json --split test
timed "comparison figure" \
  ./build/cli/glassbox compare --model out/mlp.json --count 8 --out out/comparison.png
timed "pixel flipping" \
  ./build/cli/glassbox pixel-flipping --model out/mlp.json --count 100 --out out/pixel_flipping.png
# The report prints the page to open.
timed "report" ./build/cli/glassbox report --model out/mlp.json --count 16 --out out/report
