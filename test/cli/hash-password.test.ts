// `whydown hash-password` from a pipe: prints a hash that verifies and that the config accepts;
// an empty or over-long password is a one-line usage error (exit 3), and nothing is printed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { verifyPassword } from '../../src/serve/web/dashboard/password.js';
import { runCli } from '../support/cli.js';

describe('whydown hash-password', () => {
  it('hashes the first line of stdin, and the hash verifies and loads as ui.users', async () => {
    const run = await runCli(['hash-password'], { input: 'pa ss wörd\nsecond line\n' });
    assert.equal(run.code, 0, run.stderr);
    const hash = run.stdout.trim();
    assert.match(hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    assert.equal(await verifyPassword('pa ss wörd', hash), true);
    assert.equal(await verifyPassword('second line', hash), false);
    const config = parseConfig(`ui:\n  users:\n    - name: admin\n      passwordHash: "${hash}"\n`, 'w.yml', { env: {} });
    assert.equal(config.ui.users[0]?.passwordHash, hash);
  });

  it('refuses an empty or too long password with one line and exit 3', async () => {
    for (const input of ['', '\n', `${'x'.repeat(1100)}\n`]) {
      const run = await runCli(['hash-password'], { input });
      assert.equal(run.code, 3);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^whydown: hash-password: the password is (empty|longer than 1024 characters)\n$/);
    }
    const help = await runCli(['hash-password', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /ui:\n {4}users:/);
  });
});
