// The probe and the verdict against real DNS: NSD on a loopback port (never the system resolver),
// a silent server for time-outs, and a real HTTP server the answers lead to (or not).
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { probe } from '../../src/core/probe/probe.js';
import type { DnsAnswer, ProbeOptions } from '../../src/core/probe/types.js';
import { runCli } from '../support/cli.js';
import { startDnsServer, startSilentDnsServer, type DnsServer, type SilentDnsServer } from '../support/dns-server.js';

/** What the dns step's evidence holds (read as the JSON report shows it, not through internal types). */
interface DnsStepEvidence {
  answers: DnsAnswer[];
  working: string[];
  broken: string[];
}

const PAGE = '<html><head><title>Shop</title></head><body><h1>Welcome</h1></body></html>';

interface JsonReport {
  verdict: { status: string; hop: string; cause: string; scope: string; confidence: string; summary: string; fixes: string[] };
  steps: { id: string; result: string; detail: string; evidence: Record<string, unknown> }[];
  attempts: { address: string | null; status: number | null; cause: string; timings: Record<string, number> }[];
}

describe('probe and diagnose against real DNS (NSD)', () => {
  let primary: DnsServer; // the zone as it should be
  let other: DnsServer; // a second resolver with a stale answer for `moved`
  let silent: SilentDnsServer;
  let web: http.Server;
  let port: number;

  before(async () => {
    web = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(PAGE);
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    port = (web.address() as AddressInfo).port;
    [primary, other, silent] = await Promise.all([
      startDnsServer([
        {
          zone: 'whydown.test',
          records: [
            { name: 'ok', type: 'A', value: '127.0.0.1', ttl: 120 },
            { name: 'textonly', type: 'TXT', value: 'no address here' },
            { name: 'moved', type: 'A', value: '127.0.0.1', ttl: 30 },
          ],
        },
        { zone: 'broken.test', servfail: true },
      ]),
      startDnsServer([{ zone: 'whydown.test', records: [{ name: 'moved', type: 'A', value: '127.9.9.9', ttl: 45 }] }]),
      startSilentDnsServer(),
    ]);
  });

  after(async () => {
    await Promise.all([
      primary?.stop(),
      other?.stop(),
      silent?.stop(),
      new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve())),
    ]);
  });

  const urlFor = (name: string): URL => new URL(`http://${name}:${port}/`);
  const opts = (extra: Partial<ProbeOptions> = {}): ProbeOptions => ({ timeoutMs: 5000, dnsServers: [primary.address], ...extra });

  it('a name with an A record is resolved by the given server and leads to the page: ok, DNS timed, TTL kept', async () => {
    const result = await probe(urlFor('ok.whydown.test'), opts());
    assert.equal(result.cause, 'ok', result.error?.message);
    assert.equal(result.status, 200);
    assert.match(result.bodySample, /Welcome/);
    assert.equal(result.address, `127.0.0.1:${port}`);
    assert.equal(result.failedPhase, null);
    assert.equal(typeof result.timings.dns, 'number', 'the DNS phase happened and is timed');
    assert.ok(result.timings.dns! >= 0 && result.timings.dns! < 2000, `dns ${result.timings.dns}`);
    assert.equal(result.dns.length, 1, 'one resolver asked');
    const answer = result.dns[0]!;
    assert.equal(answer.resolver, primary.address);
    assert.equal(answer.rcode, 'NOERROR');
    assert.deepEqual(answer.addresses, ['127.0.0.1']);
    assert.equal(answer.ttl, 120);
    assert.equal(answer.error, null);
  });

  it('a name that does not exist is dns-nxdomain, stopped in the dns phase, with nothing after it', async () => {
    const result = await probe(urlFor('nope.whydown.test'), opts());
    assert.equal(result.cause, 'dns-nxdomain');
    assert.equal(result.failedPhase, 'dns');
    assert.equal(result.dns[0]?.rcode, 'NXDOMAIN');
    assert.equal(result.address, null);
    assert.equal(result.status, null);
    assert.equal(typeof result.timings.dns, 'number');
    assert.equal(result.timings.tcp, undefined, 'no TCP phase after a failed lookup');
    assert.equal(result.timings.firstByte, undefined);
  });

  it('a name with only a TXT record is dns-no-address', async () => {
    const result = await probe(urlFor('textonly.whydown.test'), opts());
    assert.equal(result.cause, 'dns-no-address');
    assert.equal(result.failedPhase, 'dns');
    assert.equal(result.dns[0]?.rcode, 'NOERROR');
    assert.deepEqual(result.dns[0]?.addresses, []);
  });

  it('SERVFAIL (a zone that does not load) and REFUSED (a zone not served) are both dns-servfail', async () => {
    const servfail = await probe(urlFor('www.broken.test'), opts());
    assert.equal(servfail.cause, 'dns-servfail');
    assert.equal(servfail.failedPhase, 'dns');
    assert.equal(servfail.dns[0]?.rcode, 'SERVFAIL');
    const refused = await probe(urlFor('www.elsewhere.test'), opts());
    assert.equal(refused.cause, 'dns-servfail');
    assert.equal(refused.dns[0]?.rcode, 'REFUSED');
    assert.match(refused.error?.message ?? '', /REFUSED/);
  });

  it('a resolver that never answers is dns-timeout, within the time limit', async () => {
    const before = silent.udpQueries;
    const started = Date.now();
    const result = await probe(urlFor('ok.whydown.test'), { timeoutMs: 1200, dnsServers: [silent.address] });
    const took = Date.now() - started;
    assert.equal(result.cause, 'dns-timeout');
    assert.equal(result.failedPhase, 'dns');
    assert.equal(result.dns[0]?.rcode, 'TIMEOUT');
    assert.ok(took >= 1100 && took < 2500, `took ${took} ms`);
    assert.ok(silent.udpQueries > before, 'the silent server was asked');
  });

  it('resolvers are asked in order, like a stub resolver: a silent first one shows in the evidence as TIMEOUT', async () => {
    const result = await probe(urlFor('ok.whydown.test'), opts({ dnsServers: [silent.address, primary.address], timeoutMs: 1500 }));
    // The silent one eats the whole (shared) budget, so either outcome is honest: what matters is
    // that both resolvers show in the evidence, in order.
    assert.deepEqual(result.dns.map((a) => a.resolver), [silent.address, primary.address]);
    assert.equal(result.dns[0]?.rcode, 'TIMEOUT');
  });

  it('several silent resolvers share the attempt\'s time limit: the probe never runs past it', async () => {
    const started = Date.now();
    const result = await probe(urlFor('ok.whydown.test'), { timeoutMs: 1000, dnsServers: [silent.address, silent.address] });
    const took = Date.now() - started;
    assert.equal(result.cause, 'dns-timeout');
    assert.ok(took < 1600, `the attempt's limit is 1000 ms, it took ${took} ms`);
  });

  it('--resolve pins the address: no DNS phase, no query, and the dns step is skipped', async () => {
    const queriesBefore = silent.udpQueries;
    const pinned = { resolve: [{ host: 'pinned.whydown.test', port, address: '127.0.0.1' }], dnsServers: [silent.address] };
    const result = await probe(urlFor('pinned.whydown.test'), { timeoutMs: 3000, ...pinned });
    assert.equal(result.cause, 'ok', result.error?.message);
    assert.equal(result.timings.dns, undefined, 'no DNS phase for a pinned address');
    assert.deepEqual(result.dns, []);
    assert.equal(result.address, `127.0.0.1:${port}`);
    const report = await diagnose(urlFor('pinned.whydown.test'), { retries: 1, probe: { timeoutMs: 3000, ...pinned } });
    assert.equal(report.verdict.status, 'up');
    const dnsStep = report.steps.find((s) => s.id === 'dns')!;
    assert.equal(dnsStep.result, 'skip');
    assert.match(dnsStep.detail, /--resolve/);
    assert.equal(silent.udpQueries, queriesBefore, 'nobody asked the (silent) resolver');
  });

  it('diagnose: a working name is up, and the dns step lists the answer with its TTL', async () => {
    const report = await diagnose(urlFor('ok.whydown.test'), { retries: 1, probe: opts() });
    assert.equal(report.verdict.status, 'up');
    assert.equal(report.verdict.cause, 'ok');
    const step = report.steps.find((s) => s.id === 'dns')!;
    assert.equal(step.result, 'pass');
    const answers = step.evidence.answers as DnsAnswer[];
    assert.equal(answers.length, 1);
    assert.equal(answers[0]!.resolver, primary.address);
    assert.deepEqual(answers[0]!.addresses, ['127.0.0.1']);
    assert.equal(answers[0]!.ttl, 120);
    assert.match(step.detail, /127\.0\.0\.1/);
    assert.match(step.detail, /TTL 120s/);
  });

  it('diagnose: NXDOMAIN, no address, SERVFAIL and time-out are down at the dns hop', async () => {
    const cases: [string, ProbeOptions, string, string][] = [
      // Seen from one vantage, a DNS failure may be this vantage's resolver: never "everyone".
      ['nope.whydown.test', opts(), 'dns-nxdomain', 'unknown'],
      ['textonly.whydown.test', opts(), 'dns-no-address', 'unknown'],
      ['www.broken.test', opts(), 'dns-servfail', 'unknown'],
      ['ok.whydown.test', { timeoutMs: 1000, dnsServers: [silent.address] }, 'dns-timeout', ''],
    ];
    await Promise.all(cases.map(async ([name, probeOptions, cause, scope]) => {
      const report = await diagnose(urlFor(name), { retries: 1, probe: probeOptions });
      assert.equal(report.verdict.cause, cause, name);
      assert.equal(report.verdict.status, 'down', name);
      assert.equal(report.verdict.hop, 'dns', name);
      if (scope) assert.equal(report.verdict.scope, scope, name);
      assert.ok(report.verdict.fixes.length >= 1, name);
      assert.equal(report.steps.find((s) => s.id === 'dns')!.result, 'fail', name);
    }));
  });

  it('diagnose: two resolvers, one leading to the server and one nowhere, is dns-disagreement (degraded, some vantages)', async () => {
    const report = await diagnose(urlFor('moved.whydown.test'), { retries: 1, probe: opts({ dnsServers: [primary.address, other.address] }) });
    assert.equal(report.verdict.cause, 'dns-disagreement');
    assert.equal(report.verdict.status, 'degraded');
    assert.equal(report.verdict.scope, 'some-vantages');
    assert.equal(report.verdict.hop, 'dns');
    assert.equal(report.attempts[0]?.cause, 'ok', 'this vantage asked the first resolver and got through');
    const step = report.steps.find((s) => s.id === 'dns')!;
    assert.equal(step.result, 'warn');
    const evidence = step.evidence as unknown as DnsStepEvidence;
    assert.deepEqual(evidence.working, [primary.address]);
    assert.deepEqual(evidence.broken, [other.address]);
    const byResolver = Object.fromEntries(evidence.answers.map((a) => [a.resolver, a]));
    assert.deepEqual(byResolver[primary.address]?.addresses, ['127.0.0.1']);
    assert.equal(byResolver[primary.address]?.ttl, 30);
    assert.deepEqual(byResolver[other.address]?.addresses, ['127.9.9.9']);
    assert.equal(byResolver[other.address]?.ttl, 45);
    assert.match(step.detail, /127\.9\.9\.9/);
    assert.match(step.detail, /TTL 45s/);
    assert.match(report.verdict.summary, /disagree/);
  });

  it('diagnose: the same with this vantage\'s own resolver leading nowhere is still dns-disagreement', async () => {
    const report = await diagnose(urlFor('moved.whydown.test'), { retries: 1, probe: opts({ dnsServers: [other.address, primary.address] }) });
    assert.equal(report.attempts[0]?.cause, 'connect-refused', 'this vantage followed the stale answer');
    assert.equal(report.attempts[0]?.address, `127.9.9.9:${port}`);
    assert.equal(report.verdict.cause, 'dns-disagreement');
    assert.equal(report.verdict.scope, 'some-vantages');
    assert.notEqual(report.verdict.status, 'up');
    const evidence = report.steps.find((s) => s.id === 'dns')!.evidence as unknown as DnsStepEvidence;
    assert.deepEqual(evidence.working, [primary.address]);
    assert.deepEqual(evidence.broken, [other.address]);
  });

  it('the CLI with --dns-server: exit 0 up, 2 for NXDOMAIN and a silent resolver, 1 for disagreement', async () => {
    const base = ['--json', '--retries', '1'];
    const [up, nx, timeout, split] = await Promise.all([
      runCli([...base, '--dns-server', primary.address, urlFor('ok.whydown.test').href]),
      runCli([...base, '--dns-server', primary.address, urlFor('nope.whydown.test').href]),
      runCli([...base, '--timeout', '1', '--dns-server', silent.address, urlFor('ok.whydown.test').href]),
      runCli([...base, '--dns-server', primary.address, '--dns-server', other.address, urlFor('moved.whydown.test').href]),
    ]);
    for (const run of [up, nx, timeout, split]) assert.equal(run.stderr, '');
    const upReport = JSON.parse(up.stdout) as JsonReport;
    assert.equal(up.code, 0);
    assert.equal(upReport.verdict.cause, 'ok');
    assert.equal(typeof upReport.attempts[0]?.timings.dns, 'number');
    const dnsStep = upReport.steps.find((s) => s.id === 'dns')!;
    const answers = dnsStep.evidence.answers as DnsAnswer[];
    assert.equal(answers[0]?.ttl, 120);
    assert.equal(nx.code, 2);
    assert.equal((JSON.parse(nx.stdout) as JsonReport).verdict.cause, 'dns-nxdomain');
    assert.equal(timeout.code, 2);
    assert.equal((JSON.parse(timeout.stdout) as JsonReport).verdict.cause, 'dns-timeout');
    assert.equal(split.code, 1);
    const splitReport = JSON.parse(split.stdout) as JsonReport;
    assert.equal(splitReport.verdict.cause, 'dns-disagreement');
    assert.equal(splitReport.verdict.status, 'degraded');
    assert.equal(splitReport.verdict.scope, 'some-vantages');
  });

  it('the CLI with --resolve skips DNS altogether', async () => {
    const run = await runCli(['--json', '--retries', '1', '--dns-server', silent.address, '--resolve', `pinned.whydown.test:${port}:127.0.0.1`, urlFor('pinned.whydown.test').href]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.attempts[0]?.timings.dns, undefined);
    assert.equal(report.steps.find((s) => s.id === 'dns')?.result, 'skip');
  });
});
