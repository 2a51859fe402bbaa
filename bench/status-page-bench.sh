#!/usr/bin/env bash
# Status page throughput: `whydown serve` checks MONITORS monitors (a real nginx on loopback, one
# in FAIL_EVERY of them failing behind a 502) every INTERVAL while wrk asks for /status/bench with 50
# connections for DURATION. Usage: [MONITORS=10000 INTERVAL=60s FAIL_EVERY=1000 WARMUP=70] bash bench/status-page-bench.sh (after npm run build).
set -euo pipefail
MONITORS=${MONITORS:-300}
INTERVAL=${INTERVAL:-10s}
DURATION=${DURATION:-10s}
FAIL_EVERY=${FAIL_EVERY:-10} # one monitor in FAIL_EVERY fails (and gets an incident with its diagnosis)
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/whydown-status-bench.XXXXXX)
ngport=$((20000 + RANDOM % 10000)); port=$((ngport + 1)); dead=$((ngport + 2))
cat > "$dir/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $dir/nginx.pid; error_log $dir/error.log;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $dir/b; proxy_temp_path $dir/p; fastcgi_temp_path $dir/f; uwsgi_temp_path $dir/u; scgi_temp_path $dir/s;
  server { listen 127.0.0.1:$ngport; location /ok { return 200 "fine\n"; } location /gone { proxy_pass http://127.0.0.1:$dead; } } }
CONF
nginx -c "$dir/nginx.conf" & ngpid=$!
{
  echo "defaults: { interval: $INTERVAL, timeout: 5s }"
  echo "monitors:"
  for i in $(seq 1 "$MONITORS"); do
    path=ok; [ $((i % FAIL_EVERY)) -eq 0 ] && path=gone
    echo "  - { name: m$i, url: 'http://127.0.0.1:$ngport/$path?i=$i' }"
  done
  echo "statusPages:"
  echo "  - { slug: bench, title: Bench, monitors: [$(seq -s, -f 'm%g' 1 9),m$FAIL_EVERY] }"
} > "$dir/whydown.yml"
WHYDOWN_API_TOKEN=bench node "$root/bin/whydown.js" serve --config "$dir/whydown.yml" --db "sqlite:$dir/w.db" --listen "127.0.0.1:$port" 2> "$dir/serve.log" & spid=$!
trap 'kill $spid $ngpid 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
sleep ${WARMUP:-15} # first round of checks and the failing ones' incidents
metrics() { curl -s -H 'authorization: Bearer bench' "http://127.0.0.1:$port/metrics" | grep -E '^whydown_check_delay_seconds_(bucket|count)' ; }
metrics > "$dir/before"
curl -s "http://127.0.0.1:$port/status/bench" | grep -o 'Some systems are down\|All systems operational'
wrk -t2 -c50 -d"$DURATION" --latency "http://127.0.0.1:$port/status/bench"
# How late checks started during the run: the delay histogram's growth over it.
metrics > "$dir/after"
node -e '
const read = (f) => Object.fromEntries(require("fs").readFileSync(f, "utf8").trim().split("\n").map((l) => { const m = /^(\S+) (\S+)$/.exec(l); return [m[1], Number(m[2])]; }));
const [a, b] = [read(process.argv[1]), read(process.argv[2])];
const count = b["whydown_check_delay_seconds_count"] - a["whydown_check_delay_seconds_count"];
const within = (le) => b[`whydown_check_delay_seconds_bucket{le="${le}"}`] - a[`whydown_check_delay_seconds_bucket{le="${le}"}`];
console.log(`checks started during the run: ${count}; started within 0.1 s of their slot: ${within("0.1")}, within 1 s: ${within("1")}`);
' "$dir/before" "$dir/after"
echo "RSS of serve: $(ps -o rss= -p $spid) KiB"
