// An alert still being retried when `whydown serve` gets SIGTERM: the process stops at once
// (it used to wait up to 5 s for the back-off), the alert is kept in the store, and the next
// start delivers it exactly once. The real CLI as a child process, a real SQLite file, and a
// webhook receiver on loopback that first refuses (HTTP 503) or hangs, then accepts.
import assert from 'node:assert/strict';
import http from 'node:http';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deadPort, delay, freePort, makeTempDir } from '../support/process.js';
import { startServeProcess } from '../support/serve.js';
import { waitFor } from '../support/wait.js';

interface Hook { id: string; event: string; monitor: string }

describe('serve: alerts pending at a stop', () => {
  let dir: string;
  let receiver: http.Server;
  let hookUrl: string;
  let mode: 'refuse' | 'hang' | 'accept' = 'refuse';
  const attempts: Hook[] = [];
  const delivered: Hook[] = [];

  before(async () => {
    dir = await makeTempDir('serve-backlog');
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8').on('data', (c: string) => { raw += c; }).on('end', () => {
        const hook = JSON.parse(raw) as Hook;
        attempts.push(hook);
        if (mode === 'hang') return; // never answers: the attempt is in flight when SIGTERM comes
        if (mode === 'refuse') {
          res.statusCode = 503;
          res.end('busy');
          return;
        }
        delivered.push(hook);
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  });
  after(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  for (const failing of ['refuse', 'hang'] as const) {
    it(`target that ${failing === 'refuse' ? 'refuses (in back-off)' : 'hangs (attempt in flight)'}: stops well under 1 s, delivers the kept alert once after the restart`, async (t) => {
      attempts.length = 0;
      delivered.length = 0;
      mode = failing;
      const file = path.join(dir, `${failing}.yml`);
      const db = `sqlite:${path.join(dir, `${failing}.db`)}`;
      await writeFile(file, `
notify:
  - { name: hook, type: webhook, url: "${hookUrl}" }
defaults: { interval: 1s, timeout: 900ms, confirm: { failures: 1 }, notify: [hook] }
monitors:
  - name: gone
    url: http://127.0.0.1:${await deadPort()}/
`);
      const first = await startServeProcess(['--config', file, '--db', db], await freePort());
      let sent: Hook;
      try {
        sent = await waitFor('the first attempt', () => attempts[0]);
        assert.equal(sent.event, 'incident.opened');
        if (failing === 'refuse') await waitFor('the retry back-off', () => (/alert incident\.opened for gone for hook \(webhook\): retrying/.test(first.log()) ? true : undefined));
        else await delay(200);
        const signalled = performance.now();
        first.child.kill('SIGTERM');
        assert.equal(await first.exited, 0, first.log());
        const stopMs = performance.now() - signalled;
        t.diagnostic(`stopped ${Math.round(stopMs)} ms after SIGTERM`);
        assert.ok(stopMs < 1000, `stopped ${Math.round(stopMs)} ms after SIGTERM\n${first.log()}`);
        assert.match(first.log(), /alert incident\.opened for gone for hook \(webhook\): kept — not delivered yet, sent after the next start/);
      } finally {
        await first.stop('SIGKILL');
      }

      mode = 'accept';
      const second = await startServeProcess(['--config', file, '--db', db], await freePort());
      try {
        await waitFor('the kept alert', () => delivered[0]);
        assert.match(second.log(), /1 alert kept from the last run, sending it now/);
        await delay(2_500); // more checks of the still-down monitor: no second alert, no repeat
        assert.deepEqual(delivered.map((h) => [h.event, h.id]), [['incident.opened', sent.id]]);
        assert.equal(await second.stop('SIGTERM'), 0);
        assert.doesNotMatch(second.log(), /: kept —/);
      } finally {
        await second.stop('SIGKILL');
      }
      // Delivered means gone from the store: a third start sends nothing again.
      const third = await startServeProcess(['--config', file, '--db', db], await freePort());
      try {
        await delay(1_500);
        assert.equal(delivered.length, 1);
        assert.doesNotMatch(third.log(), /kept from the last run/);
      } finally {
        await third.stop('SIGKILL');
      }
    });
  }
});
