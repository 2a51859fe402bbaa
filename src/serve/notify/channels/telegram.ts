// Telegram Bot API sendMessage (https://core.telegram.org/bots/api#sendmessage): POST
// <base>/bot<token>/sendMessage with a JSON body {chat_id, text (1-4096 characters)}. Every answer
// is a JSON object with `ok`; on failure `description`, `error_code` and, when throttled,
// `parameters.retry_after` in seconds (https://core.telegram.org/bots/api#making-requests).
// The base is https://api.telegram.org unless the config names another (a proxy, a test).
import type { TelegramTarget } from '../../config/types.js';
import { judgeStatus, postHttp, snippet, type HttpAnswer } from '../http.js';
import type { AlertMessage } from '../message.js';
import { failure, type DeliveryOutcome, type Notifier } from '../notifier.js';
import { fixesOf, linkable, truncate } from './layout.js';

/** Plain text (no parse_mode): nothing in a verdict can break Markdown or HTML parsing. */
export function telegramText(message: AlertMessage): string {
  const fixes = fixesOf(message);
  const lines = [message.title, '', message.text];
  if (fixes.length > 1) lines.push('', 'What to do:', ...fixes.map((f) => `• ${f}`));
  if (linkable(message.url)) lines.push('', message.url);
  return truncate(lines.join('\n'), 4096);
}

export function telegramPayload(target: TelegramTarget, message: AlertMessage): Record<string, unknown> {
  // Chat ids are integers of at most 52 significant bits (Chat.id): exact as JSON numbers.
  const chatId = /^-?\d+$/.test(target.chatId) ? Number(target.chatId) : target.chatId;
  return { chat_id: chatId, text: telegramText(message), link_preview_options: { is_disabled: true } };
}

interface TelegramAnswer {
  ok?: boolean;
  description?: string;
  error_code?: number;
  result?: { message_id?: number };
  parameters?: { retry_after?: number };
}

export function judgeTelegram(answer: HttpAnswer): DeliveryOutcome {
  let parsed: TelegramAnswer | undefined;
  try {
    parsed = JSON.parse(answer.body) as TelegramAnswer;
  } catch {
    return answer.status >= 200 && answer.status < 300
      ? failure(`HTTP ${answer.status} but not a Bot API answer${snippet(answer.body)}`, true)
      : judgeStatus(answer);
  }
  if (parsed.ok === true) {
    const id = parsed.result?.message_id;
    return { ok: true, detail: `HTTP ${answer.status}${id !== undefined ? `, message ${id}` : ''}` };
  }
  const retryAfter = parsed.parameters?.retry_after;
  const retryable = answer.status === 429 || answer.status >= 500;
  const why = parsed.description ?? `error ${parsed.error_code ?? answer.status}`;
  return failure(`HTTP ${answer.status}: ${why}`, retryable, retryable && retryAfter ? retryAfter * 1000 : undefined);
}

export function sendMessageUrl(target: TelegramTarget): string {
  const base = target.url.endsWith('/') ? target.url : `${target.url}/`;
  // './': a token holds a colon, and 'bot123:ABC' alone would read as a URL scheme.
  return new URL(`./bot${target.token}/sendMessage`, base).href;
}

export function createTelegramNotifier(target: TelegramTarget): Notifier {
  return {
    target,
    send(message, context) {
      const body = JSON.stringify(telegramPayload(target, message));
      return postHttp({ url: sendMessageUrl(target), headers: { 'content-type': 'application/json' }, body }, context, judgeTelegram);
    },
  };
}
