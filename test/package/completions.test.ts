// The shell completions in completions/: bash's function is run with the words a user typed and
// its answers checked; zsh's is parsed (zsh -n) and driven through a real interactive zsh on a
// pseudo-terminal (zsh/zpty). Both must offer every option the commands' --help lists, every cause
// id of src/core/knowledge and every log format, so they cannot drift from the CLI unnoticed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CAUSE_INFO } from '../../src/core/knowledge/causes.js';
import { SERVER_IDS } from '../../src/logs/types.js';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/process.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const BASH = path.join(ROOT, 'completions', 'whydown.bash');
const ZSH_DIR = path.join(ROOT, 'completions');
const ZSH_TEXT = readFileSync(path.join(ZSH_DIR, '_whydown'), 'utf8');

function exec(command: string, args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** What bash's _whydown offers for `words`, completing the last one. */
async function bashComplete(words: string[], cwd = ROOT): Promise<string[]> {
  const quoted = words.map((w) => `'${w.replaceAll("'", "'\\''")}'`).join(' ');
  const script = `source ${BASH}; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _whydown; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = await exec('bash', ['--norc', '--noprofile', '-c', script], cwd);
  assert.equal(out.stderr, '', `bash said: ${out.stderr}`);
  return out.stdout.split('\n').filter((l) => l !== '');
}

/** The options a command's --help names. */
async function helpOptions(command: string): Promise<string[]> {
  const out = await runCli(command === '' ? ['--help'] : [command, '--help']);
  assert.equal(out.code, 0, out.stderr);
  return [...new Set(out.stdout.match(/--[a-z][a-z-]*/g) ?? [])];
}

const CAUSES = Object.keys(CAUSE_INFO);

describe('bash completion', () => {
  it('completes the commands, and options from their first letters', async () => {
    assert.deepEqual(await bashComplete(['whydown', '']), ['diagnose', 'explain', 'logs', 'serve', 'notify', 'config', 'import', 'agent', 'hash-password']);
    assert.deepEqual(await bashComplete(['whydown', '--js']), ['--json']);
    assert.deepEqual(await bashComplete(['whydown', '--ver']), ['--version']);
    assert.deepEqual(await bashComplete(['whydown', 'serve', '--c']), ['--config', '--concurrency', '--check-threads']);
    assert.deepEqual(await bashComplete(['whydown', 'logs', '--nd']), ['--ndjson']);
  });

  it('a URL in the command place means diagnose: its options follow', async () => {
    assert.deepEqual(await bashComplete(['whydown', 'https://shop.example/', '--dns']), ['--dns-server']);
    assert.deepEqual(await bashComplete(['whydown', 'https://shop.example/', '--timeout', '5', '--re']), ['--resolve', '--report', '--retries']);
  });

  it('completes option values: --format, --server, --db', async () => {
    assert.deepEqual(await bashComplete(['whydown', 'https://x/', '--format', '']), ['json', 'text', 'nagios']);
    assert.deepEqual(await bashComplete(['whydown', 'diagnose', '--format', 'n']), ['nagios']);
    assert.deepEqual(await bashComplete(['whydown', 'logs', '--server', '']), ['auto', ...SERVER_IDS]);
    assert.deepEqual(await bashComplete(['whydown', 'serve', '--db', 'p']), ['postgres://']);
    assert.deepEqual(await bashComplete(['whydown', 'diagnose', '--timeout', '']), [], 'a number: nothing to offer');
  });

  it('explain completes cause ids (and no second code)', async () => {
    assert.deepEqual(await bashComplete(['whydown', 'explain', 'tls-cert-']), ['tls-cert-expired', 'tls-cert-not-yet-valid', 'tls-cert-hostname-mismatch', 'tls-cert-untrusted', 'tls-cert-expiring']);
    assert.ok((await bashComplete(['whydown', 'explain', '50'])).includes('502'));
    assert.deepEqual(await bashComplete(['whydown', 'explain', '502', '']), []);
  });

  it('files for logs and --config; notify test completes the config\'s target names', async () => {
    assert.deepEqual(await bashComplete(['whydown', 'logs', 'examples/whydown.y']), ['examples/whydown.yml']);
    assert.deepEqual(await bashComplete(['whydown', 'serve', '--config', 'examples/whydown.y']), ['examples/whydown.yml']);
    assert.deepEqual(await bashComplete(['whydown', 'notify', '']), ['test']);
    assert.deepEqual(await bashComplete(['whydown', 'notify', '--config', 'examples/whydown.yml', 'test', '']), ['ops-hook']);
    assert.deepEqual(await bashComplete(['whydown', 'notify', '-c', 'test/no-such.yml', 'test', '']), [], 'no config file: no names');
    assert.deepEqual(await bashComplete(['whydown', 'config', '']), ['check']);
    assert.deepEqual(await bashComplete(['whydown', 'config', 'check', 'examples/whydown.y']), ['examples/whydown.yml']);
    assert.deepEqual(await bashComplete(['whydown', 'notify', 'test', ''], path.join(ROOT, 'examples')), ['ops-hook'], './whydown.yml by default');
  });

  it('offers every option of every command\'s --help', async () => {
    for (const command of ['diagnose', 'explain', 'logs', 'serve', 'notify']) {
      const offered = await bashComplete(['whydown', command, '--']);
      const missing = (await helpOptions(command)).filter((o) => !offered.includes(o));
      assert.deepEqual(missing, [], `whydown ${command}: options --help lists but the completion lacks`);
    }
  });

  it('explain offers every cause id of the knowledge base', async () => {
    const offered = await bashComplete(['whydown', 'explain', '']);
    assert.deepEqual(CAUSES.filter((c) => !offered.includes(c)), []);
  });
});

describe('zsh completion', () => {
  let dir = '';
  let driver = '';
  before(async () => {
    dir = await makeTempDir('zsh');
    driver = path.join(dir, 'complete.zsh');
    // Starts an interactive zsh on a pseudo-terminal with _whydown on $fpath, types $1 and TAB
    // twice (the first lists ambiguous matches, the second inserts one), and prints the screen.
    await writeFile(driver, `zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='>'; LISTMAX=1000; fpath=($2 \\$fpath); autoload -Uz compinit; compinit -u -D; print RE''ADY"
zpty -r z out '*READY*'
zpty -w -n z "$1"; sleep 0.3
zpty -w -n z $'\\t'; sleep 0.5
zpty -w -n z $'\\t'; sleep 0.5
out=''
while zpty -r -t z chunk; do out+=$chunk; done
print -r -- "\${out//$'\\r'/}"
zpty -d z
`);
  });
  after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  /** The words zsh showed or inserted, escape sequences removed. */
  async function zshComplete(line: string, cwd = ROOT): Promise<{ words: Set<string>; screen: string }> {
    const out = await exec('zsh', ['-f', driver, line, ZSH_DIR], cwd);
    assert.equal(out.code, 0, out.stderr);
    const screen = out.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ' ').replace(/[\x00-\x08\x0b-\x1f]/g, ' ');
    return { words: new Set(screen.split(/[\s#>=]+/)), screen };
  }

  it('parses (zsh -n)', async () => {
    const out = await exec('zsh', ['-n', path.join(ZSH_DIR, '_whydown')]);
    assert.equal(out.code, 0, out.stderr);
  });

  it('completes commands, options, option values, cause ids and notify targets in a real zsh', async () => {
    const cases: [string, string[], string?][] = [
      ['whydown ', ['diagnose', 'explain', 'logs', 'serve', 'notify', 'config', 'import', 'agent', 'hash-password']],
      ['whydown https://x/ --format=', ['json', 'text', 'nagios']],
      ['whydown logs --server=', ['auto', ...SERVER_IDS]],
      ['whydown explain upstream-', ['upstream-refused', 'upstream-timeout', 'upstream-killed']],
      ['whydown serve --ch', ['--check-threads']],
      ['whydown notify test ', ['ops-hook'], path.join(ROOT, 'examples')],
    ];
    await Promise.all(cases.map(async ([line, expected, cwd]) => {
      const { words, screen } = await zshComplete(line, cwd);
      assert.doesNotMatch(screen, /bad option|command not found: _|parse error/, `${line}: zsh complained:\n${screen}`);
      const missing = expected.filter((w) => !words.has(w));
      assert.deepEqual(missing, [], `${JSON.stringify(line)} offered: ${screen.slice(-600)}`);
    }));
  });

  it('names every option of every command\'s --help, every cause id and every log format', async () => {
    const options = new Set<string>();
    for (const command of ['diagnose', 'explain', 'logs', 'serve', 'notify']) for (const o of await helpOptions(command)) options.add(o);
    const words = new Set(ZSH_TEXT.split(/[^A-Za-z0-9-]+/).filter(Boolean));
    assert.deepEqual([...options].filter((o) => !words.has(o)), [], 'options');
    assert.deepEqual(CAUSES.filter((c) => !words.has(c)), [], 'cause ids');
    assert.deepEqual(SERVER_IDS.filter((s) => !words.has(s)), [], 'log formats');
  });
});
