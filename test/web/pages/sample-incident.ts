// An incident as the store gives it, with a diagnosis whose attempt carries a hostile error page:
// the pages' unit tests build their views from it.
import type { AttemptReport, DiagnoseReport, Verdict } from '../../../src/core/model.js';
import type { IncidentDetail, ResultRecord } from '../../../src/serve/store/types.js';

export const HOSTILE_BODY = '<html><script>alert(1)</script><img src=x onerror=alert(2)></html>';

export function verdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    status: 'down', hop: 'gateway', cause: 'upstream-refused', generatedBy: 'nginx', transient: false,
    scope: 'everyone', confidence: 'high', summary: 'nginx could not reach its upstream <b>',
    fixes: ['Start the application: `systemctl start app`', 'Check <the> port'], ...overrides,
  };
}

function attempt(overrides: Partial<AttemptReport> = {}): AttemptReport {
  return {
    at: '2026-03-01T10:00:00.100Z', step: 'reload', url: 'http://shop.test/', address: '192.0.2.1', status: 502, httpVersion: '1.1',
    timings: { dns: 1, tcp: 2, firstByte: 5, total: 8 }, error: null,
    headers: { server: 'nginx', 'x-evil': '"><script>alert(3)</script>' }, bodySample: HOSTILE_BODY, cause: 'upstream-refused', ...overrides,
  };
}

export function report(v: Verdict, startedAt: string): DiagnoseReport {
  return {
    url: 'http://shop.test/', startedAt, durationMs: 812, verdict: v,
    steps: [
      { id: 'reload', title: 'Reload the page', result: 'fail', detail: 'all 3 attempts failed: 3× 502', evidence: { statuses: [502] } },
      { id: 'dns', title: 'Ask other DNS resolvers', result: 'pass', detail: 'same answers', evidence: {} },
      { id: 'tls', title: 'TLS', result: 'skip', detail: 'plain http', evidence: {} },
      { id: 'fingerprint', title: 'Read the error page', result: 'warn', detail: '502 written by nginx', evidence: { chain: [{ software: 'nginx', role: 'generated', evidence: ['<hr><center>nginx</center>'] }] } },
      { id: 'cdn', title: 'Name the CDN', result: 'skip', detail: 'no CDN', evidence: { edge: null } },
    ],
    attempts: [attempt(), attempt({ step: 'cache', at: '2026-03-01T10:00:00.300Z' })],
  };
}

export function incident(overrides: Partial<IncidentDetail> = {}): IncidentDetail {
  const first = verdict();
  const later = verdict({ cause: 'upstream-timeout', summary: 'timed out' });
  return {
    id: 7, monitor: 'shop<&>', openedAt: '2026-03-01T10:00:00.000Z', closedAt: '2026-03-01T10:20:00.000Z', verdict: later,
    timeline: [
      { at: '2026-03-01T10:00:00.000Z', type: 'opened', verdict: first },
      { at: '2026-03-01T10:10:00.000Z', type: 'verdict-changed', verdict: later },
      { at: '2026-03-01T10:20:00.000Z', type: 'closed', verdict: null },
    ],
    diagnosis: report(first, '2026-03-01T10:00:00.000Z'),
    rediagnoses: [report(later, '2026-03-01T10:10:00.000Z')],
    ...overrides,
  };
}

export function result(at: string, status: ResultRecord['status'], httpStatus: number | null, timings: ResultRecord['timings']): ResultRecord {
  return { monitor: 'shop<&>', at, status, cause: status === 'up' ? 'ok' : 'upstream-refused', timings, httpStatus, errorCode: null, durationMs: timings.total };
}
