// The notify: entries per channel: what each needs, normalised, and every mistake reported at its
// file:line:col with the path, like the rest of the config.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/serve/config/errors.js';
import { parseConfig } from '../../src/serve/config/load.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/whydown.yml', import.meta.url));

function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, 'whydown.yml', { env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map((i) => `${i.line}:${i.col}: ${i.path}: ${i.message}`);
  }
  assert.fail('the config loaded, but it should not have');
}

describe('config: notify targets per channel', () => {
  it('reads every channel with its own keys, filling the fixed API hosts', () => {
    const text = `
notify:
  - {name: hook, type: webhook, url: "https://hooks.example/x", secret: "\${SECRET}"}
  - {name: chat, type: slack, url: "https://hooks.slack.com/services/T/B/X"}
  - {name: dc, type: discord, url: "https://discord.com/api/webhooks/1/t"}
  - {name: teams, type: teams, url: "https://prod-01.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke"}
  - {name: tg, type: telegram, token: "123456:ABC-def_1", chatId: -1001234567890}
  - {name: tg-proxy, type: telegram, token: "1:x", chatId: "@whydown_alerts", url: "http://127.0.0.1:8081/"}
  - {name: push, type: ntfy, url: "https://ntfy.sh/whydown-x1", priority: urgent, tags: [shop, shop, prod], token: tk_abc}
  - {name: push2, type: ntfy, url: "https://ntfy.example/alerts", priority: 2}
  - {name: pager, type: pagerduty, routingKey: R0123456789abcdef0123456789ABCDE}
  - name: mail
    type: email
    url: "smtps://user:pw@mail.example:465"
    to: ops@example.com
    from: "whydown <alerts@example.com>"
  - {name: mail2, type: email, url: "smtp://127.0.0.1:2525", to: [a@example.com, "B <b@example.com>", a@example.com], from: x@example.com}
`;
    assert.deepEqual(parseConfig(text, 'whydown.yml', { env: { SECRET: 's3' } }).notify, [
      { name: 'hook', type: 'webhook', url: 'https://hooks.example/x', secret: 's3' },
      { name: 'chat', type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' },
      { name: 'dc', type: 'discord', url: 'https://discord.com/api/webhooks/1/t' },
      { name: 'teams', type: 'teams', url: 'https://prod-01.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke' },
      { name: 'tg', type: 'telegram', url: 'https://api.telegram.org/', token: '123456:ABC-def_1', chatId: '-1001234567890' },
      { name: 'tg-proxy', type: 'telegram', url: 'http://127.0.0.1:8081/', token: '1:x', chatId: '@whydown_alerts' },
      { name: 'push', type: 'ntfy', url: 'https://ntfy.sh/whydown-x1', priority: 5, tags: ['shop', 'prod'], token: 'tk_abc' },
      { name: 'push2', type: 'ntfy', url: 'https://ntfy.example/alerts', priority: 2 },
      { name: 'pager', type: 'pagerduty', url: 'https://events.pagerduty.com/', routingKey: 'R0123456789abcdef0123456789ABCDE' },
      { name: 'mail', type: 'email', url: 'smtps://user:pw@mail.example:465', to: ['ops@example.com'], from: 'whydown <alerts@example.com>' },
      { name: 'mail2', type: 'email', url: 'smtp://127.0.0.1:2525', to: ['a@example.com', 'B <b@example.com>'], from: 'x@example.com' },
    ]);
  });

  it('reports what each channel is missing, at the entry', () => {
    const text = [
      /* 1 */ 'notify:',
      /* 2 */ '  - {name: tg, type: telegram}',
      /* 3 */ '  - {name: pager, type: pagerduty}',
      /* 4 */ '  - {name: mail, type: email, url: "smtp://mail.example"}',
      /* 5 */ '  - {name: chat, type: slack}',
    ].join('\n');
    assert.deepEqual(problems(text), [
      '2:5: notify[0]: "token" is missing (the bot token from @BotFather)',
      '2:5: notify[0]: "chatId" is missing (the chat to post in: a number such as -1001234567890, or @channelname)',
      '3:5: notify[1]: "routingKey" is missing (the Integration Key of an Events API v2 integration)',
      '4:5: notify[2]: "to" is missing (who gets the mail)',
      '4:5: notify[2]: "from" is missing (the sender address your SMTP server accepts)',
      '5:5: notify[3]: "url" is missing',
    ]);
  });

  it('reports bad values at the value, and keys of another channel at the key', () => {
    const text = [
      /*  1 */ 'notify:',
      /*  2 */ '  - name: tg',
      /*  3 */ '    type: telegram',
      /*  4 */ '    token: not-a-token',
      /*  5 */ '    chatId: my group',
      /*  6 */ '    secret: x',
      /*  7 */ '  - name: push',
      /*  8 */ '    type: ntfy',
      /*  9 */ '    url: https://ntfy.sh/',
      /* 10 */ '    priority: loud',
      /* 11 */ '    tags: ["a,b"]',
      /* 12 */ '  - name: pager',
      /* 13 */ '    type: pagerduty',
      /* 14 */ '    routingKey: short',
      /* 15 */ '    url: ftp://events.example/',
      /* 16 */ '  - name: mail',
      /* 17 */ '    type: email',
      /* 18 */ '    url: mailto:ops@example.com',
      /* 19 */ '    to: [ops@example.com, "not an address"]',
      /* 20 */ '    from: "x@example.com\\nBcc: evil@example.com"',
      /* 21 */ '    chat_id: 1',
      /* 22 */ '  - {name: hook, type: webhook, url: "https://h.example/", routingKey: R0123456789abcdef0123456789ABCDE}',
    ].join('\n');
    assert.deepEqual(problems(text), [
      '4:12: notify[0].token: is not a bot token (it looks like 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw, from @BotFather)',
      '5:13: notify[0].chatId: "my group" is not a chat id (a number such as -1001234567890, or @channelname)',
      '6:5: notify[0].secret: is a setting of webhook targets, not of a telegram target',
      '9:10: notify[1].url: "https://ntfy.sh/" has no topic: use the topic\'s URL, e.g. https://ntfy.sh/mytopic',
      '10:15: notify[1].priority: "loud" is not an ntfy priority (1 to 5, or min, low, default, high, max)',
      '11:12: notify[1].tags[0]: "a,b" is not a tag (1 to 64 characters, no spaces or commas)',
      '14:17: notify[2].routingKey: is not a routing key (the 32-character Integration Key of the service\'s Events API v2 integration)',
      '15:10: notify[2].url: "ftp://events.example/": the scheme must be http:// or https://, not ftp:',
      '18:10: notify[3].url: "mailto:ops@example.com": the scheme must be smtp:// or smtps://, not mailto:',
      '19:27: notify[3].to[1]: "not an address" is not a mail address (use ops@example.com or "Ops <ops@example.com>")',
      '20:11: notify[3].from: "x@example.com\\nBcc: evil@example.com" is not a mail address (use ops@example.com or "Ops <ops@example.com>")',
      '21:5: notify[3].chat_id: unknown key (did you mean "chatId"?)',
      '22:60: notify[4].routingKey: is a setting of pagerduty targets, not of a webhook target',
    ]);
  });

  it('the example file\'s channels, uncommented, all load', async () => {
    const text = await readFile(EXAMPLE, 'utf8');
    const uncommented = text.replace(/^  # (- name:| {2}\w)/gm, '  $1');
    const env = { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X', TELEGRAM_BOT_TOKEN: '1:abc', NTFY_TOKEN: 'tk_x', PAGERDUTY_ROUTING_KEY: 'R0123456789abcdef0123456789ABCDE', SMTP_PASSWORD: 'pw', HOOK_SECRET: 'x', BACKUP_PUSH_TOKEN: 'backup-token-0123456789' };
    const config = parseConfig(uncommented, 'whydown.yml', { env });
    assert.deepEqual(config.notify.map((t) => `${t.name}:${t.type}`), ['ops-hook:webhook', 'team-chat:slack', 'phone:telegram', 'push:ntfy', 'on-call:pagerduty', 'mail:email']);
  });
});
