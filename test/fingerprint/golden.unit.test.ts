// Every saved response in test/fixtures/responses (captured from a real server, or written from
// gateways.md for vendors Debian does not have) against the .json next to it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fingerprint } from '../../src/core/fingerprint/index.js';
import { assertFingerprint, type Expected } from './support/expect.js';
import { parseRaw } from './support/raw-response.js';

const DIR = new URL('../../../test/fixtures/responses/', import.meta.url);

interface FixtureJson extends Expected {
  status: number;
  source: string;
}

const files = readdirSync(DIR).sort();
const names = files.filter((f) => f.endsWith('.http')).map((f) => f.slice(0, -'.http'.length));

describe('golden responses', () => {
  it('every .http has a .json and every .json an .http', () => {
    const jsons = files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
    assert.deepEqual(jsons, names);
    assert.ok(names.length >= 40, `only ${names.length} fixtures`);
  });

  for (const name of names) {
    it(name, () => {
      const expected = JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8')) as FixtureJson;
      assert.ok(expected.source, 'the .json says where the response comes from');
      const response = parseRaw(readFileSync(new URL(`${name}.http`, DIR)));
      assert.equal(response.status, expected.status);
      assertFingerprint(fingerprint(response), expected, name);
    });
  }
});
