// The hostile-server catalogue (test/support/hostile-catalogue.ts): every behaviour is started on
// a loopback port, then the probe and the whole diagnosis run against it with a short time limit.
// Each must come back with a classified result (never a throw, never an unnamed failure), within
// the time limit plus a margin, with a bounded body sample and bounded memory, and with the cause
// the catalogue expects where it names one.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, describe, it, type TestContext } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { CAUSE_INFO } from '../../src/core/knowledge/causes.js';
import { probe } from '../../src/core/probe/probe.js';
import type { ProbeOptions, ProbeResult } from '../../src/core/probe/types.js';
import { HOSTILE_CATALOGUE, type Expectation, type HostileCase } from '../support/hostile-catalogue.js';
import { makeTempDir } from '../support/process.js';

/** Short, but long enough that a loaded 2-core machine does not turn a TLS handshake into a timeout. */
const TIMEOUT_MS = 2000;
/** Node's scheduling on a loaded machine; a hang would show as the test's own 60 s time-out. */
const MARGIN_MS = 2000;
/** The diagnosis runs its steps side by side, so it too ends within one time limit (measured: +250 ms). */
const DIAGNOSE_LIMIT_MS = TIMEOUT_MS + MARGIN_MS;
const SAMPLE_LIMIT = 64 * 1024;
const RSS_LIMIT = 700 * 1024 * 1024;

function assertExpected(result: ProbeResult, expect: Expectation, what: string): void {
  const causes = typeof expect.cause === 'string' ? [expect.cause] : expect.cause;
  assert.ok(causes.includes(result.cause), `${what}: cause ${result.cause} (${result.error?.code ?? 'no error'}: ${result.error?.message ?? ''}), expected ${causes.join(' or ')}`);
  if (expect.status !== undefined) assert.equal(result.status, expect.status, `${what}: status`);
  if (expect.phase !== undefined) assert.equal(result.failedPhase, expect.phase, `${what}: phase`);
}

function assertClassified(result: ProbeResult, what: string): void {
  assert.ok(result.cause in CAUSE_INFO, `${what}: ${result.cause} is a cause id`);
  // A response may be of no known kind (a 999); a failure must always be named.
  if (result.status === null) {
    assert.notEqual(result.cause, 'unknown', `${what}: a failure without a name (${result.error?.code}: ${result.error?.message})`);
    assert.ok(result.error !== null, `${what}: a failure carries its error`);
  }
  assert.ok(Buffer.byteLength(result.bodySample) <= SAMPLE_LIMIT, `${what}: sample of ${Buffer.byteLength(result.bodySample)} bytes`);
}

/** Starts the behaviour, runs the probe and then the whole diagnosis against it, and checks both. */
async function runCase(entry: HostileCase, t: TestContext): Promise<void> {
  const target = await entry.start();
  try {
    const url = new URL(target.url);
    const options: ProbeOptions = { timeoutMs: TIMEOUT_MS, ...target.options };

    const started = performance.now();
    const result = await probe(url, options);
    const took = performance.now() - started;
    assertClassified(result, 'probe');
    assert.ok(took < TIMEOUT_MS + MARGIN_MS, `probe took ${Math.round(took)} ms`);
    if (entry.expect) assertExpected(result, entry.expect, 'probe');

    const report = await diagnose(url, { retries: 1, probe: options });
    assert.ok(report.verdict.cause in CAUSE_INFO, `verdict ${report.verdict.cause}`);
    assert.ok(report.durationMs < DIAGNOSE_LIMIT_MS, `diagnose took ${report.durationMs} ms`);
    assert.ok(report.attempts.length > 0, 'the diagnosis kept its attempts');
    for (const attempt of report.attempts) assert.ok(Buffer.byteLength(attempt.bodySample) <= SAMPLE_LIMIT);
    if (entry.expect) {
      const causes = typeof entry.expect.cause === 'string' ? [entry.expect.cause] : entry.expect.cause;
      assert.ok(causes.includes(report.attempts[0]!.cause), `diagnose's first attempt: ${report.attempts[0]!.cause}, expected ${causes.join(' or ')}`);
    }
    const rss = process.memoryUsage().rss;
    assert.ok(rss < RSS_LIMIT, `RSS ${Math.round(rss / 1048576)} MB after this case`);
    t.diagnostic(`probe: ${result.cause} status=${result.status} ${result.error?.code ?? ''} in ${Math.round(took)} ms; `
      + `verdict: ${report.verdict.status} ${report.verdict.cause} in ${report.durationMs} ms; RSS ${Math.round(rss / 1048576)} MB`);
  } finally {
    await target.stop();
  }
}

