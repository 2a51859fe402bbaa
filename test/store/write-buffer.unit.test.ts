// The write buffer's rules, with a writer function standing in for the database (the real
// databases are in sqlite-reliability and postgres-reliability).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WriteBuffer } from '../../src/serve/store/write-buffer.js';

class Transient extends Error {}

describe('WriteBuffer', () => {
  it('batches what arrives while a write is out, in order', async () => {
    const batches: number[][] = [];
    const buffer = new WriteBuffer<number>({
      write: async (batch) => { batches.push(batch); await new Promise((r) => setTimeout(r, 10)); },
      isTransient: () => false,
    });
    await Promise.all([buffer.add([1]), buffer.add([2, 3]), buffer.add([4])]);
    assert.deepEqual(batches.flat(), [1, 2, 3, 4]);
    assert.ok(batches.length <= 2, `group commit: ${batches.length} writes`);
  });

  it('retries transient failures with back-off and resolves only when written', async () => {
    let failuresLeft = 3;
    const written: number[] = [];
    const retries: number[] = [];
    const buffer = new WriteBuffer<number>({
      write: async (batch) => {
        if (failuresLeft-- > 0) throw new Transient('connection refused');
        written.push(...batch);
      },
      isTransient: (error) => error instanceof Transient,
      minBackoffMs: 5,
      onRetry: (_error, attempt) => retries.push(attempt),
    });
    let resolved = false;
    const added = buffer.add([1, 2]).then(() => { resolved = true; });
    assert.equal(buffer.held, 2);
    await added;
    assert.equal(resolved, true);
    assert.deepEqual(written, [1, 2]);
    assert.deepEqual(retries, [1, 2, 3]);
    assert.equal(buffer.held, 0);
  });

  it('rejects a batch that fails for good, and goes on with the next', async () => {
    const buffer = new WriteBuffer<number>({
      write: async (batch) => { if (batch.includes(13)) throw new Error('bad row'); },
      isTransient: () => false,
      maxBatch: 1,
    });
    const results = await Promise.allSettled([buffer.add([13]), buffer.add([14])]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'fulfilled']);
  });

  it('refuses more than it may hold, and on close refuses what it could not write', async () => {
    const buffer = new WriteBuffer<number>({
      write: async () => { throw new Transient('down'); },
      isTransient: () => true,
      maxHeld: 3,
      minBackoffMs: 5,
      maxBackoffMs: 10,
    });
    const held = buffer.add([1, 2]);
    await assert.rejects(buffer.add([3, 4]), /full/);
    await buffer.close(50);
    await assert.rejects(held, /closed with 2 results not written/);
    await assert.rejects(buffer.add([5]), /closed/);
  });
});
