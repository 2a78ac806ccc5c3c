#!/usr/bin/env bash
# Configures and builds Tern into build/ (the binary is build/tern). ccache is used
# when present. Extra arguments go to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
# Paths relative to the checkout, so every clone (and CI) shares one ccache.
export CCACHE_BASEDIR="$PWD"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [[ ! -f build/CMakeCache.txt ]]; then
  cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
elif (($#)); then
  cmake -S . -B build "$@"
fi
cmake --build build -j"$(nproc)"
