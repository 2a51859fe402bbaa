// The dispatcher on the monitor's real event bus and real receivers: routing to each monitor's
// targets, retries with growing waits, and the isolation the monitor relies on — a channel that
// is down or hangs delays neither the emitter nor the other channels (measured).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import type { NotifyTarget } from '../../src/serve/config/types.js';
import { MonitorEvents } from '../../src/serve/engine/events.js';
import { AlertDispatcher, type DispatcherOptions } from '../../src/serve/notify/dispatcher.js';
import type { DeliveryLogEntry } from '../../src/serve/notify/log.js';
import { closed, monitor, opened, refusedUrl, startBlackHole, startReceiver, updated } from './support.js';

interface Logged extends DeliveryLogEntry { t: number }

function dispatcher(targets: NotifyTarget[], options: Partial<DispatcherOptions> = {}): { d: AlertDispatcher; logs: Logged[] } {
  const logs: Logged[] = [];
  const d = new AlertDispatcher({ targets, log: (entry) => logs.push({ ...entry, t: performance.now() }), ...options });
  return { d, logs };
}

const hook = (name: string, url: string): NotifyTarget => ({ name, type: 'webhook', url });

function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) resolve();
      else if (performance.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

describe('alert dispatcher', () => {
  it('sends each incident event to the targets its monitor names, and counts them', async () => {
    const [a, b] = [await startReceiver(), await startReceiver()];
    const { d, logs } = dispatcher([hook('a', a.url), hook('b', b.url)]);
    const events = new MonitorEvents();
    const detach = d.attach(events);
    try {
      events.emit('incident.opened', opened(monitor('shop', ['a', 'b'])));
      events.emit('incident.opened', opened(monitor('blog', ['b'])));
      events.emit('incident.updated', updated(monitor('shop', ['a'])));
      events.emit('incident.closed', closed(monitor('shop', ['a', 'b'])));
      events.emit('incident.opened', opened(monitor('quiet', [])));
      await d.idle();
      const kinds = (r: typeof a) => r.requests.map((q) => `${(JSON.parse(q.body) as { monitor: string }).monitor}:${q.headers['x-whydown-event']}`);
      assert.deepEqual(kinds(a), ['shop:incident.opened', 'shop:incident.updated', 'shop:incident.closed']);
      assert.deepEqual(kinds(b), ['shop:incident.opened', 'blog:incident.opened', 'shop:incident.closed']);
      assert.deepEqual(d.stats(), {
        targets: {
          a: { type: 'webhook', delivered: 3, failed: 0, retries: 0, dropped: 0, queued: 0 },
          b: { type: 'webhook', delivered: 3, failed: 0, retries: 0, dropped: 0, queued: 0 },
        },
        suppressed: 0,
      });
      const line = logs.find((l) => l.outcome === 'delivered' && l.target === 'a')!;
      assert.equal(line.message, 'alert incident.opened for shop to a (webhook): delivered — HTTP 200');
      detach();
      events.emit('incident.opened', opened(monitor('shop', ['a'])));
      await d.idle();
      assert.equal(a.requests.length, 3, 'detached: no more alerts');
    } finally {
      await d.close();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a channel that is down or hangs delays neither the emitter nor the other channels', async () => {
    const good = await startReceiver();
    const hole = await startBlackHole();
    const down = await refusedUrl();
    const { d, logs } = dispatcher([hook('good', good.url), hook('down', down), hook('slow', hole.url)], {
      timeoutMs: 1_000,
      retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 },
    });
    const events = new MonitorEvents();
    d.attach(events);
    try {
      const t0 = performance.now();
      events.emit('incident.opened', opened(monitor('shop', ['down', 'slow', 'good'])));
      const emits = [performance.now() - t0];
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        events.emit('incident.updated', updated(monitor('shop', ['down', 'slow'])));
        emits.push(performance.now() - t);
      }
      // Listeners only queue: no request has even started when emit returns...
      assert.equal(good.requests.length + hole.connections(), 0);
      // ...and the emitter gets control back at once, not after the hanging channel's 1 s limit.
      // The median is what an emit costs (well under 1 ms alone); the max only has to stay far
      // from the limit, leaving room for a loaded machine.
      const sorted = [...emits].sort((x, y) => x - y);
      assert.ok(sorted[25]! < 5, `median emit took ${sorted[25]!.toFixed(2)} ms`);
      assert.ok(sorted[50]! < 250, `slowest emit took ${sorted[50]!.toFixed(1)} ms`);

      // The good channel is served while the slow one is still waiting on its first attempt (1 s).
      const delivered = await good.request(0);
      const goodMs = delivered.at - t0;
      assert.ok(goodMs < 900, `good channel delivered after ${goodMs.toFixed(0)} ms`);

      // The refused channel: 4 attempts, waits between them growing (equal jitter: [d/2, d], d = 100, 200, 400 ms).
      await waitFor(() => logs.some((l) => l.target === 'down' && l.outcome === 'failed'), 5_000);
      const attempts = logs.filter((l) => l.target === 'down' && l.event === 'incident.opened' && (l.outcome === 'retrying' || l.outcome === 'failed'));
      assert.deepEqual(attempts.map((l) => [l.outcome, l.attempt]), [['retrying', 1], ['retrying', 2], ['retrying', 3], ['failed', 4]]);
      assert.match(attempts[0]!.detail, /^connection refused at 127\.0\.0\.1:\d+ \(ECONNREFUSED\); next attempt in/);
      assert.match(attempts[3]!.detail, /\(gave up after 4 attempts\)$/);
      const gaps = attempts.slice(1).map((l, i) => l.t - attempts[i]!.t);
      [100, 200, 400].forEach((ceiling, i) => {
        assert.ok(gaps[i]! >= ceiling / 2 - 5 && gaps[i]! <= ceiling + 150, `wait ${i + 1} was ${gaps[i]!.toFixed(0)} ms, expected ${ceiling / 2}–${ceiling}`);
      });

      // The slow channel: each attempt ends at the 1 s limit, then it is retried.
      await waitFor(() => logs.some((l) => l.target === 'slow' && l.outcome === 'retrying'), 3_000);
      const slow = logs.find((l) => l.target === 'slow' && l.outcome === 'retrying')!;
      assert.match(slow.detail, /^no answer within 1 s; next attempt in/);
      assert.ok(slow.t - t0 >= 990 && slow.t - t0 < 2_000, `first slow attempt ended after ${(slow.t - t0).toFixed(0)} ms`);
      assert.ok(delivered.at < slow.t, 'the good channel did not wait for the hanging one');
      assert.equal(good.requests.length, 1);
      assert.equal(d.stats().targets.good!.delivered, 1);
    } finally {
      const stopping = performance.now();
      await d.close(0);
      // Stopping does not wait for the hanging receiver either.
      assert.ok(performance.now() - stopping < 500, `close took ${(performance.now() - stopping).toFixed(0)} ms`);
      await Promise.all([good.close(), hole.close()]);
    }
    const stats = d.stats().targets;
    assert.equal(stats.down!.failed + stats.down!.dropped, 51, 'every alert for the dead channel is accounted for');
  });

  it('retries a failing receiver with growing waits and keeps the order of alerts', async () => {
    let calls = 0;
    const flaky = await startReceiver((_req, res) => {
      calls++;
      if (calls <= 3) { res.writeHead(503); res.end('busy'); } else res.end('ok');
    });
    const { d } = dispatcher([hook('flaky', flaky.url)], { retry: { attempts: 5, baseDelayMs: 80, maxDelayMs: 1_000 } });
    try {
      d.notify({ event: 'incident.opened', data: opened(monitor('shop', ['flaky'])) });
      d.notify({ event: 'incident.closed', data: closed(monitor('shop', ['flaky'])) });
      await d.idle();
      const seen = flaky.requests.map((r) => r.headers['x-whydown-event']);
      assert.deepEqual(seen, ['incident.opened', 'incident.opened', 'incident.opened', 'incident.opened', 'incident.closed']);
      // The same alert id on every retry, so the receiver can drop duplicates.
      assert.equal(new Set(flaky.requests.slice(0, 4).map((r) => r.headers['x-whydown-delivery'])).size, 1);
      const gaps = flaky.requests.slice(1, 4).map((r, i) => r.at - flaky.requests[i]!.at);
      [80, 160, 320].forEach((ceiling, i) => {
        assert.ok(gaps[i]! >= ceiling / 2 - 5 && gaps[i]! <= ceiling + 150, `wait ${i + 1} was ${gaps[i]!.toFixed(0)} ms, expected ${ceiling / 2}–${ceiling}`);
      });
      assert.deepEqual(d.stats().targets.flaky, { type: 'webhook', delivered: 2, failed: 0, retries: 3, dropped: 0, queued: 0 });
    } finally {
      await d.close();
      await flaky.close();
    }
  });

  it('a final refusal is not retried', async () => {
    const gone = await startReceiver((_req, res) => { res.writeHead(410); res.end('gone'); });
    const { d, logs } = dispatcher([hook('gone', gone.url)], { retry: { baseDelayMs: 10 } });
    try {
      d.notify({ event: 'incident.opened', data: opened(monitor('shop', ['gone'])) });
      await d.idle();
      assert.equal(gone.requests.length, 1);
      assert.deepEqual(logs.map((l) => [l.outcome, l.level, l.detail]), [['failed', 'error', 'HTTP 410: gone']]);
      assert.equal(d.stats().targets.gone!.failed, 1);
    } finally {
      await d.close();
      await gone.close();
    }
  });

  it('memory stays bounded: past the cap the oldest waiting alert is dropped, with a counted warning', async () => {
    const hole = await startBlackHole();
    const { d, logs } = dispatcher([hook('slow', hole.url)], { timeoutMs: 300, retry: { attempts: 1 }, maxQueued: 3 });
    try {
      const sent = Array.from({ length: 10 }, (_, i) => {
        const data = opened(monitor(`site-${i}`, ['slow']));
        d.notify({ event: 'incident.opened', data });
        return `site-${i}`;
      });
      assert.equal(d.stats().targets.slow!.queued, 3, 'only the cap waits');
      const dropped = logs.filter((l) => l.outcome === 'dropped');
      assert.deepEqual(dropped.map((l) => l.monitor), sent.slice(0, 7));
      assert.match(dropped[6]!.detail, /^the queue is full \(3 waiting\), oldest alert dropped; 7 dropped so far$/);
      assert.equal(dropped[0]!.level, 'warn');
      await d.idle();
      // The three newest were tried (and timed out against the black hole).
      assert.deepEqual(logs.filter((l) => l.outcome === 'failed').map((l) => l.monitor), sent.slice(7));
      assert.deepEqual(d.stats().targets.slow, { type: 'webhook', delivered: 0, failed: 3, retries: 0, dropped: 7, queued: 0 });
    } finally {
      await d.close();
      await hole.close();
    }
  });

  it('shouldSend holds events back, marks flapping, and a hook that throws does not lose the alert', async () => {
    const receiver = await startReceiver();
    let decision: boolean | 'flapping' | 'throw' = false;
    const { d, logs } = dispatcher([hook('a', receiver.url)], {
      shouldSend: (notice) => {
        assert.equal(notice.data.monitor.name, 'shop');
        if (decision === 'throw') throw new Error('window table missing');
        return decision;
      },
    });
    try {
      d.notify({ event: 'incident.opened', data: opened(monitor('shop', ['a'])) });
      await d.idle();
      assert.equal(receiver.requests.length, 0);
      assert.equal(d.stats().suppressed, 1);
      assert.equal(logs[0]!.outcome, 'suppressed');

      decision = 'flapping';
      d.notify({ event: 'incident.opened', data: opened(monitor('shop', ['a'])) });
      decision = 'throw';
      d.notify({ event: 'incident.closed', data: closed(monitor('shop', ['a'])) });
      await d.idle();
      const [flap, close] = receiver.requests.map((r) => JSON.parse(r.body) as { flapping?: boolean; title: string; event: string });
      assert.equal(flap!.flapping, true);
      assert.equal(flap!.title, 'shop is flapping');
      assert.equal(close!.event, 'incident.closed');
      assert.ok(logs.some((l) => l.outcome === 'hook-failed' && /window table missing/.test(l.detail)));
    } finally {
      await d.close();
      await receiver.close();
    }
  });

  it('a changed config takes effect for the next alert; unknown names are reported', async () => {
    const [before, afterwards] = [await startReceiver(), await startReceiver()];
    const { d, logs } = dispatcher([hook('a', before.url)]);
    try {
      d.notify({ event: 'incident.opened', data: opened(monitor('shop', ['a', 'ghost'])) });
      await d.idle();
      d.setTargets([hook('a', afterwards.url)]);
      d.notify({ event: 'incident.closed', data: closed(monitor('shop', ['a'])) });
      await d.idle();
      assert.equal(before.requests.length, 1);
      assert.equal(afterwards.requests.length, 1);
      assert.equal(d.stats().targets.a!.delivered, 2);
      assert.ok(logs.some((l) => l.outcome === 'unknown-target' && l.target === 'ghost' && l.level === 'warn'));
      d.setTargets([]);
      assert.deepEqual(d.stats().targets, {});
    } finally {
      await d.close();
      await Promise.all([before.close(), afterwards.close()]);
    }
  });

  it('a target removed from the config stops retrying at once', async () => {
    const { d, logs } = dispatcher([hook('dead', await refusedUrl())], { retry: { attempts: 5, baseDelayMs: 60_000 } });
    try {
      d.notify({ event: 'incident.opened', data: opened(monitor('shop', ['dead'])) });
      d.notify({ event: 'incident.closed', data: closed(monitor('shop', ['dead'])) });
      await waitFor(() => logs.some((l) => l.outcome === 'retrying'));
      const removed = performance.now();
      d.setTargets([]);
      await waitFor(() => logs.some((l) => l.outcome === 'dropped'), 1_000);
      assert.ok(performance.now() - removed < 500);
      // The one in its back-off and the one behind it: neither was delivered, neither will be.
      assert.deepEqual(logs.map((l) => `${l.outcome} ${l.event}`), ['retrying incident.opened', 'dropped incident.opened', 'dropped incident.closed']);
      assert.equal(logs[1]!.detail, 'not sent: the target left the config');
    } finally {
      await d.close();
    }
  });

  it('close() does not wait out a back-off or a hanging attempt, and hands what was not delivered to keep, in order', async () => {
    const hole = await startBlackHole();
    const kept: string[][] = [];
    const finished: string[] = [];
    const { d, logs } = dispatcher([hook('dead', await refusedUrl()), hook('slow', hole.url)], {
      timeoutMs: 10_000,
      retry: { attempts: 5, baseDelayMs: 60_000 },
      keep: async (unsent) => { kept.push(unsent.map((u) => `${u.target} ${u.message.event} ${u.message.monitor}`)); },
      finished: (u) => finished.push(`${u.target} ${u.message.event}`),
    });
    try {
      d.notify({ event: 'incident.opened', data: opened(monitor('shop', ['dead', 'slow'])) });
      d.notify({ event: 'incident.closed', data: closed(monitor('shop', ['dead', 'slow'])) });
      await waitFor(() => logs.some((l) => l.outcome === 'retrying') && hole.connections() > 0);
    } finally {
      const stopping = performance.now();
      await d.close();
      const closeMs = performance.now() - stopping;
      // The refused channel sits in a 30–60 s back-off, the hanging one in a 10 s attempt.
      assert.ok(closeMs < 600, `close took ${closeMs.toFixed(0)} ms`);
      await hole.close();
    }
    assert.deepEqual(kept, [[
      'dead incident.opened shop', 'dead incident.closed shop', 'slow incident.opened shop', 'slow incident.closed shop',
    ]]);
    assert.deepEqual(logs.filter((l) => l.outcome === 'kept').map((l) => `${l.target} ${l.event}: ${l.message}`), [
      'dead incident.opened: alert incident.opened for shop for dead (webhook): kept — not delivered yet, sent after the next start',
      'dead incident.closed: alert incident.closed for shop for dead (webhook): kept — not delivered yet, sent after the next start',
      'slow incident.opened: alert incident.opened for shop for slow (webhook): kept — not delivered yet, sent after the next start',
      'slow incident.closed: alert incident.closed for shop for slow (webhook): kept — not delivered yet, sent after the next start',
    ]);
    assert.deepEqual(finished, [], 'kept alerts are not finished');
    assert.ok(!logs.some((l) => l.outcome === 'failed'), 'cut short by the stop is not a failure');
  });

  it('an attempt already on the wire gets its moment at close(); a keep that fails leaves the alerts dropped and says so', async () => {
    const late = await startReceiver((_req, res) => { setTimeout(() => res.end('ok'), 100); });
    const finished: string[] = [];
    const { d, logs } = dispatcher([hook('late', late.url), hook('dead', await refusedUrl())], {
      retry: { attempts: 5, baseDelayMs: 60_000 },
      keep: async () => { throw new Error('database is locked'); },
      finished: (u) => finished.push(`${u.target} ${u.message.event}`),
    });
    try {
      d.notify({ event: 'incident.opened', data: opened(monitor('shop', ['late', 'dead'])) });
      await waitFor(() => logs.some((l) => l.outcome === 'retrying'));
    } finally {
      await d.close();
      await late.close();
    }
    assert.deepEqual(logs.map((l) => `${l.outcome} ${l.target}`), ['retrying dead', 'delivered late', 'hook-failed null', 'dropped dead']);
    assert.match(logs[2]!.detail, /^1 undelivered alert\(s\) could not be kept for the next start: database is locked$/);
    assert.deepEqual(finished, ['late incident.opened'], 'not sent is not finished: a kept copy from the last run stays in the store');
  });
});
