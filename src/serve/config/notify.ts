// The top-level `notify:` list: named alert targets, each with what its channel needs. Keys are
// checked per type, so a telegram `chatId` under a webhook is reported, not silently ignored.
import { isSeq } from 'yaml';
import { hint } from './suggest.js';
import { NOTIFY_TYPES, type NotifyTarget, type NotifyType, type NtfyPriority } from './types.js';
import { claimName, readName, readUrl } from './values.js';
import type { Field, Walker } from './walker.js';

const COMMON_KEYS = ['name', 'type', 'url'] as const;
const CHANNEL_KEYS: Record<NotifyType, readonly string[]> = {
  webhook: ['secret'],
  slack: [],
  discord: [],
  teams: [],
  telegram: ['token', 'chatId'],
  ntfy: ['priority', 'tags', 'token'],
  pagerduty: ['routingKey'],
  email: ['to', 'from'],
};
const ALL_KEYS = [...new Set([...COMMON_KEYS, ...Object.values(CHANNEL_KEYS).flat()])];

/** Services with one fixed API host: `url` is optional and only needed for a proxy (or a test). */
const DEFAULT_URL: Partial<Record<NotifyType, string>> = {
  telegram: 'https://api.telegram.org/',
  pagerduty: 'https://events.pagerduty.com/',
};
const HTTP = ['http:', 'https:'] as const;
const SMTP = ['smtp:', 'smtps:'] as const;

