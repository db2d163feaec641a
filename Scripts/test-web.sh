#!/usr/bin/env bash
# Drives the web page of the real server in headless Chromium: the film page with its three
# lists, recommendations for a known user, a user's home rows, popular films, a question in words, and the API status indicator. Takes
# screenshots into .build/ (kept out of git). Installs chromium when it is missing.
# Usage: Scripts/test-web.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/requirements.sh
recsh_require libreadline-dev zlib1g-dev libopenblas-dev libhnswlib-dev libxgboost-dev libsqlite3-dev chromium curl
recsh_build "recsh (release)" -c release --product recsh
work=$(mktemp -d)
trap 'kill $(cat "$work/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
.build/release/recsh -c "load ml-latest-small; load tmdb; train knn; train tfidf; export $work/art" > /dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
.build/release/recsh serve --artifacts "$work/art" --port "$port" --log "$work/log.sqlite" > "$work/serve.out" 2>&1 &
echo $! > "$work/pid"
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
page() { # URL-fragment OUT.png: dumps the DOM after the page's scripts ran, and screenshots it
  chromium --headless --no-sandbox --disable-gpu --window-size=1200,1600 --virtual-time-budget=8000 --dump-dom "$base/#$1" 2>/dev/null > "$work/dom.html"
  chromium --headless --no-sandbox --disable-gpu --window-size=1200,1600 --virtual-time-budget=8000 --screenshot="$2" "$base/#$1" 2>/dev/null
}
fail() { echo "FAIL: $*" >&2; exit 1; }
page "film=1366" .build/web-film.png
grep -q 'API ok · ml-latest-small' "$work/dom.html" || fail "the status indicator does not say the API is up"
grep -q 'Rocky <span class="muted">1976' "$work/dom.html" || fail "the film page does not show Rocky"
for list in "Similar Movies" "Viewers Also Liked" "Best of Both"; do grep -q "<h3>$list</h3><ol>" "$work/dom.html" || fail "the film page has no $list list"; done
grep -q 'Rocky II' "$work/dom.html" || fail "Rocky II is not among Rocky's similar films"
page "tab=popular" .build/web-popular.png
grep -q 'Forrest Gump' "$work/dom.html" || fail "the popular tab does not list Forrest Gump"
# a sentence in words: the parsed intent, then films that pass its filters
page "ask=something%20scary%20from%20the%2090s" .build/web-ask.png
grep -q 'Understood (offline): genres Horror · years 1990–1999' "$work/dom.html" || fail "the ask tab does not show the parsed intent"
grep -q 'The Silence of the Lambs' "$work/dom.html" || fail "the ask tab does not list The Silence of the Lambs for scary films of the 90s"
# home rows: horizontal strips with a poster placeholder per film (the shared TMDB files have no
# poster paths), a watch over HTTP moves "Because you watched", an unknown user gets fallback rows
page "home=1" .build/web-home.png
for kind in because popular taste discovery; do grep -q "class=\"row\" data-kind=\"$kind\"" "$work/dom.html" || fail "the home page has no $kind row"; done
(( $(grep -o 'class="poster placeholder"' "$work/dom.html" | wc -l) >= 30 )) || fail "the home rows do not show a poster placeholder per film"
curl -sf -X POST "$base/feedback" -H 'Content-Type: application/json' -d '{"user_id": 1, "movie_id": 1366, "event": "watched"}' > /dev/null || fail "POST /feedback failed"
page "home=1" .build/web-home-after.png
grep -q '<h3>Because you watched Rocky' "$work/dom.html" || fail "a watch of Rocky does not change the Because you watched row"
page "home=999999" .build/web-home-unknown.png
grep -q 'class="badge">fallback' "$work/dom.html" || fail "an unknown user's rows are not marked fallback"
grep -q 'has no history here' "$work/dom.html" || fail "an unknown user's page has no note"
# an unknown film gets a readable error, not a blank page
page "film=2000000000" .build/web-error.png
grep -q 'class="error">no film with TMDB id 2000000000' "$work/dom.html" || fail "an unknown film does not show a readable error"
for f in .build/web-film.png .build/web-popular.png .build/web-ask.png .build/web-home.png; do
  size=$(stat -c %s "$f" 2>/dev/null || echo 0); (( size > 30000 )) || fail "screenshot $f is missing or blank ($size bytes)"
done
echo "ok: the web page works against the real server (.build/web-film.png, .build/web-popular.png, .build/web-ask.png, .build/web-home.png)"
