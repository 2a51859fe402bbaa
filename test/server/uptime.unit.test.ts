// GET /api/v1/monitors/{name}/uptime: the figures for a calendar period from the stored incidents,
// on a history with known answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Verdict } from '../../src/core/model.js';
import { errorOf, startHarness } from './harness.js';

const verdict: Verdict = {
  status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx', transient: false, scope: 'everyone',
  confidence: 'high', summary: 'the upstream refused the connection', fixes: ['start the app'],
};

describe('uptime API', () => {
  it('gives uptime, outages and MTTR for a day with two outages', async (t) => {
    const h = await startHarness(t);
    await h.store.upsertMonitor({ name: 'shop', url: 'https://shop.example/', source: 'api' }, '2026-02-01T00:00:00Z');
    // 10:00–10:30 and 12:00–12:06 on 2026-03-10 (UTC): 36 min down of 1,440 → 97.5 % up.
    const first = await h.store.openIncident('shop', verdict, '2026-03-10T10:00:00Z');
    await h.store.closeIncident(first.id, '2026-03-10T10:30:00Z');
    const second = await h.store.openIncident('shop', verdict, '2026-03-10T12:00:00Z');
    await h.store.closeIncident(second.id, '2026-03-10T12:06:00Z');

    const answer = await h.call('GET', '/api/v1/monitors/shop/uptime?period=day&at=2026-03-10T15:00:00Z');
    assert.equal(answer.status, 200, answer.text);
    const body = answer.json as { uptimePercent: number; downtimeSeconds: number; outages: unknown[]; mttrSeconds?: number; text: string };
    assert.equal(body.downtimeSeconds, 36 * 60);
    assert.equal(body.outages.length, 2);
    assert.ok(Math.abs(body.uptimePercent - 97.5) < 1e-9, String(body.uptimePercent));
    assert.match(body.text, /97\.5/);

    const month = await h.call('GET', '/api/v1/monitors/shop/uptime?period=month&at=2026-03-10T15:00:00Z');
    assert.equal((month.json as { downtimeSeconds: number }).downtimeSeconds, 36 * 60);
  });

  it('refuses an unknown period, time zone or monitor', async (t) => {
    const h = await startHarness(t);
    await h.store.upsertMonitor({ name: 'shop', url: 'https://shop.example/', source: 'api' });
    assert.equal(errorOf(await h.call('GET', '/api/v1/monitors/shop/uptime?period=fortnight')).code, 'invalid_parameter');
    assert.equal(errorOf(await h.call('GET', '/api/v1/monitors/shop/uptime?timezone=Mars/Olympus')).code, 'invalid_parameter');
    assert.equal(errorOf(await h.call('GET', '/api/v1/monitors/nope/uptime')).code, 'not_found');
  });
});
