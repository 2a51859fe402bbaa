// The Markdown report keeps our own `commands` as code while whatever came from the target stays
// inert: prose from it is escaped, headers and bodies sit in fences they cannot close.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiagnoseReport } from '../../src/core/model.js';
import { renderMarkdown } from '../../src/core/render/markdown.js';

function report(overrides: { summary?: string; fixes?: string[]; body?: string; header?: string; detail?: string } = {}): DiagnoseReport {
  return {
    url: 'http://127.0.0.1:8080/',
    startedAt: '2026-12-06T00:00:00.000Z',
    durationMs: 12,
    verdict: {
      status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx', transient: false, scope: 'everyone',
      confidence: 'high', summary: overrides.summary ?? '127.0.0.1:8080 is down: 502 written by nginx.',
      fixes: overrides.fixes ?? ['Start the application (`systemctl start app`) and check it listens where `proxy_pass` points'],
    },
    steps: [{ id: 'fingerprint', title: 'Read the error page: who wrote it', result: 'warn', detail: overrides.detail ?? '502 written by nginx', evidence: { status: 502 } }],
    attempts: [{
      at: '2026-12-06T00:00:00.000Z', step: 'reload', url: 'http://127.0.0.1:8080/', address: '127.0.0.1:8080', status: 502,
      httpVersion: '1.1', timings: { total: 3 }, error: null,
      headers: { server: 'nginx', 'x-note': overrides.header ?? 'plain' },
      bodySample: overrides.body ?? '<html>bad gateway</html>', cause: 'unknown',
    }],
  };
}

describe('Markdown report', () => {
  it('shows the commands in the fixes as code, not as escaped backticks', () => {
    const md = renderMarkdown(report());
    assert.match(md, /^1\. Start the application \\\(`systemctl start app`\\\) and check it listens where `proxy_pass` points$/m);
    assert.doesNotMatch(md, /\\`/, 'no escaped backtick left in our own text');
  });

  it('still makes Markdown inert outside the code spans of a fix', () => {
    const md = renderMarkdown(report({ fixes: ['Read *the* log: `tail -f /var/log/nginx/error.log` <b>now</b>'] }));
    assert.match(md, /^1\. Read \\\*the\\\* log: `tail -f \/var\/log\/nginx\/error\.log` \\<b\\>now\\<\/b\\>$/m);
  });

  it('escapes backticks in prose that came from the target (summary, step detail)', () => {
    const md = renderMarkdown(report({ summary: 'down: the page says "`<img src=x onerror=alert(1)>`"', detail: 'the page says: "`rm -rf /`"' }));
    assert.ok(md.includes('the page says "\\`\\<img src=x onerror=alert\\(1\\)\\>\\`"'), md);
    assert.ok(md.includes('the page says: "\\`rm -rf /\\`"'));
  });

  it('puts headers and bodies in fences longer than any backtick run inside them', () => {
    const md = renderMarkdown(report({ header: 'a ````` b', body: '```\n</details>\n`````` end' }));
    assert.match(md, /^(`{6})\nserver: nginx\nx-note: a ````` b\n\1$/m);
    assert.match(md, /^(`{7})\n```\n<\/details>\n`````` end\n\1$/m);
  });
});
