// The signed-in pages' view builders and renderers, without a server: the hop strip, the
// incident page (escaping a hostile error page), the chart's data, /check's words, the guard.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../../src/serve/api/errors.js';
import { chartData, embeddableJson } from '../../../src/serve/web/pages/chart-data.js';
import { checkPageHtml, checkPageView, wantsHtml } from '../../../src/serve/web/pages/check-page.js';
import { guardPage } from '../../../src/serve/web/pages/guard.js';
import { hopStrip } from '../../../src/serve/web/pages/hops.js';
import { incidentPageHtml } from '../../../src/serve/web/pages/incident-html.js';
import { buildIncidentView } from '../../../src/serve/web/pages/incident-view.js';
import { incidentsListHtml } from '../../../src/serve/web/pages/incidents-list.js';
import { HOSTILE_BODY, incident, report, result, verdict } from './sample-incident.js';

const states = (cells: { id: string; state: string }[]) => Object.fromEntries(cells.map((c) => [c.id, c.state]));

describe('hop strip', () => {
  it('marks the verdict hop failed, the hops before it passed, those after it not reached', () => {
    const cells = hopStrip(verdict({ hop: 'gateway' }), report(verdict(), '2026-03-01T10:00:00Z'));
    assert.deepEqual(states(cells), { client: 'passed', dns: 'passed', tcp: 'passed', tls: 'not-used', edge: 'not-used', gateway: 'failed', origin: 'not-reached' });
    assert.equal(cells.find((c) => c.id === 'gateway')!.note, 'upstream-refused');
  });

  it('network is TCP, cdn and waf are one hop, degraded is a warning, up passes every hop, an unknown hop marks none failed', () => {
    assert.equal(states(hopStrip(verdict({ hop: 'network', cause: 'connect-refused' }), null)).tcp, 'failed');
    assert.equal(states(hopStrip(verdict({ hop: 'network' }), null)).tls, 'not-reached');
    assert.equal(states(hopStrip(verdict({ hop: 'waf' }), null)).edge, 'failed');
    assert.equal(states(hopStrip(verdict({ hop: 'cdn', status: 'degraded' }), null)).edge, 'warned');
    assert.ok(hopStrip(verdict({ status: 'up', hop: 'none', cause: 'ok' }), null).every((c) => c.state === 'passed'));
    const unknown = hopStrip(verdict({ hop: 'unknown', cause: 'unknown' }), null);
    assert.ok(!unknown.some((c) => c.state === 'failed'));
    assert.equal(unknown.filter((c) => c.state === 'unknown').length, 6);
  });
});

describe('incident page', () => {
  it('shows the newest diagnosis on top, the earlier ones after, a timeline in order with alike checks as one line', () => {
    const checks = [
      result('2026-03-01T10:00:03.000Z', 'down', 502, { total: 9 }),
      result('2026-03-01T10:00:02.000Z', 'down', 502, { total: 4 }),
      result('2026-03-01T10:00:01.000Z', 'down', 502, { total: 5 }),
    ];
    const view = buildIncidentView(incident(), checks, Date.parse('2026-03-02T00:00:00Z'));
    assert.equal(view.current.verdict.cause, 'upstream-timeout');
    assert.equal(view.current.index, 1);
    assert.deepEqual(view.earlier.map((d) => d.index), [0]);
    assert.equal(view.durationSeconds, 1200);
    assert.deepEqual(view.current.downloads, { markdown: '/incidents/7/report.md?n=1', html: '/incidents/7/report.html?n=1' });
    assert.deepEqual(view.timeline.map((t) => t.kind), ['opened', 'check', 'verdict-changed', 'rediagnosed', 'closed']);
    const run = view.timeline[1]!;
    assert.equal(run.text, '3 checks: down (HTTP 502), 4–9 ms');
    assert.equal(run.until, '2026-03-01T10:00:03.000Z');
    assert.equal(view.current.chain[0]!.software, 'nginx');
  });

  it('escapes every byte from the site and the store: no tag from a body, header or name survives', () => {
    const html = incidentPageHtml(buildIncidentView(incident(), [], Date.now()));
    assert.ok(!html.includes('<script>alert'), 'a script tag from the body or a header');
    assert.ok(!html.includes('<img src=x'), 'an img tag from the body');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'), 'the body sample is shown, as text');
    assert.ok(html.includes('Incident 7: shop&lt;&amp;&gt;'));
    assert.ok(html.includes('<code>systemctl start app</code>'), "our fixes' commands are code");
    assert.ok(html.includes('Check &lt;the&gt; port'));
    assert.ok(html.includes('data-hop="gateway" data-state="failed"'));
    assert.ok(HOSTILE_BODY.includes('<script>'));
    // Steps and attempts of the newest diagnosis only: earlier ones link their reports instead.
    assert.equal(html.split('Steps and their evidence').length, 2);
    assert.ok(html.includes('href="/incidents/7/report.md"'), 'the opening diagnosis keeps its download');
  });

  it('draws an incident that kept only its verdict, without steps or downloads', () => {
    const view = buildIncidentView(incident({ diagnosis: null, rediagnoses: [], closedAt: null }), [], Date.parse('2026-03-01T10:05:00Z'));
    assert.equal(view.current.downloads, null);
    assert.equal(view.current.verdict.cause, 'upstream-timeout');
    assert.equal(view.durationSeconds, 300);
    const html = incidentPageHtml(view);
    assert.ok(html.includes('Only the verdict was kept'));
    assert.ok(html.includes('data-hop="gateway" data-state="failed"'));
  });

  it('the incidents list escapes the monitor filter and names', () => {
    const i = incident();
    const html = incidentsListHtml({ monitor: '"><script>x</script>', open: [{ ...i, closedAt: null }], closed: [i], next: '/incidents?cursor=abc', firstPage: true, now: Date.now() });
    assert.ok(!html.includes('<script>x'));
    assert.ok(html.includes('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"'));
    assert.ok(html.includes('href="/incidents?cursor=abc"'));
  });
});

