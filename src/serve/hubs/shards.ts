// Monitors are divided among hubs in shards: a fixed number of buckets, each monitor in the one
// its name hashes to. A hub leases whole shards (one row each), not monitors: 100,000 monitors
// cost 120 lease rows to renew, and the share of each hub is even to within a shard.
// 120 divides evenly by 2, 3, 4, 5, 6 and 8 hubs.
import { createHash } from 'node:crypto';

export const SHARDS = 120;

export function shardOf(name: string): number {
  // Another part of the digest than slots.ts's offset, so a shard's monitors spread over the interval.
  return createHash('sha1').update(name).digest().readUInt32BE(4) % SHARDS;
}

/** How many shards a hub should hold with `liveHubs` running (at least 1 hub: itself). */
export function fairShare(liveHubs: number): number {
  return Math.ceil(SHARDS / Math.max(1, liveHubs));
}
