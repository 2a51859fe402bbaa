// The store contract against SQLite, one fresh database file per test, through each binding this
// Node loads: node:sqlite from Node 22.13, better-sqlite3 where its build matches this Node
// (Node 20 has only it; on Node 24 npm has no build of it to install here). `npm test` runs the
// suite on Node 20 and on Node 24, so each binding passes the contract in CI.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { availableSqliteDrivers, defaultSqliteDriver } from '../../src/serve/store/sqlite-connect.js';
import { makeTempDir } from '../support/process.js';
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
  describe(`SQLite store (${driver})`, () => {
    let dir: string;
    let count = 0;
    before(async () => { dir = await makeTempDir('sqlite-store'); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });

    storeContract((options) => openSqliteStore(path.join(dir, `store-${++count}.db`), { ...options, driver }));
  });
}
