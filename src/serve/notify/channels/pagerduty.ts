// PagerDuty Events API v2 (developer.pagerduty.com, "Send an Alert Event": POST
// https://events.pagerduty.com/v2/enqueue). An opened incident is a `trigger` with
// payload.summary (≤ 1024 characters), payload.source and payload.severity (critical, error,
// warning or info); the closing is a `resolve` with the same `dedup_key` and routing key, which
// PagerDuty requires to match the trigger. A changed cause is another `trigger` on the same key:
// it adds a log entry to the open alert. PagerDuty answers 202; 400 is final, 429 and 5xx are to
// be retried ("Response Codes & Retry Logic" in the Events API v2 overview).
import type { PagerDutyTarget } from '../../config/types.js';
import type { Status } from '../../../core/model.js';
import { postHttp } from '../http.js';
import type { AlertMessage } from '../message.js';
import type { DeliveryOutcome, Notifier, SendContext } from '../notifier.js';
import { fixesOf, linkable, truncate } from './layout.js';

const SEVERITY: Record<Status, string> = { down: 'critical', degraded: 'warning', unknown: 'error', up: 'info' };

/** One key per incident (and one per test), so a resolve closes exactly what its trigger opened. */
export function dedupKey(message: AlertMessage): string {
  const key = message.incident ? `whydown/${message.monitor}/${message.incident.id}` : `whydown/test/${message.id}`;
  return key.slice(0, 255);
}

export function triggerEvent(routingKey: string, message: AlertMessage): Record<string, unknown> {
  const v = message.verdict;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey(message),
    payload: {
      summary: truncate(message.text, 1024),
      source: linkable(message.url) ? new URL(message.url).host : message.monitor,
      severity: v ? SEVERITY[v.status] : 'info',
      timestamp: message.at,
      component: message.monitor,
      ...(v ? { group: v.hop, class: v.cause } : {}),
      custom_details: {
        monitor: message.monitor,
        url: message.url,
        ...(v ? { status: v.status, cause: v.cause, hop: v.hop, generatedBy: v.generatedBy, scope: v.scope, confidence: v.confidence, summary: v.summary } : {}),
        ...(message.previousCause ? { previousCause: message.previousCause } : {}),
        ...(message.flapping ? { flapping: true } : {}),
        fixes: fixesOf(message),
      },
    },
    client: 'whydown',
    ...(linkable(message.url) ? { links: [{ href: message.url, text: `${message.monitor} (the monitored URL)` }] } : {}),
  };
}

export function resolveEvent(routingKey: string, message: AlertMessage): Record<string, unknown> {
  return { routing_key: routingKey, dedup_key: dedupKey(message), event_action: 'resolve' };
}

/** `url` is the API base (https://events.pagerduty.com/) or the full enqueue URL. */
export function enqueueUrl(target: PagerDutyTarget): string {
  const url = new URL(target.url);
  if (url.pathname.endsWith('/v2/enqueue')) return url.href;
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL('v2/enqueue', url).href;
}

export function createPagerDutyNotifier(target: PagerDutyTarget): Notifier {
  const post = (event: Record<string, unknown>, context: SendContext): Promise<DeliveryOutcome> =>
    postHttp({ url: enqueueUrl(target), headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) }, context);
  return {
    target,
    async send(message, context) {
      if (message.event === 'incident.closed') return post(resolveEvent(target.routingKey, message), context);
      const triggered = await post(triggerEvent(target.routingKey, message), context);
      if (message.event !== 'test' || !triggered.ok) return triggered;
      // A test must not leave someone paged: resolve it at once.
      const resolved = await post(resolveEvent(target.routingKey, message), context);
      return resolved.ok
        ? { ok: true, detail: `${triggered.detail} (trigger), ${resolved.detail} (resolve)` }
        : { ...resolved, retryable: false, detail: `the test alert was triggered but not resolved: ${resolved.detail}; resolve it in PagerDuty` };
    },
  };
}
