// The store contract against SQLite, one fresh database file per test, through each binding this
// Node loads: node:sqlite from Node 22.13, better-sqlite3 where its build matches this Node
// (Node 20 has only it; on Node 24 npm has no build of it to install here). `npm test` runs the
// suite on Node 20 and on Node 24, so each binding passes the contract in CI.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { availableSqliteDrivers, defaultSqliteDriver, openSqliteConnection } from '../../src/serve/store/sqlite-connect.js';
import { makeTempDir } from '../support/cleanup.js';
import { storeContract } from './contract.js';

const drivers = await availableSqliteDrivers();
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const hasNodeSqlite = major >= 24 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);

it(`uses node:sqlite where Node has it, else better-sqlite3 (Node ${process.versions.node}: ${drivers.join(', ')})`, () => {
  assert.equal(defaultSqliteDriver(), hasNodeSqlite ? 'node:sqlite' : 'better-sqlite3');
  assert.ok(drivers.includes(defaultSqliteDriver()), 'the default binding opens a database');
  assert.equal(drivers.includes('node:sqlite'), hasNodeSqlite);
});

for (const driver of drivers) {
  // The API tells a database that is away (503) from a bug (500) by these: one shape for both.
  describe(`SQLite errors look alike (${driver})`, () => {
    let dir: string;
    before(async () => { dir = await makeTempDir('sqlite-errors'); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });
    const code = (error: unknown): unknown => (error as { code?: unknown }).code;

    it('names SQLite errors SQLITE_<NAME>: a constraint, a busy lock', async () => {
      const file = path.join(dir, 'errors.db');
      const a = await openSqliteConnection(file, { driver, busyTimeoutMs: 0 });
      const b = await openSqliteConnection(file, { driver, busyTimeoutMs: 0 });
      try {
        a.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER UNIQUE); INSERT INTO t VALUES (1)');
        assert.throws(() => a.prepare('INSERT INTO t VALUES (@x)').run({ x: 1 }), (e) => code(e) === 'SQLITE_CONSTRAINT_UNIQUE');
        a.exec('BEGIN IMMEDIATE');
        let busy: unknown;
        assert.throws(() => b.exec('BEGIN IMMEDIATE'), (e) => { busy = e; return /^SQLITE_BUSY/.test(String(code(e))); });
        assert.equal(b.isBusy(busy), true);
        assert.equal(b.isBusy(new Error('SQLITE_BUSY in a message only')), false);
        a.rollback();
      } finally {
        a.close();
        b.close();
      }
    });

    it('refuses use after close with the same TypeError', async () => {
      const db = await openSqliteConnection(':memory:', { driver });
      const statement = db.prepare('SELECT 1 AS one');
      assert.deepEqual({ ...statement.get() as object }, { one: 1 });
      db.close();
      assert.equal(db.isOpen, false);
      for (const use of [() => statement.all(), () => db.exec('SELECT 1'), () => db.prepare('SELECT 1')]) {
        assert.throws(use, (e) => e instanceof TypeError && /database connection is not open/.test(e.message));
      }
    });
  });

  describe(`SQLite store (${driver})`, () => {
    let dir: string;
    let count = 0;
    before(async () => { dir = await makeTempDir('sqlite-store'); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });

    storeContract((options) => openSqliteStore(path.join(dir, `store-${++count}.db`), { ...options, driver }));
  });
}
