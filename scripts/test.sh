#!/usr/bin/env bash
# Installs what is missing, builds glassbox (release, in build/) and runs the test suite; exits with its status.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh --with-tests
[ -f build/build.ninja ] || meson setup build --buildtype=release
meson compile -C build
meson test -C build --print-errorlogs
