#!/usr/bin/env bash
# Model speed against the peers, release build, in one run: each measurement alternates recsh
# and the peer RUNS times and prints the medians and their ratio (peer / recsh: > 1 means
# recsh is faster). Fit times exclude loading; recsh's ALS time includes building its matrix.
#   svd fit      vs Surprise SVD        (ml-100k E1, synth-1m E1)          target: 5x faster
#   als fit      vs implicit ALS        (synth-1m, synth-10m; 64 and 128)  target: no slower
#   eval         vs the peer's protocol.RankingTask.evaluate (EASE, I2, all users)
#   svdpp fit    vs Surprise SVDpp      (ml-100k E1)                       target: 10x faster
#   bpr fit      vs implicit BPR        (ml-100k I2 test run, defaults)
#   rp3beta fit  vs numpy/scipy RP3beta (ml-100k, ml-latest-small I2 test run)
#   tune, 20 trials vs i1_implicit.py's grid (ItemKNN K x4, ALS x12, EASE x4) on I2 ml-100k
#   ranker and gru4rec fits, recsh alone (RecBole's GRU4Rec: Scripts/bench-sequence.sh)
#   query p50    similar / recommend on ml-latest-small                    target: under 1 ms
# Usage: Scripts/bench-models.sh [quick]   (quick: skip synth-10m)   BENCH_DIR=/tmp/recsh-bench RUNS=3
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev
BENCH_DIR=${BENCH_DIR:-/tmp/recsh-bench}
RUNS=${RUNS:-3}
SHARED=${RECSH_SHARED_DATASETS:-../shared/datasets}
export RECSH_PEERS=$(cd "$SHARED/.." && pwd)/peers
python3 -c "import surprise, implicit, threadpoolctl" 2>/dev/null || pip install -q scikit-surprise==1.1.5 implicit==0.7.3 threadpoolctl==3.8.0 >&2
swift build -c release --product recsh 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]' >&2 || true; }
RECSH=.build/release/recsh
for size in 1m $([[ ${1:-} == quick ]] || echo 10m); do
  [[ -f $BENCH_DIR/synth-$size/ratings.dat ]] || python3 "$RECSH_PEERS/synth.py" --size $size --out "$BENCH_DIR/synth-$size/ratings.dat" >&2
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# the number after '~' in a recsh line matching $1, in seconds
recsh_seconds() { grep -E "$1" | head -1 | grep -oE '~[0-9.]+(ms|s)' | { if [[ $1 == "^ease " ]]; then tail -1; else head -1; fi; } | awk '{v=$0; sub("~","",v); if (v ~ /ms$/) {sub("ms","",v); v=v/1000} else sub("s","",v); print v}'; }

compare() {  # label, recsh command, pattern, peer args...
  local label=$1 cmd=$2 pattern=$3; shift 3
  local r=() p=()
  for ((i = 0; i < RUNS; i++)); do
    r+=("$($RECSH -c "$cmd" | recsh_seconds "$pattern")")
    p+=("$(python3 Scripts/bench_peers.py "$@")")
  done
  local rm pm
  rm=$(printf '%s\n' "${r[@]}" | median); pm=$(printf '%s\n' "${p[@]}" | median)
  printf '%-34s recsh %8.3f s | peer %8.3f s | peer/recsh %6.2fx\n' "$label" "$rm" "$pm" "$(echo "$pm / $rm" | bc -l)"
}

echo "recsh model benchmark · $(date -u +%Y-%m-%d) · $(nproc) cores · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · medians of $RUNS"
compare "svd fit, ml-100k E1 (Surprise)" "load ml-100k; split e1; eval svd" "^svd " svd "$SHARED/ml-100k"
compare "svd fit, synth-1m E1 (Surprise)" "load $BENCH_DIR/synth-1m/ratings.dat; split e1; eval svd" "^svd " svd "$BENCH_DIR/synth-1m"
for size in 1m $([[ ${1:-} == quick ]] || echo 10m); do
  for f in 64 128; do
    compare "als fit, synth-$size, $f factors (implicit)" "load $BENCH_DIR/synth-$size/ratings.dat; train als factors=$f" "^Trained als" als "$BENCH_DIR/synth-$size" $f
  done
