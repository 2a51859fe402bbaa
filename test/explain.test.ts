import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { run } from '../src/cli/explain-command.js';
import { isWhydownError } from '../src/core/errors.js';
import { explain } from '../src/core/explain/index.js';
import { CAUSE_INFO, describeCause } from '../src/core/knowledge/causes.js';
import { CAUSES, HOPS, type Cause } from '../src/core/model.js';

const IANA = [
  100, 101, 102, 103,
  200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
  300, 301, 302, 303, 304, 305, 306, 307, 308,
  ...range(400, 418), 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  ...range(500, 508), 510, 511,
];

const VENDOR = [
  '520', '521', '522', '523', '524', '525', '526', '527', '530', '1015', '1020',
  '444', '494', '495', '496', '497', '498', '499',
  '460', '463', '464', '561',
  ...range(10, 28).map((n) => `H${n}`), 'H80', 'H81', 'H82', 'H99', 'R10', 'R14', 'R15',
  'UF', 'UH', 'UT', 'URX', 'UO', 'NR', 'UC', 'UR', 'LH', 'DC', 'RL', 'UAEX', 'UPE', 'NC',
  'SH--', 'sH', 'SC--', 'cD--', 'SC', 'sC', 'SH', 'SD', 'sD', 'sQ', 'PH', 'CD', 'cD', 'CH', 'CR',
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function causesOf(code: string, kind?: string, vendor?: string): Cause[] {
  const found = explain(code).filter((e) => (kind === undefined || e.kind === kind) && (vendor === undefined || e.vendor === vendor));
  assert.ok(found.length > 0, `no ${kind ?? ''} ${vendor ?? ''} explanation for ${code}`);
  return found.flatMap((e) => e.whydownCauses);
}

describe('CAUSE_INFO', () => {
  it('has an entry with a title, a meaning and at least 2 fixes for every cause', () => {
    for (const cause of CAUSES) {
      const info = CAUSE_INFO[cause];
      assert.equal(info.cause, cause);
      assert.ok(HOPS.includes(info.hop), `${cause}: hop ${info.hop}`);
      assert.ok(info.title.length > 0 && info.meaning.length > 0, cause);
      assert.ok(info.fixes.length >= 2 && info.fixes.length <= 4, `${cause}: ${info.fixes.length} fixes`);
      assert.deepEqual(describeCause(cause), info);
    }
    assert.equal(Object.keys(CAUSE_INFO).length, CAUSES.length);
  });

  it('README\'s cause list names every cause id a verdict or a check can give', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const paragraph = readme.slice(readme.indexOf('Causes reached from evidence'), readme.indexOf('contract.md', readme.indexOf('Causes reached from evidence')));
    const missing = CAUSES.filter((cause) => cause !== 'unknown' && !paragraph.includes(`\`${cause}\``));
    assert.deepEqual(missing, []);
  });

  it('uses the contract\'s usual hops', () => {
    assert.equal(CAUSE_INFO['upstream-refused'].hop, 'origin');
    assert.equal(CAUSE_INFO['response-timeout'].hop, 'origin');
    assert.equal(CAUSE_INFO['upstream-header-too-big'].hop, 'gateway');
    assert.equal(CAUSE_INFO['rate-limited'].hop, 'waf');
    assert.equal(CAUSE_INFO['cached-error'].hop, 'cdn');
    assert.equal(CAUSE_INFO['ok'].hop, 'none');
  });
});

