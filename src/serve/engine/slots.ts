// Where each monitor's checks fall in time. A monitor keeps a fixed offset within its interval,
// taken from a hash of its name: 100,000 monitors at 60 s spread evenly over the minute instead
// of all firing at :00, and a monitor keeps its slot across restarts (so do its neighbours).
import { createHash } from 'node:crypto';

export function slotOffset(name: string, intervalMs: number): number {
  const digest = createHash('sha1').update(name).digest();
  return digest.readUInt32BE(0) % intervalMs;
}

/** The first slot strictly after `after` (epoch ms) for this offset and interval. */
export function nextSlot(after: number, intervalMs: number, offsetMs: number): number {
  const periods = Math.floor((after - offsetMs) / intervalMs) + 1;
  return periods * intervalMs + offsetMs;
}
