// Log parsers and the line splitter against generated input: every line a parser is given — real
// lines from the fixtures cut and spliced, soups of the tokens the parsers look for, arbitrary
// Unicode — gives an event, 'skip' or null, never an exception, and quickly (a regex that
// backtracks would show here). The splitter gives the same lines whatever the chunking.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { CAUSE_INFO } from '../../src/core/knowledge/causes.js';
import { LineSplitter } from '../../src/logs/line-splitter.js';
import { parseLines } from '../../src/logs/read-logs.js';
import { PARSERS, detectParser } from '../../src/logs/registry.js';
import { SERVER_IDS, type LogParser } from '../../src/logs/types.js';
import { check } from './settings.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/logs/', import.meta.url));
const REAL_LINES = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.log'))
  .flatMap((file) => readFileSync(`${FIXTURES}/${file}`, 'utf8').split('\n').filter((line) => line.length > 0));
/** What the parsers scan for, so generated lines reach past their first checks. */
const TOKENS = [
  '2026/11/28 04:28:26 ', '[error] ', '[crit] ', '[warn] ', '9040#9040: ', '*44 ', 'connect() failed (111: Connection refused)',
  ' while connecting to upstream', ', client: ', '127.0.0.1', ':8080', ', server: ', ', request: "', 'GET / HTTP/1.1', '"',
  ', upstream: "', 'http://127.0.0.1:1/', ', host: "', '[Sat Nov 28 04:27:58.123456 2026] ', '[proxy:error] ', '[pid 12:tid 34] ',
  '(111)Connection refused: ', 'AH00957: ', 'AH01114: ', '[client 127.0.0.1:5555] ', '[28-Nov-2026 04:27:58] ', 'WARNING: ',
  '[pool www] ', 'child 8877', 'execution timed out (2.2 sec), terminating', '{"level":"error","ts":1795843270.77,', '"msg":',
  '"err":"dial tcp 127.0.0.1:1: connect: connection refused"', '}', 'haproxy[123]: ', ' be_app/s1 ', ' SC-- ', ' 503 ', '-1/-1/-1/-1/0',
  '*   << BeReq    >> 32770', '-   FetchError     ', 'backend write error: 111 (Connection refused)', '- ', ' ', ':', '\t', '\r', '\0', '\uFFFD',
];

const mutatedRealLine = fc.tuple(fc.constantFrom(...REAL_LINES), fc.nat(), fc.nat(), fc.string({ maxLength: 6 }))
  .map(([line, a, b, insert]) => {
    const cut = a % (line.length + 1);
    return line.slice(0, cut) + insert + line.slice(cut + (b % 12));
  });
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }).map((parts) => parts.join(''));
const anyLine = fc.oneof(
  { arbitrary: mutatedRealLine, weight: 4 },
  { arbitrary: tokenSoup, weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
  { arbitrary: fc.constantFrom(...REAL_LINES), weight: 1 },
);
/** Long enough to expose a regex that backtracks, short enough to parse in microseconds. */
const longLine = fc.tuple(fc.constantFrom(...TOKENS), fc.integer({ min: 1000, max: 5000 }), fc.constantFrom(...TOKENS))
  .map(([head, n, tail]) => head + ' '.repeat(n) + ':'.repeat(n % 7) + tail);
const MAX_CASE_MS = 500;

function parseAll(parser: LogParser, lines: string[], detail: 'full' | 'summary'): void {
  const file = parser.open('generated.log', { detail });
  lines.forEach((line, i) => {
    const result = file.parse(line, i + 1);
    if (result === null || result === 'skip') return;
    assert.equal(result.server, parser.id);
    assert.ok(result.cause in CAUSE_INFO, `cause ${result.cause}`);
    assert.equal(typeof result.message, 'string');
  });
  for (const event of file.end?.() ?? []) assert.ok(event.cause in CAUSE_INFO, `cause ${event.cause}`);
}

describe('property: log parsers', () => {
  for (const id of SERVER_IDS) {
    it(`${id}: any lines give events, skips or nulls, never an exception, quickly`, () => {
      check(fc.property(fc.array(fc.oneof(anyLine, longLine), { minLength: 1, maxLength: 8 }), fc.constantFrom('full', 'summary'), (lines, detail) => {
        const started = performance.now();
        parseAll(PARSERS[id], lines, detail as 'full' | 'summary');
        const score = PARSERS[id].detect(lines);
        assert.ok(score >= 0 && score <= 1, `detect gave ${score}`);
        const ms = performance.now() - started;
        assert.ok(ms < MAX_CASE_MS, `${Math.round(ms)} ms for ${lines.length} lines`);
      }), 1000);
    });
  }

  it('parseLines (what diagnose --log calls) on any lines, detected or named: events with their line numbers, never a throw', () => {
    const server = fc.constantFrom('auto' as const, ...SERVER_IDS);
    check(fc.property(fc.array(fc.oneof(anyLine, longLine), { minLength: 1, maxLength: 12 }), server, (lines, which) => {
      const { events, stats } = parseLines('generated.log', lines, which);
      for (const event of events) {
        assert.ok(event.cause in CAUSE_INFO, `cause ${event.cause}`);
        assert.ok(event.line >= 1 && event.line <= stats.lines, `line ${event.line} of ${stats.lines}`);
      }
    }), 500);
  });

  it('detection of any sample names a parser or none, never throws', () => {
    check(fc.property(fc.array(anyLine, { maxLength: 10 }), (lines) => {
      const parser = detectParser(lines);
      assert.ok(parser === null || SERVER_IDS.includes(parser.id));
    }), 300);
  });
});

type Seen = { line: string; n: number; suspect: boolean } | { tooLong: number };

/** The splitter's contract, one line at a time: cut at LF, drop a CR before it, count lines over the limit (in bytes). */
function reference(bytes: Buffer, max: number): Seen[] {
  const out: Seen[] = [];
  let start = 0;
  let n = 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf(10, start);
    const end = nl < 0 ? bytes.length : nl;
    n++;
    if (end - start > max) out.push({ tooLong: n });
    else {
      let text = bytes.subarray(start, end).toString('utf8');
      if (text.endsWith('\r')) text = text.slice(0, -1);
      out.push({ line: text, n, suspect: text.includes('\0') || text.includes('\uFFFD') });
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}

function split(bytes: Buffer, cuts: number[], max: number): Seen[] {
  const out: Seen[] = [];
  const splitter = new LineSplitter({ line: (line, n, suspect) => out.push({ line, n, suspect }), tooLong: (n) => out.push({ tooLong: n }) }, max);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) splitter.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  splitter.end();
  return out;
}

describe('property: line splitter', () => {
  const byte = fc.oneof(
    { arbitrary: fc.constantFrom(10, 13, 0, 0x20, 0x61), weight: 3 },
    { arbitrary: fc.constantFrom(0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff), weight: 2 },
    { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 },
  );
  it('the same lines whatever the chunking, as the line-by-line contract says', () => {
    check(fc.property(fc.array(byte, { maxLength: 300 }), fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 1, max: 40 }), (list, cuts, max) => {
      const bytes = Buffer.from(list);
      assert.deepEqual(split(bytes, cuts, max), reference(bytes, max));
    }), 3000);
  });
});
