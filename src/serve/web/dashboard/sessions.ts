// Dashboard sessions: a random 32-byte id in the cookie, its SHA-256 in the store, a CSRF token
// per session, an idle and an absolute expiry. Lookups are cached in memory (one read of the
// store per session per process), and `seen_at` is written at most once a minute per session.
import { createHash, randomBytes } from 'node:crypto';
import type { SessionRow, SessionRows } from './session-store.js';

export interface SessionLimits {
  /** Signed out after this long without a request (default 12 h). */
  idleMs: number;
  /** Signed out this long after signing in, whatever happens (default 7 days). */
  absoluteMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 12 * 3_600_000, absoluteMs: 7 * 86_400_000 };

export interface Session {
  user: string;
  csrf: string;
  /** The SHA-256 of the id: what other parts (live streams) may key on, never the id. */
  key: string;
}

const TOUCH_EVERY_MS = 60_000;
const CACHE_MAX = 10_000;
const ID = /^[A-Za-z0-9_-]{43}$/;

export const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('hex');

export class Sessions {
  private readonly cache = new Map<string, SessionRow>();
  private readonly endListeners = new Set<(key: string) => void>();

  constructor(
    private readonly rows: SessionRows,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session for `user`; the returned id goes in the cookie and nowhere else. */
  async create(user: string): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const at = this.now();
    const row: SessionRow = { idHash: hashSessionId(id), user, csrf: randomBytes(32).toString('base64url'), createdAt: at, seenAt: at };
    await this.rows.insert(row);
    this.remember(row);
    return { id, session: { user, csrf: row.csrf, key: row.idHash } };
  }

  /** The live session with this cookie id, or null (unknown, malformed or expired). */
  async find(id: string): Promise<Session | null> {
    if (!ID.test(id)) return null;
    const idHash = hashSessionId(id);
    let row = this.cache.get(idHash) ?? null;
    if (!row) {
      row = await this.rows.get(idHash);
      if (!row) return null;
      this.remember(row);
    }
    const at = this.now();
    if (at - row.seenAt > this.limits.idleMs || at - row.createdAt > this.limits.absoluteMs) {
      await this.end(idHash);
      return null;
    }
    if (at - row.seenAt > TOUCH_EVERY_MS) {
      row.seenAt = at;
      await this.rows.touch(idHash, at);
    }
    return { user: row.user, csrf: row.csrf, key: idHash };
  }

  /** Signs the session out (by its key, the id's hash); its live streams close. */
  async end(key: string): Promise<void> {
    this.cache.delete(key);
    await this.rows.delete(key);
    for (const listener of this.endListeners) listener(key);
  }

  onEnd(listener: (key: string) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Forgets expired sessions in the store (housekeeping); how many. */
  prune(): Promise<number> {
    const at = this.now();
    for (const [key, row] of this.cache) {
      if (at - row.seenAt > this.limits.idleMs || at - row.createdAt > this.limits.absoluteMs) this.cache.delete(key);
    }
    return this.rows.deleteExpired(at - this.limits.idleMs, at - this.limits.absoluteMs);
  }

  private remember(row: SessionRow): void {
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(row.idHash, row);
  }
}