describe('explain()', () => {
  it('resolves every IANA status code', () => {
    for (const status of IANA) {
      const found = explain(String(status));
      assert.equal(found[0]?.kind, 'http-status', `${status}`);
      assert.equal(found[0]?.code, String(status));
      assert.ok(found[0]!.name.length > 0 && found[0]!.meaning.length > 0, `${status}`);
    }
  });

  it('gives every 4xx/5xx status causes and fixes (except the unused/obsolete ones)', () => {
    for (const status of IANA.filter((s) => s >= 400 && s !== 418 && s !== 424 && s !== 510)) {
      const entry = explain(String(status))[0]!;
      assert.ok(entry.fixes.length > 0, `${status} has no fixes`);
    }
  });

  it('resolves every vendor code in the brief', () => {
    for (const code of VENDOR) {
      const found = explain(code).filter((e) => e.kind === 'vendor');
      assert.ok(found.length > 0, `vendor code ${code} not found`);
      for (const entry of found) {
        assert.ok(entry.vendor, code);
        assert.ok(entry.meaning.length > 0, code);
      }
    }
  });

  it('maps the common codes to the right whydown causes', () => {
    assert.deepEqual(causesOf('SH--', 'vendor', 'HAProxy'), ['upstream-closed']);
    assert.deepEqual(causesOf('sH', 'vendor', 'HAProxy'), ['upstream-timeout']);
    assert.deepEqual(causesOf('SC', 'vendor', 'HAProxy'), ['upstream-refused']);
    assert.deepEqual(causesOf('PH', 'vendor', 'HAProxy'), ['upstream-invalid-response']);
    assert.deepEqual(causesOf('UF', 'vendor', 'Envoy'), ['upstream-refused']);
    assert.deepEqual(causesOf('H12', 'vendor', 'Heroku'), ['upstream-timeout']);
    assert.deepEqual(causesOf('h12', 'vendor', 'Heroku'), ['upstream-timeout']);
    assert.deepEqual(causesOf('522', 'vendor', 'Cloudflare'), ['connect-timeout']);
    assert.deepEqual(causesOf('521', 'vendor', 'Cloudflare'), ['connect-refused']);
    assert.deepEqual(causesOf('524', 'vendor', 'Cloudflare'), ['upstream-timeout']);
    assert.deepEqual(causesOf('525', 'vendor', 'Cloudflare'), ['upstream-tls-failed']);
    assert.deepEqual(causesOf('526', 'vendor', 'Cloudflare'), ['upstream-tls-failed']);
    assert.deepEqual(causesOf('upstream-refused', 'cause'), ['upstream-refused']);
    assert.deepEqual(causesOf('504', 'http-status'), ['upstream-timeout']);
  });

  it('answers a HAProxy termination state exactly as written: its case is part of the code', () => {
    assert.deepEqual(explain('SH--').map((e) => e.code), ['SH--']);
    assert.deepEqual(explain('sH--').map((e) => e.code), ['sH--']);
    assert.deepEqual(explain('sH--')[0]?.whydownCauses, ['upstream-timeout']);
    assert.deepEqual(explain('SH--')[0]?.whydownCauses, ['upstream-closed']);
    assert.doesNotMatch(explain('SH--')[0]?.note ?? '', /not a HAProxy code as written/);
    const cd = explain('cD--')[0]!;
    assert.equal(cd.vendor, 'HAProxy');
    assert.match(cd.meaning, /client-side timeout/);
  });

  it('offers every HAProxy state an input matches only when its case is ignored, and says so', () => {
    const found = explain('sh--');
    // `sh--` is neither `sH--` (a server timeout) nor `SH--` (a server abort): both, not one picked.
    assert.deepEqual(found.map((e) => e.code), ['sH--', 'SH--']);
    for (const entry of found) {
      assert.match(entry.note ?? '', /`sh--` is not a HAProxy code as written/);
      assert.match(entry.note ?? '', /did you mean `sH--` \(server timeout before response headers\) or `SH--` \(server aborted before sending full response headers\)\?/);
    }
    assert.deepEqual(explain('sc').map((e) => e.code), ['sC', 'SC']);
    assert.deepEqual(explain('cd--').map((e) => e.code), ['cD--', 'CD--']);
    // Only one case is a code: still said, as a question.
    const ph = explain('ph--');
    assert.deepEqual(ph.map((e) => e.code), ['PH--']);
    assert.match(ph[0]?.note ?? '', /did you mean `PH--` \(proxy blocked an invalid server response\)\?/);
  });

  it('explains a cause id from CAUSE_INFO, case-insensitively', () => {
    const [entry] = explain('  Upstream-Refused ');
    assert.equal(entry?.kind, 'cause');
    assert.equal(entry?.name, CAUSE_INFO['upstream-refused'].title);
    assert.deepEqual(entry?.fixes, CAUSE_INFO['upstream-refused'].fixes);
    assert.equal(entry?.hop, 'origin');
    assert.ok(entry?.relatedCodes?.includes('UF (Envoy)'));
  });

  it('lists the IANA status first, then vendors, when a number clashes', () => {
    const found = explain('499');
    assert.equal(found[0]?.vendor, 'nginx');
    assert.equal(found.length, 1); // 499 is not in the IANA registry
    const withVendors = explain('503');
    assert.equal(withVendors[0]?.kind, 'http-status');
    const envoyAndHaproxy = explain('LH');
    assert.deepEqual(envoyAndHaproxy.map((e) => e.vendor), ['Envoy', 'HAProxy']);
    assert.ok(explain('522')[0]?.note?.includes('Not an IANA'));
  });

  it('accepts Envoy long names', () => {
    assert.equal(explain('NoHealthyUpstream')[0]?.code, 'UH');
  });

  it('returns [] for an unknown code', () => {
    for (const code of ['999', 'XYZ', '', '   ', 'H1', 'S', 'SHX-', 'upstream']) {
      assert.deepEqual(explain(code), [], code);
    }
  });
});

