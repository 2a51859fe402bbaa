// Line numbers count from the start of the file, as an editor or `sed -n 19p` shows them: in the
// evidence of `diagnose --log` (which reads only what the server wrote during the run) and in
// `whydown logs --ndjson`, for plain files, .gz files, stdin and pipes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { appendFile, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readAppended } from '../../src/logs/appended.js';
import { markLog } from '../../src/logs/mark.js';
import { runCli } from '../support/cli.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort, makeTempDir } from '../support/process.js';
import { FIXTURES } from './helpers.js';
import { eventually, request } from './upstreams.js';

interface Event { line: number; request: string | null; message: string; kind?: string }

async function fileLines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n');
}

describe('line numbers from a real nginx error log', () => {
  let nginx: Nginx;
  let earlier = 0;

  before(async () => {
    const dead = await deadPort();
    const scratch = await makeTempDir('nginx-lines');
    nginx = await startNginx(`
    location /refused { proxy_pass http://127.0.0.1:${dead}; }
    location /missing { root ${scratch}/html; }
`);
    // Earlier lines: one "open() … failed" error per missing file, after nginx's start-up notices.
    for (let i = 0; i < 18; i++) await request(nginx.port, `/missing/page-${i}.html`);
    await eventually(async () => (await fileLines(nginx.errorLog)).filter((l) => l.includes('page-17.html')).length > 0);
    earlier = (await fileLines(nginx.errorLog)).filter(Boolean).length;
  });

  after(async () => {
    await nginx?.stop();
  });

  test('diagnose --log: the evidence quotes the line where the file has it', async () => {
    assert.ok(earlier >= 18, `${earlier} earlier lines`);
    const run = await runCli([`http://127.0.0.1:${nginx.port}/refused`, '--log', nginx.errorLog, '--json', '--retries', '2', '--timeout', '5']);
    assert.equal(run.code, 2, run.stderr);
    const report = JSON.parse(run.stdout) as { verdict: { cause: string }; steps: Array<{ id: string; detail: string; evidence: { ours: Event[] } }> };
    assert.equal(report.verdict.cause, 'upstream-refused');
    const logs = report.steps.find((step) => step.id === 'logs')!;
    assert.ok(logs.evidence.ours.length >= 2, logs.detail);
    const lines = await fileLines(nginx.errorLog);
    for (const event of logs.evidence.ours) {
      assert.ok(event.line > earlier, `line ${event.line} comes after the ${earlier} earlier lines`);
      // The line at that number is the one quoted: it names this run's request.
      assert.ok(lines[event.line - 1]?.includes(event.request!), `line ${event.line}: ${lines[event.line - 1]} — expected ${event.request}`);
    }
    assert.match(logs.detail, new RegExp(`\\(line ${logs.evidence.ours[0]!.line}\\)`));
  });

  test('whydown logs --ndjson: the same numbers for the file, its .gz, and stdin (plain and gzip)', async () => {
    const text = await readFile(nginx.errorLog);
    const lines = text.toString('utf8').split('\n');
    const dir = await makeTempDir('nginx-lines-gz');
    const gz = path.join(dir, 'error.log.1.gz');
    await writeFile(gz, gzipSync(text));
    const plain = await runCli(['logs', '--ndjson', nginx.errorLog]);
    assert.equal(plain.code, 0, plain.stderr);
    const events = plain.stdout.trim().split('\n').map((line) => JSON.parse(line) as Event);
    assert.ok(events.length >= 2);
    for (const event of events) assert.ok(lines[event.line - 1]?.includes(event.request!), `line ${event.line}`);
    const numbers = events.map((e) => e.line);
    for (const [args, input] of [[['logs', '--ndjson', gz], undefined], [['logs', '--ndjson', '-'], text], [['logs', '--ndjson', '-'], gzipSync(text)]] as const) {
      const run = await runCliBytes([...args], input);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as Event).line), numbers, args.join(' '));
    }
    // A named pipe, as `whydown logs <(zcat error.log.2.gz)` gives: read in order, gzip or not.
    for (const bytes of [text, gzipSync(text)]) {
      const fifo = path.join(dir, `pipe-${bytes === text ? 'plain' : 'gz'}`);
      execFileSync('mkfifo', [fifo]);
      const writer = new Promise<void>((resolve, reject) => createWriteStream(fifo).on('error', reject).end(bytes, resolve));
      const [run] = await Promise.all([runCliBytes(['logs', '--ndjson', fifo], undefined), writer]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as Event).line), numbers, fifo);
    }
  });
});

