#!/usr/bin/env bash
# The main job: installs what is missing, builds recsh (release) and runs the demo script on
# the default dataset (ml-latest-small with TMDB metadata). Usage: Scripts/demo.sh [more.rec ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev
swift build -c release --product recsh 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]' >&2 || true; }
exec .build/release/recsh Scripts/demo.rec Scripts/models.rec "$@"
