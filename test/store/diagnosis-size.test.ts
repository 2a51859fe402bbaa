// The bound on a stored diagnosis: whole when it fits, else cut least useful first until it fits,
// whatever it holds, with the cuts named in the record.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundedDiagnosisJson, DIAGNOSIS_MAX_BYTES } from '../../src/serve/store/diagnosis-size.js';
import type { StoredDiagnosis } from '../../src/serve/store/types.js';
import { diagnosis } from './fixtures.js';

const stored = (json: string): StoredDiagnosis => JSON.parse(json) as StoredDiagnosis;

describe('stored diagnosis size', () => {
  it('keeps a diagnosis that fits exactly as it came', () => {
    const report = diagnosis('upstream-refused');
    assert.equal(boundedDiagnosisJson(report), JSON.stringify(report));
  });

  it('cuts body samples first and stops as soon as it fits', () => {
    // Five samples of 60,000 characters: shortening them is enough.
    const report = diagnosis('upstream-refused', { attempts: 5, sampleBytes: 60_000 });
    report.attempts.forEach((a) => { a.headers = {}; });
    const json = boundedDiagnosisJson(report);
    assert.ok(Buffer.byteLength(json) <= DIAGNOSIS_MAX_BYTES);
    const kept = stored(json);
    assert.deepEqual(kept.trimmed?.cut, ['body samples shortened to 256 characters']);
    assert.ok(kept.attempts.every((a) => a.bodySample.length === 256));
    assert.deepEqual(kept.steps.map((s) => s.detail), report.steps.map((s) => s.detail));
  });

  it('goes on to evidence, attempts, details and the verdict\'s texts, and always ends within the bound', () => {
    const report = diagnosis('upstream-refused', { attempts: 2, sampleBytes: 10 });
    // A step whose evidence quotes huge log lines, a huge detail, a summary quoting a log line.
    report.steps[1]!.evidence = { ours: [{ message: 'x'.repeat(300_000) }] };
    report.steps[1]!.detail = 'd'.repeat(300_000);
    report.verdict = { ...report.verdict, summary: 's'.repeat(300_000), fixes: Array.from({ length: 500 }, () => 'f'.repeat(1000)) };
    const limit = 64 * 1024;
    const json = boundedDiagnosisJson(report, limit);
    assert.ok(Buffer.byteLength(json) <= limit, String(Buffer.byteLength(json)));
    const kept = stored(json);
    assert.deepEqual(kept.trimmed?.cut, [
      'body samples shortened to 256 characters', 'body samples removed', 'response headers of the attempts removed',
      "the steps' evidence removed (their results and details kept)", 'the attempts removed',
      'step details shortened to 500 characters', 'the steps removed', "the URL and the verdict's texts shortened to 2000 characters",
    ]);
    assert.equal(kept.verdict.cause, 'upstream-refused');
    assert.equal(kept.verdict.summary.length, 2000);
    assert.equal(kept.verdict.fixes.length, 10);
    assert.ok(kept.trimmed!.originalBytes > 1_000_000);
  });

  it('measures bytes, not characters', () => {
    const report = diagnosis('upstream-refused', { attempts: 1, sampleBytes: 10 });
    report.attempts[0]!.bodySample = '€'.repeat(100_000); // 300,000 bytes in UTF-8
    const json = boundedDiagnosisJson(report);
    assert.ok(Buffer.byteLength(json) <= DIAGNOSIS_MAX_BYTES);
    assert.deepEqual(stored(json).trimmed?.cut, ['body samples shortened to 256 characters']);
  });
});
