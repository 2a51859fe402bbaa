// The monitors list at `/`: a search and filter form (a plain GET, so it works without script),
// the table, and pager links. Rows carry data-monitor for the live island (dashboard-live.ts).
import { escapeHtml } from '../escape.js';
import { percent } from '../format.js';
import { CODE_STATUS, type CheckCode } from './board.js';
import { queryString, SORTS, STATUSES, PAGE_SIZES, type ListPage, type ListQuery, type ListRow, type SortKey } from './list-query.js';
import { shell } from './shell.js';

const STATUS_WORDS: Record<ListRow['status'], string> = { up: 'Up', degraded: 'Degraded', down: 'Down', unknown: 'Not checked yet' };
const SORT_WORDS: Record<SortKey, string> = { name: 'Name', status: 'Status', time: 'Response time', uptime: 'Uptime (24 h)' };

export const monitorHref = (name: string): string => `/monitors/${encodeURIComponent(name)}`;

export function checksBar(recent: readonly CheckCode[]): string {
  const counts = { up: 0, degraded: 0, down: 0 };
  for (const code of recent) if (code !== 0) counts[CODE_STATUS[code] as keyof typeof counts]++;
  const label = `Last ${recent.length} checks: ${counts.up} up, ${counts.degraded} degraded, ${counts.down} down`;
  return `<span class="checks" role="img" aria-label="${label}" title="${label}">${recent.map((c) => `<i class="c${c}"></i>`).join('')}</span>`;
}

export const latencyText = (ms: number | null): string => (ms === null ? '—' : `${Math.round(ms)} ms`);

export function rowHtml(row: ListRow): string {
  const tags = row.tags.map((tag) => `<a class="tag" href="/?tag=${encodeURIComponent(tag)}">${escapeHtml(tag)}</a>`).join('');
  return `<tr data-monitor="${escapeHtml(row.name)}">
<td data-label="Status"><span class="state s-${row.status}" data-field="status">${STATUS_WORDS[row.status]}</span><span class="cause" data-field="cause">${escapeHtml(row.cause ?? '')}</span></td>
<td><a class="name" href="${escapeHtml(monitorHref(row.name))}">${escapeHtml(row.name)}</a> <a class="muted" href="${escapeHtml(`/manage/${encodeURIComponent(row.name)}`)}" aria-label="${row.source === 'config' ? 'Settings of' : 'Edit'} ${escapeHtml(row.name)}">${row.source === 'config' ? 'settings' : 'edit'}</a><span class="url">${escapeHtml(row.url)}</span></td>
<td data-label="Last checks" data-field="checks">${checksBar(row.recent)}</td>
<td class="num" data-label="Response time" data-field="time">${latencyText(row.latencyMs)}</td>
<td class="num" data-label="Uptime (24 h)" data-field="uptime">${escapeHtml(percent(row.uptime))}</td>
<td data-label="Tags">${tags}</td>
</tr>`;
}

function sortHeader(query: ListQuery, key: SortKey): string {
  const active = query.sort === key;
  const desc = active ? !query.desc : false;
  const arrow = active ? (query.desc ? ' ↓' : ' ↑') : '';
  const sorted = active ? ` aria-sort="${query.desc ? 'descending' : 'ascending'}"` : '';
  return `<th scope="col"${sorted}><a href="/${escapeHtml(queryString(query, { sort: key, desc, page: 1 }))}">${SORT_WORDS[key]}${arrow}</a></th>`;
}

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
}

function filters(page: ListPage): string {
  const q = page.query;
  return `<form class="filters" method="get" action="/" role="search">
<div class="grow"><label for="q">Search name or URL</label><input id="q" name="q" type="search" value="${escapeHtml(q.q)}"></div>
<div><label for="status">Status</label><select id="status" name="status">${option('', 'Any', q.status === '')}${STATUSES.map((s) => option(s, STATUS_WORDS[s], q.status === s)).join('')}</select></div>
<div><label for="tag">Tag</label><select id="tag" name="tag">${option('', 'Any', q.tag === '')}${[...new Set([...page.tags, ...(q.tag ? [q.tag] : [])])].map((t) => option(t, t, q.tag === t)).join('')}</select></div>
<div><label for="sort">Sort by</label><select id="sort" name="sort">${SORTS.map((s) => option(s, SORT_WORDS[s], q.sort === s)).join('')}</select></div>
<div><label for="dir">Order</label><select id="dir" name="dir">${option('asc', 'Ascending', !q.desc)}${option('desc', 'Descending', q.desc)}</select></div>
<div><label for="per">Per page</label><select id="per" name="per">${PAGE_SIZES.map((n) => option(String(n), String(n), q.per === n)).join('')}</select></div>
<div><button type="submit">Apply</button></div>
</form>`;
}

function pager(page: ListPage): string {
  const q = page.query;
  const first = page.matched === 0 ? 0 : (page.page - 1) * q.per + 1;
  const last = Math.min(page.page * q.per, page.matched);
  const link = (label: string, to: number, rel: string): string => to >= 1 && to <= page.pages && to !== page.page
    ? `<a class="button" rel="${rel}" href="/${escapeHtml(queryString(q, { page: to }))}">${label}</a>` : `<span class="button" aria-disabled="true">${label}</span>`;
  return `<nav class="pager" aria-label="Pages">
<p class="muted" id="count">${first}–${last} of ${page.matched}${page.matched === page.total ? '' : ` matching (${page.total} monitors)`} · page ${page.page} of ${page.pages}</p>
<div class="links">${link('First', 1, 'first')}${link('Previous', page.page - 1, 'prev')}${link('Next', page.page + 1, 'next')}${link('Last', page.pages, 'last')}</div>
</nav>`;
}

export function listPage(page: ListPage, user: { name: string; csrf: string }, notice?: string): string {
  const rows = page.rows.map(rowHtml).join('\n');
  const table = page.rows.length === 0
    ? `<p class="notice info">${page.total === 0 ? 'No monitors yet.' : 'No monitor matches the search and filters.'}</p>`
    : `<div class="table-wrap"><table class="monitors" id="monitors">
<caption class="skip">Monitors</caption>
<thead><tr>${sortHeader(page.query, 'status')}${sortHeader(page.query, 'name')}<th scope="col">Last checks</th>${sortHeader(page.query, 'time')}${sortHeader(page.query, 'uptime')}<th scope="col">Tags</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
  const body = `<div class="row"><h1>Monitors</h1><a class="button primary" href="/manage/new">Add a monitor</a></div>
${notice ? `<p class="notice info" role="status">${escapeHtml(notice)}</p>` : ''}
${filters(page)}
<p class="live muted" id="live-state" aria-live="polite"></p>
${table}
${pager(page)}`;
  return shell({ title: 'Monitors', user, current: 'monitors', body, scripts: ['dashboard-live.js'] });
}
