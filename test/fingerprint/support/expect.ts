// What a fixture's .json (or a live case) expects from the fingerprint, and the one check of it.
import assert from 'node:assert/strict';
import type { Fingerprint } from '../../../src/core/fingerprint/index.js';

/** Fields absent here are not checked; `null` means "must be null". */
export interface Expected {
  generatedBy: string | null;
  vendorCode?: string | null;
  detail?: string | null;
  generatorConfidence?: Fingerprint['generatorConfidence'];
  edge?: string | null;
  /** true: served from a cache; false: a cache said it fetched it; null: no cache said anything. */
  cacheHit?: boolean | null;
  waf?: { vendor: string; kind: string } | null;
}

export const EXPECTED_KEYS = ['generatedBy', 'vendorCode', 'detail', 'generatorConfidence', 'edge', 'cacheHit', 'waf'] as const;

/** The fingerprint reduced to the fields `expected` names. */
export function actualFor(fp: Fingerprint, expected: Expected): Expected {
  const actual: Expected = { generatedBy: fp.generatedBy };
  if ('vendorCode' in expected) actual.vendorCode = fp.vendorCode;
  if ('detail' in expected) actual.detail = fp.detail;
  if ('generatorConfidence' in expected) actual.generatorConfidence = fp.generatorConfidence;
  if ('edge' in expected) actual.edge = fp.edge;
  if ('cacheHit' in expected) actual.cacheHit = fp.cache ? fp.cache.hit : null;
  if ('waf' in expected) actual.waf = fp.waf ? { vendor: fp.waf.vendor, kind: fp.waf.kind } : null;
  return actual;
}

export function assertFingerprint(fp: Fingerprint, expected: Expected, where: string): void {
  const wanted: Expected = { generatedBy: expected.generatedBy };
  for (const key of EXPECTED_KEYS) if (key in expected) (wanted as unknown as Record<string, unknown>)[key] = expected[key];
  assert.deepEqual(actualFor(fp, wanted), wanted, `${where}\n${JSON.stringify(fp, null, 2)}`);
}
