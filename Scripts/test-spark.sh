#!/usr/bin/env bash
# The Spark suites: installs Java 17 and pyspark (Scripts/requirements-spark.sh), starts a Spark
# standalone master and one worker on 127.0.0.1 from the installed pyspark, runs the suites that
# fit on local[2] and on spark://127.0.0.1:7077, then stops both by PID and removes the worker's
# app-* folders. CI runs it as a step of its own; the main suite (Scripts/test.sh) needs no Spark.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev libsqlite3-dev python3 curl
recsh_build "recsh and its tests (debug)" --build-tests
recsh_stage "installing Java 17 and pyspark (Scripts/requirements-spark.sh)"
data=${RECSH_DATA:-}; data=${data%%:*}
venv=$(realpath -m "${data:-Data}/spark-venv")
bash Scripts/requirements-spark.sh "$venv"
export RECSH_SPARK_VENV=$venv PYSPARK_PYTHON=$venv/bin/python SPARK_LOCAL_IP=127.0.0.1

cluster=$PWD/.build/spark-cluster
rm -rf "$cluster" && mkdir -p "$cluster/work"
export SPARK_WORKER_DIR=$cluster/work
recsh_stage "starting a Spark standalone master and worker on 127.0.0.1:7077"
"$venv/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 8080 \
  >"$cluster/master.log" 2>&1 &
master_pid=$!
"$venv/bin/spark-class" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 4g \
  --webui-port 8081 --work-dir "$cluster/work" spark://127.0.0.1:7077 >"$cluster/worker.log" 2>&1 &
worker_pid=$!
stop_cluster() {
  kill "$worker_pid" "$master_pid" 2>/dev/null || true
  wait "$worker_pid" "$master_pid" 2>/dev/null || true
  rm -rf "$cluster"/work/app-*
}
trap stop_cluster EXIT
# ready when the master's JSON page counts one live worker
waited=0
until curl -sf http://127.0.0.1:8080/json/ | python3 -c 'import json, sys; sys.exit(json.load(sys.stdin).get("aliveworkers") != 1)' 2>/dev/null; do
  for pid in "$master_pid" "$worker_pid"; do
    kill -0 "$pid" 2>/dev/null || { echo "recsh: a Spark daemon exited; its logs:" >&2; tail -20 "$cluster"/*.log >&2; exit 1; }
  done
  ((waited++ < 120)) || { echo "recsh: no live Spark worker after 120 s" >&2; tail -20 "$cluster"/*.log >&2; exit 1; }
  sleep 1
done
recsh_stage "master and worker ready (pids $master_pid, $worker_pid); running the Spark suites"
export RECSH_SPARK_MASTER=spark://127.0.0.1:7077 OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
timeout --kill-after=30 1200 swift test --skip-build --filter SparkEngineTests 2>&1
