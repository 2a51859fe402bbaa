// Valid configs come out complete: defaults applied, durations in ms, names and URLs normalised.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatDuration, parseDuration } from '../../src/serve/config/duration.js';
import { loadConfig, parseConfig, parseMonitorInput } from '../../src/serve/config/load.js';
import { statusExpected } from '../../src/serve/config/status.js';
import { isWhydownError } from '../../src/core/errors.js';
import { makeTempDir, removeTempDir } from '../support/cleanup.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/whydown.yml', import.meta.url));

describe('config: valid files', () => {
  it('the contract minimum gets every default', () => {
    const config = parseConfig('monitors:\n  - name: shop\n    url: https://shop.example/\n    interval: 60s\n    timeout: 10s\n', 'whydown.yml', { env: {} });
    assert.deepEqual(config, {
      monitors: [{
        name: 'shop', url: 'https://shop.example/', method: 'GET', headers: {}, expect: {},
        intervalMs: 60_000, timeoutMs: 10_000, confirm: { failures: 2 }, tags: [], notify: [],
        maintenance: [], flapping: { changes: 4, withinMs: 600_000 },
      }],
      api: { tokens: [], publicRead: false },
      ui: { publicCheck: { enabled: false, allow: [], ports: [80, 443] }, users: [] },
      notify: [],
      defaults: {
        method: 'GET', headers: {}, expect: {}, intervalMs: 60_000, timeoutMs: 10_000, confirm: { failures: 2 }, notify: [],
        flapping: { changes: 4, withinMs: 600_000 },
      },
      maintenance: [],
      statusPages: [],
    });
  });

  it('an empty file is an empty config', () => {
    const config = parseConfig('# nothing yet\n', 'whydown.yml', { env: {} });
    assert.deepEqual(config.monitors, []);
    assert.deepEqual(parseConfig('monitors:\n', 'whydown.yml', { env: {} }).monitors, []);
  });

  it('merges defaults under each monitor and normalises values', () => {
    const text = `
listen: "[::1]:9090"
db: postgres://whydown@db/whydown
api: {tokens: ["\${TOKEN}", "0123"], publicRead: true}
notify:
  - {name: ops, type: webhook, url: "https://hooks.example/x", secret: "\${SECRET}"}
  - {name: mail, type: email, url: "smtp://mail.example:587", to: ops@example.com, from: whydown@example.com}
defaults:
  interval: 1m30s
  timeout: 20s
  headers: {User-Agent: whydown, X-Env: "\${STAGE}"}
  confirm: {within: 10m}
  notify: [ops]
monitors:
  - name: shop
    url: HTTPS://Shop.Example
  - name: api.v2_health-1
    url: http://127.0.0.1:8080/health?full=1
    method: post
    body: '{"ping": true}'
    headers: {user-agent: probe, Content-Type: application/json}
    expect: {status: [200, 3xx, 401-403], bodyContains: "ok"}
    interval: 5
    confirm: 3
    tags: [local, api, local]
    notify: [mail, ops, mail]
  - name: quiet
    url: https://quiet.example/
    interval: 2s
    timeout: 500ms
    notify: []
`;
    const config = parseConfig(text, 'whydown.yml', { env: { TOKEN: 'tok-abc', SECRET: 's3cret', STAGE: 'prod' } });
    assert.equal(config.listen, '[::1]:9090');
    assert.equal(config.db, 'postgres://whydown@db/whydown');
    assert.deepEqual(config.api, { tokens: ['tok-abc', '0123'], publicRead: true });
    assert.deepEqual(config.notify, [
      { name: 'ops', type: 'webhook', url: 'https://hooks.example/x', secret: 's3cret' },
      { name: 'mail', type: 'email', url: 'smtp://mail.example:587', to: ['ops@example.com'], from: 'whydown@example.com' },
    ]);
    const [shop, api, quiet] = config.monitors;
    assert.deepEqual(shop, {
      name: 'shop', url: 'https://shop.example/', method: 'GET',
      headers: { 'user-agent': 'whydown', 'x-env': 'prod' }, expect: {},
      intervalMs: 90_000, timeoutMs: 20_000, confirm: { failures: 2, withinMs: 600_000 }, tags: [], notify: ['ops'],
      maintenance: [], flapping: { changes: 4, withinMs: 600_000 },
    });
    assert.deepEqual(api, {
      name: 'api.v2_health-1', url: 'http://127.0.0.1:8080/health?full=1', method: 'POST',
      headers: { 'user-agent': 'probe', 'x-env': 'prod', 'content-type': 'application/json' },
      body: '{"ping": true}',
      expect: { status: [{ min: 200, max: 200 }, { min: 300, max: 399 }, { min: 401, max: 403 }], bodyContains: 'ok' },
      // The default timeout (20s) shrinks to this monitor's 5s interval.
      intervalMs: 5_000, timeoutMs: 5_000, confirm: { failures: 3, withinMs: 600_000 },
      tags: ['local', 'api'], notify: ['mail', 'ops'],
      maintenance: [], flapping: { changes: 4, withinMs: 600_000 },
    });
    assert.equal(quiet?.timeoutMs, 500);
    assert.deepEqual(quiet?.notify, []);
  });

  it('$${ writes a literal ${', () => {
    const config = parseConfig('api: {tokens: ["a$${b}"]}\n', 'whydown.yml', { env: {} });
    assert.deepEqual(config.api.tokens, ['a${b}']);
  });

  it('YAML anchors and aliases work', () => {
    const text = 'monitors:\n  - name: a\n    url: https://a.example/\n    headers: &h {X-Team: web}\n  - name: b\n    url: https://b.example/\n    headers: *h\n';
    const config = parseConfig(text, 'whydown.yml', { env: {} });
    assert.deepEqual(config.monitors[1]?.headers, { 'x-team': 'web' });
  });

  it('loads the example from a file, with ${NAME} from process.env by default', async () => {
    const config = await loadConfig(EXAMPLE);
    assert.deepEqual(config.monitors.map((m) => m.name), ['local-site', 'local-api']);
    const dir = await makeTempDir('config');
    try {
      const file = path.join(dir, 'whydown.yml');
      await writeFile(file, 'api: {tokens: ["${WHYDOWN_TEST_CONFIG_TOKEN}"]}\n');
      process.env.WHYDOWN_TEST_CONFIG_TOKEN = 'from-env';
      assert.deepEqual((await loadConfig(file)).api.tokens, ['from-env']);
    } finally {
      delete process.env.WHYDOWN_TEST_CONFIG_TOKEN;
      await removeTempDir(dir);
    }
  });

  it('a missing file is E_FILE with the path', async () => {
    await assert.rejects(loadConfig('/nonexistent/whydown.yml'), (error) => {
      assert.ok(isWhydownError(error));
      assert.equal(error.code, 'E_FILE');
      assert.equal(error.message, 'cannot read the config file /nonexistent/whydown.yml: ENOENT');
      return true;
    });
  });
});

