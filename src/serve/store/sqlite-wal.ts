// Keeps SQLite's WAL file near its limit while other processes read the database.
//
// SQLite checkpoints by itself (every 1,000 pages of WAL, at a commit) and starts the WAL over at
// the next write once a checkpoint has copied everything and no reader still uses the WAL; then
// `journal_size_limit` cuts the file back. Another process reading in a tight loop (a dashboard,
// a script polling the file) almost always has a read open on the WAL at that moment, so the WAL
// is never started over and grows by every commit. (The automatic checkpoint runs right after a
// commit, when such a reader's snapshot still predates it, so it never copies everything.) A
// RESTART checkpoint copies everything, waits for the readers of the moment to finish (new ones
// read the database file, which then holds everything) and lets the next commit start over. It
// runs before a write, not after one: by then (serve commits every 20 ms or more) the readers have
// moved on to the newest snapshot and need not be waited for twice; polled locks rarely catch a
// reader that takes its next read at once. It runs only once the file is past the limit, so never
// while one process has the database to itself, and waits at most RESTART_WAIT_MS: a reader
// holding one snapshot for long (a backup) is waited out by trying again later — after 0.25 s,
// then 0.5, 1, 2, … up to a minute — not by stalling the store.
import { statSync } from 'node:fs';
import type { SqliteConnection } from './sqlite-driver.js';

/** How long a RESTART checkpoint may wait for readers; the main thread waits with it. */
const RESTART_WAIT_MS = 50;
/** After a RESTART that readers held up, the first wait before trying again, and the longest. */
const RETRY_MS = 250;
const MAX_RETRY_MS = 60_000;

export class WalGuard {
  private retryAt = 0;
  private retryMs = RETRY_MS;

  /** `file` null: a database without a file (`:memory:`) has no WAL to watch. */
  constructor(
    private readonly db: SqliteConnection,
    private readonly walFile: string | null,
    private readonly limitBytes: number,
    private readonly busyTimeoutMs: number,
  ) {}

  /** Before a write, outside any transaction: one stat(2) of the WAL file, usually nothing more. */
  beforeWrite(): void {
    if (this.walFile === null || !this.db.isOpen) return;
    const size = statSync(this.walFile, { throwIfNoEntry: false })?.size ?? 0;
    if (size <= this.limitBytes || Date.now() < this.retryAt) return;
    let done = false;
    try {
      this.db.exec(`PRAGMA busy_timeout = ${RESTART_WAIT_MS}`);
      const outcome = this.db.pragma('PRAGMA wal_checkpoint(RESTART)') as { busy: number } | undefined;
      done = outcome?.busy === 0;
    } catch {
      // The write must not fail for a checkpoint that did not happen (a disk error shows up in
      // the write itself anyway): try again later.
    } finally {
      this.db.exec(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`);
    }
    if (done) {
      this.retryMs = RETRY_MS;
    } else {
      this.retryAt = Date.now() + this.retryMs;
      this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    }
  }
}
