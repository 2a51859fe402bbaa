// Child process of sqlite-reliability.test.ts: writes results to the SQLite store as fast as it
// can, several batches in flight, and prints `monitor@ms` for each result once insertResults has
// resolved — that is, once the store has reported it stored. The test kills it with SIGKILL.
// Usage: node kill-writer.js <db file> <first ms> <binding: node:sqlite | better-sqlite3>
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import type { SqliteDriverName } from '../../src/serve/store/sqlite-driver.js';
import { result } from './fixtures.js';

const [file, firstArg, driver] = process.argv.slice(2);
const store = await openSqliteStore(file!, { driver: driver as SqliteDriverName });
const monitors = Array.from({ length: 20 }, (_, i) => `m${i}`);
for (const name of monitors) await store.upsertMonitor({ name, url: `https://${name}.test/`, source: 'config' });

let next = Number(firstArg);
async function writer(): Promise<never> {
  for (;;) {
    const size = 1 + Math.floor(Math.random() * 50);
    const batch = Array.from({ length: size }, () => {
      next += 1;
      return result(monitors[next % monitors.length]!, next, next % 7 === 0 ? 'down' : 'up', 20 + (next % 300));
    });
    await store.insertResults(batch);
    process.stdout.write(batch.map((r) => `${r.monitor}@${new Date(r.at).getTime()}\n`).join(''));
  }
}
process.stdout.write('ready\n');
await Promise.all([writer(), writer(), writer(), writer()]);
