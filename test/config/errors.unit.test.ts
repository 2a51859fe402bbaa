// Every kind of mistake gets file:line:col, the path of the value and what is wrong, and all
// mistakes come at once in one E_CONFIG error.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/serve/config/errors.js';
import { loadConfig, parseConfig } from '../../src/serve/config/load.js';
import { makeTempDir, removeTempDir } from '../support/cleanup.js';

/** The problem lines of a config that must not load. */
function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, 'whydown.yml', { env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.code, 'E_CONFIG');
    const lines = error.message.split('\n');
    // Several problems get a heading line; one problem is one line.
    if (lines.length > 1) assert.equal(lines.shift(), `${lines.length} problems in whydown.yml:`);
    assert.equal(error.issues.length, lines.length);
    return lines;
  }
  assert.fail('the config loaded, but it should not have');
}

describe('config: error messages', () => {
  it('reports every problem of a file, in file order, each with line:col and path', () => {
    const text = [
      /*  1 */ 'api:',
      /*  2 */ '  tokens: ["${NOPE}"]',
      /*  3 */ '  public_read: yes',
      /*  4 */ 'notify:',
      /*  5 */ '  - name: ops-hook',
      /*  6 */ '    type: webhok',
      /*  7 */ '    url: https://hooks.example/x',
      /*  8 */ 'monitors:',
      /*  9 */ '  - name: shop',
      /* 10 */ '    url: https://shop.example/',
      /* 11 */ '    interval: abc',
      /* 12 */ '  - name: shop',
      /* 13 */ '    url: shop.example',
      /* 14 */ '    intervall: 5m',
      /* 15 */ '    notify: [ops-hok]',
      /* 16 */ '  - name: Bad Name',
      /* 17 */ '    url: ftp://files.example/',
      /* 18 */ '    method: FETCH',
      /* 19 */ '    expect: {status: [2xx, 2xxx], bodyContains: ok}',
      /* 20 */ '    confirm: {failures: 0, within: 10ms}',
      /* 21 */ '    tags: [web, "two words"]',
      /* 22 */ '  - name: api',
      /* 23 */ '    url: http://localhost:8080/health',
      /* 24 */ '    interval: 5s',
      /* 25 */ '    timeout: 10s',
      /* 26 */ '    method: HEAD',
      /* 27 */ '    body: x',
      /* 28 */ '    expect:',
      /* 29 */ '      bodyContains: ok',
      /* 30 */ '  - url: https://nameless.example/',
      /* 31 */ '    interval: 500ms',
      /* 32 */ '    timeout: 50ms',
      /* 33 */ 'listen: localhost',
      /* 34 */ 'db: mysql://x',
      /* 35 */ 'monitor: []',
    ].join('\n');
    assert.deepEqual(problems(text), [
      'whydown.yml:2:12: api.tokens[0]: environment variable NOPE is not set',
      'whydown.yml:3:3: api.public_read: unknown key (did you mean "publicRead"?)',
      'whydown.yml:6:11: notify[0].type: "webhok" is not a notify type (did you mean "webhook"?)',
      'whydown.yml:11:15: monitors[0].interval: "abc" is not a duration (use 30s, 5m, 1h)',
      'whydown.yml:12:11: monitors[1].name: "shop" is already the name of monitors[0] (line 9); names must be unique',
      'whydown.yml:13:10: monitors[1].url: "shop.example" is not a URL (write it in full: https://shop.example)',
      'whydown.yml:14:5: monitors[1].intervall: unknown key (did you mean "interval"?)',
      'whydown.yml:15:14: monitors[1].notify[0]: "ops-hok" is not a notify target (did you mean "ops-hook"?)',
      'whydown.yml:16:11: monitors[2].name: "Bad Name" is not a valid name (lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64; try "bad-name")',
      'whydown.yml:17:10: monitors[2].url: "ftp://files.example/": the scheme must be http:// or https://, not ftp:',
      'whydown.yml:18:13: monitors[2].method: "FETCH" is not a method (one of: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)',
      'whydown.yml:19:28: monitors[2].expect.status[1]: "2xxx" is not a status (use 200, "2xx" or "200-399")',
      'whydown.yml:20:25: monitors[2].confirm.failures: expected a whole number from 1 to 100, got 0',
      'whydown.yml:20:36: monitors[2].confirm.within: "10ms" is too short: the confirmation window must be at least 1s',
      'whydown.yml:21:17: monitors[2].tags[1]: "two words" is not a valid tag (1 to 64 characters, no spaces or commas)',
      'whydown.yml:25:14: monitors[3].timeout: 10s is longer than the interval (5s): a check must end before the next one starts',
      'whydown.yml:26:13: monitors[3].method: expect.bodyContains needs a body, and a HEAD response has none; use method: GET',
      'whydown.yml:27:11: monitors[3].body: a HEAD request has no body; use method: POST (or PUT, PATCH)',
      'whydown.yml:30:5: monitors[4]: "name" is missing',
      'whydown.yml:31:15: monitors[4].interval: "500ms" is too short: the interval must be at least 1s',
      'whydown.yml:32:14: monitors[4].timeout: "50ms" is too short: the timeout must be at least 100ms',
      'whydown.yml:33:9: listen: "localhost" is not an address to listen on (use host:port, e.g. 127.0.0.1:8080)',
      'whydown.yml:34:5: db: "mysql://x" is not a database (use sqlite:./whydown.db or postgres://user@host/db)',
      'whydown.yml:35:1: monitor: unknown key (did you mean "monitors"?)',
    ]);
  });

  it('wrong kinds of value and empty values', () => {
    const text = [
      'monitors:',
      '  - name: [a, b]',
      '    url:',
      '    headers: [x]',
      '    tags: web',
      '  - just text',
      'api: {publicRead: "yes", tokens: ["has space"]}',
      'defaults: {interval: 10s, timeout: 20s}',
    ].join('\n');
    assert.deepEqual(problems(text), [
      'whydown.yml:2:11: monitors[0].name: expected text, got a list',
      'whydown.yml:3:5: monitors[0].url: expected text, got nothing',
      'whydown.yml:4:14: monitors[0].headers: expected a map (key: value), got a list',
      'whydown.yml:5:11: monitors[0].tags: expected a list, got "web"',
      'whydown.yml:6:5: monitors[1]: expected a map (key: value), got "just text"',
      'whydown.yml:7:19: api.publicRead: expected true or false, got "yes"',
      'whydown.yml:7:35: api.tokens[0]: a token must be non-empty visible ASCII, without spaces',
      'whydown.yml:8:36: defaults.timeout: 20s is longer than the interval (10s): a check must end before the next one starts',
    ]);
  });

  it('a root that is not a map, and a key with no near miss lists the known keys', () => {
    assert.deepEqual(problems('- a\n- b\n'), ['whydown.yml:1:1: expected a map (key: value), got a list']);
    assert.deepEqual(problems('alerts: []\n'), [
      'whydown.yml:1:1: alerts: unknown key (one of: listen, db, api, notify, defaults, monitors, maintenance, statusPages, ui, vantages, browser)',
    ]);
  });

  it('notify targets: references, missing keys, duplicates, schemes', () => {
    const text = [
      'notify:',
      '  - {name: ops, type: webhook, url: "https://a.example/", secret: ""}',
      '  - {name: ops, type: email, url: "https://mail.example/"}',
      '  - {name: pager}',
      'monitors:',
      '  - {name: a, url: "https://a.example/", notify: [pagr]}',
    ].join('\n');
    assert.deepEqual(problems(text), [
      'whydown.yml:2:67: notify[0].secret: is empty; leave the key out for no secret',
      'whydown.yml:3:5: notify[1]: "to" is missing (who gets the mail)',
      'whydown.yml:3:5: notify[1]: "from" is missing (the sender address your SMTP server accepts)',
      'whydown.yml:3:12: notify[1].name: "ops" is already the name of notify[0] (line 2); names must be unique',
      'whydown.yml:3:35: notify[1].url: "https://mail.example/": the scheme must be smtp:// or smtps://, not https:',
      'whydown.yml:4:5: notify[2]: "type" is missing',
      'whydown.yml:4:5: notify[2]: "url" is missing',
      'whydown.yml:6:51: monitors[0].notify[0]: "pagr" is not a notify target (did you mean "pager"?)',
    ]);
    assert.deepEqual(problems('monitors:\n  - {name: a, url: "https://a.example/", notify: [ops]}\n'), [
      'whydown.yml:2:51: monitors[0].notify[0]: "ops" is not a notify target (the top-level notify: list is empty)',
    ]);
  });

  it('YAML syntax errors carry line:col, and stop before checking the tree', () => {
    assert.deepEqual(problems('monitors:\n  - name: a\n   url: b\n'), [
      'whydown.yml:3:1: YAML syntax: sequence item without - indicator',
    ]);
    assert.deepEqual(problems('monitors:\n\t- name: a\n'), ['whydown.yml:2:1: YAML syntax: tabs are not allowed as indentation']);
    assert.deepEqual(problems('listen: host: 80\n'), ['whydown.yml:1:9: YAML syntax: nested mappings are not allowed in compact mappings']);
    assert.deepEqual(problems('api:\n  tokens: [${TOKEN}]\n'), [
      'whydown.yml:2:13: YAML syntax: missing , or : between flow sequence items (put quotes around values with ${...} inside [ ] or { })',
    ]);
    assert.deepEqual(problems('monitors: []\n---\nmonitors: []\n'), [
      'whydown.yml:2:1: YAML syntax: source contains multiple documents; please use YAML.parseAllDocuments()',
    ]);
  });

  it('a repeated key is reported along with the other problems', () => {
    assert.deepEqual(problems('monitors:\n  - name: a\n    url: https://a.example/\n    url: https://b.example/\n    interval: never\n'), [
      'whydown.yml:4:5: the key "url" appears twice in the same map; keep one',
      'whydown.yml:5:15: monitors[0].interval: "never" is not a duration (use 30s, 5m, 1h)',
    ]);
  });

  it('bad ${...} references, without showing expanded secrets', () => {
    assert.deepEqual(problems('db: "postgres://u:${PW}@/db ${bad-name}"\nlisten: "${ADDR}"\n', { PW: 'hunter2', ADDR: 'nowhere' }), [
      'whydown.yml:1:5: db: "${bad-name}" is not an environment variable reference (use ${NAME}, or $${ for a literal "${")',
      'whydown.yml:2:9: listen: "${ADDR}" is not an address to listen on (use host:port, e.g. 127.0.0.1:8080)',
    ]);
  });

  it('names the file as given, and one problem is one line', async () => {
    const dir = await makeTempDir('config');
    try {
      const file = path.join(dir, 'site.yml');
      await writeFile(file, 'monitors:\n  - name: shop\n    url: https://shop.example/\n    interval: abc\n');
      await assert.rejects(loadConfig(file), {
        code: 'E_CONFIG',
        message: `${file}:4:15: monitors[0].interval: "abc" is not a duration (use 30s, 5m, 1h)`,
      });
    } finally {
      await removeTempDir(dir);
    }
  });
});
