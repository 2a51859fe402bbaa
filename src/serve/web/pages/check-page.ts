// `/check` for a person: a form (GET, works without script) and the answer in plain words, or
// the refusal as a friendly page with the same status code the JSON answer has. The checking
// itself (destination policy, limits, cache) stays in ../check-route.ts; this file only draws
// what that handler answered.
import { describeCause } from '../../../core/knowledge/causes.js';
import type { CheckAnswer } from '../check-answer.js';
import { escapeHtml as e } from '../escape.js';
import type { Reply } from '../../api/respond.js';
import { publicPage, time } from './chrome.js';

export interface CheckPageView {
  /** The URL as the visitor typed it ('' before the first question). */
  asked: string;
  answer: CheckAnswer | null;
  /** A refusal or a problem, in words; null with an answer or before a question. */
  problem: { status: number; title: string; text: string } | null;
}

/** Whether a request for /check wants the page rather than JSON: a browser's navigation asks for text/html. */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html >= 0 && (json < 0 || html < json);
}

/** The view from what the check handler answered. */
export function checkPageView(asked: string, reply: Reply): CheckPageView {
  if (reply.status === 200) return { asked, answer: reply.json as CheckAnswer, problem: null };
  const error = (reply.json as { error?: { code?: string; message?: string } } | undefined)?.error;
  const message = error?.message ?? '';
  const retry = reply.headers?.['Retry-After'];
  const problems: Record<number, { title: string; text: string }> = {
    400: { title: 'That is not a URL whydown can check', text: message || 'Give a web address such as https://example.com/.' },
    403: { title: 'whydown does not check that address', text: 'It points at a private, local or reserved network (or a port that is not open to checks). Only public sites can be checked from here.' },
    429: { title: 'Too many checks', text: `You (or everyone together) asked for many checks in the last minute. Try again in ${retry ?? 'a few'} seconds.` },
    503: { title: 'Busy right now', text: `whydown is checking other sites at the moment. Try again in ${retry ?? 'a few'} seconds.` },
  };
  const found = problems[reply.status] ?? { title: 'The check did not work', text: message || 'Try again in a minute.' };
  return { asked, answer: null, problem: { status: reply.status, ...found } };
}

export function checkPageHtml(view: CheckPageView): string {
  const a = view.answer;
  const body = `<main id="main">
<h1>Is it down for everyone, or just me?</h1>
<form class="check" method="get" action="/check">
<label for="check-url">Web address to check</label>
<input id="check-url" name="url" type="url" inputmode="url" required placeholder="https://example.com/" value="${e(view.asked)}" autocomplete="url" spellcheck="false">
<button class="primary" type="submit">Check</button>
</form>
${a ? answerHtml(a) : ''}
${view.problem ? `<div class="answer problem" role="alert" data-status="${view.problem.status}"><p class="big">${e(view.problem.title)}</p><p>${e(view.problem.text)}</p></div>` : ''}
<p class="muted">whydown checks the address from its own server and tells you whether it fails from here too, at which hop, and why.</p>
</main>`;
  return publicPage({ title: a ? `${a.verdict.status === 'up' ? 'Up' : 'Down'}: ${a.url}` : view.problem ? view.problem.title : 'Is it down for everyone, or just me?', body });
}

function answerHtml(a: CheckAnswer): string {
  const v = a.verdict;
  const justYou = v.status === 'up';
  const headline = justYou ? 'It is fine from here — just you.' : v.status === 'down' ? 'It is down from here too — for everyone.' : v.status === 'degraded' ? 'It is slow or partly broken from here too.' : 'We could not tell from here.';
  return `<div class="answer ${e(v.status)}" role="status" data-status="${e(v.status)}">
<p class="big">${e(headline)}</p>
<p><code>${e(a.url)}</code>, checked ${time(a.checkedAt)} from ${e(a.from)}.</p>
${justYou ? `<p>Try another network (mobile data instead of Wi-Fi), clear the browser cache, disable extensions.</p>` : `<p><strong>${e(describeCause(v.cause).title)}.</strong> ${e(describeCause(v.cause).meaning)}</p><p><strong>Where:</strong> ${e(v.hop)} · <strong>Cause:</strong> <code>${e(v.cause)}</code></p><p>${e(v.summary)}</p>`}
${!justYou && v.fixes.length ? `<details><summary>What the site's owner can do</summary><ol class="fixes">${v.fixes.map((f) => `<li>${e(f)}</li>`).join('')}</ol></details>` : ''}
</div>`;
}
