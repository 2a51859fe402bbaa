// Where dashboard sessions are kept: the `web_sessions` table of the monitor's own database, so a
// restart signs no one out (and PostgreSQL users need no file beside it). A store that is not
// SQL-backed (tests' fakes) keeps them in memory.
import type { Database } from '../../store/database.js';
import { SqlStore } from '../../store/sql-store.js';
import type { Store } from '../../store/types.js';

export interface SessionRow {
  /** SHA-256 (hex) of the cookie's id; the id itself is never stored. */
  idHash: string;
  user: string;
  csrf: string;
  createdAt: number;
  seenAt: number;
}

export interface SessionRows {
  get(idHash: string): Promise<SessionRow | null>;
  insert(row: SessionRow): Promise<void>;
  touch(idHash: string, seenAt: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Removes sessions idle since `idleBefore` or made before `createdBefore`; how many went. */
  deleteExpired(idleBefore: number, createdBefore: number): Promise<number>;
}

interface Row { id_hash: string; user_name: string; csrf: string; created_at: number | string; seen_at: number | string }

class SqlSessionRows implements SessionRows {
  constructor(private readonly db: Database) {}

  async get(idHash: string): Promise<SessionRow | null> {
    const row = await this.db.one<Row>('SELECT id_hash, user_name, csrf, created_at, seen_at FROM web_sessions WHERE id_hash = :idHash', { idHash });
    return row ? { idHash: row.id_hash, user: row.user_name, csrf: row.csrf, createdAt: Number(row.created_at), seenAt: Number(row.seen_at) } : null;
  }

  async insert(row: SessionRow): Promise<void> {
    await this.db.run('INSERT INTO web_sessions (id_hash, user_name, csrf, created_at, seen_at) VALUES (:idHash, :user, :csrf, :createdAt, :seenAt)', { ...row });
  }

  async touch(idHash: string, seenAt: number): Promise<void> {
    await this.db.run('UPDATE web_sessions SET seen_at = :seenAt WHERE id_hash = :idHash', { idHash, seenAt });
  }

  async delete(idHash: string): Promise<void> {
    await this.db.run('DELETE FROM web_sessions WHERE id_hash = :idHash', { idHash });
  }

  deleteExpired(idleBefore: number, createdBefore: number): Promise<number> {
    return this.db.run('DELETE FROM web_sessions WHERE seen_at < :idleBefore OR created_at < :createdBefore', { idleBefore, createdBefore });
  }
}

class MemorySessionRows implements SessionRows {
  private readonly rows = new Map<string, SessionRow>();
  get(idHash: string): Promise<SessionRow | null> { return Promise.resolve(this.rows.get(idHash) ?? null); }
  insert(row: SessionRow): Promise<void> { this.rows.set(row.idHash, { ...row }); return Promise.resolve(); }
  touch(idHash: string, seenAt: number): Promise<void> {
    const row = this.rows.get(idHash);
    if (row) row.seenAt = seenAt;
    return Promise.resolve();
  }
  delete(idHash: string): Promise<void> { this.rows.delete(idHash); return Promise.resolve(); }
  deleteExpired(idleBefore: number, createdBefore: number): Promise<number> {
    let gone = 0;
    for (const [key, row] of this.rows) {
      if (row.seenAt < idleBefore || row.createdAt < createdBefore) { this.rows.delete(key); gone++; }
    }
    return Promise.resolve(gone);
  }
}

export function sessionRowsOf(store: Store): SessionRows {
  return store instanceof SqlStore ? new SqlSessionRows(store.db) : new MemorySessionRows();
}

export function memorySessionRows(): SessionRows {
  return new MemorySessionRows();
}
