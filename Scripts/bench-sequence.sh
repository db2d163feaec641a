#!/usr/bin/env bash
# Next-item models against RecBole on protocol N1, in one run: recsh's sequence families (slist,
# the train seq default, sknn, and its own GRU4Rec) and RecBole 1.2.1's GRU4Rec (shared/peers/n1_recbole.py) on the
# same split of the same files; NDCG@10 and HR@10 of the test run, fit times, and the ratio of fit
# times (RecBole / recsh: above 1 means recsh trains faster).
# RecBole needs torch and numpy 1.26: a venv in .build/recbole-venv, made on first use (about 1 GB).
# GRU4Rec runs as the stored results did (batch 256, early stopping after 3 epochs without gain),
# with at most EPOCHS epochs on the validation run, then refitted on the test run's data.
# Usage: Scripts/bench-sequence.sh [DATASET ...]   (default ml-100k)   EPOCHS=3 THREADS=2
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev
SHARED=${RECSH_SHARED_DATASETS:-../shared/datasets}
PEERS=$(cd "$SHARED/.." && pwd)/peers
EPOCHS=${EPOCHS:-3}
THREADS=${THREADS:-2}
VENV=.build/recbole-venv
[[ -f $PEERS/n1_recbole.py ]] || { echo "recsh: no $PEERS/n1_recbole.py, so no RecBole to compare with" >&2; exit 1; }
if ! "$VENV/bin/python" -c "import recbole, torch" 2>/dev/null; then
  recsh_stage "installing RecBole 1.2.1 and CPU torch in $VENV (benchmark only)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q torch==2.13.0+cpu recbole==1.2.1 numpy==1.26.4 pandas==2.2.3 scipy==1.13.1 \
    threadpoolctl==3.8.0 >&2
fi
swift build -c release --product recsh 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]' >&2 || true; }
RECSH=.build/release/recsh
# the number after '~' in the Fit column of an eval line, in seconds
fit_seconds() { grep -oE '~[0-9.]+(ms|s)' | head -1 | awk '{v=$0; sub("~","",v); if (v ~ /ms$/) {sub("ms","",v); v=v/1000} else sub("s","",v); print v}'; }

echo "recsh next-item benchmark · $(date -u +%Y-%m-%d) · $(nproc) cores · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · N1 test run"
for d in "${@:-ml-100k}"; do
  out=.build/recbole-n1-$d.json
  "$VENV/bin/python" "$PEERS/n1_recbole.py" --data "$SHARED/$d" --models GRU4Rec --epochs "$EPOCHS" \
    --stopping-step 3 --batch 256 --threads "$THREADS" --out "$out" > ".build/recbole-n1-$d.log" 2>&1 \
    || { echo "recsh: RecBole failed on $d; its log: .build/recbole-n1-$d.log" >&2; exit 1; }
  read -r peer_ndcg peer_hr peer_fit peer_epochs < <(python3 -c "
import json, sys
r = json.load(open('$out'))['results']['GRU4Rec']
t = r['test']
m = t.get('metrics', t)
print(f\"{m['NDCG@10']:.4f} {m['HR@10']:.4f} {t['fit_s']:.2f} {r['validation']['epochs_selected']}\")")
  table=$($RECSH -c "load $SHARED/$d; split n1; eval slist sknn gru4rec")
  for model in slist sknn gru4rec; do
    row=$(grep -E "^$model " <<<"$table" | head -1)
    ndcg=$(awk '{print $4}' <<<"$row")
    hr=$(awk '{print $5}' <<<"$row")
    fit=$(fit_seconds <<<"$row")
    # sknn learns nothing: its fit rounds to 0 and has no ratio
    ratio=$(awk -v p="$peer_fit" -v r="$fit" 'BEGIN { if (r > 0) printf "%.0fx", p / r; else print "n/a (nothing to fit)" }')
    printf '%-16s %-6s NDCG@10 %s HR@10 %s fit %7.2f s | GRU4Rec (%s epochs) NDCG@10 %s HR@10 %s fit %7.2f s | RecBole/recsh fit %s\n' \
      "$d" "$model" "$ndcg" "$hr" "$fit" "$peer_epochs" "$peer_ndcg" "$peer_hr" "$peer_fit" "$ratio"
  done
done
