// The judgements of dns and push checks without a network: how resolvers' readings combine, and
// how a push monitor's last report and its silence read at a given time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { judgeDns, showSet, type ResolverReading } from '../../src/serve/engine/dns-check.js';
import { PushBoard } from '../../src/serve/engine/push.js';
import { MemoryPushReports } from '../../src/serve/store/push-reports.js';

const reading = (resolver: string, rcode: string, answer: string[] = [], cause: ResolverReading['cause'] = answer.length > 0 ? 'ok' : 'dns-no-address'): ResolverReading =>
  ({ resolver, rcode, answer, cause, error: rcode === 'NOERROR' && answer.length > 0 ? null : { code: `E${rcode}`, message: `${resolver}: ${rcode}` }, timeMs: 1 });

describe('judgeDns', () => {
  it('agreement, disagreement (NXDOMAIN against an answer too), a failed resolver, an unexpected set', () => {
    const a = reading('r1', 'NOERROR', ['203.0.113.7']);
    assert.deepEqual(judgeDns('www.x', 'A', [a, reading('r2', 'NOERROR', ['203.0.113.7'])], ['203.0.113.7']).status, 'up');
    const split = judgeDns('www.x', 'A', [a, reading('r2', 'NXDOMAIN', [], 'dns-nxdomain')]);
    assert.deepEqual([split.status, split.cause, split.detail], ['degraded', 'dns-disagreement', 'the resolvers disagree about www.x A: r1 says [203.0.113.7]; r2 says NXDOMAIN']);
    const failed = judgeDns('www.x', 'A', [a, reading('r2', 'TIMEOUT', [], 'dns-timeout')]);
    assert.deepEqual([failed.status, failed.cause], ['down', 'dns-timeout']);
    const order = judgeDns('www.x', 'A', [reading('r1', 'NOERROR', ['b', 'a'].sort())], ['b', 'a']);
    assert.equal(order.status, 'up', 'order does not matter');
    const more = judgeDns('www.x', 'A', [reading('r1', 'NOERROR', ['a', 'b'])], ['a']);
    assert.deepEqual([more.status, more.cause], ['down', 'unexpected-response'], 'an added record is a change');
  });

  it('shows hostile records bounded and escaped', () => {
    const shown = showSet(['x'.repeat(1000), 'a\u0000b\nc', ...Array.from({ length: 20 }, (_, i) => `r${i}`)]);
    assert.ok(shown.length < 400, String(shown.length));
    assert.match(shown, /a\\x00b\\x0ac/);
    assert.match(shown, /… 14 more\]$/);
  });
});

describe('push judgement', () => {
  const [job] = parseConfig('monitors:\n  - {name: job, type: push, token: "0123456789", interval: 10m, grace: 2m}\n').monitors;
  const T0 = Date.parse('2026-12-06T02:00:00Z');

  it('counts the first deadline from when it began to watch; then from each report; down at once on a down report', async () => {
    const board = new PushBoard(new MemoryPushReports(), () => {});
    board.watch('job', T0);
    assert.equal(board.check(job!, new Date(T0 + 11 * 60_000)).status, 'up', 'within interval + grace');
    const missed = board.check(job!, new Date(T0 + 12 * 60_000 + 1));
    assert.deepEqual([missed.status, missed.cause, missed.detail], ['down', 'heartbeat-missed', 'no report since 02:00 UTC, when whydown began to watch it (expected every 10m, 2m grace)']);
    await board.report({ monitor: 'job', at: T0 + 13 * 60_000, status: 'up', message: null, pingMs: 800 });
    const up = board.check(job!, new Date(T0 + 14 * 60_000));
    assert.deepEqual([up.status, up.durationMs], ['up', 800]);
    await board.report({ monitor: 'job', at: T0 + 15 * 60_000, status: 'down', message: 'disk full', pingMs: null });
    const down = board.check(job!, new Date(T0 + 15 * 60_000));
    assert.deepEqual([down.status, down.cause, down.detail], ['down', 'heartbeat-down', 'the job reported down: "disk full"']);
    assert.equal(board.diagnose(job!, new Date(T0 + 15 * 60_000)).verdict.summary, 'job reported down at 02:15 UTC: "disk full".');
    assert.equal(board.diagnose(job!, new Date(T0 + 86_400_000)).verdict.summary, 'job did not report since 2026-12-06 02:15 UTC.', 'another day: the date too');
  });

  it('restores the last report kept in the store', async () => {
    const reports = new MemoryPushReports();
    await reports.save({ monitor: 'job', at: T0, status: 'down', message: 'x', pingMs: null });
    const board = new PushBoard(reports, () => {});
    await board.restore();
    board.watch('job', T0 + 60_000);
    assert.equal(board.check(job!, new Date(T0 + 60_000)).cause, 'heartbeat-down');
  });
});
