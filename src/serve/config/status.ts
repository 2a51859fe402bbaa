// Expected statuses: `200`, `"2xx"`, `"200-399"`, or a list of them.
import type { Expect, StatusRange } from './types.js';

/** What a monitor expects when it names no status: a page that answered, possibly by redirect. */
export const DEFAULT_STATUS: readonly StatusRange[] = [{ min: 200, max: 399 }];

export function parseStatus(input: string | number): StatusRange | undefined {
  const text = String(input).trim().toLowerCase();
  let range: StatusRange | undefined;
  let match: RegExpExecArray | null;
  if (/^\d{3}$/.test(text)) range = { min: Number(text), max: Number(text) };
  else if ((match = /^([1-5])xx$/.exec(text))) range = { min: Number(match[1]) * 100, max: Number(match[1]) * 100 + 99 };
  else if ((match = /^(\d{3})\s*-\s*(\d{3})$/.exec(text))) range = { min: Number(match[1]), max: Number(match[2]) };
  if (!range || range.min < 100 || range.max > 599 || range.min > range.max) return undefined;
  return range;
}

export function statusExpected(expect: Expect, status: number): boolean {
  return (expect.status ?? DEFAULT_STATUS).some((r) => status >= r.min && status <= r.max);
}
