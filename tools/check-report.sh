#!/usr/bin/env bash
# Opens a report.html written by org.neurofusion.evaluation.HtmlReport in headless Chromium and fails unless every
# chart was drawn: the body must carry data-ready="true" and data-charts equal to the expected count (the third
# argument, else the page's own data-charts-expected), every <div class="chart"> data-drawn="true", no data-errors,
# the browser's log no "Uncaught" error and no console message, and the page (after its scripts ran) no src, href
# or CSS url() that points at the network. Host names resolve to nothing while it runs. Then writes a screenshot.
#
#   tools/check-report.sh REPORT.html SCREENSHOT.png [EXPECTED_CHARTS]
#
# Needs chromium (Debian: apt-get install -y chromium). WINDOW (default 1400,4000) sets the screenshot's size.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 REPORT.html SCREENSHOT.png [EXPECTED_CHARTS]" >&2
  exit 2
fi
report=$1
shot=$2
if [[ ! -f $report ]]; then
  echo "check-report: $report: no such file" >&2
  exit 2
fi
chrome=""
for c in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$c" >/dev/null 2>&1; then
    chrome=$(command -v "$c")
    break
  fi
done
if [[ -z $chrome ]]; then
  echo "check-report: no chromium on PATH (Debian/Ubuntu: apt-get install -y chromium)" >&2
  exit 2
fi

url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(--headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check
  --disable-extensions --disable-background-networking --host-resolver-rules="MAP * ~NOTFOUND"
  --virtual-time-budget=10000 --user-data-dir="$work/profile")

status=0
timeout 180 "$chrome" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "$url" >"$work/dom.html" \
  2>"$work/log.txt" || status=$?
if [[ $status -ne 0 ]]; then
  echo "check-report: $chrome exited with status $status while loading $url" >&2
  tail -20 "$work/log.txt" >&2
  exit 1
fi

fail() {
  echo "check-report: FAILED: $*" >&2
  exit 1
}

body=$(grep -o '<body[^>]*>' "$work/dom.html" | head -1 || true)
[[ -n $body ]] || fail "no <body> in the DOM Chromium dumped (is $report an HTML page?)"
expected=${3:-$(sed -n 's/.*data-charts-expected="\([0-9]*\)".*/\1/p' <<<"$body")}
[[ -n $expected ]] || fail "the page states no data-charts-expected and no count was given"
divs=$(grep -o '<div class="chart" id="[^>]*>' "$work/dom.html" || true)
ndivs=$(grep -c . <<<"$divs" || true)
[[ -n $divs ]] || ndivs=0
undrawn=$(grep -v 'data-drawn="true"' <<<"$divs" | sed -n 's/.*id="\([^"]*\)".*/\1/p' | tr '\n' ' ' || true)
errors=$(sed -n 's/.*data-errors="\([^"]*\)".*/\1/p' <<<"$body")
console=$(grep -E 'Uncaught|CONSOLE' "$work/log.txt" || true)
# after the scripts ran: nothing in the page may point at the network (src, href, CSS url())
remote=$(grep -oiE '(src|href|srcset|poster|action)[[:space:]]*=[[:space:]]*["'"'"']?[[:space:]]*(https?:)?//[^"'"'"' >]*|url\([[:space:]]*["'"'"']?(https?:)?//[^)]*' \
  "$work/dom.html" | head -5 || true)

problems=()
[[ $body == *'data-ready="true"'* ]] || problems+=("the body has no data-ready=\"true\"")
charts=$(sed -n 's/.*data-charts="\([0-9]*\)".*/\1/p' <<<"$body")
[[ $charts == "$expected" ]] || problems+=("data-charts is '${charts}', expected $expected")
[[ $ndivs == "$expected" ]] || problems+=("$ndivs chart divs, expected $expected")
[[ -z ${undrawn// /} ]] || problems+=("not drawn: $undrawn")
[[ -z $errors ]] || problems+=("data-errors: $errors")
[[ -z $console ]] || problems+=("browser log: $console")
[[ -z $remote ]] || problems+=("the page refers to the network: $remote")
if [[ ${#problems[@]} -gt 0 ]]; then
  for p in "${problems[@]}"; do
    echo "check-report: FAILED: $p" >&2
  done
  exit 1
fi

window=${WINDOW:-1400,4000}
status=0
timeout 180 "$chrome" "${flags[@]}" --screenshot="$(cd "$(dirname "$shot")" && pwd)/$(basename "$shot")" \
  --window-size="$window" "$url" >"$work/shot.log" 2>&1 || status=$?
[[ $status -eq 0 && -s $shot ]] || { tail -20 "$work/shot.log" >&2; fail "no screenshot written to $shot"; }
echo "check-report: OK: $report: $charts of $expected charts drawn, data-ready=true, no errors; screenshot $shot ($window)"
