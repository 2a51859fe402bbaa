// The agreement rule of several vantages, and the scope and words it gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agree, describeVotes, observedScope, votesNeeded, type Vote } from '../../src/serve/vantage/agreement.js';
import { VantageVotes } from '../../src/serve/vantage/votes.js';
import { parseConfig } from '../../src/serve/config/load.js';
import { openedText } from '../../src/serve/notify/wording.js';
import type { ResultRecord } from '../../src/serve/store/types.js';

const vote = (name: string, failing: boolean): Vote => ({ name, failing, status: failing ? 'down' : 'up', cause: failing ? 'connect-refused' : 'ok' });

describe('vantage agreement', () => {
  it('by default more than half of the online vantages must fail', () => {
    assert.equal(votesNeeded(undefined, 1), 1);
    assert.equal(votesNeeded(undefined, 2), 2);
    assert.equal(votesNeeded(undefined, 3), 2);
    assert.equal(votesNeeded(undefined, 4), 3);
    assert.equal(votesNeeded(undefined, 0), Infinity);
    assert.equal(agree(undefined, [vote('a', true), vote('b', false), vote('c', false)]).down, false);
    assert.equal(agree(undefined, [vote('a', true), vote('b', true), vote('c', false)]).down, true);
  });

  it('a count is that many failing vantages, not lowered when some are offline', () => {
    assert.equal(agree({ count: 2 }, [vote('a', true)]).down, false);
    assert.equal(agree({ count: 2 }, [vote('a', true), vote('b', true), vote('c', false)]).down, true);
  });

  it('a share is of the online vantages, rounded up, at least one', () => {
    assert.equal(votesNeeded({ share: 0.5 }, 4), 2);
    assert.equal(votesNeeded({ share: 0.5 }, 3), 2);
    assert.equal(votesNeeded({ share: 0.01 }, 3), 1);
    assert.equal(votesNeeded({ share: 1 }, 3), 3);
    assert.equal(agree({ share: 0.5 }, [vote('a', true), vote('b', false)]).down, true);
  });

  it('scope: everyone when all that checked fail, some-vantages otherwise, this-vantage for one', () => {
    assert.equal(observedScope([vote('a', true), vote('b', true)]), 'everyone');
    assert.equal(observedScope([vote('a', true), vote('b', false)]), 'some-vantages');
    assert.equal(observedScope([vote('a', true)]), 'this-vantage');
    assert.equal(observedScope([vote('a', false)]), 'unknown');
    assert.equal(describeVotes([vote('fra-1', true), vote('nyc-1', true), vote('sgp-1', false)]),
      'down from fra-1 and nyc-1 (connect-refused), fine from sgp-1');
  });

  it('an offline vantage is no vote, and a failure not yet confirmed abstains', () => {
    const config = parseConfig(`vantages:
  - {name: fra-1, token: "0123456789abcdef-fra"}
  - {name: nyc-1, token: "0123456789abcdef-nyc"}
monitors:
  - name: shop
    url: https://shop.example/
    interval: 10s
    timeout: 5s
    vantages: [local, fra-1, nyc-1]
`, 'whydown.yml', { env: {} });
    const monitor = config.monitors[0]!;
    const online = new Set(['fra-1', 'nyc-1']);
    const agreed: ResultRecord[] = [];
    let now = Date.parse('2026-01-01T00:00:00Z');
    const votes = new VantageVotes({ onAgreed: (_m, r) => agreed.push(r), isOnline: (n) => online.has(n), now: () => now });
    const result = (status: 'up' | 'down'): ResultRecord => ({
      monitor: 'shop', at: new Date(now).toISOString(), status, cause: status === 'up' ? 'ok' : 'connect-refused',
      timings: { total: 1 }, httpStatus: status === 'up' ? 200 : null, errorCode: null, durationMs: 1,
    });
    /** Whether the incident tracker was told "down" after the round's last result. */
    const round = (states: Record<string, 'up' | 'down'>): string => {
      for (const [vantage, status] of Object.entries(states)) votes.onResult(monitor, vantage, result(status));
      now += 10_000;
      return agreed.at(-1)!.status === 'down' ? 'down' : 'not down';
    };
    round({ local: 'up', 'fra-1': 'up', 'nyc-1': 'up' });
    assert.equal(round({ local: 'down', 'fra-1': 'down', 'nyc-1': 'up' }), 'not down', 'one failure each: not confirmed yet');
    assert.equal(round({ local: 'down', 'fra-1': 'down', 'nyc-1': 'up' }), 'down', 'two of three confirmed');
    // nyc-1 goes offline, fra-1 recovers: local alone fails of two voters: not more than half.
    online.delete('nyc-1');
    assert.equal(round({ local: 'down', 'fra-1': 'up' }), 'not down');
    const verdict = votes.annotate(monitor, {
      status: 'down', hop: 'network', cause: 'connect-refused', generatedBy: null, transient: false,
      scope: 'unknown', confidence: 'high', summary: 'shop is down.', fixes: [],
    });
    assert.equal(verdict.scope, 'some-vantages');
    assert.equal(verdict.scopeBasis, 'observed');
    assert.deepEqual(verdict.vantages, [
      { name: 'local', status: 'down', cause: 'connect-refused' }, { name: 'fra-1', status: 'up', cause: 'ok' },
    ]);
    assert.match(verdict.summary, /down from local \(connect-refused\), fine from fra-1/);
    // The alert names them too.
    assert.match(openedText('shop', { ...verdict, vantages: [...verdict.vantages!, { name: 'nyc-1', status: 'down', cause: 'connect-timeout' }] }, '2026-01-01T10:02:00Z'),
      /^shop is down from local and nyc-1, fine from fra-1, since 10:02 UTC — /);
  });
});