describe('chart data', () => {
  it('orders oldest first, averages into at most maxPoints, leaves missing phases null', () => {
    const rows = [4, 3, 2, 1].map((s) => result(`2026-03-01T10:00:0${s}.000Z`, s === 2 ? 'down' : 'up', s === 2 ? null : 200, s === 2 ? { total: 900 } : { dns: s, tcp: 2 * s, firstByte: 10, total: 20 }));
    const all = chartData(rows);
    assert.deepEqual(all.x, [1, 2, 3, 4].map((s) => Date.parse(`2026-03-01T10:00:0${s}.000Z`) / 1000));
    assert.deepEqual(all.series[0], [1, null, 3, 4]);
    assert.deepEqual(all.series[2], [null, null, null, null]);
    assert.deepEqual(all.down, [false, true, false, false]);
    const two = chartData(rows, 2);
    assert.equal(two.x.length, 2);
    assert.deepEqual(two.series[0], [1, 3.5]);
    assert.deepEqual(two.down, [true, false]);
  });

  it('embeddableJson cannot close its script element', () => {
    const text = embeddableJson({ label: '</script><script>alert(1)</script>&' });
    assert.ok(!text.includes('<') && !text.includes('>'));
    assert.deepEqual(JSON.parse(text), { label: '</script><script>alert(1)</script>&' });
  });
});

describe('/check page', () => {
  it('a browser gets the page, an API client JSON', () => {
    assert.equal(wantsHtml('text/html,application/xhtml+xml,*/*;q=0.8'), true);
    assert.equal(wantsHtml('application/json'), false);
    assert.equal(wantsHtml('application/json, text/html'), false);
    assert.equal(wantsHtml('*/*'), false);
    assert.equal(wantsHtml(undefined), false);
  });

  it('says down for everyone, or just you with the checklist, or the refusal in words', () => {
    const answer = (status: 'up' | 'down') => ({ status: 200, json: { url: 'https://shop.test/', verdict: verdict(status === 'up' ? { status, hop: 'none', cause: 'ok' } : {}), checkedAt: '2026-03-01T10:00:00.000Z', from: 'Frankfurt', meaning: '' } });
    const down = checkPageHtml(checkPageView('https://shop.test/', answer('down')));
    assert.match(down, /down from here too — for everyone/);
    assert.match(down, /upstream-refused/);
    const up = checkPageHtml(checkPageView('https://shop.test/', answer('up')));
    assert.match(up, /just you/);
    assert.match(up, /Try another network.*clear the browser cache, disable extensions/);
    const refused = checkPageView('http://127.0.0.1/', { status: 403, json: { error: { code: 'destination-not-allowed', message: 'x' } } });
    assert.equal(refused.problem!.status, 403);
    assert.match(checkPageHtml(refused), /does not check that address/);
    const limited = checkPageView('https://a.test/', { status: 429, json: { error: { code: 'rate_limited', message: 'x' } }, headers: { 'Retry-After': '12' } });
    assert.match(limited.problem!.text, /12 seconds/);
    assert.ok(!checkPageHtml(checkPageView('"><script>', limited.problem ? { status: 400, json: { error: { message: '<b>' } } } : answer('up'))).includes('<script>'));
  });
});

describe('page guard', () => {
  it('lets through what the read access accepts, answers 401 without the page otherwise', async () => {
    const req = { headers: {} } as IncomingMessage;
    assert.equal(await guardPage(req, () => null), null);
    const denied = await guardPage(req, () => new ApiError(401, 'unauthorized', 'no'));
    assert.equal(denied!.status, 401);
    assert.equal(denied!.maxAge, 0);
    assert.match(String(denied!.body), /Sign-in needed/);
  });

  it('sends a browser without a session or token to the sign-in page and back', async () => {
    const req = { headers: { accept: 'text/html,application/xhtml+xml' }, url: '/incidents/7' } as unknown as IncomingMessage;
    const denied = await guardPage(req, () => new ApiError(401, 'unauthorized', 'no'));
    assert.equal(denied!.status, 303);
    assert.equal(denied!.headers!.Location, '/login?next=%2Fincidents%2F7');
  });
});
