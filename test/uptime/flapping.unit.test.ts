// Flapping and the alert gate on scripted timelines. Times are minutes after T0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FlapDetector, type FlapDecision, type IncidentKind } from '../../src/serve/policy/flapping.js';
import { AlertGate } from '../../src/serve/policy/gate.js';
import type { ActiveWindow } from '../../src/serve/policy/maintenance/schedule.js';

const T0 = Date.parse('2026-03-10T12:00:00Z');
const min = (m: number) => T0 + m * 60_000;
const SETTINGS = { changes: 4, withinMs: 10 * 60_000 };

/** Feeds [kind, minute] pairs; returns the decisions. */
function run(detector: FlapDetector | AlertGate, steps: [IncidentKind, number][]): FlapDecision[] {
  return steps.map(([kind, m]) => (detector instanceof AlertGate ? detector.decide(kind, min(m)) : detector.onIncidentEvent(kind, min(m))));
}

describe('flapping: detector', () => {
  it('the 4th change within 10 min is the one flapping alert; the rest are suppressed until it settles', () => {
    const d = new FlapDetector(SETTINGS);
    assert.deepEqual(run(d, [['opened', 0], ['closed', 2], ['opened', 4]]), ['send', 'send', 'send']);
    assert.equal(d.flapping, false);
    assert.deepEqual(run(d, [['closed', 6]]), ['send-flapping']);
    assert.equal(d.flapping, true);
    assert.deepEqual(run(d, [['opened', 7], ['closed', 8]]), ['suppress', 'suppress']);
    // Settled = a whole window (10 min) without a change after the last one (minute 8).
    assert.equal(d.settlesAt(), min(18));
    assert.equal(d.settledAt(min(17.99)), null);
    assert.deepEqual(d.settledAt(min(18)), { at: min(18), state: 'up', flappingSince: min(6), changes: 3 });
    assert.equal(d.settledAt(min(30)), null, 'reported once');
    assert.equal(d.flapping, false);
    // A new change after settling counts from scratch.
    assert.deepEqual(run(d, [['opened', 30]]), ['send']);
  });

  it('changes spread wider than the window are each sent; the window is "less than 10 min"', () => {
    const d = new FlapDetector(SETTINGS);
    assert.deepEqual(run(d, [['opened', 0], ['closed', 4], ['opened', 8], ['closed', 12], ['opened', 16]]), ['send', 'send', 'send', 'send', 'send']);
    const edge = new FlapDetector(SETTINGS);
    // At minute 10 the change at 0 is exactly 10 min old: out of the window, 3 changes remain.
    assert.deepEqual(run(edge, [['opened', 0], ['closed', 3], ['opened', 6], ['closed', 10]]), ['send', 'send', 'send', 'send']);
    const inside = new FlapDetector(SETTINGS);
    assert.deepEqual(run(inside, [['opened', 0], ['closed', 3], ['opened', 6], ['closed', 9.99]]), ['send', 'send', 'send', 'send-flapping']);
  });

  it('settles down when the last change was an outage; each change pushes settling on', () => {
    const d = new FlapDetector({ changes: 3, withinMs: 5 * 60_000 });
    assert.deepEqual(run(d, [['opened', 0], ['closed', 1], ['opened', 2], ['closed', 4], ['opened', 6]]), ['send', 'send', 'send-flapping', 'suppress', 'suppress']);
    assert.equal(d.settlesAt(), min(11));
    assert.deepEqual(d.settledAt(min(12)), { at: min(11), state: 'down', flappingSince: min(2), changes: 3 });
  });

  it('a change after an unnoticed settlement is judged afresh (nobody asked settledAt)', () => {
    const d = new FlapDetector(SETTINGS);
    run(d, [['opened', 0], ['closed', 1], ['opened', 2], ['closed', 3]]);
    assert.equal(d.flapping, true);
    assert.deepEqual(run(d, [['opened', 13]]), ['send']); // 10 min after the last change: settled
    assert.equal(d.flapping, false);
    assert.equal(d.settledAt(min(60)), null);
  });

  it('flapping: false sends every change; a reload can switch it off mid-episode', () => {
    const off = new FlapDetector(false);
    assert.deepEqual(run(off, [['opened', 0], ['closed', 1], ['opened', 2], ['closed', 3], ['opened', 4]]), ['send', 'send', 'send', 'send', 'send']);
    const d = new FlapDetector(SETTINGS);
    run(d, [['opened', 0], ['closed', 1], ['opened', 2], ['closed', 3]]);
    d.update(false);
    assert.equal(d.flapping, false);
    assert.equal(d.settlesAt(), null);
    assert.deepEqual(run(d, [['opened', 4]]), ['send']);
  });
});

