// Judges `expect.json`: the body is parsed (only when the probe kept all of it: a cut-off body is
// not JSON) and each JSONPath must match, every match equal to the value the monitor names.
// Paths were checked when the config was read (config/json-path.ts); evaluation stays script-free.
import { JSONPath } from 'jsonpath-plus';
import type { JsonExpectation } from '../config/types.js';

/** Undefined when every path has its value; else one sentence saying what differs. */
export function jsonMismatch(expectations: readonly JsonExpectation[], body: string, truncated: boolean, sampleBytes: number): string | undefined {
  if (truncated) return `the body is larger than the ${Math.round(sampleBytes / 1024)} KiB read for expect.json, so it was not parsed`;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    const start = body.trimStart().slice(0, 40);
    return start === '' ? 'the body is empty, not JSON' : `the body is not JSON (it starts ${JSON.stringify(start)})`;
  }
  if (doc === null || typeof doc !== 'object') return `the body is JSON, but a plain ${JSON.stringify(doc)}, not an object or a list`;
  for (const { path, value } of expectations) {
    let found: unknown[];
    try {
      found = JSONPath({ path, json: doc, eval: false, wrap: true }) as unknown[];
    } catch (error) {
      return `${path} could not be evaluated (${error instanceof Error ? error.message : String(error)})`;
    }
    if (found.length === 0) return `${path} is missing from the JSON body (expected ${show(value)})`;
    // Strict: "200" (text) is not 200 (number); the message shows both as JSON, so the type shows.
    const wrong = found.findIndex((item) => item !== value);
    if (wrong !== -1) return `${path} is ${show(found[wrong])}, expected ${show(value)}`;
  }
  return undefined;
}

/** Short enough for a message: a whole object from a path that matched one is cut. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
