// The agent's spool: bounded, oldest dropped first with a count, acked results deleted, and what
// a stopped agent left is sent again by the next run.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { Spool } from '../../src/serve/vantage/spool.js';
import { makeTempDir, removeTempDir } from '../support/cleanup.js';

const result = (slot: number) => ({
  monitor: 'shop', slot, at: slot + 5, status: 'up' as const, cause: 'ok' as const,
  timings: { total: 3 }, httpStatus: 200, errorCode: null, durationMs: 3,
});

describe('agent spool', () => {
  const dirs: string[] = [];
  after(async () => { for (const dir of dirs) await removeTempDir(dir); });
  const dir = async (): Promise<string> => {
    const made = await makeTempDir('spool');
    dirs.push(made);
    return made;
  };

  it('keeps at most maxResults, dropping the oldest first and counting them', async () => {
    const spool = new Spool({ dir: await dir(), maxResults: 100, segmentSize: 10 });
    for (let i = 0; i < 250; i++) spool.add(result(i));
    assert.ok(spool.size <= 100 && spool.size > 90, `size ${spool.size}`);
    const slots = [...spool.unacked()].map((r) => r.slot);
    assert.equal(slots.at(-1), 249, 'the newest kept');
    assert.ok(slots[0]! >= 150, 'the oldest gone');
    assert.equal(spool.takeDropped(), 250 - spool.size);
    assert.equal(spool.takeDropped(), 0, 'reported once');
  });

  it('deletes acked files, and a new run finds the rest', async () => {
    const where = await dir();
    const spool = new Spool({ dir: where, maxResults: 1000, segmentSize: 10 });
    const items = Array.from({ length: 35 }, (_, i) => spool.add(result(i)));
    spool.ack(items.slice(0, 20).map((r) => r.id));
    assert.equal(readdirSync(where).length, 2, 'two full files acked and deleted, two left');
    const again = new Spool({ dir: where, maxResults: 1000, segmentSize: 10 });
    assert.deepEqual([...again.unacked()].map((r) => r.slot), items.slice(20).map((r) => r.slot));
    const next = again.add(result(99));
    assert.ok(next.id > items.at(-1)!.id, 'ids go on from the last run');
    again.ack([...again.unacked()].map((r) => r.id));
    assert.equal(again.size, 0);
  });
});
