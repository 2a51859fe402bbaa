// The one matcher behind every signature table: rules of cues, evidence lines, extractors.
import type { Cue, Extractor, ResponseFacts, Rule } from './types.js';
import { headerDisplayName, htmlToText, snippet } from './text.js';

/** One evidence line when the cue holds, null when it does not. */
export function testCue(cue: Cue, facts: ResponseFacts): string | null {
  if ('body' in cue) {
    const match = cue.body.exec(facts.body);
    return match ? `${cue.label ?? 'body'} "${snippet(match[0])}"` : null;
  }
  if ('header' in cue) {
    const value = facts.headers[cue.header];
    if (value === undefined || !cue.value.test(value)) return null;
    const line = `${headerDisplayName(cue.header)}: ${snippet(value, 120)}`;
    return cue.label ? `${cue.label} (${line})` : line;
  }
  if ('noHeader' in cue) {
    return facts.headers[cue.noHeader] === undefined ? (cue.label ?? `no ${headerDisplayName(cue.noHeader)} header`) : null;
  }
  if ('status' in cue) {
    const { status } = facts;
    const ok = cue.status === 'error' ? status >= 400
      : cue.status === 'success' ? status >= 200 && status < 400
      : cue.status.includes(status);
    return ok ? (cue.label ?? `status ${status}`) : null;
  }
  return facts.body.trim() === '' ? (cue.label ?? 'empty body') : null;
}

/** The evidence for a rule, or null when it does not match. Every matching `any` cue is listed. */
export function matchRule(rule: Rule, facts: ResponseFacts): string[] | null {
  const evidence: string[] = [];
  for (const cue of rule.all ?? []) {
    const line = testCue(cue, facts);
    if (line === null) return null;
    evidence.push(line);
  }
  if (rule.any) {
    const lines = rule.any.map((cue) => testCue(cue, facts)).filter((line): line is string => line !== null);
    if (lines.length === 0) return null;
    evidence.push(...lines);
  }
  for (const cue of rule.none ?? []) {
    if (testCue(cue, facts) !== null) return null;
  }
  return evidence;
}

/** Every rule of a table that matches, in table order, with its evidence. */
export function matchAll<T extends Rule>(table: readonly T[], facts: ResponseFacts): { rule: T; evidence: string[] }[] {
  const found: { rule: T; evidence: string[] }[] = [];
  for (const rule of table) {
    const evidence = matchRule(rule, facts);
    if (evidence) found.push({ rule, evidence });
  }
  return found;
}

/** The first value each extractor list yields per field; capture groups joined, HTML made text. */
export function extract(extractors: readonly Extractor[] | undefined, facts: ResponseFacts): { vendorCode: string | null; detail: string | null } {
  const out: { vendorCode: string | null; detail: string | null } = { vendorCode: null, detail: null };
  for (const extractor of extractors ?? []) {
    if (out[extractor.field] !== null) continue;
    const source = extractor.from === 'body' ? facts.body : facts.headers[extractor.from.header];
    if (source === undefined) continue;
    const match = extractor.pattern.exec(source);
    if (!match) continue;
    const value = extractor.value ?? joinSentences(match.slice(1).filter((group) => group !== undefined).map(htmlToText));
    if (value) out[extractor.field] = value;
  }
  return out;
}

/** Parts of a page joined as sentences: `Read Error` + `An error…` → `Read Error. An error…`. */
function joinSentences(parts: string[]): string {
  const kept = parts.filter(Boolean);
  if (kept.length < 2) return kept[0] ?? '';
  return kept.map((part, i) => (i < kept.length - 1 && !/[.!?:]$/.test(part) ? `${part}.` : part)).join(' ');
}
