// Password hashes for `ui.users`: scrypt (node:crypto), written as
// `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>` so the parameters travel with the hash and can
// be raised later without breaking the hashes already in config files.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** N = 2^15, r = 8, p = 1: 32 MiB and ~50-100 ms per hash here; OWASP's floor for scrypt is N=2^17 at r=8 only when memory allows, and a login page must not let a crowd of attempts take gigabytes. */
export const DEFAULT_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Parameters a config may ask for at most: a hash from a hostile or mistyped config must not take the server's memory. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY = 256 * 1024 * 1024;

export interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

const FORM = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]{16,88}={0,2})\$([A-Za-z0-9+/]{22,172}={0,2})$/;

/** The hash's parts, or a sentence saying what is wrong with it (for the config's error). */
export function parsePasswordHash(text: string): ParsedHash | string {
  const match = FORM.exec(text);
  if (!match) return 'is not a password hash of the form scrypt$<N>$<r>$<p>$<salt>$<hash>; make one with `whydown hash-password`';
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0) return `has N=${N}; N must be a power of two from 2 to ${MAX_N}`;
  if (r < 1 || r > MAX_R) return `has r=${r}; r must be from 1 to ${MAX_R}`;
  if (p < 1 || p > MAX_P) return `has p=${p}; p must be from 1 to ${MAX_P}`;
  if (128 * N * r > MAX_MEMORY) return `needs ${Math.round((128 * N * r) / 1048576)} MiB per sign-in (N x r too large); at most ${MAX_MEMORY / 1048576} MiB`;
  const salt = Buffer.from(match[4]!, 'base64');
  const hash = Buffer.from(match[5]!, 'base64');
  if (hash.length < 16 || hash.length > 128) return 'has a hash part that is not 16 to 128 bytes long';
  return { N, r, p, salt, hash };
}

function derive(password: string, salt: Buffer, length: number, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 128 * params.N * params.r * 2 + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when the password gives the hash; compared in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string | ParsedHash): Promise<boolean> {
  const parsed = typeof stored === 'string' ? parsePasswordHash(stored) : stored;
  if (typeof parsed === 'string') return false;
  const key = await derive(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(key, parsed.hash);
}

/**
 * A hash of no one's password, with given parameters (those of a configured user's hash): an
 * unknown user's sign-in is checked against it, so it costs the same time as a known user's
 * wrong password. Made once per set of parameters.
 */
const decoys = new Map<string, Promise<string>>();
export function decoyHash(params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<string> {
  const key = `${params.N}$${params.r}$${params.p}`;
  let decoy = decoys.get(key);
  if (!decoy) {
    if (decoys.size >= 8) decoys.clear();
    decoy = hashPassword(randomBytes(18).toString('base64'), params);
    decoys.set(key, decoy);
  }
  return decoy;
}
