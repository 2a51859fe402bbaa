// SQLite's WAL file stays bounded (sqlite.ts, sqlite-wal.ts): a 100,000-monitor start once left a
// 1.4 GB `-wal`. Cause: a monitor is added with INSERT … RETURNING read for its row, and a
// statement reset after its row commits without running SQLite's WAL hook (the automatic
// checkpoint), which runs only when a statement steps to its end; while serve stored a config's
// monitors nothing else ran, so ~13 KB of WAL per monitor piled up. Also bounded: the WAL under
// another process's constant reads (checkpoint starvation), and after a reader held a snapshot.
// Through each binding this Node loads.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSqliteStore, WAL_LIMIT_BYTES } from '../../src/serve/store/sqlite.js';
import { availableSqliteDrivers } from '../../src/serve/store/sqlite-connect.js';
import type { SqliteDriverName } from '../../src/serve/store/sqlite-driver.js';
import type { Store } from '../../src/serve/store/types.js';
import { delay, makeTempDir } from '../support/process.js';
import { result } from './fixtures.js';

const READER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wal-reader.js');
const MiB = 1024 * 1024;

type Reader = ChildProcessByStdio<Writable, Readable, Readable> & { lines: string[] };

/** Another process reading the database (wal-reader.ts), once it printed `until`. */
async function startReader(file: string, driver: SqliteDriverName, mode: 'loop' | 'hold', until: string): Promise<Reader> {
  const child = spawn(process.execPath, [READER, file, driver, mode], { stdio: ['pipe', 'pipe', 'pipe'] }) as Reader;
  child.lines = [];
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => child.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString('utf8'); });
  await waitFor(child, until, () => err);
  return child;
}

async function waitFor(child: Reader, line: string, err: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!child.lines.includes(line)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`reader never said ${line}: ${err()}`);
    await delay(5);
  }
}

const walSize = (file: string): number => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;

const names = Array.from({ length: 3000 }, (_, i) => `m${String(i).padStart(4, '0')}`);

/** 40 results of 40 monitors spread over the table: about 40 pages written per commit. */
function batch(n: number): ReturnType<typeof result>[] {
  return Array.from({ length: 40 }, (_, k) => result(names[(n * 41 + k * 73) % names.length]!, 1_700_000_000_000 + n * 1000 + k));
}

for (const driver of await availableSqliteDrivers()) describe(`SQLite WAL stays bounded (${driver})`, () => {
  let dir: string;
  before(async () => { dir = await makeTempDir('sqlite-wal'); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('adding 3,000 monitors keeps the WAL at the size SQLite checkpoints at', async (t) => {
    const file = path.join(dir, 'adds.db');
    const store = await openSqliteStore(file, { driver });
    let largest = 0;
    try {
      // As `whydown serve` stores a config's monitors at its start. Each add commits on its own and
      // writes three or more pages (the row, the name and source indexes): over 36 MB of WAL
      // frames in all. Checkpointed, the WAL stays near 1,000 pages. (A statement that runs to its
      // end after such a commit, such as a page of the monitor list, runs the missed checkpoint:
      // the reads here are of one row, as the engine's are.)
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < names.length) {
          const i = next++;
          await store.upsertMonitor({ name: names[i]!, url: `https://${names[i]}.test/`, source: 'api', settings: { interval: '60s' } });
          if (i % 10 === 0) assert.equal((await store.getMonitor(names[i >> 1]!))?.name, names[i >> 1]);
          largest = Math.max(largest, walSize(file));
        }
      }));
      t.diagnostic(`${driver}: 3,000 adds, the WAL peaked at ${(largest / MiB).toFixed(1)} MiB`);
      assert.ok(largest < 8 * MiB, `the WAL reached ${(largest / MiB).toFixed(1)} MiB`);
      assert.equal((await store.listMonitors({ limit: 1000 })).monitors.length, 1000);
    } finally {
      await store.close();
    }
  });

  it('another process reading all the time does not let the WAL grow past the limit', async (t) => {
    const file = path.join(dir, 'reads.db');
    const store = await openSqliteStore(file, { driver });
    let reader: Reader | null = null;
    let largest = 0;
    try {
      for (const name of names) await store.upsertMonitor({ name, url: 'https://x.test/', source: 'api' });
      reader = await startReader(file, driver, 'loop', 'ready');
      // 300 commits of 40 results on 40 monitors' pages: about 50 MB of WAL frames, almost all
      // written while the other process has a read open on the WAL.
      for (let n = 0; n < 300; n++) {
        await Promise.all([store.insertResults(batch(n)), store.listMonitors({ limit: 100 })]);
        largest = Math.max(largest, walSize(file));
      }
      t.diagnostic(`${driver}: 12,000 results under another process's reads, the WAL peaked at ${(largest / MiB).toFixed(1)} MiB (limit ${WAL_LIMIT_BYTES / MiB} MiB)`);
      // The limit, plus what one commit adds before the next look, plus the writes of a second
      // or so in case the reader was descheduled in the middle of a read (on a busy machine) and
      // the checkpoint had to wait and try again. Unchecked, the WAL ends near 48 MiB.
      assert.ok(largest <= WAL_LIMIT_BYTES + 8 * MiB, `the WAL reached ${(largest / MiB).toFixed(1)} MiB`);
      assert.equal((await store.listResults(names[0]!, { limit: 1000 })).length > 0, true);
    } finally {
      reader?.kill('SIGKILL');
      await store.close();
    }
  });

  it('a reader holding a snapshot lets the WAL grow; once it lets go the file is cut back to the limit', async (t) => {
    const file = path.join(dir, 'held.db');
    const store: Store = await openSqliteStore(file, { driver });
    let reader: Reader | null = null;
    try {
      for (const name of names) await store.upsertMonitor({ name, url: 'https://x.test/', source: 'api' });
      reader = await startReader(file, driver, 'hold', 'held');
      // No checkpoint can pass the held snapshot: the WAL must grow past the limit.
      let n = 0;
      while (walSize(file) <= WAL_LIMIT_BYTES + MiB && n < 3000) await store.insertResults(batch(n++));
      const grown = walSize(file);
      t.diagnostic(`${driver}: ${n} commits while the snapshot was held: WAL ${(grown / MiB).toFixed(1)} MiB`);
      assert.ok(grown > WAL_LIMIT_BYTES, 'the WAL grew past the limit while a reader held its snapshot');

      reader.stdin.write('release\n');
      await waitFor(reader, 'released');
      // The next automatic checkpoint completes; the commit after it starts the WAL over and cuts
      // the file back.
      for (let k = 0; k < 60; k++) await store.insertResults(batch(n++));
      const after = walSize(file);
      t.diagnostic(`${driver}: 60 commits after the reader let go: WAL ${(after / MiB).toFixed(1)} MiB`);
      assert.ok(after <= WAL_LIMIT_BYTES, `the WAL stayed at ${(after / MiB).toFixed(1)} MiB`);
    } finally {
      reader?.kill('SIGKILL');
      await store.close();
    }
  });
});
