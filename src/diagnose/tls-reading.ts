// A certificate failure the probe looked at closer (an incomplete chain, a name without its own
// certificate): its own fixes come first, before the cause's general ones.
import { TLS_FINDINGS } from '../core/knowledge/tls-findings.js';
import type { ProbeResult } from '../core/probe/types.js';
import type { Reading } from './http-reading.js';

export function withTlsFinding(reading: Reading, primary: ProbeResult): Reading {
  const finding = primary.tls?.finding;
  if (!finding || primary.failedPhase !== 'tls' || primary.cause !== reading.cause) return reading;
  return { ...reading, extraFixes: [...TLS_FINDINGS[finding.kind].fixes, ...(reading.extraFixes ?? [])] };
}
