// A large config parsed off the main thread is the same Config, and a broken one the same
// ConfigError (with every issue), as parseConfig gives on the main thread — and it really is off
// the main thread: parseConfigOffThread quietly parses in place when the worker's file is missing,
// which would pass the comparisons above just as well.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/serve/config/errors.js';
import { parseConfig } from '../../src/serve/config/load.js';
import { parseConfigOffThread } from '../../src/serve/config-thread.js';

/** Past the size parsed in place (256 KiB). */
function largeConfig(broken: boolean): string {
  const lines = ['defaults:', '  interval: 60s', 'monitors:'];
  for (let i = 0; i < 6000; i++) {
    lines.push(`  - name: site-${i}`, `    url: http://127.0.0.1:8080/health/${i}`, '    tags: [bench]');
    if (broken && i % 2000 === 1) lines.push('    interval: soon');
  }
  return `${lines.join('\n')}\n`;
}

describe('config on a thread', () => {
  it('gives the Config parseConfig gives', async () => {
    const text = largeConfig(false);
    assert.ok(text.length > 256 * 1024);
    assert.deepEqual(await parseConfigOffThread(text, 'big.yml'), parseConfig(text, 'big.yml'));
  });

  it('parses on a thread: the worker is there, and the main thread keeps running meanwhile', async () => {
    assert.ok(existsSync(new URL('../../src/serve/config-worker.js', import.meta.url)), 'config-worker.js next to config-thread.js');
    const text = largeConfig(false);
    // Timers fire only while the main thread is free: parsed in place (a few hundred ms), none
    // would until the end.
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 5);
    try {
      await parseConfigOffThread(text, 'big.yml');
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks >= 5, `${ticks} timer ticks during the parse: it blocked the main thread`);
  });

  it('gives the ConfigError parseConfig gives, every issue with its line', async () => {
    const text = largeConfig(true);
    let here: unknown;
    try {
      parseConfig(text, 'big.yml');
    } catch (error) {
      here = error;
    }
    assert.ok(here instanceof ConfigError);
    await assert.rejects(parseConfigOffThread(text, 'big.yml'), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, (here as ConfigError).message);
      assert.deepEqual(error.issues, (here as ConfigError).issues);
      assert.equal(error.issues.length, 3);
      return true;
    });
  });
});
