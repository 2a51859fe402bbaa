// The hops a saved response passed, from its headers: who wrote it and who relayed it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readChain } from '../../src/core/fingerprint/chain.js';
import { fingerprint } from '../../src/core/fingerprint/index.js';
import { parseRaw } from './support/raw-response.js';

const DIR = new URL('../../../test/fixtures/responses/', import.meta.url);

function chainOf(name: string) {
  const facts = parseRaw(readFileSync(new URL(`${name}.http`, DIR)));
  const print = fingerprint(facts);
  return readChain(facts, print, print.generatedBy);
}

describe('the chain of hops', () => {
  it("nginx's page behind Cloudflare: nginx wrote it, Cloudflare (Server, CF-Ray) relayed it", () => {
    const chain = chainOf('cloudflare-503-relayed-nginx');
    assert.deepEqual(chain.map((h) => [h.software, h.role]), [['nginx', 'wrote'], ['cloudflare', 'relayed']]);
    assert.match(chain[1]!.evidence.join(' | '), /Server: cloudflare/);
  });

  it("Varnish's own page: its Via and X-Varnish are the writer's marks, no relay", () => {
    const chain = chainOf('varnish-503-refused');
    assert.deepEqual(chain.map((h) => [h.software, h.role]), [['varnish', 'wrote']]);
  });

  it('a page with no writer known: Server makes no claim, a Via entry still names a relay', () => {
    const facts = { status: 502, headers: { server: 'nginx', via: '1.1 edge-7 (SomeProxy)' }, body: '{"error":"x"}' };
    const chain = readChain(facts, fingerprint(facts), null);
    assert.deepEqual(chain.map((h) => [h.software, h.role]), [['edge-7', 'relayed']]);
  });

  it('several Via entries, nearest the origin first, each a hop', () => {
    const facts = { status: 503, headers: { via: '1.1 varnish (Varnish/7.1), 1.1 nghttpx' }, body: '' };
    const chain = readChain(facts, fingerprint(facts), 'haproxy');
    assert.deepEqual(chain.map((h) => h.software), ['haproxy', 'varnish', 'nghttpx']);
  });
});
