// openStore: which URLs name which store, and one-line errors for the rest.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isWhydownError } from '../../src/core/errors.js';
import { openStore, parseDbUrl } from '../../src/serve/store/open-store.js';
import { makeTempDir } from '../support/cleanup.js';

describe('openStore', () => {
  it('reads sqlite: and postgres:// URLs', () => {
    assert.deepEqual(parseDbUrl('sqlite:./whydown.db'), { kind: 'sqlite', file: './whydown.db', synchronous: 'normal' });
    assert.deepEqual(parseDbUrl('sqlite:///var/lib/w.db?synchronous=full'), { kind: 'sqlite', file: '/var/lib/w.db', synchronous: 'full' });
    assert.deepEqual(parseDbUrl('sqlite::memory:'), { kind: 'sqlite', file: ':memory:', synchronous: 'normal' });
    assert.deepEqual(parseDbUrl('postgres://w:secret@127.0.0.1:5432/whydown'), { kind: 'postgres', url: 'postgres://w:secret@127.0.0.1:5432/whydown' });
    assert.equal(parseDbUrl('postgresql://db.internal/w').kind, 'postgres');
  });

  it('refuses anything else with one line naming the forms it takes', () => {
    for (const url of ['mysql://x/y', 'whydown.db', 'sqlite:', 'sqlite:x.db?journal=off', 'sqlite:x.db?synchronous=off', 'postgres://', 'postgres://:5432/x']) {
      assert.throws(() => parseDbUrl(url), (error: unknown) =>
        isWhydownError(error) && error.code === 'E_BAD_OPTION' && !error.message.includes('\n') && error.message.includes('sqlite:'), url);
    }
  });

  it('opens a working SQLite store in WAL mode from a URL', async () => {
    const dir = await makeTempDir('open-store');
    try {
      const store = await openStore(`sqlite:${path.join(dir, 'w.db')}`);
      await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'config' });
      assert.equal((await store.listMonitors()).monitors.length, 1);
      await store.close();
      const again = await openStore(`sqlite:${path.join(dir, 'w.db')}`);
      assert.equal((await again.getMonitor('a'))?.source, 'config', 'reopening keeps the data and the schema');
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
