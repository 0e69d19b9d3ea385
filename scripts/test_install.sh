#!/usr/bin/env bash
# Installs glassbox into a temporary folder and uses it as a program outside the tree would
# (README.md, "Use glassbox from your program"): checks what was installed, builds
# examples/explain_digit against it through glassbox.pc (with its meson.build and with the one-line
# c++ command), trains a small MLP with the installed `glassbox` and explains a test digit with
# the example; the heatmap must be a PNG. Exits non-zero on any failure.
#
#   bash scripts/test_install.sh        after scripts/test.sh (uses its build/), as .ci/run does
#
# The training needs MNIST ($GLASSBOX_DATA or ./data); without it the run stops after building the
# example, with a message, except under CI=true, where that is a failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repository=$(pwd)
start=$SECONDS

[ -f build/build.ninja ] || meson setup build --buildtype=release
work=$(mktemp -d "${TMPDIR:-/tmp}/glassbox-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --destdir stages the files under $work/stage without changing build/'s prefix (so nothing is
# rebuilt); the copied glassbox.pc then gets the staged prefix, which is all a user's own
# `meson setup --prefix` would change.
meson install -C build --destdir "$work/stage" --quiet
pc_file=$(find "$work/stage" -name glassbox.pc)
[ -n "$pc_file" ] || { echo "test_install: no glassbox.pc installed" >&2; exit 1; }
prefix=$(sed -n 's/^prefix=//p' "$pc_file")
sed -i "s|^prefix=.*|prefix=$work/stage$prefix|" "$pc_file"
export PKG_CONFIG_PATH="$(dirname "$pc_file")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
installed="$work/stage$prefix"

# Every header of the libraries and nothing else (no sources, tests or tools) under include/glassbox.
expected=$(find framework datasets explain -name '*.hpp' | LC_ALL=C sort)
actual=$(cd "$installed/include/glassbox" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
if [ "$expected" != "$actual" ]; then
  echo "test_install: include/glassbox differs from the tree's headers (< tree, > installed):" >&2
  diff <(echo "$expected") <(echo "$actual") >&2 || true
  exit 1
fi
for library in framework datasets render explain explain_writers explain_report; do
  [ -f "$(pkg-config --variable=libdir glassbox)/libglassbox_$library.a" ] ||
    { echo "test_install: libglassbox_$library.a not installed" >&2; exit 1; }
done
[ -x "$installed/bin/glassbox" ] || { echo "test_install: bin/glassbox not installed" >&2; exit 1; }
echo "test_install: installed $(echo "$actual" | wc -l) headers, 6 libraries, glassbox, glassbox.pc"

# The example, copied out of the tree so that nothing but the installed files can be found.
cp -r examples/explain_digit "$work/explain_digit"
cd "$work/explain_digit"
meson setup build >setup.log || { cat setup.log >&2; exit 1; }
meson compile -C build >compile.log || { cat compile.log >&2; exit 1; }
c++ -std=c++17 -O2 explain_digit.cpp -o explain_digit_oneline $(pkg-config --cflags --libs glassbox)
echo "test_install: explain_digit built with meson and with c++ \$(pkg-config ...) ($((SECONDS - start)) s so far)"

if [ -z "${GLASSBOX_DATA:-}" ] && [ -d "$repository/data" ]; then
  export GLASSBOX_DATA="$repository/data"
fi
if [ ! -f "${GLASSBOX_DATA:-/nonexistent}/mnist/t10k-images-idx3-ubyte.gz" ]; then
  if [ "${CI:-}" = true ]; then
    echo "test_install: FAILED: no MNIST in \$GLASSBOX_DATA (${GLASSBOX_DATA:-unset}) under CI" >&2
    exit 1
  fi
  echo "test_install: no MNIST (\$GLASSBOX_DATA or ./data): skipped training and running the example"
  exit 0
fi

# One epoch on 2,000 images: a few seconds, and enough for a model that predicts most digits.
"$installed/bin/glassbox" train --preset mlp --epochs 1 --train-size 2000 --validation-size 0 \
  --out small.json >/dev/null
for program in build/explain_digit ./explain_digit_oneline; do
  rm -f heatmap.png
  "$program" small.json 0 heatmap.png
  # A PNG file starts with the bytes 89 50 4E 47 ("\x89PNG").
  if [ "$(head -c 4 heatmap.png 2>/dev/null | od -An -tx1 | tr -d ' ')" != 89504e47 ]; then
    echo "test_install: $program wrote no PNG heatmap.png" >&2
    exit 1
  fi
done
echo "test_install: passed in $((SECONDS - start)) s"
