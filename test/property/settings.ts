// How the property tests run: a fixed seed, so a run is repeatable and a failure can be replayed,
// and a bounded number of cases, so each file ends in a few seconds. fast-check's failure message
// carries the seed, the path to the smallest counter-example and the counter-example itself;
// FC_SEED and FC_RUNS override both for one run (FC_RUNS=20000 for a long hunt).
import fc from 'fast-check';

export const SEED = Number(process.env.FC_SEED ?? 20261206);

function parameters<T>(numRuns: number): fc.Parameters<T> {
  return { seed: SEED, numRuns: process.env.FC_RUNS === undefined ? numRuns : Number(process.env.FC_RUNS) };
}

export function check<T>(property: fc.IProperty<T>, numRuns: number): void {
  fc.assert(property, parameters<T>(numRuns));
}

export function checkAsync<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  return fc.assert(property, parameters<T>(numRuns));
}
