// Shards: every monitor in one of them, 100,000 monitors spread evenly, and a fair share that
// covers every shard whatever the number of live hubs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fairShare, shardOf, SHARDS } from '../../src/serve/hubs/shards.js';
import { checkHubName } from '../../src/serve/hubs/identity.js';
import { sameJson } from '../../src/serve/engine/same-json.js';

test('100,000 monitors fall evenly into the shards', () => {
  const counts = new Array<number>(SHARDS).fill(0);
  for (let i = 0; i < 100_000; i++) counts[shardOf(`site-${i}.example`)]!++;
  const mean = 100_000 / SHARDS;
  assert.ok(Math.min(...counts) > mean * 0.85 && Math.max(...counts) < mean * 1.15, `shard sizes ${Math.min(...counts)}…${Math.max(...counts)}`);
  assert.equal(shardOf('same'), shardOf('same'));
});

test('a fair share times the live hubs covers every shard', () => {
  for (let hubs = 1; hubs <= 200; hubs++) {
    assert.ok(fairShare(hubs) * hubs >= SHARDS);
    assert.ok(fairShare(hubs) >= 1);
  }
  assert.equal(fairShare(0), SHARDS);
  assert.equal(fairShare(3), 40);
});

test('hub names: printable, short', () => {
  assert.equal(checkHubName('hub-a'), null);
  assert.match(checkHubName('') ?? '', /1 to 100/);
  assert.match(checkHubName('a b') ?? '', /printable/);
  assert.match(checkHubName('x'.repeat(101)) ?? '', /1 to 100/);
});

test('settings compare equal whatever the order of their keys (PostgreSQL\'s JSONB reorders them)', () => {
  assert.ok(sameJson({ method: 'GET', tags: [], confirm: { failures: 2 } }, { tags: [], confirm: { failures: 2 }, method: 'GET' }));
  assert.ok(!sameJson({ tags: ['a', 'b'] }, { tags: ['b', 'a'] }));
  assert.ok(!sameJson({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!sameJson({ a: 1, b: 2 }, { a: 1, c: 2 }));
  assert.ok(!sameJson({ a: null }, { a: {} }));
  assert.ok(sameJson({ a: undefined, b: 1 }, { b: 1 }));
});
