// SLOW (about 1 minute, most of it compiling better-sqlite3): the package as a user gets it.
// `npm pack` → `npm install -g` of the tarball into a temporary prefix → the installed `whydown`
// answers --version, explains 502, diagnoses a local server and starts `serve` on SQLite (which
// proves the native driver was built for this Node). Dependencies come from the npm cache or the
// npm registry (`--prefer-offline`); nothing else is fetched (better-sqlite3 compiles against the
// local Node headers when its prebuilt binary cannot be downloaded). The prefix is removed after.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { delay, freePort, makeTempDir } from '../support/process.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Run { code: number; stdout: string; stderr: string }

// better-sqlite3 compiles when its prebuilt binary cannot be downloaded; node-gyp would then
// download Node's headers too, unless told where Debian's nodejs package put them.
const NODEDIR = !process.env.npm_config_nodedir && existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};

function run(command: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false', ...NODEDIR },
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 16 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

interface PackedFile { path: string }

describe('the npm package (slow: npm pack + npm install -g, ~1 min)', { timeout: 280_000 }, () => {
  let dir = '';
  let tarball = '';
  let files: string[] = [];
  let whydown = '';

  before(async () => {
    dir = await makeTempDir('package');
    // --ignore-scripts: the test run has just built dist/; `prepare` would rebuild it under the
    // feet of tests running beside this one.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir]);
    assert.equal(packed.code, 0, `npm pack failed: ${packed.stderr}`);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: PackedFile[] }[];
    tarball = path.join(dir, info!.filename);
    files = info!.files.map((f) => f.path);
    const prefix = path.join(dir, 'prefix');
    const installed = await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: dir, timeoutMs: 240_000 });
    assert.equal(installed.code, 0, `npm install -g failed:\n${installed.stderr.slice(-3000)}`);
    whydown = path.join(prefix, 'bin', 'whydown');
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the tarball holds the built CLI, the completions and the examples, and no sources or tests', () => {
    for (const needed of ['bin/whydown.js', 'dist/bundle/main.js', 'dist/bundle/check-worker.js', 'dist/bundle/config-worker.js',
      'completions/whydown.bash', 'completions/_whydown', 'examples/whydown.service', 'examples/nginx-whydown.conf',
      'examples/whydown.yml', 'package.json', 'README.md']) {
      assert.ok(files.includes(needed), `${needed} is in the package`);
    }
    const stray = files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('dist/test/') || f.startsWith('node_modules/') || f.endsWith('.tsbuildinfo'));
    assert.deepEqual(stray, [], 'no TypeScript sources, tests or build state');
  });

  it('package.json ships future web assets too (dist/web/ or assets/)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[]; bin: Record<string, string> };
    assert.ok(pkg.files.includes('dist/web') && pkg.files.includes('assets'), `files: ${pkg.files.join(', ')}`);
    assert.deepEqual(pkg.bin, { whydown: 'bin/whydown.js' });
  });

  it('the installed whydown prints its version', async () => {
    const out = await run(whydown, ['--version']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), VERSION);
  });

  it('the installed whydown explains 502', async () => {
    const out = await run(whydown, ['explain', '502']);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^502 {2}Bad Gateway/);
  });

  it('the installed whydown diagnoses a local server: up, and a closed port: connect-refused', async () => {
    const server = http.createServer((_req, res) => res.end('<h1>hello</h1>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const up = await run(whydown, ['--json', '--retries', '1', '--timeout', '5', `http://127.0.0.1:${port}/`]);
      assert.equal(up.code, 0, up.stderr);
      assert.equal((JSON.parse(up.stdout) as { verdict: { cause: string } }).verdict.cause, 'ok');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const down = await run(whydown, ['--json', '--retries', '1', '--timeout', '5', `http://127.0.0.1:${port}/`]);
    assert.equal(down.code, 2, down.stderr);
    assert.equal((JSON.parse(down.stdout) as { verdict: { cause: string } }).verdict.cause, 'connect-refused');
  });

  it('the installed whydown serve starts on SQLite (the native driver was built) and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(whydown, ['serve', '--db', `sqlite:${path.join(dir, 'whydown.db')}`, '--listen', `127.0.0.1:${port}`], {
      cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { log += chunk; });
    const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    try {
      let healthy = false;
      for (let i = 0; i < 150 && !healthy && child.exitCode === null; i++) {
        try {
          healthy = (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
        } catch {
          await delay(100);
        }
      }
      assert.ok(healthy, `serve answered /healthz; its log:\n${log}`);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, `serve stopped cleanly; its log:\n${log}`);
  });
});
