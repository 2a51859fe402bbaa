// dns monitors against a real NSD: records of each type, the expected answer, a zone changed
// under the monitor (an incident naming the old and new answer, closed when the zone is put
// back), a name that does not exist, a resolver that never answers, resolvers that disagree.
import assert from 'node:assert/strict';
import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { checkTarget, runCheck } from '../../src/serve/engine/check.js';
import { MonitorEngine } from '../../src/serve/engine/engine.js';
import type { IncidentClosed, IncidentOpened } from '../../src/serve/engine/events.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { startDnsServer, startSilentDnsServer, zoneFile, type DnsServer, type ZoneSpec } from '../support/dns-server.js';
import { makeTempDir } from '../support/process.js';
import { waitFor } from '../support/wait.js';

const ZONE = 'shop.test';

function zone(address: string): ZoneSpec {
  return {
    zone: ZONE,
    records: [
      { name: 'www', type: 'A', value: address },
      { name: 'www', type: 'AAAA', value: '2001:db8:0:0::7' },
      { name: 'alias', type: 'CNAME', value: 'www.shop.test' },
      { name: '@', type: 'MX', value: 'mail.shop.test', priority: 10 },
      { name: '@', type: 'TXT', value: 'v=spf1 -all' },
      { name: 'text-only', type: 'TXT', value: 'hello' },
    ],
  };
}

const check = (yaml: string) => runCheck(checkTarget(parseConfig(`monitors:\n  - ${yaml}\n`).monitors[0]!));

/** NSD re-reads its zone files on SIGHUP. */
async function changeZone(server: DnsServer, spec: ZoneSpec): Promise<void> {
  await writeFile(path.join(server.dir, `${spec.zone}.zone`), zoneFile(spec));
  process.kill(server.process.pid, 'SIGHUP');
}

describe('dns monitor checks (NSD)', () => {
  let nsd: DnsServer;
  before(async () => { nsd = await startDnsServer([zone('203.0.113.7')]); });
  after(async () => { await nsd.stop(); });

  it('each record type is up, compared case- and trailing-dot-insensitively with expect.answer', async () => {
    const on = `dnsServers: ["${nsd.address}"], timeout: 2s`;
    const cases: [string, string, string][] = [
      ['www', 'A', '[203.0.113.7]'],
      ['www', 'AAAA', '["2001:DB8::7"]'],
      ['alias', 'CNAME', '["WWW.shop.test."]'],
      ['shop.test', 'MX', '["10 Mail.Shop.Test."]'],
      ['shop.test', 'TXT', '["v=spf1 -all"]'],
    ];
    for (const [name, record, answer] of cases) {
      const target = name.includes('.') ? name : `${name}.${ZONE}`;
      const result = await check(`{name: r, type: dns, target: "${target}", record: ${record}, ${on}, expect: {answer: ${answer}}}`);
      assert.deepEqual([record, result.status, result.cause, result.detail], [record, 'up', 'ok', undefined]);
    }
    const ns = await check(`{name: r, type: dns, target: "${ZONE}", record: NS, ${on}}`);
    assert.deepEqual([ns.status, ns.cause], ['up', 'ok']);
  });

  it('another answer is unexpected-response naming what came and what was expected', async () => {
    const result = await check(`{name: www, type: dns, target: "www.${ZONE}", dnsServers: ["${nsd.address}"], expect: {answer: [198.51.100.1]}}`);
    assert.deepEqual([result.status, result.cause, result.detail], [
      'down', 'unexpected-response', `the A answer for www.${ZONE} is [203.0.113.7], expected [198.51.100.1] (expect.answer)`,
    ]);
  });

  it('a name that does not exist is dns-nxdomain; a name without the record is dns-no-address', async () => {
    const missing = await check(`{name: x, type: dns, target: "nope.${ZONE}", dnsServers: ["${nsd.address}"]}`);
    assert.deepEqual([missing.status, missing.cause, missing.errorCode], ['down', 'dns-nxdomain', 'ENOTFOUND']);
    const noA = await check(`{name: x, type: dns, target: "text-only.${ZONE}", dnsServers: ["${nsd.address}"]}`);
    assert.deepEqual([noA.status, noA.cause], ['down', 'dns-no-address']);
    const refused = await check(`{name: x, type: dns, target: "www.elsewhere.test", dnsServers: ["${nsd.address}"]}`);
    assert.deepEqual([refused.status, refused.cause, refused.errorCode], ['down', 'dns-servfail', 'EREFUSED']);
  });

  it('a resolver that never answers is dns-timeout within the timeout', async () => {
    const silent = await startSilentDnsServer();
    try {
      const started = Date.now();
      const result = await check(`{name: x, type: dns, target: "www.${ZONE}", dnsServers: ["${silent.address}"], timeout: 700ms, interval: 5s}`);
      assert.deepEqual([result.status, result.cause], ['down', 'dns-timeout']);
      assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
    } finally {
      await silent.stop();
    }
  });

  it('two resolvers with different answers are dns-disagreement, naming each', async () => {
    const other = await startDnsServer([zone('203.0.113.99')]);
    try {
      const result = await check(`{name: x, type: dns, target: "www.${ZONE}", dnsServers: ["${nsd.address}", "${other.address}"], expect: {answer: [203.0.113.7]}}`);
      assert.deepEqual([result.status, result.cause], ['down', 'dns-disagreement']);
      assert.equal(result.detail, `the resolvers disagree about www.${ZONE} A: ${nsd.address} says [203.0.113.7]; ${other.address} says [203.0.113.99]`);
      const loose = await check(`{name: x, type: dns, target: "www.${ZONE}", dnsServers: ["${nsd.address}", "${other.address}"]}`);
      assert.deepEqual([loose.status, loose.cause], ['degraded', 'dns-disagreement'], 'without an expected answer: degraded');
    } finally {
      await other.stop();
    }
  });
});

