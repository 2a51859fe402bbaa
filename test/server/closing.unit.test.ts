// Closing the server does not wait out keep-alive: an answer under way is finished and its
// connection closed after it; idle connections close at once.
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { startHarness, TOKEN } from './harness.js';

describe('API server close', () => {
  it('finishes the answer under way with Connection: close, and closes in well under the keep-alive time', async (t) => {
    const h = await startHarness(t);
    const original = h.store.listMonitors.bind(h.store);
    h.store.listMonitors = async (options) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return original(options);
    };
    const agent = new http.Agent({ keepAlive: true });
    t.after(() => agent.destroy());
    const get = (path: string): Promise<{ status: number; connection: string | undefined }> => new Promise((resolve, reject) => {
      http.get(`${h.base}${path}`, { agent, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      }).on('error', reject);
    });
    // One idle keep-alive connection, and one busy.
    assert.equal((await get('/healthz')).status, 200);
    const busy = get('/api/v1/monitors');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const start = performance.now();
    const closed = h.api.close();
    const answer = await busy;
    assert.equal(answer.status, 200);
    assert.equal(answer.connection, 'close');
    await closed;
    assert.ok(performance.now() - start < 3000, `closed after ${Math.round(performance.now() - start)} ms`);
  });
});