done
for d in ml-100k ml-latest-small; do
  compare "eval EASE I2 all users, $d" "load $d; split i2; eval ease" "^ease " eval "$SHARED/$d"
done
compare "svdpp fit, ml-100k E1 (Surprise)" "load ml-100k; split e1; eval svdpp" "^svdpp " svdpp "$SHARED/ml-100k"
compare "bpr fit, ml-100k I2 (implicit)" "load ml-100k; split i2; eval bpr" "^bpr " bpr "$SHARED/ml-100k"
for d in ml-100k ml-latest-small; do
  compare "rp3beta fit, $d I2 (numpy)" "load $d; split i2; eval rp3beta" "^rp3beta " rp3beta "$SHARED/$d"
done
# tune prints its wall time once per search; the three searches are the peer's 20 configurations
tune_seconds() { grep -oE '^wall time +~[0-9.]+(ms|s)' | grep -oE '[0-9.]+(ms|s)' | awk '{v=$0; if (v ~ /ms$/) {sub("ms","",v); v=v/1000} else sub("s","",v); t+=v} END {print t}'; }
r=() p=()
for ((i = 0; i < RUNS; i++)); do
  r+=("$($RECSH -c "load ml-100k; split i2; tune knn k=20,50,100,200; tune als factors=64,128 reg=0.01,0.1 alpha=1,10,40; tune ease lambda=100,250,500,1000" | tune_seconds)")
  p+=("$(python3 Scripts/bench_peers.py grid "$SHARED/ml-100k")")
done
rm=$(printf '%s\n' "${r[@]}" | median); pm=$(printf '%s\n' "${p[@]}" | median)
printf '%-34s recsh %8.3f s | peer %8.3f s | peer/recsh %6.2fx\n' "tune 20 trials, ml-100k I2 (implicit)" "$rm" "$pm" "$(echo "$pm / $rm" | bc -l)"
# the stack of issue 14, recsh alone (its peers, RecBole's GRU4Rec, run in Scripts/bench-sequence.sh):
# the ranker's fit is its sources refitted on I2's validation run, the candidate rows and 100
# rounds of XGBoost, then the sources refitted on the test run; gru4rec's is BPTT to early stopping
for d in ml-100k ml-latest-small; do
  r=()
  for ((i = 0; i < RUNS; i++)); do
    r+=("$($RECSH -c "load $d; train popular; train knn; train als; split i2; train ease; eval ranker" | recsh_seconds "^ranker ")")
  done
  printf '%-34s recsh %8.3f s (sources popular, knn, als, ease)\n' "ranker fit, $d I2" "$(printf '%s\n' "${r[@]}" | median)"
  r=()
  for ((i = 0; i < RUNS; i++)); do r+=("$($RECSH -c "load $d; split n1; eval gru4rec" | recsh_seconds "^gru4rec ")"); done
  printf '%-34s recsh %8.3f s\n' "gru4rec fit, $d N1" "$(printf '%s\n' "${r[@]}" | median)"
done
echo "query latency on ml-latest-small (timeit, 1000 runs):"
$RECSH -c 'load ml-latest-small; load tmdb; train ease; train als; timeit n=1000 "similar 1366"; timeit n=1000 "also-liked 1366 by=ease"; timeit n=1000 "recommend user=12 by=ease"; timeit n=1000 "recommend user=12 by=als"; timeit n=1000 "recommend likes=1366,2501 by=als"' \
  | awk '/^command/ {sub(/^command +/, ""); c=$0} /^p50/ {p=$2} /^p99/ {printf "  %-36s p50 %s  p99 %s\n", c, p, $2}'
# Spark MLlib's ALS on this machine (local[2]) against recsh's, when Spark is installed
# (Scripts/requirements-spark.sh): Scripts/bench-spark.sh
data=${RECSH_DATA:-}; data=${data%%:*}
if [[ -x ${data:-Data}/spark-venv/bin/spark-submit ]]; then
  SPARK_RUNS=${SPARK_RUNS:-1} bash Scripts/bench-spark.sh
else
  echo "(Spark is not installed: Scripts/requirements-spark.sh, then Scripts/bench-spark.sh)"
fi