describe('config: API input', () => {
  const config = parseConfig('notify: [{name: ops, type: slack, url: "https://hooks.slack.example/x"}]\ndefaults: {interval: 30s}\n', 'whydown.yml', { env: {} });

  it('checks a JSON body by the same rules and applies the defaults', () => {
    const monitor = parseMonitorInput({ name: 'web', url: 'https://web.example', notify: ['ops'] }, config);
    assert.equal(monitor.intervalMs, 30_000);
    assert.equal(monitor.url, 'https://web.example/');
    assert.deepEqual(monitor.notify, ['ops']);
  });

  it('reports problems by path, and never expands ${NAME} from the server environment', () => {
    process.env.WHYDOWN_TEST_SECRET = 'do-not-leak';
    try {
      const monitor = parseMonitorInput({ name: 'web', url: 'https://web.example/', headers: { 'X-A': '${WHYDOWN_TEST_SECRET}' } }, config);
      assert.equal(monitor.headers['x-a'], '${WHYDOWN_TEST_SECRET}');
    } finally {
      delete process.env.WHYDOWN_TEST_SECRET;
    }
    assert.throws(() => parseMonitorInput({ name: 'Web', interval: 'soon', notify: ['opz'] }, config), {
      code: 'E_CONFIG',
      message: [
        '4 problems in the config:',
        '"url" is missing',
        'name: "Web" is not a valid name (lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64; try "web")',
        'interval: "soon" is not a duration (use 30s, 5m, 1h)',
        'notify[0]: "opz" is not a notify target (did you mean "ops"?)',
      ].join('\n'),
    });
  });
});

