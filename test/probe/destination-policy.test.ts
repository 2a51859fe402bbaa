// The destination policy inside the probe, guard by guard: at lookup, before and after connect,
// and on a redirect hop. A refusal is a classified result (EDESTINATIONREFUSED), never a throw,
// and nothing is sent to 127.0.0.1 (the target there counts every connection).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectToAny, DESTINATION_REFUSED } from '../../src/core/probe/connect.js';
import { Deadline } from '../../src/core/probe/deadline.js';
import { createDestinationPolicy } from '../../src/core/probe/destination-policy.js';
import { probe } from '../../src/core/probe/probe.js';
import { startDnsServer, type DnsServer } from '../support/dns-server.js';
import { startTwoFacedTarget, type TwoFacedTarget } from '../web/check-support.js';

describe('probe with a destination policy', () => {
  let target: TwoFacedTarget;
  let dns: DnsServer;
  let allowAddress: (address: string, port: number) => boolean;

  before(async () => {
    target = await startTwoFacedTarget();
    dns = await startDnsServer([{ zone: 'policy.test', records: [{ name: 'inside', type: 'A', value: '127.0.0.1' }] }]);
    const policy = createDestinationPolicy({ allow: ['127.0.0.2/32'], ports: [target.port] });
    allowAddress = (address, port) => policy.allowAddress(address, port);
  });
  after(async () => {
    await target?.close();
    await dns?.stop();
  });

  it('refuses at lookup: a name that resolves to a refused address stops in the dns phase', async () => {
    const result = await probe(new URL(`http://inside.policy.test:${target.port}/`), { timeoutMs: 5000, dnsServers: [dns.address], allowAddress });
    assert.equal(result.error?.code, DESTINATION_REFUSED);
    assert.equal(result.failedPhase, 'dns');
    assert.equal(result.cause, 'network-unreachable');
    assert.deepEqual(target.forbiddenHits, []);
  });

  it('refuses at lookup through the system resolver too (localhost from /etc/hosts)', async () => {
    const result = await probe(new URL(`http://localhost:${target.port}/`), { timeoutMs: 5000, allowAddress });
    assert.equal(result.error?.code, DESTINATION_REFUSED);
    assert.equal(result.failedPhase, 'dns');
    assert.deepEqual(target.forbiddenHits, []);
  });

  it('refuses before connecting to a refused address', async () => {
    const outcome = await connectToAny(['127.0.0.1'], target.port, new Deadline(2000), allowAddress);
    assert.equal(outcome.socket, null);
    assert.equal(outcome.failure?.error.code, DESTINATION_REFUSED);
    assert.deepEqual(target.forbiddenHits, []);
  });

  it('judges again the address the socket actually reached', async () => {
    const asked: string[] = [];
    // Allows the address it is asked about first, refuses the one connected: the second look wins.
    const once = (address: string): boolean => {
      asked.push(address);
      return asked.length === 1;
    };
    const outcome = await connectToAny(['127.0.0.2'], target.port, new Deadline(2000), once);
    assert.equal(outcome.socket, null);
    assert.equal(outcome.failure?.error.code, DESTINATION_REFUSED);
    assert.deepEqual(asked, ['127.0.0.2', '127.0.0.2']);
  });

  it('refuses a redirect hop to a refused address, after following the allowed one', async () => {
    const result = await probe(new URL(`http://127.0.0.2:${target.port}/to-forbidden`), { timeoutMs: 5000, allowAddress });
    assert.equal(result.redirects.length, 1);
    assert.equal(result.error?.code, DESTINATION_REFUSED);
    assert.deepEqual(target.forbiddenHits, []);
  });

  it('reaches an allowed address as usual', async () => {
    const result = await probe(new URL(`http://127.0.0.2:${target.port}/`), { timeoutMs: 5000, allowAddress });
    assert.equal(result.status, 200);
    assert.equal(result.error, null);
  });
});
