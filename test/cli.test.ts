// Bad input gets one line on stderr and exit 3, never a stack trace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './support/cli.js';

describe('CLI usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['no URL', ['diagnose'], /which URL/],
    ['a malformed URL', ['http://exa mple.com:99999/'], /not a valid URL/],
    ['an unsupported scheme', ['ftp://example.com/'], /only http/],
    ['a bad --resolve', ['http://a.test/', '--resolve', 'a.test:80'], /--resolve wants/],
    ['a bad --dns-server', ['http://a.test/', '--dns-server', 'not-an-ip'], /--dns-server wants/],
    ['a bad --retries', ['http://a.test/', '--retries', 'many'], /--retries wants/],
    ['a bad --timeout', ['http://a.test/', '--timeout', '0'], /--timeout wants/],
    ['a bad --header', ['http://a.test/', '--header', 'no colon'], /--header wants/],
    ['a missing --ca file', ['http://a.test/', '--ca', '/nonexistent/ca.pem'], /cannot read --ca/],
    ['an unknown option', ['http://a.test/', '--frobnicate'], /unknown option `--frobnicate`/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: one line, exit 3`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 3);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    });
  }

  it('--version prints the version', async () => {
    const run = await runCli(['--version']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
