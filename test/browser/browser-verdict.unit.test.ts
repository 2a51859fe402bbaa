// What the browser's findings do to a verdict, without a browser: which failed requests the page
// needs, the order that names one (so the verdict is the same whatever order they failed in),
// and the summaries for a failing API call, a blank page and a page that never loads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Verdict } from '../../src/core/model.js';
import { isNeeded, sameSite } from '../../src/diagnose/browser/needed.js';
import type { BrowserEvidence, FailedRequest } from '../../src/diagnose/browser/types.js';
import { applyBrowserFindings, requestsToDiagnose } from '../../src/diagnose/browser/verdict.js';

const PAGE = new URL('https://shop.example/cart');
const UP: Verdict = { status: 'up', hop: 'none', cause: 'ok', generatedBy: null, transient: false, scope: 'this-vantage', confidence: 'high', summary: 'shop.example is up', fixes: [] };

function evidence(over: Partial<BrowserEvidence>): BrowserEvidence {
  return {
    version: 'Chromium 156', outcome: 'loaded', status: 200, finalUrl: PAGE.href, navigationError: null, failedRequests: [], moreFailed: 0,
    consoleErrors: [], exceptions: [], blank: false, screenshot: null, timings: { ttfb: 1, fcp: 2, lcp: 3 }, dialogs: 0, popups: 0, durationMs: 10, ...over,
  };
}
const failed = (url: string, type: string, status: number | null, needed = true): FailedRequest => ({ url, type, status, error: status === null ? 'net::ERR_CONNECTION_REFUSED' : null, ms: 5, needed });

describe('browser findings', () => {
  it('the page needs its own site\'s calls, scripts and stylesheets; not images, not other sites', () => {
    assert.equal(isNeeded(PAGE, 'https://shop.example/api/cart', 'fetch'), true);
    assert.equal(isNeeded(PAGE, 'https://api.shop.example/v1/cart', 'xhr'), true);
    assert.equal(isNeeded(PAGE, 'https://shop.example/app.css', 'stylesheet'), true);
    assert.equal(isNeeded(PAGE, 'https://shop.example/logo.png', 'image'), false);
    assert.equal(isNeeded(PAGE, 'https://ads.example/t.js', 'script'), false);
    assert.equal(sameSite('shop.co.uk', 'www.shop.co.uk'), true);
    assert.equal(sameSite('a.co.uk', 'b.co.uk'), false);
    assert.equal(sameSite('127.0.0.1', '127.0.0.2'), false);
  });

  it('a failing API call makes the page degraded with that call\'s diagnosis', () => {
    const call = { ...failed('https://shop.example/api/cart', 'fetch', 502), diagnosis: { status: 'down' as const, hop: 'origin' as const, cause: 'upstream-refused' as const, generatedBy: 'nginx', httpStatus: 502, summary: '' } };
    const verdict = applyBrowserFindings(PAGE, UP, evidence({ failedRequests: [call] }));
    assert.equal(verdict.status, 'degraded');
    assert.equal(verdict.cause, 'upstream-refused');
    assert.equal(verdict.generatedBy, 'nginx');
    assert.equal(verdict.summary, 'shop.example is degraded: the page loads but its call to /api/cart gets a 502 from nginx: the upstream refused the connection.');
  });

  it('a page already failing keeps the checklist\'s verdict', () => {
    const down: Verdict = { ...UP, status: 'down', cause: 'connect-refused', summary: 'down' };
    assert.equal(applyBrowserFindings(PAGE, down, evidence({ blank: true })), down);
  });

  it('blank is down (blank-page) and names the exception; other sites\' failures leave it up', () => {
    const blank = applyBrowserFindings(PAGE, UP, evidence({ blank: true, exceptions: ['TypeError: x is undefined'] }));
    assert.equal(blank.status, 'down');
    assert.equal(blank.cause, 'blank-page');
    assert.match(blank.summary, /shows nothing once its scripts ran — its script threw "TypeError: x is undefined"/);
    assert.equal(applyBrowserFindings(PAGE, UP, evidence({ failedRequests: [failed('https://ads.example/p.gif', 'image', null, false)] })), UP);
  });

  it('a page that never loads is page-timeout; past the cap page-too-large', () => {
    assert.equal(applyBrowserFindings(PAGE, UP, evidence({ outcome: 'load-timeout', blank: null })).cause, 'page-timeout');
    assert.equal(applyBrowserFindings(PAGE, UP, evidence({ outcome: 'killed', blank: null })).cause, 'page-timeout');
    assert.equal(applyBrowserFindings(PAGE, UP, evidence({ outcome: 'too-large', blank: null })).cause, 'page-too-large');
    assert.equal(applyBrowserFindings(PAGE, UP, evidence({ outcome: 'unsettled' })), UP);
  });

  it('at most 3 distinct URLs are diagnosed in turn, needed ones only', () => {
    const list = ['a', 'b', 'b', 'c', 'd'].map((n) => failed(`https://shop.example/api/${n}`, 'fetch', 500));
    list.push(failed('https://ads.example/x', 'fetch', 500, false));
    assert.deepEqual(requestsToDiagnose(evidence({ failedRequests: list })).map((r) => r.url), ['a', 'b', 'c'].map((n) => `https://shop.example/api/${n}`));
  });
});
