// The incident tracker keeps every diagnosis it makes: the opening one, and each re-diagnosis
// whether or not it changed the verdict. Results are handed in by the test; the diagnoses are
// stand-ins that return prepared reports; the store is a real SQLite file.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Cause, DiagnoseReport } from '../../src/core/model.js';
import { parseConfig } from '../../src/serve/config/load.js';
import type { MonitorConfig } from '../../src/serve/config/types.js';
import { MonitorEvents } from '../../src/serve/engine/events.js';
import { IncidentTracker } from '../../src/serve/engine/incidents.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import type { ResultRecord, Store } from '../../src/serve/store/types.js';
import { makeTempDir } from '../support/process.js';
import { diagnosis } from '../store/fixtures.js';

const T0 = Date.parse('2026-01-01T10:00:00Z');

function down(i: number, cause: Cause): ResultRecord {
  return {
    monitor: 'shop', at: new Date(T0 + i * 1000).toISOString(), status: 'down', cause, timings: { total: 3 },
    httpStatus: 502, errorCode: null, durationMs: 3,
  };
}

describe('incident tracker: diagnoses kept', () => {
  let dir: string;
  let count = 0;
  before(async () => { dir = await makeTempDir('incidents'); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  const setup = async (t: TestContext, reports: (DiagnoseReport | Error)[]): Promise<{ store: Store; tracker: IncidentTracker; monitor: MonitorConfig }> => {
    const store = await openSqliteStore(path.join(dir, `incidents-${++count}.db`));
    t.after(() => store.close());
    const monitor = parseConfig('monitors:\n  - {name: shop, url: "https://shop.test/", confirm: 2}\n').monitors[0]!;
    await store.upsertMonitor({ name: 'shop', url: monitor.url, source: 'config' });
    const tracker = new IncidentTracker({
      store, events: new MonitorEvents(), log: () => {}, rediagnoseAfterMs: 0,
      diagnose: async () => {
        const next = reports.shift();
        if (next === undefined) throw new Error('no more diagnoses prepared');
        if (next instanceof Error) throw next;
        return next;
      },
    });
    return { store, tracker, monitor };
  };

  it('stores the opening diagnosis and each re-diagnosis, the one that left the verdict as it was too', async (t) => {
    const opening = diagnosis('upstream-refused', { startedAt: '2026-01-01T10:00:01.000Z' });
    const same = diagnosis('upstream-refused', { startedAt: '2026-01-01T10:00:03.000Z' });
    const changed = diagnosis('upstream-timeout', { startedAt: '2026-01-01T10:00:05.000Z' });
    const { store, tracker, monitor } = await setup(t, [opening, same, changed]);
    // Two failures open it; two of another kind re-diagnose (same verdict); two more (another verdict).
    const causes: Cause[] = ['unexpected-response', 'unexpected-response', 'connect-reset', 'connect-reset', 'response-timeout', 'response-timeout'];
    causes.forEach((cause, i) => tracker.onResult(monitor, down(i, cause)));
    await tracker.settled();

    const open = tracker.openIncident('shop')!;
    const detail = (await store.getIncident(open.id))!;
    assert.deepEqual(detail.diagnosis, opening);
    assert.deepEqual(detail.rediagnoses, [same, changed]);
    assert.equal(detail.verdict.cause, 'upstream-timeout');
    assert.deepEqual(detail.timeline.map((e) => e.type), ['opened', 'verdict-changed']);
  });

  it('a diagnosis that cannot run leaves none stored and a verdict from the checks; one that finds the site up is kept', async (t) => {
    const up = diagnosis('ok');
    up.verdict = { ...up.verdict, status: 'up', cause: 'ok', hop: 'none' };
    const { store, tracker, monitor } = await setup(t, [new Error('resolver gone'), up]);
    tracker.onResult(monitor, down(0, 'connect-refused'));
    tracker.onResult(monitor, down(1, 'connect-refused'));
    await tracker.settled();
    const first = (await store.getIncident(tracker.openIncident('shop')!.id))!;
    assert.equal(first.diagnosis, null);
    assert.equal(first.verdict.confidence, 'low');
    assert.match(first.verdict.summary, /could not run \(resolver gone\)/);

    tracker.onResult(monitor, { ...down(2, 'ok'), status: 'up' });
    tracker.onResult(monitor, down(3, 'connect-refused'));
    tracker.onResult(monitor, down(4, 'connect-refused'));
    await tracker.settled();
    const second = (await store.getIncident(tracker.openIncident('shop')!.id))!;
    assert.notEqual(second.id, first.id);
    assert.deepEqual(second.diagnosis, up, 'what the diagnosis met is kept');
    assert.equal(second.verdict.status, 'down');
    assert.match(second.verdict.summary, /answered again/);
  });
});
