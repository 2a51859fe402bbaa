// `whydown config check <file>`: the serve loader's verdict on a config, without starting
// anything. "ok: N monitors, M notify targets" (exit 0) or every problem as file:line:col (exit 3).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';

const EXAMPLE = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'examples', 'whydown.yml');

describe('whydown config check', () => {
  let dir: string;
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  before(() => { dir = mkdtempSync(path.join(tmpdir(), 'whydown-config-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the example config: ok with its counts', async () => {
    const run = await runCli(['config', 'check', EXAMPLE]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ok: \d+ monitors, \d+ notify targets?\n$/);
    assert.equal(run.stderr, '');
  });

  it('one of each: singular', async () => {
    const file = write('one.yml', [
      'notify:',
      '  - {name: hook, type: webhook, url: "http://127.0.0.1:9/x"}',
      'monitors:',
      '  - {name: shop, url: "https://shop.example/"}',
    ].join('\n'));
    const run = await runCli(['config', 'check', file]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'ok: 1 monitor, 1 notify target\n');
  });

  it('none and two: plural', async () => {
    const file = write('two.yml', 'monitors:\n  - {name: a, url: "https://a.example/"}\n  - {name: b, url: "https://b.example/"}\n');
    const run = await runCli(['config', 'check', file]);
    assert.equal(run.stdout, 'ok: 2 monitors, 0 notify targets\n');
  });

  it('problems: every one as file:line:col: message, on stderr, exit 3', async () => {
    const file = write('bad.yml', [
      'monitors:',
      '  - name: shop',
      '    url: https://shop.example/',
      '    interval: soon',
      '  - name: Bad Name',
      '    url: ftp://x/',
    ].join('\n'));
    const run = await runCli(['config', 'check', file]);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, '');
    const lines = run.stderr.trim().split('\n');
    assert.ok(lines.length >= 3, run.stderr);
    for (const line of lines) assert.match(line, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    assert.match(lines[0]!, /:4:\d+: monitors\[0\]\.interval: /);
  });

  it('a file that cannot be read: one line, exit 3', async () => {
    const run = await runCli(['config', 'check', path.join(dir, 'nope.yml')]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /^whydown: cannot read the config file .*nope\.yml: ENOENT\n$/);
  });
});
