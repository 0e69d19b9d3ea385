#!/usr/bin/env bash
# Installs the Debian packages glassbox needs to build, but only those missing; safe to rerun.
# Usage: scripts/setup.sh [--with-tests] [--with-torch]
#   --with-tests  also install what the test suites, sanitizer and fuzzing builds need.
#   --with-torch  also install PyTorch and NumPy (scripts/from_pytorch.py, its test, the benchmarks),
#                 and Pillow and torchvision, which Zennit needs (benchmarks/compare_zennit.py).
set -euo pipefail

# What building the `glassbox` command and running the main job need (scripts/main_job.sh).
packages=(
  build-essential g++ meson ninja-build pkg-config              # toolchain
  libxtensor-dev libxtensor-blas-dev libxsimd-dev xtl-dev       # tensors
  libopenblas-dev liblapack-dev                                 # BLAS behind xtensor-blas
  nlohmann-json3-dev libcli11-dev zlib1g-dev libpng-dev libarchive-dev
  curl ca-certificates                                          # scripts/fetch_data.sh
)
# What only the tests need (scripts/test.sh, test_sanitizers.sh, fuzz.sh, .ci/run): a few hundred
# MB that a newcomer's main job does not wait for.
test_packages=(
  doctest-dev                                                   # the test suites
  clang libclang-rt-14-dev libomp-dev                           # scripts/fuzz.sh: libFuzzer
  chromium chromium-driver python3-selenium                     # tests/test_report_browser.py
)

# True when Debian package $1 is installed (and false for a name dpkg has never heard of).
is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == *" installed" ]]
}

main() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --with-tests) packages+=("${test_packages[@]}") ;;
      --with-torch) packages+=(python3-torch python3-numpy python3-pil python3-torchvision) ;;
      -h | --help) sed -n '2,6s/^# \{0,1\}//p' "$0"; return 0 ;;
      *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; return 2 ;;
    esac
  done

  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "setup.sh: needs Debian's dpkg-query and apt-get; install these by hand: ${packages[*]}" >&2
    return 1
  fi

  local pkg missing=()
  for pkg in "${packages[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "setup.sh: all ${#packages[@]} packages already installed"
    return 0
  fi

  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "setup.sh: not root and no sudo; as root, run: apt-get install ${missing[*]}" >&2
      return 1
    fi
    as_root=(sudo)
  fi
  local apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y)
  "${apt[@]}" update
  "${apt[@]}" install --no-install-recommends "${missing[@]}"
  echo "setup.sh: installed ${missing[*]}"
}

# Run only when executed, so tests can `source` this file and call is_installed.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
