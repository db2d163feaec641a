#!/usr/bin/env python3
"""Times one peer fit for Scripts/bench-models.sh, with the data prepared outside the timer.

  bench_peers.py svd DATA_DIR            Surprise SVD (defaults) on the E1 train part
  bench_peers.py als DATA_DIR FACTORS    implicit ALS (CG, reg 0.05, alpha 10, 15 iterations,
                                         2 threads, BLAS 1 thread) on all I1/I2 positives
  bench_peers.py eval DATA_DIR           EASE (lambda 100) scoring + metrics over all I2 test users

Prints the seconds of the timed step only. Uses the peers' own code in shared/peers.
"""
import os
import sys
import time
from pathlib import Path

PEERS = Path(os.environ.get("RECSH_PEERS", Path(__file__).resolve().parents[2] / "shared" / "peers"))
sys.path.insert(0, str(PEERS))
import protocol  # noqa: E402


def svd(data):
    from surprise import SVD, Dataset, Reader
    r = protocol.load_ratings(data)
    test = protocol.e1_split(r)
    rows = [x for x, t in zip(zip(r.user.tolist(), r.item.tolist(), r.rating.tolist(), r.ts.tolist()), test) if not t]
    trainset = Dataset(Reader(rating_scale=r.scale)).construct_trainset(rows)
    algo = SVD(n_factors=100, n_epochs=20, lr_all=0.005, reg_all=0.02, random_state=42)
    t0 = time.perf_counter()
    algo.fit(trainset)
    return time.perf_counter() - t0


def als(data, factors):
    from threadpoolctl import threadpool_limits
    import i1_implicit
    threadpool_limits(limits=2)
    r = protocol.load_ratings(data)
    u, i, _, _ = protocol.positives(r)
    X, _, _ = protocol.binary_matrix(u, i)
    m = i1_implicit.ALS(2, factors=int(factors), regularization=0.05, alpha=10.0)
    t0 = time.perf_counter()
    m.fit(X)
    return time.perf_counter() - t0


def evaluate(data):
    from threadpoolctl import threadpool_limits
    import i1_implicit
    threadpool_limits(limits=2)
    r = protocol.load_ratings(data)
    task = protocol.RankingTask(*protocol.i2_split(r).test_run())
    m = i1_implicit.EASE(2, lam=100.0)
    m.fit(task.X)
    t0 = time.perf_counter()
    task.evaluate(m.score)
    return time.perf_counter() - t0


if __name__ == "__main__":
    what, *args = sys.argv[1:]
    seconds = {"svd": svd, "als": als, "eval": evaluate}[what](*args)
    print(f"{seconds:.4f}")
