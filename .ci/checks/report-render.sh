#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium (Debian's package, installed
# here when missing) renders the sample ledger's report to a PNG without errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium and CJK fonts from Debian's packages"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r EventLog/sample "$work/sample"
swift run -c debug ipledger report --html --ledger "$work/sample" --out "$work/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2600 \
  --screenshot="$work/report.png" "file://$work/report.html" 2>"$work/chromium.log" || {
  cat "$work/chromium.log" >&2; echo "chromium failed to render the report" >&2; exit 1; }
if grep -E "Uncaught|Failed to load resource|ERR_" "$work/chromium.log" >&2; then
  echo "the report rendered with errors" >&2; exit 1
fi
size=$(stat -c %s "$work/report.png")
[ "$size" -gt 100000 ] || { echo "the screenshot is suspiciously small ($size bytes)" >&2; exit 1; }
echo "report rendered: $size bytes of PNG"
