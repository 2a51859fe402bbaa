// /api/v1/monitors: create, read, replace, remove, and each way a request can be wrong.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { errorOf, startHarness, TOKEN } from './harness.js';
import { rawRequest } from './raw.js';

const CONFIG = `
monitors:
  - name: from-file
    url: https://file.example/
    interval: 30s
    timeout: 5s
`;

describe('API monitors', () => {
  it('creates with POST: 201, Location, the monitor as stored; 409 for a taken name', async (t) => {
    const h = await startHarness(t);
    const created = await h.call('POST', '/api/v1/monitors', { body: { name: 'shop', url: 'https://shop.example/', interval: '2m', tags: ['prod'] } });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), '/api/v1/monitors/shop');
    assert.equal(created.headers.get('content-type'), 'application/json; charset=utf-8');
    const view = created.json as Record<string, unknown>;
    assert.deepEqual(
      { name: view.name, url: view.url, status: view.status, source: view.source, interval: view.interval, tags: view.tags, last: view.last },
      { name: 'shop', url: 'https://shop.example/', status: 'unknown', source: 'api', interval: '2m', tags: ['prod'], last: null },
    );
    assert.equal(h.service.sourceOf('shop'), 'api', 'went through MonitorService');

    const again = await h.call('POST', '/api/v1/monitors', { body: { name: 'shop', url: 'https://other.example/' } });
    assert.equal(again.status, 409);
    assert.equal(errorOf(again).code, 'conflict');
    assert.equal(((await h.call('GET', '/api/v1/monitors/shop')).json as { url: string }).url, 'https://shop.example/');
  });

  it('reads one monitor with its newest result; 404 when there is none', async (t) => {
    const h = await startHarness(t);
    await h.call('POST', '/api/v1/monitors', { body: { name: 'shop', url: 'https://shop.example/' } });
    await h.service.recordCheck({
      monitor: 'shop', at: new Date('2026-03-01T10:00:00Z'), status: 'down', cause: 'connect-refused',
      timings: { total: 3 }, httpStatus: null, errorCode: 'ECONNREFUSED', durationMs: 4,
    });
    const answer = await h.call('GET', '/api/v1/monitors/shop');
    assert.equal(answer.status, 200);
    const view = answer.json as Record<string, unknown>;
    assert.equal(view.status, 'down');
    assert.deepEqual(view.last, { at: '2026-03-01T10:00:00.000Z', status: 'down', cause: 'connect-refused' });
    assert.equal(typeof view.createdAt, 'string');

    const missing = await h.call('GET', '/api/v1/monitors/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(Object.keys(missing.json as object), ['error']);
    assert.equal(errorOf(missing).code, 'not_found');
    assert.match(errorOf(missing).message, /nope/);
  });

  it('PUT creates (201) then replaces (200); a GET answer can be PUT back', async (t) => {
    const h = await startHarness(t);
    const created = await h.call('PUT', '/api/v1/monitors/blog', { body: { url: 'https://blog.example/' } });
    assert.equal(created.status, 201);
    assert.equal((created.json as { name: string }).name, 'blog');

    const replaced = await h.call('PUT', '/api/v1/monitors/blog', { body: { name: 'blog', url: 'https://blog.example/v2', timeout: '3s' } });
    assert.equal(replaced.status, 200);
    assert.equal((replaced.json as { url: string }).url, 'https://blog.example/v2');
    assert.equal((replaced.json as { timeout: string }).timeout, '3s');

    const read = (await h.call('GET', '/api/v1/monitors/blog')).json as Record<string, unknown>;
    const roundTrip = await h.call('PUT', '/api/v1/monitors/blog', { body: { ...read, timeout: '4s' } });
    assert.equal(roundTrip.status, 200, roundTrip.text);
    assert.equal((roundTrip.json as { timeout: string }).timeout, '4s');
  });

  it('PUT refuses a body whose name differs from the path', async (t) => {
    const h = await startHarness(t);
    const answer = await h.call('PUT', '/api/v1/monitors/blog', { body: { name: 'shop', url: 'https://blog.example/' } });
    assert.equal(answer.status, 400);
    const error = errorOf(answer);
    assert.equal(error.code, 'invalid_monitor');
    assert.equal(error.issues?.[0]?.path, 'name');
    assert.equal(h.service.sourceOf('shop'), undefined);
    assert.equal(h.service.sourceOf('blog'), undefined);
  });

  it('DELETE removes (204, empty) and 404s the second time', async (t) => {
    const h = await startHarness(t);
    await h.call('POST', '/api/v1/monitors', { body: { name: 'shop', url: 'https://shop.example/' } });
    const removed = await h.call('DELETE', '/api/v1/monitors/shop');
    assert.equal(removed.status, 204);
    assert.equal(removed.text, '');
    assert.equal((await h.call('GET', '/api/v1/monitors/shop')).status, 404);
    const again = await h.call('DELETE', '/api/v1/monitors/shop');
    assert.equal(again.status, 404);
    assert.equal(errorOf(again).code, 'not_found');
  });

  it('keeps the config file\'s monitors read-only: 409 read_only', async (t) => {
    const h = await startHarness(t, { yaml: CONFIG });
    const view = (await h.call('GET', '/api/v1/monitors/from-file')).json as Record<string, unknown>;
    assert.equal(view.source, 'config');
    assert.equal(view.interval, '30s');
    const attempts = [
      await h.call('PUT', '/api/v1/monitors/from-file', { body: { url: 'https://elsewhere.example/' } }),
      await h.call('POST', '/api/v1/monitors', { body: { name: 'from-file', url: 'https://elsewhere.example/' } }),
      await h.call('DELETE', '/api/v1/monitors/from-file'),
    ];
    for (const answer of attempts) {
      assert.equal(answer.status, 409);
      assert.equal(errorOf(answer).code, 'read_only');
    }
    assert.equal(((await h.call('GET', '/api/v1/monitors/from-file')).json as { url: string }).url, 'https://file.example/');
  });

  it('lists every problem of an invalid monitor: 400 invalid_monitor with path and message', async (t) => {
    const h = await startHarness(t);
    const answer = await h.call('POST', '/api/v1/monitors', { body: { name: 'shop', url: 'ftp://shop.example/', interval: 'soon', colour: 'red' } });
    assert.equal(answer.status, 400);
    const error = errorOf(answer);
    assert.equal(error.code, 'invalid_monitor');
    assert.deepEqual(error.issues?.map((issue) => issue.path).sort(), ['colour', 'interval', 'url']);
    for (const issue of error.issues ?? []) assert.ok(issue.message.length > 0);
    for (const body of ['"a string"', '[1, 2]', '{"url": "https://x.example/"}', '{"name": "Bad Name", "url": "https://x.example/"}']) {
      const wrong = await h.call('POST', '/api/v1/monitors', { body });
      assert.equal(wrong.status, 400, body);
      assert.equal(errorOf(wrong).code, 'invalid_monitor', body);
    }
    assert.equal(h.service.sourceOf('shop'), undefined);
  });

  it('answers malformed and empty JSON with 400 invalid_json', async (t) => {
    const h = await startHarness(t);
    for (const body of ['{"name": "shop",', 'not json', '']) {
      const answer = await h.call('POST', '/api/v1/monitors', { body, headers: { 'content-type': 'application/json' } });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(errorOf(answer).code, 'invalid_json');
    }
    // The connection stays usable after a refused body.
    assert.equal((await h.call('GET', '/api/v1/monitors')).status, 200);
  });

  it('refuses a body over the limit with 413, declared or streamed, and closes that connection', async (t) => {
    const h = await startHarness(t, { bodyLimit: 64 * 1024 });
    const declared = await rawRequest(h.port, `POST /api/v1/monitors HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{"name":`);
    assert.equal(declared.status, 413);
    assert.equal(JSON.parse(declared.body).error.code, 'payload_too_large');
    assert.match(declared.head, /\r\nconnection: close/i);
    assert.equal(declared.closed, true);

    const chunk = `${(16 * 1024).toString(16)}\r\n${'x'.repeat(16 * 1024)}\r\n`;
    let writes = 0;
    const MAX_WRITES = 4000; // 64 MiB: far more than the kernel buffers, so only an early answer stops it
    const streamed = await rawRequest(h.port, `PUT /api/v1/monitors/shop HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`, (socket) => {
      let answered = false;
      socket.once('data', () => { answered = true; });
      const pump = (): void => {
        while (!answered && !socket.destroyed && writes < MAX_WRITES && socket.write(chunk)) writes++;
        if (!answered && !socket.destroyed && writes < MAX_WRITES) socket.once('drain', pump);
      };
      pump();
    });
    assert.equal(streamed.status, 413);
    assert.equal(JSON.parse(streamed.body).error.code, 'payload_too_large');
    assert.ok(writes < MAX_WRITES, 'answered before the client sent everything');
    assert.equal(h.service.sourceOf('shop'), undefined);
    // The server goes on.
    assert.equal((await h.call('POST', '/api/v1/monitors', { body: { name: 'shop', url: 'https://shop.example/' } })).status, 201);
  });

  it('survives a client that leaves in the middle of its body', async (t) => {
    const h = await startHarness(t);
    await new Promise<void>((resolve) => {
      const socket = net.connect(h.port, '127.0.0.1', () => {
        socket.write(`POST /api/v1/monitors HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 100\r\n\r\n{"name":`);
        setTimeout(() => { socket.destroy(); resolve(); }, 50);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await h.call('GET', '/api/v1/monitors')).status, 200);
    assert.deepEqual(h.logged, []);
  });

  it('URL-decodes names in paths and refuses broken escapes', async (t) => {
    const h = await startHarness(t);
    await h.call('POST', '/api/v1/monitors', { body: { name: 'shop-eu.1', url: 'https://shop.example/' } });
    const answer = await h.call('GET', '/api/v1/monitors/shop%2Deu%2E1');
    assert.equal(answer.status, 200);
    assert.equal((answer.json as { name: string }).name, 'shop-eu.1');
    const broken = await h.call('GET', '/api/v1/monitors/shop%E0%A4');
    assert.equal(broken.status, 400);
    assert.equal(errorOf(broken).code, 'invalid_parameter');
    // A name no monitor can have is simply not found.
    assert.equal((await h.call('GET', '/api/v1/monitors/a%2Fb')).status, 404);
  });

  it('404s unknown paths, 405s unknown methods with Allow, answers OPTIONS and HEAD', async (t) => {
    const h = await startHarness(t);
    for (const path of ['/', '/api', '/api/v2/monitors', '/api/v1/monitor', '/api/v1/monitors/x/y', '/api/v1/monitors/x/results/z']) {
      const answer = await h.call('GET', path);
      assert.equal(answer.status, 404, path);
      assert.equal(errorOf(answer).code, 'not_found');
    }
    const patch = await h.call('PATCH', '/api/v1/monitors/x', { body: {} });
    assert.equal(patch.status, 405);
    assert.equal(errorOf(patch).code, 'method_not_allowed');
    assert.deepEqual(patch.headers.get('allow')?.split(', ').sort(), ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PUT']);
    assert.equal((await h.call('DELETE', '/api/v1/monitors')).status, 405);
    assert.equal((await h.call('POST', '/metrics')).status, 405);

    const options = await h.call('OPTIONS', '/api/v1/monitors', { token: null });
    assert.equal(options.status, 204);
    assert.deepEqual(options.headers.get('allow')?.split(', ').sort(), ['GET', 'HEAD', 'OPTIONS', 'POST']);

    await h.call('POST', '/api/v1/monitors', { body: { name: 'shop', url: 'https://shop.example/' } });
    const get = await h.call('GET', '/api/v1/monitors/shop');
    const head = await h.call('HEAD', '/api/v1/monitors/shop');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal(head.headers.get('content-length'), get.headers.get('content-length'));
    assert.equal(head.headers.get('content-type'), 'application/json; charset=utf-8');
    // One trailing slash is forgiven.
    assert.equal((await h.call('GET', '/api/v1/monitors/')).status, 200);
  });

  it('answers malformed HTTP with JSON too', async (t) => {
    const h = await startHarness(t);
    const answer = await rawRequest(h.port, 'GET /api/v1/monitors HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n');
    assert.equal(answer.status, 400);
    assert.equal(JSON.parse(answer.body).error.code, 'bad_request');
  });

  it('keeps the connection alive across calls, errors included', async (t) => {
    const h = await startHarness(t);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    t.after(() => agent.destroy());
    const get = (path: string): Promise<{ status: number; reused: boolean }> => new Promise((resolve, reject) => {
      const req = http.get(`${h.base}${path}`, { agent, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
      });
      req.on('error', reject);
    });
    const answers = [];
    for (const path of ['/api/v1/monitors', '/api/v1/monitors/none', '/api/v1/monitors?limit=x', '/metrics', '/api/v1/incidents']) answers.push(await get(path));
    assert.deepEqual(answers.map((a) => a.status), [200, 404, 400, 200, 200]);
    assert.deepEqual(answers.map((a) => a.reused), [false, true, true, true, true]);
  });
});
