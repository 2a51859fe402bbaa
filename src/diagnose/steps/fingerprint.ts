// "Read the error page": who wrote the failing response (and who stands in front of the site),
// from its status, headers and body. This step is the one place that decides who wrote the page:
// the verdict's `generatedBy` is this step's, so the two never disagree.
import { readChain, type ChainHop } from '../../core/fingerprint/chain.js';
import { fingerprint, type Fingerprint } from '../../core/fingerprint/index.js';
import type { ProbeResult } from '../../core/probe/types.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';
import { isBroken } from './extra-attempt.js';
import { frontmostWriter } from './frontmost.js';
import { primaryAttempt } from './reload.js';

export const FINGERPRINT_TITLE = 'Read the error page: who wrote it';

export interface FingerprintEvidence {
  /** The fingerprint of the response the verdict is about (the most common broken one, or a good one). */
  primary: Fingerprint | null;
  /** The response it was read from. */
  response: ProbeResult | null;
  /**
   * Who wrote the failing page, as the verdict states it: only a broken response that is the
   * verdict's own, and only a page that carries its writer's marks — a Server header alone names
   * the outermost hop, which may merely relay (or cache) an application's own error page.
   */
  generatedBy: string | null;
  /** The hops the response passed: who wrote it and who only relayed it. */
  chain: ChainHop[];
}

export const fingerprintStep: ChecklistStep<'fingerprint'> = { id: 'fingerprint', title: FINGERPRINT_TITLE, needs: ['reload'], run: runFingerprint };

async function runFingerprint(context: DiagnoseContext): Promise<StepOutcome<FingerprintEvidence>> {
  const { attempts } = await context.need('reload');
  // The verdict's response when it has a page; otherwise the most common page among the others.
  const verdictsOwn = primaryAttempt(attempts);
  const withResponse = attempts.filter((a) => a.status !== null);
  const broken = withResponse.filter(isBroken);
  const response = verdictsOwn.status !== null ? verdictsOwn : mostCommonStatus(broken.length > 0 ? broken : withResponse);
  if (!response) {
    return {
      report: { id: 'fingerprint', title: FINGERPRINT_TITLE, result: 'skip', detail: 'no HTTP response to read', evidence: { generatedBy: null } },
      evidence: { primary: null, response: null, generatedBy: null, chain: [] },
    };
  }
  const primary = fingerprint({ status: response.status!, headers: response.headers, body: response.bodySample });
  const failing = isBroken(response) && response === verdictsOwn;
  // A product named only by Server stays a hint, except in the one case frontmost.ts describes.
  const frontmost = failing ? frontmostWriter(response, primary) : null;
  const generatedBy = failing && primary.generatorConfidence !== 'low' ? primary.generatedBy : frontmost?.id ?? null;
  const confidence = frontmost ? 'medium' : primary.generatorConfidence;
  const parts = [frontmost ? `${response.status} written by ${frontmost.id} (${frontmost.why})` : writer(response, primary, generatedBy, failing, attempts.length)];
  const facts = { status: response.status!, headers: response.headers, body: response.bodySample };
  const chain = readChain(facts, primary, generatedBy);
  const relays = chain.filter((h) => h.role === 'relayed');
  if (relays.length > 0) parts.push(`relayed by ${relays.map((h) => `${h.software} (${h.evidence.join('; ')})`).join(', then ')}`);
  if (primary.edge && primary.edge !== primary.generatedBy) parts.push(`behind ${primary.edge} (${primary.edgeEvidence.join('; ')})`);
  if (primary.waf) parts.push(`${primary.waf.vendor} ${primary.waf.kind} page (${primary.waf.evidence.join('; ')})`);
  if (primary.vendorCode) parts.push(`vendor code ${primary.vendorCode}`);
  if (primary.detail) parts.push(`the page says: "${primary.detail}"`);
  const { generatedBy: named, generatorConfidence: _confidence, ...rest } = primary;
  return {
    report: {
      id: 'fingerprint', title: FINGERPRINT_TITLE, result: isBroken(response) ? 'warn' : 'pass', detail: parts.join('; '),
      // `generatedBy` here is the verdict's; a product only hinted at is kept apart.
      evidence: { status: response.status, generatedBy, generatorConfidence: confidence, ...(named !== generatedBy ? { hintedBy: named } : {}), ...rest, chain },
    },
    evidence: { primary, response, generatedBy, chain },
  };
}

/** Who wrote the page, in the same words the verdict will use. */
function writer(response: ProbeResult, primary: Fingerprint, generatedBy: string | null, failing: boolean, attempts: number): string {
  const status = response.status!;
  const evidence = primary.generatorEvidence.join('; ');
  if (generatedBy) return `${status} written by ${generatedBy} (${evidence})`;
  if (!primary.generatedBy) return `${status}: the page names no software${primary.server ? ` (Server: ${primary.server})` : ''}`;
  if (!isBroken(response)) return `${status} served by ${primary.generatedBy} (${evidence})`;
  if (!failing) return `${status} in some of the ${attempts} attempts, a ${primary.generatedBy} page (${evidence}); the verdict is about the others`;
  // A product named only by a header: the page may be the application's, relayed.
  return `${status}: who wrote the page is not known — it carries no mark of ${primary.generatedBy}'s own pages, only ${evidence}; ${primary.generatedBy} may be relaying the application's page`;
}

function mostCommonStatus(results: ProbeResult[]): ProbeResult | null {
  const counts = new Map<number, number>();
  for (const r of results) counts.set(r.status!, (counts.get(r.status!) ?? 0) + 1);
  let best: ProbeResult | null = null;
  for (const r of results) if (!best || counts.get(r.status!)! > counts.get(best.status!)!) best = r;
  return best;
}