const NTFY_PRIORITIES: Record<string, NtfyPriority> = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 };
/** `ops@example.com` or `Ops Team <ops@example.com>`; no line breaks, so no header injection. */
const ADDRESS = /^(?:[^\r\n<>"]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>(),;:"]+@[^\s@<>(),;:"]+)$/;

export function readNotifyTargets(w: Walker, field: Field): NotifyTarget[] {
  const taken = new Map<string, Field>();
  const targets: NotifyTarget[] = [];
  for (const item of w.list(field) ?? []) {
    const f = w.map(item, ALL_KEYS, ['name', 'type']);
    if (!f) continue;
    const name = f.name && readName(w, f.name);
    claimName(w, taken, name, f.name);
    const typeText = f.type && w.string(f.type);
    const type = NOTIFY_TYPES.find((t) => t === typeText);
    if (f.type && typeText !== undefined && !type) w.fail(f.type, `${w.shown(f.type)} is not a notify type${hint(typeText, NOTIFY_TYPES)}`);
    // An unknown type cannot say which keys belong: keep only the name, so monitors' references
    // to it are not reported too (the issue already stops the load). A missing type is reported
    // and read as a webhook.
    if (f.type && !type) targets.push({ name: name || '', type: 'webhook', url: '' });
    else targets.push(readTarget(w, item, f, name || '', type ?? 'webhook'));
  }
  return targets;
}

function readTarget(w: Walker, item: Field, f: Record<string, Field>, name: string, type: NotifyType): NotifyTarget {
  rejectForeignKeys(w, item, type);
  const fallback = DEFAULT_URL[type];
  if (!f.url && !fallback) w.fail(item, '"url" is missing');
  const url = (f.url ? readUrl(w, f.url, type === 'email' ? SMTP : HTTP) : fallback) ?? '';
  switch (type) {
    case 'webhook': {
      const secret = f.secret && readSecret(w, f.secret, 'leave the key out for no secret');
      return { name, type, url, ...(secret ? { secret } : {}) };
    }
    case 'slack':
    case 'discord':
    case 'teams':
      return { name, type, url };
    case 'telegram': {
      const token = f.token ? readTelegramToken(w, f.token) : missing(w, item, 'token', 'the bot token from @BotFather');
      const chatId = f.chatId ? readChatId(w, f.chatId) : missing(w, item, 'chatId', 'the chat to post in: a number such as -1001234567890, or @channelname');
      return { name, type, url, token: token ?? '', chatId: chatId ?? '' };
    }
    case 'ntfy': {
      if (f.url && url && !/\/[-_A-Za-z0-9]{1,64}$/.test(new URL(url).pathname)) {
        w.fail(f.url, `${w.shown(f.url)} has no topic: use the topic's URL, e.g. https://ntfy.sh/mytopic`);
      }
      const priority = f.priority && readNtfyPriority(w, f.priority);
      const tags = f.tags && readNtfyTags(w, f.tags);
      const token = f.token && readSecret(w, f.token, 'leave the key out for a public topic');
      return { name, type, url, ...(priority ? { priority } : {}), ...(tags?.length ? { tags } : {}), ...(token ? { token } : {}) };
    }
    case 'pagerduty': {
      const routingKey = f.routingKey ? readRoutingKey(w, f.routingKey) : missing(w, item, 'routingKey', 'the Integration Key of an Events API v2 integration');
      return { name, type, url, routingKey: routingKey ?? '' };
    }
    case 'email': {
      const to = f.to ? readAddresses(w, f.to) : (missing(w, item, 'to', 'who gets the mail') ?? []);
      const from = f.from ? readAddress(w, f.from) : missing(w, item, 'from', 'the sender address your SMTP server accepts');
      return { name, type, url, to, from: from ?? '' };
    }
  }
}

/** Keys of another channel are mistakes (a copied block, a wrong type): say whose they are. */
function rejectForeignKeys(w: Walker, item: Field, type: NotifyType): void {
  const own: readonly string[] = [...COMMON_KEYS, ...CHANNEL_KEYS[type]];
  for (const [key] of w.pairs(item)) {
    if (own.includes(key.name) || !ALL_KEYS.includes(key.name)) continue; // unknown keys are reported by map()
    const owners = NOTIFY_TYPES.filter((t) => CHANNEL_KEYS[t].includes(key.name));
    w.failAt(key.offset, key.path, `is a setting of ${owners.join(' and ')} targets, not of a ${type} target`);
  }
}

function missing(w: Walker, item: Field, key: string, what: string): undefined {
  return w.fail(item, `"${key}" is missing (${what})`);
}

function readSecret(w: Walker, field: Field, ifNone: string): string | undefined {
  const text = w.string(field);
  if (text === '') return w.fail(field, `is empty; ${ifNone}`);
  // It travels in a header or a URL path: visible ASCII only.
  if (text !== undefined && !/^[\x21-\x7e]+$/.test(text)) return w.fail(field, 'must be visible ASCII, without spaces');
  return text;
}

function readTelegramToken(w: Walker, field: Field): string | undefined {
  const text = w.string(field);
  if (text === undefined || /^\d+:[\w-]+$/.test(text)) return text;
  return w.fail(field, 'is not a bot token (it looks like 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw, from @BotFather)');
}

function readChatId(w: Walker, field: Field): string | undefined {
  const text = w.string(field);
  if (text === undefined || /^-?\d{1,16}$/.test(text) || /^@[A-Za-z]\w{3,31}$/.test(text)) return text;
  return w.fail(field, `${w.shown(field)} is not a chat id (a number such as -1001234567890, or @channelname)`);
}

function readNtfyPriority(w: Walker, field: Field): NtfyPriority | undefined {
  const text = w.string(field);
  if (text === undefined) return undefined;
  const value = NTFY_PRIORITIES[text.toLowerCase()] ?? (/^[1-5]$/.test(text) ? (Number(text) as NtfyPriority) : undefined);
  return value ?? w.fail(field, `${w.shown(field)} is not an ntfy priority (1 to 5, or min, low, default, high, max)`);
}

function readNtfyTags(w: Walker, field: Field): string[] {
  const tags: string[] = [];
  for (const item of w.list(field) ?? []) {
    const tag = w.string(item);
    // ntfy takes tags as one comma-separated header: a comma would split one tag in two.
    if (tag !== undefined && !/^[^\s,]{1,64}$/.test(tag)) w.fail(item, `${w.shown(item)} is not a tag (1 to 64 characters, no spaces or commas)`);
    else if (tag !== undefined && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

function readRoutingKey(w: Walker, field: Field): string | undefined {
  const text = w.string(field);
  if (text === undefined || /^[A-Za-z0-9]{32}$/.test(text)) return text;
  return w.fail(field, 'is not a routing key (the 32-character Integration Key of the service\'s Events API v2 integration)');
}

/** One address, or a list of them. */
function readAddresses(w: Walker, field: Field): string[] {
  const items = isSeq(field.node) ? (w.list(field) ?? []) : [field];
  const out: string[] = [];
  for (const item of items) {
    const address = readAddress(w, item);
    if (address && !out.includes(address)) out.push(address);
  }
  if (items.length === 0) w.fail(field, 'is empty; name at least one recipient');
  return out;
}

function readAddress(w: Walker, field: Field): string | undefined {
  const text = w.string(field)?.trim();
  if (text === undefined || ADDRESS.test(text)) return text;
  return w.fail(field, `${w.shown(field)} is not a mail address (use ops@example.com or "Ops <ops@example.com>")`);
}
