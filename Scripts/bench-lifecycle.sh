#!/usr/bin/env bash
# The lifecycle's costs on ml-100k, release build, in one run:
#   retrain      one `retrain NAME simulate=7d models=als,ease` (ingest a week, train the two
#                candidates and Production's knn, track five runs, evaluate on I2 validation,
#                apply the rule, register): median of RUNS, each on the next week      goal: < 30 s
#   tracking     what tracking adds to one `eval popular` (one run: 17 params, 17 metrics, tags,
#                eval.csv), against MLflow's own client logging the same run to a file store
#                (Scripts/bench_mlflow.py; > 1 means recsh's tracking is cheaper)
# Usage: Scripts/bench-lifecycle.sh   RUNS=3
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
source Scripts/requirements-mlflow.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev
RUNS=${RUNS:-3}
swift build -c release --product recsh 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]' >&2 || true; }
recsh_mlflow_install
RECSH=.build/release/recsh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the p50 line of timeit, in seconds
p50() { grep -E '^p50 ' | grep -oE '~[0-9.]+(ms|µs|s)' | awk '{v=$0; sub("~","",v); if (v ~ /ms$/) {sub("ms","",v); v=v/1000} else if (v ~ /µs$/) {sub("µs","",v); v=v/1e6} else sub("s","",v); print v}'; }

retrain=$($RECSH -c "track $work/store; load ml-100k; holdout 28d; train knn; split i2; eval knn; register knn as w; promote w 1; timeit n=$RUNS \"retrain w simulate=7d models=als,ease\"" | p50)
printf '%-34s recsh %8.3f s (median of %d, goal < 30 s)\n' "retrain, ml-100k, als+ease" "$retrain" "$RUNS"

n=20
off=$($RECSH -c "load ml-100k; split i2; timeit n=$n \"eval popular\"" | p50)
on=$($RECSH -c "load ml-100k; split i2; track $work/store2; timeit n=$n \"eval popular\"" | p50)
recsh_run=$(echo "$on - $off" | bc -l)
peer=$("$RECSH_MLFLOW_VENV/bin/python" Scripts/bench_mlflow.py "$work/peer" $n 2>/dev/null)
printf '%-34s recsh %8.4f s | mlflow client %8.4f s | peer/recsh %6.2fx\n' "tracking one eval run" "$recsh_run" "$peer" "$(echo "$peer / $recsh_run" | bc -l)"
