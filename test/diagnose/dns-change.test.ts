// DNS changes told by the zone's own name servers (issue #14 item 5), against real servers: two
// NSD instances in a network namespace of this test, on port 53 as in production (198.18.14.x),
// serving the same zones with the same or different serials and answers; an unbound on loopback
// that recurses into them (stub-zone) and caches; nginx on 127.0.0.1 only, so an answer of
// 127.0.0.2 leads nowhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { queryResolver } from '../../src/core/probe/dns-query.js';
import { createDestinationPolicy } from '../../src/core/probe/destination-policy.js';
import { parseDnsServer } from '../../src/core/probe/target.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { startDnsServer, type DnsServer, type ZoneSpec } from '../support/dns-server.js';
import { createNetns, type Netns } from '../support/netns.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { startUnbound, type Unbound } from '../support/unbound.js';

interface ServerRow { name: string; server: string; state: string; serial: number | null; addresses: string[]; error: string | null }
interface AuthorityRow {
  zone: string; serial: number | null; nameServers: string[]; servers: ServerRow[]; findings: string[];
  spreading: boolean; settlesInS: number | null; staleResolvers: { resolver: string; addresses: string[]; ttlLeft: number }[];
}

const NEW = '127.0.0.1'; // nginx listens here
const OLD = '127.0.0.2'; // nothing does

// Network namespaces need root (the test machine runs tests as root); elsewhere the file says why it skips.
const skip = process.getuid?.() === 0 || process.env.CI ? false : 'needs root for its network namespace (ip netns)';

