import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { count, formatSpan, lowerFirst, roundMs, roundTimings } from '../../src/core/render/text.js';
import { verdictFromCheck } from '../../src/serve/engine/incidents.js';
import type { ResultRecord } from '../../src/serve/store/types.js';

describe('text helpers', () => {
  it('lowers a title but leaves acronyms and product names', () => {
    assert.equal(lowerFirst('The upstream refused'), 'the upstream refused');
    assert.equal(lowerFirst('DNS resolution fails'), 'DNS resolution fails');
    assert.equal(lowerFirst('PHP-FPM is busy'), 'PHP-FPM is busy');
    assert.equal(lowerFirst(''), '');
  });

  it('spells spans as people read them', () => {
    assert.deepEqual([0, 45, 60, 719, 620, 3600, 3900, 86_400, 97_200, -5].map(formatSpan),
      ['0 s', '45 s', '1 min', '12 min', '10.3 min', '1 h', '1 h 5 min', '1 d', '1 d 3 h', '0 s']);
  });

  it('rounds timings and keeps absent phases absent', () => {
    assert.equal(roundMs(1.23456), 1.235);
    assert.equal(roundMs(1.25, 1), 1.3);
    assert.deepEqual(roundTimings({ dns: 1.23456, total: 9.87654 }), { dns: 1.235, total: 9.877 });
    assert.ok(!('tcp' in roundTimings({ total: 1 })));
  });

  it('counts with the right plural', () => {
    assert.equal(count(1, 'monitor'), '1 monitor');
    assert.equal(count(2, 'monitor'), '2 monitors');
    assert.equal(count(0, 'entry', 'entries'), '0 entries');
  });

  it('an incident summary from a check keeps "DNS" (it once said "dNS resolution fails")', () => {
    const result = { cause: 'dns-servfail', httpStatus: null, errorCode: 'ESERVFAIL' } as unknown as ResultRecord;
    const verdict = verdictFromCheck(result, 'Diagnosis pending.');
    assert.match(verdict.summary, /^The checks failed: DNS resolution fails/);
    assert.doesNotMatch(verdict.summary, /dNS/);
  });
});
