// A monitor's `diagnose:` key: the evidence a person would add to `whydown <url>` on the command
// line, given to the diagnosis that runs when an incident opens —
//   diagnose: {log: [/var/log/nginx/error.log], origin: http://10.0.0.5:8080/}
// With the gateway's error log the diagnosis reads the exact cause of its own requests (nginx's
// 502 page is the same for a refused, a closed and a garbled upstream); with the origin it can
// tell a failing origin from a failing gateway or CDN.
import path from 'node:path';
import { isScalar, isSeq } from 'yaml';
import type { DiagnoseSettings } from './types.js';
import { readUrl } from './values.js';
import type { Field, Walker } from './walker.js';

/** More would only slow each diagnosis: a site has one gateway log or a few. */
const MAX_LOGS = 16;

export function readDiagnose(w: Walker, field: Field): DiagnoseSettings | undefined {
  const f = w.map(field, ['log', 'origin']) ?? {};
  const settings: DiagnoseSettings = { log: [] };
  if (f.log) {
    // `log: /var/log/nginx/error.log` is one log, as `log: [/var/log/nginx/error.log]`.
    const items = isSeq(f.log.node) || w.isEmpty(f.log) ? (w.list(f.log) ?? []) : [f.log];
    for (const item of items) {
      const file = readLogPath(w, item);
      if (file !== undefined && !settings.log.includes(file)) settings.log.push(file);
    }
    if (settings.log.length > MAX_LOGS) w.fail(f.log, `lists ${settings.log.length} logs; at most ${MAX_LOGS}`);
  }
  if (f.origin) {
    const origin = readOrigin(w, f.origin);
    if (origin !== undefined) settings.origin = origin;
  }
  return settings.log.length === 0 && settings.origin === undefined ? undefined : settings;
}

/** An origin is often an address and a port, as an upstream is written in a gateway's config. */
function readOrigin(w: Walker, field: Field): string | undefined {
  const written = isScalar(field.node) && typeof field.node.value === 'string' ? field.node.value.trim() : '';
  if (/^(?:\[[0-9a-f:.]+\]|[\w.-]+):\d{1,5}(?:\/\S*)?$/i.test(written)) {
    return w.fail(field, `${w.shown(field)} is not a URL (write it in full: http://${written}${written.includes('/') ? '' : '/'})`);
  }
  return readUrl(w, field, ['http:', 'https:']);
}

function readLogPath(w: Walker, field: Field): string | undefined {
  const file = w.string(field);
  if (file === undefined) return undefined;
  if (file.trim() === '') return w.fail(field, 'is empty; give the path of a server error log');
  if (/[\0\r\n]/.test(file)) return w.fail(field, 'a path cannot hold a line break or a NUL');
  // `whydown serve` runs from wherever it was started (a service manager's working directory):
  // a relative path would name another file there.
  if (!path.isAbsolute(file)) {
    return w.fail(field, `${w.shown(field)} is not an absolute path; give the whole path (like /var/log/nginx/error.log)`);
  }
  return path.normalize(file);
}
