// `browser: true` on a monitor and the top-level `browser:` section: the 5-minute floor (raised
// to when no interval is given, an error when a shorter one is), http only, the same rules for
// the API's JSON, and errors at file:line:col.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, parseMonitorInput } from '../../src/serve/config/load.js';

const parse = (text: string) => parseConfig(text, 'whydown.yml', { env: {} });
const failure = (text: string): string => {
  try {
    parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('the config was accepted');
};

describe('config: browser checks', () => {
  it('browser: true without an interval is checked every 5 minutes', () => {
    const config = parse('monitors:\n  - name: shop\n    url: https://shop.example/\n    browser: true\n');
    assert.equal(config.monitors[0]!.browser, true);
    assert.equal(config.monitors[0]!.intervalMs, 300_000);
    assert.equal(config.browser, undefined);
  });

  it('browser: false changes nothing', () => {
    const config = parse('monitors:\n  - name: shop\n    url: https://shop.example/\n    browser: false\n');
    assert.equal(config.monitors[0]!.browser, undefined);
    assert.equal(config.monitors[0]!.intervalMs, 60_000);
  });

  it('an interval under the floor is an error at its position', () => {
    assert.match(failure('monitors:\n  - name: shop\n    url: https://shop.example/\n    interval: 1m\n    browser: true\n'),
      /whydown\.yml:4:15: .*browser check \(browser: true\) runs at most every 5m: 1m is too short/);
  });

  it('a tcp monitor takes no browser', () => {
    assert.match(failure('monitors:\n  - name: db\n    type: tcp\n    target: 10.0.0.5:5432\n    browser: true\n'), /whydown\.yml:5:.*"browser" is for http monitors/);
  });

  it('the browser section: maxRunning, path, screenshots, keepScreenshots', () => {
    const config = parse('browser:\n  maxRunning: 1\n  path: /opt/chromium/chrome\n  screenshots: /var/lib/whydown/shots\n  keepScreenshots: 20\n');
    assert.deepEqual(config.browser, { maxRunning: 1, path: '/opt/chromium/chrome', screenshots: '/var/lib/whydown/shots', keepScreenshots: 20 });
    assert.match(failure('browser:\n  maxRunning: 0\n'), /whydown\.yml:2:15: /);
    assert.match(failure('browser:\n  path: chromium\n'), /whydown\.yml:2:9: browser\.path: the browser's path must be absolute/);
    assert.match(failure('browser:\n  maxRuning: 2\n'), /whydown\.yml:2:3: /);
  });

  it('the API takes browser: true by the same rules', () => {
    const config = parse('monitors: []\n');
    assert.equal(parseMonitorInput({ name: 'shop', url: 'https://shop.example/', browser: true }, config).intervalMs, 300_000);
    assert.throws(() => parseMonitorInput({ name: 'shop', url: 'https://shop.example/', browser: true, interval: '30s' }, config), /at most every 5m: 30s is too short/);
    assert.throws(() => parseMonitorInput({ name: 'shop', url: 'https://shop.example/', browser: 'yes please' }, config), /browser/);
  });
});
