// SQLite keeps every result it reported stored: through SIGKILL at random moments, and through
// another process holding the write lock (the write buffer waits and retries). Through each
// binding this Node loads (sqlite.test.ts says which).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { availableSqliteDrivers, openSqliteConnection } from '../../src/serve/store/sqlite-connect.js';
import type { SqliteDriverName } from '../../src/serve/store/sqlite-driver.js';
import { delay, makeTempDir } from '../support/process.js';
import { result } from './fixtures.js';

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kill-writer.js');

/** Runs the writer until `ms` after its first line, SIGKILLs it; the complete lines it printed. */
async function writeThenKill(file: string, first: number, ms: number, driver: SqliteDriverName): Promise<string[]> {
  const child = spawn(process.execPath, [WRITER, file, String(first), driver], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString('utf8'); });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const deadline = Date.now() + 20_000;
  while (!out.includes('ready\n')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`writer did not start: ${err}`);
    await delay(5);
  }
  await delay(ms);
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', err);
  // A line cut off by the kill was never fully reported: only whole lines count.
  return out.split('\n').slice(0, -1).filter((line) => line !== 'ready');
}

for (const driver of await availableSqliteDrivers()) describe(`SQLite store reliability (${driver})`, () => {
  let dir: string;
  before(async () => { dir = await makeTempDir('sqlite-kill'); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('kill -9 at random moments loses no result reported stored (8 rounds)', async (t) => {
    const file = path.join(dir, 'kill.db');
    let reported = 0;
    for (let round = 0; round < 8; round++) {
      const ms = 150 + Math.floor(Math.random() * 700);
      const lines = await writeThenKill(file, round * 10_000_000, ms, driver);
      assert.ok(lines.length > 0, `round ${round}: the writer reported nothing in ${ms} ms`);
      reported += lines.length;

      const db = await openSqliteConnection(file, { readonly: true, driver });
      try {
        assert.deepEqual({ ...db.pragma('PRAGMA integrity_check') as object }, { integrity_check: 'ok' });
        const stored = new Set((db.prepare('SELECT m.name, r.at FROM results r JOIN monitors m ON m.id = r.monitor_id')
          .all() as { name: string; at: number }[]).map((row) => `${row.name}@${row.at}`));
        const missing = lines.filter((line) => !stored.has(line));
        assert.deepEqual(missing, [], `round ${round}: ${missing.length} of ${lines.length} reported results missing`);
        t.diagnostic(`round ${round}: killed after ${ms} ms, ${lines.length} reported, all stored (${stored.size} rows in all)`);
      } finally {
        db.close();
      }
    }
    t.diagnostic(`${reported} results reported stored over 8 kills, none lost`);
  });

  it('holds results while another process has the write lock, then writes them', async () => {
    const file = path.join(dir, 'busy.db');
    const store = await openSqliteStore(file, { driver, busyTimeoutMs: 50, buffer: { minBackoffMs: 20, maxBackoffMs: 100 } });
    try {
      await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
      const other = await openSqliteConnection(file, { driver });
      other.exec('BEGIN IMMEDIATE');
      let stored = false;
      const writing = store.insertResults([result('a', 1), result('a', 2)]).then(() => { stored = true; });
      await delay(500);
      assert.equal(stored, false, 'cannot be stored while the lock is held');
      assert.equal(store.heldResults, 2);
      other.exec('COMMIT');
      other.close();
      await writing;
      assert.equal((await store.listResults('a')).length, 2);
    } finally {
      await store.close();
    }
  });
});