describe('config: durations and statuses', () => {
  it('parses the usual spellings', () => {
    const cases: [string | number, number | undefined][] = [
      ['30s', 30_000], ['1m', 60_000], ['1h30m', 5_400_000], ['500ms', 500], ['1.5s', 1_500], ['2d', 172_800_000],
      ['45', 45_000], [10, 10_000], [0.25, 250], ['1m30', undefined], ['abc', undefined], ['-5s', undefined], ['', undefined], ['5 m', undefined],
    ];
    for (const [input, ms] of cases) assert.equal(parseDuration(input), ms, String(input));
  });

  it('formats durations back', () => {
    assert.equal(formatDuration(500), '500ms');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(86_400_000), '1d');
  });

  it('matches statuses against ranges, with 2xx/3xx when none is given', () => {
    assert.equal(statusExpected({}, 301), true);
    assert.equal(statusExpected({}, 404), false);
    assert.equal(statusExpected({ status: [{ min: 404, max: 404 }] }, 404), true);
    assert.equal(statusExpected({ status: [{ min: 200, max: 299 }] }, 301), false);
  });
});

describe('config: vantages', () => {
  const base = (monitor: string, vantages = '  - name: fra-1\n    token: "${FRA}"\n') => `vantages:\n${vantages}monitors:\n  - name: shop\n    url: https://shop.example/\n${monitor}`;

  it('keeps tokens hashed, takes a monitor\'s vantages and confirm.vantages', () => {
    const config = parseConfig(base('    vantages: [local, fra-1]\n    confirm: {failures: 3, vantages: 50%}\n'), 'whydown.yml', { env: { FRA: 'secret-token-for-fra-1' } });
    assert.equal(config.vantages?.length, 1);
    assert.equal(config.vantages![0]!.name, 'fra-1');
    assert.match(config.vantages![0]!.tokenHash, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(config).includes('secret-token-for-fra-1'), 'the token itself is kept nowhere');
    assert.deepEqual(config.monitors[0]!.vantages, ['local', 'fra-1']);
    assert.deepEqual(config.monitors[0]!.confirm, { failures: 3, vantages: { share: 0.5 } });
    assert.deepEqual(parseConfig(base('    confirm: {vantages: 2}\n'), 'w.yml', { env: { FRA: 'secret-token-for-fra-1' } }).monitors[0]!.confirm.vantages, { count: 2 });
  });

  it('an unknown vantage, a short or shared token are file:line:col errors', () => {
    const fails = (text: string, pattern: RegExp) => assert.throws(() => parseConfig(text, 'whydown.yml', { env: { FRA: 'secret-token-for-fra-1' } }), pattern);
    fails(base("    vantages: [local, fra-2]\n"), /whydown\.yml:7:\d+: .*"fra-2" is not a vantage.*fra-1/);
    fails(base('', '  - name: fra-1\n    token: short\n'), /whydown\.yml:3:\d+: .*a vantage token must be at least 16/);
    fails(base('', '  - name: a\n    token: "${FRA}"\n  - name: b\n    token: "${FRA}"\n'), /two vantages share a token/);
    fails(base('', '  - name: local\n    token: "${FRA}"\n'), /"local" is the hub's own vantage/);
    fails(base('    confirm: {vantages: 150%}\n'), /is not a number of vantages/);
  });
});
