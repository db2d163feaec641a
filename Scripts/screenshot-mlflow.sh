#!/usr/bin/env bash
# Shows that MLflow's own UI reads what recsh writes: tracks a short session (two models trained,
# evaluated, registered, one promoted) in a file store, opens it with `mlflow ui`, and takes a
# screenshot of the experiment page in headless Chromium.
# Usage: Scripts/screenshot-mlflow.sh [OUT.png]   (default docs/images/mlflow-ui.png)
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
source Scripts/requirements-mlflow.sh
recsh_require chromium curl
out=${1:-docs/images/mlflow-ui.png}
recsh=.build/release/recsh
[[ -x $recsh ]] || recsh=.build/debug/recsh
[[ -x $recsh ]] || { echo "build recsh first (swift build -c release)" >&2; exit 1; }
recsh_mlflow_install
work=$(mktemp -d)
trap 'kill "${ui:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cat >"$work/session.rec" <<REC
track $work/mlruns
load ml-100k
train popular
train knn
train ease
split i2
eval popular knn ease
register knn as watchnext
register ease as watchnext
promote watchnext 1
promote watchnext 2
REC
"$recsh" "$work/session.rec" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MLFLOW_ALLOW_FILE_STORE=true "$RECSH_MLFLOW_VENV/bin/mlflow" ui --host 127.0.0.1 --port "$port" \
  --backend-store-uri "file://$work/mlruns" >"$work/ui.log" 2>&1 &
ui=$!
for _ in $(seq 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { tail -20 "$work/ui.log" >&2; exit 1; }
experiment=$(ls "$work/mlruns" | grep -E '^[1-9][0-9]*$' | head -1)
mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1900,1000 \
  --virtual-time-budget=20000 --screenshot="$out.tmp.png" \
  "http://127.0.0.1:$port/#/experiments/$experiment/runs?compareRunsMode=CHART" 2>/dev/null
mv "$out.tmp.png" "$out"
echo "wrote $out ($(stat -c %s "$out") bytes): MLflow's UI on experiment $experiment of $work/mlruns"
