#!/usr/bin/env bash
# The main job: installs what is missing, builds recsh (release) and runs the demo script on
# the default dataset (ml-latest-small with TMDB metadata). Usage: Scripts/demo.sh [more.rec ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_stage "checking system libraries (libreadline-dev zlib1g-dev libopenblas-dev libsqlite3-dev)"
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev libsqlite3-dev
recsh_build "recsh (release)" -c release --product recsh
recsh_stage "running Scripts/demo.rec and Scripts/models.rec on ml-latest-small + TMDB"
exec .build/release/recsh Scripts/demo.rec Scripts/models.rec "$@"
