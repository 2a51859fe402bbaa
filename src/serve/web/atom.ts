// A status page's incidents and maintenance as an Atom 1.0 feed (RFC 4287): feed and entries
// each with id, title and updated; ids are stable URNs (monitor and opening time), so a reader shows each incident once and
// updates it when it closes.
import { escapeHtml as e } from './escape.js';
import { duration, when } from './format.js';
import type { StatusView } from './status-view.js';

export function atomFeed(view: StatusView): string {
  const base = `urn:whydown:status:${view.slug}`;
  const entries: { id: string; title: string; updated: string; published: string; summary: string }[] = [];
  for (const i of view.incidents) {
    entries.push({
      id: `${base}:incident:${i.monitor}:${i.openedAt}`,
      title: `${i.monitor}: ${i.cause}${i.closedAt ? ' (resolved)' : ''}`,
      updated: i.closedAt ?? i.openedAt,
      published: i.openedAt,
      summary: i.closedAt
        ? `${i.monitor} was down from ${when(i.openedAt)} to ${when(i.closedAt)} (${duration(i.durationSeconds)}): ${i.cause}.`
        : `${i.monitor} is down since ${when(i.openedAt)}: ${i.cause}.`,
    });
  }
  for (const w of view.maintenance) {
    entries.push({
      id: `${base}:maintenance:${w.start}:${w.end}`,
      title: `Scheduled maintenance: ${w.monitors.join(', ')}`,
      updated: w.start,
      published: w.start,
      summary: `Maintenance of ${w.monitors.join(', ')} from ${when(w.start)} to ${when(w.end)}.`,
    });
  }
  const updated = entries.reduce((latest, x) => (x.updated > latest ? x.updated : latest), '1970-01-01T00:00:00.000Z');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${e(base)}</id>
<title>${e(view.title)}</title>
<updated>${e(updated)}</updated>
<author><name>${e(view.title)}</name></author>
<link rel="alternate" type="text/html" href="/status/${e(encodeURIComponent(view.slug))}"/>
<generator>whydown</generator>
${entries.map((x) => `<entry>
<id>${e(x.id)}</id>
<title>${e(x.title)}</title>
<updated>${e(x.updated)}</updated>
<published>${e(x.published)}</published>
<summary type="text">${e(x.summary)}</summary>
</entry>`).join('\n')}
</feed>
`;
}
