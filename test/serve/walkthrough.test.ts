// The README's "Try it" block, run as a new user would paste it: the shell block taken from
// README.md as written, in a fresh folder holding the repository's bin/ and a copy of examples/,
// with nothing set in the environment beforehand. It is pasted into bash (`bash -c`) and into an
// interactive zsh without rc files (stdin, as a paste; such a zsh passes `# …` to the commands
// and reads an unquoted `?`), both at once. Only the three ports (8000, 8080, 9000) are swapped
// for free ones, in the block and in the copied examples alike, so nothing else on the machine
// is in the way.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, makeTempDir } from '../support/process.js';

/** The repository (dist/test/serve → three levels up). */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The first ```sh block after the "### Try it" heading. */
function walkthroughBlock(readme: string): string {
  const from = readme.indexOf('\n### Try it\n');
  assert.ok(from >= 0, 'README.md has a "### Try it" section');
  const match = /```sh\n([\s\S]*?)```/.exec(readme.slice(from));
  assert.ok(match, 'the section has a sh block');
  return match[1]!;
}

type Shell = 'bash' | 'zsh';

/** Runs the block in a folder of its own; resolves with everything printed (stdout and stderr). */
async function paste(shell: Shell, root: string, block: string): Promise<{ code: number | null; out: string }> {
  const dir = path.join(root, shell);
  await mkdir(dir);
  const ports = new Map([['8000', await freePort()], ['8080', await freePort()], ['9000', await freePort()]]);
  const swap = (text: string): string => text.replace(/\b(8000|8080|9000)\b/g, (p) => String(ports.get(p)));
  // The example's recurring maintenance windows (a nightly one at 02:30 Berlin) hold alerts back
  // while they are open, so a run at that hour would see no alert: the copy moves them 12 hours
  // away from now. A person pasting the block then sees the log say the alert was held back.
  const farHour = (new Date().getUTCHours() + 12) % 24;
  const noWindowNow = (text: string): string => text.replace(/cron: "[^"]*"/g, `cron: "0 ${farHour} * * *"`);
  await symlink(path.join(REPO, 'bin'), path.join(dir, 'bin'));
  await cp(path.join(REPO, 'examples'), path.join(dir, 'examples'), { recursive: true });
  for (const name of await readdir(path.join(dir, 'examples'))) {
    const file = path.join(dir, 'examples', name);
    await writeFile(file, noWindowNow(swap(await readFile(file, 'utf8'))));
  }
  // Empty prompts: zsh's PS1 and PS2 would stand in front of the output lines.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PS1: '', PS2: '', PROMPT_EOL_MARK: '' };
  delete env.WHYDOWN_API_TOKEN;
  const child = shell === 'bash'
    ? spawn('bash', ['-c', swap(block)], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('zsh', ['-f', '-i'], { cwd: dir, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  if (shell === 'zsh') child.stdin!.end(swap(block));
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => { out += c; });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => { out += c; });
  try {
    // 'close', not 'exit': the background jobs share the pipes, so this waits for serve's stop too.
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, out: out.replace(/\r/g, '') }; // zsh's line editor redraws with carriage returns
  } finally {
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* all gone */ }
  }
}

describe('README walkthrough', () => {
  let root: string;
  before(async () => { root = await makeTempDir('walkthrough'); });
  after(async () => { await rm(root, { recursive: true, force: true }); });

  it('works pasted into bash and into zsh: token set first, the receiver gets the alert, nothing is retried', { timeout: 240_000 }, async () => {
    const block = walkthroughBlock(await readFile(path.join(REPO, 'README.md'), 'utf8'));
    assert.doesNotMatch(block, /(^|\s)#/, 'no comments: an interactive zsh passes them to the commands');
    const runs = await Promise.all((['bash', 'zsh'] as const).map(async (shell) => ({ shell, ...(await paste(shell, root, block)) })));
    for (const { shell, code, out } of runs) {
      const where = `${shell}:\n${out}`;
      assert.equal(code, 0, where);
      assert.doesNotMatch(out, /command not found|not valid in this context|no matches found|invalid time interval|usage:/i, where);
      assert.match(out, /^delivered to ops-hook \(webhook\): HTTP 204$/m, `notify test reaches the receiver — ${where}`);
      assert.match(out, /^hook: test local-api \(signature ok\)/m, where);
      assert.match(out, /"name":"local-site"/, `GET /api/v1/monitors answers — ${where}`);
      assert.match(out, /^\{"name":"blog","url":"http:\/\/127\.0\.0\.1:\d+\/","status":"unknown","source":"api"/m, `the POST is accepted with the token — ${where}`);
      assert.doesNotMatch(out, /"code":"unauthorized"/, where);
      assert.match(out, /incident opened: local-site — /, where);
      assert.match(out, /^hook: incident\.opened local-api \(signature ok\): local-api is down since /m, where);
      assert.match(out, /^\{"incidents":\[\{.*"monitor":"local-site"/m, `the open incidents, through the quoted URL — ${where}`);
      assert.match(out, /^whydown_monitor_up\{monitor="local-site"\} 0$/m, where);
      assert.doesNotMatch(out, /: retrying/, `no alert was retried — ${where}`);
      assert.match(out, /SIGTERM: stopping/, where);
      assert.match(out, / stopped$/m, where);
    }
  });
});
