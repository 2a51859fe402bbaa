// One diagnosis drawn for a person: the hop strip, the cause in plain words, who wrote the error
// page, the fixes, then every step with its evidence and every attempt with its headers and body
// sample. Every byte from the monitored site goes through escapeHtml (bodies carry <script>).
import type { AttemptReport, StepReport } from '../../../core/model.js';
import { escapeHtml as e } from '../escape.js';
import { time } from './chrome.js';
import { STATE_WORDS, type HopCell } from './hops.js';
import type { DiagnosisView } from './incident-view.js';

const ICONS: Record<HopCell['state'], string> = { passed: '✓', failed: '✗', warned: '!', 'not-reached': '–', 'not-used': '○', unknown: '?' };
const RESULT_WORDS: Record<StepReport['result'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

export function hopStripHtml(hops: readonly HopCell[]): string {
  const failed = hops.find((h) => h.state === 'failed' || h.state === 'warned');
  const label = failed ? `The way to the site: fails at ${failed.label}` : 'The way to the site';
  return `<ol class="hops" aria-label="${e(label)}">${hops.map((h) => `<li class="h-${h.state}" data-hop="${h.id}" data-state="${h.state}"${h.state === 'failed' || h.state === 'warned' ? ' aria-current="step"' : ''}>
<span class="icon" aria-hidden="true">${ICONS[h.state]}</span><span class="label">${e(h.label)}</span><span class="what">${e(STATE_WORDS[h.state])}${h.note ? `: ${e(h.note)}` : ''}</span></li>`).join('')}</ol>`;
}

/**
 * `idPrefix` keeps the headings' ids apart when a page shows several diagnoses. `brief` leaves
 * out the steps and attempts (the downloads have them): an incident keeps up to 21 diagnoses of
 * up to 256 KiB each, and the page shows only the newest one whole.
 */
export function diagnosisHtml(d: DiagnosisView, idPrefix: string, brief = false): string {
  const v = d.verdict;
  const chain = d.chain.length
    ? `<ol>${d.chain.map((link) => `<li><strong>${e(link.software)}</strong>${link.role ? ` (${e(link.role)})` : ''}${link.evidence.length ? `: ${e(link.evidence.join('; '))}` : ''}</li>`).join('')}</ol>`
    : '';
  const facts: [string, string][] = [
    ['Hop', e(v.hop)],
    ['Cause', `<code>${e(v.cause)}</code>`],
    ['Error page written by', v.generatedBy ? `<strong>${e(v.generatedBy)}</strong>` : 'unknown (no software named by the page)'],
    ['Confidence', e(v.confidence)],
    ['Seen by', e(v.scope)],
    ['Intermittent', v.transient ? 'yes' : 'no'],
  ];
  if (v.candidates?.length) facts.push(['Likely causes', v.candidates.map((c) => `<code>${e(c)}</code>`).join(', ')]);
  if (d.url) facts.push(['URL', `<code>${e(d.url)}</code>`]);
  facts.push(['Diagnosed', `${time(d.at)}${d.durationMs !== null ? ` in ${e(Math.round(d.durationMs))} ms` : ''}`]);
  return `${hopStripHtml(d.hops)}
<p class="verdict"><strong>${e(d.causeTitle)}.</strong> ${e(d.causeMeaning)}</p>
<p>${e(v.summary)}</p>
<dl class="facts">${facts.map(([k, val]) => `<dt>${e(k)}</dt><dd>${val}</dd>`).join('')}</dl>
${chain ? `<h3 id="${idPrefix}-chain">Who wrote the error page</h3>${chain}` : ''}
${v.decideWith?.length ? `<h3 id="${idPrefix}-decide">What would tell the causes apart</h3><ul>${v.decideWith.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : ''}
<h3 id="${idPrefix}-fixes">What to do</h3>
${v.fixes.length ? `<ol class="fixes">${v.fixes.map((fix) => `<li>${withCode(fix)}</li>`).join('')}</ol>` : '<p class="muted">No fixes suggested.</p>'}
${d.downloads ? `<div class="downloads"><a class="button" href="${e(d.downloads.markdown)}" download>Download report (Markdown)</a><a class="button" href="${e(d.downloads.html)}" download>Download report (HTML)</a></div>` : '<p class="muted">Only the verdict was kept for this diagnosis: no steps, attempts or report.</p>'}
${d.trimmed ? `<p class="muted">${e(d.trimmed)}</p>` : ''}
${d.screenshot ? `<figure class="shot"><img src="${e(d.screenshot)}" alt="The page as headless Chromium showed it during this diagnosis" loading="lazy"><figcaption class="muted">The page in a browser, as the diagnosis saw it.</figcaption></figure>` : ''}
${brief ? '' : d.steps.length ? `<h3 id="${idPrefix}-steps">Steps and their evidence</h3>${d.steps.map(stepHtml).join('')}` : ''}
${brief ? '' : d.attempts.length ? `<h3 id="${idPrefix}-attempts">Attempts</h3>${d.attempts.map(attemptHtml).join('')}` : ''}`;
}

function stepHtml(step: StepReport): string {
  const evidence = Object.keys(step.evidence).length ? `<details><summary>Evidence</summary><pre>${e(JSON.stringify(step.evidence, null, 2))}</pre></details>` : '';
  return `<div class="card step"><p><span class="mark r-${step.result}">${RESULT_WORDS[step.result]}</span><strong>${e(step.title)}</strong></p><p>${e(step.detail)}</p>${evidence}</div>`;
}

function attemptHtml(a: AttemptReport, index: number): string {
  const status = a.status !== null ? `HTTP ${a.status}${a.httpVersion ? ` (HTTP/${a.httpVersion})` : ''}` : a.error ? `${a.error.code}: ${a.error.message}` : 'no answer';
  const timings = Object.entries(a.timings).map(([k, ms]) => `${k} ${Math.round(ms ?? 0)} ms`).join(' · ');
  const headers = Object.entries(a.headers);
  return `<details class="card attempt"><summary>#${index + 1} ${e(a.step)}: ${e(status)}${a.cause !== 'unknown' ? ` — <code>${e(a.cause)}</code>` : ''}</summary>
<dl class="facts"><dt>URL</dt><dd><code>${e(a.url)}</code></dd><dt>Address</dt><dd>${e(a.address ?? '—')}</dd><dt>At</dt><dd>${time(a.at)}</dd><dt>Timings</dt><dd>${e(timings)}</dd>${a.error?.detail ? `<dt>Detail</dt><dd>${e(a.error.detail)}</dd>` : ''}</dl>
${headers.length ? `<div class="scroll"><table class="grid"><caption class="muted">Response headers</caption><thead><tr><th scope="col">Header</th><th scope="col">Value</th></tr></thead><tbody>${headers.map(([k, val]) => `<tr><td>${e(k)}</td><td>${e(String(val))}</td></tr>`).join('')}</tbody></table></div>` : ''}
${a.bodySample ? `<p class="muted">Body sample (as text, never run):</p><pre class="body-sample">${e(a.bodySample)}</pre>` : ''}
</details>`;
}

/** Our own fixes mark commands with backticks: those become <code>, the rest is escaped text. */
function withCode(text: string): string {
  return text.split('`').map((part, i) => (i % 2 === 1 ? `<code>${e(part)}</code>` : e(part))).join('');
}
