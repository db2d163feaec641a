#!/usr/bin/env bash
# Renders the WatchNext report in headless Chromium and takes a screenshot, to check that the
# page opens without a network and shows its charts. Installs chromium when it is missing.
# Usage: Scripts/test-report.sh [OUT.png]   (default .build/watchnext.png; screenshots stay out of git)
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev libsqlite3-dev chromium
OUT=${1:-.build/watchnext.png}
recsh_build "recsh (release)" -c release --product recsh
.build/release/recsh Scripts/watchnext.rec > /dev/null
grep -q '<svg' .build/watchnext.html || { echo "FAIL: the report has no SVG chart" >&2; exit 1; }
if grep -Eo '(src|href)="https?://' .build/watchnext.html >/dev/null; then echo "FAIL: the report loads something from the network" >&2; exit 1; fi
rm -f "$OUT"
chromium --headless --no-sandbox --disable-gpu --window-size=1200,3000 --screenshot="$OUT" "file://$PWD/.build/watchnext.html" 2>/dev/null
size=$(stat -c %s "$OUT" 2>/dev/null || echo 0)
(( size > 50000 )) || { echo "FAIL: screenshot $OUT is missing or blank ($size bytes)" >&2; exit 1; }
echo "ok: $OUT ($size bytes) shows .build/watchnext.html"
