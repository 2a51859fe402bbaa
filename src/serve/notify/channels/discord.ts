// Discord "Execute Webhook" (https://discord.com/developers/docs/resources/webhook#execute-webhook):
// POST /webhooks/{id}/{token} with JSON `content` (at most 2000 characters) and `embeds` (rich
// content: title ≤ 256, description ≤ 4096, field values ≤ 1024, see the embed object limits in
// .../resources/message#embed-object-embed-limits). `?wait=true` makes Discord confirm the message
// was saved, so a message it drops is reported instead of silently answered with 204.
import type { DiscordTarget } from '../../config/types.js';
import { postHttp } from '../http.js';
import type { AlertMessage } from '../message.js';
import type { Notifier } from '../notifier.js';
import { facts, fixesOf, linkable, toneOf, truncate, type Tone } from './layout.js';

const COLORS: Record<Tone, number> = { bad: 0xd93025, good: 0x1e8e3e, warn: 0xf29900, info: 0x1a73e8 };

export function discordPayload(message: AlertMessage): Record<string, unknown> {
  const fixes = fixesOf(message);
  const embed: Record<string, unknown> = {
    title: truncate(message.title, 256),
    ...(linkable(message.url) ? { url: message.url } : {}),
    description: truncate(fixes.length > 0 ? `**What to do**\n${fixes.map((f) => `• ${f}`).join('\n')}` : message.text, 4096),
    color: COLORS[toneOf(message)],
    timestamp: message.at,
    fields: facts(message)
      .filter(([label]) => label !== 'At')
      .map(([name, value]) => ({ name, value: truncate(value, 1024), inline: name !== 'URL' })),
    footer: { text: 'whydown' },
  };
  // The text may quote a page or a log; never let it ping @everyone or a role.
  return { content: truncate(message.text, 2000), embeds: [embed], allowed_mentions: { parse: [] } };
}

export function createDiscordNotifier(target: DiscordTarget): Notifier {
  return {
    target,
    send(message, context) {
      const url = new URL(target.url);
      if (!url.searchParams.has('wait')) url.searchParams.set('wait', 'true');
      return postHttp({ url: url.href, headers: { 'content-type': 'application/json' }, body: JSON.stringify(discordPayload(message)) }, context);
    },
  };
}
