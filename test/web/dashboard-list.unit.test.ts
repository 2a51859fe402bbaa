// The monitors list's query over the engine's in-memory state: search, filters, each sort (ties
// by name), paging, and the board's recent checks and 24-hour uptime.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MonitorConfig } from '../../src/serve/config/types.js';
import { MonitorEvents } from '../../src/serve/engine/events.js';
import type { MonitorService, MonitorState } from '../../src/serve/engine/types.js';
import { Board } from '../../src/serve/web/dashboard/board.js';
import { MonitorList, parseListQuery, queryString } from '../../src/serve/web/dashboard/list-query.js';

function fleet(states: MonitorState[], tags: Record<string, string[]> = {}): MonitorService {
  const configs = new Map(states.map((s) => [s.name, { name: s.name, url: `https://${s.name}.example/`, tags: tags[s.name] ?? [] } as unknown as MonitorConfig]));
  return {
    store: {} as never, events: new MonitorEvents(), monitor: (name) => configs.get(name), sourceOf: () => 'api', states: () => states,
    putApiMonitor: () => { throw new Error('no'); }, maintenanceIntervals: () => [], removeApiMonitor: () => Promise.resolve(false),
  };
}

describe('monitors list query', () => {
  const states: MonitorState[] = [
    { name: 'delta', status: 'up', latencyMs: 40 },
    { name: 'alpha', status: 'down', latencyMs: null },
    { name: 'charlie', status: 'up', latencyMs: 10 },
    { name: 'bravo', status: 'degraded', latencyMs: 40 },
    { name: 'echo', status: 'unknown', latencyMs: null },
  ];
  const service = fleet(states, { alpha: ['eu'], charlie: ['eu', 'shop'], echo: ['shop'] });
  const clock = Date.parse('2026-12-01T12:30:00Z');
  const board = new Board(service.events, () => clock);
  const list = new MonitorList(service, board, () => clock);
  const names = (query: string): string[] => list.page(parseListQuery(new URLSearchParams(query))).rows.map((r) => r.name);

  it('sorts by name, status, time and uptime, ties by name, both ways', () => {
    assert.deepEqual(names(''), ['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    assert.deepEqual(names('dir=desc'), ['echo', 'delta', 'charlie', 'bravo', 'alpha']);
    assert.deepEqual(names('sort=status'), ['alpha', 'bravo', 'echo', 'charlie', 'delta']);
    assert.deepEqual(names('sort=time'), ['charlie', 'bravo', 'delta', 'alpha', 'echo']);
    assert.deepEqual(names('sort=time&dir=desc'), ['alpha', 'echo', 'bravo', 'delta', 'charlie']);
    const at = (minutesAgo: number): string => new Date(clock - minutesAgo * 60_000).toISOString();
    for (const [name, statuses] of [['delta', ['up', 'down']], ['bravo', ['up', 'up']], ['charlie', ['down', 'down', 'up', 'down']]] as const) {
      statuses.forEach((status, i) => board.record(name, { at: at(10 - i), status, cause: status === 'up' ? 'ok' : 'upstream-refused', timings: { total: 5 }, httpStatus: 200 }));
    }
    assert.equal(board.uptime24h('delta'), 50);
    assert.equal(board.uptime24h('alpha'), null);
    assert.deepEqual(names('sort=uptime'), ['charlie', 'delta', 'bravo', 'alpha', 'echo']);
    assert.deepEqual(board.recent('charlie').slice(-4), [3, 3, 1, 3]);
    // A monitor that is not up says why, in plain words, at a glance; an up one says nothing.
    const rowOf = (name: string) => list.page(parseListQuery(new URLSearchParams(`q=${name}`))).rows[0]!;
    assert.equal(rowOf('charlie').cause, null, 'charlie is up in the engine state');
    assert.equal(rowOf('alpha').cause, null, 'no check heard of');
    board.record('alpha', { at: at(1), status: 'down', cause: 'upstream-refused', timings: { total: 5 }, httpStatus: 502 });
    assert.equal(rowOf('alpha').cause, 'The upstream refused the connection');
    board.record('alpha', { at: at(0.5), status: 'down', cause: 'some-future-cause' as never, timings: { total: 5 }, httpStatus: 502 });
    assert.equal(rowOf('alpha').cause, 'some-future-cause', 'a cause this version does not know is shown as its id');
    // A check older than 24 h does not count.
    board.record('echo', { at: at(25 * 60), status: 'up', cause: 'ok', timings: { total: 5 }, httpStatus: 200 });
    assert.equal(board.uptime24h('echo'), null);
  });

  it('searches name and URL, filters by status and tag, and pages', () => {
    assert.deepEqual(names('q=CHAR'), ['charlie']);
    assert.deepEqual(names('q=bravo.example'), ['bravo']);
    assert.deepEqual(names('status=up'), ['charlie', 'delta']);
    assert.deepEqual(names('tag=eu'), ['alpha', 'charlie']);
    assert.deepEqual(names('tag=shop&status=unknown'), ['echo']);
    assert.deepEqual(names('q=nothing'), []);
    const many = fleet(Array.from({ length: 120 }, (_, i) => ({ name: `m${String(i).padStart(3, '0')}`, status: 'up' as const, latencyMs: i })));
    const pager = new MonitorList(many, new Board(many.events), () => clock);
    const page3 = pager.page(parseListQuery(new URLSearchParams('page=3')));
    assert.deepEqual([page3.page, page3.pages, page3.rows.length, page3.rows[0]?.name], [3, 3, 20, 'm100']);
    const beyond = pager.page(parseListQuery(new URLSearchParams('page=99&per=25')));
    assert.deepEqual([beyond.page, beyond.rows[0]?.name], [5, 'm100'], 'a page past the end shows the last');
    assert.equal(pager.page(parseListQuery(new URLSearchParams('sort=time&dir=desc&per=25'))).rows[0]?.name, 'm119');
  });

  it('reads garbage query strings as the defaults, and writes only what differs from them', () => {
    const query = parseListQuery(new URLSearchParams('sort=evil&dir=up&page=-3&per=7&status=<x>&q=' + 'x'.repeat(500)));
    assert.deepEqual({ ...query, q: query.q.length }, { q: 200, status: '', tag: '', sort: 'name', desc: false, page: 1, per: 50 });
    assert.equal(queryString(parseListQuery(new URLSearchParams(''))), '');
    assert.equal(queryString(parseListQuery(new URLSearchParams('sort=time&dir=desc&tag=a b')), { page: 2 }), '?tag=a+b&sort=time&dir=desc&page=2');
  });
});
