// A 5xx that Varnish keeps in its cache and serves again: the backend failed once, and every
// visitor until the TTL runs out gets that failure from the cache, even after the backend is
// fixed. Read from varnishlog records (Varnish 7.1, Debian 12; bin/varnishd/cache/cache_req_fsm.c
// and cache_fetch.c): a fetch whose `BerespStatus` is 5xx and whose last `TTL` record gives a
// positive TTL and "cacheable" was stored; a client request with `Hit` (or `VCL_call HIT`) and a
// 5xx `RespStatus` was served from it.
import type { IsoCache } from '../time.js';
import type { LogEvent } from '../types.js';
import { makeEvent } from './common.js';

interface RequestState {
  at: number | null;
  method: string;
  url: string;
  protocol: string;
  /** The object's vxid from `Hit`, or '' after only `VCL_call HIT`; null when not a hit. */
  hit: string | null;
  status: number;
  age: string | null;
}

/** Open requests and fetches are bounded: a saved log can hold any number of unclosed blocks. */
const MAX_OPEN = 10_000;

export class CachedErrorWatch {
  private readonly requests = new Map<string, RequestState>();
  private readonly fetches = new Map<string, { status: number; ttl: number; cacheable: boolean }>();

  constructor(
    private readonly file: string,
    private readonly iso: IsoCache,
    private readonly clientOf: (vxid: string) => string | null,
  ) {}

  openRequest(vxid: string): void {
    if (this.requests.size > MAX_OPEN) this.requests.clear();
    this.requests.set(vxid, { at: null, method: '', url: '', protocol: '', hit: null, status: 0, age: null });
  }

  /** One record of a client request; an event at its `End` when it was a cached 5xx. */
  requestRecord(vxid: string, tag: string, value: string, lineNumber: number): LogEvent | 'skip' {
    const state = this.requests.get(vxid);
    if (!state) return 'skip';
    switch (tag) {
      case 'Timestamp':
        if (value.startsWith('Start: ')) {
          const seconds = Number(value.split(' ')[1]);
          if (seconds > 0) state.at = Math.round(seconds * 1000);
        }
        break;
      case 'ReqMethod': state.method = value; break;
      case 'ReqURL': state.url = value; break;
      case 'ReqProtocol': state.protocol = value; break;
      case 'Hit': state.hit = value.split(' ')[0] ?? ''; break;
      case 'VCL_call': if (value === 'HIT' && state.hit === null) state.hit = ''; break;
      case 'RespStatus': state.status = Number(value); break;
      case 'RespHeader': if (/^age:/i.test(value)) state.age = value.slice(4).trim(); break;
      case 'End': return this.endRequest(vxid, state, lineNumber);
      default: break;
    }
    return 'skip';
  }

  private endRequest(vxid: string, state: RequestState, lineNumber: number): LogEvent | 'skip' {
    this.requests.delete(vxid);
    if (state.hit === null || state.status < 500 || state.status > 599) return 'skip';
    const object = state.hit ? ` (object ${state.hit}` : ' (';
    const age = state.age !== null ? `${state.hit ? ', ' : ''}Age ${state.age} s)` : state.hit ? ')' : '';
    const message = `a cached ${state.status} delivered again from the cache${object}${age}`.replace(' ()', '');
    const request = state.url ? [state.method, state.url, state.protocol].filter(Boolean).join(' ') : null;
    return makeEvent(this.file, lineNumber, 'varnish', 'cached-error', message, state.at, this.iso.format(state.at), null, this.clientOf(vxid), request);
  }

  /** `BerespStatus 503`, `TTL VCL 60 10 0 1796526928 cacheable` (the last TTL record wins). */
  fetchRecord(vxid: string, tag: string, value: string): void {
    let state = this.fetches.get(vxid);
    if (!state) {
      if (this.fetches.size > MAX_OPEN) this.fetches.clear();
      state = { status: 0, ttl: 0, cacheable: false };
      this.fetches.set(vxid, state);
    }
    if (tag === 'BerespStatus') state.status = Number(value);
    else {
      const parts = value.split(/ +/);
      state.ttl = Number(parts[1]);
      state.cacheable = parts[parts.length - 1] === 'cacheable';
    }
  }

  /** At a fetch's `End`: an event when a 5xx was stored with a TTL (and no FetchError already counted it). */
  fetchEnd(vxid: string, failed: boolean, lineNumber: number, at: number | null, backend: string | null, request: string | null, client: string | null): LogEvent | null {
    const state = this.fetches.get(vxid);
    this.fetches.delete(vxid);
    if (!state || failed || state.status < 500 || state.status > 599 || !(state.ttl > 0) || !state.cacheable) return null;
    const message = `the backend's ${state.status} was stored in the cache for ${state.ttl} s (TTL ${state.ttl}, cacheable): visitors get it from the cache until it expires`;
    return makeEvent(this.file, lineNumber, 'varnish', 'cached-error', message, at, this.iso.format(at), backend, client, request);
  }
}
