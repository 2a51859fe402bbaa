// Every HTTP channel against a real receiver on loopback that checks the request as the service
// documents it: method, path, headers, JSON body, and for the webhook the HMAC recomputed.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import type { NotifyTarget } from '../../src/serve/config/types.js';
import { incidentMessage, testMessage, type AlertMessage } from '../../src/serve/notify/message.js';
import { attempt, type DeliveryOutcome } from '../../src/serve/notify/notifier.js';
import { createNotifier } from '../../src/serve/notify/registry.js';
import { VERDICT, closed, json, opened, refusedUrl, startReceiver, type Receiver, type Responder } from './support.js';

const OPENED = incidentMessage({ event: 'incident.opened', data: opened() });
const CLOSED = incidentMessage({ event: 'incident.closed', data: closed() });
const TEST = testMessage('t', { name: 'shop', url: 'https://shop.example/' });

function deliver(target: NotifyTarget, message: AlertMessage): Promise<DeliveryOutcome> {
  return attempt(createNotifier(target), message, 5_000);
}

/** A receiver for one test, closed afterwards even when the test fails. */
async function withReceiver<T>(respond: Responder | undefined, body: (receiver: Receiver) => Promise<T>): Promise<T> {
  const receiver = await startReceiver(respond);
  try {
    return await body(receiver);
  } finally {
    await receiver.close();
  }
}

function parse(body: string): Record<string, unknown> {
  return JSON.parse(body) as Record<string, unknown>;
}

