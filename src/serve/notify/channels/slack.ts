// Slack incoming webhook (https://api.slack.com/messaging/webhooks): a POST of
// `Content-type: application/json` with `text` (the notification's fallback) and Block Kit
// `blocks` (https://api.slack.com/reference/block-kit/blocks: a header's plain_text is at most
// 150 characters, a section's text at most 3000). Slack answers 200 "ok", or 4xx with a reason
// such as no_service or channel_is_archived, which a retry will not change.
import type { SlackTarget } from '../../config/types.js';
import { postHttp } from '../http.js';
import type { AlertMessage } from '../message.js';
import type { Notifier } from '../notifier.js';
import { facts, fixesOf, linkable, truncate } from './layout.js';

/** mrkdwn treats &, < and > as control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const EMOJI: Record<AlertMessage['event'], string> = {
  'incident.opened': ':red_circle:',
  'incident.updated': ':large_orange_circle:',
  'incident.closed': ':large_green_circle:',
  'test': ':test_tube:',
};

export function slackPayload(message: AlertMessage): Record<string, unknown> {
  const emoji = message.flapping ? ':warning:' : EMOJI[message.event];
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${message.title}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(`${emoji} ${escapeMrkdwn(message.text)}`, 3000) } },
  ];
  const fixes = fixesOf(message);
  if (fixes.length > 0) {
    const list = fixes.map((fix) => `• ${escapeMrkdwn(fix)}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*What to do*\n${list}`, 3000) } });
  }
  const context = facts(message)
    .filter(([label]) => label !== 'URL')
    .map(([label, value]) => (label === 'Monitor' && linkable(message.url) ? `<${message.url}|${escapeMrkdwn(value)}>` : `${label}: ${escapeMrkdwn(value)}`))
    .join(' · ');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(context, 3000) }] });
  return { text: truncate(message.text, 3000), blocks };
}

export function createSlackNotifier(target: SlackTarget): Notifier {
  return {
    target,
    send(message, context) {
      return postHttp({ url: target.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(slackPayload(message)) }, context);
    },
  };
}
