// One more attempt made by a step (cache-busted, another client profile, the origin), marked for
// the logs step and recorded for the report like the reload attempts.
import { probe } from '../../core/probe/probe.js';
import type { ProbeOptions, ProbeResult } from '../../core/probe/types.js';
import type { DiagnoseContext, StepId } from '../types.js';
import { markerFor } from './reload.js';

export async function extraAttempt(
  context: DiagnoseContext,
  step: StepId,
  label: string,
  overrides: Partial<ProbeOptions> & { url?: URL } = {},
): Promise<ProbeResult> {
  const { url = context.url, ...options } = overrides;
  const result = await probe(url, {
    ...context.options.probe,
    queryMarker: markerFor(context, label),
    ...options,
    headers: { ...context.options.probe.headers, ...options.headers },
  });
  context.recordAttempt(step, result);
  return result;
}

/** A response a visitor would call broken: no response, or 4xx/5xx, or nothing to show. */
export function isBroken(result: ProbeResult): boolean {
  return result.status === null || result.status >= 400 || result.cause === 'blank-page' || result.cause === 'redirect-loop';
}
