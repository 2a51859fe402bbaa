// The push endpoint's rules without a server: one 401 for every refusal, refusals limited per
// client address, reports limited per monitor, good reports never limited by their address,
// msg and ping bounded.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { ApiError } from '../../src/serve/api/errors.js';
import { createPushHandler, PUSH_MESSAGE_MAX, type PushReceiver } from '../../src/serve/api/push-route.js';
import { parseConfig } from '../../src/serve/config/load.js';
import type { PushReport } from '../../src/serve/store/push-reports.js';

const config = parseConfig([
  'monitors:',
  '  - {name: a, type: push, token: "token-of-a-123"}',
  '  - {name: b, type: push, token: "token-of-b-456"}',
  '  - {name: web, url: "https://web.example/"}',
].join('\n'));

function harness() {
  const reports: { name: string; report: Omit<PushReport, 'monitor' | 'at'> }[] = [];
  const receiver: PushReceiver = {
    monitor: (name) => config.monitors.find((m) => m.name === name),
    reportPush: async (name, report) => { reports.push({ name, report }); return true; },
  };
  let now = 1_000_000;
  const handler = createPushHandler(receiver, { clientBurst: 3, clientEveryMs: 1000, monitorBurst: 2, monitorEveryMs: 1000 }, () => now);
  const call = async (query: string, address = '192.0.2.1', method = 'GET', name = 'a'): Promise<number> => {
    const req = { method, socket: { remoteAddress: address } } as unknown as IncomingMessage;
    try {
      return (await handler(req, `/api/v1/push/${name}`, new URLSearchParams(query))).status;
    } catch (error) {
      assert.ok(error instanceof ApiError);
      return error.status;
    }
  };
  return { call, reports, advance: (ms: number) => { now += ms; } };
}

describe('push endpoint', () => {
  it('refusals cost their address; a spent address gets 429 even with the right token, until it slows down', async () => {
    const h = harness();
    assert.deepEqual([await h.call('token=wrong'), await h.call('token=token-of-b-456'), await h.call('token=token-of-a-123', '192.0.2.1', 'GET', 'web')], [401, 401, 401]);
    assert.equal(await h.call('token=token-of-a-123'), 429, 'three refusals spent the burst');
    assert.equal(await h.call('token=token-of-a-123', '192.0.2.9'), 200, 'another address is not affected');
    h.advance(1000);
    assert.equal(await h.call('token=token-of-a-123'), 200);
  });

  it('good reports are limited per monitor, not per address', async () => {
    const h = harness();
    assert.deepEqual([await h.call('token=token-of-a-123'), await h.call('token=token-of-a-123'), await h.call('token=token-of-a-123')], [200, 200, 429]);
    for (let i = 0; i < 2; i++) assert.equal(await h.call('token=token-of-b-456', '192.0.2.1', 'GET', 'b'), 200, 'same address, another monitor');
    assert.equal(await h.call('token=wrong'), 401, 'the address has its refusals left');
  });

  it('reads status, a bounded msg without control characters, ping; refuses bad values and other methods', async () => {
    const h = harness();
    assert.equal(await h.call(`token=token-of-a-123&status=DOWN&msg=${encodeURIComponent(`x\u0000y\n${'z'.repeat(500)}`)}&ping=12.6`), 200);
    const { report } = h.reports[0]!;
    assert.equal(report.status, 'down');
    assert.equal(report.pingMs, 13);
    assert.equal(report.message!.length, PUSH_MESSAGE_MAX);
    assert.ok(report.message!.startsWith('x y z') && report.message!.endsWith('…'));
    h.advance(5000);
    assert.deepEqual([await h.call('token=token-of-a-123&status=maybe'), await h.call('token=token-of-a-123&ping=-1'), await h.call('token=token-of-a-123', '192.0.2.1', 'PUT')], [400, 400, 405]);
  });
});
