#!/usr/bin/env bash
# Makes sure the datasets glassbox reads are present and intact, downloading whatever is missing.
# Usage: scripts/fetch_data.sh [--verify-only]
#   The data root is $GLASSBOX_DATA if set, else ./data. Files already there are checked against
#   their published checksums; missing ones are downloaded from public mirrors into the data root.
#   --verify-only  check what is there and download nothing (fails if anything is missing).
#
# Layout (what datasets/data_directory.hpp expects):
#   mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz    MNIST, md5 as published by LeCun et al.
#   20news/20news-bydate.tar.gz                               20 Newsgroups "bydate" (J. Rennie)
# A download goes to a temporary file beside its target and is renamed only once its checksum is
# right, so an interrupted run never leaves a half-written file that looks complete.
set -euo pipefail
# ./data means the repository's data/ folder wherever this is run from; a relative GLASSBOX_DATA is
# taken from the caller's directory, as the programs do.
repository=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

readonly mnist_mirrors=(
  https://ossci-datasets.s3.amazonaws.com/mnist
  https://storage.googleapis.com/cvdf-datasets/mnist
)
# file name -> md5 of the original distribution files.
declare -rA mnist_md5=(
  [train-images-idx3-ubyte.gz]=f68b3c2dcbeaaa9fbdd348bbdeb94873
  [train-labels-idx1-ubyte.gz]=d53e105ee54ea40749a09fcbcd1e9432
  [t10k-images-idx3-ubyte.gz]=9fb629c4189551a2d022fa330f9573f3
  [t10k-labels-idx1-ubyte.gz]=ec29112dd5afa0611ce80d1b7f02629c
)
readonly news_urls=(
  http://qwone.com/~jason/20Newsgroups/20news-bydate.tar.gz
  https://ndownloader.figshare.com/files/5975967
)
# The original archive, which the mirrors serve.
readonly news_sha256_original=8f1b2514ca22a5ade8fbb9cfa5727df95fa587f4c87b786e15c759fa66d95610
# The copy in shared/data is a re-pack of the same article files (sorted members, fixed timestamps;
# see shared/data/README.md), so its archive checksum differs. Accepted for files already present.
readonly news_sha256_repack=5d13f4242e392988cf6a2e2422ec5c371a2cbe1851ce0a71ae3552ef67ad5d1e

die() {
  echo "fetch_data.sh: $*" >&2
  exit 1
}

# Fails now, in this shell, when a checksum tool is missing (not later inside a $(...) subshell,
# where the failure would look like a wrong checksum).
require_checksum_tool() {
  command -v "${1}sum" >/dev/null || die "needs ${1}sum (GNU coreutils) to verify files; run scripts/setup.sh"
}

# True when the $1 (md5 or sha256) checksum of file $2 equals any of the remaining arguments.
checksum_matches() {
  local algorithm=$1 file=$2 actual expected
  shift 2
  actual=$("${algorithm}sum" "$file" | cut -d' ' -f1)
  for expected in "$@"; do
    if [ "$actual" = "$expected" ]; then return 0; fi
  done
  return 1
}

# Sets `downloader` to curl or wget, whichever exists.
choose_downloader() {
  if command -v curl >/dev/null; then
    downloader=curl
  elif command -v wget >/dev/null; then
    downloader=wget
  else
    die "needs curl or wget to download; run scripts/setup.sh"
  fi
}

# Downloads URL $1 to file $2 quietly; on failure prints the tool's reason on one line and fails.
download() {
  local url=$1 target=$2 reason status=0
  if [ "$downloader" = curl ]; then
    reason=$(curl -fsS -L --connect-timeout 20 --retry 2 -o "$target" "$url" 2>&1) || status=$?
  else
    reason=$(wget -q --timeout=20 --tries=3 -O "$target" "$url" 2>&1) || status=$?
  fi
  [ "$status" -eq 0 ] && return 0
  # curl repeats its message on every retry: the last line says it all. wget -q says nothing.
  reason=${reason##*$'\n'}
  if [ -z "$reason" ]; then
    case "$downloader:$status" in
      wget:4) reason="wget: network failure" ;;
      wget:8) reason="wget: the server answered with an error" ;;
      *) reason="$downloader exited with status $status" ;;
    esac
  fi
  echo "$reason"
  return 1
}

