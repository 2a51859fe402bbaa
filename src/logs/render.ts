// The human summary of `whydown logs`: counts by cause, top upstreams, a timeline, what to do.
// Wording of causes and fixes comes from knowledge/causes.ts, as for `diagnose`.
import type { Style } from '../core/render/style.js';
import { describeCause } from '../core/knowledge/causes.js';
import type { Cause } from '../core/model.js';
import { ACCESS_NOTE, ERROR_LOGS, type AccessSummary, type TimeStats } from './access-summary.js';
import type { LogSummary } from './summary.js';

const TOP_UPSTREAMS = 8;
const FIX_CAUSES = 3;
const TIMELINE_ROWS = 24;
const BAR_WIDTH = 30;

export function renderSummary(summary: LogSummary, style: Style): string {
  const out: string[] = [];
  // Lines of files in no known format are not "skipped" by a parser: their file line says so.
  const skipped = { other: 0, corrupt: 0, tooLong: 0 };
  for (const input of summary.inputs) {
    if (input.server === null) continue;
    skipped.other += input.skipped.other;
    skipped.corrupt += input.skipped.corrupt;
    skipped.tooLong += input.skipped.tooLong;
  }
  const files = summary.inputs.length;
  const failures = summary.recognised;
  const access = summary.access;
  const accessRead = summary.inputs.some((input) => input.server === 'access');
  out.push(`${style.bold('whydown logs')}  ${plural(files, 'file')}, ${plural(summary.lines, 'line')} read, `
    + `${style.bold(plural(failures, 'upstream failure'))} found`
    + (accessRead ? `, ${style.bold(`${fmt(access.responses)} 5xx response${access.responses === 1 ? '' : 's'}`)} in access logs` : ''));
  for (const input of summary.inputs) {
    const truncated = input.truncated ? style.yellow(' (gzip stream ended early)') : '';
    const about = input.server === null ? 'no recognised log lines'
      : input.server === 'access' ? `access log (combined/common), ${fmt(input.lines)} lines, ${fmt(input.recognised)} 5xx responses`
        : `${input.server} ${input.server === 'squid' ? 'log' : 'error log'}, ${fmt(input.lines)} lines, ${fmt(input.recognised)} failures`;
    out.push(style.dim(`  ${input.file}: ${about}${input.server === null ? ` (${fmt(input.lines)} lines)` : ''}${truncated}`));
  }
  const notes = [
    skipped.other > 0 ? `${fmt(skipped.other)} not about failures` : '',
    skipped.corrupt > 0 ? `${fmt(skipped.corrupt)} binary or corrupt` : '',
    skipped.tooLong > 0 ? `${fmt(skipped.tooLong)} too long` : '',
  ].filter(Boolean);
  if (notes.length > 0) out.push(style.dim(`  lines skipped: ${notes.join(', ')}`));
  if (summary.firstAt !== null && summary.lastAt !== null) {
    out.push(style.dim(`  from ${localTime(summary.firstAt)} to ${localTime(summary.lastAt)} (local time)`));
  }
  // Access logs' 5xx come after the causes the error logs give (alone when no error log was read).
  const accessPart = accessRead ? renderAccess(access, style) : [];
  if (failures === 0) {
    out.push(...accessPart);
    if (!accessRead) out.push('', 'No upstream failures in these logs.');
    if (summary.inputs.some((input) => input.server === null)) {
      out.push(style.dim('No recognised log lines in some files: whydown reads the error logs of nginx, Apache, HAProxy, Varnish,'),
        style.dim('php-fpm, Caddy, lighttpd and Squid, and combined/common access logs (name a format with --server).'));
    }
    return `${out.join('\n')}\n`;
  }

  const causes = summary.causes();
  const width = Math.max(...causes.map(([, n]) => fmt(n).length));
  out.push('', style.bold('Causes'));
  for (const [cause, n] of causes) {
    out.push(`  ${fmt(n).padStart(width)}  ${style.red(cause.padEnd(26))} ${describeCause(cause).title}`);
  }

  const upstreams = summary.upstreams();
  if (upstreams.length > 0) {
    out.push('', style.bold('Upstreams'));
    const uWidth = Math.max(...upstreams.slice(0, TOP_UPSTREAMS).map(([, n]) => fmt(n).length));
    for (const [upstream, n] of upstreams.slice(0, TOP_UPSTREAMS)) out.push(`  ${fmt(n).padStart(uWidth)}  ${upstream}`);
    if (upstreams.length > TOP_UPSTREAMS) out.push(style.dim(`  … and ${fmt(upstreams.length - TOP_UPSTREAMS)} more`));
  }

  const view = summary.timeline.view(TIMELINE_ROWS);
  if (view.rows.length > 0) {
    out.push('', `${style.bold('Timeline')} ${style.dim(`(per ${span(view.minutes)}, local time)`)}`);
    const max = Math.max(...view.rows.map((row) => row.total));
    const nWidth = fmt(max).length;
    let quiet = 0;
    view.rows.forEach((row, i) => {
      // A run of empty buckets is one line.
      if (row.total === 0) {
        quiet++;
        if (view.rows[i + 1]?.total !== 0) out.push(style.dim(`  ${'·'.padStart(16)}  ${quiet === 1 ? 'no failures' : `no failures for ${span(quiet * view.minutes)}`}`));
        return;
      }
      quiet = 0;
      const bar = '█'.repeat(Math.ceil((row.total / max) * BAR_WIDTH));
      const top = row.byCause.slice(0, 2).map(([cause, n]) => `${cause} ${fmt(n)}`).join(', ');
      out.push(`  ${localTime(row.start, view.minutes)}  ${fmt(row.total).padStart(nWidth)} ${style.red(bar.padEnd(BAR_WIDTH))} ${style.dim(top)}`);
    });
  }

  out.push('', style.bold('What to do'));
  for (const [cause] of causes.slice(0, FIX_CAUSES)) out.push(...fixesFor(cause, style));
  if (causes.length > FIX_CAUSES) out.push(style.dim(`  (\`whydown explain <cause>\` for the others)`));
  out.push(...accessPart);
  return `${out.join('\n')}\n`;
}

