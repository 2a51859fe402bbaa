// GET /metrics, read back with a strict parser: names, types, histograms, per-monitor gauges,
// escaping and the cardinality guard.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { MonitorEvents } from '../../src/serve/engine/events.js';
import type { MonitorState } from '../../src/serve/engine/types.js';
import { escapeHelp, escapeLabelValue, Exposition, Histogram } from '../../src/serve/api/exposition.js';
import { MonitorMetrics } from '../../src/serve/api/metrics.js';
import { firstByName } from '../../src/serve/api/select-monitors.js';
import type { ResultInput } from '../../src/serve/store/types.js';
import { startHarness, type Harness } from './harness.js';
import { parseExposition, sampleOf, type Family } from './prom-text.js';

const check = (monitor: string, status: 'up' | 'degraded' | 'down', totalMs: number, at: number): ResultInput => ({
  monitor, at: new Date(at), status, cause: status === 'down' ? 'connect-refused' : 'ok',
  timings: { total: totalMs }, httpStatus: status === 'down' ? null : 200, errorCode: null, durationMs: totalMs + 1,
});

async function scrape(h: Harness): Promise<Map<string, Family>> {
  const answer = await h.call('GET', '/metrics');
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(answer.text);
}

function checkHistogram(families: Map<string, Family>, name: string): number[] {
  const family = families.get(name);
  assert.equal(family?.type, 'histogram', name);
  const buckets = family!.samples.filter((s) => s.name === `${name}_bucket`);
  const counts = buckets.map((b) => b.value);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), 'buckets are cumulative');
  const bounds = buckets.map((b) => Number(b.labels.le === '+Inf' ? Infinity : b.labels.le));
  assert.deepEqual(bounds, [...bounds].sort((a, b) => a - b));
  assert.equal(buckets.at(-1)!.labels.le, '+Inf');
  assert.equal(buckets.at(-1)!.value, sampleOf(families, name, `${name}_count`));
  return counts;
}

