#!/usr/bin/env bash
# Runs the test suite: installs what is missing, builds, runs `swift test`. The tests read the
# real datasets from ../shared/datasets (or $RECSH_SHARED_DATASETS).
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_stage "checking system libraries (libreadline-dev zlib1g-dev libopenblas-dev libsqlite3-dev tmux python3)"
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libsqlite3-dev tmux python3
if [[ ! -d ${RECSH_SHARED_DATASETS:-../shared/datasets} ]]; then
  echo "note: ../shared/datasets is missing; the tests on real data will fail. Set RECSH_SHARED_DATASETS to its location." >&2
fi
recsh_build "recsh and its tests (debug)" --build-tests
recsh_stage "running the test suite (swift test)"
# a hung test must not hold CI for its whole budget
timeout --kill-after=30 1800 swift test --skip-build 2>&1
