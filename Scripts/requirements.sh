#!/usr/bin/env bash
# Installs the system libraries recsh needs when they are missing (Debian/Ubuntu), or stops
# with the exact command to run. Sourced by Scripts/demo.sh and Scripts/test.sh.
#   libreadline-dev  GNU readline, the prompt's line editing and history
#   zlib1g-dev       zlib, for unpacking downloaded GroupLens zips
#   libopenblas-dev  OpenBLAS: sgemm for the factor models, LAPACK Cholesky for EASE
#   libhnswlib-dev   hnswlib (header-only C++): the HNSW vector index behind RecshVector
#   libxgboost-dev   XGBoost 1.7's C API: the LambdaMART booster of `train ranker`
#   tmux             drives the interactive prompt in the pseudo-terminal tests
#   python3          serves the test zip on 127.0.0.1 and runs shared/peers/synth.py
set -euo pipefail

recsh_require() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  local cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) == 0 ]]; then
    echo "recsh: installing ${missing[*]}" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    echo "recsh: installing ${missing[*]} with sudo" >&2
    sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "recsh needs ${missing[*]}. Install with:" >&2
    echo "  sudo sh -c '$cmd'" >&2
    exit 1
  fi
}

if ! command -v swift >/dev/null; then
  echo "recsh needs the Swift toolchain (6.0 or later) on PATH: https://www.swift.org/install/linux/" >&2
  exit 1
fi

# Prints a stage line with the time since the script started.
RECSH_STARTED=${RECSH_STARTED:-$SECONDS}
recsh_stage() { printf '== [%3ds] %s\n' $((SECONDS - RECSH_STARTED)) "$*"; }

# Builds with swift build's own progress shown as it happens: every line but the per-file
# "[n/m] Compiling" ones, of which one in 25 is kept (each with its n/m), flushed line by line;
# the dependencies' warnings about their own stray files are left out.
#   recsh_build WHAT swift-build-arguments...
recsh_build() {
  local what=$1; shift
  local config=debug
  [[ " $* " == *" -c release "* ]] && config=release
  if [[ ! -d .build/$config ]]; then
    recsh_stage "first $config build of $what: swift build compiles the Swift packages too"
    echo "   (measured on a clean clone, 2 cores: the release build about 11 minutes, then the debug build with the tests about 4 more; see docs/benchmarks.md#first-build)"
  else
    recsh_stage "building $what (incremental)"
  fi
  if swift build "$@" 2>&1 | awk '
      /unhandled; explicitly declare them/ { skip = 1; next }   # dependencies warning about their own files
      skip && /^ +\// { next }
      { skip = 0 }
      /^\[[0-9]+\/[0-9]+\]/ { if (n++ % 25 != 0) next }
      { print "   " $0; fflush() }'; then
    recsh_stage "built $what"
  else
    local status=$?
    recsh_stage "build of $what failed"
    return "$status"
  fi
}
