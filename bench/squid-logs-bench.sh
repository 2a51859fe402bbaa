#!/usr/bin/env bash
# Benchmark of `whydown logs` on a ~100 MB Squid access.log (bench/squid-logs-generate.mjs),
# next to `grep -c ERR_` on the same file. Bounded: 3 runs each, well under a minute.
#
#   bench/squid-logs-bench.sh [file]   (default /tmp/whydown-bench/squid-access.log, generated if missing)
#
# Run `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

FILE="${1:-/tmp/whydown-bench/squid-access.log}"
RUNS="${RUNS:-3}"
[ -f "$FILE" ] || node bench/squid-logs-generate.mjs $((100 * 1024 * 1024)) "$FILE"
[ -f dist/src/cli/main.js ] || { echo "build first: npm run build" >&2; exit 1; }
BYTES=$(stat -c %s "$FILE")
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
LINES=$(wc -l < "$FILE")
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "- node: $(node --version); file: $FILE, $MB MB, $LINES lines; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$FILE" > /dev/null # into the page cache

hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/h.json" \
  -n 'whydown logs --json' "node bin/whydown.js logs --json $FILE > /dev/null" \
  -n 'whydown logs --ndjson' "node bin/whydown.js logs --ndjson $FILE > /dev/null" \
  -n 'grep -c ERR_' "grep -c ERR_ $FILE > $OUT/grep.txt" >&2

echo
echo "| command | mean (s) | σ (s) | MB/s (mean) | lines/s (mean) |"
echo "|---|---|---|---|---|"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
  const mb = Number(process.argv[2]); const lines = Number(process.argv[3]);
  for (const x of r) console.log(`| \`${x.command}\` | ${x.mean.toFixed(2)} | ${x.stddev.toFixed(2)} | ${(mb / x.mean).toFixed(0)} | ${(lines / x.mean / 1e6).toFixed(2)} M |`);
' "$OUT/h.json" "$MB" "$LINES"
echo
node bin/whydown.js logs --json "$FILE" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log("recognised:", j.recognised ?? JSON.stringify(j).slice(0,300), "byCause:", JSON.stringify(j.byCause))})'
