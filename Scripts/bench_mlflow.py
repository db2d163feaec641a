"""The peer of recsh's tracking: MLflow's own client logs the run recsh logs for one `eval` of one
model (17 params, 17 metrics, 6 tags, eval.csv) into a file store, N times; prints the median
seconds per run. Import time is left out.

Usage: python bench_mlflow.py STORE_DIR [N]
"""
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
import mlflow  # noqa: E402

store, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
mlflow.set_tracking_uri("file://" + os.path.abspath(store))
mlflow.set_experiment("ml-100k")
params = {"family": "popular", "by": "count", "dataset": "ml-100k", "dataset_fingerprint": "0" * 64,
          "seed": "42", "threads": "2", "recsh_version": "0", "protocol": "i2", "eval_run": "test",
          "split_train": "72046", "split_validation": "13949", "split_test": "10263", "split_users": "938",
          "split_items": "1008", "split_positives": "82520", "k": "5,10,20", "model": "popular"}
metrics = {f"{m}_at_{k}": 0.1 for m in ("precision", "recall", "ndcg", "hit_rate") for k in (5, 10, 20)}
metrics.update({"mrr": 0.2, "coverage_at_20": 0.1, "coverage_at_100": 0.3, "fit_seconds": 0.001, "eval_seconds": 0.01})
tags = {"mlflow.source.name": "recsh", "mlflow.user": "bench", "recsh.kind": "eval", "recsh.model": "popular",
        "recsh.family": "popular", "recsh.train_run": "0" * 32}
with tempfile.TemporaryDirectory() as tmp:
    table = os.path.join(tmp, "eval.csv")
    with open(table, "w") as f:
        f.write("model," + ",".join(metrics) + "\npopular," + ",".join(str(v) for v in metrics.values()) + "\n")
    times = []
    for _ in range(n):
        t = time.perf_counter()
        with mlflow.start_run(run_name="eval popular"):
            mlflow.log_params(params)
            mlflow.log_metrics(metrics)
            mlflow.set_tags(tags)
            mlflow.log_artifact(table)
        times.append(time.perf_counter() - t)
print(f"{statistics.median(times):.4f}")
