#!/usr/bin/env node
// Writes a Squid access.log in the native format for the `whydown logs` benchmark (default
// ~100 MB into /tmp): mostly hits and misses that succeeded, with about one line in ten a failure
// (502/503/504 with the %err_code/%err_detail field Squid 5.7 wrote in test/logs/squid.test.ts:
// ERR_READ_ERROR, ERR_ZERO_SIZE_OBJECT, ERR_READ_TIMEOUT, ERR_TOO_BIG, ERR_CONNECT_FAIL, and the
// origin's own 503 with "-/-"), plus client aborts and denials.
//
//   node bench/squid-logs-generate.mjs [bytes] [path]   (defaults: 104857600 /tmp/whydown-bench/squid-access.log)
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

const target = Number(process.argv[2] ?? 100 * 1024 * 1024);
const file = process.argv[3] ?? '/tmp/whydown-bench/squid-access.log';
mkdirSync(path.dirname(file), { recursive: true });

let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (list) => list[Math.floor(rand() * list.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const clients = Array.from({ length: 300 }, () => `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`);
const urls = ['http://shop.example.com/', 'http://shop.example.com/cart', 'http://www.example.com/index.html',
  'http://api.example.com/v1/orders?page=2', 'http://static.example.com/app.js', 'http://static.example.com/logo.png'];
const peers = ['10.0.1.11', '10.0.1.12', '10.0.1.13'];
const ok = [
  () => `TCP_MISS/200 ${int(200, 90000)} GET ${pick(urls)} - FIRSTUP_PARENT/${pick(peers)} text/html -/-`,
  () => `TCP_MEM_HIT/200 ${int(200, 90000)} GET ${pick(urls)} - HIER_NONE/- image/png -/-`,
  () => `TCP_REFRESH_UNMODIFIED/304 ${int(200, 400)} GET ${pick(urls)} - FIRSTUP_PARENT/${pick(peers)} - -/-`,
  () => `TCP_MISS_ABORTED/000 0 GET ${pick(urls)} - FIRSTUP_PARENT/${pick(peers)} - ERR_CLIENT_GONE/WITH_CLIENT`,
  () => `TCP_DENIED/403 3900 GET ${pick(urls)} - HIER_NONE/- text/html ERR_ACCESS_DENIED/-`,
];
const failed = [
  () => `TCP_MISS/502 3401 GET ${pick(urls)} - HIER_NONE/- text/html ERR_READ_ERROR/WITH_SERVER`,
  () => `TCP_MISS/502 3321 GET ${pick(urls)} - FIRSTUP_PARENT/${pick(peers)} text/html ERR_ZERO_SIZE_OBJECT/WITH_SERVER`,
  () => `TCP_MISS/504 3454 GET ${pick(urls)} - FIRSTUP_PARENT/${pick(peers)} text/html ERR_READ_TIMEOUT/WITH_SERVER`,
  () => `TCP_MISS/502 3605 GET ${pick(urls)} - FIRSTUP_PARENT/${pick(peers)} text/html ERR_TOO_BIG/WITH_SERVER`,
  () => `TCP_MISS/503 4012 GET ${pick(urls)} - FIRSTUP_PARENT/${pick(peers)} text/html ERR_CONNECT_FAIL/WITH_SERVER`,
  () => `TCP_MISS/503 216 GET ${pick(urls)} - FIRSTUP_PARENT/${pick(peers)} - -/-`,
];

const out = createWriteStream(file);
let written = 0;
let clock = 1714521600000;
while (written < target) {
  let block = '';
  for (let i = 0; i < 2000; i++) {
    clock += int(0, 40);
    const stamp = `${Math.floor(clock / 1000)}.${String(clock % 1000).padStart(3, '0')}`;
    const rest = rand() < 0.1 ? pick(failed)() : pick(ok)();
    block += `${stamp} ${String(int(0, 3000)).padStart(6)} ${pick(clients)} ${rest}\n`;
  }
  written += Buffer.byteLength(block);
  if (!out.write(block)) await new Promise((resolve) => out.once('drain', resolve));
}
out.end();
await new Promise((resolve) => out.once('finish', resolve));
console.error(`wrote ${written} bytes to ${file}`);
