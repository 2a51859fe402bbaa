// `--format nagios`: the Monitoring Plugins line, state by exit status, timings as perfdata.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { performanceData, perfLabel, plainText } from '../../src/cli/nagios.js';
import { runCli } from '../support/cli.js';

/** label=value[UOM];warn;crit;min;max, label quoted when it holds a space. */
const PERF = /^('[^']*'|[^\s'=]+)=\d+(\.\d+)?ms;;;$/;

function split(line: string): { state: string; text: string; perf: string[] } {
  const match = /^WHYDOWN (OK|WARNING|CRITICAL|UNKNOWN) - ([^|]+?)(?: \| (.*))?$/.exec(line);
  assert.ok(match, line);
  return { state: match[1]!, text: match[2]!, perf: match[3] ? match[3].split(' ') : [] };
}

describe('--format nagios', () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url?.startsWith('/missing')) {
        res.statusCode = 404;
        res.end('no such page');
      } else {
        res.end('<html><body>hello</body></html>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('up: OK, exit 0, tcp/ttfb/total perfdata (no dns for an IP, no tls for http)', async () => {
    const run = await runCli([`${base}/`, '--format', 'nagios', '--retries', '1']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.split('\n').length, 2, 'one line');
    assert.doesNotMatch(run.stdout, /\u001b/);
    const { state, text, perf } = split(run.stdout.trimEnd());
    assert.equal(state, 'OK');
    assert.match(text, /127\.0\.0\.1:\d+ is up/);
    assert.deepEqual(perf.map((p) => p.split('=')[0]), ['tcp', 'ttfb', 'total']);
    for (const p of perf) assert.match(p, PERF);
  });

  it('degraded (404): WARNING, exit 1', async () => {
    const run = await runCli([`${base}/missing`, '--format', 'nagios', '--retries', '1']);
    assert.equal(run.code, 1, run.stdout);
    assert.equal(split(run.stdout.trimEnd()).state, 'WARNING');
  });

  it('down (refused): CRITICAL, exit 2, only the phases that happened', async () => {
    const run = await runCli(['http://localhost:1/', '--format', 'nagios', '--retries', '1']);
    assert.equal(run.code, 2, run.stdout);
    const { state, text, perf } = split(run.stdout.trimEnd());
    assert.equal(state, 'CRITICAL');
    assert.match(text, /^localhost:1 is down: /);
    assert.deepEqual(perf.map((p) => p.split('=')[0]), ['dns', 'total']);
  });

  it('--json is --format json; --format json equals it', async () => {
    const a = await runCli([`${base}/`, '--format', 'json', '--retries', '1']);
    assert.equal(a.code, 0);
    assert.equal((JSON.parse(a.stdout) as { verdict: { status: string } }).verdict.status, 'up');
    const b = await runCli([`${base}/`, '--json', '--format', 'json', '--retries', '1']);
    assert.equal(b.code, 0);
    assert.equal((JSON.parse(b.stdout) as { verdict: { status: string } }).verdict.status, 'up');
  });

  it('perfdata and text rules', () => {
    assert.equal(performanceData({ dns: 1.23, tcp: 0.4, tls: 3.08, firstByte: 12, total: 17 }), 'dns=1.2ms;;; tcp=0.4ms;;; tls=3.1ms;;; ttfb=12.0ms;;; total=17.0ms;;;');
    assert.equal(performanceData({ total: 5 }), 'total=5.0ms;;;');
    assert.equal(perfLabel('time to first byte'), "'time to first byte'");
    assert.equal(perfLabel("it's"), "'it''s'");
    assert.equal(perfLabel('ttfb'), 'ttfb');
    assert.equal(plainText('a | b\nc\u001b[31m d\t'), 'a / b c d');
  });
});
