#!/usr/bin/env bash
# Build the HTML contradiction report on the fixture batches and screenshot it in headless
# Chromium, to check by eye what a reviewer sees (layout, highlighted spans, history, and
# that the <script> payloads of fixtures/batches/review/ show as text).
#
# Usage:  bench/screenshot_report.sh [OUT_DIR]          (default OUT_DIR: bench/out)
# Writes: OUT_DIR/report.html        the report (self-contained, open it in any browser)
#         OUT_DIR/report.png         1400x1000 screenshot (the top of the page)
#         OUT_DIR/report_full.png    1400x1900 screenshot (every card of the fixtures)
#         OUT_DIR/claims.db          the store it was built from (fresh on every run)
# Needs:  .venv (make setup) and Debian's chromium (apt-get install -y chromium).
# Env:    CLAIMS_BIN (default .venv/bin/claims), CHROMIUM (default /usr/bin/chromium),
#         SCORER (default "cues": no NLI model needed; "nli" uses the shipped model).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/bench/out}" && cd "${1:-$ROOT/bench/out}" && pwd)"
CLAIMS="${CLAIMS_BIN:-$ROOT/.venv/bin/claims}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
DB="$OUT/claims.db"

[ -x "$CHROMIUM" ] || { echo "no chromium at $CHROMIUM (apt-get install -y chromium)" >&2; exit 1; }
rm -f "$DB" "$DB-wal" "$DB-shm"
cd "$ROOT"

"$CLAIMS" ingest fixtures/batches/basic fixtures/batches/more fixtures/batches/review \
  --scorer "${SCORER:-cues}" --db "$DB"

# A little review history, so the page shows verdicts and the audit trail.
ids=$("$CLAIMS" report --format json --db "$DB" | "$ROOT/.venv/bin/python" -c '
import json, sys
items = json.load(sys.stdin)["contradictions"]
top = items[0]
print(top["id"], top["claims"][0]["id"], top["claims"][1]["id"], items[-1]["id"])')
read -r pair claim_a claim_b last <<<"$ids"
"$CLAIMS" tag "$claim_a" verified --by alice --note "matches the agency's statement" --db "$DB"
"$CLAIMS" tag "$claim_b" disputed --by bob --note "no second source" --db "$DB"
"$CLAIMS" resolve "$pair" confirmed --by alice --note "same event, opposite claims" --db "$DB"
[ "$last" = "$pair" ] || "$CLAIMS" resolve "$last" dismissed --by bob --note "different events" --db "$DB"

"$CLAIMS" report --format html --out "$OUT/report.html" --db "$DB"

shoot() {  # shoot PNG WIDTH,HEIGHT
  local profile
  profile="$(mktemp -d)"
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --screenshot="$1" --window-size="$2" \
    "file://$OUT/report.html" 2>/dev/null
  rm -rf "$profile"
}
shoot "$OUT/report.png" 1400,1000
shoot "$OUT/report_full.png" 1400,1900
echo "report: $OUT/report.html"
echo "screenshots: $OUT/report.png $OUT/report_full.png"
