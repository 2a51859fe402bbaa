// The incident page: the newest diagnosis as a picture on top, the timeline, then the earlier
// diagnoses folded away. A pure function of the view (incident-view.ts).
import { escapeHtml as e } from '../escape.js';
import { duration } from '../format.js';
import { signedInPage, time } from './chrome.js';
import { diagnosisHtml } from './diagnosis-html.js';
import type { IncidentPageView } from './incident-view.js';

const STATUS_WORDS = { up: 'Up', degraded: 'Degraded', down: 'Down', unknown: 'Unknown' } as const;

export function incidentPageHtml(view: IncidentPageView): string {
  const v = view.current.verdict;
  const open = view.closedAt === null;
  const span = open
    ? `Open since ${time(view.openedAt)} (${e(duration(view.durationSeconds))} so far)`
    : `${time(view.openedAt)} to ${time(view.closedAt!)} (${e(duration(view.durationSeconds))})`;
  const body = `<main id="main">
<p class="crumbs muted"><a href="/incidents">Incidents</a> › <a href="${e(view.monitorHref)}">${e(view.monitor)}</a></p>
<h1>Incident ${view.id}: ${e(view.monitor)}</h1>
<p class="overall ${open ? v.status : 'up'}" role="status">${open ? e(STATUS_WORDS[v.status]) : 'Resolved'} — ${e(view.current.causeTitle)}</p>
<p class="muted">${span}</p>
<section aria-labelledby="h-diag"><h2 id="h-diag">${view.earlier.length ? 'Latest diagnosis' : 'Diagnosis'}</h2>
${diagnosisHtml(view.current, 'd-current')}
</section>
<section aria-labelledby="h-time"><h2 id="h-time">Timeline</h2>
<ol class="timeline">${view.timeline.map((t) => `<li class="t-${t.kind}">${moment(t.at, t.until)} ${e(t.text)}</li>`).join('')}</ol>
${view.checksLeftOut > 0 ? `<p class="muted">${view.checksLeftOut} earlier checks not listed.</p>` : ''}
</section>
${view.earlier.length ? `<section aria-labelledby="h-earlier"><h2 id="h-earlier">Earlier diagnoses</h2>
${view.earlier.map((d) => `<details class="card"><summary>${d.index === 0 ? 'When the incident opened' : `Re-diagnosis ${d.index}`}, ${time(d.at)}: <code>${e(d.verdict.cause)}</code> at ${e(d.verdict.hop)}</summary>
${diagnosisHtml(d, `d-${d.index}`, true)}</details>`).join('\n')}
</section>` : ''}
</main>`;
  return signedInPage({ title: `Incident ${view.id}: ${view.monitor}`, body });
}

/** A timeline entry's time to the second, in UTC (checks come seconds apart); a run as `start–end`. */
function moment(at: string, until: string | undefined): string {
  const text = (iso: string, day: boolean) => `${day ? `${iso.slice(0, 10)} ` : ''}${iso.slice(11, 19)}`;
  const start = `<time datetime="${e(at)}">${e(text(at, true))}</time>`;
  if (!until) return `${start} UTC`;
  return `${start}–<time datetime="${e(until)}">${e(text(until, until.slice(0, 10) !== at.slice(0, 10)))}</time> UTC`;
}
