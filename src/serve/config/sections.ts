// The top-level sections other than monitors: notify targets, api, listen, db.
import type { ApiConfig } from './types.js';
import type { Field, Walker } from './walker.js';

// Notify targets have a file of their own (one set of keys per channel).
export { readNotifyTargets } from './notify.js';

export function readApi(w: Walker, field: Field): ApiConfig {
  const f = w.map(field, ['tokens', 'publicRead']) ?? {};
  const tokens: string[] = [];
  for (const item of (f.tokens && w.list(f.tokens)) || []) {
    const token = w.string(item);
    // A token travels in `Authorization: Bearer <token>`: visible ASCII only.
    if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) w.fail(item, 'a token must be non-empty visible ASCII, without spaces');
    else if (token !== undefined && !tokens.includes(token)) tokens.push(token);
  }
  const publicRead = (f.publicRead && w.boolean(f.publicRead)) ?? false;
  return { tokens, publicRead };
}

/** `host:port`, `[v6]:port` or `:port`, as --listen takes it. */
export function readListen(w: Walker, field: Field): string | undefined {
  const text = w.string(field);
  if (text === undefined) return undefined;
  const match = /^(?:\[[0-9a-fA-F:.]+\]|[^\s:[\]]*):(\d{1,5})$/.exec(text);
  if (match && Number(match[1]) <= 65535) return text;
  return w.fail(field, `${w.shown(field)} is not an address to listen on (use host:port, e.g. 127.0.0.1:8080)`);
}

/** `sqlite:path` or `postgres://…`, as --db takes it. */
export function readDb(w: Walker, field: Field): string | undefined {
  const text = w.string(field);
  if (text === undefined) return undefined;
  if (/^sqlite:.+/.test(text) || /^postgres(?:ql)?:\/\/./.test(text)) return text;
  return w.fail(field, `${w.shown(field)} is not a database (use sqlite:./whydown.db or postgres://user@host/db)`);
}
