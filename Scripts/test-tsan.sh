#!/usr/bin/env bash
# The server and shell suites under ThreadSanitizer: concurrent requests and feedback writes
# during `serve reload`, the answer cache, the request log's batches, parallel kernels. A build
# of its own in .build-tsan (a first one compiles every dependency with TSan: about 30 minutes on
# 2 cores). Exits non-zero if TSan reports anything.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev libsqlite3-dev tmux python3
echo "== tsan: building with -sanitize=thread into .build-tsan"
swift build --build-tests --sanitize=thread --scratch-path .build-tsan 2>&1 | { grep -E 'error|warning: data race|Build' || true; }
echo "== tsan: server and shell suites"
log=.build-tsan/tsan.log
# into a file, not a pipe: a server a test started could hold a pipe open after the run ends
: > "$log"
for suites in 'RecshServerTests' 'ShellCommandTests|WriteSafetyTests|ModelCommandTests'; do
  TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1" timeout 1800 \
    swift test --skip-build --sanitize=thread --scratch-path .build-tsan --filter "$suites" >> "$log" 2>&1 || true
done
grep -E '^(✔|✘) (Suite|Test run)|WARNING: ThreadSanitizer' "$log" || true
races=$(grep -c 'WARNING: ThreadSanitizer' "$log" || true)
echo "== tsan: $races ThreadSanitizer report(s); full log in $log"
[[ $(grep -c 'Test run with .* passed' "$log") == 2 && $races == 0 ]]
