// Instants as the rest of whydown passes them around: Date objects, epoch milliseconds, or the ISO
// strings the store keeps. The arithmetic works on epoch milliseconds only.

export type TimeInput = Date | number | string;

/** Epoch milliseconds. An unreadable time is a bug in the caller, not data: it throws. */
export function toMs(time: TimeInput): number {
  const ms = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : time.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(time)}`);
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
