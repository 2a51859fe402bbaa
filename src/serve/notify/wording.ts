// The sentences an alert carries. The reason and the fixes come from the diagnosis verdict
// (src/diagnose/verdict.ts, src/core/knowledge/causes.ts); this file only frames them: who, since
// when, for whom, for how long.
import type { Scope, Status, Verdict } from '../../core/model.js';
import { formatSpan, lowerFirst } from '../../core/render/text.js';
import { whereWords } from '../vantage/agreement.js';

const STATUS_WORDS: Record<Status, string> = { down: 'down', degraded: 'degraded', unknown: 'failing', up: 'up' };
const SCOPE_WORDS: Record<Scope, string> = {
  'everyone': ' for everyone',
  'some-vantages': ' for some visitors',
  'this-vantage': ' from this vantage point',
  'unknown': '',
};

export function statusWord(verdict: Verdict): string {
  return STATUS_WORDS[verdict.status];
}

/** "shop is down for everyone since 10:02 UTC — 502 written by nginx — …. Fix: …." */
export function openedText(monitor: string, verdict: Verdict, since: string): string {
  // Seen from several vantages: name them ("down from fra-1 and nyc-1, fine from sgp-1, since …").
  const where = verdict.vantages && verdict.vantages.length > 1 ? ` ${whereWords(verdict.vantages)},` : SCOPE_WORDS[verdict.scope];
  return `${monitor} is ${statusWord(verdict)}${where} since ${clock(since, since)} — ${reason(verdict)}${firstFix(verdict)}`;
}

export function updatedText(monitor: string, verdict: Verdict, since: string, at: string): string {
  return `${monitor} is still ${statusWord(verdict)} (since ${clock(since, at)}) and the cause changed — ${reason(verdict)}${firstFix(verdict)}`;
}

/** "shop is up again after 12 min (down since 10:02 UTC)." */
export function closedText(monitor: string, verdict: Verdict, since: string, at: string, durationSeconds: number): string {
  return `${monitor} is up again after ${formatSpan(durationSeconds)} (${statusWord(verdict)} since ${clock(since, at)}).`;
}

export function flappingText(monitor: string, verdict: Verdict): string {
  return `${monitor} is flapping: it keeps going ${statusWord(verdict)} and coming back. Latest — ${reason(verdict)}${firstFix(verdict)}`;
}

/**
 * The verdict's summary without its "host is down: " lead (the alert says that in its own
 * words, with the monitor's name), always ending in a full stop.
 */
export function reason(verdict: Verdict): string {
  const text = verdict.summary.replace(/^\S+ is (?:up|degraded|down|unknown): /, '').trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function firstFix(verdict: Verdict): string {
  const fix = verdict.fixes[0]?.trim().replace(/\.$/, '');
  return fix ? ` Fix: ${lowerFirst(fix)}.` : '';
}

/** "10:02 UTC" when `time` falls on the same UTC day as `reference`, else "2026-11-27 10:02 UTC". */
export function clock(time: string, reference: string): string {
  const iso = new Date(time).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(reference).toISOString().slice(0, 10);
  return `${sameDay ? '' : `${iso.slice(0, 10)} `}${iso.slice(11, 16)} UTC`;
}

