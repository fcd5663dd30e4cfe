#!/usr/bin/env bash
# Browser test of `auditsim report`: renders the README's example report in headless
# Chromium and checks the rendered DOM (text and element counts), then saves a
# screenshot and a PDF print as artifacts in tests/output/. Skipped (exit 77, meson's
# skip) when Chromium is not installed.
#   tests/browser/test_report.sh BINARY      (run from the repository root)
set -uo pipefail
AUDITSIM=$(realpath "${1:?usage: tests/browser/test_report.sh path/to/auditsim}")
cd "$(dirname "$0")/../.."
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "skip: $chromium not installed (Debian package chromium)"
  exit 77
fi
out=tests/output
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# No network, no background services: the report must render from the file alone.
browser=("$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
         --disable-background-networking --disable-component-update --disable-sync
         --user-data-dir="$profile")
passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $what"
  else
    failed=$((failed + 1))
    echo "FAIL $what"
  fi
}
count() { grep -o "$1" "$2" | wc -l; }

log=fixtures/logs/audit2rbac-demo-original-v1beta1-2017.jsonl
AUDITSIM_PROFILE_DIR=policies "$AUDITSIM" report --profile gke --against policies/k8s-docs.yaml \
  --price-per-gb 2.30 "$log" -o "$out/report.html"
check "report written" test -s "$out/report.html"
check "self-contained: no script, stylesheet link, image or URL fetched" \
  bash -c '! grep -Eiq "<script|<link|<img|<iframe|url\(|src=|https?://" "$0"' "$out/report.html"

timeout 120 "${browser[@]}" --dump-dom "file://$PWD/$out/report.html" >"$out/report.dom.html" 2>"$out/chromium.log"
dom=$out/report.dom.html
check "Chromium rendered the page" grep -q "<h1>Audit policy report</h1>" "$dom"
for heading in "The policy, rule by rule" "Bytes by level and stage" "Bytes over time" \
  "Top users, resources, verbs and namespaces by bytes" \
  "Projection, compression, retention and cost" "Lint findings" "From A to B: level transitions"; do
  check "section: $heading" grep -q "<h2>$heading</h2>" "$dom"
done
# gke has 17 rules, k8s-docs 9, each side adds a "no rule matched" row
check "26 rule rows and 2 unmatched rows" test "$(count '<tr class="rule' "$dom")" -eq 28
# 4 levels and 4 stages per side, in tables with one column per policy
check "level and stage cells" test "$(count 'share-cell level-cell' "$dom")" -eq 8 -a \
  "$(count 'share-cell stage-cell' "$dom")" -eq 8
# the recording spans 19:55 to 20:29: 35 minutes per side
check "35 one-minute columns per policy" test "$(count '<rect class="bucket"' "$dom")" -eq 70
check "transition matrix 4x4" test "$(count '<td class="cell' "$dom")" -eq 16
# 950,994 bytes in the 533 s the timestamps cover (gaps over 10m left out): 154 MB a day
check "projection: its basis" grep -q "from 533 s of traffic (timestamps, gaps over 10m left out), 437 requests, scale 1" "$dom"
check "projection: bytes per day, in human units" grep -q "154 MB (gzip" "$dom"
check "cost at 2.3 per GB" grep -q "10.64 per 30 days at 2.3 per GB" "$dom"
check "lint finding shown" grep -q "UNMATCHED_RULE" "$dom"
check "top resource" grep -q "roles.rbac.authorization.k8s.io" "$dom"

timeout 120 "${browser[@]}" --screenshot="$out/report.png" --window-size=1280,2000 \
  "file://$PWD/$out/report.html" >>"$out/chromium.log" 2>&1
check "screenshot saved (tests/output/report.png)" test -s "$out/report.png"
check "screenshot is a PNG" bash -c 'head -c 8 "$0" | od -An -c | grep -q "P   N   G"' "$out/report.png"
timeout 120 "${browser[@]}" --print-to-pdf="$out/report.pdf" --no-pdf-header-footer \
  "file://$PWD/$out/report.html" >>"$out/chromium.log" 2>&1
check "prints to PDF (tests/output/report.pdf)" bash -c 'head -c 5 "$0" | grep -q "%PDF-"' "$out/report.pdf"

# Three policies: every aligned table has a column per policy, a transition section from
# A to each other one, and the page prints.
AUDITSIM_PROFILE_DIR=policies "$AUDITSIM" report --profile gke --against policies/k8s-docs.yaml \
  --against-profile metadata-only "$log" -o "$out/report3.html"
timeout 120 "${browser[@]}" --dump-dom "file://$PWD/$out/report3.html" >"$out/report3.dom.html" 2>>"$out/chromium.log"
dom3=$out/report3.dom.html
check "3 policies: rendered" grep -q "<h1>Audit policy report</h1>" "$dom3"
check "3 policies: a column head per policy in each aligned table" \
  test "$(count 'class="num side-head">C: ' "$dom3")" -ge 8
check "3 policies: 4 levels x 3 columns" test "$(count 'share-cell level-cell' "$dom3")" -eq 12
check "3 policies: from A to B and from A to C" \
  bash -c 'grep -q "<h2>From A to B: level transitions</h2>" "$0" && grep -q "<h2>From A to C: level transitions</h2>" "$0"' "$dom3"
check "3 policies: security categories" grep -q "<h2>Security-relevant requests</h2>" "$dom3"
timeout 120 "${browser[@]}" --print-to-pdf="$out/report3.pdf" --no-pdf-header-footer \
  "file://$PWD/$out/report3.html" >>"$out/chromium.log" 2>&1
check "3 policies: prints to PDF (tests/output/report3.pdf)" bash -c 'head -c 5 "$0" | grep -q "%PDF-"' "$out/report3.pdf"

echo
echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
