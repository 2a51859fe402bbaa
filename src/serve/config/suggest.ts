// "did you mean" for near misses: typos (`intervall`), other casings and separators
// (`public_read` for `publicRead`).

import { editDistance } from '../../core/render/text.js';

export function didYouMean(input: string, known: readonly string[]): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[-_ ]/g, '');
  const exact = known.find((k) => squash(k) === squash(input));
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(input.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}


/** ` (did you mean "x"?)` or ` (one of: a, b, c)`, to append to a message. */
export function hint(input: string, known: readonly string[]): string {
  const guess = didYouMean(input, known);
  return guess ? ` (did you mean "${guess}"?)` : ` (one of: ${known.join(', ')})`;
}
