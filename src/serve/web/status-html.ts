// A status page as HTML: overall state, each monitor with its cause and 90 daily bars, open and
// recent incidents, maintenance. Every value from the config or the store goes through escapeHtml.
import { escapeHtml as e } from './escape.js';
import { duration, OVERALL_WORDS, percent, STATE_WORDS, when } from './format.js';
import { layout } from './layout.js';
import type { DayBar, PublicIncident, PublicMonitor, PublicWindow, StatusView } from './status-view.js';

export function statusPageHtml(view: StatusView): string {
  const feed = `/status/${encodeURIComponent(view.slug)}/feed.atom`;
  const body = `<header class="site" role="banner">
<h1>${e(view.title)}</h1>
<a href="${e(feed)}">Subscribe (Atom)</a>
</header>
<main id="main">
<p class="overall ${view.state}" role="status">${OVERALL_WORDS[view.state]}</p>
${view.maintenance.length ? `<section aria-labelledby="h-maint"><h2 id="h-maint">Maintenance</h2><ul class="plain">${view.maintenance.map(windowItem).join('')}</ul></section>` : ''}
<section aria-labelledby="h-mon"><h2 id="h-mon">Services</h2>
<ul class="plain">${view.monitors.map(monitorItem).join('\n')}</ul>
</section>
<section aria-labelledby="h-inc"><h2 id="h-inc">Incidents</h2>
${view.incidents.length ? `<ul class="plain">${view.incidents.map(incidentItem).join('\n')}</ul>` : '<p class="muted">No incidents in the last 30 days.</p>'}
</section>
<p class="muted">Updated ${e(when(view.generatedAt))}</p>
</main>`;
  return layout({
    title: view.title,
    head: `<link rel="alternate" type="application/atom+xml" title="${e(view.title)}" href="${e(feed)}">`,
    body,
  });
}

function monitorItem(m: PublicMonitor): string {
  const summary = `Uptime over the last ${m.days.length} days: ${percent(m.uptimePercent)}`;
  return `<li class="card">
<div class="row"><span class="name">${e(m.name)}</span><span class="state s-${m.state}">${STATE_WORDS[m.state]}</span></div>
${m.cause ? `<p class="cause">${e(m.cause)}</p>` : ''}
<div class="bars" role="img" aria-label="${e(summary)}">${m.days.map(bar).join('')}</div>
<div class="scale muted"><span>${m.days.length} days ago</span><span>${e(m.uptimePercent === null ? 'no data yet' : `${percent(m.uptimePercent)} uptime`)}</span><span>Today</span></div>
</li>`;
}

function bar(d: DayBar): string {
  const level = d.uptimePercent === null ? '' : d.uptimePercent >= 99.9 ? ' b-full' : d.uptimePercent >= 95 ? ' b-most' : ' b-low';
  return `<span class="bar${level}" title="${e(`${d.date}: ${percent(d.uptimePercent)}`)}"></span>`;
}

function incidentItem(i: PublicIncident): string {
  const open = i.closedAt === null;
  const span = open ? `Since ${when(i.openedAt)} (${duration(i.durationSeconds)} so far)` : `${when(i.openedAt)} to ${when(i.closedAt!)} (${duration(i.durationSeconds)})`;
  return `<li class="card incident${open ? ' open' : ''}">
<h3>${e(i.monitor)}: ${e(i.cause)}</h3>
<p class="muted">${open ? 'Ongoing. ' : 'Resolved. '}${e(span)}</p>
</li>`;
}

function windowItem(w: PublicWindow): string {
  return `<li class="card window">
<h3>${w.ongoing ? 'Maintenance in progress' : 'Scheduled maintenance'}: ${e(w.monitors.join(', '))}</h3>
<p class="muted">${e(when(w.start))} to ${e(when(w.end))}</p>
</li>`;
}
