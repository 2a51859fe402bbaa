// Child process of sqlite-wal.test.ts: another process reading the database while the store
// writes, as a dashboard, a backup or an `sqlite3` shell would. With `hold`, one read
// transaction stays open (holding its snapshot) until the parent writes a line to stdin; with
// `loop`, it reads one short transaction after another, until killed.
// Prints `ready` once its connection is open, and `held` once a snapshot is held.
// Usage: node wal-reader.js <db file> <binding> [hold]
import { createInterface } from 'node:readline';
import { openSqliteConnection } from '../../src/serve/store/sqlite-connect.js';
import type { SqliteDriverName } from '../../src/serve/store/sqlite-driver.js';

const [file, driver, mode] = process.argv.slice(2);
const db = await openSqliteConnection(file!, { readonly: true, driver: driver as SqliteDriverName });
const count = db.prepare('SELECT count(*) AS n FROM results');
const recent = db.prepare('SELECT at FROM results WHERE monitor_id = ? ORDER BY at DESC LIMIT 10');
process.stdout.write('ready\n');

if (mode === 'hold') {
  const lines = createInterface({ input: process.stdin });
  db.exec('BEGIN');
  count.get();
  process.stdout.write('held\n');
  for await (const _line of lines) {
    db.exec('COMMIT');
    process.stdout.write('released\n');
    break;
  }
  db.close();
} else {
  // A slow dashboard: each read transaction lasts ~3 ms, and the next starts at once, so a read
  // is open on the WAL nearly all the time.
  for (let i = 0; ; i++) {
    db.exec('BEGIN');
    recent.all([1 + (i % 1000)]);
    const until = performance.now() + 3;
    while (performance.now() < until) count.get();
    db.exec('COMMIT');
  }
}
