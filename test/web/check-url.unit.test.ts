// The visitor's URL as /check reads it (one spelling per host before the policy looks), and whom
// a per-client limit counts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDestinationPolicy } from '../../src/core/probe/destination-policy.js';
import { clientKey } from '../../src/serve/web/check-limits.js';
import { readCheckUrl } from '../../src/serve/web/check-url.js';

const policy = createDestinationPolicy();

describe('/check: reading the URL', () => {
  for (const [written, href] of [
    ['shop.example', 'https://shop.example/'],
    ['shop.example.', 'https://shop.example/'],
    ['HTTPS://Shop.Example.:443/a?b=1#frag', 'https://shop.example/a?b=1'],
    ['http://shop.example:80/', 'http://shop.example/'],
    ['http://[2606:4700::1111]/', 'http://[2606:4700::1111]/'],
  ] as const) {
    it(`reads ${written} as ${href}`, () => {
      const read = readCheckUrl(written, policy);
      assert.ok(read.ok, JSON.stringify(read));
      assert.equal(read.url.href, href);
    });
  }

  for (const written of ['http://2130706433/', 'http://127.1/', 'http://0x7f.1/', 'http://0177.0.0.1/', 'http://127.0.0.1./',
    'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://localhost/', 'http://a.b.localhost./', 'localhost', 'http://169.254.169.254/',
    'http://[fe80::1]/', 'http://0/', 'http://[::]/', 'http://100.64.0.1/']) {
    it(`refuses ${written} before any lookup`, () => {
      const read = readCheckUrl(written, policy);
      assert.equal(read.ok, false);
      assert.equal(!read.ok && read.status, 403);
    });
  }

  it('refuses other ports unless listed', () => {
    assert.equal(readCheckUrl('http://shop.example:8080/', policy).ok, false);
    assert.equal(readCheckUrl('shop.example:22', policy).ok, false);
    assert.equal(readCheckUrl('http://shop.example:8080/', createDestinationPolicy({ ports: [8080] })).ok, true);
  });

  it('turns away other schemes, credentials, and overlong URLs', () => {
    for (const written of ['file:///etc/passwd', 'javascript:alert(1)', 'gopher://shop.example/', 'http://u:p@shop.example/', 'http://u@shop.example/', `https://shop.example/${'x'.repeat(2048)}`, ' ', null]) {
      const read = readCheckUrl(written, policy);
      assert.equal(!read.ok && read.status, 400, String(written).slice(0, 40));
    }
  });
});

describe('/check: whom a per-client limit counts', () => {
  it('an IPv4 address, an IPv4-mapped one as that address, an IPv6 /64', () => {
    assert.equal(clientKey('203.0.113.9'), '203.0.113.9');
    assert.equal(clientKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(clientKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:db8:1:2:bbbb::2'), clientKey('2001:db8:1:2:aaaa::1'));
    assert.notEqual(clientKey('2001:db8:1:3::1'), clientKey('2001:db8:1:2::1'));
    assert.equal(clientKey(undefined), 'unknown');
  });
});
