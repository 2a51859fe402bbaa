// The comparison of the zone's name servers with each other and with the resolvers (pure), and
// RFC 1982 serial arithmetic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialNewer } from '../../src/core/knowledge/dns-propagation.js';
import type { AuthoritativeAnswer, AuthorityFindings } from '../../src/core/probe/authority.js';
import type { DnsAnswer } from '../../src/core/probe/types.js';
import { compareWithAuthority } from '../../src/diagnose/dns-change.js';

const server = (name: string, serial: number | null, addresses: string[], state: AuthoritativeAnswer['state'] = 'ok'): AuthoritativeAnswer => ({
  name, server: `${name}:53`, state, serial, rcode: state === 'ok' ? 'NOERROR' : null, addresses, cname: null, ttl: state === 'ok' ? 300 : null, error: null, ms: 1,
});
const findings = (answers: AuthoritativeAnswer[]): AuthorityFindings => ({
  zone: 'shop.example', soa: { mname: 'ns1.shop.example', serial: 2, refresh: 600, retry: 60, expire: 86400, minimum: 60 },
  nameServers: [...new Set(answers.map((a) => a.name))], answers, notAsked: [], problem: null,
});
const resolver = (label: string, addresses: string[], ttl: number): DnsAnswer => ({
  resolver: label, rcode: 'NOERROR', addresses, ttl, cnames: [], error: null, timeMs: 1,
});

describe('compareWithAuthority', () => {
  it('in sync, resolvers agree: nothing spreading, no finding', () => {
    const change = compareWithAuthority(findings([server('ns1', 2, ['192.0.2.1']), server('ns2', 2, ['192.0.2.1'])]), [resolver('r', ['192.0.2.1'], 120)]);
    assert.deepEqual(change.findings, []);
    assert.equal(change.spreading, false);
    assert.equal(change.settlesInS, null);
    assert.deepEqual(change.current?.addresses, ['192.0.2.1']);
  });

  it('a lagging server with other records: serials-differ, settles within refresh + TTL', () => {
    const change = compareWithAuthority(findings([server('ns1', 2, ['192.0.2.1']), server('ns2', 1, ['192.0.2.9'])]), [resolver('r', ['192.0.2.1'], 300)]);
    assert.deepEqual(change.findings, ['serials-differ']);
    assert.equal(change.latestSerial, 2);
    assert.deepEqual(change.lagging.map((a) => a.name), ['ns2']);
    assert.equal(change.spreading, true);
    assert.equal(change.settlesInS, 900);
  });

  it('a lagging serial with the same records for this name is not spreading for it', () => {
    const change = compareWithAuthority(findings([server('ns1', 2, ['192.0.2.1']), server('ns2', 1, ['192.0.2.1'])]), []);
    assert.deepEqual(change.findings, ['serials-differ']);
    assert.equal(change.spreading, false);
  });

  it('a resolver with the old answer and TTL left: resolver-cached, settles in the TTL left (the longest)', () => {
    const change = compareWithAuthority(findings([server('ns1', 7, ['192.0.2.1'])]), [resolver('a', ['192.0.2.9'], 42), resolver('b', ['192.0.2.9'], 17), resolver('c', ['192.0.2.1'], 300)]);
    assert.deepEqual(change.findings, ['resolver-cached']);
    assert.deepEqual(change.staleResolvers.map((r) => [r.resolver, r.ttlLeft]), [['a', 42], ['b', 17]]);
    assert.equal(change.settlesInS, 42);
  });

  it('servers at the same serial with different answers: same-serial-differ, no current answer, nothing said to settle', () => {
    const change = compareWithAuthority(findings([server('ns1', 3, ['192.0.2.1']), server('ns2', 3, ['192.0.2.2'])]), [resolver('r', ['192.0.2.2'], 300)]);
    assert.deepEqual(change.findings, ['same-serial-differ']);
    assert.equal(change.current, null);
    assert.equal(change.spreading, false);
  });

  it('the serial wraps around (RFC 1982): 1 is newer than 4294967295', () => {
    assert.equal(serialNewer(1, 4294967295), true);
    assert.equal(serialNewer(4294967295, 1), false);
    assert.equal(serialNewer(5, 5), false);
    const change = compareWithAuthority(findings([server('ns1', 4294967295, ['192.0.2.9']), server('ns2', 1, ['192.0.2.1'])]), []);
    assert.equal(change.latestSerial, 1);
    assert.deepEqual(change.lagging.map((a) => a.name), ['ns1']);
  });

  it('lame and unreachable servers are findings; an IPv6 address unreachable while the same server answers is not', () => {
    const lame = compareWithAuthority(findings([server('ns1', 2, ['192.0.2.1']), server('ns2', null, [], 'lame')]), []);
    assert.deepEqual(lame.findings, ['server-lame']);
    const v6only = compareWithAuthority(findings([server('ns1', 2, ['192.0.2.1']), { ...server('ns1', null, [], 'unreachable'), server: '[2001:db8::1]:53' }]), []);
    assert.deepEqual(v6only.findings, []);
    const gone = compareWithAuthority(findings([server('ns1', 2, ['192.0.2.1']), server('ns2', null, [], 'unreachable')]), []);
    assert.deepEqual(gone.findings, ['server-unreachable']);
  });

  it('nobody answers with authority: no finding about serials, nothing spreading', () => {
    const change = compareWithAuthority(findings([server('ns1', null, [], 'lame')]), [resolver('r', ['192.0.2.1'], 300)]);
    assert.equal(change.latestSerial, null);
    assert.equal(change.spreading, false);
  });
});
