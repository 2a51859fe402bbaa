// /api/v1/monitors with the contract's expectations: accepted and shown back as written, and a
// bad JSONPath or duration answered 400 invalid_monitor with the path of each problem.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorOf, startHarness } from './harness.js';

describe('API monitors: expect', () => {
  it('creates a monitor with maxResponseTime, certValidFor and json, and shows them back', async (t) => {
    const h = await startHarness(t);
    const expect = { status: 200, maxResponseTime: '2s', certValidFor: '14d', json: { '$.status': 'ok', '$.db.up': true } };
    const created = await h.call('POST', '/api/v1/monitors', { body: { name: 'health', url: 'https://shop.example/health', expect } });
    assert.equal(created.status, 201);
    const shown = (await h.call('GET', '/api/v1/monitors/health')).json as { expect: unknown };
    assert.deepEqual(shown.expect, expect);
  });

  it('refuses a bad JSONPath, a bad duration and a json that is not a map, each by path', async (t) => {
    const h = await startHarness(t);
    const answer = await h.call('POST', '/api/v1/monitors', {
      body: { name: 'health', url: 'https://shop.example/', expect: { maxResponseTime: 'fast', json: { 'status': 'ok', '$.a[?(@.x)]': 1 } } },
    });
    assert.equal(answer.status, 400);
    const error = errorOf(answer);
    assert.equal(error.code, 'invalid_monitor');
    assert.deepEqual(error.issues?.map((i) => i.path).sort(), ['expect.json.$.a[?(@.x)]', 'expect.json.status', 'expect.maxResponseTime']);
    const list = await h.call('PUT', '/api/v1/monitors/health', { body: { url: 'https://shop.example/', expect: { json: ['$.status'] } } });
    assert.equal(list.status, 400);
    assert.deepEqual(errorOf(list).issues?.map((i) => [i.path, i.message]), [['expect.json', 'expected a map of JSONPath to value (e.g. "$.status": ok), got a list']]);
    assert.equal(h.service.sourceOf('health'), undefined);
  });

  it('creates a tcp monitor: shown with its type and url tcp://target, listed with type, in /metrics as whydown_monitor_info', async (t) => {
    const h = await startHarness(t, { yaml: 'monitors:\n  - {name: web, url: "https://web.example/"}\n' });
    const created = await h.call('POST', '/api/v1/monitors', { body: { name: 'db', type: 'tcp', target: '10.0.0.5:5432', expect: { banner: 'PG' } } });
    assert.equal(created.status, 201, created.text);
    const view = created.json as Record<string, unknown>;
    assert.deepEqual([view.type, view.url, view.target, view.expect], ['tcp', 'tcp://10.0.0.5:5432', '10.0.0.5:5432', { banner: 'PG' }]);
    const list = (await h.call('GET', '/api/v1/monitors')).json as { monitors: { name: string; type: string }[] };
    assert.deepEqual(list.monitors.map((m) => [m.name, m.type]).sort(), [['db', 'tcp'], ['web', 'http']]);
    // The view sent back as it is (GET, edit, PUT) is the same monitor.
    const { status: _s, source: _src, last: _l, createdAt: _c, updatedAt: _u, ...editable } = view;
    const replaced = await h.call('PUT', '/api/v1/monitors/db', { body: { ...editable, interval: '30s' } });
    assert.equal(replaced.status, 200, replaced.text);
    const metrics = (await h.call('GET', '/metrics')).text;
    assert.match(metrics, /^whydown_monitor_info\{monitor="db",type="tcp"\} 1$/m);
    assert.match(metrics, /^whydown_monitor_info\{monitor="web",type="http"\} 1$/m);
    const wrong = await h.call('POST', '/api/v1/monitors', { body: { name: 'db2', type: 'tcp', url: 'https://db.example/' } });
    assert.deepEqual(errorOf(wrong).issues?.map((i) => i.path).sort(), ['', 'url']);
  });
});
