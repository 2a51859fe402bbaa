// --report writes Markdown and HTML with every step and attempt; bytes from the target are inert.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { makeTempDir } from '../support/process.js';

const HOSTILE_PAGE = '<html><body><script>alert(document.cookie)</script><img src=x onerror=alert(1)> ``` </pre></details> <b>boom</b></body></html>';

describe('support-ticket reports', () => {
  let nginx: Nginx;
  let dir: string;

  before(async () => {
    nginx = await startNginx(`location / { default_type text/html; return 500 '${HOSTILE_PAGE}'; }`);
    dir = await makeTempDir('report');
  });
  after(async () => { await nginx?.stop(); });

  it('HTML: self-contained, every step and attempt, the target\'s markup escaped', async () => {
    const file = path.join(dir, 'ticket.html');
    const run = await runCli([`http://127.0.0.1:${nginx.port}/`, '--retries', '2', '--report', file]);
    assert.equal(run.code, 2, run.stderr);
    const html = await readFile(file, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html, /<script|<img|onerror=alert\(1\)>/i, 'no live markup from the target');
    assert.match(html, /&lt;script&gt;alert\(document\.cookie\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /\b(src|href)=["']?https?:/i, 'no external resources');
    for (const step of ['Reload the page', 'Bypass caches', 'client profile', 'time limit', 'error page', 'CDN']) {
      assert.ok(html.includes(step), step);
    }
    assert.match(html, /app-error/);
    assert.match(html, /<li>[^<]*<code>[^<]+<\/code>/, 'commands in the fixes are shown as code');
    assert.equal((html.match(/<h3>Attempt /g) ?? []).length, 4, 'two reload attempts, the cache-bypass and the browser-like one');
  });

  it('Markdown: the body sits in a fence that it cannot close', async () => {
    const file = path.join(dir, 'ticket.md');
    const run = await runCli([`http://127.0.0.1:${nginx.port}/`, '--retries', '1', '--report', file, '--json']);
    assert.equal(run.code, 2);
    JSON.parse(run.stdout); // --json still prints only the JSON
    const md = await readFile(file, 'utf8');
    assert.match(md, /^# whydown report/);
    assert.match(md, /\*\*DOWN\*\*/);
    const fenced = /(`{4,})\n<html><body><script>[^\n]*\n\1/.exec(md);
    assert.ok(fenced, 'the raw body is inside a fence longer than the ``` it contains');
  });

  it('a report path with the wrong extension is a usage error', async () => {
    const run = await runCli(['http://127.0.0.1:1/', '--report', path.join(dir, 'ticket.pdf')]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /--report wants a file ending in \.md or \.html/);
  });
});
