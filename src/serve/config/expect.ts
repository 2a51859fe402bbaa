// A monitor's `expect:` — what its answer must be. `status` and `body`/`bodyContains` (the same
// key under two names: the contract's and the earlier one) make a wrong answer `down`;
// `maxResponseTime` and `certValidFor` make a late answer or a soon-expiring certificate
// `degraded`; `json` checks values in a JSON body by JSONPath.
import { isMap, isScalar, isSeq } from 'yaml';
import { jsonPathProblem } from './json-path.js';
import { parseStatus } from './status.js';
import type { Expect, JsonExpectation, JsonScalar, StatusRange } from './types.js';
import { describe, type Field, type Walker } from './walker.js';

/** An http monitor's expectations (also the defaults'), or a tcp monitor's. */
export type ExpectKind = 'http' | 'tcp' | 'dns' | 'push';
const EXPECT_KEYS: Record<ExpectKind, readonly string[]> = {
  http: ['status', 'body', 'bodyContains', 'maxResponseTime', 'certValidFor', 'json'],
  tcp: ['banner'],
  dns: ['answer'],
  push: [],
};
/** More records than this in one expected answer is not a monitor's business. */
const ANSWER_MAX = 64;
const HOUR = 3_600_000;
/** The banner is looked for in the server's first bytes (engine/tcp-check.ts reads at most 1 KiB). */
const BANNER_MAX = 256;
const LIMITS = {
  maxResponseTime: [1, 86_400_000],
  // Certificates live at most 398 days (CA/Browser Forum); asking for more can never pass.
  certValidFor: [HOUR, 398 * 24 * HOUR],
  jsonEntries: 50,
} as const;

export function readExpect(w: Walker, field: Field, kind: ExpectKind = 'http'): Expect {
  const f = w.map(field, EXPECT_KEYS[kind]) ?? {};
  const expect: Expect = {};
  if (f.banner) {
    const text = w.string(f.banner);
    if (text === '') w.fail(f.banner, 'is empty: every banner contains the empty text');
    else if (text !== undefined && text.length > BANNER_MAX) w.fail(f.banner, `is longer than ${BANNER_MAX} characters; a banner is its first line`);
    else if (text !== undefined) expect.banner = text;
  }
  if (f.answer) {
    const items = isSeq(f.answer.node) ? (w.list(f.answer) ?? []) : [f.answer];
    const values = items.map((item) => w.string(item)?.trim()).filter((v): v is string => v !== undefined && v !== '');
    if (items.length === 0) w.fail(f.answer, 'is empty; list the records the answer must hold (e.g. [203.0.113.7])');
    else if (items.length > ANSWER_MAX) w.fail(f.answer, `has ${items.length} records; at most ${ANSWER_MAX}`);
    else if (values.length === items.length) expect.answer = [...new Set(values)];
    else w.fail(f.answer, 'holds an empty record');
  }
  if (f.status) {
    const items = isSeq(f.status.node) ? (w.list(f.status) ?? []) : [f.status];
    const ranges = items.map((item) => readStatus(w, item)).filter((r): r is StatusRange => r !== undefined);
    if (ranges.length > 0) expect.status = ranges;
  }
  if (f.body && f.bodyContains) w.fail(f.body, '"body" and "bodyContains" are the same expectation; keep one');
  const bodyField = f.body ?? f.bodyContains;
  if (bodyField) {
    const text = w.string(bodyField);
    if (text === '') w.fail(bodyField, 'is empty: every body contains the empty text');
    else if (text !== undefined) expect.bodyContains = text;
  }
  if (f.maxResponseTime) {
    const ms = w.duration(f.maxResponseTime, 'maximum response time', ...LIMITS.maxResponseTime);
    if (ms !== undefined) expect.maxResponseTimeMs = ms;
  }
  if (f.certValidFor) {
    const ms = w.duration(f.certValidFor, 'certificate validity asked for', ...LIMITS.certValidFor);
    if (ms !== undefined) expect.certValidForMs = ms;
  }
  if (f.json) {
    const json = readJson(w, f.json);
    if (json && json.length > 0) expect.json = json;
  }
  return expect;
}

function readStatus(w: Walker, field: Field): StatusRange | undefined {
  const text = w.string(field);
  if (text === undefined) return undefined;
  return parseStatus(text) ?? w.fail(field, `${w.shown(field)} is not a status (use 200, "2xx" or "200-399")`);
}

/** `json: {"$.status": ok, "$.db.connected": true}`: each path and the plain value it must have. */
function readJson(w: Walker, field: Field): JsonExpectation[] | undefined {
  if (!w.isEmpty(field) && !isMap(field.node)) {
    return w.fail(field, `expected a map of JSONPath to value (e.g. "$.status": ok), got ${describe(field.node)}`);
  }
  const pairs = w.pairs(field);
  if (pairs.length === 0) return w.fail(field, 'is empty; name at least one path (e.g. "$.status": ok)');
  if (pairs.length > LIMITS.jsonEntries) return w.fail(field, `has ${pairs.length} paths; at most ${LIMITS.jsonEntries}`);
  const out: JsonExpectation[] = [];
  for (const [key, value] of pairs) {
    const problem = jsonPathProblem(key.name);
    if (problem) {
      w.failAt(key.offset, key.path, `${JSON.stringify(key.name)} is not a usable JSONPath: ${problem}`);
      continue;
    }
    const expected = readScalar(w, value);
    if (expected !== undefined) out.push({ path: key.name, value: expected });
  }
  return out;
}

/** A plain value as YAML (or the API's JSON) typed it: `ok` text, `3` number, `true`, `null`. */
function readScalar(w: Walker, field: Field): JsonScalar | undefined {
  const node = field.node;
  if (node === null) return null; // `"$.x":` with nothing after it
  if (!isScalar(node)) return w.fail(field, `expected a plain value (text, number, true/false or null), got ${describe(node)}`);
  if (node.value === null) return null;
  if (typeof node.value === 'number' || typeof node.value === 'boolean') return node.value;
  return w.string(field);
}
