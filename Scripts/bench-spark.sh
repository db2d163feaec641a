#!/usr/bin/env bash
# recsh's ALS against Spark MLlib's on one machine (release build): `train als reg-scaling=count`
# and `train als engine=spark` (local[2], the same objective), on ml-100k and synth-1m, alternated
# SPARK_RUNS times; prints the medians, the ratio, and Spark's part of each run: its start-up
# (the JVM, the Python driver and the SparkSession), shipping the data, the fit itself, and the
# rest (collecting the factors, files). Bench-models.sh runs it last when Spark is installed.
#   Scripts/bench-spark.sh      BENCH_DIR=/tmp/recsh-bench SPARK_RUNS=3
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/recsh-bench}
RUNS=${SPARK_RUNS:-3}
SHARED=${RECSH_SHARED_DATASETS:-../shared/datasets}
data=${RECSH_DATA:-}; data=${data%%:*}
venv=$(realpath -m "${data:-Data}/spark-venv")
[[ -x $venv/bin/spark-submit ]] || { echo "recsh: no Spark in $venv; run Scripts/requirements-spark.sh first" >&2; exit 1; }
export RECSH_SPARK_VENV=$venv
swift build -c release --product recsh 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]' >&2 || true; }
RECSH=.build/release/recsh
[[ -f $BENCH_DIR/synth-1m/ratings.dat ]] || python3 "$SHARED/../peers/synth.py" --size 1m --out "$BENCH_DIR/synth-1m/ratings.dat" >&2

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# every "~N(ms|s)" of the "Trained" line, in seconds, space-separated
seconds() { grep -m1 '^Trained' | grep -oE '~[0-9.]+(ms|s)' | awk '{v=$0; sub("~","",v); if (v ~ /ms$/) {sub("ms","",v); v=v/1000} else sub("s","",v); printf "%s ", v} END {print ""}'; }

echo "recsh ALS vs Spark MLlib ALS (local[2]) · $(date -u +%Y-%m-%d) · $(nproc) cores · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · medians of $RUNS"
for d in ml-100k synth-1m; do
  src=$d; [[ $d == synth-1m ]] && src=$BENCH_DIR/synth-1m/ratings.dat
  n=() s=() up=() ship=() fit=()
  for ((i = 0; i < RUNS; i++)); do
    n+=("$($RECSH -c "load $src; train als reg-scaling=count reg=0.1" | seconds | cut -d' ' -f1)")
    read -r total startup load train _ <<<"$($RECSH -c "load $src; train als engine=spark reg=0.1" | seconds)"
    s+=("$total") up+=("$startup") ship+=("$load") fit+=("$train")
  done
  nm=$(printf '%s\n' "${n[@]}" | median); sm=$(printf '%s\n' "${s[@]}" | median)
  um=$(printf '%s\n' "${up[@]}" | median); lm=$(printf '%s\n' "${ship[@]}" | median); fm=$(printf '%s\n' "${fit[@]}" | median)
  printf '%-24s recsh %8.3f s | spark %8.3f s | spark/recsh %7.1fx\n' "als fit, $d" "$nm" "$sm" "$(echo "$sm / $nm" | bc -l)"
  printf '%-24s spark start-up %.1f s, data %.1f s, fit %.1f s, the rest (JVM launch, factors back) %.1f s\n' "" \
    "$um" "$lm" "$fm" "$(echo "$sm - $um - $lm - $fm" | bc -l)"
done
