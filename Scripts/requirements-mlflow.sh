#!/usr/bin/env bash
# Installs the real MLflow (3.17) in a virtual environment under .build/, for the tests that read
# recsh's file store with MLflow's own client and run the REST store against `mlflow server`.
# MLflow is never needed at run time. Sourced by Scripts/test.sh; run alone to set it up:
#   bash Scripts/requirements-mlflow.sh && .build/mlflow-venv/bin/mlflow --version
set -euo pipefail
RECSH_MLFLOW_VENV=${RECSH_MLFLOW_VENV:-.build/mlflow-venv}

recsh_mlflow_install() {
  if [[ -x $RECSH_MLFLOW_VENV/bin/mlflow ]] && "$RECSH_MLFLOW_VENV/bin/python" -c 'import mlflow' 2>/dev/null; then
    return 0
  fi
  python3 -m venv "$RECSH_MLFLOW_VENV" || {
    echo "recsh: could not make a virtual environment; install python3-venv (apt-get install python3-venv)" >&2
    return 1
  }
  "$RECSH_MLFLOW_VENV/bin/pip" install -q --disable-pip-version-check 'mlflow==3.17.*'
}

# Starts `mlflow server` on a free 127.0.0.1 port with a fresh SQLite store under .build/, and
# waits for /health (a fresh database takes about 45 s to migrate). Sets RECSH_MLFLOW_PID and
# RECSH_MLFLOW_URL; the caller stops it by PID.
recsh_mlflow_start() {
  local dir=.build/mlflow-server
  rm -rf "$dir" && mkdir -p "$dir"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$RECSH_MLFLOW_VENV/bin/mlflow" server --host 127.0.0.1 --port "$port" --workers 1 \
    --backend-store-uri "sqlite:///$PWD/$dir/mlflow.db" --artifacts-destination "$PWD/$dir/artifacts" \
    >"$dir/server.log" 2>&1 &
  RECSH_MLFLOW_PID=$!
  RECSH_MLFLOW_URL=http://127.0.0.1:$port
  local waited=0
  until curl -sf "$RECSH_MLFLOW_URL/health" >/dev/null 2>&1; do
    if ! kill -0 "$RECSH_MLFLOW_PID" 2>/dev/null; then
      echo "recsh: mlflow server exited; its log:" >&2 && tail -20 "$dir/server.log" >&2
      return 1
    fi
    ((waited++ < 240)) || { echo "recsh: mlflow server did not answer /health in 240 s" >&2; return 1; }
    sleep 1
  done
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  cd "$(dirname "$0")/.."
  recsh_mlflow_install
fi
