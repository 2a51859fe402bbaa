// type: tcp monitors in the config and the API: target instead of url, the banner as their only
// expectation, and every http-only key refused where it is written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, formatIssue } from '../../src/serve/config/errors.js';
import { parseConfig, parseMonitorInput } from '../../src/serve/config/load.js';
import { monitorSettings } from '../../src/serve/engine/monitor-view.js';

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map(formatIssue);
  }
  assert.fail('no problem reported');
}

describe('config: type tcp', () => {
  it('reads a tcp monitor: target normalised, url tcp://target, the defaults\' http expectations left out', () => {
    const config = parseConfig([
      'defaults: {interval: 30s, expect: {status: 200}, headers: {x-a: b}}',
      'monitors:',
      '  - {name: db, type: tcp, target: "10.0.0.5:5432"}',
      '  - {name: ssh, type: TCP, target: "[::1]:22", expect: {banner: "SSH-"}}',
      '  - {name: web, url: "https://web.example/"}',
    ].join('\n'));
    const [db, ssh, web] = config.monitors;
    assert.deepEqual([db!.type, db!.target, db!.url, db!.expect, db!.headers, db!.intervalMs], ['tcp', '10.0.0.5:5432', 'tcp://10.0.0.5:5432', {}, {}, 30_000]);
    assert.deepEqual([ssh!.target, ssh!.url, ssh!.expect], ['[::1]:22', 'tcp://[::1]:22', { banner: 'SSH-' }]);
    assert.equal(web!.type, undefined, 'http is the default, left unset');
  });

  it('url and target are exclusive by type; http-only keys are refused on a tcp monitor', () => {
    const text = [
      'monitors:',
      '  - {name: a, type: tcp, url: "https://a.example/"}',
      '  - {name: b, url: "https://b.example/", target: "b.example:443"}',
      '  - {name: c, type: tcp, target: "c.example", method: POST, expect: {status: 200}}',
      '  - {name: d, type: udp, target: "d.example:53"}',
      '  - {name: e, target: "e.example:1"}',
      '  - {name: f, url: "https://f.example/", expect: {banner: x}}',
      '  - {name: g, type: tcp, target: "https://g.example:1/"}',
    ].join('\n');
    assert.deepEqual(problems(() => parseConfig(text, 'w.yml')), [
      'w.yml:2:5: monitors[0]: "target" is missing (host:port, e.g. 10.0.0.5:5432)',
      'w.yml:2:31: monitors[0].url: a tcp monitor has a target (host:port), not a url',
      'w.yml:3:50: monitors[1].target: only a tcp or dns monitor has a target; an http monitor has a url (or add type: tcp)',
      'w.yml:4:34: monitors[2].target: "c.example" has no port (use host:port, e.g. 10.0.0.5:5432 or db.example:5432 ([2001:db8::5]:5432 for IPv6))',
      'w.yml:4:55: monitors[2].method: a tcp monitor only connects: "method" is for http monitors',
      'w.yml:4:70: monitors[2].expect.status: unknown key (one of: banner)',
      'w.yml:5:21: monitors[3].type: "udp" is not a monitor type (one of: http, tcp, dns, push)',
      'w.yml:6:5: monitors[4]: "url" is missing ("target" is for type: tcp)',
      'w.yml:6:23: monitors[4].target: only a tcp or dns monitor has a target; an http monitor has a url (or add type: tcp)',
      'w.yml:7:51: monitors[5].expect.banner: unknown key (one of: status, body, bodyContains, maxResponseTime, certValidFor, json)',
      'w.yml:8:34: monitors[6].target: "https://g.example:1/" is a URL; a tcp target is host:port, e.g. 10.0.0.5:5432 or db.example:5432 ([2001:db8::5]:5432 for IPv6)',
    ]);
  });

  it('the API accepts a tcp monitor, and its settings (with the url the API shows) read back the same', () => {
    const config = parseConfig('monitors: []\n');
    const m = parseMonitorInput({ name: 'db', type: 'tcp', target: 'DB.Example:5432', expect: { banner: 'PG' } }, config);
    assert.deepEqual([m.type, m.target, m.url], ['tcp', 'db.example:5432', 'tcp://db.example:5432']);
    const settings = monitorSettings(m);
    assert.deepEqual(Object.keys(settings).sort(), ['confirm', 'expect', 'flapping', 'interval', 'notify', 'tags', 'target', 'timeout', 'type']);
    assert.deepEqual(parseMonitorInput({ ...settings, name: 'db', url: m.url }, config), m);
    assert.deepEqual(problems(() => parseMonitorInput({ name: 'db', type: 'tcp', target: 'db.example:5432', url: 'tcp://other.example:1' }, config)), [
      'url: a tcp monitor has a target (host:port), not a url',
    ]);
  });
});
