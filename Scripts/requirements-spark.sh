#!/usr/bin/env bash
# Installs what `train als engine=spark` and `recommend all engine=spark` need: Java 17 (Debian's
# openjdk-17-jre-headless, when no `java` is on PATH) and a virtual environment with pyspark and
# numpy (MLlib's Python side needs numpy; pandas is not needed) in DEST (default: Data/spark-venv,
# or spark-venv in $RECSH_DATA's first folder), where recsh looks for it. About 0.6 GB; pip builds
# pyspark's wheel locally, which takes a minute or two.
#   Scripts/requirements-spark.sh [DEST]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${RECSH_DATA:-}; data=${data%%:*}
dest=${1:-${data:-Data}/spark-venv}

if ! command -v java >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]]; then
    apt-get install -y -q openjdk-17-jre-headless >/dev/null
  else
    echo "recsh: Spark needs Java 17; install it with: sudo apt-get install openjdk-17-jre-headless" >&2
    exit 1
  fi
fi

if [[ -x $dest/bin/python ]] && "$dest/bin/python" -c 'import pyspark, numpy' 2>/dev/null; then
  echo "pyspark $("$dest/bin/python" -c 'import pyspark; print(pyspark.__version__)') is already in $dest"
  exit 0
fi
# replace only a virtual environment this script made before
if [[ -e $dest && ! -f $dest/pyvenv.cfg ]]; then
  echo "recsh: $dest exists and is not a virtual environment; left as it is" >&2
  exit 1
fi
mkdir -p "$(dirname "$dest")"
python3 -m venv "$dest" || {
  echo "recsh: could not make a virtual environment; install python3-venv (apt-get install python3-venv)" >&2
  exit 1
}
"$dest/bin/pip" install -q --disable-pip-version-check 'pyspark==4.3.*' numpy
echo "pyspark $("$dest/bin/python" -c 'import pyspark; print(pyspark.__version__)') installed in $dest"
