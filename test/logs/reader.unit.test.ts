// Reading: lines split the same whatever the chunks, corrupt/binary/too-long lines counted and
// skipped, gzip (whole, truncated, corrupt), several files of several formats, stdin.
process.env.TZ = 'UTC';

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { isWhydownError } from '../../src/core/errors.js';
import { LineSplitter } from '../../src/logs/line-splitter.js';
import { readLogs, scanLogs } from '../../src/logs/read-logs.js';
import { rangeChunks } from '../../src/logs/source.js';
import { summarizeLogs } from '../../src/logs/summarize.js';
import { LogSummary } from '../../src/logs/summary.js';
import type { LogEvent } from '../../src/logs/types.js';
import { makeTempDir } from '../support/cleanup.js';
import { FIXTURES } from './helpers.js';

const NGINX = path.join(FIXTURES, 'nginx/proxy.log');

async function scan(files: string[], options: Parameters<typeof scanLogs>[1] = {}): Promise<{ events: LogEvent[]; stats: Awaited<ReturnType<typeof scanLogs>> }> {
  const events: LogEvent[] = [];
  const stats = await scanLogs(files, options, (e) => events.push(e));
  return { events, stats };
}

function split(chunks: Buffer[], max?: number): { lines: Array<[number, string, boolean]>; tooLong: number[] } {
  const lines: Array<[number, string, boolean]> = [];
  const tooLong: number[] = [];
  const splitter = new LineSplitter({ line: (text, n, suspect) => lines.push([n, text, suspect]), tooLong: (n) => tooLong.push(n) }, max);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return { lines, tooLong };
}

