// `--listen host:port` (or `[v6]:port`, or `:port` for every address).
import { WhydownError } from '../core/errors.js';

export const DEFAULT_LISTEN = '127.0.0.1:8080';

export function parseListen(text: string): { host: string | undefined; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]*)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new WhydownError('E_BAD_OPTION', `--listen ${JSON.stringify(text)}: not an address to listen on (use host:port, e.g. 127.0.0.1:8080)`);
  }
  const host = match[1] ?? match[2];
  return { host: host === '' ? undefined : host, port };
}

/** What to print for people: a URL they can open. */
export function listenUrl(address: { address: string; port: number; family: string }): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
