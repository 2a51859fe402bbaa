// The monitors list's one query: search, filter, sort and page over the monitors the engine holds
// in memory (their live state) and the board (recent checks, uptime). No SQL per request: at
// 100,000 monitors a page costs one pass over an array kept in name order.
import { causeInWords } from './cause-words.js';
import type { MonitorService, MonitorState } from '../../engine/types.js';
import type { Board, BoardEntry, CheckCode } from './board.js';

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
  /** The newest check's cause when it was not up, in plain words; null when up or not known. */
  cause: string | null;
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
  /** The monitor's board entry once it has one (entries are kept until the monitor goes). */
  entry?: BoardEntry;
}

const STATUS_RANK: Record<MonitorState['status'], number> = { down: 0, degraded: 1, unknown: 2, up: 3 };
/** The index is rebuilt when the number of monitors changes, on invalidate(), and at least this often (a config reload may change URLs and tags). */
const REINDEX_MS = 30_000;
/** Packing of sort keys with positions (see sorted()): 2^21 positions, keys below 2^31. */
const POSITIONS = 2 ** 21;
const MAX_KEY = 2 ** 31;

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
    // Positions in the name-ordered index of the monitors that match.
    const matched = new Uint32Array(index.length);
    let count = 0;
    for (let i = 0; i < index.length; i++) {
      const item = index[i]!;
      if (query.status && item.state.status !== query.status) continue;
      if (query.tag && !item.tags.includes(query.tag)) continue;
      if (needle && !item.hay.includes(needle)) continue;
      matched[count++] = i;
    }
    const pages = Math.max(1, Math.ceil(count / query.per));
    const page = Math.min(query.page, pages);
    const from = (page - 1) * query.per;
    const to = Math.min(page * query.per, count);
    const order = query.sort === 'name' ? null : this.sorted(index, matched.subarray(0, count), query);
    const rows: ListRow[] = [];
    for (let k = from; k < to; k++) {
      const at = order ? order[k]! : matched[query.desc ? count - 1 - k : k]!;
      rows.push(this.row(index[at]!));
    }
    return { rows, matched: count, total: index.length, page, pages, query: { ...query, page }, tags: this.tagList };
  }

  /**
   * The matched positions ordered by the sort's key, ties by name. Each key and position are
   * packed into one float (key x 2^21 + position) and sorted as a Float64Array — the engine's
   * native numeric sort, some 10x faster at 100,000 than sorting objects with a comparator.
   */
  private sorted(index: readonly Indexed[], matched: Uint32Array, query: ListQuery): Uint32Array {
    const packed = new Float64Array(matched.length);
    for (let k = 0; k < matched.length; k++) {
      const at = matched[k]!;
      const key = this.sortKey(index[at]!, query.sort);
      packed[k] = (query.desc ? MAX_KEY - key : key) * POSITIONS + at;
    }
    packed.sort();
    const order = new Uint32Array(packed.length);
    for (let k = 0; k < packed.length; k++) order[k] = packed[k]! % POSITIONS;
    return order;
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
      cause: state.status !== 'up' && entry?.cause ? causeInWords(entry.cause) : null,
      uptime: this.board.uptime24h(state.name),
      tags: item.tags,
      recent: this.board.recent(state.name),
      source: this.service.sourceOf(state.name),
    };
  }

  /** A whole number from 0 to MAX_KEY: tenths of a millisecond, thousandths of a percent. */
  private sortKey(item: Indexed, sort: SortKey): number {
    if (sort === 'status') return STATUS_RANK[item.state.status];
    if (sort === 'time') return item.state.latencyMs === null ? MAX_KEY : Math.min(MAX_KEY - 1, Math.round(item.state.latencyMs * 10));
    item.entry ??= this.board.get(item.state.name);
    const uptime = item.entry ? this.board.uptimeOf(item.entry) : null;
    return uptime === null ? MAX_KEY : Math.round(uptime * 1000);
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
    // Monitors that went away (config reload, API) leave the board too: it must not grow.
    this.board.keepOnly(new Set(this.byName.keys()));
    this.tagList = [...tags].sort().slice(0, 200);
    this.indexedAt = this.now();
    this.indexedCount = count ?? index.length;
    return index;
  }
}