describe('LineSplitter', () => {
  test('the same lines whatever the chunk boundaries, UTF-8 split across chunks included', () => {
    const text = 'first line\nsecond — with UTF-8 é ✓\r\n\nlast without newline';
    const bytes = Buffer.from(text);
    const whole = split([bytes]).lines;
    assert.deepEqual(whole.map(([, t]) => t), ['first line', 'second — with UTF-8 é ✓', '', 'last without newline']);
    for (let size = 1; size < bytes.length; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      assert.deepEqual(split(chunks).lines, whole, `chunks of ${size} bytes`);
    }
  });

  test('a line over the limit is counted, its bytes dropped, the next lines intact — in one chunk or across many', () => {
    const long = 'x'.repeat(1000);
    const bytes = Buffer.from(`a\n${long}\nb\n${long}`);
    for (const size of [7, 64, 333, bytes.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const { lines, tooLong } = split(chunks, 100);
      assert.deepEqual(lines.map(([n, t]) => [n, t]), [[1, 'a'], [3, 'b']], `chunks of ${size}`);
      assert.deepEqual(tooLong, [2, 4]);
    }
  });

  test('the limit counts bytes, not characters: a non-ASCII line over it is counted in one chunk as across two', () => {
    // Found by test/property/logs.unit.test.ts: "À  " is 4 bytes and 3 characters; with a limit of
    // 3 it was dropped when cut across chunks and kept when it came whole.
    const bytes = Buffer.from([0xc3, 0x80, 0x20, 0x20, 0x0a, 0x61, 0x0a]);
    for (const chunks of [[bytes], [bytes.subarray(0, 2), bytes.subarray(2)]]) {
      const { lines, tooLong } = split(chunks, 3);
      assert.deepEqual(lines.map(([n, t]) => [n, t]), [[2, 'a']]);
      assert.deepEqual(tooLong, [1]);
    }
  });

  test('NUL bytes and invalid UTF-8 mark a line as suspect; clean lines next to them are not', () => {
    const bytes = Buffer.concat([Buffer.from('clean\n'), Buffer.from([0x61, 0x00, 0x62, 0x0a]), Buffer.from([0xff, 0xfe, 0x41, 0x0a]), Buffer.from('ok ✓\n')]);
    assert.deepEqual(split([bytes]).lines.map(([, , suspect]) => suspect), [false, true, true, false]);
  });
});

describe('readLogs / scanLogs', () => {
  test('corrupt, binary and extremely long lines are counted and skipped, never fatal', async () => {
    const dir = await makeTempDir('logs-corrupt');
    const clean = (await readFile(NGINX, 'utf8')).trimEnd().split('\n');
    const junk = [
      randomBytes(300),
      Buffer.from([0, 0, 0, 0, 1, 2, 3]),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]),
      Buffer.from('y'.repeat(200_000)), // one long line inside a chunk
      Buffer.from('z'.repeat(5_000_000)), // one spanning several 1 MiB chunks
    ];
    const parts: Buffer[] = [];
    clean.forEach((line, i) => {
      parts.push(Buffer.from(`${line}\n`));
      if (i % 7 === 3) parts.push(Buffer.concat([junk[(i / 7) % junk.length | 0]!.filter((b) => b !== 0x0a), Buffer.from('\n')]));
    });
    parts.push(Buffer.from('z'.repeat(3_000_000)), Buffer.from('\n'), Buffer.from(`${clean.at(-1)}\n`));
    const file = path.join(dir, 'mixed.log');
    await writeFile(file, Buffer.concat(parts));
    const mixed = await scan([file]);
    const reference = await scan([NGINX]);
    assert.equal(mixed.stats[0]!.server, 'nginx');
    assert.deepEqual(mixed.events.map((e) => [e.cause, e.request]), [...reference.events, reference.events.at(-1)!].map((e) => [e.cause, e.request]));
    assert.ok(mixed.stats[0]!.skipped.tooLong >= 2, JSON.stringify(mixed.stats));
    assert.ok(mixed.stats[0]!.skipped.corrupt >= 2, JSON.stringify(mixed.stats));
    const { lines, recognised, skipped } = mixed.stats[0]!;
    assert.equal(lines, recognised + skipped.other + skipped.corrupt + skipped.tooLong);
  });

  test('gzip input gives the same events; a truncated gzip keeps what was read; a corrupt one is E_FILE', async () => {
    const dir = await makeTempDir('logs-gz');
    const raw = await readFile(NGINX);
    const gz = gzipSync(raw);
    await writeFile(path.join(dir, 'error.log.gz'), gz);
    await writeFile(path.join(dir, 'named-plain.gz.log'), gz); // gzip is recognised by content, not name
    await writeFile(path.join(dir, 'cut.log.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    await writeFile(path.join(dir, 'bad.log.gz'), Buffer.concat([gz.subarray(0, 10), randomBytes(200)]));
    const plain = await scan([NGINX]);
    const zipped = await scan([path.join(dir, 'error.log.gz'), path.join(dir, 'named-plain.gz.log')]);
    assert.deepEqual(zipped.events.map((e) => e.message), [...plain.events, ...plain.events].map((e) => e.message));
    const cut = await scan([path.join(dir, 'cut.log.gz')]);
    assert.equal(cut.stats[0]!.truncated, true);
    assert.ok(cut.events.length > 0 && cut.events.length < plain.events.length);
    await assert.rejects(scan([path.join(dir, 'bad.log.gz')]), (error) => isWhydownError(error) && error.code === 'E_FILE' && /gzip/.test(error.message));
  });

  test('several files, each in its own format, found per file; --server forces one', async () => {
    const files = ['nginx/proxy.log', 'apache/proxy.log', 'haproxy/httplog.log', 'varnish/varnishlog.log', 'php-fpm/pool.log', 'caddy/reverse-proxy.log', 'lighttpd/proxy-fastcgi.log']
      .map((f) => path.join(FIXTURES, f));
    const { stats } = await scan(files);
    assert.deepEqual(stats.map((s) => s.server), ['nginx', 'apache', 'haproxy', 'varnish', 'php-fpm', 'caddy', 'lighttpd']);
    const forced = await scan([NGINX], { server: 'apache' });
    assert.equal(forced.stats[0]!.server, 'apache');
    assert.equal(forced.events.length, 0);
  });

  test('a file in no known format: no events, its lines counted as skipped', async () => {
    const dir = await makeTempDir('logs-unknown');
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, 'hello\nthis is not a log\n');
    const { events, stats } = await scan([file]);
    assert.equal(stats[0]!.server, null);
    assert.equal(events.length, 0);
    assert.equal(stats[0]!.skipped.other, 2);
  });

  test('stdin (-), plain or gzip, and the async iterator gives what the callback gives', async () => {
    const raw = await readFile(NGINX);
    const fromStdin: LogEvent[] = [];
    for await (const event of readLogs(['-'], { stdin: Readable.from([raw.subarray(0, 1000), raw.subarray(1000)]) })) fromStdin.push(event);
    const gz: LogEvent[] = [];
    for await (const event of readLogs(['-'], { stdin: Readable.from([gzipSync(raw)]) })) gz.push(event);
    const expected = (await scan([NGINX])).events.map((e) => e.message);
    assert.deepEqual(fromStdin.map((e) => e.message), expected);
    assert.deepEqual(gz.map((e) => e.message), expected);
    assert.equal(fromStdin[0]?.file, '-');
  });

  test('an unreadable file fails with E_FILE before anything is read', async () => {
    let read = 0;
    await assert.rejects(scanLogs([NGINX, '/nonexistent/error.log'], { onFile: () => read++ }, () => undefined),
      (error) => isWhydownError(error) && error.code === 'E_FILE' && error.message === 'cannot read /nonexistent/error.log: no such file');
    assert.equal(read, 0);
    await assert.rejects(scan([FIXTURES]), /it is a directory/);
  });
});

