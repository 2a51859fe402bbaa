// The incidents list: open ones first (all of them, or those of one monitor), then the closed
// ones newest first, a page at a time (the store's keyset cursor, so paging stays stable while
// incidents open and close). The view builder and the page in one small file.
import type { MonitorService } from '../../engine/types.js';
import type { IncidentRecord } from '../../store/types.js';
import { escapeHtml as e } from '../escape.js';
import { duration } from '../format.js';
import { signedInPage, time } from './chrome.js';
import { incidentHref, monitorHref } from './incident-view.js';

export const LIST_PAGE = 25;

export interface IncidentsListView {
  monitor: string | null;
  /** Open incidents: on the first page only. */
  open: IncidentRecord[];
  closed: IncidentRecord[];
  /** The href of the next page of closed incidents; null on the last. */
  next: string | null;
  firstPage: boolean;
  now: number;
}

export async function buildIncidentsList(service: MonitorService, monitor: string | null, cursor: string | null, now: number): Promise<IncidentsListView> {
  const filter = monitor ? { monitor } : {};
  const open = cursor ? [] : (await service.store.listIncidents({ ...filter, open: true, limit: 100 })).incidents;
  const page = await service.store.listIncidents({ ...filter, open: false, limit: LIST_PAGE, cursor });
  const query = (c: string) => `/incidents?${new URLSearchParams({ ...(monitor ? { monitor } : {}), cursor: c }).toString()}`;
  return { monitor, open, closed: page.incidents, next: page.next ? query(page.next) : null, firstPage: cursor === null, now };
}

export function incidentsListHtml(view: IncidentsListView): string {
  const heading = view.monitor ? `Incidents of ${view.monitor}` : 'Incidents';
  const body = `<main id="main">
<h1>${e(heading)}</h1>
<form class="filter" method="get" action="/incidents" role="search">
<label>Monitor <input name="monitor" value="${e(view.monitor ?? '')}" autocomplete="off" spellcheck="false"></label>
<button type="submit">Filter</button>${view.monitor ? ' <a href="/incidents">All monitors</a>' : ''}
</form>
${view.firstPage ? `<section aria-labelledby="h-open"><h2 id="h-open">Open</h2>
${view.open.length ? `<ul class="plain">${view.open.map((i) => item(i, view.now)).join('\n')}</ul>` : '<p class="muted">No open incidents.</p>'}
</section>` : ''}
<section aria-labelledby="h-recent"><h2 id="h-recent">${view.firstPage ? 'Recent' : 'Older'}</h2>
${view.closed.length ? `<ul class="plain">${view.closed.map((i) => item(i, view.now)).join('\n')}</ul>` : '<p class="muted">No closed incidents.</p>'}
</section>
<nav class="pager" aria-label="Pages">${view.firstPage ? '<span></span>' : `<a href="${view.monitor ? `/incidents?monitor=${e(encodeURIComponent(view.monitor))}` : '/incidents'}">Newest</a>`}${view.next ? `<a href="${e(view.next)}" rel="next">Older incidents</a>` : ''}</nav>
</main>`;
  return signedInPage({ title: heading, body });
}

function item(i: IncidentRecord, now: number): string {
  const open = i.closedAt === null;
  const seconds = ((open ? now : Date.parse(i.closedAt!)) - Date.parse(i.openedAt)) / 1000;
  return `<li class="card incident${open ? ' open' : ''}">
<div class="row"><a class="name" href="${incidentHref(i.id)}">Incident ${i.id}: ${e(i.monitor)}</a><span class="state s-${open ? e(i.verdict.status) : 'up'}">${open ? 'Open' : 'Resolved'}</span></div>
<p class="cause">${e(i.verdict.summary)}</p>
<p class="muted"><code>${e(i.verdict.cause)}</code> at ${e(i.verdict.hop)} · ${time(i.openedAt)} · ${e(duration(Math.max(0, seconds)))}${open ? ' so far' : ''} · <a href="${e(monitorHref(i.monitor))}">monitor</a></p>
</li>`;
}
