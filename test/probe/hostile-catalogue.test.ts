// The hostile-server catalogue (test/support/hostile-catalogue.ts): every behaviour is started on
// a loopback port, then the probe and the whole diagnosis run against it with a short time limit.
// Each must come back with a classified result (never a throw, never an unnamed failure), within
// the time limit plus a margin, with a bounded body sample and bounded memory, and with the cause
// the catalogue expects where it names one.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, describe, it, type TestContext } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { CAUSE_INFO } from '../../src/core/knowledge/causes.js';
import { probe } from '../../src/core/probe/probe.js';
import type { ProbeOptions, ProbeResult } from '../../src/core/probe/types.js';
import { HOSTILE_CATALOGUE, type Expectation, type HostileCase } from '../support/hostile-catalogue.js';

const TIMEOUT_MS = 1500;
/** Node's scheduling on a loaded 2-core machine; a hang shows as many seconds, not hundreds of ms. */
const MARGIN_MS = 1500;
/** The diagnosis runs its steps side by side: one time limit, plus the steps that follow a failure. */
const DIAGNOSE_LIMIT_MS = 2 * TIMEOUT_MS + MARGIN_MS;
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

describe('hostile-server catalogue: probe and diagnose against each behaviour', () => {
  let peakRss = 0;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  after(() => {
    clearInterval(sampler);
    assert.ok(peakRss < RSS_LIMIT, `peak RSS over the whole catalogue: ${Math.round(peakRss / 1048576)} MB`);
  });

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
});
