#!/usr/bin/env bash
# Vector search at the 25M shape's catalogue size (59,047 films), against faiss, same machine, one run:
#   1. 59,047 distinct real film texts from ../shared/datasets (Scripts/vector_texts.py);
#   2. their all-MiniLM-L6-v2 vectors from `recsh embed` (release), cached in .build/bench by text hash;
#   3. `recsh index` (hnswlib through RecshVector) and faiss's IndexHNSWFlat with the same M,
#      ef_construction and search breadths, each against its own exact search (BLAS sgemv; numpy);
#   4. recall@10 and one-thread query latency (p50, p99) for both, and the ratios (peer / recsh:
#      > 1 means recsh is faster). The goals: recall@10 >= 0.98 and p99 < 1 ms.
# Set-up it does itself: the MiniLM model (Scripts/get-minilm.sh) and faiss-cpu in .build/faiss-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev time python3
ROWS=${ROWS:-59047}
EF=${EF:-16,32,64,128}
THREADS=${THREADS:-$(nproc)}
SHARED=${RECSH_SHARED_DATASETS:-../shared/datasets}
bash Scripts/get-minilm.sh >/dev/null
swift build -c release --product recsh 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]|warning|^ +/' >&2 || true; }
if [[ ! -x .build/faiss-venv/bin/python ]]; then
  python3 -m venv .build/faiss-venv
  .build/faiss-venv/bin/pip install -q 'faiss-cpu==1.15.1' numpy
fi
mkdir -p .build/bench
python3 Scripts/vector_texts.py "$SHARED" "$ROWS" >.build/bench/vector-texts.txt
hash=$(sha256sum .build/bench/vector-texts.txt | cut -c1-16)
vectors=.build/bench/vectors-$hash.npy
if [[ ! -f $vectors ]]; then
  echo "embedding $ROWS texts once (cached as $vectors):"
  .build/release/recsh embed .build/bench/vector-texts.txt --threads "$THREADS" --out "$vectors"
fi
echo "== recsh index (hnswlib via RecshVector; exact = BLAS sgemv + top-k)"
/usr/bin/time -f "recsh index peak resident memory: %M KB" \
  .build/release/recsh index "$vectors" --ef "$EF" --threads "$THREADS" --json | tee .build/bench/vector-recsh.jsonl
echo "== faiss $(.build/faiss-venv/bin/python -c 'import faiss; print(faiss.__version__)') IndexHNSWFlat (exact = numpy)"
.build/faiss-venv/bin/python Scripts/bench_vector.py "$vectors" --ef "$EF" --threads "$THREADS" | tee .build/bench/vector-faiss.jsonl
python3 - .build/bench/vector-recsh.jsonl .build/bench/vector-faiss.jsonl <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
f = [json.loads(l) for l in open(sys.argv[2])]
print(f"\n{r[0]['rows']:,} vectors of {r[0]['dimension']}: build {r[0]['build_seconds']:.2f} s recsh, "
      f"{f[0]['build_seconds']:.2f} s faiss ({f[0]['build_seconds'] / r[0]['build_seconds']:.2f}x)")
print(f"exact search p99: {r[1]['exact_p99_ms']:.3f} ms recsh (BLAS), {f[1]['exact_p99_ms']:.3f} ms numpy "
      f"({f[1]['exact_p99_ms'] / r[1]['exact_p99_ms']:.2f}x)")
print("ef    recall@10 recsh  faiss    p50 recsh  faiss    p99 recsh  faiss   p99 ratio")
for a, b in zip(r[1:], f[1:]):
    print(f"{a['ef']:<5} {a['recall']:>13.4f} {b['recall']:>6.4f} {a['hnsw_p50_ms']:>12.3f} {b['hnsw_p50_ms']:>6.3f} "
          f"{a['hnsw_p99_ms']:>12.3f} {b['hnsw_p99_ms']:>6.3f} {b['hnsw_p99_ms'] / a['hnsw_p99_ms']:>9.2f}x")
PY
