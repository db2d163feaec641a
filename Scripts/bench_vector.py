"""The peer of `recsh index`: faiss's IndexHNSWFlat (inner product, the same M, ef_construction and
search breadths) and numpy's exact search, on the same .npy and the same query rows (spread evenly
over the set, each left out of its own answer). Builds on every core, times searches on one.

    python Scripts/bench_vector.py vectors.npy --ef 16,32,64,128 --threads 2
"""
import argparse
import json
import time

import faiss
import numpy as np

a = argparse.ArgumentParser()
a.add_argument("file")
a.add_argument("--m", type=int, default=16)
a.add_argument("--ef-construction", type=int, default=200)
a.add_argument("--ef", default="16,32,64,128")
a.add_argument("--queries", type=int, default=1000)
a.add_argument("--k", type=int, default=10)
a.add_argument("--threads", type=int, default=2)
args = a.parse_args()

x = np.ascontiguousarray(np.load(args.file), dtype=np.float32)
rows, dim = x.shape
n = min(args.queries, rows)
qrows = [int((q + 0.5) * rows / n) for q in range(n)]
k = args.k

faiss.omp_set_num_threads(args.threads)
t = time.perf_counter()
index = faiss.IndexHNSWFlat(dim, args.m, faiss.METRIC_INNER_PRODUCT)
index.hnsw.efConstruction = args.ef_construction
index.add(x)
build = time.perf_counter() - t
print(json.dumps({"rows": rows, "dimension": dim, "build_seconds": build}))

faiss.omp_set_num_threads(1)
exact, exact_ms = [], []
for r in qrows:
    t = time.perf_counter()
    s = x @ x[r]
    s[r] = -np.inf
    top = np.argpartition(-s, k)[:k]
    top = top[np.argsort(-s[top], kind="stable")]
    exact_ms.append((time.perf_counter() - t) * 1000)
    exact.append(set(top.tolist()))


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(np.ceil(p * len(v))) - 1)]


for ef in [int(e) for e in args.ef.split(",")]:
    index.hnsw.efSearch = max(ef, k + 1)
    found, ms = 0, []
    for i, r in enumerate(qrows):
        q = x[r : r + 1]
        t = time.perf_counter()
        _, labels = index.search(q, k + 1)
        ms.append((time.perf_counter() - t) * 1000)
        got = [int(l) for l in labels[0] if l != r and l >= 0][:k]
        found += len(exact[i].intersection(got))
    print(json.dumps({
        "ef": ef, "recall": found / (n * k), "exact_p50_ms": pct(exact_ms, 0.5), "exact_p99_ms": pct(exact_ms, 0.99),
        "hnsw_p50_ms": pct(ms, 0.5), "hnsw_p99_ms": pct(ms, 0.99)}))
