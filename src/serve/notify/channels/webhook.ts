// The generic webhook of the public contract (contract.md, "Alerts"): a POST with a JSON body
// holding event, monitor, url, at, verdict (for incidents) and durationSeconds (on close); with a
// secret, `X-Whydown-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.
import { createHmac } from 'node:crypto';
import type { WebhookTarget } from '../../config/types.js';
import { postHttp } from '../http.js';
import type { AlertMessage } from '../message.js';
import type { Notifier } from '../notifier.js';

export const SIGNATURE_HEADER = 'x-whydown-signature';

/** The body's fields, contract ones first; a test carries no verdict and no incident. */
export function webhookBody(message: AlertMessage): Record<string, unknown> {
  return {
    event: message.event,
    monitor: message.monitor,
    url: message.url,
    at: message.at,
    ...(message.verdict ? { verdict: message.verdict } : {}),
    ...(message.durationSeconds !== undefined ? { durationSeconds: message.durationSeconds } : {}),
    ...(message.incident ? { incident: message.incident } : {}),
    ...(message.previousCause !== undefined ? { previousCause: message.previousCause } : {}),
    ...(message.flapping ? { flapping: true } : {}),
    id: message.id,
    title: message.title,
    text: message.text,
  };
}

/** `sha256=` and the hex HMAC-SHA256 of exactly the bytes sent. */
export function signature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

export function createWebhookNotifier(target: WebhookTarget): Notifier {
  return {
    target,
    send(message, context) {
      const body = JSON.stringify(webhookBody(message));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-whydown-event': message.event,
        // Same on every retry: receivers can tell a retry from a new alert.
        'x-whydown-delivery': message.id,
      };
      if (target.secret) headers[SIGNATURE_HEADER] = signature(target.secret, body);
      return postHttp({ url: target.url, headers, body }, context);
    },
  };
}
