// Microsoft Teams. The payload is the one Microsoft documents for "Send Adaptive Cards using an
// Incoming Webhook" (learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/
// connectors-using): `{"type":"message","attachments":[{"contentType":
// "application/vnd.microsoft.card.adaptive","contentUrl":null,"content":<AdaptiveCard>}]}`.
// The same body works for a Workflows webhook (the "Post to a channel when a webhook request is
// received" template, which replaces the retired Office 365 connectors and takes Adaptive Cards
// only) and for a legacy Incoming Webhook. Workflows answer 202, connectors 200 with "1".
import type { TeamsTarget } from '../../config/types.js';
import { judgeStatus, postHttp, type HttpAnswer } from '../http.js';
import type { AlertMessage } from '../message.js';
import { failure, type DeliveryOutcome, type Notifier } from '../notifier.js';
import { facts, fixesOf, linkable, toneOf, type Tone } from './layout.js';

/** Adaptive Card TextBlock colours (adaptivecards.io/explorer/TextBlock.html). */
const COLORS: Record<Tone, string> = { bad: 'Attention', good: 'Good', warn: 'Warning', info: 'Accent' };

export function adaptiveCard(message: AlertMessage): Record<string, unknown> {
  const fixes = fixesOf(message);
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: message.title, size: 'Large', weight: 'Bolder', color: COLORS[toneOf(message)], wrap: true },
    { type: 'TextBlock', text: message.text, wrap: true },
  ];
  if (fixes.length > 0) {
    body.push({ type: 'TextBlock', text: 'What to do', weight: 'Bolder', wrap: true, spacing: 'Medium' });
    body.push({ type: 'TextBlock', text: fixes.map((f) => `- ${f}`).join('\n'), wrap: true });
  }
  body.push({ type: 'FactSet', facts: facts(message).map(([title, value]) => ({ title, value })) });
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    // 1.2 as in Microsoft's webhook example; everything used here exists since 1.0.
    version: '1.2',
    body,
    ...(linkable(message.url) ? { actions: [{ type: 'Action.OpenUrl', title: `Open ${message.monitor}`, url: message.url }] } : {}),
  };
}

export function teamsPayload(message: AlertMessage): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: adaptiveCard(message) }],
  };
}

/**
 * Connectors do not answer 429 when throttled: they answer 200 with "Microsoft Teams endpoint
 * returned HTTP error 429" in the body (same page, "Rate limiting for connectors").
 */
export function judgeTeams(answer: HttpAnswer): DeliveryOutcome {
  if (/HTTP error 429/i.test(answer.body)) return failure(`HTTP ${answer.status} but throttled: ${answer.body.trim().slice(0, 200)}`, true);
  return judgeStatus(answer);
}

export function createTeamsNotifier(target: TeamsTarget): Notifier {
  return {
    target,
    send(message, context) {
      return postHttp({ url: target.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(teamsPayload(message)) }, context, judgeTeams);
    },
  };
}
