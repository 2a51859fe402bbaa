// Which visitors meet a failing address (pure): the family rules and the reload's own cause.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_RULES } from '../../src/core/knowledge/address-clients.js';
import type { AddressOutcome } from '../../src/core/probe/each-address.js';
import { readAddressSplit } from '../../src/diagnose/address-reading.js';
import type { AddressEvidence } from '../../src/diagnose/steps/addresses.js';

const outcome = (address: string, cause: AddressOutcome['cause'], status: number | null = null, allowed = true): AddressEvidence['outcomes'][number] => ({
  address, family: address.startsWith('[') ? 'ipv6' : 'ipv4', checked: 'http', cause, status, error: null, allowed,
  timings: { total: 1 }, result: null, from: ['r'],
});
const evidence = (...outcomes: AddressEvidence['outcomes']): AddressEvidence => ({ skipped: false, outcomes, notTried: [] });

describe('readAddressSplit', () => {
  it('nothing to say when all work, all fail, or the step was skipped', () => {
    assert.equal(readAddressSplit(evidence(outcome('192.0.2.1:443', 'ok'), outcome('[2001:db8::1]:443', 'ok')), null, 'ok'), null);
    assert.equal(readAddressSplit(evidence(outcome('192.0.2.1:443', 'connect-refused'), outcome('[2001:db8::1]:443', 'connect-timeout')), null, 'connect-refused'), null);
    assert.equal(readAddressSplit({ skipped: true, outcomes: [], notTried: [] }, null, 'ok'), null);
  });

  it('IPv6 refused, IPv4 fine: IPv6-first clients, the refused address named, IPv4 works', () => {
    const split = readAddressSplit(evidence(outcome('192.0.2.1:443', 'ok', 200), outcome('[2001:db8::1]:443', 'connect-refused')), null, 'ok')!;
    assert.equal(split.cause, 'connect-refused');
    assert.match(split.who, /^IPv6-first clients \(most browsers with IPv6, Happy Eyeballs falls back after 250–300 ms.*\) meet a refused connection at \[2001:db8::1\]:443; IPv4 works \(192\.0\.2\.1:443\)$/);
  });

  it('an address refused by policy is neither working nor failing', () => {
    assert.equal(readAddressSplit(evidence(outcome('192.0.2.1:443', 'ok', 200), outcome('10.0.0.1:443', 'network-unreachable', null, false)), null, 'ok'), null);
  });

  it('an HTTP failure at one address is named by its status; the reload\'s richer cause is kept when it failed there', () => {
    const failing = outcome('192.0.2.2:443', 'unknown', 502);
    const ev = evidence(outcome('192.0.2.1:443', 'ok', 200), failing);
    const split = readAddressSplit(ev, { address: '192.0.2.2:443' } as never, 'upstream-refused')!;
    assert.equal(split.cause, 'upstream-refused');
    assert.match(split.who, /^Clients handed that address .* meet a 502 response at 192\.0\.2\.2:443; 192\.0\.2\.1:443 works$/);
  });

  it('every rule has a source', () => {
    for (const rule of CLIENT_RULES) assert.ok(rule.source.length > 10, rule.who);
  });
});
