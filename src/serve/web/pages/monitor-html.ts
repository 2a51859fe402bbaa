// The monitor page: state and target, the response time by phase as a uPlot chart (the
// monitor-chart island draws it from the JSON embedded in the page; without script a table of
// averages stands in), uptime per day / week / month, and the latest incidents.
import { clientAsset } from '../assets.js';
import { escapeHtml as e } from '../escape.js';
import { duration, percent } from '../format.js';
import { script, signedInPage, time } from './chrome.js';
import { embeddableJson, PHASES, PHASE_LABELS } from './chart-data.js';
import { incidentHref } from './incident-view.js';
import { RANGES, type MonitorPageView, type RangeName } from './monitor-view.js';

const STATE_WORDS: Record<string, string> = { up: 'Up', degraded: 'Degraded', down: 'Down', unknown: 'Not checked yet', paused: 'Paused' };

/** The id of the empty element the dashboard fills with its pause / edit / delete forms. */
export const ACTIONS_SLOT_ID = 'monitor-actions';

export function monitorPageHtml(view: MonitorPageView): string {
  const self = `/monitors/${encodeURIComponent(view.name)}`;
  const uplotCss = clientAsset('uplot.css')?.path;
  const ranges = (Object.keys(RANGES) as RangeName[]).map((r) => (r === view.range ? `<a aria-current="true" href="${e(`${self}?range=${r}`)}">${r}</a>` : `<a href="${e(`${self}?range=${r}`)}">${r}</a>`)).join('');
  const body = `<main id="main">
<p class="crumbs muted"><a href="/incidents?monitor=${e(encodeURIComponent(view.name))}">Incidents</a></p>
<header class="site"><h1>${e(view.name)}</h1><span class="state s-${view.state === 'paused' ? 'maintenance' : e(view.state)}" data-state="${e(view.state)}">${e(STATE_WORDS[view.state] ?? view.state)}</span></header>
<!-- slot: the dashboard's actions for this monitor (pause / resume, edit, delete) go here -->
<div class="actions-slot" id="${ACTIONS_SLOT_ID}" data-monitor="${e(view.name)}"></div>
<dl class="facts">
<dt>Target</dt><dd><code>${e(view.url)}</code></dd>
<dt>Type</dt><dd>${e(view.type)}${view.interval ? `, every ${e(view.interval)}` : ''}</dd>
<dt>Defined in</dt><dd>${view.source === 'config' ? 'the config file' : 'the API'}</dd>
<dt>Last check</dt><dd>${view.last ? `${time(view.last.at)}: ${e(view.last.status)} (<code>${e(view.last.cause)}</code>)` : 'none yet'}</dd>
${view.paused ? '<dt>Checks</dt><dd>paused: not checked until resumed</dd>' : ''}
</dl>
<section aria-labelledby="h-chart"><h2 id="h-chart">Response time by phase</h2>
<nav class="ranges" aria-label="Time range">${ranges}</nav>
<div class="chart" id="phase-chart" role="img" aria-label="${e(`Response time by phase over the last ${view.range}, ${view.checks} checks`)}" data-range="${view.range}">
${view.checks ? averagesTable(view) : `<p class="fallback muted">No checks in the last ${e(view.range)}.</p>`}
</div>
${view.partialSince ? `<p class="muted">The range holds more checks than a chart reads: shown are the newest ${view.checks}, since ${time(view.partialSince)}.</p>` : ''}
<script type="application/json" id="phase-chart-data">${embeddableJson(view.chart)}</script>
</section>
<section aria-labelledby="h-uptime"><h2 id="h-uptime">Uptime</h2>
<div class="uptime">${view.uptime.map((u) => `<div class="card"><p class="muted">${e(u.label)}</p><p class="big">${e(percent(u.percent))}</p><p class="muted">${u.downtimeSeconds > 0 ? `${e(duration(u.downtimeSeconds))} down` : 'no downtime'}</p></div>`).join('')}</div>
</section>
<section aria-labelledby="h-inc"><h2 id="h-inc">Incidents</h2>
${view.incidents.length ? `<ul class="plain">${view.incidents.map((i) => `<li class="card incident${i.closedAt === null ? ' open' : ''}"><a href="${incidentHref(i.id)}">Incident ${i.id}</a>: ${e(i.verdict.cause)} at ${e(i.verdict.hop)} <span class="muted">— ${time(i.openedAt)}${i.closedAt ? ` to ${time(i.closedAt)}` : ', open'}</span></li>`).join('')}</ul>
<p><a href="/incidents?monitor=${e(encodeURIComponent(view.name))}">All incidents of ${e(view.name)}</a></p>` : '<p class="muted">No incidents.</p>'}
</section>
</main>`;
  const head = [uplotCss ? `<link rel="stylesheet" href="${e(uplotCss)}">` : '', script('monitor-chart.js')].filter(Boolean).join('\n');
  return signedInPage({ title: view.name, body, head });
}

/** Without script (or before it runs): each phase's average over the range, in words. */
function averagesTable(view: MonitorPageView): string {
  if (view.chart.series.every((column) => column.every((v) => v === null))) {
    return `<p class="fallback muted">${view.checks} checks in the last ${e(view.range)}, none got an answer to time.</p>`;
  }
  const cells = PHASES.map((phase, i) => {
    const values = view.chart.series[i]!.filter((v): v is number => v !== null);
    const avg = values.length ? `${Math.round(values.reduce((a, b) => a + b, 0) / values.length)} ms` : '—';
    return `<tr><th scope="row">${e(PHASE_LABELS[phase])}</th><td>${e(avg)}</td></tr>`;
  }).join('');
  return `<table class="grid fallback"><caption class="muted">Average over ${view.checks} checks</caption><tbody>${cells}</tbody></table>`;
}