# On exit, whatever happened: remove unfinished downloads, and the folders this run created if they
# are still empty, so a failed run leaves no data/mnist/ that looks like a data folder.
temporary_files=()
created_folders=()
clean_up() {
  if [ ${#temporary_files[@]} -gt 0 ]; then rm -f "${temporary_files[@]}"; fi
  local folder
  for folder in "${created_folders[@]}"; do rmdir "$folder" 2>/dev/null || true; done
}
trap clean_up EXIT

# ensure_file RELATIVE ALGORITHM EXPECTED [ALSO_ACCEPTED] -- URL...
# Ensures $data_root/RELATIVE exists with the ALGORITHM checksum EXPECTED (an existing file may
# instead match ALSO_ACCEPTED), downloading it from the first URL that serves the right bytes.
ensure_file() {
  local relative=$1 algorithm=$2 expected=$3
  shift 3
  local accepted=("$expected")
  while [ "$1" != -- ]; do
    accepted+=("$1")
    shift
  done
  shift
  local urls=("$@") target="$data_root/$relative"
  require_checksum_tool "$algorithm"

  if [ -e "$target" ]; then
    checksum_matches "$algorithm" "$target" "${accepted[@]}" ||
      die "$target is present but its $algorithm is not ${accepted[*]}; remove it to download it again"
    echo "fetch_data.sh: $target verified ($algorithm)"
    return 0
  fi
  [ "$verify_only" = false ] || die "$target is missing (--verify-only downloads nothing)"

  choose_downloader
  local folder temporary url reason="" tried=0
  local hint="Offline? Set GLASSBOX_DATA to a folder that already holds the data (e.g. ../shared/data)."
  folder=$(dirname "$target")
  local parent
  for parent in "$folder" "$data_root"; do  # innermost first, the order rmdir needs
    [ -d "$parent" ] || created_folders+=("$parent")
  done
  mkdir -p "$folder" 2>/dev/null || die "cannot create $folder to download $relative into"
  temporary=$(mktemp "$folder/.$(basename "$target").XXXXXX" 2>/dev/null) ||
    die "cannot write in $folder to download $relative"
  temporary_files+=("$temporary")
  for url in "${urls[@]}"; do
    tried=$((tried + 1))
    echo "fetch_data.sh: downloading $url" >&2
    reason=$(download "$url" "$temporary") || continue
    hint="No mirror served the published file; get it by hand and check its $algorithm."
    if checksum_matches "$algorithm" "$temporary" "$expected"; then
      chmod 0644 "$temporary"
      mv -f "$temporary" "$target"
      echo "fetch_data.sh: $target downloaded and verified ($algorithm)"
      return 0
    fi
    reason="$url served a file whose $algorithm is not $expected"
  done
  die "cannot download $relative (tried $tried mirrors; last error: $reason). $hint"
}

main() {
  verify_only=false
  local arg
  for arg in "$@"; do
    case "$arg" in
      --verify-only) verify_only=true ;;
      -h | --help) sed -n '2,6s/^# \{0,1\}//p' "$0"; return 0 ;;
      *) die "unknown option '$arg' (try --help)" ;;
    esac
  done

  if [ -n "${GLASSBOX_DATA:-}" ]; then
    data_root=$GLASSBOX_DATA
    [ -d "$data_root" ] || [ ! -e "$data_root" ] ||
      die "GLASSBOX_DATA=$data_root is not a directory"
  else
    data_root=$repository/data
  fi

  local name mirror urls
  for name in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz \
    t10k-labels-idx1-ubyte.gz; do
    urls=()
    for mirror in "${mnist_mirrors[@]}"; do urls+=("$mirror/$name"); done
    ensure_file "mnist/$name" md5 "${mnist_md5[$name]}" -- "${urls[@]}"
  done
  ensure_file 20news/20news-bydate.tar.gz sha256 "$news_sha256_original" "$news_sha256_repack" \
    -- "${news_urls[@]}"
  echo "fetch_data.sh: all datasets present in $data_root"
}

# Run only when executed, so a test can `source` this file and call ensure_file with file:// URLs.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
