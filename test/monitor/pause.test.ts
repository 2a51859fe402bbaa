// Pausing in the engine: a paused monitor's slots are dropped (no check, so no incident opens),
// an open incident stays open, the pause is read back after a restart on the same store, and
// resume schedules the monitor again. Checks and diagnoses are stand-ins; the store is real SQLite.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { MonitorEngine } from '../../src/serve/engine/engine.js';
import type { DiagnoseReport } from '../../src/core/model.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import type { ResultInput } from '../../src/serve/store/types.js';
import { delay, makeTempDir } from '../support/process.js';
import { waitFor } from '../support/wait.js';

const config = parseConfig(`
defaults:
  interval: 1s
  timeout: 900ms
  confirm: { failures: 2 }
monitors:
  - name: down-one
    url: http://down.test/
  - name: up-one
    url: http://up.test/
`);

describe('pausing monitors in the engine', () => {
  let dir: string | undefined;
  after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('skips a paused monitor, keeps its open incident, keeps the pause over a restart, checks again on resume', async () => {
    dir = await makeTempDir('pause');
    const calls = new Map<string, number>();
    const check = async (monitor: { name: string }, at: Date): Promise<ResultInput> => {
      calls.set(monitor.name, (calls.get(monitor.name) ?? 0) + 1);
      const down = monitor.name === 'down-one';
      return {
        monitor: monitor.name, at, status: down ? 'down' : 'up', cause: down ? 'connect-refused' : 'ok',
        timings: { total: 1 }, httpStatus: down ? null : 200, errorCode: down ? 'ECONNREFUSED' : null, durationMs: 1,
      };
    };
    const diagnose = async (monitor: { url: string }): Promise<DiagnoseReport> => ({
      url: monitor.url, startedAt: new Date().toISOString(), durationMs: 1, steps: [], attempts: [],
      verdict: { status: 'down', hop: 'network', cause: 'connect-refused', generatedBy: null, transient: false, scope: 'everyone', confidence: 'high', summary: 'refused', fixes: [] },
    });
    const file = path.join(dir, 'pause.db');
    let store = await openSqliteStore(file);
    let engine = new MonitorEngine({ store, config, check, diagnose, checkThreads: 0 });
    await engine.start();
    try {
      await waitFor('an incident', async () => (await store.openIncidentFor('down-one')) ?? undefined);
      assert.equal(await engine.pause('down-one'), true);
      assert.equal(await engine.pause('down-one'), true, 'pausing twice is fine');
      assert.equal(await engine.pause('nope'), false);
      assert.ok(engine.pausedAt('down-one'));
      assert.equal([...engine.states()].find((s) => s.name === 'down-one')?.paused, true);
      await delay(300); // a check already under way may finish
      const before = calls.get('down-one');
      const upBefore = calls.get('up-one') ?? 0;
      await delay(2200);
      assert.equal(calls.get('down-one'), before, 'not checked while paused');
      assert.ok((calls.get('up-one') ?? 0) > upBefore, 'the other monitor goes on');
      assert.ok(await store.openIncidentFor('down-one'), 'the open incident stays open');

      await engine.stop();
      await store.close();
      store = await openSqliteStore(file);
      engine = new MonitorEngine({ store, config, check, diagnose, checkThreads: 0 });
      await engine.start();
      assert.ok(engine.pausedAt('down-one'), 'paused after the restart');
      await delay(2200);
      assert.equal(calls.get('down-one'), before, 'not checked after the restart either');

      assert.equal(await engine.resume('down-one'), true);
      assert.equal(engine.pausedAt('down-one'), undefined);
      await waitFor('a check after resume', () => ((calls.get('down-one') ?? 0) > before! ? true : undefined), 5000);
    } finally {
      await engine.stop();
      await store.close();
    }
  });
});