describe('webhook channel (the contract)', () => {
  it('POSTs the contract JSON, signed with HMAC-SHA256 of the raw body', () => withReceiver(undefined, async (receiver) => {
    const outcome = await deliver({ name: 'hook', type: 'webhook', url: `${receiver.url}/hooks/whydown?x=1`, secret: 's3cret' }, OPENED);
    assert.deepEqual(outcome, { ok: true, detail: 'HTTP 200' });
    const request = await receiver.request(0);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/hooks/whydown?x=1');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['x-whydown-event'], 'incident.opened');
    assert.equal(request.headers['x-whydown-delivery'], OPENED.id);
    const expected = `sha256=${createHmac('sha256', 's3cret').update(request.raw).digest('hex')}`;
    assert.equal(request.headers['x-whydown-signature'], expected);
    const body = parse(request.body);
    assert.equal(body.event, 'incident.opened');
    assert.equal(body.monitor, 'shop');
    assert.equal(body.url, 'https://shop.example/');
    assert.equal(body.at, '2026-11-28T10:02:00.000Z');
    assert.deepEqual(body.verdict, VERDICT);
    assert.equal('durationSeconds' in body, false);
    assert.deepEqual(body.incident, { id: 7, openedAt: '2026-11-28T10:02:00.000Z', closedAt: null });
    assert.equal(body.text, OPENED.text);
  }));

  it('a close carries durationSeconds; a test carries no verdict; no secret, no signature', () => withReceiver(undefined, async (receiver) => {
    const target: NotifyTarget = { name: 'hook', type: 'webhook', url: `${receiver.url}/h` };
    assert.equal((await deliver(target, CLOSED)).ok, true);
    assert.equal((await deliver(target, TEST)).ok, true);
    const [close, test] = [await receiver.request(0), await receiver.request(1)];
    assert.equal(close.headers['x-whydown-signature'], undefined);
    const closeBody = parse(close.body);
    assert.equal(closeBody.event, 'incident.closed');
    assert.equal(closeBody.durationSeconds, 720);
    assert.deepEqual(closeBody.verdict, VERDICT);
    const testBody = parse(test.body);
    assert.equal(testBody.event, 'test');
    assert.equal('verdict' in testBody, false);
    assert.equal(testBody.monitor, 'shop');
  }));

  it('a signature made with another secret or over other bytes does not match', () => withReceiver(undefined, async (receiver) => {
    await deliver({ name: 'hook', type: 'webhook', url: receiver.url, secret: 'right' }, OPENED);
    const request = await receiver.request(0);
    const sign = (secret: string, bytes: Buffer | string) => `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;
    // The header is the HMAC with this target's secret over the raw body; only then do the
    // mismatches below say anything (a missing or garbled header would pass them too).
    assert.equal(request.headers['x-whydown-signature'], sign('right', request.raw));
    assert.notEqual(request.headers['x-whydown-signature'], sign('wrong', request.raw));
    assert.notEqual(request.headers['x-whydown-signature'], sign('right', JSON.stringify(JSON.parse(request.body), null, 2)));
  }));

  it('judges answers: 4xx is final, 503 with Retry-After is retried, a redirect is not followed', () => withReceiver((req, res) => {
    if (req.url === '/gone') { res.writeHead(410); res.end('this hook was deleted'); }
    else if (req.url === '/busy') { res.writeHead(503, { 'retry-after': '7' }); res.end(); }
    else { res.writeHead(301, { location: 'https://new.example/hook' }); res.end(); }
  }, async (receiver) => {
    const target = (path: string): NotifyTarget => ({ name: 'hook', type: 'webhook', url: `${receiver.url}${path}` });
    assert.deepEqual(await deliver(target('/gone'), OPENED), { ok: false, retryable: false, detail: 'HTTP 410: this hook was deleted' });
    assert.deepEqual(await deliver(target('/busy'), OPENED), { ok: false, retryable: true, detail: 'HTTP 503', retryAfterMs: 7000 });
    const moved = await deliver(target('/moved'), OPENED);
    assert.deepEqual(moved, { ok: false, retryable: false, detail: 'HTTP 301: redirected to new.example; put the new URL in the config' });
    assert.equal(receiver.requests.length, 3);
  }));

  it('user:password in the URL goes as Basic auth, not in the request line', () => withReceiver(undefined, async (receiver) => {
    await deliver({ name: 'hook', type: 'webhook', url: receiver.url.replace('http://', 'http://alerts:p%40ss@') + '/in' }, TEST);
    const request = await receiver.request(0);
    assert.equal(request.headers.authorization, `Basic ${Buffer.from('alerts:p@ss').toString('base64')}`);
    assert.equal(request.url, '/in');
  }));
});

describe('Slack incoming webhook', () => {
  it('POSTs text and Block Kit blocks, mrkdwn escaped', () => withReceiver(undefined, async (receiver) => {
    const data = opened();
    data.incident.verdict = { ...VERDICT, summary: 'shop.example is down: 502 — the page says <b>Bad & gateway</b>.' };
    const message = incidentMessage({ event: 'incident.opened', data });
    const outcome = await deliver({ name: 'chat', type: 'slack', url: `${receiver.url}/services/T000/B000/XXXX` }, message);
    assert.deepEqual(outcome, { ok: true, detail: 'HTTP 200' });
    const request = await receiver.request(0);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/services/T000/B000/XXXX');
    assert.equal(request.headers['content-type'], 'application/json');
    const body = parse(request.body) as { text: string; blocks: { type: string; text?: { type: string; text: string }; elements?: { type: string; text: string }[] }[] };
    assert.equal(body.text, message.text);
    assert.deepEqual(body.blocks.map((b) => b.type), ['header', 'section', 'section', 'context']);
    assert.deepEqual(body.blocks[0]!.text, { type: 'plain_text', text: 'shop is down', emoji: true });
    assert.equal(body.blocks[1]!.text!.type, 'mrkdwn');
    assert.match(body.blocks[1]!.text!.text, /the page says &lt;b&gt;Bad &amp; gateway&lt;\/b&gt;\./);
    assert.match(body.blocks[2]!.text!.text, /^\*What to do\*\n• Start the application server/);
    assert.match(body.blocks[3]!.elements![0]!.text, /^<https:\/\/shop\.example\/\|shop> · Cause: upstream-refused \(at the origin hop\)/);
  }));

  it('a 404 no_service is final', () => withReceiver((_req, res) => { res.writeHead(404); res.end('no_service'); }, async (receiver) => {
    assert.deepEqual(await deliver({ name: 'chat', type: 'slack', url: receiver.url }, OPENED), { ok: false, retryable: false, detail: 'HTTP 404: no_service' });
  }));
});

describe('Discord webhook', () => {
  it('executes the webhook with wait=true: content, an embed, no mentions', () => withReceiver((_req, res) => json(res, 200, { id: '1', type: 0 }), async (receiver) => {
    const outcome = await deliver({ name: 'dc', type: 'discord', url: `${receiver.url}/api/webhooks/123/tok-en` }, OPENED);
    assert.deepEqual(outcome, { ok: true, detail: 'HTTP 200' });
    const request = await receiver.request(0);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/webhooks/123/tok-en?wait=true');
    assert.equal(request.headers['content-type'], 'application/json');
    const body = parse(request.body) as { content: string; allowed_mentions: unknown; embeds: Record<string, unknown>[] };
    assert.equal(body.content, OPENED.text);
    assert.deepEqual(body.allowed_mentions, { parse: [] });
    assert.equal(body.embeds.length, 1);
    const embed = body.embeds[0]!;
    assert.equal(embed.title, 'shop is down');
    assert.equal(embed.url, 'https://shop.example/');
    assert.equal(embed.color, 0xd93025);
    assert.equal(embed.timestamp, '2026-11-28T10:02:00.000Z');
    assert.match(String(embed.description), /^\*\*What to do\*\*\n• Start the application server/);
    assert.deepEqual((embed.fields as { name: string }[]).map((f) => f.name), ['Monitor', 'URL', 'Cause', 'Error page written by', 'Affects', 'Confidence']);
  }));

  it('a recovery is green; a 429 waits as long as Discord asks', () => withReceiver((req, res) => {
    if (req.url.startsWith('/slow')) json(res, 429, { message: 'You are being rate limited.', retry_after: 1.5, global: false }, { 'retry-after': '2' });
    else json(res, 200, { id: '2' });
  }, async (receiver) => {
    await deliver({ name: 'dc', type: 'discord', url: `${receiver.url}/ok` }, CLOSED);
    const body = parse((await receiver.request(0)).body) as { embeds: { color: number }[] };
    assert.equal(body.embeds[0]!.color, 0x1e8e3e);
    const limited = await deliver({ name: 'dc', type: 'discord', url: `${receiver.url}/slow` }, OPENED);
    assert.equal(limited.ok, false);
    assert.deepEqual(limited.ok ? null : [limited.retryable, limited.retryAfterMs], [true, 2000]);
  }));
});

describe('Microsoft Teams (Workflows or Incoming Webhook)', () => {
  it('POSTs a message with one Adaptive Card attachment; Workflows answer 202', () => withReceiver((_req, res) => { res.writeHead(202); res.end(); }, async (receiver) => {
    const outcome = await deliver({ name: 'teams', type: 'teams', url: `${receiver.url}/workflows/abc/triggers/manual/paths/invoke?sig=x` }, OPENED);
    assert.deepEqual(outcome, { ok: true, detail: 'HTTP 202' });
    const request = await receiver.request(0);
    assert.equal(request.url, '/workflows/abc/triggers/manual/paths/invoke?sig=x');
    assert.equal(request.headers['content-type'], 'application/json');
    const body = parse(request.body) as { type: string; attachments: { contentType: string; contentUrl: null; content: Record<string, unknown> }[] };
    assert.equal(body.type, 'message');
    assert.equal(body.attachments.length, 1);
    const [attachment] = body.attachments;
    assert.equal(attachment!.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(attachment!.contentUrl, null);
    const card = attachment!.content as { type: string; version: string; $schema: string; body: { type: string; text?: string }[]; actions: { type: string; url: string }[] };
    assert.equal(card.type, 'AdaptiveCard');
    assert.equal(card.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
    assert.equal(card.version, '1.2');
    assert.deepEqual(card.body.map((b) => b.type), ['TextBlock', 'TextBlock', 'TextBlock', 'TextBlock', 'FactSet']);
    assert.equal(card.body[1]!.text, OPENED.text);
    assert.deepEqual(card.actions, [{ type: 'Action.OpenUrl', title: 'Open shop', url: 'https://shop.example/' }]);
  }));

  it('a connector throttled with 200 "HTTP error 429" in the body is retried', () => withReceiver((_req, res) => res.end('Microsoft Teams endpoint returned HTTP error 429 with ContextId ...'), async (receiver) => {
    const outcome = await deliver({ name: 'teams', type: 'teams', url: receiver.url }, OPENED);
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.retryable, true);
  }));
});

describe('Telegram Bot API', () => {
  const target = (url: string): NotifyTarget => ({ name: 'tg', type: 'telegram', url, token: '123456:ABC-def_ghi', chatId: '-1001234567890' });

  it('POSTs sendMessage to <base>/bot<token>/sendMessage with chat_id and plain text', () => withReceiver((_req, res) => json(res, 200, { ok: true, result: { message_id: 42, chat: { id: -1001234567890 } } }), async (receiver) => {
    const outcome = await deliver(target(receiver.url), OPENED);
    assert.deepEqual(outcome, { ok: true, detail: 'HTTP 200, message 42' });
    const request = await receiver.request(0);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/bot123456:ABC-def_ghi/sendMessage');
    assert.equal(request.headers['content-type'], 'application/json');
    const body = parse(request.body) as { chat_id: unknown; text: string; parse_mode?: string; link_preview_options: unknown };
    assert.equal(body.chat_id, -1001234567890);
    assert.equal(body.parse_mode, undefined);
    assert.deepEqual(body.link_preview_options, { is_disabled: true });
    assert.ok(body.text.startsWith(`shop is down\n\n${OPENED.text}\n\nWhat to do:\n• Start`), body.text);
    assert.ok(body.text.endsWith('\n\nhttps://shop.example/'));
    assert.ok(body.text.length <= 4096);
  }));

  it('a base URL with a path prefix (a proxy) keeps it; @channel ids stay text', () => withReceiver((_req, res) => json(res, 200, { ok: true, result: { message_id: 1 } }), async (receiver) => {
    await deliver({ ...target(`${receiver.url}/tg-proxy/`), chatId: '@whydown_alerts' } as NotifyTarget, TEST);
    const request = await receiver.request(0);
    assert.equal(request.url, '/tg-proxy/bot123456:ABC-def_ghi/sendMessage');
    assert.equal((parse(request.body) as { chat_id: unknown }).chat_id, '@whydown_alerts');
  }));

  it('reads ok:false answers: chat not found is final, flood control waits retry_after', () => withReceiver((req, res) => {
    if ((parse(req.body) as { chat_id: unknown }).chat_id === -1) json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    else json(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
  }, async (receiver) => {
    assert.deepEqual(await deliver({ ...target(receiver.url), chatId: '-1' } as NotifyTarget, OPENED), { ok: false, retryable: false, detail: 'HTTP 400: Bad Request: chat not found' });
    assert.deepEqual(await deliver(target(receiver.url), OPENED), { ok: false, retryable: true, detail: 'HTTP 429: Too Many Requests: retry after 3', retryAfterMs: 3000 });
  }));
});

describe('ntfy', () => {
  it('publishes the text to the topic URL with Title, Priority, Tags, Click and the token', () => withReceiver((req, res) => json(res, 200, { id: 'abc', time: 1, event: 'message', topic: 'whydown-alerts', message: req.body }), async (receiver) => {
    const target: NotifyTarget = { name: 'phone', type: 'ntfy', url: `${receiver.url}/whydown-alerts`, priority: 5, tags: ['shop'], token: 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2' };
    assert.deepEqual(await deliver(target, OPENED), { ok: true, detail: 'HTTP 200' });
    assert.deepEqual(await deliver(target, CLOSED), { ok: true, detail: 'HTTP 200' });
    const [open, close] = [await receiver.request(0), await receiver.request(1)];
    assert.equal(open.method, 'POST');
    assert.equal(open.url, '/whydown-alerts');
    assert.equal(open.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(open.headers.title, 'shop is down');
    assert.equal(open.headers.priority, '5');
    assert.equal(open.headers.tags, 'rotating_light,shop');
    assert.equal(open.headers.click, 'https://shop.example/');
    assert.equal(open.headers.authorization, 'Bearer tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2');
    assert.ok(open.body.startsWith(`${OPENED.text}\n\nWhat to do:\n- Start the application server`), open.body);
    assert.equal(close.headers.title, 'shop is up again');
    assert.equal(close.headers.priority, '3');
    assert.equal(close.headers.tags, 'white_check_mark,shop');
    assert.equal(close.body, CLOSED.text);
  }));

  it('without a configured priority an outage goes out high (4), and no token means no Authorization', () => withReceiver(undefined, async (receiver) => {
    await deliver({ name: 'phone', type: 'ntfy', url: `${receiver.url}/t` }, OPENED);
    const request = await receiver.request(0);
    assert.equal(request.headers.priority, '4');
    assert.equal(request.headers.authorization, undefined);
  }));
});

describe('PagerDuty Events API v2', () => {
  const KEY = 'R0123456789abcdef0123456789ABCDE';
  const accept: Responder = (req, res) => json(res, 202, { status: 'success', message: 'Event processed', dedup_key: (parse(req.body) as { dedup_key: string }).dedup_key });

  it('triggers on open and resolves on close with the same dedup_key, at <base>/v2/enqueue', () => withReceiver(accept, async (receiver) => {
    const target: NotifyTarget = { name: 'pager', type: 'pagerduty', url: `${receiver.url}/`, routingKey: KEY };
    assert.deepEqual(await deliver(target, OPENED), { ok: true, detail: 'HTTP 202' });
    assert.deepEqual(await deliver(target, CLOSED), { ok: true, detail: 'HTTP 202' });
    const [trigger, resolve] = [await receiver.request(0), await receiver.request(1)];
    for (const r of [trigger, resolve]) {
      assert.equal(r.method, 'POST');
      assert.equal(r.url, '/v2/enqueue');
      assert.equal(r.headers['content-type'], 'application/json');
    }
    const event = parse(trigger.body) as { payload: Record<string, unknown> } & Record<string, unknown>;
    assert.equal(event.routing_key, KEY);
    assert.equal(event.event_action, 'trigger');
    assert.equal(event.dedup_key, 'whydown/shop/7');
    assert.equal(event.client, 'whydown');
    assert.deepEqual(event.links, [{ href: 'https://shop.example/', text: 'shop (the monitored URL)' }]);
    const { custom_details: details, ...payload } = event.payload;
    assert.deepEqual(payload, {
      summary: OPENED.text, source: 'shop.example', severity: 'critical', timestamp: '2026-11-28T10:02:00.000Z',
      component: 'shop', group: 'origin', class: 'upstream-refused',
    });
    assert.equal((details as { cause: string }).cause, 'upstream-refused');
    assert.deepEqual((details as { fixes: string[] }).fixes, VERDICT.fixes);
    assert.deepEqual(parse(resolve.body), { routing_key: KEY, dedup_key: 'whydown/shop/7', event_action: 'resolve' });
  }));

  it('a test triggers at info severity and resolves at once; the full enqueue URL is taken as is', () => withReceiver(accept, async (receiver) => {
    const outcome = await deliver({ name: 'pager', type: 'pagerduty', url: `${receiver.url}/proxy/v2/enqueue`, routingKey: KEY }, TEST);
    assert.deepEqual(outcome, { ok: true, detail: 'HTTP 202 (trigger), HTTP 202 (resolve)' });
    const [trigger, resolve] = [parse((await receiver.request(0)).body), parse((await receiver.request(1)).body)];
    assert.equal((await receiver.request(0)).url, '/proxy/v2/enqueue');
    assert.equal(trigger.event_action, 'trigger');
    assert.equal((trigger.payload as { severity: string }).severity, 'info');
    assert.deepEqual(resolve, { routing_key: KEY, dedup_key: trigger.dedup_key, event_action: 'resolve' });
  }));

  it('400 is final, 429 is retried (the documented retry logic)', () => withReceiver((req, res) => {
    if ((parse(req.body) as { routing_key: string }).routing_key === KEY) json(res, 429, { status: 'throttle' });
    else json(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Length of \'routing_key\' is incorrect'] });
  }, async (receiver) => {
    const bad = await deliver({ name: 'pager', type: 'pagerduty', url: receiver.url, routingKey: 'x'.repeat(32) }, OPENED);
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.retryable, false);
    assert.match(bad.detail, /^HTTP 400: \{"status":"invalid event"/);
    const throttled = await deliver({ name: 'pager', type: 'pagerduty', url: receiver.url, routingKey: KEY }, OPENED);
    assert.equal(!throttled.ok && throttled.retryable, true);
  }));
});

describe('network failures', () => {
  it('a refused connection is retryable and names the host, never the secret path', async () => {
    const url = await refusedUrl();
    const outcome = await deliver({ name: 'tg', type: 'telegram', url, token: '999:SECRET', chatId: '1' }, OPENED);
    assert.equal(outcome.ok, false);
    assert.match(outcome.detail, /^connection refused at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
    assert.equal(!outcome.ok && outcome.retryable, true);
    assert.doesNotMatch(outcome.detail, /SECRET/);
  });
});
