#!/usr/bin/env bash
# Benchmark of `whydown logs` on a ~1 GB nginx error log (bench/logs-generate.mjs), next to
# `grep -c upstream` and an awk tally by message on the same file, in the same run.
#
#   bench/logs-bench.sh [file]      (default /tmp/whydown-bench/error.log, generated if missing)
#
# Prints the machine, hyperfine's table (wall time, mean ± σ over several runs) with MB/s, and
# the peak RSS of each whydown command from /usr/bin/time -v. Run `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

FILE="${1:-/tmp/whydown-bench/error.log}"
RUNS="${RUNS:-5}"
[ -f "$FILE" ] || node bench/logs-generate.mjs $((1024 * 1024 * 1024)) "$FILE"
[ -f dist/src/cli/main.js ] || { echo "build first: npx tsc -p tsconfig.json" >&2; exit 1; }

BYTES=$(stat -c %s "$FILE")
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# (grep and awk write to a file: GNU grep stops at the first match when its output is /dev/null.)
# The awk tally: the message of each line, without its variable tail (errno text, action, context).
cat > "$OUT/tally.awk" <<'AWK'
{
  m = $0
  sub(/^[^]]*\] [0-9]+#[0-9]+: (\*[0-9]+ )?/, "", m)
  sub(/ \(.*| while .*|, client: .*/, "", m)
  count[m]++
}
END { for (k in count) print count[k], k }
AWK

echo "## machine"
echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "- cpu: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "- ram: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "- node: $(node --version), $(hyperfine --version), $(grep --version | head -1), awk: $(readlink -f "$(command -v awk)")"
echo "- file: $FILE, $MB MB, $(wc -l < "$FILE") lines"
echo "- load before: $(cut -d' ' -f1-3 /proc/loadavg); CPU steal over 3 s: $(vmstat 1 4 | tail -3 | awk '{ s += $17 } END { printf "%.0f%%", s / 3 }')"
echo

cat "$FILE" > /dev/null # into the page cache: every command reads from memory

hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/h.json" \
  -n 'whydown logs --json' "node bin/whydown.js logs --json $FILE > /dev/null" \
  -n 'whydown logs (human summary)' "node bin/whydown.js logs $FILE > /dev/null" \
  -n 'whydown logs --ndjson' "node bin/whydown.js logs --ndjson $FILE > /dev/null" \
  -n 'whydown logs --json, one thread' "node bench/logs-one-thread.mjs $FILE > /dev/null" \
  -n 'grep -c upstream' "grep -c upstream $FILE > $OUT/grep.txt" \
  -n 'awk tally by message' "awk -f $OUT/tally.awk $FILE > $OUT/awk.txt" >&2

echo "## results"
echo
echo "| command | mean (s) | σ (s) | min (s) | MB/s (mean) | MB/s (best) | peak RSS |"
echo "|---|---|---|---|---|---|---|"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
  const mb = Number(process.argv[2]);
  for (const x of r) console.log(`${x.command}\t${x.mean.toFixed(2)}\t${x.stddev.toFixed(2)}\t${x.min.toFixed(2)}\t${(mb / x.mean).toFixed(0)}\t${(mb / x.min).toFixed(0)}`);
' "$OUT/h.json" "$MB" | while IFS=$'\t' read -r name mean sd min rate best; do
  rss="–"
  case "$name" in
    *one\ thread) rss="$(/usr/bin/time -v node bench/logs-one-thread.mjs "$FILE" 2>&1 > /dev/null | awk '/Maximum resident/ { printf "%.0f MB", $6 / 1024 }')" ;;
    whydown*)
      args="${name#whydown logs}"; args="${args/(human summary)/}"
      # shellcheck disable=SC2086
      /usr/bin/time -v node bin/whydown.js logs $args "$FILE" > /dev/null 2> "$OUT/time.txt"
      rss="$(awk '/Maximum resident/ { printf "%.0f MB", $6 / 1024 }' "$OUT/time.txt")"
      ;;
  esac
  echo "| \`$name\` | $mean | $sd | $min | $rate | $best | $rss |"
done
