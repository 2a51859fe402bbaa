// "Check the CDN": name the edge in front of the site and, with --origin, ask the origin
// directly. Origin fine while the public path fails → the edge or gateway; both fail → the origin.
import type { ProbeResult } from '../../core/probe/types.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';
import { publicFailureMs, readOrigin, type OriginReading } from '../origin-reading.js';
import { extraAttempt, isBroken } from './extra-attempt.js';

export const CDN_TITLE = 'Name the CDN and compare with the origin';

export interface CdnEvidence {
  edge: string | null;
  origin: ProbeResult | null;
  /** Only with --origin: where the comparison puts the failure. */
  comparison: 'both-fine' | 'public-path-fails' | 'both-fail' | 'origin-fails-only' | null;
  /** Only with --origin: what the origin's own answer says about the public failure. */
  originReading: OriginReading | null;
}

export const cdnStep: ChecklistStep<'cdn'> = { id: 'cdn', title: CDN_TITLE, needs: ['reload', 'fingerprint', 'timing'], run: runCdn };

async function runCdn(context: DiagnoseContext): Promise<StepOutcome<CdnEvidence>> {
  const originUrl = context.options.origin;
  const originPromise = originUrl
    ? extraAttempt(context, 'cdn', 'origin', { url: originUrl, headers: originHostHeader(context.url, originUrl) })
    : Promise.resolve(null);
  const [origin, reload, fingerprint, timing] = await Promise.all([originPromise, context.need('reload'), context.need('fingerprint'), context.need('timing')]);
  const edge = fingerprint.primary?.edge ?? null;
  const publicBroken = reload.attempts.every(isBroken);
  const publicSays = reload.attempts[0]?.status ?? reload.attempts[0]?.cause ?? '?';
  let comparison: CdnEvidence['comparison'] = null;
  let originReading: OriginReading | null = null;
  let detail = edge ? `the site is served through ${edge}` : 'no CDN or edge service recognised in the responses';
  let result: 'pass' | 'fail' | 'warn' | 'skip' = 'pass';
  if (origin) {
    const originBroken = isBroken(origin);
    const originSays = origin.status ?? origin.cause;
    comparison = publicBroken ? (originBroken ? 'both-fail' : 'public-path-fails') : (originBroken ? 'origin-fails-only' : 'both-fine');
    const verdicts = {
      'both-fine': `public path and origin both answer (${publicSays} / ${originSays})`,
      'public-path-fails': `the origin answers ${originSays} but the public path fails with ${publicSays}: the failure is in front of the origin (${edge ?? 'the gateway or CDN'})`,
      'both-fail': `the origin fails too (${originSays}): the failure is at the origin, the public path only relays it`,
      'origin-fails-only': `the origin fails (${originSays}) while the public path answers (${publicSays}): a cache or another origin is covering for it`,
    } as const;
    originReading = readOrigin(origin, reload.attempts, publicFailureMs(reload.attempts, timing.limitMs));
    detail = `${detail}; ${originDetail(originReading, verdicts[comparison])}`;
    result = comparison === 'both-fine' ? 'pass' : comparison === 'origin-fails-only' ? 'warn' : 'fail';
  } else if (!edge) {
    result = 'skip';
  } else if (publicBroken) {
    detail += '; give --origin to ask the origin directly and tell the edge from the origin';
  }
  return {
    report: {
      id: 'cdn', title: CDN_TITLE, result, detail,
      evidence: {
        edge, comparison,
        ...(origin ? {
          originUrl: origin.url, originAddress: origin.address, originStatus: origin.status, originCause: origin.cause,
          originError: origin.error, originFirstByteMs: roundMs(origin.timings.firstByte), originTotalMs: roundMs(origin.timings.total),
          originImplies: originReading?.implies ?? null,
        } : { originStatus: null, originCause: null }),
      },
    },
    evidence: { edge, origin, comparison, originReading },
  };
}

/** Asked by address, an origin still needs the site's name to pick the right virtual host. */
function originHostHeader(publicUrl: URL, originUrl: URL): Record<string, string> {
  return originUrl.hostname === publicUrl.hostname ? {} : { host: publicUrl.host };
}

/** The comparison in words, or what the origin's own answer shows when it says more. */
function originDetail(reading: OriginReading, comparison: string): string {
  switch (reading.implies) {
    case 'gateway-path': case 'origin-error': case 'public-fine': return comparison;
    default: return reading.said;
  }
}

function roundMs(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round(ms);
}
