#!/usr/bin/env bash
# End to end at ML-25M scale (release build): load the 25M-rating CSV from synth.py, train als on
# all its positives, build the I2 split, and evaluate als over every user. Prints each step's
# time and the process's resident and peak memory after it.
# Target: under 2 minutes end to end within 24 GB.   BENCH_DIR=/tmp/recsh-bench by default.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev time
BENCH_DIR=${BENCH_DIR:-/tmp/recsh-bench}
SHARED=${RECSH_SHARED_DATASETS:-../shared/datasets}
CSV=$BENCH_DIR/synth-25m/ratings.csv
[[ -f $CSV ]] || python3 "$(dirname "$SHARED")/peers/synth.py" --size 25m --out "$CSV" >&2
swift build -c release --product recsh 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]' >&2 || true; }
echo "recsh at 25M · $(date -u +%Y-%m-%d) · $(nproc) cores · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · $(free -g | awk '/Mem:/ {print $2}') GB"
start=$(date +%s.%N)
/usr/bin/time -f 'whole run: %e s wall, peak %M KB' .build/release/recsh -c "
  load $CSV; show memory
  train als; show memory
  split i2; show memory
  eval als; show memory" 2>&1 | grep -E '^(Loaded|Trained|built in|I2 test|als  |resident|peak|whole)'
echo "end to end: $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f') s"
