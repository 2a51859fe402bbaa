// The store contract against SQLite, one fresh database file per test.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { makeTempDir } from '../support/cleanup.js';
import { storeContract } from './contract.js';

describe('SQLite store', () => {
  let dir: string;
  let count = 0;
  before(async () => { dir = await makeTempDir('sqlite-store'); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  storeContract((options) => openSqliteStore(path.join(dir, `store-${++count}.db`), options));
});
