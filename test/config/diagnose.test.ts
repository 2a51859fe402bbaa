// A monitor's `diagnose: {log, origin}`: read from the file with file:line:col errors, and from
// the API's JSON with the same rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/serve/config/errors.js';
import { parseConfig, parseMonitorInput } from '../../src/serve/config/load.js';

function problems(text: string): string[] {
  try {
    parseConfig(text, 'whydown.yml', { env: { LOGS: '/var/log/nginx' } });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map((i) => `${i.line}:${i.col}: ${i.path}: ${i.message}`);
  }
  assert.fail('the config loaded, but it should not have');
}

const monitor = (diagnose: string): string => `monitors:\n  - name: shop\n    url: https://shop.example/\n    diagnose: ${diagnose}\n`;

describe('config: a monitor\'s diagnose key', () => {
  it('takes the contract\'s form, a single log, ${NAME} in paths, and drops repeats', () => {
    const config = parseConfig(`monitors:
  - name: shop
    url: https://shop.example/
    diagnose: {log: [/var/log/nginx/error.log], origin: http://10.0.0.5:8080/}
  - name: blog
    url: https://blog.example/
    diagnose:
      log: \${LOGS}/blog.error.log
  - name: api
    url: https://api.example/
    diagnose:
      log: [/var/log/a.log, /var/log//a.log, /var/log/b.log]
      origin: HTTP://10.0.0.6:8080
  - name: plain
    url: https://plain.example/
    diagnose: {}
`, 'whydown.yml', { env: { LOGS: '/var/log/nginx' } });
    assert.deepEqual(config.monitors.map((m) => m.diagnose), [
      { log: ['/var/log/nginx/error.log'], origin: 'http://10.0.0.5:8080/' },
      { log: ['/var/log/nginx/blog.error.log'] },
      { log: ['/var/log/a.log', '/var/log/b.log'], origin: 'http://10.0.0.6:8080/' },
      undefined,
    ]);
    assert.equal('diagnose' in config.monitors[3]!, false, 'nothing to give: no key');
  });

  it('reports each mistake at its line and column', () => {
    assert.deepEqual(problems(monitor('{log: [logs/error.log, "", 12], origin: ftp://10.0.0.5/}')), [
      '4:22: monitors[0].diagnose.log[0]: "logs/error.log" is not an absolute path; give the whole path (like /var/log/nginx/error.log)',
      '4:38: monitors[0].diagnose.log[1]: is empty; give the path of a server error log',
      '4:42: monitors[0].diagnose.log[2]: 12 is not an absolute path; give the whole path (like /var/log/nginx/error.log)',
      '4:55: monitors[0].diagnose.origin: "ftp://10.0.0.5/": the scheme must be http:// or https://, not ftp:',
    ]);
    assert.deepEqual(problems(monitor('{logs: [/var/log/x.log], orign: "http://x"}')), [
      '4:16: monitors[0].diagnose.logs: unknown key (did you mean "log"?)',
      '4:40: monitors[0].diagnose.orign: unknown key (did you mean "origin"?)',
    ]);
    assert.deepEqual(problems(monitor('/var/log/nginx/error.log')), [
      '4:15: monitors[0].diagnose: expected a map (key: value), got "/var/log/nginx/error.log"',
    ]);
    assert.deepEqual(problems(monitor('{origin: 10.0.0.5:8080}')), [
      '4:24: monitors[0].diagnose.origin: "10.0.0.5:8080" is not a URL (write it in full: http://10.0.0.5:8080/)',
    ]);
  });

  it('the API\'s JSON meets the same rules, ${NAME} left as written', () => {
    const config = parseConfig('{}', 'whydown.yml', { env: {} });
    const made = parseMonitorInput({ name: 'web', url: 'https://web.example/', diagnose: { log: ['/var/log/nginx/error.log'], origin: 'http://10.0.0.5:8080' } }, config);
    assert.deepEqual(made.diagnose, { log: ['/var/log/nginx/error.log'], origin: 'http://10.0.0.5:8080/' });
    assert.throws(() => parseMonitorInput({ name: 'web', url: 'https://web.example/', diagnose: { log: ['${HOME}/error.log'] } }, config), {
      code: 'E_CONFIG',
      message: 'diagnose.log[0]: "${HOME}/error.log" is not an absolute path; give the whole path (like /var/log/nginx/error.log)',
    });
    assert.throws(() => parseMonitorInput({ name: 'web', url: 'https://web.example/', diagnose: { log: Array.from({ length: 17 }, (_, i) => `/var/log/${i}.log`) } }, config), {
      message: 'diagnose.log: lists 17 logs; at most 16',
    });
  });
});
