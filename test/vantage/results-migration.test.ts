// The migration step that gives results a vantage and a slot keeps what an older whydown stored.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openSqliteConnection } from '../../src/serve/store/sqlite-connect.js';
import { SQLITE_MIGRATIONS } from '../../src/serve/store/sqlite-schema.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { makeTempDir, removeTempDir } from '../support/cleanup.js';

describe('results: vantage and slot migration (SQLite)', () => {
  const dirs: string[] = [];
  after(async () => { for (const dir of dirs) await removeTempDir(dir); });

  it('copies the old rows as the hub\'s own (vantage local, slot = at) and keys new ones by slot', async () => {
    const dir = await makeTempDir('vantage-migration');
    dirs.push(dir);
    const file = path.join(dir, 'old.db');
    const step = SQLITE_MIGRATIONS.findIndex((s) => s.includes('results_one_per_slot'));
    assert.ok(step > 0);
    // A database as a whydown before this step left it, with one result stored.
    const raw = await openSqliteConnection(file);
    raw.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
    for (let i = 0; i < step; i++) {
      raw.exec(SQLITE_MIGRATIONS[i]!);
      raw.exec(`INSERT INTO schema_version (version) VALUES (${i + 1})`);
    }
    raw.exec(`INSERT INTO monitors (name, url, source, settings, created_at, updated_at) VALUES ('shop', 'https://shop.test/', 'config', '{}', 0, 0)`);
    raw.exec(`INSERT INTO results (monitor_id, at, status, cause, http_status, error_code, duration_ms, total_us)
      VALUES (1, ${Date.parse('2026-01-01T00:00:00.250Z')}, 'up', 'ok', 200, NULL, 12, 12000)`);
    raw.close();

    const store = await openSqliteStore(file);
    try {
      const [old] = await store.listResults('shop');
      assert.equal(old?.vantage, 'local');
      assert.equal(old?.at, '2026-01-01T00:00:00.250Z');
      const result = (vantage: string, at: string, slot: string) => ({
        monitor: 'shop', at, vantage, slot, status: 'up' as const, cause: 'ok' as const,
        timings: { total: 5 }, httpStatus: 200, errorCode: null, durationMs: 5,
      });
      // The old row's slot is its time: a result for that slot from local is refused, from fra-1 kept.
      await store.insertResults([result('local', '2026-01-01T00:00:00.300Z', '2026-01-01T00:00:00.250Z'),
        result('fra-1', '2026-01-01T00:00:00.300Z', '2026-01-01T00:00:00.250Z')]);
      assert.deepEqual((await store.listResults('shop')).map((r) => r.vantage), ['fra-1', 'local']);
      assert.equal(store.refusedResults, 1);
    } finally {
      await store.close();
    }
  });
});
