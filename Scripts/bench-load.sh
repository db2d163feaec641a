#!/usr/bin/env bash
# Load speed and memory, release build, against pandas.read_csv on the same files.
#   1. ml-latest-small with TMDB metadata (target: well under a second)
#   2. a 25M-rating ratings.csv of the ML-25M shape from shared/peers/synth.py
#      (target: under 10 s and under 1.5 GB peak)
# Each program runs RUNS times, alternating; the medians are compared as a ratio.
# Usage: Scripts/bench-load.sh   (BENCH_DIR=/tmp/recsh-bench RUNS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev time
BENCH_DIR=${BENCH_DIR:-/tmp/recsh-bench}
RUNS=${RUNS:-3}
SHARED=${RECSH_SHARED_DATASETS:-../shared/datasets}
PEERS=$(dirname "$SHARED")/peers
python3 -c "import pandas" 2>/dev/null || pip install -q pandas >&2
swift build -c release --product recsh 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]' >&2 || true; }
RECSH=.build/release/recsh
CSV25=$BENCH_DIR/synth-25m/ratings.csv
if [[ ! -f $CSV25 ]]; then
  echo "writing $CSV25 with synth.py (a few minutes)..." >&2
  python3 "$PEERS/synth.py" --size 25m --out "$CSV25" >&2
fi

# prints "seconds peak_mb" for a command, from GNU time
measure() {
  /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%s %.0f\n", $1, $2/1024}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

pandas_small='import pandas as pd, sys; d=sys.argv[1]; [pd.read_csv(f"{d}/ml-latest-small/{f}") for f in ("ratings.csv","movies.csv","links.csv","tags.csv")]; [pd.read_csv(f"{d}/tmdb/{f}") for f in ("tmdb_5000_movies.csv","tmdb-movies.csv","keywords.csv","links.csv")]'
pandas_25m='import pandas as pd, sys; pd.read_csv(sys.argv[1], dtype={"userId":"int32","movieId":"int32","rating":"float32","timestamp":"int64"})'

run_case() {
  local label=$1; shift
  local rt=() rm=() pt=() pm=()
  for ((i = 0; i < RUNS; i++)); do
    read -r t m < <(measure "$RECSH" -c "$1"); rt+=("$t"); rm+=("$m")
    read -r t m < <(measure python3 -c "$2" "$3"); pt+=("$t"); pm+=("$m")
  done
  local r p rmem pmem
  r=$(printf '%s\n' "${rt[@]}" | median); p=$(printf '%s\n' "${pt[@]}" | median)
  rmem=$(printf '%s\n' "${rm[@]}" | median); pmem=$(printf '%s\n' "${pm[@]}" | median)
  printf '%-34s recsh %6.2f s %6s MB | pandas %6.2f s %6s MB | time ratio pandas/recsh %5.2fx, memory %5.2fx\n' \
    "$label" "$r" "$rmem" "$p" "$pmem" "$(echo "$p / $r" | bc -l)" "$(echo "$pmem / $rmem" | bc -l)"
}

echo "recsh load benchmark · $(date -u +%Y-%m-%d) · $(nproc) cores · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · medians of $RUNS (whole process, start-up included)"
run_case "ml-latest-small + TMDB" "load ml-latest-small; load tmdb" "$pandas_small" "$SHARED"
run_case "synth 25M ratings.csv" "load $CSV25" "$pandas_25m" "$CSV25"