/** runCli with bytes on stdin (gzip is not text). */
async function runCliBytes(args: string[], input: Buffer | undefined): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { runCli } = await import('../support/cli.js');
  return runCli(args, input === undefined ? {} : { input });
}

describe('reading what was appended since a mark (diagnose --log)', () => {
  let lines: string[];
  let dir: string;

  before(async () => {
    // Real nginx error lines, each an upstream failure.
    lines = (await readFile(path.join(FIXTURES, 'nginx/proxy.log'), 'utf8')).split('\n').filter((l) => l.includes('upstream:') && !l.includes('\\n'));
    dir = await makeTempDir('appended');
  });

  test('lines appended after the mark keep their numbers in the file', async () => {
    const file = path.join(dir, 'grow.log');
    await writeFile(file, `${lines.slice(0, 20).join('\n')}\n`);
    const mark = await markLog(file);
    await appendFile(file, `${lines[0]}\n${lines[1]}\n`);
    const read = await readAppended(mark);
    assert.deepEqual(read.events.map((e) => e.line), [21, 22]);
    assert.equal(read.firstLine, 21);
    assert.deepEqual(read.notes, []);
  });

  test('a line half-written at the mark is skipped; the next is numbered right', async () => {
    const file = path.join(dir, 'partial.log');
    await writeFile(file, `${lines.slice(0, 5).join('\n')}\n${lines[5]!.slice(0, 30)}`);
    const mark = await markLog(file);
    await appendFile(file, `${lines[5]!.slice(30)}\n${lines[6]}\n`);
    const read = await readAppended(mark);
    assert.deepEqual(read.events.map((e) => e.line), [7]);
  });

  test('a PHP error over several lines, alone in what was appended, is still read as nginx\'s', async () => {
    // nginx writes php-fpm's stderr as it came, newlines included: one entry, four lines.
    const real = (await readFile(path.join(FIXTURES, 'nginx/fastcgi-php-fpm.log'), 'utf8')).split('\n');
    const file = path.join(dir, 'php.log');
    await writeFile(file, `${real.slice(0, 8).join('\n')}\n`);
    const mark = await markLog(file);
    await appendFile(file, `${real.slice(8, 12).join('\n')}\n`);
    const read = await readAppended(mark);
    assert.equal(read.stats.server, 'nginx');
    assert.deepEqual(read.events.map((e) => [e.line, e.cause]), [[9, 'app-error']]);
    assert.equal(read.events[0]!.request, 'GET /fatal.php HTTP/1.1');
  });

  test('a file rotated or truncated meanwhile is read from its start, from line 1, and says so', async () => {
    const rotated = path.join(dir, 'rotated.log');
    await writeFile(rotated, `${lines.slice(0, 10).join('\n')}\n`);
    const mark = await markLog(rotated);
    await rename(rotated, `${rotated}.1`);
    await writeFile(rotated, `${lines[0]}\n${lines[1]}\n`);
    const read = await readAppended(mark);
    assert.deepEqual(read.events.map((e) => e.line), [1, 2]);
    assert.match(read.notes.join(), /rotated meanwhile: read from its start/);

    const truncated = path.join(dir, 'truncated.log');
    await writeFile(truncated, `${lines.slice(0, 10).join('\n')}\n`);
    const mark2 = await markLog(truncated);
    await truncate(truncated, 0);
    await appendFile(truncated, `${lines[2]}\n`);
    const read2 = await readAppended(mark2);
    assert.deepEqual(read2.events.map((e) => e.line), [1]);
    assert.match(read2.notes.join(), /truncated meanwhile/);
  });

  test('more than 16 MiB appended: the newest 16 MiB are read, still numbered from the start of the file', async () => {
    const file = path.join(dir, 'flood.log');
    await writeFile(file, `${lines.slice(0, 3).join('\n')}\n`);
    const mark = await markLog(file);
    const block = `${lines.join('\n')}\n`;
    const copies = Math.ceil((17 * 1024 * 1024) / block.length);
    await appendFile(file, block.repeat(copies));
    const total = 3 + copies * lines.length;
    const read = await readAppended(mark);
    assert.match(read.notes.join(), /read its last 16 MiB/);
    assert.equal(read.events.at(-1)!.line, total);
    const text = await fileLines(file);
    for (const event of [read.events[0]!, read.events.at(-1)!]) assert.ok(text[event.line - 1]!.includes(event.request!), `line ${event.line}`);
  });
});
