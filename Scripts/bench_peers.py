#!/usr/bin/env python3
"""Times one peer fit for Scripts/bench-models.sh, with the data prepared outside the timer.

  bench_peers.py svd DATA_DIR            Surprise SVD (defaults) on the E1 train part
  bench_peers.py als DATA_DIR FACTORS    implicit ALS (CG, reg 0.05, alpha 10, 15 iterations,
                                         2 threads, BLAS 1 thread) on all I1/I2 positives
  bench_peers.py eval DATA_DIR           EASE (lambda 100) scoring + metrics over all I2 test users
  bench_peers.py svdpp DATA_DIR          Surprise SVDpp (defaults) on the E1 train part
  bench_peers.py bpr DATA_DIR            implicit BPR (defaults, 2 threads) on the I2 test run's fit data
  bench_peers.py rp3beta DATA_DIR        RP3beta in numpy/scipy after Ferrari Dacrema et al.'s reference
                                         (alpha 1, beta 0.6, top 100) on the I2 test run's fit data
  bench_peers.py grid DATA_DIR           the 20-trial grid of i1_implicit.py on I2 (ItemKNN K x4, ALS x12,
                                         EASE lambda x4): each fitted and scored on validation, each
                                         model's best refitted and scored on test

Prints the seconds of the timed step only. Uses the peers' own code in shared/peers.
"""
import os
import sys
import time
from pathlib import Path

PEERS = Path(os.environ.get("RECSH_PEERS", Path(__file__).resolve().parents[2] / "shared" / "peers"))
sys.path.insert(0, str(PEERS))
import protocol  # noqa: E402


def e1_trainset(data):
    """Surprise's trainset of E1's train part."""
    from surprise import Dataset, Reader
    r = protocol.load_ratings(data)
    test = protocol.e1_split(r)
    rows = [x for x, t in zip(zip(r.user.tolist(), r.item.tolist(), r.rating.tolist(), r.ts.tolist()), test) if not t]
    return Dataset(Reader(rating_scale=r.scale)).construct_trainset(rows)


def svd(data):
    from surprise import SVD
    trainset = e1_trainset(data)
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


def svdpp(data):
    from surprise import SVDpp
    trainset = e1_trainset(data)
    algo = SVDpp(random_state=42)
    t0 = time.perf_counter()
    algo.fit(trainset)
    return time.perf_counter() - t0


def bpr(data):
    from threadpoolctl import threadpool_limits
    import i1_implicit
    threadpool_limits(limits=2)
    r = protocol.load_ratings(data)
    task = protocol.RankingTask(*protocol.i2_split(r).test_run())
    m = i1_implicit.BPR(2)
    t0 = time.perf_counter()
    m.fit(task.X)
    return time.perf_counter() - t0


def rp3beta(data, alpha=1.0, beta=0.6, k=100):
    import numpy as np
    import scipy.sparse as sp
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=2)
    r = protocol.load_ratings(data)
    task = protocol.RankingTask(*protocol.i2_split(r).test_run())
    X = task.X.astype(np.float32)
    t0 = time.perf_counter()
    # user -> item and item -> user transition probabilities, each row to the power alpha
    Pui = sp.diags(1 / np.maximum(np.asarray(X.sum(axis=1)).ravel(), 1)) @ X
    Piu = sp.diags(1 / np.maximum(np.asarray(X.sum(axis=0)).ravel(), 1)) @ X.T.tocsr()
    Pui.data **= alpha
    Piu.data **= alpha
    pop = np.asarray(X.sum(axis=0)).ravel()
    penalty = np.where(pop > 0, np.power(np.maximum(pop, 1), -beta), 0).astype(np.float32)
    W = (Piu @ Pui).toarray() * penalty[None, :]
    np.fill_diagonal(W, 0)
    top = np.argpartition(-W, k, axis=1)[:, :k]
    rows = np.repeat(np.arange(W.shape[0]), k)
    sp.csr_matrix((W[rows, top.ravel()], (rows, top.ravel())), shape=W.shape)
    return time.perf_counter() - t0


def grid(data):
    from threadpoolctl import threadpool_limits
    import i1_implicit
    threadpool_limits(limits=2)
    r = protocol.load_ratings(data)
    split = protocol.i2_split(r)
    val_task = protocol.RankingTask(*split.validation_run())
    test_task = protocol.RankingTask(*split.test_run())
    t0 = time.perf_counter()
    for name in ("ItemKNN", "ALS", "EASE"):
        cls, configs = i1_implicit.GRIDS[name]
        runs = [i1_implicit.run_config(cls, p, val_task, 2) for p in configs]
        best = max(runs, key=lambda x: x["metrics"]["NDCG@10"])
        i1_implicit.run_config(cls, best["params"], test_task, 2)
    return time.perf_counter() - t0


if __name__ == "__main__":
    what, *args = sys.argv[1:]
    seconds = {"svd": svd, "als": als, "eval": evaluate, "svdpp": svdpp, "bpr": bpr, "rp3beta": rp3beta,
               "grid": grid}[what](*args)
    print(f"{seconds:.4f}")
