// Push monitors through a real `whydown serve`: a job reports, then stops (an incident after
// interval + grace, "did not report since …"), reports `down` (an incident at once, its message
// quoted), then `up` (closed). Tokens: each opens its own monitor only, a wrong one and an
// unknown monitor get the same 401, the token is never in the log, the store or the API's view.
// The last report survives a restart; the endpoint is rate-limited.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, makeTempDir } from '../support/process.js';
import { startServeProcess, type ServeProcess } from '../support/serve.js';
import { waitFor } from '../support/wait.js';

interface IncidentView { id: number; monitor: string; closedAt: string | null; verdict: { cause: string; hop: string; summary: string; status: string } }

const TOKEN = 'nightly-secret-4f1c2a9b';
const OTHER_TOKEN = 'weekly-secret-77aa01cd';

async function push(serve: ServeProcess, name: string, query: string, method = 'GET'): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  const response = await fetch(`${serve.base}/api/v1/push/${name}?${query}`, { method });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, retryAfter: response.headers.get('retry-after') };
}

async function incidents(serve: ServeProcess, monitor: string): Promise<IncidentView[]> {
  return (await serve.api<{ incidents: IncidentView[] }>(`/api/v1/incidents?monitor=${monitor}`)).body.incidents;
}

describe('push monitors (whydown serve)', () => {
  let dir: string;
  let receiver: http.Server;
  let hookUrl: string;
  const alerts: { title: string; text: string; status: string }[] = [];
  before(async () => {
    dir = await makeTempDir('push');
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8').on('data', (c: string) => { raw += c; }).on('end', () => {
        alerts.push(JSON.parse(raw) as { title: string; text: string; status: string });
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

  it('reports, silence, down, up; tokens kept to their monitor and out of the log; the last report survives a restart', async () => {
    const file = path.join(dir, 'whydown.yml');
    await writeFile(file, [
      'notify:',
      `  - {name: hook, type: webhook, url: "${hookUrl}"}`,
      'defaults: {notify: [hook]}',
      'monitors:',
      '  - name: nightly',
      '    type: push',
      '    token: "${NIGHTLY_TOKEN}"',
      '    interval: 2s',
      '    grace: 1s',
      '  - name: weekly',
      '    type: push',
      `    token: "${OTHER_TOKEN}"`,
      '    interval: 1h',
      '    grace: 2s',
      '  - {name: web, url: "http://127.0.0.1:1/"}',
    ].join('\n'));
    const db = `sqlite:${path.join(dir, 'push.db')}`;
    const env = { NIGHTLY_TOKEN: TOKEN };
    let serve = await startServeProcess(['--config', file, '--db', db], await freePort(), env);
    try {
      // A report, by GET and by POST.
      const first = await push(serve, 'nightly', `token=${TOKEN}&ping=1234`);
      assert.deepEqual([first.status, first.body], [200, { ok: true, monitor: 'nightly', status: 'up' }]);
      assert.equal((await push(serve, 'nightly', `token=${TOKEN}`, 'POST')).status, 200);

      // Refusals: all the same 401, whatever is wrong.
      const wrong = await push(serve, 'nightly', 'token=not-the-token');
      const others = await push(serve, 'nightly', `token=${OTHER_TOKEN}`);
      const unknown = await push(serve, 'no-such-job', `token=${TOKEN}`);
      const http = await push(serve, 'web', `token=${TOKEN}`);
      const none = await push(serve, 'nightly', '');
      for (const refused of [wrong, others, unknown, http, none]) {
        assert.deepEqual([refused.status, refused.body], [401, { error: { code: 'unauthorized', message: 'unknown push monitor or wrong token' } }]);
      }
      assert.equal((await push(serve, 'nightly', `token=${TOKEN}&status=sideways`)).status, 400);
      assert.equal((await push(serve, 'nightly', `token=${TOKEN}`, 'DELETE')).status, 405);

      // Silence: after interval + grace (3 s), an incident that says since when.
      const missed = await waitFor('the missed-report incident', async () => (await incidents(serve, 'nightly')).find((i) => i.verdict.cause === 'heartbeat-missed'), 15_000);
      assert.deepEqual([missed.verdict.status, missed.verdict.hop], ['down', 'origin']);
      assert.match(missed.verdict.summary, /^nightly did not report since (\d{4}-\d\d-\d\d )?\d\d:\d\d(:\d\d)? UTC\.$/);
      // The alert says it in the same words.
      const alert = await waitFor('the alert', () => alerts.find((a) => a.title === 'nightly is down'), 10_000);
      assert.match(alert.text, /^nightly is down for everyone since .* UTC — nightly did not report since .* UTC\. Fix: check that the job ran/);
      // A report closes it.
      assert.equal((await push(serve, 'nightly', `token=${TOKEN}`)).status, 200);
      await waitFor('closed', async () => (await incidents(serve, 'nightly')).find((i) => i.id === missed.id && i.closedAt !== null), 5000);

      // `down` opens one at once, the message quoted (control characters dropped); `up` closes it.
      const msg = encodeURIComponent('disk full on /backup\n<script>');
      assert.equal((await push(serve, 'weekly', `token=${OTHER_TOKEN}&status=down&msg=${msg}`)).status, 200);
      const down = await waitFor('the down incident', async () => (await incidents(serve, 'weekly')).find((i) => i.closedAt === null), 5000);
      assert.equal(down.verdict.cause, 'heartbeat-down');
      assert.match(down.verdict.summary, /^weekly reported down at .* UTC: "disk full on \/backup <script>"\.$/);
      const downAlert = await waitFor('the down alert', () => alerts.find((a) => a.title === 'weekly is down'), 10_000);
      assert.match(downAlert.text, /weekly reported down at .* UTC: "disk full on \/backup <script>"\./);

      // Restart: the `down` report is remembered, so the incident stays open.
      await serve.stop();
      serve = await startServeProcess(['--config', file, '--db', db], await freePort(), env);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const still = (await incidents(serve, 'weekly')).find((i) => i.id === down.id);
      assert.equal(still?.closedAt, null, 'still open after the restart');
      const { body: results } = await serve.api<{ results: { status: string; cause: string }[] }>('/api/v1/monitors/weekly/results?limit=1');
      assert.deepEqual([results.results[0]?.status, results.results[0]?.cause], ['down', 'heartbeat-down']);
      assert.equal((await push(serve, 'weekly', `token=${OTHER_TOKEN}&status=up`)).status, 200);
      await waitFor('the down incident closes', async () => (await incidents(serve, 'weekly')).find((i) => i.id === down.id && i.closedAt !== null), 5000);

      // The view: type and grace, the token hidden; /metrics knows the type.
      const { body: view } = await serve.api<Record<string, unknown>>('/api/v1/monitors/weekly');
      assert.deepEqual([view.type, view.url, view.grace, view.token], ['push', 'push://weekly', '2s', undefined]);
      const metrics = await (await fetch(`${serve.base}/metrics`, { headers: { authorization: 'Bearer test-token' } })).text();
      assert.match(metrics, /whydown_monitor_info\{monitor="weekly",type="push"\} 1/);

      // A push monitor made through the API: its view hides the token, and PUT of that view keeps it.
      const made = await serve.api<Record<string, unknown>>('/api/v1/monitors', { method: 'POST', body: { name: 'api-job', type: 'push', token: 'api-job-token-99', interval: '1h' } });
      assert.equal(made.status, 201);
      assert.equal(made.body.token, '(hidden)');
      const { status: _s, source: _src, last: _l, createdAt: _c, updatedAt: _u, ...editable } = made.body;
      assert.equal((await serve.api('/api/v1/monitors/api-job', { method: 'PUT', body: { ...editable, grace: '1m' } })).status, 200);
      assert.equal((await push(serve, 'api-job', 'token=api-job-token-99')).status, 200);
      assert.equal((await push(serve, 'api-job', 'token=(hidden)')).status, 401);

      // Rate limits: a client that hammers gets 429 with Retry-After.
      const answers = await Promise.all(Array.from({ length: 45 }, () => push(serve, 'nightly', 'token=guess')));
      const limited = answers.filter((a) => a.status === 429);
      assert.ok(limited.length >= 10, `${limited.length} of 45 limited`);
      assert.equal(limited[0]?.retryAfter, '1');
    } finally {
      await serve.stop();
    }
    for (const secret of [TOKEN, OTHER_TOKEN]) {
      assert.ok(!serve.log().includes(secret), 'a token in the log');
      assert.ok(!(await readFile(path.join(dir, 'push.db'))).includes(secret), 'a config token in the store');
    }
  });
});
