// The store throws its own error classes, so callers map classes and never read driver messages.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { StoreInputError, StoreNotFound, StoreUnavailable } from '../../src/serve/store/errors.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { makeTempDir } from '../support/cleanup.js';

describe('store errors', () => {
  it('a bad cursor is StoreInputError, an unknown incident or monitor StoreNotFound, a closed database StoreUnavailable', async () => {
    const dir = await makeTempDir('store-errors');
    const store = await openSqliteStore(path.join(dir, 'errors.db'));
    await assert.rejects(store.listMonitors({ cursor: 'not-a-cursor' }), StoreInputError);
    await assert.rejects(store.openIncident('nobody', { status: 'down' } as never, new Date()), StoreNotFound);
    assert.equal(await store.getIncident(12345), null);
    await store.close();
    const away = await store.getMonitor('shop').then(() => null, (error: unknown) => error);
    assert.ok(away instanceof StoreUnavailable, `got ${String(away)}`);
    assert.equal(away.code, 'E_STORE_UNAVAILABLE');
    assert.match(away.message, /^the database is unavailable: /);
  });

  it('a bug in a query stays what it is (not "unavailable")', async () => {
    const dir = await makeTempDir('store-errors');
    const store = await openSqliteStore(path.join(dir, 'bug.db'));
    await assert.rejects(store.db.all('SELECT no_such_column FROM monitors'), (error: unknown) => !(error instanceof StoreUnavailable));
    await store.close();
  });
});
