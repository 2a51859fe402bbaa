// The store contract against a real PostgreSQL 15 (Debian's), one fresh database per test.
import { after, before, describe } from 'node:test';
import { openPostgresStore } from '../../src/serve/store/postgres.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { storeContract } from './contract.js';

describe('PostgreSQL store', () => {
  let server: Postgres;
  before(async () => { server = await startPostgres(); });
  after(async () => { await server?.destroy(); });

  storeContract(async (options) => openPostgresStore(await server.createDatabase(), options));
});
