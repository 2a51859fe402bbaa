// scratch: WAL growth under serve-like writes
import { statSync } from 'node:fs';
import path from 'node:path';
import { openSqliteStore } from '../src/serve/store/sqlite.js';
import { openSqliteConnection } from '../src/serve/store/sqlite-connect.js';
import { result } from '../test/store/fixtures.js';

const N = Number(process.argv[2] ?? 20000);
const SECONDS = Number(process.argv[3] ?? 30);
const OTHER = process.argv[4] === 'reader';
const file = path.join('/tmp/walx', `w-${Date.now()}.db`);
const store = await openSqliteStore(file);
const names = Array.from({ length: N }, (_, i) => `m${String(i).padStart(6, '0')}`);
for (const name of names) await store.upsertMonitor({ name, url: 'https://x.test/', source: 'api' });
const wal = (): number => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
console.log('after adds wal MB', (wal() / 1e6).toFixed(1));
let max = 0;
const end = Date.now() + SECONDS * 1000;
let t = Date.now() - 3600_000;
let i = 0;
const other = OTHER ? await openSqliteConnection(file, { readonly: true }) : null;
const stmt = other?.prepare('SELECT count(*) AS n FROM results WHERE monitor_id = 5');
const reader = setInterval(() => { stmt?.get(); }, 1);
const sampler = setInterval(() => { max = Math.max(max, wal()); }, 100);
while (Date.now() < end) {
  const batch = [];
  for (let k = 0; k < 40; k++) { batch.push(result(names[i++ % N]!, t)); t += 1; }
  await store.insertResults(batch);
  await store.listMonitors({ limit: 100 });
}
clearInterval(reader); clearInterval(sampler);
console.log(`driver=${process.versions.node} results=${i} wal max MB ${(max / 1e6).toFixed(1)} now ${(wal() / 1e6).toFixed(1)}`);
await store.close();
other?.close();
