// Typos are usage errors, not diagnoses: `whydown explian 502` must not go looking for
// https://explian/. And every usage error is one line on stderr, exit 3, with its quotes closed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikeTarget, suggest } from '../../src/cli/command-word.js';
import { editDistance } from '../../src/core/render/text.js';
import { runCli } from '../support/cli.js';

function assertOneLineUsageError(run: { code: number; stdout: string; stderr: string }): void {
  assert.equal(run.code, 3, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, /^whydown: /);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
}

describe('unknown commands', () => {
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /^whydown: unknown command `frobnicate` \(see whydown --help; to diagnose a host without a dot, write its URL: http:\/\/frobnicate\/\)\n$/],
    [['version'], /^whydown: unknown command `version`; did you mean `--version`\?\n$/],
    [['explian', '502'], /^whydown: unknown command `explian`; did you mean `explain`\?\n$/],
    [['diagnoes', 'https://a.test/'], /did you mean `diagnose`\?/],
    [['serv'], /did you mean `serve`\?/],
    [['hlep'], /did you mean `help`\?/],
    [['502'], /^whydown: unknown command `502`; did you mean `whydown explain 502`\?\n$/],
    [['--json', 'frobnicate'], /unknown command `frobnicate`/],
  ];
  for (const [args, message] of cases) {
    it(`whydown ${args.join(' ')}`, async () => {
      const run = await runCli(args);
      assertOneLineUsageError(run);
      assert.match(run.stderr, message);
    });
  }

  it('a host with a port, localhost or an IP is still diagnosed', async () => {
    // Port 1 on loopback: nothing listens, so the verdict comes at once.
    for (const target of ['localhost:1', '127.0.0.1:1']) {
      const run = await runCli([target, '--retries', '1', '--json']);
      assert.equal(run.code, 2, run.stderr);
      assert.equal((JSON.parse(run.stdout) as { verdict: { cause: string } }).verdict.cause, 'connect-refused');
    }
  });
});

describe('telling a command from a host', () => {
  it('looksLikeTarget', () => {
    for (const yes of ['example.com', 'localhost', 'LOCALHOST', 'localhost:8000', 'intranet:80', '10.0.0.1', '::1', '[::1]:8080', 'https://x/', 'a.b']) {
      assert.equal(looksLikeTarget(yes), true, yes);
    }
    for (const no of ['frobnicate', 'version', 'explian', 'intranet']) assert.equal(looksLikeTarget(no), false, no);
  });

  it('suggest: near misses only', () => {
    assert.equal(suggest('explian'), 'explain');
    assert.equal(suggest('expalin'), 'explain');
    assert.equal(suggest('version'), '--version');
    assert.equal(suggest('VERSION'), '--version');
    assert.equal(suggest('log'), 'logs');
    assert.equal(suggest('notfiy'), 'notify');
    assert.equal(suggest('confg'), 'config');
    assert.equal(suggest('frobnicate'), null);
    assert.equal(suggest('ab'), null);
  });

  it('editDistance counts a swap of neighbours as one edit', () => {
    assert.equal(editDistance('explian', 'explain'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });
});

describe('versions and usage errors', () => {
  for (const flag of ['--version', '-V', '-v']) {
    it(`${flag} prints the version`, async () => {
      const run = await runCli([flag]);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
    });
  }

  // Every kind of usage error each command can make: one line, exit 3, quotes and backticks
  // closed (Node's own parseArgs text left one open: `as in '-- "--x"`).
  const errors: string[][] = [
    [],
    ['http://a.test/', '--frobnicate'],
    ['http://a.test/', '-x'],
    ['http://a.test/', '--timeout'],
    ['http://a.test/', '--json=yes'],
    ['http://a.test/', '--format', 'xml'],
    ['http://a.test/', '--json', '--format', 'nagios'],
    ['http://a.test/', 'http://b.test/'],
    ['explain', '--frobnicate'],
    ['explain'],
    ['explain', '502', '503'],
    ['logs', '--frobnicate'],
    ['logs'],
    ['logs', 'a.log', '--server', 'iis'],
    ['logs', 'a.log', '--json', '--ndjson'],
    ['serve', '--frobnicate'],
    ['serve', 'extra'],
    ['serve', '--concurrency', 'lots'],
    ['notify', '--frobnicate'],
    ['notify', 'send'],
    ['notify', 'test', 'pager', '--timeout', 'soon'],
    ['config'],
    ['config', 'lint', 'x.yml'],
    ['config', 'check'],
    ['config', 'check', '--frobnicate'],
  ];
  for (const args of errors) {
    it(`whydown ${args.join(' ')}`, async () => {
      const run = await runCli(args);
      assertOneLineUsageError(run);
      const line = run.stderr.trim();
      assert.equal((line.match(/`/g) ?? []).length % 2, 0, `backticks unbalanced: ${line}`);
      assert.equal((line.match(/"/g) ?? []).length % 2, 0, `double quotes unbalanced: ${line}`);
      // Single quotes double as apostrophes ("config's"); count only those that open a quotation.
      assert.equal((line.match(/(^|[\s(])'/g) ?? []).length, (line.match(/'($|[\s),;.:])/g) ?? []).length, `single quotes unbalanced: ${line}`);
    });
  }

  it('an unknown option gets a suggestion when it is a near miss', async () => {
    const run = await runCli(['http://a.test/', '--timeot', '3']);
    assertOneLineUsageError(run);
    assert.match(run.stderr, /unknown option `--timeot`; did you mean `--timeout`\?/);
  });
});
