// The alert's words: who, since when, for whom, why and what to do; on close, for how long.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { incidentMessage, testMessage } from '../../src/serve/notify/message.js';
import { clock, reason } from '../../src/serve/notify/wording.js';
import { VERDICT, closed, monitor, opened, updated } from './support.js';

describe('alert messages', () => {
  it('an opened incident says who, for whom, since when, why and the first fix', () => {
    const message = incidentMessage({ event: 'incident.opened', data: opened() });
    assert.equal(message.event, 'incident.opened');
    assert.equal(message.monitor, 'shop');
    assert.equal(message.url, 'https://shop.example/');
    assert.equal(message.at, '2026-11-28T10:02:00.000Z');
    assert.deepEqual(message.verdict, VERDICT);
    assert.deepEqual(message.incident, { id: 7, openedAt: '2026-11-28T10:02:00.000Z', closedAt: null });
    assert.equal(message.title, 'shop is down');
    assert.equal(message.text,
      'shop is down for everyone since 10:02 UTC — 502 written by nginx — the upstream refused the connection. '
      + 'nginx logged connect() to 10.0.0.5:8080 failed (111: Connection refused). '
      + 'Fix: start the application server (or php-fpm) and check it listens where the gateway expects: `ss -ltnp` (or `ls -l` the unix socket path).');
    assert.equal(message.durationSeconds, undefined);
    assert.equal(message.flapping, false);
  });

  it('a closed incident says how long it lasted and since when it was down', () => {
    const message = incidentMessage({ event: 'incident.closed', data: closed(monitor(), 720) });
    assert.equal(message.title, 'shop is up again');
    assert.equal(message.text, 'shop is up again after 12 min (down since 10:02 UTC).');
    assert.equal(message.durationSeconds, 720);
    assert.equal(message.at, '2026-11-28T10:14:00.000Z');
  });

  it('a changed cause names the new one and keeps the old one', () => {
    const message = incidentMessage({ event: 'incident.updated', data: updated() });
    assert.equal(message.at, '2026-11-28T10:20:00.000Z');
    assert.equal(message.previousCause, 'upstream-refused');
    assert.match(message.text, /^shop is still down \(since 10:02 UTC\) and the cause changed — 504 written by nginx — the upstream did not answer in time\. Fix: /);
  });

  it('scope and status change the words; flapping says so', () => {
    const data = opened();
    data.incident.verdict = { ...VERDICT, status: 'degraded', scope: 'some-vantages' };
    assert.match(incidentMessage({ event: 'incident.opened', data }).text, /^shop is degraded for some visitors since 10:02 UTC — /);
    const flapping = incidentMessage({ event: 'incident.opened', data: opened() }, { flapping: true });
    assert.equal(flapping.title, 'shop is flapping');
    assert.equal(flapping.flapping, true);
    assert.match(flapping.text, /^shop is flapping: it keeps going down and coming back\. Latest — 502 written by nginx/);
  });

  it('a test message cannot be taken for an outage', () => {
    const message = testMessage('ops-hook', { name: 'shop', url: 'https://shop.example/' }, new Date('2026-11-28T12:00:00Z'));
    assert.equal(message.event, 'test');
    assert.equal(message.verdict, null);
    assert.equal(message.incident, null);
    assert.equal(message.at, '2026-11-28T12:00:00.000Z');
    assert.equal(message.text, 'This is a test from whydown to the notify target "ops-hook"; nothing is down. Alerts for shop (https://shop.example/) will arrive here.');
  });

  it('each alert has its own id', () => {
    const a = incidentMessage({ event: 'incident.opened', data: opened() });
    const b = incidentMessage({ event: 'incident.opened', data: opened() });
    assert.match(a.id, /^[0-9a-f-]{36}$/);
    assert.notEqual(a.id, b.id);
  });

  it('durations, clocks and summaries read naturally', () => {
    assert.equal(clock('2026-11-27T23:50:00Z', '2026-11-28T00:10:00Z'), '2026-11-27 23:50 UTC');
    assert.equal(reason({ ...VERDICT, summary: 'no lead and no stop' }), 'no lead and no stop.');
  });
});
