"""Reads a recsh tracking store with the real MLflow client and prints what it sees as JSON.

Usage: python mlflow_read.py TRACKING_URI MODEL_NAME
TRACKING_URI is file:///abs/dir (a file store) or http://host:port (mlflow server). The recsh
test suite runs it with the MLflow that Scripts/requirements-mlflow.sh installs.
"""
import json
import os
import sys
import tempfile

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402

uri, name = sys.argv[1], sys.argv[2]
mlflow.set_tracking_uri(uri)
mlflow.set_registry_uri(uri)
client = MlflowClient(uri, registry_uri=uri)
out = {"mlflow": mlflow.__version__, "experiments": [], "runs": [], "versions": [], "aliases": {}}
for e in client.search_experiments():
    out["experiments"].append(e.name)
    for r in client.search_runs([e.experiment_id], max_results=1000):
        history = {k: len(client.get_metric_history(r.info.run_id, k)) for k in r.data.metrics}
        artifacts = [a.path for a in client.list_artifacts(r.info.run_id)]
        model = [a.path for a in client.list_artifacts(r.info.run_id, "model")] if "model" in artifacts else []
        out["runs"].append({
            "id": r.info.run_id, "experiment": e.name, "name": r.info.run_name, "status": r.info.status,
            "params": r.data.params, "metrics": r.data.metrics, "tags": r.data.tags,
            "history": history, "artifacts": artifacts, "model_files": model,
        })
for v in client.search_model_versions(f"name='{name}'"):
    out["versions"].append({"version": int(v.version), "stage": v.current_stage, "run_id": v.run_id,
                            "source": v.source, "tags": v.tags})
rm = client.get_registered_model(name)
out["aliases"] = dict(rm.aliases)
with tempfile.TemporaryDirectory() as tmp:
    local = mlflow.artifacts.download_artifacts(f"models:/{name}@production", dst_path=tmp)
    out["production_files"] = sorted(os.listdir(local))
    with open(os.path.join(local, "manifest.json")) as f:
        out["production_manifest_models"] = [m["name"] for m in json.load(f)["models"]]
print(json.dumps(out))
