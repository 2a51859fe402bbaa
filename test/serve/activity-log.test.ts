// The serve log's lines about monitors: each says whether it reports a check's outcome or an
// incident's diagnosis, and counts take their noun in the right number.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Verdict } from '../../src/core/model.js';
import { count } from '../../src/core/render/text.js';
import { logActivity } from '../../src/serve/activity-log.js';
import { parseConfig } from '../../src/serve/config/load.js';
import { MonitorEvents } from '../../src/serve/engine/events.js';
import type { IncidentRecord, ResultRecord } from '../../src/serve/store/types.js';
import { delay } from '../support/process.js';

const monitor = parseConfig('monitors:\n  - {name: shop, url: "http://127.0.0.1:8080/"}\n').monitors[0]!;
const verdict: Verdict = {
  status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx', transient: false, scope: 'everyone',
  confidence: 'low', summary: 'shop is down: 502 written by nginx.', fixes: [],
};
const incident: IncidentRecord = { id: 1, monitor: 'shop', openedAt: '2026-03-01T10:00:00.000Z', closedAt: null, verdict, timeline: [] };
const result = (status: 'up' | 'down', cause: ResultRecord['cause'], httpStatus: number): ResultRecord => ({
  monitor: 'shop', at: '2026-03-01T10:00:00.000Z', status, cause, timings: { total: 3 }, httpStatus, errorCode: null, durationMs: 3,
});

describe('serve activity log', () => {
  it('labels the check\'s outcome and the diagnosis\'s cause, so the two never read as a contradiction', async () => {
    const events = new MonitorEvents();
    const lines: string[] = [];
    const off = logActivity(events, (line) => lines.push(line), 100);
    try {
      events.emit('check.finished', { monitor, result: result('down', 'unexpected-response', 502), delayMs: 1 });
      events.emit('incident.opened', { monitor, incident });
      events.emit('incident.updated', { monitor, incident: { ...incident, verdict: { ...verdict, cause: 'upstream-timeout', confidence: 'high', summary: 'slow.' } }, previousCause: 'upstream-refused' });
      events.emit('check.finished', { monitor, result: result('up', 'ok', 200), delayMs: 1 });
      events.emit('incident.closed', { monitor, incident, durationSeconds: 42 });
      await delay(250);
    } finally {
      off();
    }
    assert.deepEqual(lines.slice(0, 5), [
      'shop is down — check: unexpected-response (HTTP 502, 3 ms)',
      'incident opened: shop — diagnosis: upstream-refused, low confidence — shop is down: 502 written by nginx.',
      'incident changed: shop — diagnosis was upstream-refused, now upstream-timeout, high confidence — slow.',
      'shop is up — check: ok (HTTP 200, 3 ms)',
      'incident closed: shop is up again after 42 s',
    ]);
    assert.equal(lines[5], 'last 0 s: 2 checks (1 up, 0 degraded, 1 down), p95 start delay 1 ms');
  });

  it('says what an expectation found: a degraded check names the measured and the allowed', async () => {
    const events = new MonitorEvents();
    const lines: string[] = [];
    const off = logActivity(events, (line) => lines.push(line), 60_000);
    const detail = 'the response took 2s500ms, more than the 2s allowed (expect.maxResponseTime)';
    events.emit('check.finished', { monitor, result: { ...result('up', 'slow-response', 200), status: 'degraded', detail }, delayMs: 0 });
    off();
    assert.deepEqual(lines, [`shop is degraded — check: slow-response (HTTP 200, 3 ms: ${detail})`]);
  });

  it('says "1 check", never "1 checks"', async () => {
    const events = new MonitorEvents();
    const lines: string[] = [];
    const off = logActivity(events, (line) => lines.push(line), 100);
    events.emit('check.finished', { monitor, result: result('up', 'ok', 200), delayMs: 0 });
    await delay(250);
    off();
    assert.equal(lines[0], 'last 0 s: 1 check (1 up, 0 degraded, 0 down), p95 start delay 0 ms');
    assert.deepEqual([count(0, 'monitor'), count(1, 'monitor'), count(2, 'monitor'), count(1, 'result')], ['0 monitors', '1 monitor', '2 monitors', '1 result']);
  });
});