describe('dns monitor incidents (NSD zone changed under it)', () => {
  let dir: string;
  before(async () => { dir = await makeTempDir('dns'); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('a changed record opens an incident (hop dns, old and new answer), the zone put back closes it', async () => {
    const nsd = await startDnsServer([zone('203.0.113.7')]);
    const store = await openSqliteStore(path.join(dir, 'dns.db'));
    const config = parseConfig([
      'defaults: {interval: 1s, timeout: 900ms, confirm: 2}',
      'monitors:',
      `  - {name: www-record, type: dns, target: "www.${ZONE}", record: A, dnsServers: ["${nsd.address}"], expect: {answer: [203.0.113.7]}}`,
    ].join('\n'));
    // On a check thread, as in production: the record and resolvers must cross to it.
    const engine = new MonitorEngine({ store, config, checkThreads: 1 });
    const opened: IncidentOpened[] = [];
    const closed: IncidentClosed[] = [];
    engine.events.on('incident.opened', (e) => opened.push(e));
    engine.events.on('incident.closed', (e) => closed.push(e));
    await engine.start();
    try {
      await waitFor('a first good check', () => [...engine.states()].find((s) => s.status === 'up'), 5000);
      await changeZone(nsd, zone('198.51.100.66'));
      const { incident } = await waitFor('the incident', () => opened[0], 15_000);
      assert.deepEqual([incident.verdict.status, incident.verdict.hop, incident.verdict.cause], ['down', 'dns', 'unexpected-response']);
      assert.equal(incident.verdict.summary, `www-record (www.${ZONE} A): the A answer for www.${ZONE} is [198.51.100.66], expected [203.0.113.7] (expect.answer).`);
      const detail = await store.getIncident(incident.id);
      assert.deepEqual(detail?.diagnosis?.steps.map((s) => [s.id, s.result]), [['dns', 'fail']]);
      await changeZone(nsd, zone('203.0.113.7'));
      const done = await waitFor('the incident closes', () => closed[0], 15_000);
      assert.equal(done.incident.id, incident.id);
      assert.equal([...engine.states()][0]?.type, 'dns');
    } finally {
      await engine.stop();
      await store.close();
      await nsd.stop();
    }
  });
});