describe('metrics', () => {
  it('exposes the contract\'s metrics with their types, fed by finished checks', async (t) => {
    const h = await startHarness(t, { yaml: 'monitors:\n  - name: a\n    url: https://a.example/\n  - name: b\n    url: https://b.example/\n  - name: c\n    url: https://c.example/\n' });
    let families = await scrape(h);
    const types = Object.fromEntries([...families.values()].map((f) => [f.name, f.type]));
    assert.deepEqual(
      {
        checks: types.whydown_checks_total, delay: types.whydown_check_delay_seconds, duration: types.whydown_check_duration_seconds,
        up: types.whydown_monitor_up, latency: types.whydown_monitor_latency_seconds, opened: types.whydown_incidents_opened_total,
        monitors: types.whydown_monitors, omitted: types.whydown_metrics_monitors_omitted,
      },
      { checks: 'counter', delay: 'histogram', duration: 'histogram', up: 'gauge', latency: 'gauge', opened: 'counter', monitors: 'gauge', omitted: 'gauge' },
    );
    for (const result of ['up', 'degraded', 'down']) assert.equal(sampleOf(families, 'whydown_checks_total', 'whydown_checks_total', { result }), 0);
    assert.equal(families.get('whydown_monitor_up')!.samples.length, 0, 'absent before the first check');
    assert.equal(sampleOf(families, 'whydown_monitors', 'whydown_monitors'), 3);

    const T = Date.parse('2026-03-01T00:00:00Z');
    await h.service.recordCheck(check('a', 'up', 120, T), 3);
    await h.service.recordCheck(check('a', 'up', 80, T + 60_000), 40);
    await h.service.recordCheck(check('b', 'down', 5, T), 7_000);
    await h.service.recordCheck(check('c', 'degraded', 2_500, T), 0);
    await h.service.openIncident('b', {
      status: 'down', hop: 'origin', cause: 'connect-refused', generatedBy: null, transient: false, scope: 'everyone',
      confidence: 'high', summary: 'refused', fixes: [], candidates: [], decideWith: [],
    }, new Date(T));
    families = await scrape(h);
    assert.equal(sampleOf(families, 'whydown_checks_total', 'whydown_checks_total', { result: 'up' }), 2);
    assert.equal(sampleOf(families, 'whydown_checks_total', 'whydown_checks_total', { result: 'down' }), 1);
    assert.equal(sampleOf(families, 'whydown_checks_total', 'whydown_checks_total', { result: 'degraded' }), 1);
    assert.equal(sampleOf(families, 'whydown_incidents_opened_total', 'whydown_incidents_opened_total'), 1);

    const delay = checkHistogram(families, 'whydown_check_delay_seconds');
    assert.equal(sampleOf(families, 'whydown_check_delay_seconds', 'whydown_check_delay_seconds_count'), 4);
    assert.equal(sampleOf(families, 'whydown_check_delay_seconds', 'whydown_check_delay_seconds_sum'), 7.043);
    assert.equal(sampleOf(families, 'whydown_check_delay_seconds', 'whydown_check_delay_seconds_bucket', { le: '0.005' }), 2); // 0 and 3 ms
    assert.equal(sampleOf(families, 'whydown_check_delay_seconds', 'whydown_check_delay_seconds_bucket', { le: '5' }), 3);
    assert.equal(sampleOf(families, 'whydown_check_delay_seconds', 'whydown_check_delay_seconds_bucket', { le: '10' }), 4);
    assert.ok(delay.length >= 8, 'buckets across 0-10 s');
    checkHistogram(families, 'whydown_check_duration_seconds');
    assert.equal(sampleOf(families, 'whydown_check_duration_seconds', 'whydown_check_duration_seconds_sum'), (121 + 81 + 6 + 2501) / 1000);

    assert.equal(sampleOf(families, 'whydown_monitor_up', 'whydown_monitor_up', { monitor: 'a' }), 1);
    assert.equal(sampleOf(families, 'whydown_monitor_up', 'whydown_monitor_up', { monitor: 'b' }), 0);
    assert.equal(sampleOf(families, 'whydown_monitor_up', 'whydown_monitor_up', { monitor: 'c' }), 1, 'degraded is up');
    assert.equal(sampleOf(families, 'whydown_monitor_latency_seconds', 'whydown_monitor_latency_seconds', { monitor: 'a' }), 0.08);
    assert.equal(sampleOf(families, 'whydown_monitor_latency_seconds', 'whydown_monitor_latency_seconds', { monitor: 'b' }), undefined, 'no answer, no latency');
    assert.equal(sampleOf(families, 'whydown_metrics_monitors_omitted', 'whydown_metrics_monitors_omitted'), 0);
  });

  it('keeps per-monitor series to the first N names and counts the rest', async (t) => {
    const h = await startHarness(t, { maxMonitorSeries: 3 });
    const names = ['delta', 'alpha', 'echo', 'charlie', 'bravo', 'foxtrot'];
    for (const name of names) await h.call('POST', '/api/v1/monitors', { body: { name, url: `https://${name}.example/` } });
    for (const name of names) await h.service.recordCheck(check(name, 'up', 10, Date.parse('2026-03-01T00:00:00Z')));
    const families = await scrape(h);
    assert.deepEqual(families.get('whydown_monitor_up')!.samples.map((s) => s.labels.monitor), ['alpha', 'bravo', 'charlie']);
    assert.deepEqual(families.get('whydown_monitor_latency_seconds')!.samples.map((s) => s.labels.monitor), ['alpha', 'bravo', 'charlie']);
    assert.equal(sampleOf(families, 'whydown_metrics_monitors_omitted', 'whydown_metrics_monitors_omitted'), 3);
    assert.equal(sampleOf(families, 'whydown_monitors', 'whydown_monitors'), 6);
  });

  it('escapes label values and help text', () => {
    assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
    assert.equal(escapeHelp('a\\b\nc "q"'), 'a\\\\b\\nc "q"');
    const weird = 'we"ird\\name\nline2 ünï';
    const states: MonitorState[] = [{ name: weird, status: 'up', latencyMs: 12.5 }, { name: 'plain', status: 'down', latencyMs: null }];
    const metrics = new MonitorMetrics({ events: new MonitorEvents(), states: () => states });
    const families = parseExposition(metrics.render());
    assert.equal(sampleOf(families, 'whydown_monitor_up', 'whydown_monitor_up', { monitor: weird }), 1);
    assert.equal(sampleOf(families, 'whydown_monitor_latency_seconds', 'whydown_monitor_latency_seconds', { monitor: weird }), 0.0125);
    const out = new Exposition().family('x_total', 'counter', 'multi\nline \\ help').sample('x_total', Infinity).sample('x_total', NaN, { a: '"' });
    const parsed = parseExposition(out.text()).get('x_total')!;
    assert.equal(parsed.help, 'multi\nline \\ help');
    assert.deepEqual(parsed.samples.map((s) => s.value), [Infinity, NaN]);
    assert.equal(parsed.samples[1]!.labels.a, '"');
  });

  it('stops counting when closed', () => {
    const events = new MonitorEvents();
    const metrics = new MonitorMetrics({ events, states: () => [] });
    const emit = (): void => events.emit('check.finished', {
      monitor: undefined as never, delayMs: 1,
      result: { ...check('a', 'up', 1, 0), at: new Date(0).toISOString() },
    });
    emit();
    metrics.close();
    emit();
    assert.equal(sampleOf(parseExposition(metrics.render()), 'whydown_checks_total', 'whydown_checks_total', { result: 'up' }), 1);
  });

  it('renders 100,000 monitors fast, choosing the same 1000 as a sort would', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `monitor-${String((i * 7919) % 100_000).padStart(6, '0')}`);
    const states: MonitorState[] = names.map((name, i) => ({ name, status: i % 10 === 0 ? 'down' : 'up', latencyMs: i % 500 }));
    const metrics = new MonitorMetrics({ events: new MonitorEvents(), states: () => states });
    metrics.render(); // warm up
    const start = performance.now();
    const text = metrics.render();
    const elapsed = performance.now() - start;
    const families = parseExposition(text);
    const chosen = families.get('whydown_monitor_up')!.samples.map((s) => s.labels.monitor);
    assert.deepEqual(chosen, [...names].sort().slice(0, 1000));
    assert.equal(sampleOf(families, 'whydown_metrics_monitors_omitted', 'whydown_metrics_monitors_omitted'), 99_000);
    assert.ok(elapsed < 100, `rendered in ${elapsed.toFixed(1)} ms`);
    assert.ok(text.length < 200_000, `${text.length} characters`);
  });

  it('selects by name with a bounded heap, for any input order and any limit', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ name: `n${(i * 271) % 500}` }));
    const sorted = items.map((i) => i.name).sort();
    for (const max of [0, 1, 2, 7, 499, 500, 800]) {
      const { chosen, omitted } = firstByName(items, max);
      assert.deepEqual(chosen.map((c) => c.name), sorted.slice(0, max), `max ${max}`);
      assert.equal(omitted, Math.max(0, 500 - max));
    }
  });

  it('keeps histogram buckets per the format: le is inclusive', () => {
    const histogram = new Histogram([1, 2]);
    for (const value of [0.5, 1, 1.5, 2, 3, NaN]) histogram.observe(value);
    const out = new Exposition();
    histogram.write(out, 'h', 'a histogram');
    const family = parseExposition(out.text()).get('h')!;
    assert.deepEqual(family.samples.map((s) => [s.name, s.labels.le ?? '', s.value]), [
      ['h_bucket', '1', 2], ['h_bucket', '2', 4], ['h_bucket', '+Inf', 5], ['h_sum', '', 8], ['h_count', '', 5],
    ]);
    assert.throws(() => new Histogram([2, 1]), RangeError);
  });

  it('passes promtool check metrics, when promtool is installed', async (t) => {
    const found = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
    // CI installs promtool (scripts/install-test-deps.sh): there a missing one is a failure.
    if (found.error) {
      assert.ok(!process.env.CI, 'promtool is not installed (apt-get install prometheus)');
      t.skip('promtool is not installed (apt-get install prometheus)');
      return;
    }
    const h = await startHarness(t);
    await h.call('POST', '/api/v1/monitors', { body: { name: 'shop', url: 'https://shop.example/' } });
    await h.service.recordCheck(check('shop', 'up', 42, Date.parse('2026-03-01T00:00:00Z')), 12);
    const text = (await h.call('GET', '/metrics')).text;
    const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.equal(`${result.stdout}${result.stderr}`.trim(), '', 'no lint warnings');
  });
});