describe('run()', () => {
  async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const write = { out: process.stdout.write, err: process.stderr.write };
    process.stdout.write = ((chunk: string) => { out += chunk; return true; }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => { err += chunk; return true; }) as typeof process.stderr.write;
    try {
      return { code: await run(args), out, err };
    } finally {
      process.stdout.write = write.out;
      process.stderr.write = write.err;
    }
  }

  it('prints JSON with --json', async () => {
    const result = await capture(['--json', 'H12']);
    assert.equal(result.code, 0);
    const parsed = JSON.parse(result.out) as { code: string; explanations: { vendor?: string }[] };
    assert.equal(parsed.code, 'H12');
    assert.equal(parsed.explanations[0]?.vendor, 'Heroku');
  });

  it('throws E_USAGE without a code, with two codes, or an unknown option', async () => {
    for (const args of [[], ['502', '503'], ['--nope', '502']]) {
      await assert.rejects(capture(args), (error) => isWhydownError(error) && error.code === 'E_USAGE');
    }
  });
});

const bin = fileURLToPath(new URL('../../bin/whydown.js', import.meta.url));

describe('whydown explain (end to end)', { skip: !existsSync(bin) && 'bin/whydown.js not present' }, () => {
  it('explains 522 and mentions Cloudflare', () => {
    const result = spawnSync(process.execPath, [bin, 'explain', '522'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Cloudflare/);
    assert.equal(result.stderr, '');
  });

  it('explains unexpected-response, the monitor\'s cause for an answer it does not expect', () => {
    const result = spawnSync(process.execPath, [bin, 'explain', 'unexpected-response'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^unexpected-response {2}The answer is not what the monitor expects/);
    assert.match(result.stdout, /JSON value that differs/);
  });

  it('explains sh-- with both HAProxy codes it could be, saying it is neither as written', () => {
    const result = spawnSync(process.execPath, [bin, 'explain', 'sh--'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^sH-- {2}Server timeout before response headers/m);
    assert.match(result.stdout, /^SH-- {2}Server aborted before sending full response headers/m);
    assert.match(result.stdout, /`sh--` is not a HAProxy code as written/);
  });

  it('exits 3 with one line on stderr and nothing on stdout for an unknown code', () => {
    const result = spawnSync(process.execPath, [bin, 'explain', '999'], { encoding: 'utf8' });
    assert.equal(result.status, 3);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trimEnd().split('\n').length, 1);
    assert.match(result.stderr, /^whydown: unknown code "999"/);
  });

  it('exits 3 with a one-line usage error when the code is missing', () => {
    const result = spawnSync(process.execPath, [bin, 'explain'], { encoding: 'utf8' });
    assert.equal(result.status, 3);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trimEnd().split('\n').length, 1);
  });
});
