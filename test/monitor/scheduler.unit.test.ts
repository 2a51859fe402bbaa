// The scheduler on a real clock with short intervals: slots spread and kept, a hanging check
// holds only its own monitor, the cap on checks in flight, changes and removals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scheduler } from '../../src/serve/engine/scheduler.js';
import { nextSlot, slotOffset } from '../../src/serve/engine/slots.js';
import { MinHeap } from '../../src/serve/engine/min-heap.js';
import { delay } from '../support/delay.js';

describe('slots', () => {
  it('spreads 10,000 monitors evenly over the interval', () => {
    const buckets = new Array<number>(60).fill(0);
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(slotOffset(`monitor-${i}`, 60_000) / 1000)]!++;
    // An even spread puts ~167 in each second; a hash should stay well within ±40%.
    assert.ok(Math.min(...buckets) > 100 && Math.max(...buckets) < 240, `per-second counts ${Math.min(...buckets)}..${Math.max(...buckets)}`);
  });

  it('keeps a monitor on the same offset, and gives the next slot strictly after a time', () => {
    assert.equal(slotOffset('shop', 60_000), slotOffset('shop', 60_000));
    assert.equal(nextSlot(120_000, 60_000, 5_000), 125_000);
    assert.equal(nextSlot(125_000, 60_000, 5_000), 185_000);
    assert.equal(nextSlot(0, 1000, 999), 999);
  });

  it('orders a heap by due time', () => {
    const heap = new MinHeap<{ due: number }>();
    const values = Array.from({ length: 500 }, () => Math.floor(Math.random() * 1000));
    for (const due of values) heap.push({ due });
    const out: number[] = [];
    for (let item = heap.pop(); item; item = heap.pop()) out.push(item.due);
    assert.deepEqual(out, [...values].sort((a, b) => a - b));
  });
});

describe('Scheduler', () => {
  it('runs each monitor once per interval at its slot, on time', async () => {
    const runs = new Map<string, number[]>();
    const delays: number[] = [];
    const scheduler = new Scheduler({
      maxConcurrent: 100,
      run: async (name, slotAt, delayMs) => {
        runs.set(name, [...(runs.get(name) ?? []), slotAt]);
        delays.push(delayMs);
      },
    });
    for (let i = 0; i < 50; i++) scheduler.set(`m${i}`, 200);
    scheduler.start();
    await delay(1100);
    await scheduler.stop();
    for (let i = 0; i < 50; i++) {
      const slots = runs.get(`m${i}`) ?? [];
      assert.ok(slots.length >= 4 && slots.length <= 6, `m${i} ran ${slots.length} times in 1.1 s at 200 ms`);
      for (let k = 1; k < slots.length; k++) assert.equal(slots[k]! - slots[k - 1]!, 200);
      assert.equal(slots[0]! % 200, slotOffset(`m${i}`, 200));
    }
    delays.sort((a, b) => a - b);
    assert.ok(delays[Math.floor(delays.length * 0.95)]! < 100, `p95 delay ${delays[Math.floor(delays.length * 0.95)]} ms`);
  });

  it('skips the slots of a monitor whose check hangs, and never delays the others', async () => {
    const started = new Map<string, number>();
    const delays: number[] = [];
    let skipped = 0;
    const scheduler = new Scheduler({
      maxConcurrent: 10,
      run: async (name, _slot, delayMs) => {
        started.set(name, (started.get(name) ?? 0) + 1);
        if (name === 'hangs') await delay(1000);
        else delays.push(delayMs);
      },
      onSkipped: (name) => { if (name === 'hangs') skipped++; },
    });
    scheduler.set('hangs', 100);
    for (let i = 0; i < 5; i++) scheduler.set(`fine${i}`, 100);
    scheduler.start();
    await delay(850);
    const stopping = scheduler.stop();
    await stopping;
    assert.equal(started.get('hangs'), 1);
    assert.ok(skipped >= 6, `skipped ${skipped}`);
    for (let i = 0; i < 5; i++) assert.ok((started.get(`fine${i}`) ?? 0) >= 7, `fine${i} ran ${started.get(`fine${i}`)}`);
    assert.ok(Math.max(...delays) < 60, `max delay of the others ${Math.max(...delays)} ms`);
  });

  it('caps checks in flight; the rest wait, and every monitor gets its turn', async () => {
    let inFlight = 0;
    let peak = 0;
    const ran = new Set<string>();
    const scheduler = new Scheduler({
      maxConcurrent: 3,
      run: async (name) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        ran.add(name);
        await delay(50);
        inFlight--;
      },
    });
    for (let i = 0; i < 12; i++) scheduler.set(`m${i}`, 1000);
    scheduler.start();
    // Every slot comes due within one interval; queued behind the cap (12 × 50 ms / 3) each
    // starts at most 200 ms late. Some monitors may run twice meanwhile: slots are on the clock.
    await delay(1300);
    await scheduler.stop();
    assert.equal(peak, 3);
    assert.equal(ran.size, 12);
  });

  it('reports the wait when there is more work than the cap allows', async () => {
    const delays: number[] = [];
    const scheduler = new Scheduler({
      maxConcurrent: 1,
      run: async (_name, _slot, delayMs) => { delays.push(delayMs); await delay(150); },
    });
    // Six checks of 150 ms every 300 ms, one at a time: 900 ms of work per 300 ms, so they queue.
    for (let i = 0; i < 6; i++) scheduler.set(`m${i}`, 300);
    scheduler.start();
    await delay(1000);
    await scheduler.stop();
    assert.ok(Math.max(...delays) >= 300, `largest delay ${Math.max(...delays)} ms`);
  });

  it('takes a new interval at the next slot and forgets a removed monitor', async () => {
    const runs: string[] = [];
    const scheduler = new Scheduler({ maxConcurrent: 10, run: async (name) => { runs.push(name); } });
    scheduler.set('a', 100);
    scheduler.set('b', 100);
    scheduler.start();
    await delay(250);
    scheduler.delete('b');
    scheduler.set('a', 1000);
    const before = runs.length;
    await delay(500);
    await scheduler.stop();
    const after = runs.slice(before);
    assert.ok(!after.includes('b'), 'b ran after its removal');
    assert.ok(after.filter((n) => n === 'a').length <= 1, `a ran ${after.length} times at its new 1 s interval`);
  });
});