/** The 5xx lines of access logs: what failed, where, how long it took — and where the causes are. */
function renderAccess(access: AccessSummary, style: Style): string[] {
  const out: string[] = [];
  if (access.responses === 0) {
    out.push('', 'No 5xx responses in the access logs.');
    return out;
  }
  const statuses = access.byStatus();
  const width = Math.max(...statuses.map((s) => fmt(s.n).length));
  const span = access.firstAt !== null && access.lastAt !== null ? `; from ${localTime(access.firstAt)} to ${localTime(access.lastAt)}, local time` : '';
  out.push('', `${style.bold('5xx responses')} ${style.dim(`(access log: no causes${span})`)}`);
  for (const s of statuses) {
    const timing = [s.upstream ? `upstream ${seconds(s.upstream)}` : '', s.request ? `request ${seconds(s.request)}` : ''].filter(Boolean).join(', ');
    out.push(`  ${fmt(s.n).padStart(width)}  ${style.red(String(s.status))}${timing ? `  ${style.dim(timing)}` : ''}`);
  }
  for (const [title, rows] of [['Paths', access.topPaths()], ['Upstreams', access.topUpstreams()]] as const) {
    if (rows.length === 0) continue;
    out.push('', style.bold(title));
    const shown = rows.slice(0, TOP_UPSTREAMS);
    const w = Math.max(...shown.map(([, n]) => fmt(n).length));
    for (const [name, n] of shown) out.push(`  ${fmt(n).padStart(w)}  ${name}`);
    if (rows.length > TOP_UPSTREAMS) out.push(style.dim(`  … and ${fmt(rows.length - TOP_UPSTREAMS)} more`));
  }
  out.push('', style.bold('Where the causes are'), `  ${ACCESS_NOTE}`);
  const pathWidth = Math.max(...ERROR_LOGS.map((e) => e.path.length));
  for (const { server, path } of ERROR_LOGS) out.push(`    whydown logs ${path.padEnd(pathWidth)}  ${style.dim(`(${server})`)}`);
  return out;
}

/** `1.001 s` or `0.000–1.002 s (mean 0.501)` over the lines that logged it. */
function seconds(stats: TimeStats): string {
  if (stats.min === stats.max) return `${stats.min.toFixed(3)} s`;
  return `${stats.min.toFixed(3)}–${stats.max.toFixed(3)} s (mean ${stats.mean.toFixed(3)})`;
}

function fixesFor(cause: Cause, style: Style): string[] {
  const info = describeCause(cause);
  return [`  ${style.bold(info.title)} ${style.dim(`(${cause})`)}`, ...info.fixes.map((fix) => `    - ${fix}`)];
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function plural(n: number, word: string): string {
  return `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
}

function span(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? 'day' : `${fmt(minutes / 1440)} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'hour' : `${fmt(minutes / 60)} hours`;
  return minutes === 1 ? 'minute' : `${fmt(minutes)} minutes`;
}

/** `2024-05-01 10:05` in the local zone (the zone the logs' times were read in). */
function localTime(ms: number, bucketMinutes = 1): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return bucketMinutes >= 1440 ? day : `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
