// The README's "Try it" block, run as a new user would paste it: the shell block taken from
// README.md as written, in a fresh folder holding the repository's bin/ and a copy of examples/,
// with nothing set in the environment beforehand. Only the three ports (8000, 8080, 9000) are
// swapped for free ones, in the block and in the copied examples alike, so the test cannot
// collide with anything else on the machine.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, makeTempDir } from '../support/process.js';

/** The repository (dist/test/serve → three levels up). */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The first ```sh block after the "### Try it" heading. */
export function walkthroughBlock(readme: string): string {
  const from = readme.indexOf('\n### Try it\n');
  assert.ok(from >= 0, 'README.md has a "### Try it" section');
  const match = /```sh\n([\s\S]*?)```/.exec(readme.slice(from));
  assert.ok(match, 'the section has a sh block');
  return match[1]!;
}

describe('README walkthrough', () => {
  let dir: string;
  before(async () => { dir = await makeTempDir('walkthrough'); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('works when pasted in order: token set first, the receiver gets the alert, nothing is retried', { timeout: 180_000 }, async () => {
    const ports = new Map([['8000', await freePort()], ['8080', await freePort()], ['9000', await freePort()]]);
    const swap = (text: string): string => text.replace(/\b(8000|8080|9000)\b/g, (p) => String(ports.get(p)));
    await symlink(path.join(REPO, 'bin'), path.join(dir, 'bin'));
    await cp(path.join(REPO, 'examples'), path.join(dir, 'examples'), { recursive: true });
    for (const name of await readdir(path.join(dir, 'examples'))) {
      const file = path.join(dir, 'examples', name);
      await writeFile(file, swap(await readFile(file, 'utf8')));
    }
    const block = swap(walkthroughBlock(await readFile(path.join(REPO, 'README.md'), 'utf8')));
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.WHYDOWN_API_TOKEN;

    const shell = spawn('bash', ['-c', block], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    shell.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
    shell.stderr.setEncoding('utf8').on('data', (c: string) => { out += c; });
    try {
      // 'close', not 'exit': the background jobs share the pipes, so this waits for serve's stop too.
      const code = await new Promise<number | null>((resolve) => shell.on('close', resolve));
      assert.equal(code, 0, out);
    } finally {
      try { process.kill(-shell.pid!, 'SIGKILL'); } catch { /* all gone */ }
    }
    assert.match(out, /^delivered to ops-hook \(webhook\): HTTP 204$/m, 'notify test reaches the receiver');
    assert.match(out, /^hook: test local-api \(signature ok\)/m);
    assert.match(out, /"name":"local-site"/, 'GET /api/v1/monitors answers');
    assert.match(out, /^\{"name":"blog","url":"http:\/\/127\.0\.0\.1:\d+\/","status":"unknown","source":"api"/m, 'the POST is accepted with the token');
    assert.doesNotMatch(out, /unauthori[sz]ed|"code":"forbidden"/i);
    assert.match(out, /incident opened: local-site — /);
    assert.match(out, /hook: incident\.opened local-api \(signature ok\): /);
    assert.match(out, /^\{"incidents":\[\{.*"monitor":"local-site"/m, 'the open incidents, quoted URL and all');
    assert.match(out, new RegExp(`^whydown_monitor_up\\{monitor="local-site"\\} 0$`, 'm'));
    assert.doesNotMatch(out, /: retrying/, 'no alert was retried');
    assert.match(out, /SIGTERM: stopping/);
    assert.match(out, /stopped\n/);
  });
});
