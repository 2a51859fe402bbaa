// Self-test of the DNS test servers: every case checked with dig against the real server.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { startDnsServer, startSilentDnsServer, type DnsServer, type SilentDnsServer } from './dns-server.js';

interface DigResult {
  exitCode: number;
  status: string | null;
  answers: { name: string; ttl: number; type: string; data: string }[];
  raw: string;
}

function dig(port: number, name: string, type: string, extra: string[] = []): Promise<DigResult> {
  const args = ['@127.0.0.1', '-p', String(port), name, type, '+norec', '+tries=1', '+time=2', '+noall', '+comments', '+answer', ...extra];
  return new Promise((resolve) => {
    execFile('dig', args, (error, stdout) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      const status = /status: ([A-Z]+)/.exec(stdout)?.[1] ?? null;
      const answers = stdout
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith(';'))
        .map((line) => {
          const [owner = '', ttl = '0', , rtype = '', ...data] = line.trim().split(/\s+/);
          return { name: owner, ttl: Number(ttl), type: rtype, data: data.join(' ') };
        });
      resolve({ exitCode, status, answers, raw: stdout });
    });
  });
}

describe('dns-server (NSD)', () => {
  let primary: DnsServer;
  let other: DnsServer;

  before(async () => {
    [primary, other] = await Promise.all([
      startDnsServer([
        {
          zone: 'whydown.test',
          records: [
            { name: 'ok', type: 'A', value: '127.0.0.1', ttl: 120 },
            { name: 'ok.whydown.test', type: 'AAAA', value: '::1', ttl: 90 },
            { name: 'alias', type: 'CNAME', value: 'ok.whydown.test' },
            { name: 'textonly', type: 'TXT', value: 'no address "here"' },
            { name: 'mailonly', type: 'MX', value: 'mx.elsewhere.test', priority: 5 },
            { name: 'moved', type: 'A', value: '127.0.0.1', ttl: 30 },
          ],
        },
        { zone: 'broken.test', servfail: true },
      ]),
      startDnsServer([
        { zone: 'whydown.test', records: [{ name: 'moved', type: 'A', value: '127.9.9.9', ttl: 30 }] },
      ]),
    ]);
  });

  after(async () => {
    await Promise.all([primary?.stop(), other?.stop()]);
  });

  test('address is 127.0.0.1:PORT', () => {
    assert.equal(primary.address, `127.0.0.1:${primary.port}`);
  });

  test('a name that resolves: A and AAAA with their TTLs', async () => {
    const a = await dig(primary.port, 'ok.whydown.test', 'A');
    assert.equal(a.status, 'NOERROR');
    assert.deepEqual(a.answers, [{ name: 'ok.whydown.test.', ttl: 120, type: 'A', data: '127.0.0.1' }]);
    const aaaa = await dig(primary.port, 'ok.whydown.test', 'AAAA');
    assert.equal(aaaa.status, 'NOERROR');
    assert.deepEqual(aaaa.answers, [{ name: 'ok.whydown.test.', ttl: 90, type: 'AAAA', data: '::1' }]);
  });

  test('over TCP as well', async () => {
    const a = await dig(primary.port, 'ok.whydown.test', 'A', ['+tcp']);
    assert.equal(a.status, 'NOERROR');
    assert.equal(a.answers[0]?.data, '127.0.0.1');
  });

  test('CNAME', async () => {
    const r = await dig(primary.port, 'alias.whydown.test', 'A');
    assert.equal(r.status, 'NOERROR');
    assert.deepEqual(r.answers.map((x) => [x.type, x.data]), [['CNAME', 'ok.whydown.test.'], ['A', '127.0.0.1']]);
  });

  test('NXDOMAIN', async () => {
    const r = await dig(primary.port, 'missing.whydown.test', 'A');
    assert.equal(r.status, 'NXDOMAIN');
    assert.deepEqual(r.answers, []);
  });

  test('NODATA: the name exists with only TXT or MX', async () => {
    for (const name of ['textonly.whydown.test', 'mailonly.whydown.test']) {
      for (const type of ['A', 'AAAA']) {
        const r = await dig(primary.port, name, type);
        assert.equal(r.status, 'NOERROR', `${name} ${type}`);
        assert.deepEqual(r.answers, [], `${name} ${type}`);
      }
    }
    const txt = await dig(primary.port, 'textonly.whydown.test', 'TXT');
    assert.equal(txt.answers[0]?.data, '"no address \\"here\\""');
    const mx = await dig(primary.port, 'mailonly.whydown.test', 'MX');
    assert.equal(mx.answers[0]?.data, '5 mx.elsewhere.test.');
  });

  test('SERVFAIL: a zone that does not load', async () => {
    const r = await dig(primary.port, 'www.broken.test', 'A');
    assert.equal(r.status, 'SERVFAIL');
    assert.equal((await dig(primary.port, 'broken.test', 'A')).status, 'SERVFAIL');
  });

  test('REFUSED: a name outside every zone of this server', async () => {
    const r = await dig(primary.port, 'shop.elsewhere.test', 'A');
    assert.equal(r.status, 'REFUSED');
  });

  test('two servers that disagree on the same name', async () => {
    const one = await dig(primary.port, 'moved.whydown.test', 'A');
    const two = await dig(other.port, 'moved.whydown.test', 'A');
    assert.equal(one.status, 'NOERROR');
    assert.equal(two.status, 'NOERROR');
    assert.equal(one.answers[0]?.data, '127.0.0.1');
    assert.equal(two.answers[0]?.data, '127.9.9.9');
  });
});

describe('silent DNS server', () => {
  let silent: SilentDnsServer;
  before(async () => { silent = await startSilentDnsServer(); });
  after(async () => { await silent?.stop(); });

  test('takes UDP queries and never answers', async () => {
    const started = Date.now();
    const r = await dig(silent.port, 'ok.whydown.test', 'A', ['+time=1']);
    assert.equal(r.status, null);
    assert.equal(r.exitCode, 9, r.raw); // dig: no reply from server
    assert.ok(Date.now() - started >= 900);
    assert.ok(silent.udpQueries >= 1);
  });

  test('accepts TCP and never answers', async () => {
    const r = await dig(silent.port, 'ok.whydown.test', 'A', ['+tcp', '+time=1']);
    assert.equal(r.status, null);
    assert.notEqual(r.exitCode, 0);
    assert.ok(silent.tcpConnections >= 1);
  });
});
