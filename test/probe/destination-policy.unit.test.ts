// The destination policy of the public /check: which addresses count as public, however written.
// Each refused spelling here is one a hostile visitor could try to reach the server's own network.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDestinationPolicy, effectiveAddress, isPublicAddress, parseCidr } from '../../src/core/probe/destination-policy.js';

const REFUSED: [string, string][] = [
  ['127.0.0.1', 'loopback'], ['127.255.255.255', 'loopback, last'], ['127.0.0.2', 'loopback, not .1'],
  ['0.0.0.0', 'unspecified'], ['0.255.255.255', '"this network", last'],
  ['10.0.0.1', 'private 10/8'], ['10.255.255.255', 'private 10/8, last'],
  ['172.16.0.0', 'private 172.16/12, first'], ['172.31.255.255', 'private 172.16/12, last'],
  ['192.168.0.1', 'private 192.168/16'], ['192.168.255.255', 'private 192.168/16, last'],
  ['169.254.169.254', 'link-local (cloud metadata)'], ['169.254.0.0', 'link-local, first'],
  ['100.64.0.0', 'CGNAT, first'], ['100.127.255.255', 'CGNAT, last'],
  ['224.0.0.1', 'multicast'], ['239.255.255.255', 'multicast, last'],
  ['240.0.0.1', 'reserved'], ['255.255.255.255', 'broadcast'],
  ['192.0.2.1', 'TEST-NET-1'], ['198.51.100.7', 'TEST-NET-2'], ['203.0.113.255', 'TEST-NET-3'],
  ['198.18.0.0', 'benchmarking, first'], ['198.19.255.255', 'benchmarking, last'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['::1', 'IPv6 loopback'], ['::', 'IPv6 unspecified'], ['0:0:0:0:0:0:0:1', 'IPv6 loopback, long form'],
  ['fe80::1', 'IPv6 link-local'], ['fe80::1%eth0', 'link-local with a zone'], ['febf:ffff::1', 'link-local, last'],
  ['fc00::1', 'unique-local'], ['fd12:3456::1', 'unique-local fd'],
  ['ff02::1', 'IPv6 multicast'], ['2001:db8::1', 'IPv6 documentation'], ['3fff::1', 'IPv6 documentation (2024)'],
  ['2001::1', 'Teredo'], ['2001:2::1', 'IPv6 benchmarking'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback, dotted'], ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['::FFFF:10.0.0.1', 'IPv4-mapped private, upper case'], ['0:0:0:0:0:ffff:a9fe:a9fe', 'IPv4-mapped metadata, long form'],
  ['::ffff:0:127.0.0.1', 'IPv4-translated loopback'], ['64:ff9b::127.0.0.1', 'NAT64 loopback'],
  ['64:ff9b::a00:1', 'NAT64 private, hex'], ['64:ff9b:1::1', 'local-use NAT64 prefix'],
  ['::127.0.0.1', 'IPv4-compatible loopback'], ['2002:7f00:1::1', '6to4 of loopback'], ['2002:c0a8:101::', '6to4 of 192.168.1.1'],
  ['[::1]', 'bracketed'], ['localhost', 'a name, not an address'], ['2130706433', 'not an address as text'], ['', 'empty'],
];

const PUBLIC = [
  '1.1.1.1', '8.8.8.8', '9.255.255.255', '11.0.0.0', '172.15.255.255', '172.32.0.0', '100.63.255.255', '100.128.0.0',
  '169.253.255.255', '192.167.255.255', '198.17.255.255', '198.20.0.0', '223.255.255.255', '192.0.3.0',
  '2606:4700:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8', '64:ff9b::1.1.1.1', '2002:808:808::1',
];

describe('destination policy: which addresses are public', () => {
  for (const [address, why] of REFUSED) {
    it(`refuses ${address || '(empty)'} (${why})`, () => assert.equal(isPublicAddress(address), false));
  }
  for (const address of PUBLIC) {
    it(`allows ${address}`, () => assert.equal(isPublicAddress(address), true));
  }

  it('judges the IPv4 inside an IPv6 spelling', () => {
    assert.deepEqual(effectiveAddress('::ffff:7f00:1'), { address: '127.0.0.1', family: 'ipv4' });
    assert.deepEqual(effectiveAddress('64:ff9b::c0a8:101'), { address: '192.168.1.1', family: 'ipv4' });
    assert.deepEqual(effectiveAddress('2002:a00:1::'), { address: '10.0.0.1', family: 'ipv4' });
    assert.deepEqual(effectiveAddress('::1'), { address: '::1', family: 'ipv6' });
  });

  it('opens an allowed range, in every spelling, and nothing next to it', () => {
    const policy = createDestinationPolicy({ allow: ['127.0.0.2/32'] });
    assert.equal(policy.allowAddress('127.0.0.2', 80), true);
    assert.equal(policy.allowAddress('::ffff:127.0.0.2', 80), true);
    assert.equal(policy.allowAddress('127.0.0.1', 80), false);
    assert.equal(policy.allowAddress('127.0.0.3', 443), false);
    assert.equal(policy.allowAddress('8.8.8.8', 443), true);
  });

  it('refuses ports other than 80 and 443 unless listed', () => {
    const web = createDestinationPolicy();
    assert.equal(web.allowAddress('8.8.8.8', 22), false);
    assert.equal(web.allowAddress('8.8.8.8', 8080), false);
    const listed = createDestinationPolicy({ ports: [8080] });
    assert.equal(listed.allowAddress('8.8.8.8', 8080), true);
    assert.equal(listed.allowAddress('8.8.8.8', 80), false);
  });

  it('reads CIDRs strictly', () => {
    assert.deepEqual(parseCidr('10.0.0.0/8'), { address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    assert.deepEqual(parseCidr('fd00::/8'), { address: 'fd00::', prefix: 8, family: 'ipv6' });
    assert.deepEqual(parseCidr('127.0.0.2'), { address: '127.0.0.2', prefix: 32, family: 'ipv4' });
    for (const bad of ['10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/8', 'example.com/8', '10.0.0.0/-1', '10.0.0.0/']) {
      assert.equal(parseCidr(bad), null, bad);
    }
    assert.throws(() => createDestinationPolicy({ allow: ['nope'] }), /not a CIDR/);
  });
});
