// Every address of a name (issue #14 item 4), against real servers: NSD serves the names, nginx
// listens on some of their addresses only. One address failing while another works is degraded
// at the network hop, with the failing address's cause and who meets it.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createDestinationPolicy } from '../../src/core/probe/destination-policy.js';
import type { ProbeOptions } from '../../src/core/probe/types.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { runCli } from '../support/cli.js';
import { startDnsServer, type DnsServer } from '../support/dns-server.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { startProcess, type RunningProcess } from '../support/process.js';

interface AddressRow { address: string; family: string; from: string[]; checked: string; outcome: string; cause: string; status: number | null; error: string | null; ms: number }

const PAGE = 'location = / { return 200 "<html><body><h1>Shop</h1></body></html>"; }';

/**
 * [::1]:port where connects time out: a Python socket with listen(0) that never accepts (Node's
 * net.Server would accept everything), its queue filled by connections held open here, so the
 * kernel drops further SYNs (the same trick as test/support/raw-servers.ts, on IPv6 and a given port).
 */
async function blackHoleOnIpv6(port: number): Promise<{ stop(): Promise<void> }> {
  const script = `
import os, socket, time
parent = os.getppid()
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.bind(('::1', ${port}))
s.listen(0)
print('LISTENING', flush=True)
while os.getppid() == parent:
    time.sleep(0.5)
`;
  const proc: RunningProcess = await startProcess({ command: 'python3', args: ['-c', script], waitForOutput: 'LISTENING' });
  const held: net.Socket[] = [];
  for (let i = 0; i < 8; i++) {
    const socket = await new Promise<net.Socket | null>((resolve) => {
      const s = net.connect({ host: '::1', port });
      const timer = setTimeout(() => { s.destroy(); resolve(null); }, 300);
      s.once('connect', () => { clearTimeout(timer); resolve(s); });
      s.once('error', () => { clearTimeout(timer); s.destroy(); resolve(null); });
    });
    if (!socket) break; // this SYN was dropped: the queue is full
    socket.on('error', () => undefined);
    held.push(socket);
  }
  return { stop: async () => { for (const s of held) s.destroy(); await proc.stop(); } };
}