describe('hostile-server catalogue: probe and diagnose against each behaviour (about a minute)', () => {
  let peakRss = 0;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  after(() => clearInterval(sampler));

  it('holds more than 100 behaviours, each named once', () => {
    assert.ok(HOSTILE_CATALOGUE.length > 100, `${HOSTILE_CATALOGUE.length} behaviours`);
    const names = HOSTILE_CATALOGUE.map((c) => c.name);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  });

  describe('the light behaviours, four at a time', { concurrency: 4 }, () => {
    for (const entry of HOSTILE_CATALOGUE.filter((c) => !c.alone)) {
      it(`${entry.group}: ${entry.name}`, { timeout: 60_000 }, (t) => runCase(entry, t));
    }
  });

  describe('the floods and CPU burners, one at a time', () => {
    for (const entry of HOSTILE_CATALOGUE.filter((c) => c.alone)) {
      it(`${entry.group}: ${entry.name}`, { timeout: 60_000 }, (t) => runCase(entry, t));
    }
  });

  // Last: the blocks above run one after the other, so every case has ended here.
  it('peak memory over the whole catalogue stayed bounded', (t) => {
    t.diagnostic(`peak RSS ${Math.round(peakRss / 1048576)} MB (this process holds the servers too)`);
    assert.ok(peakRss > 0 && peakRss < RSS_LIMIT, `peak RSS ${Math.round(peakRss / 1048576)} MB`);
  });
});

// A process-killing case the catalogue only hits when a garbage collection happens to fall at the
// wrong moment: the probe rejects an HTTP/2 response (no :status, a bad header), and if the session
// is destroyed inside nghttp2's callback, Node 20 aborts when it collects that session. Here the
// collection is forced, in a child process so that an abort fails this test and not the runner.
describe('HTTP/2 responses the client rejects, then a garbage collection', () => {
  it('the process survives (no abort in Http2Session\'s destructor)', { timeout: 120_000 }, async () => {
    const dist = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
    const dir = await makeTempDir('h2-gc');
    const script = path.join(dir, 'h2-gc.mjs');
    await writeFile(script, `
import { HOSTILE_CATALOGUE } from ${JSON.stringify(path.join(dist, 'test', 'support', 'hostile-catalogue.js'))};
import { probe } from ${JSON.stringify(path.join(dist, 'src', 'core', 'probe', 'probe.js'))};
import { diagnose } from ${JSON.stringify(path.join(dist, 'src', 'diagnose', 'diagnose.js'))};
const names = ['h2: HEADERS without :status', 'h2: :status "abc"', 'h2: a header name in upper case'];
for (const entry of HOSTILE_CATALOGUE.filter((c) => names.includes(c.name))) {
  for (let i = 0; i < 2; i++) {
    const target = await entry.start();
    const options = { timeoutMs: 2000, ...target.options };
    const result = await probe(new URL(target.url), options);
    await diagnose(new URL(target.url), { retries: 1, probe: options });
    await target.stop();
    globalThis.gc();
    if (result.cause !== 'malformed-response') throw new Error(entry.name + ': ' + result.cause);
  }
}
console.log('survived');
`);
    try {
      const out = await new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--expose-gc', script], { timeout: 100_000 }, (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, signal: error?.signal ?? null, stdout, stderr });
        });
      });
      assert.equal(out.signal, null, `killed by ${out.signal}: ${out.stderr.split('\n').slice(0, 4).join(' | ')}`);
      assert.equal(out.code, 0, out.stderr.slice(0, 800));
      assert.equal(out.stdout.trim(), 'survived');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
