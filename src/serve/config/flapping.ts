// `flapping:` in defaults and monitors: `{changes: 4, within: 10m}`, a part of it (the rest comes
// from the defaults), `false` to alert every change, or `true` for the defaults again.
import { isScalar } from 'yaml';
import type { Flapping } from './types.js';
import type { Field, Walker } from './walker.js';

export const DEFAULT_FLAPPING: Flapping = { changes: 4, withinMs: 10 * 60_000 };

const LIMITS = {
  // Two changes are one outage and its recovery: that alone is not flapping.
  changes: [3, 100],
  within: [60_000, 86_400_000],
} as const;

/** `inherited` is what the monitor gets when it says nothing (the defaults' value). */
export function readFlapping(w: Walker, field: Field, inherited: Flapping | false): Flapping | false {
  const base = inherited === false ? DEFAULT_FLAPPING : inherited;
  if (isScalar(field.node) && typeof field.node.value === 'boolean') return field.node.value ? { ...base } : false;
  if (isScalar(field.node) && field.node.value !== null) {
    w.fail(field, `expected a map {changes, within}, or false to alert every change, got ${w.shown(field)}`);
    return inherited;
  }
  const f = w.map(field, ['changes', 'within']) ?? {};
  const changes = f.changes && w.integer(f.changes, ...LIMITS.changes);
  const withinMs = f.within && w.duration(f.within, 'flapping window', ...LIMITS.within);
  return { changes: changes || base.changes, withinMs: withinMs || base.withinMs };
}