describe('every address of a name (NSD + nginx on some of them)', () => {
  let v4only: Nginx; // 127.0.0.1 only
  let v6only: Nginx; // [::1] only
  let both: Nginx; // 127.0.0.1 and [::1]
  let dnsServer: DnsServer;
  let counter: net.Server; // 127.0.0.3 on v4only's port: counts connections that must never come
  let counted = 0;

  before(async () => {
    [v4only, v6only, both] = await Promise.all([
      startNginx(PAGE),
      startNginx(PAGE, '', { listen: ['[::1]'] }),
      startNginx(PAGE, '', { listen: ['127.0.0.1', '[::1]'] }),
    ]);
    counter = net.createServer((socket) => { counted++; socket.destroy(); });
    await new Promise<void>((resolve) => counter.listen(v4only.port, '127.0.0.3', resolve));
    dnsServer = await startDnsServer([{
      zone: 'whydown.test',
      records: [
        { name: 'dual', type: 'A', value: '127.0.0.1' },
        { name: 'dual', type: 'AAAA', value: '::1' },
        { name: 'pair', type: 'A', value: '127.0.0.1' },
        { name: 'pair', type: 'A', value: '127.0.0.2' },
        { name: 'single', type: 'A', value: '127.0.0.1' },
        { name: 'dead', type: 'A', value: '127.0.0.2' },
        { name: 'dead', type: 'A', value: '127.0.0.4' },
        { name: 'policy', type: 'A', value: '127.0.0.1' },
        { name: 'policy', type: 'A', value: '127.0.0.3' },
      ],
    }]);
  });

  after(async () => {
    await Promise.all([
      v4only?.stop(), v6only?.stop(), both?.stop(), dnsServer?.stop(),
      new Promise<void>((resolve) => (counter ? counter.close(() => resolve()) : resolve())),
    ]);
  });

  const opts = (extra: Partial<ProbeOptions> = {}): ProbeOptions => ({ timeoutMs: 5000, dnsServers: [dnsServer.address], ...extra });
  const run = (name: string, port: number, extra: Partial<ProbeOptions> = {}) =>
    diagnose(new URL(`http://${name}.whydown.test:${port}/`), { retries: 2, probe: opts(extra) });
  const rows = (report: Awaited<ReturnType<typeof run>>): AddressRow[] =>
    (report.steps.find((s) => s.id === 'addresses')!.evidence.addresses as AddressRow[] | undefined) ?? [];

  it('A 127.0.0.1 + AAAA ::1, nginx on 127.0.0.1 only: degraded, network, connect-refused, IPv6-first clients named', async () => {
    const report = await run('dual', v4only.port);
    assert.equal(report.verdict.status, 'degraded', report.verdict.summary);
    assert.equal(report.verdict.hop, 'network');
    assert.equal(report.verdict.cause, 'connect-refused');
    assert.equal(report.verdict.scope, 'some-vantages');
    assert.equal(report.verdict.confidence, 'high');
    assert.match(report.verdict.summary, /IPv6-first clients \(most browsers with IPv6, Happy Eyeballs falls back after 250–300 ms/);
    assert.match(report.verdict.summary, new RegExp(`a refused connection at \\[::1\\]:${v4only.port}; IPv4 works`));
    assert.match(report.verdict.fixes[0]!, /\[::1\]/);
    const byAddress = Object.fromEntries(rows(report).map((r) => [r.address, r]));
    const v4 = byAddress[`127.0.0.1:${v4only.port}`]!;
    const v6 = byAddress[`[::1]:${v4only.port}`]!;
    assert.deepEqual([v4.family, v4.outcome, v4.status, v4.checked], ['ipv4', 'ok', 200, 'http']);
    assert.deepEqual([v6.family, v6.outcome, v6.cause, v6.error], ['ipv6', 'failed', 'connect-refused', 'ECONNREFUSED']);
    assert.deepEqual(v6.from, [dnsServer.address]);
    assert.equal(typeof v6.ms, 'number');
    assert.equal(report.steps.find((s) => s.id === 'addresses')!.result, 'warn');
    assert.ok(report.attempts.some((a) => a.step === 'addresses'), 'the per-address requests are in the attempts');
  });

  it('the reverse (nginx on [::1] only): degraded, IPv4-only clients meet the refusal at 127.0.0.1; IPv6 works', async () => {
    const report = await run('dual', v6only.port);
    assert.equal(report.verdict.status, 'degraded', report.verdict.summary);
    assert.equal(report.verdict.hop, 'network');
    assert.equal(report.verdict.cause, 'connect-refused');
    assert.match(report.verdict.summary, new RegExp(`IPv4-only clients .* meet a refused connection at 127\\.0\\.0\\.1:${v6only.port}; IPv6 works`));
  });

  it('two A records, one refusing (127.0.0.2): degraded, round-robin clients handed it', async () => {
    const report = await run('pair', v4only.port);
    assert.equal(report.verdict.status, 'degraded', report.verdict.summary);
    assert.equal(report.verdict.cause, 'connect-refused');
    assert.equal(report.verdict.hop, 'network');
    assert.match(report.verdict.summary, new RegExp(`Clients handed that address \\(DNS round-robin.*\\) meet a refused connection at 127\\.0\\.0\\.2:${v4only.port}; 127\\.0\\.0\\.1:${v4only.port} works`));
  });

  it('every address works (nginx on both): up, the step passes with both listed', async () => {
    const report = await run('dual', both.port);
    assert.equal(report.verdict.status, 'up', report.verdict.summary);
    assert.equal(report.verdict.cause, 'ok');
    const step = report.steps.find((s) => s.id === 'addresses')!;
    assert.equal(step.result, 'pass');
    assert.deepEqual(rows(report).map((r) => [r.family, r.outcome]).sort(), [['ipv4', 'ok'], ['ipv6', 'ok']]);
  });

  it('one address: the step is skipped (the reload tried it), no extra request', async () => {
    const report = await run('single', v4only.port);
    assert.equal(report.verdict.status, 'up');
    const step = report.steps.find((s) => s.id === 'addresses')!;
    assert.equal(step.result, 'skip');
    assert.match(step.detail, /one address/);
    assert.ok(!report.attempts.some((a) => a.step === 'addresses'));
  });

  it('an IPv6 address where connects time out (IPv4 fine): degraded, connect-timeout, within the time limit', async () => {
    const hole = await blackHoleOnIpv6(v4only.port);
    try {
      const started = Date.now();
      const report = await run('dual', v4only.port, { timeoutMs: 1500 });
      const took = Date.now() - started;
      assert.equal(report.verdict.status, 'degraded', report.verdict.summary);
      assert.equal(report.verdict.cause, 'connect-timeout');
      assert.equal(report.verdict.hop, 'network');
      assert.match(report.verdict.summary, new RegExp(`IPv6-first clients .* meet a connection that never completes at \\[::1\\]:${v4only.port}; IPv4 works`));
      assert.ok(took < 4000, `the per-address request keeps to --timeout: took ${took} ms`);
    } finally {
      await hole.stop();
    }
  });

  it('every address failing is told as before: down, connect-refused', async () => {
    const report = await run('dead', v4only.port);
    assert.equal(report.verdict.status, 'down');
    assert.equal(report.verdict.cause, 'connect-refused');
    assert.equal(report.steps.find((s) => s.id === 'addresses')!.result, 'fail');
  });

  it('a destination policy (/check) is asked for every address: a refused one is never connected to', async () => {
    const policy = createDestinationPolicy({ allow: ['127.0.0.1/32'], ports: [v4only.port] });
    const before = counted;
    const report = await run('policy', v4only.port, { allowAddress: policy.allowAddress });
    assert.equal(counted, before, 'nothing connected to 127.0.0.3');
    // One private answer refuses the name (as before); the split rule does not turn that into degraded.
    assert.equal(report.verdict.cause, 'network-unreachable');
    const row = rows(report).find((r) => r.address === `127.0.0.3:${v4only.port}`)!;
    assert.equal(row.outcome, 'not-allowed');
  });

  it('the CLI: exit 1 for a refused IPv6 address, and the JSON lists every address', async () => {
    const result = await runCli(['--json', '--retries', '1', '--dns-server', dnsServer.address, `http://dual.whydown.test:${v4only.port}/`]);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { verdict: { cause: string }; steps: { id: string; evidence: { addresses?: AddressRow[] } }[] };
    assert.equal(report.verdict.cause, 'connect-refused');
    assert.equal(report.steps.find((s) => s.id === 'addresses')!.evidence.addresses!.length, 2);
  });
});
