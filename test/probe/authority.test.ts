// The authoritative walk's bounds against real DNS: a resolver that never answers, and a zone that
// lists 20 name servers (nothing answers for them: 127.0.14.x port 53, loopback only).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { askAuthorities, MAX_NAME_SERVERS } from '../../src/core/probe/authority.js';
import { parseDnsServer } from '../../src/core/probe/target.js';
import { startDnsServer, startSilentDnsServer, type DnsServer, type SilentDnsServer } from '../support/dns-server.js';

describe('askAuthorities: bounded whatever the servers do', () => {
  let nsd: DnsServer;
  let silent: SilentDnsServer;

  before(async () => {
    const nameServers = Array.from({ length: 20 }, (_, i) => ({ name: `ns${String(i + 1).padStart(2, '0')}`, address: `127.0.14.${i + 1}` }));
    [nsd, silent] = await Promise.all([
      startDnsServer([{ zone: 'big.test', serial: 9, nameServers, records: [{ name: 'www', type: 'A', value: '127.0.0.1' }] }]),
      startSilentDnsServer(),
    ]);
  });

  after(async () => {
    await Promise.all([nsd?.stop(), silent?.stop()]);
  });

  it('a resolver that never answers: no zone, a problem said, within the time limit', async () => {
    const started = Date.now();
    const found = await askAuthorities('www.big.test', { resolver: parseDnsServer(silent.address), timeoutMs: 1000 });
    const took = Date.now() - started;
    assert.equal(found.zone, null);
    assert.match(found.problem ?? '', /no SOA found/);
    assert.ok(took < 1800, `took ${took} ms`);
  });

  it('20 name servers: 8 asked, the rest listed as not asked; silent ones named unreachable; within the limit', async () => {
    const started = Date.now();
    const found = await askAuthorities('www.big.test', { resolver: parseDnsServer(nsd.address), timeoutMs: 2500 });
    const took = Date.now() - started;
    assert.equal(found.zone, 'big.test');
    assert.equal(found.soa?.serial, 9);
    assert.equal(found.nameServers.length, 20);
    assert.equal(found.answers.length, MAX_NAME_SERVERS);
    assert.equal(found.notAsked.length, 12);
    for (const answer of found.answers) assert.notEqual(answer.state, 'ok', answer.server);
    assert.ok(took < 3500, `took ${took} ms`);
  });

  it('a name server address the policy refuses is not asked', async () => {
    const found = await askAuthorities('www.big.test', { resolver: parseDnsServer(nsd.address), timeoutMs: 2500, allowServer: () => false });
    assert.equal(found.answers.length, MAX_NAME_SERVERS);
    for (const answer of found.answers) assert.equal(answer.state, 'not-allowed');
  });
});
