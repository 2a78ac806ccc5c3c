#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ and either replays their
# corpora (default: what CI does) or fuzzes one target for a while:
#   scripts/fuzz.sh                  replay every corpus once
#   scripts/fuzz.sh run mime_fuzz 300  fuzz mime_fuzz for 300 s
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-replay}
flags='-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined'
if [[ ! -f build-fuzz/CMakeCache.txt ]]; then
  CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTERN_FUZZ=ON -DTERN_TESTS=OFF -DCMAKE_CXX_FLAGS="$flags" >/dev/null
fi
targets=()
for src in tests/fuzz/*_fuzz.cc; do targets+=("$(basename "$src" .cc)"); done
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"

corpora() {  # the seed corpus in the tree, plus the shared mail corpus for MIME
  local t=$1
  echo "tests/fuzz/corpus/${t%_fuzz}"
  if [[ $t == mime_fuzz && -d ../shared/corpus/eml ]]; then printf "%s\n" ../shared/corpus/eml/*/; fi
}

if [[ $mode == replay ]]; then
  for t in "${targets[@]}"; do
    dict=tests/fuzz/dict/${t%_fuzz}.dict
    # -runs=0 with directories: execute every input once, fail on any crash.
    mapfile -t dirs < <(corpora "$t")
    echo "replaying ${t} over ${dirs[*]}" >&2
    ASAN_OPTIONS=detect_leaks=1 "build-fuzz/tests/fuzz/$t" -runs=0 ${dict:+-dict=$dict} "${dirs[@]}" 2>&1 |
      tail -n 2
  done
else
  t=${2:?target}
  secs=${3:-60}
  work=$(mktemp -d)
  "build-fuzz/tests/fuzz/$t" -max_total_time="$secs" -dict="tests/fuzz/dict/${t%_fuzz}.dict" \
    "$work" tests/fuzz/corpus/"${t%_fuzz}"
fi
