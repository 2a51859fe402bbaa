// `whydown notify test <target>` through the real CLI (dist/bundle), against real receivers:
// one line, delivered with what the receiver said or why not; exit 0, 1, or 3 for bad input.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { runCli } from '../support/cli.js';
import { refusedUrl, startBlackHole, startReceiver } from './support.js';
import { makeTempDir, removeTempDir } from '../support/cleanup.js';

let dir: string;

async function config(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('whydown notify test', () => {
  before(async () => { dir = await makeTempDir('notify'); });
  after(() => removeTempDir(dir));

  it('delivers a signed test event and prints the HTTP status', async () => {
    const receiver = await startReceiver((_req, res) => { res.writeHead(204); res.end(); });
    try {
      const file = await config('ok.yml', [
        'notify:',
        `  - {name: ops-hook, type: webhook, url: "${receiver.url}/whydown", secret: "\${HOOK_SECRET}"}`,
        'monitors:',
        '  - {name: shop, url: "https://shop.example/", notify: [ops-hook]}',
      ].join('\n'));
      const run = await runCli(['notify', 'test', 'ops-hook', '--config', file], { env: { HOOK_SECRET: 'from-env' } });
      assert.equal(run.stderr, '');
      assert.equal(run.stdout, 'delivered to ops-hook (webhook): HTTP 204\n');
      assert.equal(run.code, 0);
      const request = await receiver.request(0);
      assert.equal(request.url, '/whydown');
      assert.equal(request.headers['x-whydown-signature'], `sha256=${createHmac('sha256', 'from-env').update(request.raw).digest('hex')}`);
      const body = JSON.parse(request.body) as Record<string, unknown>;
      assert.equal(body.event, 'test');
      assert.equal(body.monitor, 'shop');
      assert.equal(body.url, 'https://shop.example/');
      assert.match(String(body.at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    } finally {
      await receiver.close();
    }
  });

  it('prints the SMTP reply for an email target', async () => {
    const server = new SMTPServer({ logger: false, disabledCommands: ['STARTTLS', 'AUTH'], authOptional: true, onData(stream, _s, cb) { stream.resume(); stream.on('end', () => cb()); } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.server.address() as AddressInfo;
      const file = await config('mail.yml', `notify:\n  - {name: mail, type: email, url: "smtp://127.0.0.1:${port}", to: ops@example.com, from: whydown@example.com}\n`);
      const run = await runCli(['notify', 'test', 'mail', '--config', file]);
      assert.match(run.stdout, /^delivered to mail \(email\): SMTP 250 .+\n$/);
      assert.equal(run.code, 0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a receiver that is down: one line saying why, exit 1', async () => {
    const url = await refusedUrl();
    const file = await config('down.yml', `notify:\n  - {name: pager, type: pagerduty, url: "${url}", routingKey: R0123456789abcdef0123456789ABCDE}\n`);
    const run = await runCli(['notify', 'test', 'pager', '--config', file]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^not delivered to pager \(pagerduty\): connection refused at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\n$/);
  });

  it('a receiver that never answers: gives up at --timeout', async () => {
    const hole = await startBlackHole();
    try {
      const file = await config('slow.yml', `notify:\n  - {name: chat, type: slack, url: "${hole.url}/services/x"}\n`);
      const started = performance.now();
      const run = await runCli(['notify', 'test', 'chat', '--config', file, '--timeout', '0.5']);
      const wallMs = performance.now() - started;
      assert.equal(run.code, 1);
      assert.equal(run.stdout, 'not delivered to chat (slack): no answer within 0.5 s\n');
      assert.ok(wallMs < 5_000, `took ${wallMs.toFixed(0)} ms`);
    } finally {
      await hole.close();
    }
  });

  it('a config with problems: the first in one line, exit 3', async () => {
    const file = await config('bad.yml', 'notify:\n  - {name: tg, type: telegram, chatId: "x y"}\n  - {name: hook, type: webhok, url: "https://h.example/"}\n');
    const run = await runCli(['notify', 'test', 'tg', '--config', file]);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `whydown: ${file}:2:5: notify[0]: "token" is missing (the bot token from @BotFather) (and 2 more problems in the file)\n`);
  });

  it('usage errors: an unknown target, no action, a bad --timeout, a missing file', async () => {
    const file = await config('one.yml', 'notify:\n  - {name: ops-hook, type: webhook, url: "https://h.example/"}\n');
    const cases: [string[], RegExp][] = [
      [['notify', 'test', 'ops-hok', '--config', file], /^whydown: notify test: no notify target named "ops-hok" \(did you mean "ops-hook"\?\)\n$/],
      [['notify'], /^whydown: notify: say what to do; use: whydown notify test <target>\n$/],
      [['notify', 'test', 'ops-hook', '--config', file, '--timeout', 'soon'], /--timeout wants seconds/],
      [['notify', 'test', 'ops-hook', '--config', path.join(dir, 'missing.yml')], /cannot read the config file .*missing\.yml: ENOENT/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      assert.equal(run.code, 3, args.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1);
      assert.equal(run.stdout, '');
    }
  });
});
