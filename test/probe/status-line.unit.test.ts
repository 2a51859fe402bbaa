// Status codes at the edges of what Node's parser takes: it accepts any three digits, but below
// 100 is no HTTP status (RFC 9110 §15) — a malformed response, not "status 0". 600–999 are kept:
// real sites send them (LinkedIn answers bots with 999).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { probe } from '../../src/core/probe/probe.js';
import { listenRaw, readRequestHead, type RawServer } from '../support/raw-listen.js';

describe('probe: status codes outside 100–599', () => {
  let server: RawServer;
  let answer = '';
  before(async () => {
    server = await listenRaw((socket, context) => readRequestHead(socket, context, () => socket.end(answer)));
  });
  after(() => server.stop());
  const get = (raw: string) => {
    answer = raw;
    return probe(new URL(`http://127.0.0.1:${server.port}/`), { timeoutMs: 2000 });
  };

  it('"HTTP/1.1 000" is a malformed response with no status (found by test/property/probe.unit.test.ts)', async () => {
    const result = await get('HTTP/1.1 000 \r\n\r\n');
    assert.equal(result.cause, 'malformed-response');
    assert.equal(result.status, null);
    assert.equal(result.error?.code, 'HPE_INVALID_STATUS');
  });

  it('"HTTP/1.0 099" likewise', async () => {
    assert.equal((await get('HTTP/1.0 099 Odd\r\nContent-Length: 0\r\n\r\n')).cause, 'malformed-response');
  });

  it('999 is kept as the status it is', async () => {
    const result = await get('HTTP/1.1 999 Request denied\r\nContent-Length: 2\r\n\r\nno');
    assert.equal(result.status, 999);
    assert.equal(result.cause, 'unknown');
  });
});
