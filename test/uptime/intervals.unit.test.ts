// The interval set operations under the uptime arithmetic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clipIntervals, mergeIntervals, subtractIntervals, totalLength } from '../../src/core/time/intervals.js';

describe('uptime: intervals', () => {
  it('merges overlapping and touching intervals, drops empty ones', () => {
    assert.deepEqual(mergeIntervals([[5, 7], [1, 3], [3, 4], [2, 2], [6, 9], [10, 11]]), [[1, 4], [5, 9], [10, 11]]);
    assert.equal(totalLength([[0, 10], [5, 15], [20, 25]]), 20);
  });

  it('subtracts holes at the edges, inside and across intervals', () => {
    assert.deepEqual(subtractIntervals([[0, 10], [20, 30]], [[-5, 2], [4, 6], [9, 21], [29, 40]]), [[2, 4], [6, 9], [21, 29]]);
    assert.deepEqual(subtractIntervals([[0, 10]], [[0, 10]]), []);
    assert.deepEqual(subtractIntervals([[0, Infinity]], [[5, 6]]), [[0, 5], [6, Infinity]]);
  });

  it('clips to a range', () => {
    assert.deepEqual(clipIntervals([[0, 10], [15, 30], [40, 50]], 5, 20), [[5, 10], [15, 20]]);
  });
});
