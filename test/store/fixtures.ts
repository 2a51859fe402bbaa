// Results and verdicts for the store tests, and for the child process that sqlite-reliability kills
// (which must not load node:test, so these live apart from contract.ts).
import type { Cause, Status, Verdict } from '../../src/core/model.js';
import type { TestContext } from 'node:test';
import type { ResultInput, Retention, Store } from '../../src/serve/store/types.js';

export type StoreFactory = (options?: { retention?: Partial<Retention> }) => Promise<Store>;

export const verdict = (cause: Cause, status: Status = 'down'): Verdict => ({
  status, hop: 'origin', cause, generatedBy: 'nginx', transient: false, scope: 'everyone',
  confidence: 'high', summary: `the origin failed: ${cause}`, fixes: ['restart the app', 'read its log'],
  candidates: [cause, 'unknown'], decideWith: ['the error log'],
});

export function result(monitor: string, at: string | number, status: Status = 'up', totalMs = 30): ResultInput {
  return {
    monitor, at: new Date(at), status, cause: status === 'up' ? 'ok' : 'connect-refused',
    timings: status === 'up' ? { dns: 1.25, tcp: 0.5, tls: 3, firstByte: totalMs - 5, download: 0.25, total: totalMs } : { total: totalMs },
    httpStatus: status === 'up' ? 200 : null, errorCode: status === 'up' ? null : 'ECONNREFUSED', durationMs: Math.round(totalMs) + 1,
  };
}

const MINUTE = 60_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
export const at = (minutes: number, seconds = 0): number => T0 + minutes * MINUTE + seconds * 1000;

export async function fresh(t: TestContext, factory: StoreFactory, options?: { retention?: Partial<Retention> }): Promise<Store> {
  const store = await factory(options);
  t.after(() => store.close());
  return store;
}
