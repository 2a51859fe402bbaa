// "Read the error page": who wrote the failing response (and who stands in front of the site),
// from its status, headers and body.
import { fingerprint, type Fingerprint } from '../../core/fingerprint/index.js';
import type { ProbeResult } from '../../core/probe/types.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';
import { isBroken } from './extra-attempt.js';

export const FINGERPRINT_TITLE = 'Read the error page: who wrote it';

export interface FingerprintEvidence {
  /** The fingerprint of the response the verdict is about (the most common broken one, or a good one). */
  primary: Fingerprint | null;
  /** The response it was read from. */
  response: ProbeResult | null;
}

export const fingerprintStep: ChecklistStep<'fingerprint'> = { id: 'fingerprint', title: FINGERPRINT_TITLE, needs: ['reload'], run: runFingerprint };

async function runFingerprint(context: DiagnoseContext): Promise<StepOutcome<FingerprintEvidence>> {
  const { attempts } = await context.need('reload');
  const withResponse = attempts.filter((a) => a.status !== null);
  const broken = withResponse.filter(isBroken);
  const response = mostCommonStatus(broken.length > 0 ? broken : withResponse);
  if (!response) {
    return {
      report: { id: 'fingerprint', title: FINGERPRINT_TITLE, result: 'skip', detail: 'no HTTP response to read', evidence: {} },
      evidence: { primary: null, response: null },
    };
  }
  const primary = fingerprint({ status: response.status!, headers: response.headers, body: response.bodySample });
  const parts: string[] = [];
  if (primary.generatedBy) parts.push(`${response.status} written by ${primary.generatedBy} (${primary.generatorEvidence.join('; ')})`);
  else parts.push(`${response.status}: the page names no software${primary.server ? ` (Server: ${primary.server})` : ''}`);
  if (primary.edge && primary.edge !== primary.generatedBy) parts.push(`behind ${primary.edge} (${primary.edgeEvidence.join('; ')})`);
  if (primary.waf) parts.push(`${primary.waf.vendor} ${primary.waf.kind} page (${primary.waf.evidence.join('; ')})`);
  if (primary.vendorCode) parts.push(`vendor code ${primary.vendorCode}`);
  if (primary.detail) parts.push(`the page says: "${primary.detail}"`);
  return {
    report: {
      id: 'fingerprint', title: FINGERPRINT_TITLE, result: isBroken(response) ? 'warn' : 'pass', detail: parts.join('; '),
      evidence: { status: response.status, ...primary },
    },
    evidence: { primary, response },
  };
}

function mostCommonStatus(results: ProbeResult[]): ProbeResult | null {
  const counts = new Map<number, number>();
  for (const r of results) counts.set(r.status!, (counts.get(r.status!) ?? 0) + 1);
  let best: ProbeResult | null = null;
  for (const r of results) if (!best || counts.get(r.status!)! > counts.get(best.status!)!) best = r;
  return best;
}