describe('DNS changes seen from the authoritative servers (NSD ×2 in a namespace, unbound, nginx)', { skip }, () => {
  let netns: Netns;
  let nsdA: DnsServer;
  let nsdB: DnsServer;
  let unbound: Unbound;
  let web: Nginx;

  const zone = (name: string, serial: number, www: string, withLame = false): ZoneSpec => ({
    zone: name,
    serial,
    refresh: 600,
    nameServers: [
      { name: 'ns1', address: netns.addresses[0]! },
      { name: 'ns2', address: netns.addresses[1]! },
      ...(withLame ? [{ name: 'ns3', address: netns.unusedAddress }] : []),
    ],
    records: [{ name: 'www', type: 'A', value: www, ttl: 300 }],
  });
  // What each server holds (ns2 does not serve lame.test: it answers REFUSED for it); `cached.test` moves to its new address later (both servers at once).
  const zonesA = (cachedMoved: boolean): ZoneSpec[] => [
    zone('calm.test', 5, NEW, true), zone('moving.test', 2, NEW), zone('badmove.test', 2, OLD), zone('lame.test', 3, NEW),
    cachedMoved ? zone('cached.test', 2, NEW) : zone('cached.test', 1, OLD),
  ];
  const zonesB = (cachedMoved: boolean): ZoneSpec[] => [
    zone('calm.test', 5, NEW, true), zone('moving.test', 1, OLD), zone('badmove.test', 1, NEW),
    cachedMoved ? zone('cached.test', 2, NEW) : zone('cached.test', 1, OLD),
  ];
  const startNsd = (which: 'a' | 'b', cachedMoved: boolean): Promise<DnsServer> =>
    startDnsServer(which === 'a' ? zonesA(cachedMoved) : zonesB(cachedMoved), {
      host: netns.addresses[which === 'a' ? 0 : 1]!, port: 53, netns: netns.name,
    });

  before(async () => {
    netns = createNetns(2);
    [nsdA, nsdB, web] = await Promise.all([startNsd('a', false), startNsd('b', false), startNginx('location = / { return 200 "<h1>Shop</h1>"; }')]);
    const servers = netns.addresses.map((a) => `${a}@53`);
    unbound = await startUnbound(['calm.test', 'moving.test', 'badmove.test', 'lame.test', 'cached.test'].map((z) => ({ zone: z, servers })));
  });

  after(async () => {
    await Promise.all([nsdA?.stop(), nsdB?.stop(), unbound?.stop(), web?.stop()]);
    netns?.remove();
  });

  const run = (name: string, extra: { allowAddress?: (address: string, port: number) => boolean } = {}) =>
    diagnose(new URL(`http://www.${name}:${web.port}/`), { retries: 1, probe: { timeoutMs: 5000, dnsServers: [unbound.address], ...extra } });
  const authority = (report: Awaited<ReturnType<typeof run>>): AuthorityRow =>
    report.steps.find((s) => s.id === 'authority')!.evidence as unknown as AuthorityRow;

  it('in sync, one listed name server unreachable: up; the step names the unreachable one and goes on', async () => {
    const report = await run('calm.test');
    assert.equal(report.verdict.status, 'up', report.verdict.summary);
    assert.equal(report.verdict.cause, 'ok');
    const step = report.steps.find((s) => s.id === 'authority')!;
    assert.equal(step.result, 'warn');
    const evidence = authority(report);
    assert.equal(evidence.zone, 'calm.test');
    assert.equal(evidence.serial, 5);
    assert.deepEqual(evidence.nameServers, ['ns1.calm.test', 'ns2.calm.test', 'ns3.calm.test']);
    assert.deepEqual(evidence.findings, ['server-unreachable']);
    assert.equal(evidence.spreading, false);
    const byName = Object.fromEntries(evidence.servers.map((s) => [s.name, s]));
    assert.deepEqual([byName['ns1.calm.test']!.state, byName['ns1.calm.test']!.serial, byName['ns1.calm.test']!.server], ['ok', 5, `${netns.addresses[0]}:53`]);
    assert.deepEqual(byName['ns2.calm.test']!.addresses, [NEW]);
    assert.equal(byName['ns3.calm.test']!.state, 'unreachable');
    assert.match(step.detail, /ns3\.calm\.test .*unreachable/);
  });

  it('a listed name server that does not serve the zone (REFUSED) is named lame, and the diagnosis goes on: up', async () => {
    const report = await run('lame.test');
    assert.equal(report.verdict.status, 'up', report.verdict.summary);
    const evidence = authority(report);
    assert.deepEqual(evidence.findings, ['server-lame']);
    const ns2 = evidence.servers.find((s) => s.name === 'ns2.lame.test')!;
    assert.equal(ns2.state, 'lame');
    assert.match(ns2.error ?? '', /REFUSED/);
    assert.equal(evidence.servers.find((s) => s.name === 'ns1.lame.test')!.serial, 3);
    assert.match(report.steps.find((s) => s.id === 'authority')!.detail, /ns2\.lame\.test .*lame/);
  });

  it('serials differ (ns1 at 2 → 127.0.0.1, ns2 at 1 → 127.0.0.2): dns-disagreement, which server has which, settles in refresh + TTL', async () => {
    const report = await run('moving.test');
    assert.equal(report.verdict.cause, 'dns-disagreement', report.verdict.summary);
    assert.equal(report.verdict.status, 'degraded');
    assert.equal(report.verdict.hop, 'dns');
    assert.equal(report.verdict.scope, 'some-vantages');
    const s = report.verdict.summary;
    assert.match(s, new RegExp(`ns1\\.moving\\.test \\(${netns.addresses[0]!.replace(/\./g, '\\.')}:53\\) has serial 2 \\(127\\.0\\.0\\.1\\)`));
    assert.match(s, new RegExp(`ns2\\.moving\\.test \\(${netns.addresses[1]!.replace(/\./g, '\\.')}:53\\) still has serial 1 \\(127\\.0\\.0\\.2, which leads nowhere\\)`));
    assert.match(s, /the change settles in about 900 s \(the zone's refresh interval of 600 s plus the record's TTL of 300 s/);
    assert.match(report.verdict.fixes[0]!, /lagging name server/);
    const evidence = authority(report);
    assert.ok(evidence.findings.includes('serials-differ'));
    assert.equal(evidence.spreading, true);
    assert.equal(evidence.settlesInS, 900);
  });

  it('a new answer that leads nowhere is not "spreading" into health: the cause is never dns-disagreement', async () => {
    const report = await run('badmove.test');
    assert.notEqual(report.verdict.cause, 'dns-disagreement', report.verdict.summary);
    const evidence = authority(report);
    assert.ok(evidence.findings.includes('serials-differ'));
    assert.equal(report.steps.find((s) => s.id === 'authority')!.result, 'warn');
  });

  it('a resolver that cached the old answer after both servers moved: dns-disagreement, settles in the TTL left', async () => {
    const resolver = parseDnsServer(unbound.address);
    const cached = await queryResolver(resolver, 'www.cached.test', 3000);
    assert.deepEqual(cached.addresses, [OLD], 'unbound cached the old answer');
    await Promise.all([nsdA.stop(), nsdB.stop()]);
    [nsdA, nsdB] = await Promise.all([startNsd('a', true), startNsd('b', true)]);

    const report = await run('cached.test');
    assert.equal(report.attempts[0]?.cause, 'connect-refused', 'this vantage followed the cached answer');
    assert.equal(report.verdict.cause, 'dns-disagreement', report.verdict.summary);
    assert.equal(report.verdict.status, 'degraded');
    const evidence = authority(report);
    assert.deepEqual(evidence.findings, ['resolver-cached']);
    assert.equal(evidence.serial, 2);
    const stale = evidence.staleResolvers[0]!;
    assert.equal(stale.resolver, unbound.address);
    assert.deepEqual(stale.addresses, [OLD]);
    assert.ok(stale.ttlLeft > 250 && stale.ttlLeft <= 300, `TTL left ${stale.ttlLeft}`);
    assert.equal(evidence.settlesInS, stale.ttlLeft);
    assert.match(report.verdict.summary, new RegExp(`the name servers all have serial 2 \\(127\\.0\\.0\\.1\\); resolver ${unbound.address} still gives the old answer 127\\.0\\.0\\.2, which leads nowhere \\(TTL left ${stale.ttlLeft} s\\); the change settles in about ${stale.ttlLeft} s \\(the TTL left\\)`));
  });

  it('under a destination policy (/check), name servers at non-public addresses are not asked', async () => {
    const policy = createDestinationPolicy({ allow: ['127.0.0.1/32'], ports: [web.port] });
    const report = await run('calm.test', { allowAddress: policy.allowAddress });
    assert.equal(report.verdict.status, 'up', report.verdict.summary);
    const evidence = authority(report);
    assert.ok(evidence.servers.length > 0);
    for (const server of evidence.servers) assert.equal(server.state, 'not-allowed', server.name);
  });
});
