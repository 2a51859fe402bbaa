// A tcp monitor's `target`: `host:port`, `10.0.0.5:5432` or `[2001:db8::5]:22`. Read with the
// WHATWG URL parser (as `tcp://…`) so names and addresses are normalised the way URLs are.
import type { Field, Walker } from './walker.js';

export function readTcpTarget(w: Walker, field: Field): string | undefined {
  const text = w.string(field)?.trim();
  if (text === undefined) return undefined;
  const usage = 'use host:port, e.g. 10.0.0.5:5432 or db.example:5432 ([2001:db8::5]:5432 for IPv6)';
  if (text.includes('://')) return w.fail(field, `${w.shown(field)} is a URL; a tcp target is ${usage.slice(4)}`);
  let url: URL;
  try {
    url = new URL(`tcp://${text}`);
  } catch {
    return w.fail(field, `${w.shown(field)} is not a host and port (${usage})`);
  }
  if (url.hostname === '' || url.username !== '' || url.password !== '' || url.pathname !== '' || url.search !== '' || url.hash !== '') {
    return w.fail(field, `${w.shown(field)} is not a host and port (${usage})`);
  }
  if (url.port === '' || url.port === '0') return w.fail(field, `${w.shown(field)} has no port (${usage})`);
  return `${url.hostname.toLowerCase()}:${url.port}`;
}
