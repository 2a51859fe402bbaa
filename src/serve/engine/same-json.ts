// Whether two JSON values are equal, whatever the order of their keys. PostgreSQL's JSONB gives a
// monitor's stored settings back with its keys reordered (shortest first), so comparing their
// JSON text found every monitor changed at every start on PostgreSQL, and stored them all again
// — with several hubs starting, each of them.
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((value, i) => sameJson(value, other[i]));
  }
  const left = Object.entries(a as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const right = b as Record<string, unknown>;
  if (left.length !== Object.values(right).filter((v) => v !== undefined).length) return false;
  return left.every(([key, value]) => Object.hasOwn(right, key) && sameJson(value, right[key]));
}
