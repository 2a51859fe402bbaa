// `--db` → a Store: `sqlite:<path>` (the default, `sqlite:./whydown.db`) or `postgres://…`.
// Each implementation is imported only when named, so a SQLite user never loads pg and back.
import { WhydownError } from '../../core/errors.js';
import type { SqlStoreOptions } from './sql-store.js';
import type { Retention, Store } from './types.js';

export const DEFAULT_DB_URL = 'sqlite:./whydown.db';

/**
 * PostgreSQL spends ~117 bytes on a raw result where SQLite spends ~52 (its tuple header and
 * line pointer alone are ~28): with 14 raw days a year of 1-minute checks of 1,000 monitors
 * would take ~2.7 GiB, so raw results are kept 7 days there (hour and day rollups as usual).
 * See bench/RESULTS.md.
 */
export const POSTGRES_RETENTION: Partial<Retention> = { rawDays: 7 };

export type ParsedDbUrl =
  | { kind: 'sqlite'; file: string; synchronous: 'normal' | 'full' }
  | { kind: 'postgres'; url: string };

const bad = (url: string, why: string): WhydownError =>
  new WhydownError('E_BAD_OPTION', `--db ${JSON.stringify(url)}: ${why} (use sqlite:./whydown.db or postgres://user@host/db)`);

export function parseDbUrl(url: string): ParsedDbUrl {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw bad(url, 'not a valid URL');
    }
    if (!parsed.hostname) throw bad(url, 'no host');
    return { kind: 'postgres', url };
  }
  if (/^sqlite:/i.test(url)) {
    const [rest = '', query = ''] = url.slice('sqlite:'.length).split('?', 2);
    // sqlite:///abs/path.db is the URL form of sqlite:/abs/path.db
    const file = rest.startsWith('//') ? rest.slice(2) : rest;
    if (!file) throw bad(url, 'no file name');
    const params = new URLSearchParams(query);
    for (const key of params.keys()) if (key !== 'synchronous') throw bad(url, `unknown option ${key}`);
    const synchronous = (params.get('synchronous') ?? 'normal').toLowerCase();
    if (synchronous !== 'normal' && synchronous !== 'full') throw bad(url, 'synchronous is normal or full');
    return { kind: 'sqlite', file, synchronous };
  }
  throw bad(url, 'not a sqlite: or postgres:// URL');
}

export async function openStore(url: string = DEFAULT_DB_URL, options: SqlStoreOptions = {}): Promise<Store> {
  const target = parseDbUrl(url);
  if (target.kind === 'sqlite') {
    const { openSqliteStore } = await import('./sqlite.js');
    return openSqliteStore(target.file, { ...options, synchronous: target.synchronous });
  }
  const { openPostgresStore } = await import('./postgres.js');
  return openPostgresStore(target.url, { ...options, retention: { ...POSTGRES_RETENTION, ...options.retention } });
}
