// Results and verdicts for the store tests, and for the child process that sqlite-reliability kills
// (which must not load node:test, so these live apart from contract.ts).
import type { Cause, DiagnoseReport, Status, Verdict } from '../../src/core/model.js';
import type { TestContext } from 'node:test';
import type { ResultInput, Retention, Store } from '../../src/serve/store/types.js';

export type StoreFactory = (options?: { retention?: Partial<Retention> }) => Promise<Store>;

export const verdict = (cause: Cause, status: Status = 'down'): Verdict => ({
  status, hop: 'origin', cause, generatedBy: 'nginx', transient: false, scope: 'everyone',
  confidence: 'high', summary: `the origin failed: ${cause}`, fixes: ['restart the app', 'read its log'],
  candidates: [cause, 'unknown'], decideWith: ['the error log'],
});

/** A diagnosis as `diagnose --json` gives it; `sampleBytes` sizes each attempt's body sample and headers. */
export function diagnosis(cause: Cause, options: { attempts?: number; sampleBytes?: number; startedAt?: string } = {}): DiagnoseReport {
  const size = options.sampleBytes ?? 40;
  return {
    url: 'https://shop.test/',
    startedAt: options.startedAt ?? '2026-01-01T10:00:00.000Z',
    durationMs: 1234,
    verdict: verdict(cause),
    steps: [
      { id: 'reload', title: 'Reload the page', result: 'fail', detail: '3 of 3 attempts failed', evidence: { failures: 3, sample: { bodySample: 'x'.repeat(size) } } },
      { id: 'logs', title: "Read the server's error log", result: 'fail', detail: `1 line about this run's requests: ${cause}`, evidence: { cause, ours: [{ message: 'connect() failed (111: Connection refused)' }] } },
    ],
    attempts: Array.from({ length: options.attempts ?? 3 }, (_, i) => ({
      at: `2026-01-01T10:00:0${i}.000Z`, step: 'reload', url: 'https://shop.test/', address: '127.0.0.1:443', status: 502,
      httpVersion: '1.1', timings: { tcp: 0.25, firstByte: 2.5, total: 3 }, error: null,
      headers: { server: 'nginx', 'x-padding': 'h'.repeat(size) }, bodySample: `<h1>502</h1>\u0000 \ud800 ${'b'.repeat(size)}`, cause,
    })),
  };
}

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
