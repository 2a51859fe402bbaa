// /api/v1/monitors with dns and push monitors: created with the config's validation, shown with
// their type (a push monitor's token hidden), sent back with PUT as the same monitor.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorOf, startHarness } from './harness.js';

describe('API monitors: dns and push', () => {
  it('creates a dns monitor, shows it, takes the view back, lists it in /metrics; refuses a bad one by path', async (t) => {
    const h = await startHarness(t);
    const created = await h.call('POST', '/api/v1/monitors', { body: { name: 'www', type: 'dns', target: 'WWW.shop.example.', record: 'aaaa', dnsServers: ['9.9.9.9'], expect: { answer: ['2001:DB8::7'] } } });
    assert.equal(created.status, 201, created.text);
    const view = created.json as Record<string, unknown>;
    assert.deepEqual([view.type, view.url], ['dns', 'dns://www.shop.example/AAAA']);
    const { status: _s, source: _src, last: _l, createdAt: _c, updatedAt: _u, ...editable } = view;
    const replaced = await h.call('PUT', '/api/v1/monitors/www', { body: { ...editable, interval: '30s' } });
    assert.equal(replaced.status, 200, replaced.text);
    assert.match((await h.call('GET', '/metrics')).text, /^whydown_monitor_info\{monitor="www",type="dns"\} 1$/m);
    const wrong = await h.call('POST', '/api/v1/monitors', { body: { name: 'bad', type: 'dns', target: 'bad.example', record: 'SRV', dnsServers: 'resolver.example' } });
    assert.equal(wrong.status, 400);
    assert.deepEqual(errorOf(wrong).issues?.map((i) => i.path).sort(), ['dnsServers', 'record']);
  });

  it('creates a push monitor; its token is never shown; a token too short is refused without being echoed', async (t) => {
    const h = await startHarness(t);
    const created = await h.call('POST', '/api/v1/monitors', { body: { name: 'job', type: 'push', token: 'job-token-123456', interval: '1h', grace: '10m' } });
    assert.equal(created.status, 201, created.text);
    const view = created.json as Record<string, unknown>;
    assert.deepEqual([view.type, view.url, view.token, view.interval, view.grace], ['push', 'push://job', '(hidden)', '1h', '10m']);
    assert.ok(!created.text.includes('job-token-123456'));
    assert.ok(!(await h.call('GET', '/api/v1/monitors')).text.includes('job-token-123456'));
    const short = await h.call('POST', '/api/v1/monitors', { body: { name: 'job2', type: 'push', token: 'abc' } });
    assert.equal(short.status, 400);
    assert.ok(!short.text.includes('"abc"'), short.text);
    const placeholder = await h.call('POST', '/api/v1/monitors', { body: { name: 'job3', type: 'push', token: '(hidden)' } });
    assert.equal(placeholder.status, 400, 'the placeholder is not a token');
  });
});
