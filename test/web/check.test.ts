// GET /check against real servers on loopback: the diagnosis it runs reaches only what the policy
// allows — not by a literal address in any spelling, not by a name, not by a redirect, not by a
// name that answers differently the second time. 127.0.0.2 is opened by the config (as a public
// site stands in for one here); 127.0.0.1 is not, and counts every request that reaches it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PublicCheckConfig } from '../../src/serve/config/types.js';
import { startDnsServer, type DnsServer } from '../support/dns-server.js';
import { askCheck, startCheckServer, startRebindingDns, startTwoFacedTarget, type CheckServer, type RebindingDns, type TwoFacedTarget } from './check-support.js';

const LOOSE = { perClientPerMinute: 1000, totalPerMinute: 1000, concurrent: 16 };

describe('GET /check: only public destinations', () => {
  let target: TwoFacedTarget;
  let dns: DnsServer;
  let check: CheckServer;
  let config: PublicCheckConfig;

  before(async () => {
    target = await startTwoFacedTarget();
    dns = await startDnsServer([{
      zone: 'check.test',
      records: [
        { name: 'shop', type: 'A', value: '127.0.0.2' },
        { name: 'inside', type: 'A', value: '127.0.0.1' },
        { name: 'office', type: 'A', value: '10.0.0.1' },
        { name: 'mixed', type: 'A', value: '127.0.0.2' },
        { name: 'mixed', type: 'A', value: '127.0.0.1' },
      ],
    }]);
    config = { enabled: true, allow: ['127.0.0.2/32'], ports: [80, 443, target.port] };
    check = await startCheckServer({ config: () => config, limits: LOOSE, probe: { dnsServers: [dns.address], timeoutMs: 5000 } });
  });
  after(async () => {
    await check?.close();
    await target?.close();
    await dns?.stop();
  });

  const refused = async (url: string): Promise<void> => {
    const before = target.forbiddenHits.length;
    const reply = await askCheck(check.base, url);
    assert.equal(reply.status, 403, `${url}: ${reply.text}`);
    assert.equal(reply.json.error?.code, 'destination-not-allowed');
    assert.doesNotMatch(reply.text, /127\.0\.0\.1|10\.0\.0\.1/, 'the refusal does not tell what a name resolves to');
    assert.equal(target.forbiddenHits.length, before, `${url} reached 127.0.0.1`);
  };

  it('answers an allowed target with the verdict and what it means', async () => {
    const reply = await askCheck(check.base, `http://shop.check.test:${target.port}/`);
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(Object.keys(reply.json).sort(), ['checkedAt', 'from', 'meaning', 'url', 'verdict']);
    const verdict = reply.json.verdict as { status: string; cause: string };
    assert.equal(verdict.status, 'up');
    assert.equal(verdict.cause, 'ok');
    assert.match(String(reply.json.meaning), /^fine from here — just you/);
    assert.equal(reply.json.url, `http://shop.check.test:${target.port}/`);
    assert.doesNotMatch(reply.text, /"attempts"|"headers"|bodySample|127\.0\.0\./, 'no attempts, headers, bodies or addresses');
  });

  for (const host of ['127.0.0.1', 'localhost', 'localhost.', 'LOCALHOST', '[::1]', '2130706433', '127.1', '0x7f.1', '0177.0.0.1',
    '127.0.0.1.', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '169.254.169.254', '10.0.0.1', '[64:ff9b::7f00:1]', '0.0.0.0']) {
    it(`refuses http://${host}:PORT/`, () => refused(`http://${host}:${target.port}/`));
  }

  it('refuses a name that resolves to a loopback address', () => refused(`http://inside.check.test:${target.port}/`));
  it('refuses a name that resolves to a private address', () => refused(`http://office.check.test:${target.port}/`));
  it('refuses a name with one allowed and one refused address', () => refused(`http://mixed.check.test:${target.port}/`));

  it('refuses a redirect from an allowed target to a refused address', async () => {
    await refused(`http://shop.check.test:${target.port}/to-forbidden`);
  });

  it('refuses ports other than 80/443 unless the config lists them', async () => {
    const saved = config;
    config = { ...config, ports: [80, 443] };
    try {
      const reply = await askCheck(check.base, `http://shop.check.test:${target.port}/`);
      assert.equal(reply.status, 403, reply.text);
      assert.equal(reply.json.error?.code, 'destination-not-allowed');
      assert.match(reply.json.error?.message ?? '', new RegExp(`port ${target.port}`));
    } finally {
      config = saved;
    }
  });

  it('turns away what is not an http(s) URL for strangers', async () => {
    for (const [url, why] of [
      ['ftp://shop.check.test/', /only http/], ['http://user:secret@shop.check.test/', /password/], ['http://', /not a URL/],
      [`http://shop.check.test/${'a'.repeat(2100)}`, /longer than/], ['', /give the address/],
    ] as const) {
      const reply = await askCheck(check.base, url);
      assert.equal(reply.status, 400, url);
      assert.equal(reply.json.error?.code, 'invalid_parameter');
      assert.match(reply.json.error?.message ?? '', why);
    }
  });

  it('is a 404 while ui.publicCheck.enabled is false', async () => {
    const saved = config;
    config = { ...config, enabled: false };
    try {
      const reply = await askCheck(check.base, `http://shop.check.test:${target.port}/`);
      assert.equal(reply.status, 404);
      assert.equal(reply.json.error?.code, 'not_found');
    } finally {
      config = saved;
    }
  });
});

describe('GET /check: DNS rebinding', () => {
  let target: TwoFacedTarget;
  let dns: RebindingDns;
  let check: CheckServer;

  before(async () => {
    target = await startTwoFacedTarget();
    dns = await startRebindingDns('127.0.0.2', '127.0.0.1');
    const config: PublicCheckConfig = { enabled: true, allow: ['127.0.0.2/32'], ports: [target.port] };
    check = await startCheckServer({ config: () => config, limits: LOOSE, probe: { dnsServers: [dns.address], timeoutMs: 5000 } });
  });
  after(async () => {
    await check?.close();
    await target?.close();
    await dns?.close();
  });

  it('refuses a name whose first answer is allowed and a later one is not', async () => {
    const reply = await askCheck(check.base, `http://rebind.check.test:${target.port}/`);
    assert.ok(dns.aQueries() >= 2, `the name was looked up ${dns.aQueries()} time(s)`);
    assert.equal(reply.status, 403, reply.text);
    assert.equal(reply.json.error?.code, 'destination-not-allowed');
    assert.deepEqual(target.forbiddenHits, []);
  });
});