describe('flapping: the alert gate with maintenance', () => {
  /** A window from minute a to minute b. */
  const windowAt = (a: number, b: number) => (at: number): ActiveWindow | null =>
    at >= min(a) && at < min(b)
      ? { window: { kind: 'once', start: new Date(min(a)).toISOString(), end: new Date(min(b)).toISOString() }, start: new Date(min(a)).toISOString(), end: new Date(min(b)).toISOString() }
      : null;

  it('an outage inside a window is not alerted, nor its recovery', () => {
    const gate = new AlertGate({ flapping: SETTINGS, maintenance: windowAt(0, 60) });
    assert.deepEqual(run(gate, [['opened', 10], ['closed', 20]]), ['suppress', 'suppress']);
    assert.equal(gate.tick(min(61)), null);
    assert.equal(gate.lastTold, 'up');
  });

  it('still down when the window closes: the opened alert goes out then', () => {
    const gate = new AlertGate({ flapping: SETTINGS, maintenance: windowAt(0, 60) });
    assert.deepEqual(run(gate, [['opened', 50]]), ['suppress']);
    assert.equal(gate.nextTickAt(), min(60));
    assert.equal(gate.tick(min(59)), null);
    const followUp = gate.tick(min(60));
    assert.equal(followUp?.kind, 'still-down');
    assert.equal(gate.tick(min(61)), null, 'once');
    assert.equal(gate.lastTold, 'down');
    assert.deepEqual(run(gate, [['closed', 70]]), ['send']);
  });

  it('an outage alerted before the window gets its recovery sent inside it (an open page is always resolved)', () => {
    const gate = new AlertGate({ flapping: SETTINGS, maintenance: windowAt(10, 60) });
    assert.deepEqual(run(gate, [['opened', 5], ['closed', 15]]), ['send', 'send']);
    // ... but a second outage inside the window is quiet again.
    assert.deepEqual(run(gate, [['opened', 20], ['closed', 25]]), ['suppress', 'suppress']);
  });

  it('changes inside a window do not count toward flapping', () => {
    const gate = new AlertGate({ flapping: SETTINGS, maintenance: windowAt(0, 10) });
    assert.deepEqual(run(gate, [['opened', 1], ['closed', 2], ['opened', 3], ['closed', 4], ['opened', 11], ['closed', 12]]), [
      'suppress', 'suppress', 'suppress', 'suppress', 'send', 'send',
    ]);
  });

  it('flapping: one alert, then one "settled" with the state it settled in', () => {
    const gate = new AlertGate({ flapping: SETTINGS, maintenance: () => null });
    assert.deepEqual(run(gate, [['opened', 0], ['closed', 1], ['opened', 2], ['closed', 3], ['opened', 4], ['closed', 5], ['opened', 6]]), [
      'send', 'send', 'send', 'send-flapping', 'suppress', 'suppress', 'suppress',
    ]);
    assert.equal(gate.lastTold, 'flapping');
    assert.equal(gate.nextTickAt(), min(16));
    assert.equal(gate.tick(min(15)), null);
    assert.deepEqual(gate.tick(min(16)), { kind: 'settled', settlement: { at: min(16), state: 'down', flappingSince: min(3), changes: 4 } });
    assert.equal(gate.lastTold, 'down');
    assert.deepEqual(run(gate, [['closed', 30]]), ['send']);
  });

  it('settling inside a window is reported when the window closes', () => {
    const gate = new AlertGate({ flapping: SETTINGS, maintenance: windowAt(10, 30) });
    run(gate, [['opened', 0], ['closed', 1], ['opened', 2], ['closed', 3]]);
    assert.equal(gate.tick(min(13)), null, 'settled at 13, but inside the window');
    assert.equal(gate.tick(min(30))?.kind, 'settled');
    assert.equal(gate.lastTold, 'up');
  });

  it('a recovery after flapping settled unnoticed is sent: they were last told "flapping"', () => {
    const gate = new AlertGate({ flapping: SETTINGS, maintenance: () => null });
    run(gate, [['opened', 0], ['closed', 1], ['opened', 2], ['closed', 3], ['opened', 4]]);
    assert.deepEqual(run(gate, [['closed', 20]]), ['send']);
    assert.equal(gate.lastTold, 'up');
  });
});
