// Uptime figures as people read them, for the CLI, the API's text answers and alert messages:
// "March 2026: 99.93% up, 3 outages (12 min, 4 min, 15 min), MTTR 10.3 min, longest 15 min;
// maintenance 2 h excluded".
import type { CalendarPeriod } from './calendar.js';
import type { CrawlRisk } from './crawl-risk.js';
import type { UptimeSummary } from './types.js';
import { formatSpan, trimDecimal } from '../../core/render/text.js';

const LISTED_OUTAGES = 10;


/**
 * Two decimals, rounded down: any downtime at all shows as less than 100% (99.9996% is "99.99%",
 * never "100.00%"). Computed from whole milliseconds so float noise cannot drop a digit.
 */
export { formatSpan };

export function formatPercent(summary: Pick<UptimeSummary, 'countedSeconds' | 'downtimeSeconds'>): string {
  const counted = Math.round(summary.countedSeconds * 1000);
  const down = Math.round(summary.downtimeSeconds * 1000);
  if (counted <= 0) return 'n/a';
  if (down === 0) return '100%';
  const hundredths = Math.floor(((counted - down) * 10_000) / counted);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}%`;
}

/** `March 2026`, `29 March 2026`, `Week 13 of 2026`, `2026`. */
export function periodTitle(period: Pick<CalendarPeriod, 'unit' | 'key'>): string {
  const [year, month = '1', day = '1'] = period.key.split('-');
  const date = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date);
  switch (period.unit) {
    case 'day':
      return format({ day: 'numeric', month: 'long', year: 'numeric' });
    case 'week':
      return `Week ${Number(period.key.slice(6))} of ${year}`;
    case 'month':
      return format({ month: 'long', year: 'numeric' });
    case 'year':
      return String(year);
  }
}

/** One line: title, uptime, outages, MTTR, longest, maintenance excluded, partial observation. */
export function formatUptimeLine(title: string, summary: UptimeSummary, timeZone = 'UTC'): string {
  if (summary.uptimePercent === null) {
    return summary.observedFrom === null ? `${title}: not monitored` : `${title}: all in maintenance (${formatSpan(summary.maintenanceSeconds)})`;
  }
  const parts = [`${formatPercent(summary)} up`];
  const outages = summary.outages;
  if (outages.length === 0) {
    parts.push('no outages');
  } else {
    const listed = outages.slice(0, LISTED_OUTAGES).map((o) => `${formatSpan(o.durationSeconds)}${o.ongoing ? ' ongoing' : ''}`);
    if (outages.length > LISTED_OUTAGES) listed.push(`and ${outages.length - LISTED_OUTAGES} more`);
    parts.push(`${outages.length} outage${outages.length === 1 ? '' : 's'} (${listed.join(', ')})`);
    if (summary.mttrSeconds !== null) parts.push(`MTTR ${formatSpan(summary.mttrSeconds)}`);
    parts.push(`longest ${formatSpan(summary.longestSeconds ?? 0)}`);
  }
  const notes: string[] = [];
  if (summary.maintenanceSeconds > 0) notes.push(`maintenance ${formatSpan(summary.maintenanceSeconds)} excluded`);
  if (summary.observedFrom !== null && summary.observedFrom !== summary.from) notes.push(`monitored from ${formatDay(summary.observedFrom, timeZone)}`);
  return `${title}: ${parts.join(', ')}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`;
}

/** The line, then one warning line per search-ranking risk, each with its source. */
export function formatUptimeReport(title: string, summary: UptimeSummary, risks: readonly CrawlRisk[], timeZone = 'UTC'): string {
  const lines = [formatUptimeLine(title, summary, timeZone)];
  for (const risk of risks) {
    const until = risk.end ? ` to ${formatTime(risk.end, timeZone)}` : ', still going on';
    lines.push(`Warning (${formatTime(risk.start, timeZone)}${until}): ${risk.message} Source: ${risk.source}`);
  }
  return lines.join('\n');
}

function formatDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone }).format(Date.parse(iso));
}

function formatTime(iso: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(Date.parse(iso));
  return `${text}${timeZone === 'UTC' ? ' UTC' : ''}`;
}

