// Squid 5.7 (Debian 12) as a reverse proxy in front of dead, closing, resetting, slow and garbled
// origins: its native access.log, the same with %err_code/%err_detail appended, and cache.log.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSquidWithPeers, type SquidWithPeers } from '../support/squid-peers.js';
import { deadPort } from '../support/process.js';
import type { Cause } from '../../src/core/model.js';
import type { FileStats, LogEvent } from '../../src/logs/types.js';
import { readEvents, saveFixture } from './helpers.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { eventually, request, startUpstreams } from './upstreams.js';

const BEHAVIOURS = ['close', 'reset', 'silent', 'huge-header', 'stall-body', 'status-503', 'ok'] as const;

/** path → [cause from the native line, cause with %err_code appended] */
const EXPECTED: Record<string, [Cause | null, Cause | null]> = {
  '/refused': ['upstream-refused', 'upstream-refused'],
  '/closed': ['unknown', 'upstream-closed'],
  '/reset': ['unknown', 'upstream-closed'],
  '/slow': ['upstream-timeout', 'upstream-timeout'],
  '/big': ['unknown', 'upstream-header-too-big'],
  '/stallbody': [null, 'upstream-timeout'], // 200 and headers sent, then the body stalled
  '/app503': ['unknown', 'unknown'], // the origin's own 503, relayed
  '/ok': [null, null],
};

const ERR_FORMAT = 'logformat errs %ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt %err_code/%err_detail';

describe('Squid access.log and cache.log from a real squid', () => {
  let squid: SquidWithPeers;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<(typeof BEHAVIOURS)[number]>>>;
  const logs: Record<'native' | 'errs' | 'cache', { events: LogEvent[]; stats: FileStats; text: string }> = {} as never;

  before(async () => {
    upstreams = await startUpstreams(BEHAVIOURS);
    squid = await startSquidWithPeers({
      refused: await deadPort(), closed: upstreams.close.port, reset: upstreams.reset.port, slow: upstreams.silent.port,
      big: upstreams['huge-header'].port, stallbody: upstreams['stall-body'].port, app503: upstreams['status-503'].port,
      ok: upstreams.ok.port,
    }, `read_timeout 2 seconds\nforward_timeout 4 seconds\nstrip_query_terms off\n${ERR_FORMAT}\naccess_log {{DIR}}/errs.log errs`);
    for (const p of Object.keys(EXPECTED)) await request(squid.port, p);
    await request(squid.port, '/refused-again');
    await eventually(async () => (await readFile(path.join(squid.dir, 'errs.log'), 'utf8')).includes('/refused-again'));
    const files = { native: squid.accessLog, errs: path.join(squid.dir, 'errs.log'), cache: squid.cacheLog };
    for (const [name, file] of Object.entries(files) as [keyof typeof files, string][]) {
      logs[name] = { ...(await readEvents(file)), text: await readFile(file, 'utf8') };
    }
    await saveFixture('squid', 'access', logs.native.text);
    await saveFixture('squid', 'access-err-code', logs.errs.text);
    // Only the entries about requests: the start-up lines name this machine's folders and resolvers.
    await saveFixture('squid', 'cache', logs.cache.text.split('\n').filter((l, i, all) => (/WARNING|ERROR|DEAD|failed/.test(l) && !l.includes('log name now starts'))  || (l.startsWith('    ') && /WARNING|ERROR/.test(all[i - 1] ?? ''))).join('\n') + '\n');
  });

  after(async () => {
    await squid?.stop();
    await upstreams?.closeAll();
  });

  const causes = (events: LogEvent[], p: string): Cause[] => events.filter((e) => e.path === p || e.request?.endsWith(`http://localhost${p}`)).map((e) => e.cause);

  test('the files are detected as Squid', () => {
    for (const name of ['native', 'errs', 'cache'] as const) assert.equal(logs[name].stats.server, 'squid', name);
  });

  for (const [p, [native, withCode]] of Object.entries(EXPECTED)) {
    test(`${p} → ${native ?? 'nothing'} (native), ${withCode ?? 'nothing'} (%err_code)`, () => {
      assert.deepEqual(causes(logs.native.events, p), native ? [native] : [], logs.native.text);
      assert.deepEqual(causes(logs.errs.events, p), withCode ? [withCode] : [], logs.errs.text);
    });
  }

  test('a parent refused again: still upstream-refused (Squid 5.7 logs ERR_READ_ERROR with HIER_NONE, and no DEAD parent at the default debug level)', () => {
    assert.deepEqual(causes(logs.errs.events, '/refused-again'), ['upstream-refused'], logs.errs.text);
    assert.deepEqual(causes(logs.native.events, '/refused-again'), ['upstream-refused'], logs.native.text);
  });

  test('cache.log: a server that closed without a byte → upstream-closed, with its URL', () => {
    const closed = logs.cache.events.find((e) => e.request === 'http://localhost/closed');
    assert.equal(closed?.cause, 'upstream-closed', logs.cache.text);
    assert.match(closed!.message, /^HTTP: Invalid Response: No object data received/);
  });

  test('client, peer, status and time are read from the access line', () => {
    const slow = logs.native.events.find((e) => e.path === '/slow')!;
    assert.equal(slow.client, '127.0.0.1');
    assert.equal(slow.upstream, '127.0.0.1');
    assert.equal(slow.status, 504);
    assert.equal(slow.request, 'GET http://localhost/slow');
    assert.ok(slow.time && Math.abs(Date.parse(slow.time) - Date.now()) < 120_000);
  });

  test('corrupt and foreign lines are skipped and counted, never a crash', async () => {
    const { makeTempDir } = await import('../support/process.js');
    const { writeFile } = await import('node:fs/promises');
    const dir = await makeTempDir('squid-corrupt');
    const file = path.join(dir, 'mixed.log');
    const lines = logs.errs.text.trimEnd().split('\n');
    await writeFile(file, [...lines, '1796526615.640 zz 127.0.0.1 TCP_MISS/5x2', 'random words here', '\u0000\u0001binary', ...lines].join('\n'));
    const { events, stats } = await readEvents(file);
    assert.equal(stats.server, 'squid');
    assert.equal(events.length, logs.errs.events.length * 2);
    assert.ok(stats.skipped.corrupt + stats.skipped.other >= 3 || stats.lines - stats.recognised >= 3);
  });

  // diagnose --log names its requests by a query marker: Squid logs queries only with
  // `strip_query_terms off` (its default strips them), set above.
  test('diagnose --log with Squid\'s access.log (%err_code): its 502 for a server that closed is upstream-closed, from the log', async () => {
    const report = await diagnose(new URL(`http://127.0.0.1:${squid.port}/closed`), { retries: 1, logs: [path.join(squid.dir, 'errs.log')], probe: { timeoutMs: 5000 } });
    assert.equal(report.verdict.cause, 'upstream-closed', report.verdict.summary);
    assert.equal(report.verdict.confidence, 'high');
    assert.match(report.verdict.summary, /ERR_ZERO_SIZE_OBJECT/);
  });
});
