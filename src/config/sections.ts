// The top-level sections other than monitors: notify targets, api, listen, db.
import { NOTIFY_TYPES, type ApiConfig, type NotifyTarget, type NotifyType } from './types.js';
import { hint } from './suggest.js';
import { claimName, readName, readUrl } from './values.js';
import type { Field, Walker } from './walker.js';

/** Channels whose endpoint is not an HTTP URL. */
const URL_SCHEMES: Partial<Record<NotifyType, readonly string[]>> = { email: ['smtp:', 'smtps:', 'mailto:'] };

export function readNotifyTargets(w: Walker, field: Field): NotifyTarget[] {
  const taken = new Map<string, Field>();
  const targets: NotifyTarget[] = [];
  for (const item of w.list(field) ?? []) {
    const f = w.map(item, ['name', 'type', 'url', 'secret'], ['name', 'type', 'url']);
    if (!f) continue;
    const name = f.name && readName(w, f.name);
    claimName(w, taken, name, f.name);
    const typeText = f.type && w.string(f.type);
    const type = NOTIFY_TYPES.find((t) => t === typeText);
    if (f.type && typeText !== undefined && !type) w.fail(f.type, `${w.shown(f.type)} is not a notify type${hint(typeText, NOTIFY_TYPES)}`);
    const url = f.url && readUrl(w, f.url, URL_SCHEMES[type ?? 'webhook'] ?? ['http:', 'https:']);
    const target: NotifyTarget = { name: name || '', type: type ?? 'webhook', url: url || '' };
    if (f.secret) {
      const secret = w.string(f.secret);
      if (secret === '') w.fail(f.secret, 'is empty; leave the key out for no secret');
      else if (secret !== undefined) target.secret = secret;
    }
    targets.push(target);
  }
  return targets;
}

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
