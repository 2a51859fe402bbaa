// Varnish's FetchErrors, read from a real varnishd's shared-memory log with varnishlog (grouped by
// vxid, by request, and raw) and varnishncsa (backend mode, with %{VSL:FetchError}x).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startVarnish, type Varnish } from '../support/varnish.js';
import { deadPort, makeTempDir } from '../support/process.js';
import type { LogEvent } from '../../src/logs/types.js';
import type { Cause } from '../../src/core/model.js';
import { causesFor, readEvents, saveFixture } from './helpers.js';
import { eventually, request, startUpstreams } from './upstreams.js';

const BEHAVIOURS = ['close', 'reset', 'garbage', 'silent', 'huge-header', 'stall-body', 'ok'] as const;

const EXPECTED: Record<string, Cause> = {
  '/refused': 'upstream-refused',
  '/closed': 'upstream-closed',
  '/reset': 'upstream-closed',
  '/garbage': 'upstream-invalid-response',
  '/slow': 'upstream-timeout',
  '/big': 'upstream-header-too-big',
  '/stallbody': 'upstream-timeout',
  '/sick': 'no-healthy-upstream',
};

const NCSA_FORMAT = '%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i" "%{VSL:FetchError}x"';

describe('Varnish FetchErrors from a real varnishd', () => {
  let varnish: Varnish;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<(typeof BEHAVIOURS)[number]>>>;
  const outputs: Record<string, string> = {};
  const parsed: Record<string, LogEvent[]> = {};

  before(async () => {
    upstreams = await startUpstreams(BEHAVIOURS);
    const closed = await deadPort();
    const backend = (name: string, port: number, extra = ''): string =>
      `backend ${name} { .host = "127.0.0.1"; .port = "${port}"; ${extra} }`;
    varnish = await startVarnish(`
${backend('refused', closed)}
${backend('closed', upstreams.close.port)}
${backend('reset', upstreams.reset.port)}
${backend('garbage', upstreams.garbage.port)}
${backend('slow', upstreams.silent.port, '.first_byte_timeout = 1s;')}
${backend('big', upstreams['huge-header'].port)}
${backend('stallbody', upstreams['stall-body'].port, '.between_bytes_timeout = 1s;')}
${backend('busy', upstreams.silent.port, '.max_connections = 1; .first_byte_timeout = 2s;')}
${backend('sick', closed, '.probe = { .url = "/"; .interval = 100ms; .timeout = 100ms; .window = 1; .threshold = 1; .initial = 0; }')}
sub vcl_recv {
  set req.backend_hint = refused;
  if (req.url ~ "^/closed") { set req.backend_hint = closed; }
  if (req.url ~ "^/reset") { set req.backend_hint = reset; }
  if (req.url ~ "^/garbage") { set req.backend_hint = garbage; }
  if (req.url ~ "^/slow") { set req.backend_hint = slow; }
  if (req.url ~ "^/big") { set req.backend_hint = big; }
  if (req.url ~ "^/stallbody") { set req.backend_hint = stallbody; }
  if (req.url ~ "^/busy") { set req.backend_hint = busy; }
  if (req.url ~ "^/sick") { set req.backend_hint = sick; }
  return (pass);
}
`);
    for (const path of Object.keys(EXPECTED)) await request(varnish.port, path);
    // Two at once on a backend with max_connections = 1: the second finds it busy.
    await Promise.all([request(varnish.port, '/busy-a'), new Promise((r) => setTimeout(r, 200)).then(() => request(varnish.port, '/busy-b'))]);
    await eventually(async () => (await varnish.varnishlog()).includes('/busy-b'));
    outputs.vxid = await varnish.varnishlog();
    outputs.request = await varnish.varnishlog(['-g', 'request']);
    outputs.raw = await varnish.varnishlog(['-g', 'raw']);
    outputs.ncsa = await varnish.varnishncsa(['-b', '-F', NCSA_FORMAT]);
    outputs.ncsaDefault = await varnish.varnishncsa();
    const dir = await makeTempDir('varnish-logs');
    for (const [name, text] of Object.entries(outputs)) {
      const file = path.join(dir, `${name}.log`);
      await writeFile(file, text);
      parsed[name] = (await readEvents(file)).events;
    }
    await saveFixture('varnish', 'varnishlog', outputs.vxid);
    await saveFixture('varnish', 'varnishncsa', outputs.ncsa);
  });

  after(async () => {
    await varnish?.stop();
    await upstreams?.closeAll();
  });

  for (const [path, cause] of Object.entries(EXPECTED)) {
    test(`${path} → ${cause} (varnishlog, varnishlog -g request, -g raw, varnishncsa -b)`, () => {
      for (const name of ['vxid', 'request', 'raw', 'ncsa']) {
        const events = parsed[name]!;
        const found = name === 'ncsa'
          ? events.filter((e) => e.request?.includes(`${path} `)).map((e) => e.cause)
          : causesFor(events, path);
        assert.deepEqual(found, [cause], `${name}: ${JSON.stringify(events)}`);
      }
    });
  }

  test('a backend at max_connections → overloaded ("busy")', () => {
    assert.deepEqual(causesFor(parsed.vxid!, '/busy-b'), ['overloaded']);
  });

  test('two FetchErrors of one fetch are one event', () => {
    const stall = parsed.vxid!.find((e) => e.request?.includes('/stallbody'));
    assert.match(stall?.message ?? '', /FetchError .*; /);
  });

  test('backend name, client and time are read', () => {
    const refused = parsed.vxid!.find((e) => e.request === 'GET /refused HTTP/1.1');
    assert.equal(refused?.upstream, 'refused');
    assert.match(refused?.client ?? '', /^127\.0\.0\.1:\d+$/);
    assert.ok(refused?.time && Math.abs(Date.parse(refused.time) - Date.now()) < 120_000);
    const grouped = parsed.request!.find((e) => e.request === 'GET /refused HTTP/1.1');
    assert.equal(grouped?.client, refused?.client);
  });

  test('varnishncsa without a FetchError field: 503s are failures of unknown cause', () => {
    const events = parsed.ncsaDefault!;
    assert.ok(events.length >= Object.keys(EXPECTED).length - 1);
    assert.ok(events.every((e) => e.cause === 'unknown' && /VSL:FetchError/.test(e.message)));
  });
});
