// A 502/503/504 the application sent itself, which the gateway in front merely passed on: not the
// gateway's upstream failure. The evidence: the body is nobody's stock error page (the fingerprint
// knows every gateway page it names) but the application's own JSON or HTML; with --log, the
// gateway logged no upstream failure for this run's marked requests; with --origin, the origin
// gives the same status when asked directly. The gateway's log outranks this reading (a custom
// `error_page` of nginx looks like an application's page; its error log still says why).
import type { Cause, Confidence } from '../core/model.js';
import type { ProbeResult } from '../core/probe/types.js';
import type { Reading } from './http-reading.js';
import type { EvidenceMap } from './types.js';

const MAINTENANCE = /\bmaintenance\b|be right back|scheduled downtime|back shortly/i;

export function readAppsOwnError(primary: ProbeResult, evidence: EvidenceMap): Reading | null {
  const status = primary.status;
  if (status === null || status < 502 || status > 504) return null;
  const print = evidence.fingerprint.primary;
  // A page with its writer's marks, or one the fingerprint step named the frontmost server's.
  if (!print || print.generatorConfidence !== 'low' || evidence.fingerprint.generatedBy !== null) return null;
  const body = primary.bodySample.trim();
  if (body === '') return null;
  const type = primary.headers['content-type'] ?? '';
  const json = /\bjson\b/i.test(type) || isJsonObject(body);
  const html = !json && (/^text\/html\b/i.test(type) || /^<(?:!doctype|html)\b/i.test(body));
  if (!json && !html) return null;

  const because: string[] = [`The body is the application's own ${json ? 'JSON' : 'HTML'}, not a gateway's stock error page${print.server ? ` (Server: ${print.server} names the frontmost hop, not the page's writer)` : ''}`];
  let confidence: Confidence = json ? 'medium' : 'low';
  const logs = evidence.logs;
  if (logs.ours.length > 0) return null; // the gateway logged an upstream failure: its reading wins
  if ((logs.read ?? 0) > 0 && logs.errors.length === 0 && logs.nearby.length === 0) {
    because.push('the gateway\'s error log has no upstream failure for this run\'s requests');
    confidence = 'high';
  }
  const origin = evidence.cdn.origin;
  if (origin && origin.status === status) {
    because.push(`the origin answers the same ${status} when asked directly`);
    confidence = 'high';
  } else if (origin && evidence.cdn.originReading?.implies !== 'origin-error') {
    return null; // the origin says something else: the gateway's own failure after all
  }
  const cause: Cause = MAINTENANCE.test(body) ? 'maintenance'
    : status === 503 && primary.headers['retry-after'] !== undefined ? 'overloaded' : 'app-error';
  // A page that says maintenance or asks to retry later says why, whoever wrote it.
  if (cause !== 'app-error' && confidence === 'low') confidence = 'medium';
  if (cause === 'overloaded') because.push(`it asks to retry after ${primary.headers['retry-after']}`);
  if (cause === 'maintenance') because.push('it says it is down for maintenance');
  const reading: Reading = { cause, confidence, because: [because.join('; ')] };
  if (confidence === 'low') {
    // An HTML page alone might be the gateway's own custom error page: name the other reading too.
    reading.candidates = [cause, 'upstream-refused', 'upstream-closed'];
    reading.decideWith = [
      'run again with --log <the gateway\'s error log>: no upstream failure logged for the request means the application sent the page',
      'run again with --origin <the application\'s own URL>: the same status there means the application sent it',
    ];
  }
  return reading;
}

function isJsonObject(body: string): boolean {
  if (!/^[{[]/.test(body)) return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}
