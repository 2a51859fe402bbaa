// What is not a log is said in one line (exit 3): an image, a program, random bytes — whatever
// the name, plain or gzipped, on stdin too. A .gz of a log and a real log with a few corrupt
// stretches still read. And a text file with a stray log-like line or two is no server's log:
// "no recognised log lines", not a guess.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import { detectParser } from '../../src/logs/registry.js';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/process.js';
import { FIXTURES } from './helpers.js';

const NGINX = path.join(FIXTURES, 'nginx/proxy.log');

interface Run { code: number | null; stdout: string; stderr: string }

function whydown(args: string[], input?: Buffer): Promise<Run> {
  return runCli(['logs', ...args], { env: { TZ: 'UTC' }, ...(input === undefined ? {} : { input }) });
}

/** A real (valid) PNG image of `size`×`size` grey pixels. */
function png(size: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer): number => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth; colour type 0 (grey)
  const rows = Buffer.concat(Array.from({ length: size }, () => Buffer.concat([Buffer.from([0]), randomBytes(size)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('whydown logs on what is not a log', () => {
  let dir: string;
  let image: string;
  let random: string;
  let nginxRecognised: number;

  before(async () => {
    dir = await makeTempDir('not-a-log');
    image = path.join(dir, 'error.log'); // the name does not make it a log
    await writeFile(image, png(64));
    random = path.join(dir, 'random.log');
    await writeFile(random, randomBytes(300_000));
    nginxRecognised = (JSON.parse((await whydown(['--json', NGINX])).stdout) as { recognised: number }).recognised;
  });

  test('a PNG, /bin/ls, random bytes (plain, gzipped, on stdin, with --server): "not a log", one line, exit 3, nothing on stdout', async () => {
    const gzRandom = path.join(dir, 'random.log.gz');
    await writeFile(gzRandom, gzipSync(randomBytes(100_000)));
    const cases: Array<[string[], Buffer | undefined, RegExp]> = [
      [[image], undefined, /is not a log: a PNG image/],
      [['/bin/ls'], undefined, /^whydown: \/bin\/ls is not a log: an ELF executable$/],
      [[random], undefined, /is not a log: binary data/],
      [['--json', random], undefined, /is not a log: binary data/],
      [['--server', 'nginx', random], undefined, /is not a log: binary data/],
      [[gzRandom], undefined, /is not a log: binary data/],
      [['--ndjson', NGINX, image], undefined, /is not a log: a PNG image/], // checked before any output
      [['-'], await readFile(image), /^whydown: stdin is not a log: a PNG image$/],
      [['-'], Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(await readFile(NGINX, 'utf8'), 'utf16le')]), /stdin is not a log: UTF-16 text \(convert it first: iconv/],
    ];
    for (const [args, input, message] of cases) {
      const run = await whydown(args, input);
      assert.equal(run.code, 3, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '', args.join(' '));
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
      assert.match(run.stderr.trimEnd(), message);
    }
  });

  test('a .gz of a log is a log', async () => {
    const gz = path.join(dir, 'error.log.2.gz');
    await writeFile(gz, gzipSync(await readFile(NGINX)));
    const run = await whydown(['--json', gz]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { recognised: number }).recognised, nginxRecognised);
  });

  test('a real log with corrupt stretches (NULs left by a crash, invalid UTF-8, binary junk) still reads', async () => {
    const lines = (await readFile(NGINX, 'utf8')).split('\n').filter(Boolean);
    const file = path.join(dir, 'crashed.log');
    await writeFile(file, Buffer.concat([
      Buffer.alloc(6000), Buffer.from('\n'), // a NUL-filled block first: more than a tenth of the first bytes
      Buffer.from(`${lines.slice(0, 10).join('\n')}\n`),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe, 0x0a]),
      randomBytes(200).filter((b) => b !== 0x0a), Buffer.from('\n'),
      Buffer.from(`${lines.slice(10).join('\n')}\n`),
    ]));
    const run = await whydown(['--json', file]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { recognised: number; inputs: Array<{ server: string; skipped: { corrupt: number } }> };
    assert.equal(json.inputs[0]!.server, 'nginx');
    assert.equal(json.recognised, nginxRecognised);
    assert.ok(json.inputs[0]!.skipped.corrupt >= 2);
  });
});

describe('detection needs real evidence', () => {
  /** Notes with a stray line of an nginx error log, an access log and varnishncsa among them. */
  const NOTES = [
    '# Incident notes, Saturday',
    'The shop was down from 10:02 to 10:09. First thing we saw in the error log:',
    '2026/11/28 10:02:11 [error] 812#812: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.7, server: shop, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8080/", host: "shop"',
    'and in the access log:',
    '10.0.0.7 - - [28/Nov/2026:10:02:11 +0000] "GET / HTTP/1.1" 502 157 "-" "curl/7.88.1"',
    'Varnish in front said:',
    '10.0.0.7 - - [28/Nov/2026:10:02:11 +0000] "GET http://shop/ HTTP/1.1" 503 0 "-" "curl/7.88.1"',
    ...Array.from({ length: 12 }, (_, i) => `- step ${i + 1}: restarted the app, checked the pool, wrote to the team.`),
    'Conclusion: the app ran out of memory.',
  ];

  test('a few log-like lines in a text file name no server', () => {
    assert.equal(detectParser(NOTES), null);
  });

  test('whydown logs on it: "no recognised log lines", no failures, no access section', async () => {
    const dir = await makeTempDir('notes');
    const file = path.join(dir, 'incident.txt');
    await writeFile(file, `${NOTES.join('\n')}\n`);
    const human = await whydown([file]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /incident\.txt: no recognised log lines/);
    assert.doesNotMatch(human.stdout, /varnish|nginx error log|access log \(/);
    const json = JSON.parse((await whydown(['--json', file])).stdout) as { recognised: number; inputs: Array<{ server: string | null }>; access: unknown };
    assert.deepEqual([json.recognised, json.inputs[0]!.server, json.access], [0, null, null]);
  });

  test('one PHP error that nginx wrote over four lines is nginx\'s log: its continuation lines count', async () => {
    const real = (await readFile(path.join(FIXTURES, 'nginx/fastcgi-php-fpm.log'), 'utf8')).split('\n');
    assert.equal(detectParser(real.slice(8, 12))?.id, 'nginx');
  });

  test('a JSON log of another Go program (zap\'s shape, as Caddy\'s) is not Caddy\'s', () => {
    const zap = Array.from({ length: 40 }, (_, i) => `{"level":"info","ts":1714557600.${i},"caller":"server/main.go:42","msg":"request served","path":"/api/${i}"}`);
    assert.equal(detectParser(zap), null);
    const caddy = [...zap.slice(0, 5), '{"level":"error","ts":1714557601.5,"logger":"http.log.error","msg":"dial tcp 127.0.0.1:9: connect: connection refused"}'];
    assert.equal(detectParser(caddy)?.id, 'caddy');
  });

  test('the same lines many times over are a log: strong evidence', () => {
    const log = Array.from({ length: 30 }, () => NOTES[4]!);
    assert.equal(detectParser(log)?.id, 'access');
    assert.equal(detectParser(Array.from({ length: 30 }, () => NOTES[6]!))?.id, 'varnish');
  });
});
