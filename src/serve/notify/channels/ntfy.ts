// ntfy (https://docs.ntfy.sh/publish/): a POST to the topic's URL whose body is the message and
// whose headers carry the rest: `Title`, `Priority` (1-5, or min/low/default/high/max), `Tags`
// (comma-separated; known names show as emojis) and `Click` (opened when the notification is
// tapped). A protected topic takes `Authorization: Bearer <token>`. Non-ASCII header values go as
// RFC 2047 encoded-words, which ntfy decodes ("Message title" in the same page).
import type { NtfyPriority, NtfyTarget } from '../../config/types.js';
import { postHttp } from '../http.js';
import type { AlertMessage } from '../message.js';
import type { Notifier } from '../notifier.js';
import { fixesOf, linkable } from './layout.js';

/** Above 4096 bytes ntfy turns the message into an attachment; stay a readable notification. */
const MAX_BYTES = 4000;

const EVENT_TAGS: Record<AlertMessage['event'], string> = {
  'incident.opened': 'rotating_light',
  'incident.updated': 'warning',
  'incident.closed': 'white_check_mark',
  'test': 'test_tube',
};

export function ntfyHeaders(target: NtfyTarget, message: AlertMessage): Record<string, string> {
  const urgent = message.event === 'incident.opened' || message.event === 'incident.updated' || message.flapping;
  const priority: NtfyPriority = urgent ? (target.priority ?? 4) : 3;
  const tags = [message.flapping ? 'warning' : EVENT_TAGS[message.event], ...(target.tags ?? [])];
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerValue(message.title),
    priority: String(priority),
    tags: [...new Set(tags)].join(','),
  };
  if (linkable(message.url)) headers.click = message.url;
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  return headers;
}

export function ntfyBody(message: AlertMessage): string {
  const fixes = fixesOf(message);
  const text = fixes.length > 1 ? `${message.text}\n\nWhat to do:\n${fixes.map((f) => `- ${f}`).join('\n')}` : message.text;
  return cutBytes(text, MAX_BYTES);
}

export function createNtfyNotifier(target: NtfyTarget): Notifier {
  return {
    target,
    send(message, context) {
      return postHttp({ url: target.url, headers: ntfyHeaders(target, message), body: ntfyBody(message) }, context);
    },
  };
}

/** fetch sends header values as Latin-1 only; anything else becomes an RFC 2047 B-word. */
function headerValue(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function cutBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = text.slice(0, max);
  while (Buffer.byteLength(out) > max - 3) out = out.slice(0, -1);
  return `${out}…`;
}
