#!/usr/bin/env bash
# Embedding throughput against sentence-transformers, same texts, same machine, one run:
# TMDB overviews (N, default 1000, one per line) through `recsh embed` (release build, every core)
# and through sentence-transformers' encode (torch CPU, the same threads). Prints both and the
# ratio (peer / recsh: > 1 means recsh is faster). Set-up: Scripts/get-minilm.sh, and a venv with
#   python3 -m venv .build/st-venv && .build/st-venv/bin/pip install 'torch==2.13.0+cpu' sentence-transformers
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
THREADS=${THREADS:-$(nproc)}
SHARED=${RECSH_SHARED_DATASETS:-../shared/datasets}
PY=${RECSH_ST_PYTHON:-.build/st-venv/bin/python}
bash Scripts/get-minilm.sh >/dev/null
swift build -c release --product recsh 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]|warning|^ +/' >&2 || true; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$SHARED/tmdb/tmdb_5000_movies.csv" "$N" >"$work/texts.txt" <<'PY'
import csv, sys
rows = [r["overview"].replace("\n", " ").strip() for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
print("\n".join([r for r in rows if r][: int(sys.argv[2])]))
PY
recsh_line=$(.build/release/recsh embed "$work/texts.txt" --threads "$THREADS" --out "$work/recsh.npy")
echo "recsh:                 $recsh_line"
peer_line=$("$PY" - "$work/texts.txt" "$THREADS" "$work/recsh.npy" <<'PY'
import sys, time
import numpy as np, torch
from sentence_transformers import SentenceTransformer
torch.set_num_threads(int(sys.argv[2]))
texts = open(sys.argv[1], encoding="utf-8").read().split("\n")
if texts and texts[-1] == "": texts.pop()
model = SentenceTransformer("Data/all-MiniLM-L6-v2", device="cpu")
model.encode(texts[:32])  # warm-up, as recsh has loaded its weights before timing
t = time.perf_counter()
emb = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
s = time.perf_counter() - t
diff = float(np.abs(emb - np.load(sys.argv[3])).max())
print(f"embedded {len(texts)} texts in {s:.3f} s: {len(texts)/s:.1f} texts/s, {sys.argv[2]} threads; max abs difference to recsh {diff:.2e}")
PY
)
echo "sentence-transformers: $peer_line"
r=$(echo "$recsh_line" | grep -oE 'in [0-9.]+ s' | grep -oE '[0-9.]+')
p=$(echo "$peer_line" | grep -oE 'in [0-9.]+ s' | grep -oE '[0-9.]+')
printf 'throughput ratio (sentence-transformers time / recsh time): %.2fx\n' "$(echo "$p / $r" | bc -l)"
