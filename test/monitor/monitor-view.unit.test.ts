// A monitor shown by the API (its settings as a user writes them) reads back as the same monitor:
// a GET's answer can be edited and PUT back without losing anything.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, parseMonitorInput } from '../../src/serve/config/load.js';
import { monitorSettings } from '../../src/serve/engine/monitor-view.js';

describe('monitor settings view', () => {
  it('round-trips every field through parseMonitorInput', () => {
    const config = parseConfig(`
notify:
  - { name: hook, type: webhook, url: "http://127.0.0.1:9/x" }
defaults:
  headers: { User-Agent: whydown-test }
monitors:
  - name: full
    url: http://127.0.0.1:8000/health?x=1
    method: POST
    body: '{"ping": true}'
    headers: { Accept: application/json }
    expect: { status: [200, 2xx, "300-302"], bodyContains: ok }
    interval: 1m30s
    timeout: 2500ms
    confirm: { failures: 3, within: 5m }
    tags: [api, eu]
    notify: [hook]
    flapping: { changes: 5, within: 15m }
    diagnose: { log: [/var/log/nginx/error.log], origin: "http://10.0.0.5:8080" }
    maintenance:
      - { reason: deploy, cron: "0 18 * * 5", duration: 30m, timezone: Europe/Berlin }
      - { start: "2026-12-01T22:00:00+01:00", end: "2026-12-02T01:00:00+01:00" }
  - name: plain
    url: http://127.0.0.1:8000/
    flapping: false
`);
    for (const monitor of config.monitors) {
      const again = parseMonitorInput({ name: monitor.name, url: monitor.url, ...monitorSettings(monitor) }, config);
      assert.deepEqual(again, monitor);
    }
    const settings = monitorSettings(config.monitors[0]!);
    assert.equal(settings.interval, '1m30s');
    assert.deepEqual(settings.diagnose, { log: ['/var/log/nginx/error.log'], origin: 'http://10.0.0.5:8080/' });
    assert.equal('diagnose' in monitorSettings(config.monitors[1]!), false);
    assert.deepEqual((settings.expect as { status: unknown }).status, [200, '2xx', '300-302']);
  });
});
