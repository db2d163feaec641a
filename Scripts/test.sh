#!/usr/bin/env bash
# Runs the test suite: installs what is missing, builds, runs `swift test`. The tests read the
# real datasets from ../shared/datasets (or $RECSH_SHARED_DATASETS).
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_stage "checking system libraries (libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev libsqlite3-dev tmux python3)"
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev libsqlite3-dev tmux python3
if [[ ! -d ${RECSH_SHARED_DATASETS:-../shared/datasets} ]]; then
  echo "note: ../shared/datasets is missing; the tests on real data will fail. Set RECSH_SHARED_DATASETS to its location." >&2
fi
recsh_build "recsh and its tests (debug)" --build-tests
# the real MLflow reads what recsh writes; the REST store runs against a real `mlflow server`
source Scripts/requirements-mlflow.sh
recsh_stage "installing mlflow 3.17 in .build/mlflow-venv (tests only)"
if recsh_mlflow_install; then
  export RECSH_TEST_MLFLOW_PYTHON=$PWD/$RECSH_MLFLOW_VENV/bin/python
  recsh_stage "starting mlflow server on 127.0.0.1 (SQLite, .build/mlflow-server)"
  if recsh_mlflow_start; then
    trap 'kill "$RECSH_MLFLOW_PID" 2>/dev/null || true' EXIT
    export RECSH_TEST_MLFLOW_URL=$RECSH_MLFLOW_URL
    recsh_stage "mlflow server answers at $RECSH_MLFLOW_URL (pid $RECSH_MLFLOW_PID)"
  fi
fi
if [[ -z ${RECSH_TEST_MLFLOW_URL:-} ]]; then
  # in CI the MLflow checks are part of what must pass; on a laptop without network they are skipped
  [[ ${CI:-} == true ]] && { echo "recsh: CI needs mlflow and its server for the tracking tests" >&2; exit 1; }
  echo "note: no mlflow server; the tests against it are skipped" >&2
fi
# all-MiniLM-L6-v2 for the embedding tests (Data/all-MiniLM-L6-v2, sha256-checked; not in git)
recsh_stage "installing all-MiniLM-L6-v2 (Scripts/get-minilm.sh)"
if ! bash Scripts/get-minilm.sh; then
  [[ ${CI:-} == true ]] && { echo "recsh: CI needs the MiniLM model for the embedding tests" >&2; exit 1; }
  echo "note: no MiniLM model; the embedding tests are skipped" >&2
fi
# the transcripts hold EASE and ALS figures to 4 decimals; OpenBLAS picks its kernels by CPU, and
# its AVX-512 kernels differ from the others in the last bits, so the suite pins the common one
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
recsh_stage "running the test suite (swift test)"
# a hung test must not hold CI for its whole budget
timeout --kill-after=30 1800 swift test --skip-build 2>&1
