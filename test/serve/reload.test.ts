// Config reloads of a running `whydown serve` (the real CLI, as a child process), from the
// user's side: a saved change to a key that only a restart can apply (listen, db, the defaults
// of monitors made through the API) is named in the log while the rest of the change applies,
// and an emptied file is an error that keeps the last good config.
import assert from 'node:assert/strict';
import http from 'node:http';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { delay, freePort, makeTempDir } from '../support/process.js';
import { startServeProcess } from '../support/serve.js';
import { waitFor } from '../support/wait.js';

interface MonitorView { name: string }

describe('serve: config reloads', () => {
  let dir: string;
  let site: http.Server;
  let siteUrl: string;

  before(async () => {
    dir = await makeTempDir('serve-reload');
    site = http.createServer((_req, res) => res.end('fine'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}/`;
  });
  after(async () => {
    site.closeAllConnections();
    await new Promise<void>((resolve) => site.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const yaml = (listen: string, db: string, interval: string, names: string[]): string => `
listen: ${listen}
db: ${db}
defaults: { interval: ${interval}, timeout: 900ms }
monitors:
${names.map((name) => `  - name: ${name}\n    url: ${siteUrl}\n`).join('')}`;

  it('names the keys a restart needs and applies the rest; an emptied file is an error and changes nothing', async () => {
    const file = path.join(dir, 'whydown.yml');
    const port = await freePort();
    const otherPort = await freePort();
    const db = `sqlite:${path.join(dir, 'first.db')}`;
    const otherDb = `sqlite:${path.join(dir, 'second.db')}`;
    await writeFile(file, yaml(`127.0.0.1:${port}`, db, '1s', ['one']));
    const serve = await startServeProcess(['--config', file], port, {}, { listenArg: false });
    try {
      const made = await serve.api('/api/v1/monitors', { method: 'POST', body: { name: 'from-api', url: siteUrl } });
      assert.equal(made.status, 201, JSON.stringify(made.body));

      await writeFile(file, yaml(`127.0.0.1:${otherPort}`, otherDb, '2s', ['one', 'two']));
      const line = await waitFor('the reload in the log', () => /^.*config reloaded.*$/m.exec(serve.log())?.[0]);
      assert.match(line, /config reloaded from .*whydown\.yml: 3 monitors; restart needed for: /);
      assert.ok(line.includes(`listen (127.0.0.1:${port} → 127.0.0.1:${otherPort})`), line);
      assert.ok(line.includes(`db (${db} → ${otherDb})`), line);
      assert.ok(line.includes('defaults (for the 1 monitor made through the API)'), line);
      // The rest applied: the new monitor is there, and the API still answers where it was.
      const { body } = await serve.api<{ monitors: MonitorView[] }>('/api/v1/monitors');
      assert.deepEqual(body.monitors.map((m) => m.name), ['from-api', 'one', 'two']);

      for (const text of ['', '  \n', '# every monitor commented out while editing\n#  - name: one\n']) {
        const before = serve.log().split('config file is empty').length;
        await writeFile(file, text);
        await waitFor('the empty-file error', () => (serve.log().split('config file is empty').length > before ? true : undefined));
      }
      assert.match(serve.log(), /whydown\.yml: config file is empty; keeping the last good config\n/);
      await delay(300);
      const { body: still } = await serve.api<{ monitors: MonitorView[] }>('/api/v1/monitors');
      assert.deepEqual(still.monitors.map((m) => m.name), ['from-api', 'one', 'two']);
      assert.equal((serve.log().match(/config reloaded/g) ?? []).length, 1, serve.log());

      // Back to what runs: nothing left to restart for.
      await writeFile(file, yaml(`127.0.0.1:${port}`, db, '1s', ['one']));
      await waitFor('the second reload', () => ((serve.log().match(/config reloaded.*$/gm) ?? [])[1]));
      assert.match(serve.log(), /config reloaded from .*whydown\.yml: 2 monitors\n/);
      assert.equal(await serve.stop('SIGTERM'), 0);
    } finally {
      await serve.stop('SIGKILL');
    }
  });

  it('a file key that --listen or --db overrides is named as not used, not as needing a restart', async () => {
    const file = path.join(dir, 'overridden.yml');
    const port = await freePort();
    const db = `sqlite:${path.join(dir, 'cli.db')}`;
    await writeFile(file, yaml('127.0.0.1:1', 'sqlite:/nonexistent/x.db', '1s', ['one']));
    const serve = await startServeProcess(['--config', file, '--db', db], port);
    try {
      await writeFile(file, yaml('127.0.0.1:2', 'sqlite:/nonexistent/y.db', '1s', ['one']));
      const line = await waitFor('the reload in the log', () => /^.*config reloaded.*$/m.exec(serve.log())?.[0]);
      assert.match(line, /config reloaded from .*: 1 monitor; not used: listen \(--listen on the command line wins\), db \(--db on the command line wins\)$/);
    } finally {
      await serve.stop('SIGKILL');
    }
  });
});
