// Timestamps in logs. Most servers write local time without a zone (nginx `2024/05/01 10:00:00`,
// Apache, php-fpm, lighttpd, HAProxy's accept date). whydown reads those in the local time zone
// of the machine it runs on — set TZ (e.g. `TZ=Europe/Berlin whydown logs …`) to read a log from a
// server in another zone — and prints every time as ISO 8601 in UTC.

export const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

/** Two ASCII digits at `at`, or NaN. */
export function digits2(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

export function digits4(text: string, at: number): number {
  const hi = digits2(text, at);
  const lo = digits2(text, at + 2);
  return hi * 100 + lo;
}

/**
 * Local time → epoch ms, remembering the last minute asked for: consecutive log lines almost
 * always share it, so a Date is built about once a minute rather than once a line.
 */
export class LocalClock {
  private key = -1;
  private base = 0;

  /** `month` counts from 0. Returns null for an impossible date. */
  toEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number, ms = 0): number | null {
    if (!(second >= 0 && second <= 60) || !(ms >= 0)) return null;
    const key = ((((year * 12 + month) * 31 + day) * 24 + hour) * 60) + minute;
    if (key !== this.key) {
      if (!(year >= 1970 && year < 10000 && month >= 0 && month < 12 && day >= 1 && day <= 31
        && hour >= 0 && hour < 24 && minute >= 0 && minute < 60)) return null;
      this.base = new Date(year, month, day, hour, minute, 0, 0).getTime();
      this.key = key;
    }
    return this.base + second * 1000 + ms;
  }
}

/** Epoch ms → ISO string, remembering the last one (many lines share a second). */
export class IsoCache {
  private ms = Number.NaN;
  private iso = '';

  format(ms: number | null): string | null {
    if (ms === null) return null;
    if (ms !== this.ms) {
      this.ms = ms;
      this.iso = new Date(ms).toISOString();
    }
    return this.iso;
  }
}

/** Fraction digits after a decimal point (`.123456`) → milliseconds. */
export function fractionMs(text: string, dot: number): number {
  let ms = 0;
  let scale = 100;
  for (let i = dot + 1; i < text.length && scale >= 1; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    ms += d * scale;
    scale /= 10;
  }
  return ms;
}

/**
 * The common syslog prefixes, for lines a server sent through syslog: `Nov 28 03:33:41 host …`
 * (year assumed to be the current one) and RFC 5424 / high-precision `2024-11-28T03:33:41.123+01:00 host …`.
 */
export function syslogTime(line: string, clock: LocalClock, now = new Date()): number | null {
  if (line.length > 19 && line.charCodeAt(4) === 45 && line.charCodeAt(10) === 84) {
    const space = line.indexOf(' ');
    const parsed = Date.parse(space > 0 ? line.slice(0, space) : line);
    return Number.isNaN(parsed) ? null : parsed;
  }
  const month = MONTHS[line.slice(0, 3)];
  if (month === undefined || line.charCodeAt(3) !== 32) return null;
  const day = line.charCodeAt(4) === 32 ? digits2(`0${line[5]}`, 0) : digits2(line, 4);
  return clock.toEpoch(now.getFullYear(), month, day, digits2(line, 7), digits2(line, 10), digits2(line, 13));
}

/**
 * The Common Log Format's time at `p` (just after `[`): `28/Nov/2026:03:34:13 +0000`. It carries
 * its zone, so no local time is assumed. Null when it is not one.
 */
export function clfTime(line: string, p: number): number | null {
  const month = MONTHS[line.slice(p + 3, p + 6)];
  if (month === undefined) return null;
  const sign = line.charCodeAt(p + 21) === 45 ? -1 : 1;
  const offset = sign * (digits2(line, p + 22) * 60 + digits2(line, p + 24));
  const utc = Date.UTC(digits4(line, p + 7), month, digits2(line, p), digits2(line, p + 12),
    digits2(line, p + 15), digits2(line, p + 18));
  return Number.isNaN(utc) || Number.isNaN(offset) ? null : utc - offset * 60_000;
}
