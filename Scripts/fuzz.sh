#!/usr/bin/env bash
# Fuzzes recsh for a bounded time with a fixed seed (Scripts/fuzz.py): generated command lines,
# broken datasets, tampered artifacts. CI runs it; failing cases are kept under .build/fuzz/.
#   Scripts/fuzz.sh [SECONDS]     (default 240; at most 300 in CI)
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev libsqlite3-dev python3
recsh_build "recsh (release)" -c release --product recsh
echo "== fuzz: ${1:-240} s, seed 20261202"
python3 Scripts/fuzz.py --recsh .build/release/recsh --data "${RECSH_SHARED_DATASETS:-../shared/datasets}" --seconds "${1:-240}"
