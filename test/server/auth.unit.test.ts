// Who may call the API: bearer tokens from the config (read at each request) and from
// WHYDOWN_API_TOKEN, public reads, and writes that always need a token.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenMatches } from '../../src/serve/api/auth.js';
import { errorOf, startHarness, TOKEN } from './harness.js';

const MONITOR = { name: 'shop', url: 'https://shop.example/' };

describe('API auth', () => {
  it('refuses a read without a token, with a wrong one and with a malformed header', async (t) => {
    const h = await startHarness(t);
    for (const [token, headers] of [[null, {}], ['wrong-token', {}], [null, { authorization: `Basic ${TOKEN}` }], [null, { authorization: 'Bearer' }]] as const) {
      const answer = await h.call('GET', '/api/v1/monitors', { token, headers });
      assert.equal(answer.status, 401, `token ${token} headers ${JSON.stringify(headers)}`);
      assert.equal(errorOf(answer).code, 'unauthorized');
      assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer\b/);
      assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
    }
    assert.equal((await h.call('GET', '/api/v1/monitors')).status, 200);
    // The scheme is case-insensitive (RFC 7235).
    assert.equal((await h.call('GET', '/api/v1/monitors', { token: null, headers: { authorization: `bearer ${TOKEN}` } })).status, 200);
  });

  it('takes WHYDOWN_API_TOKEN besides the config tokens', async (t) => {
    const h = await startHarness(t, { env: { WHYDOWN_API_TOKEN: 'from-the-env' } });
    assert.equal((await h.call('GET', '/api/v1/monitors', { token: 'from-the-env' })).status, 200);
    assert.equal((await h.call('POST', '/api/v1/monitors', { token: 'from-the-env', body: MONITOR })).status, 201);
    assert.equal((await h.call('GET', '/api/v1/monitors', { token: TOKEN })).status, 200);
    assert.equal((await h.call('GET', '/api/v1/monitors', { token: 'from-the-env-' })).status, 401);
  });

  it('ignores an empty WHYDOWN_API_TOKEN and says when no token is configured', async (t) => {
    const h = await startHarness(t, { env: { WHYDOWN_API_TOKEN: '' }, apiConfig: { tokens: [], publicRead: false } });
    const answer = await h.call('GET', '/api/v1/monitors', { token: 'anything' });
    assert.equal(answer.status, 401);
    assert.match(errorOf(answer).message, /no API token is configured/);
    assert.equal((await h.call('GET', '/api/v1/monitors', { token: null, headers: { authorization: 'Bearer ' } })).status, 401);
  });

  it('lets reads through without a token under publicRead, never writes', async (t) => {
    const h = await startHarness(t, { apiConfig: { tokens: [TOKEN], publicRead: true } });
    assert.equal((await h.call('GET', '/api/v1/monitors', { token: null })).status, 200);
    assert.equal((await h.call('HEAD', '/api/v1/monitors', { token: null })).status, 200);
    assert.equal((await h.call('GET', '/metrics', { token: null })).status, 200);
    assert.equal((await h.call('GET', '/api/v1/incidents', { token: null })).status, 200);
    // A token that is sent must be right, even where none is needed.
    assert.equal((await h.call('GET', '/api/v1/monitors', { token: 'wrong' })).status, 401);
    for (const [method, path] of [['POST', '/api/v1/monitors'], ['PUT', '/api/v1/monitors/shop'], ['DELETE', '/api/v1/monitors/shop']] as const) {
      const answer = await h.call(method, path, { token: null, body: MONITOR });
      assert.equal(answer.status, 401, `${method} ${path}`);
      assert.equal(errorOf(answer).code, 'unauthorized');
    }
    assert.equal((await h.call('POST', '/api/v1/monitors', { body: MONITOR })).status, 201);
  });

  it('follows the config as it reloads', async (t) => {
    const h = await startHarness(t);
    assert.equal((await h.call('GET', '/metrics', { token: null })).status, 401);
    h.apiConfig = { tokens: ['new-token'], publicRead: false };
    assert.equal((await h.call('GET', '/api/v1/monitors', { token: TOKEN })).status, 401);
    assert.equal((await h.call('GET', '/api/v1/monitors', { token: 'new-token' })).status, 200);
    h.apiConfig = { tokens: ['new-token'], publicRead: true };
    assert.equal((await h.call('GET', '/metrics', { token: null })).status, 200);
  });

  it('answers /healthz without a token', async (t) => {
    const h = await startHarness(t);
    const answer = await h.call('GET', '/healthz', { token: null });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { ok: true });
  });

  it('compares tokens whole', () => {
    assert.equal(tokenMatches('abc', ['abc']), true);
    assert.equal(tokenMatches('abc', ['x', 'abc', 'y']), true);
    assert.equal(tokenMatches('ab', ['abc']), false);
    assert.equal(tokenMatches('abcd', ['abc']), false);
    assert.equal(tokenMatches('', []), false);
    assert.equal(tokenMatches('abc', []), false);
  });
});
