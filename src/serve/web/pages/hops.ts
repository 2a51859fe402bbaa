// The way a request travels, as the incident page draws it: client → DNS → TCP → TLS → CDN/WAF →
// gateway → origin, each hop passed, failed (the verdict's hop), not reached (after it), or not
// used (a step that was skipped: no DNS for an address, no TLS for http://). Pure, for the tests.
import type { DiagnoseReport, Hop, Verdict } from '../../../core/model.js';

export type HopState = 'passed' | 'failed' | 'warned' | 'not-reached' | 'not-used' | 'unknown';

export interface HopCell {
  id: 'client' | 'dns' | 'tcp' | 'tls' | 'edge' | 'gateway' | 'origin';
  label: string;
  state: HopState;
  /** A few words under the label: what whydown saw there. */
  note: string;
}

const ORDER: readonly { id: HopCell['id']; label: string; hops: readonly Hop[] }[] = [
  { id: 'client', label: 'Client', hops: ['client'] },
  { id: 'dns', label: 'DNS', hops: ['dns'] },
  { id: 'tcp', label: 'TCP', hops: ['network'] },
  { id: 'tls', label: 'TLS', hops: ['tls'] },
  { id: 'edge', label: 'CDN / WAF', hops: ['cdn', 'waf'] },
  { id: 'gateway', label: 'Gateway', hops: ['gateway'] },
  { id: 'origin', label: 'Origin', hops: ['origin'] },
];

export const STATE_WORDS: Record<HopState, string> = {
  passed: 'passed',
  failed: 'failed here',
  warned: 'trouble here',
  'not-reached': 'not reached',
  'not-used': 'not used',
  unknown: 'unknown',
};

/** The strip for a verdict and, when stored, the diagnosis it came from (its steps say what was skipped). */
export function hopStrip(verdict: Verdict, report: Pick<DiagnoseReport, 'url' | 'steps'> | null): HopCell[] {
  const failing = ORDER.findIndex((entry) => entry.hops.includes(verdict.hop));
  const unknown = verdict.status !== 'up' && failing < 0;
  const step = (id: string) => report?.steps.find((s) => s.id === id);
  const https = report ? report.url.toLowerCase().startsWith('https:') : true;
  return ORDER.map((entry, index): HopCell => {
    const cell = (state: HopState, note: string): HopCell => ({ id: entry.id, label: entry.label, state, note });
    if (index === failing && verdict.status !== 'up') return cell(verdict.status === 'degraded' ? 'warned' : 'failed', verdict.cause);
    if (unknown) return cell(index === 0 ? 'passed' : 'unknown', index === 0 ? 'whydown' : '');
    if (failing >= 0 && index > failing && verdict.status !== 'up') return cell('not-reached', '');
    if (entry.id === 'dns' && step('dns')?.result === 'skip') return cell('not-used', 'an address, no lookup');
    if (entry.id === 'tls' && (!https || step('tls')?.result === 'skip')) return cell('not-used', https ? '' : 'plain http');
    if (entry.id === 'edge' && step('cdn')?.result === 'skip') return cell('not-used', 'none seen');
    const edge = entry.id === 'edge' ? step('cdn')?.evidence.edge : undefined;
    return cell('passed', typeof edge === 'string' ? edge : '');
  });
}
