// The browser check's cost: wall time of `whydown diagnose --browser` on a simple page (an HTML
// page, its stylesheet, its script and one fetch to its API, all 200), beside the same diagnosis
// without the browser; and the memory of one browser check: the peak, over the run, of the
// summed RSS and PSS (shared pages divided among their users) of chromium's processes. The
// processes are told apart from other browsers on the machine by a marker in their environment.
//
// Run: npm run build && node dist/bench/browser-bench.js [--runs 5] [--browser-path /usr/bin/chromium]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const BIN = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'bin', 'whydown.js');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'browser-path': { type: 'string', default: '/usr/bin/chromium' } } });
const runs = Math.max(1, Math.min(20, Number(values.runs)));
const MARK = `WHYDOWN_BROWSER_BENCH=${process.pid}`;
// The screenshots (written to the temporary folder without --report) go here and are removed at the end.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'whydown-browser-bench-'));

const PAGES: Record<string, [string, string]> = {
  '/': ['text/html', '<!doctype html><html><head><title>Shop</title><link rel="stylesheet" href="/app.css"></head><body><h1>Shop</h1><ul id="items"></ul><script src="/app.js"></script></body></html>'],
  '/app.css': ['text/css', 'body{font:16px system-ui;margin:2rem}h1{color:#333}'],
  '/app.js': ['text/javascript', 'fetch("/api/items").then((r) => r.json()).then((items) => { for (const i of items) { const li = document.createElement("li"); li.textContent = i; document.getElementById("items").append(li); } });'],
  '/api/items': ['application/json', '["apples","pears","plums"]'],
};
const server = http.createServer((req, res) => {
  const page = PAGES[(req.url ?? '/').split('?')[0]!];
  if (!page) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': page[0] }).end(page[1]);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

interface Run { ms: number; rssMb: number; pssMb: number; code: number | null }

async function run(args: string[]): Promise<Run> {
  const started = performance.now();
  const [name, value] = MARK.split('=') as [string, string];
  const child = spawn(process.execPath, [BIN, url, '--json', '--retries', '1', ...args], { stdio: 'ignore', env: { ...process.env, [name]: value, TMPDIR: scratch } });
  let rss = 0;
  let pss = 0;
  const sampler = setInterval(() => {
    const now = sampleChromium();
    rss = Math.max(rss, now.rss);
    pss = Math.max(pss, now.pss);
  }, 25);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  return { ms: performance.now() - started, rssMb: rss / 1024, pssMb: pss / 1024, code };
}

/** Summed RSS and PSS (kB) of live chromium processes carrying this run's marker. */
function sampleChromium(): { rss: number; pss: number } {
  let rss = 0;
  let pss = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!/chrom/i.test(readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(MARK)) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return { rss, pss };
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
};
const fmt = (s: ReturnType<typeof stats>, unit: string) => `mean ${s.mean.toFixed(0)} ${unit}, median ${s.median.toFixed(0)}, min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)}`;

try {
  await run([]); // warm the file cache
  const plain: Run[] = [];
  const browser: Run[] = [];
  for (let i = 0; i < runs; i++) {
    plain.push(await run([]));
    browser.push(await run(['--browser', '--browser-path', values['browser-path']!]));
  }
  const failed = browser.filter((r) => r.code !== 0).length + plain.filter((r) => r.code !== 0).length;
  console.log(`page: ${url} (HTML + CSS + JS + one fetch), ${runs} runs each, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(`diagnose            wall: ${fmt(stats(plain.map((r) => r.ms)), 'ms')}`);
  console.log(`diagnose --browser  wall: ${fmt(stats(browser.map((r) => r.ms)), 'ms')}`);
  console.log(`chromium peak RSS (summed over its processes): ${fmt(stats(browser.map((r) => r.rssMb)), 'MB')}`);
  console.log(`chromium peak PSS (summed over its processes): ${fmt(stats(browser.map((r) => r.pssMb)), 'MB')}`);
  if (failed > 0) console.log(`warning: ${failed} runs did not exit 0 (the page should be up)`);
} finally {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
}
