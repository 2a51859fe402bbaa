// A monitor's `diagnose:` key through the API: the same rules as the config file, kept and shown
// so a GET's answer can be PUT back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorOf, startHarness } from './harness.js';

describe('API monitors: diagnose', () => {
  it('takes diagnose.log and diagnose.origin on create and replace, and refuses what the config file would', async (t) => {
    const h = await startHarness(t);
    const diagnose = { log: ['/var/log/nginx/error.log'], origin: 'http://10.0.0.5:8080/' };
    const created = await h.call('POST', '/api/v1/monitors', { body: { name: 'shop', url: 'https://shop.example/', diagnose } });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual((created.json as { diagnose: unknown }).diagnose, diagnose);
    assert.deepEqual(h.service.monitor('shop')?.diagnose, diagnose);

    const shown = (await h.call('GET', '/api/v1/monitors/shop')).json as Record<string, unknown>;
    const replaced = await h.call('PUT', '/api/v1/monitors/shop', { body: { ...shown, diagnose: { log: '/var/log/haproxy.log' } } });
    assert.equal(replaced.status, 200, replaced.text);
    assert.deepEqual(h.service.monitor('shop')?.diagnose, { log: ['/var/log/haproxy.log'] });

    const bad = await h.call('PUT', '/api/v1/monitors/shop', { body: { url: 'https://shop.example/', diagnose: { log: ['error.log'], origin: '10.0.0.5:8080', logs: [] } } });
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).code, 'invalid_monitor');
    assert.deepEqual(errorOf(bad).issues, [
      { path: 'diagnose.logs', message: 'unknown key (did you mean "log"?)' },
      { path: 'diagnose.log[0]', message: '"error.log" is not an absolute path; give the whole path (like /var/log/nginx/error.log)' },
      { path: 'diagnose.origin', message: '"10.0.0.5:8080" is not a URL (write it in full: http://10.0.0.5:8080/)' },
    ]);
    assert.deepEqual(h.service.monitor('shop')?.diagnose, { log: ['/var/log/haproxy.log'] }, 'a refused change changes nothing');
  });
});
