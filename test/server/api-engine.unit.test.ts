// The API over the real MonitorEngine (not the test double): its API changes, its read-only
// config monitors, and its checks feeding /metrics. Checks and diagnoses are replaced by quick
// stand-ins (the engine's own options for that), so nothing leaves the machine.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { MonitorEngine } from '../../src/serve/engine/engine.js';
import { createApiServer } from '../../src/serve/api/api.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { makeTempDir } from '../support/cleanup.js';
import { delay } from '../support/delay.js';
import { clientFor, errorOf, TOKEN } from './harness.js';
import { parseExposition, sampleOf } from './prom-text.js';

const CONFIG = `
api:
  tokens: [${TOKEN}]
monitors:
  - name: from-file
    url: https://file.example/
    interval: 1s
    timeout: 500ms
`;

describe('API over the monitor engine', () => {
  it('changes API monitors through the engine, keeps the file\'s, and counts its checks', async (t) => {
    const dir = await makeTempDir('api-engine');
    const store = await openSqliteStore(path.join(dir, 'whydown.db'));
    const config = parseConfig(CONFIG);
    const engine = new MonitorEngine({
      store, config,
      check: async (monitor, at) => ({
        monitor: monitor.name, at, status: 'up', cause: 'ok', timings: { total: 12 }, httpStatus: 200, errorCode: null, durationMs: 13,
      }),
      diagnose: async () => { throw new Error('no diagnosis expected: every check is up'); },
    });
    await engine.start();
    const api = createApiServer({ service: engine, api: () => config.api, env: {} });
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    t.after(async () => {
      await api.close();
      await engine.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    const call = clientFor(`http://127.0.0.1:${(api.server.address() as AddressInfo).port}`);

    const created = await call('POST', '/api/v1/monitors', { body: { name: 'via-api', url: 'https://api.example/', interval: '1s', timeout: '500ms' } });
    assert.equal(created.status, 201, created.text);
    assert.equal(engine.sourceOf('via-api'), 'api');
    assert.equal(errorOf(await call('POST', '/api/v1/monitors', { body: { name: 'via-api', url: 'https://api.example/' } })).code, 'conflict');
    assert.equal(errorOf(await call('PUT', '/api/v1/monitors/from-file', { body: { url: 'https://x.example/' } })).code, 'read_only');
    assert.equal(errorOf(await call('DELETE', '/api/v1/monitors/from-file')).code, 'read_only');
    const invalid = await call('PUT', '/api/v1/monitors/via-api', { body: { url: 'https://api.example/', timeout: '5s', interval: '1s' } });
    assert.equal(invalid.status, 400);
    assert.equal(errorOf(invalid).issues?.[0]?.path, 'timeout');

    // The engine checks both every second; the API sees the results.
    const end = Date.now() + 10_000;
    let view: { status?: string } = {};
    while (Date.now() < end) {
      view = (await call('GET', '/api/v1/monitors/via-api')).json as { status: string };
      if (view.status === 'up') break;
      await delay(100);
    }
    assert.equal(view.status, 'up');
    const results = (await call('GET', '/api/v1/monitors/via-api/results')).json as { results: { status: string }[] };
    assert.ok(results.results.length >= 1);

    const families = parseExposition((await call('GET', '/metrics')).text);
    assert.ok((sampleOf(families, 'whydown_checks_total', 'whydown_checks_total', { result: 'up' }) ?? 0) >= 1);
    assert.equal(sampleOf(families, 'whydown_monitor_up', 'whydown_monitor_up', { monitor: 'via-api' }), 1);
    assert.equal(sampleOf(families, 'whydown_monitor_latency_seconds', 'whydown_monitor_latency_seconds', { monitor: 'via-api' }), 0.012);
    assert.equal(sampleOf(families, 'whydown_monitors', 'whydown_monitors'), 2);
    assert.ok((sampleOf(families, 'whydown_check_delay_seconds', 'whydown_check_delay_seconds_count') ?? 0) >= 1);

    const replaced = await call('PUT', '/api/v1/monitors/via-api', { body: { url: 'https://api.example/v2', interval: '1m' } });
    assert.equal(replaced.status, 200, replaced.text);
    assert.equal(engine.monitor('via-api')?.intervalMs, 60_000);
    assert.equal((await call('DELETE', '/api/v1/monitors/via-api')).status, 204);
    assert.equal(engine.sourceOf('via-api'), undefined);
    assert.equal((await call('GET', '/api/v1/monitors/via-api')).status, 404);
  });
});
