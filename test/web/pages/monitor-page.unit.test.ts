// The monitor page's view builder over a stand-in service, and its HTML: the chart's data
// embedded safely, the state (paused too), uptime cells, the dashboard's empty actions slot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MonitorService } from '../../../src/serve/engine/types.js';
import type { IncidentRecord, MonitorRecord, ResultRecord } from '../../../src/serve/store/types.js';
import { monitorPageHtml } from '../../../src/serve/web/pages/monitor-html.js';
import { buildMonitorView, rangeOf } from '../../../src/serve/web/pages/monitor-view.js';
import { incident, result } from './sample-incident.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function service(results: ResultRecord[], incidents: IncidentRecord[]): MonitorService {
  const record: MonitorRecord = {
    name: 'shop<&>', url: 'https://shop.test/?q="<script>"', source: 'api', settings: { interval: '30s' },
    createdAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z', last: { at: '2026-03-01T11:59:30.000Z', status: 'down', cause: 'upstream-refused' },
  };
  const asked: unknown[] = [];
  const store = {
    getMonitor: async (name: string) => (name === record.name ? record : null),
    listResults: async (_name: string, options: unknown) => { asked.push(options); return results; },
    listIncidents: async () => ({ incidents, next: null }),
  };
  return { store, maintenanceIntervals: () => [] } as unknown as MonitorService;
}

describe('monitor page', () => {
  it('builds the view: state, chart of the range, uptime for day, week and month, latest incidents', async () => {
    const results = [result('2026-03-01T11:59:30.000Z', 'down', 502, { total: 3, dns: 1 }), result('2026-03-01T11:59:00.000Z', 'up', 200, { total: 9, dns: 2, tcp: 3 })];
    const closed = { ...incident(), closedAt: '2026-03-01T10:20:00.000Z' };
    const view = (await buildMonitorView(service(results, [closed]), 'shop<&>', '1h', NOW, false))!;
    assert.equal(view.state, 'down');
    assert.equal(view.checks, 2);
    assert.deepEqual(view.chart.series[0], [2, 1]);
    assert.deepEqual(view.uptime.map((u) => u.label), ['Today', 'This week', 'This month']);
    assert.equal(view.uptime[0]!.downtimeSeconds, 1200);
    assert.equal(view.incidents.length, 1);
    assert.equal(await buildMonitorView(service([], []), 'nope', '1h', NOW, false), null);
    const paused = (await buildMonitorView(service([], []), 'shop<&>', '24h', NOW, true))!;
    assert.equal(paused.state, 'paused');
    assert.match(monitorPageHtml(paused), /data-state="paused">Paused</);
  });

  it('renders escaped, with the chart data unable to close its element and the actions slot empty', async () => {
    const results = [result('2026-03-01T11:59:00.000Z', 'up', 200, { total: 9, dns: 2 })];
    const html = monitorPageHtml((await buildMonitorView(service(results, []), 'shop<&>', '24h', NOW, false))!);
    assert.ok(!html.includes('"<script>"'));
    assert.ok(html.includes('<h1>shop&lt;&amp;&gt;</h1>'));
    assert.match(html, /<div class="actions-slot" id="monitor-actions" data-monitor="shop&lt;&amp;&gt;"><\/div>/);
    const data = /<script type="application\/json" id="phase-chart-data">([^<]*)<\/script>/.exec(html);
    assert.ok(data, 'the chart data is embedded');
    assert.deepEqual(JSON.parse(data[1]!).series[0], [2]);
    assert.match(html, /aria-current="true" href="\/monitors\/shop%3C%26%3E\?range=24h"/);
  });

  it('takes a known range or the default', () => {
    assert.equal(rangeOf('7d'), '7d');
    assert.equal(rangeOf('toString'), '24h');
    assert.equal(rangeOf(null), '24h');
  });
});
