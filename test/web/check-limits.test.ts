// /check's limits, with a diagnosis the test controls (the policy's tests use real ones): per
// client and total rate limits, at most N diagnoses at once, one diagnosis per URL at a time,
// and a minute's cache per normalised URL. Other loopback source addresses are other clients.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiagnoseReport, Verdict } from '../../src/core/model.js';
import type { PublicCheckConfig } from '../../src/serve/config/types.js';
import { askCheck, startCheckServer } from './check-support.js';

const CONFIG: PublicCheckConfig = { enabled: true, allow: [], ports: [80, 443] };

const VERDICT: Verdict = {
  status: 'down', hop: 'dns', cause: 'dns-servfail', generatedBy: null, transient: false, scope: 'everyone', confidence: 'high',
  summary: 'the resolver 10.1.2.3:53 answers SERVFAIL for shop.example; 8.8.8.8 too',
  fixes: ['ask whoever runs [fd00::53]:53 to look at the zone'],
};

function report(url: URL): DiagnoseReport {
  return { url: url.href, startedAt: new Date().toISOString(), durationMs: 1, verdict: VERDICT, steps: [], attempts: [] };
}

describe('GET /check: limits', () => {
  it('limits each client to N checks a minute, with Retry-After, without limiting the others', async () => {
    let now = 1_000_000;
    const check = await startCheckServer({
      config: () => CONFIG, now: () => now, limits: { perClientPerMinute: 5, totalPerMinute: 100 },
      diagnose: async (url) => report(url),
    });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await askCheck(check.base, `https://shop${i}.example/`)).status, 200);
      const sixth = await askCheck(check.base, 'https://shop5.example/');
      assert.equal(sixth.status, 429, sixth.text);
      assert.equal(sixth.json.error?.code, 'rate_limited');
      assert.equal(sixth.headers['retry-after'], '60');
      assert.equal((await askCheck(check.base, 'https://shop5.example/', '127.0.0.3')).status, 200, 'another client is not limited');
      assert.equal((await askCheck(check.base, 'https://shop0.example/')).status, 200, 'a cached answer costs nothing');
      now += 60_001;
      assert.equal((await askCheck(check.base, 'https://shop6.example/')).status, 200, 'a minute later');
    } finally {
      await check.close();
    }
  });

  it('limits all clients together', async () => {
    const check = await startCheckServer({
      config: () => CONFIG, limits: { perClientPerMinute: 5, totalPerMinute: 3 }, diagnose: async (url) => report(url),
    });
    try {
      assert.equal((await askCheck(check.base, 'https://a.example/', '127.0.0.3')).status, 200);
      assert.equal((await askCheck(check.base, 'https://b.example/', '127.0.0.4')).status, 200);
      assert.equal((await askCheck(check.base, 'https://c.example/', '127.0.0.5')).status, 200);
      const fourth = await askCheck(check.base, 'https://d.example/', '127.0.0.6');
      assert.equal(fourth.status, 429);
      assert.ok(Number(fourth.headers['retry-after']) >= 1);
    } finally {
      await check.close();
    }
  });

  it('runs at most N diagnoses at once; the next is a 503 with Retry-After; a second asker of the same URL shares one', async () => {
    const release: (() => void)[] = [];
    let started = 0;
    const check = await startCheckServer({
      config: () => CONFIG, limits: { concurrent: 2, perClientPerMinute: 100 },
      diagnose: (url) => {
        started++;
        return new Promise((resolve) => release.push(() => resolve(report(url))));
      },
    });
    try {
      const first = askCheck(check.base, 'https://one.example/');
      const second = askCheck(check.base, 'https://two.example/');
      const again = askCheck(check.base, 'https://one.example/#top'); // same URL once normalised
      while (started < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      // Without the limit it would wait for a diagnosis nobody releases: a time-out here is the failure.
      const third = await Promise.race([
        askCheck(check.base, 'https://three.example/'),
        new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('a third diagnosis was started')), 3000).unref()),
      ]);
      assert.equal(third.status, 503, third.text);
      assert.equal(third.json.error?.code, 'unavailable');
      assert.equal(third.headers['retry-after'], '10');
      for (const go of release) go();
      assert.deepEqual([(await first).status, (await second).status, (await again).status], [200, 200, 200]);
      assert.equal(started, 2);
      const after = askCheck(check.base, 'https://three.example/');
      while (release.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      release[2]!();
      assert.equal((await after).status, 200, 'a place is free again');
    } finally {
      for (const go of release) go();
      await check.close();
    }
  });

  it('caches an answer per normalised URL for a minute', async () => {
    let now = 5_000_000;
    let runs = 0;
    const check = await startCheckServer({
      config: () => CONFIG, now: () => now, limits: { perClientPerMinute: 100 },
      diagnose: async (url) => { runs++; return report(url); },
    });
    try {
      const a = await askCheck(check.base, 'https://Shop.Example./#x');
      const b = await askCheck(check.base, 'shop.example');
      assert.equal(runs, 1);
      assert.equal(a.json.url, 'https://shop.example/');
      assert.equal(b.json.checkedAt, a.json.checkedAt);
      now += 60_001;
      await askCheck(check.base, 'https://shop.example/');
      assert.equal(runs, 2, 'run again once the minute is over');
    } finally {
      await check.close();
    }
  });

  it('tells the visitor what the verdict means, without the server network\'s addresses', async () => {
    const check = await startCheckServer({ config: () => ({ ...CONFIG, from: 'Frankfurt' }), diagnose: async (url) => report(url) });
    try {
      const reply = await askCheck(check.base, 'https://shop.example/');
      assert.equal(reply.json.meaning, 'down from here too — for everyone');
      assert.equal(reply.json.from, 'Frankfurt');
      const verdict = reply.json.verdict as Verdict;
      assert.equal(verdict.summary, 'the resolver an internal address answers SERVFAIL for shop.example; 8.8.8.8 too');
      assert.deepEqual(verdict.fixes, ['ask whoever runs an internal address to look at the zone']);
    } finally {
      await check.close();
    }
  });
});