describe('big files read in ranges by several threads', () => {
  test('byte ranges hold every line exactly once, wherever they are cut', async () => {
    const dir = await makeTempDir('logs-ranges');
    const file = path.join(dir, 'lines.log');
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}`);
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    await writeFile(file, bytes);
    for (const parts of [1, 2, 3, 7, 64]) {
      const seen: string[] = [];
      for (let i = 0; i < parts; i++) {
        const start = Math.floor((bytes.length * i) / parts);
        const end = Math.floor((bytes.length * (i + 1)) / parts);
        let text = '';
        for await (const chunk of rangeChunks(file, start, end)) text += chunk.toString();
        seen.push(...text.split('\n').filter(Boolean));
      }
      assert.deepEqual(seen, lines, `${parts} parts`);
    }
  });

  test('the counts are the same with one thread or several', async () => {
    const dir = await makeTempDir('logs-threads');
    const nginx = path.join(dir, 'nginx.log');
    const apache = path.join(dir, 'apache.log');
    await writeFile(nginx, (await readFile(NGINX, 'utf8')).repeat(300));
    await writeFile(apache, (await readFile(path.join(FIXTURES, 'apache/proxy.log'), 'utf8')).repeat(300));
    const varnish = path.join(FIXTURES, 'varnish/varnishlog.log'); // multi-line records: never cut
    const access = path.join(dir, 'access.log');
    await writeFile(access, (await readFile(path.join(FIXTURES, 'access/nginx-upstream-fields.log'), 'utf8')).repeat(300));
    const one = await summarizeLogs([nginx, apache, varnish, access], { threads: 1 });
    const three = await summarizeLogs([nginx, apache, varnish, access], { threads: 3, minSplitBytes: 0 });
    assert.deepEqual(three.toJSON(), one.toJSON());
    assert.equal(one.toJSON().access?.responses, 4 * 300);
    assert.equal(one.recognised, (await scan([nginx, apache, varnish])).events.length); // access lines carry no cause
  });
});

describe('LogSummary', () => {
  test('counts by cause and upstream, first and last time, and a bounded timeline', () => {
    const summary = new LogSummary();
    const base = Date.UTC(2024, 4, 1);
    for (let i = 0; i < 20_000; i++) {
      const at = base + i * 5 * 60_000; // 20,000 events five minutes apart: ~70 days
      summary.add({ file: 'f', line: i + 1, time: new Date(at).toISOString(), server: 'nginx', cause: i % 3 ? 'upstream-timeout' : 'upstream-refused', upstream: `u${i % 4}`, client: null, request: null, message: '', at });
    }
    const json = summary.toJSON();
    assert.deepEqual(json.byCause, { 'upstream-timeout': 13_333, 'upstream-refused': 6_667 });
    assert.equal(Object.keys(json.byUpstream).length, 4);
    assert.equal(json.firstAt, '2024-05-01T00:00:00.000Z');
    assert.equal(json.lastAt, new Date(base + 19_999 * 5 * 60_000).toISOString());
    assert.ok(json.timeline.buckets.length <= 48);
    assert.equal(json.timeline.buckets.reduce((sum, b) => sum + b.total, 0), 20_000);
  });
});
