// The monitors list's one query: search, filter, sort and page over the monitors the engine holds
// in memory (their live state) and the board (recent checks, uptime). No SQL per request: at
// 100,000 monitors a page costs one pass over an array kept in name order.
import type { MonitorService, MonitorState } from '../../engine/types.js';
import type { Board, CheckCode } from './board.js';

export const SORTS = ['name', 'status', 'time', 'uptime'] as const;
export type SortKey = (typeof SORTS)[number];
export const STATUSES = ['up', 'degraded', 'down', 'unknown'] as const;
export const PAGE_SIZES = [25, 50, 100] as const;

export interface ListQuery {
  q: string;
  status: MonitorState['status'] | '';
  tag: string;
  sort: SortKey;
  desc: boolean;
  page: number;
  per: number;
}

export interface ListRow {
  name: string;
  url: string;
  status: MonitorState['status'];
  latencyMs: number | null;
  uptime: number | null;
  tags: readonly string[];
  recent: CheckCode[];
  source: 'config' | 'api' | undefined;
}

export interface ListPage {
  rows: ListRow[];
  /** Monitors that match the search and filters. */
  matched: number;
  /** All monitors. */
  total: number;
  page: number;
  pages: number;
  query: ListQuery;
  /** Every tag in use, sorted (for the filter's choices); at most 200. */
  tags: string[];
}

export function parseListQuery(params: URLSearchParams): ListQuery {
  const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T => (allowed as readonly string[]).includes(value ?? '') ? value as T : fallback;
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  const per = Number.parseInt(params.get('per') ?? '50', 10);
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    status: pick(params.get('status'), STATUSES, '' as never) as ListQuery['status'],
    tag: (params.get('tag') ?? '').trim().slice(0, 100),
    sort: pick(params.get('sort'), SORTS, 'name'),
    desc: params.get('dir') === 'desc',
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
    per: (PAGE_SIZES as readonly number[]).includes(per) ? per : 50,
  };
}

/** The query as a query string (defaults left out), with some parts changed. */
export function queryString(query: ListQuery, change: Partial<ListQuery> = {}): string {
  const q = { ...query, ...change };
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  if (q.status) params.set('status', q.status);
  if (q.tag) params.set('tag', q.tag);
  if (q.sort !== 'name') params.set('sort', q.sort);
  if (q.desc) params.set('dir', 'desc');
  if (q.per !== 50) params.set('per', String(q.per));
  if (q.page !== 1) params.set('page', String(q.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

interface Indexed {
  state: MonitorState;
  /** Lower-cased name and URL, for the search. */
  hay: string;
  url: string;
  tags: readonly string[];
}

const STATUS_RANK: Record<MonitorState['status'], number> = { down: 0, degraded: 1, unknown: 2, up: 3 };
const REINDEX_MS = 5_000;

export class MonitorList {
  private index: Indexed[] = [];
  private byName = new Map<string, Indexed>();
  private tagList: string[] = [];
  private indexedAt = -Infinity;
  private indexedCount = -1;

  constructor(private readonly service: MonitorService & { monitorCount?: number }, private readonly board: Board, private readonly now: () => number = Date.now) {}

  /** Forces a fresh index on the next query (a monitor was added, changed or removed here). */
  invalidate(): void {
    this.indexedAt = -Infinity;
  }

  page(query: ListQuery): ListPage {
    const index = this.current();
    const needle = query.q.toLowerCase();
    let matched: Indexed[] = [];
    for (const item of index) {
      if (query.status && item.state.status !== query.status) continue;
      if (query.tag && !item.tags.includes(query.tag)) continue;
      if (needle && !item.hay.includes(needle)) continue;
      matched.push(item);
    }
    // The index is in name order and Array.prototype.sort is stable: equal keys stay by name.
    if (query.sort !== 'name') {
      const keyed = matched.map((item) => ({ item, key: this.sortKey(item, query.sort) }));
      keyed.sort((a, b) => a.key - b.key);
      matched = keyed.map((k) => k.item);
    }
    if (query.desc) matched.reverse();
    const pages = Math.max(1, Math.ceil(matched.length / query.per));
    const page = Math.min(query.page, pages);
    const rows = matched.slice((page - 1) * query.per, page * query.per).map((item) => this.row(item));
    return { rows, matched: matched.length, total: index.length, page, pages, query: { ...query, page }, tags: this.tagList };
  }

  /** Rows for named monitors (the live stream's refresh); names not being checked are left out. */
  rowsFor(names: readonly string[]): ListRow[] {
    this.current();
    const rows: ListRow[] = [];
    for (const name of names) {
      const item = this.byName.get(name);
      if (item && this.service.monitor(name)) rows.push(this.row(item));
    }
    return rows;
  }

  private row(item: Indexed): ListRow {
    const { state } = item;
    const entry = this.board.get(state.name);
    return {
      name: state.name,
      url: item.url,
      status: state.status,
      latencyMs: entry && entry.lastAt > 0 ? entry.latencyMs : state.latencyMs,
      uptime: this.board.uptime24h(state.name),
      tags: item.tags,
      recent: this.board.recent(state.name),
      source: this.service.sourceOf(state.name),
    };
  }

  private sortKey(item: Indexed, sort: SortKey): number {
    if (sort === 'status') return STATUS_RANK[item.state.status];
    if (sort === 'time') return item.state.latencyMs ?? Number.MAX_SAFE_INTEGER;
    return this.board.uptime24h(item.state.name) ?? 101;
  }

  private current(): Indexed[] {
    const count = this.service.monitorCount;
    if (this.now() - this.indexedAt < REINDEX_MS && (count === undefined || count === this.indexedCount)) return this.index;
    const index: Indexed[] = [];
    const tags = new Set<string>();
    for (const state of this.service.states()) {
      const config = this.service.monitor(state.name);
      if (!config) continue;
      index.push({ state, hay: `${state.name}\n${config.url}`.toLowerCase(), url: config.url, tags: config.tags });
      for (const tag of config.tags) tags.add(tag);
    }
    index.sort((a, b) => (a.state.name < b.state.name ? -1 : a.state.name > b.state.name ? 1 : 0));
    this.index = index;
    this.byName = new Map(index.map((item) => [item.state.name, item]));
    this.tagList = [...tags].sort().slice(0, 200);
    this.indexedAt = this.now();
    this.indexedCount = count ?? index.length;
    return index;
  }
}
