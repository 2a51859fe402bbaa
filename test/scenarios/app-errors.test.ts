// A 502/503/504 that the application sent itself, passed on by a real nginx (Debian 12, 1.22):
// the application's error, not the gateway's upstream failure. nginx relays such a response with
// the application's body and headers and its own `Server: nginx/1.22.1`, and logs nothing in its
// error log (only the access line). Controls: nginx's own 502 for a dead upstream, and a custom
// `error_page` that makes nginx's own failure look like an application's page — the error log tells.
// Also the one case a Server header alone names the writer: nginx's `return 503 "…"` as plain text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort } from '../support/process.js';
import { startHttpUpstream } from '../support/upstreams.js';
import { runScenario, scoreTable, SCORES } from './scenario.js';

const MAINTENANCE_PAGE = '<!doctype html><html><head><title>Down for maintenance</title></head><body><h1>We are down for scheduled maintenance</h1><p>Back at 04:00 UTC.</p></body></html>';
const TIMEOUT_PAGE = '<!doctype html><html><head><title>Shop: report timed out</title></head><body><h1>The report took too long</h1><p>Try a smaller date range.</p></body></html>';

describe('an application\'s own 5xx behind nginx', () => {
  let nginx: Nginx;
  let base = '';
  let appBase = '';
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    const app = await startHttpUpstream((request, response) => {
      const path = request.url ?? '';
      if (path.startsWith('/pay')) {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end('{"error":"payment provider down"}');
      } else if (path.startsWith('/busy')) {
        response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '30' });
        response.end('{"error":"too many requests in flight"}');
      } else if (path.startsWith('/maintenance')) {
        response.writeHead(503, { 'content-type': 'text/html' });
        response.end(MAINTENANCE_PAGE);
      } else if (path.startsWith('/report')) {
        response.writeHead(504, { 'content-type': 'text/html' });
        response.end(TIMEOUT_PAGE);
      } else if (path.startsWith('/plain')) {
        response.writeHead(503, { 'content-type': 'text/plain', 'x-powered-by': 'Express' });
        response.end('busy\n');
      } else {
        response.end('ok');
      }
    });
    stops.push(app.stop);
    appBase = `http://127.0.0.1:${app.port}`;
    const dead = await deadPort();
    nginx = await startNginx(`
    location /dead/ { proxy_pass http://127.0.0.1:${dead}; }
    location /custom/ { proxy_pass http://127.0.0.1:${dead}; error_page 502 /oops.html; }
    location = /oops.html { internal; return 502 '<!doctype html><html><body><h1>Something went wrong</h1></body></html>'; }
    location = /busy-here { default_type text/plain; return 503 'busy\n'; }
    location / { proxy_pass ${appBase}; }
`);
    base = `http://127.0.0.1:${nginx.port}`;
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all(stops.map((stop) => stop()));
    console.log(`\napplication errors score\n${scoreTable(SCORES)}`);
  });

  const log = () => [nginx.errorLog];

  it('502 with the app\'s JSON: app-error at the origin, never upstream-refused; medium from the body alone', async (t) => {
    const report = await runScenario(t, 'nginx → app 502 JSON', { url: `${base}/pay` },
      { status: 'down', hop: 'origin', cause: 'app-error', generatedBy: null });
    assert.equal(report.attempts[0]?.status, 502);
    assert.equal(report.verdict.confidence, 'medium');
    assert.match(report.verdict.summary, /application's own JSON/);
    const step = report.steps.find((s) => s.id === 'fingerprint')!;
    assert.equal(step.evidence.hintedBy, 'nginx');
  });

  it('502 with the app\'s JSON and --log: nginx logged no upstream failure, so high', async (t) => {
    const report = await runScenario(t, 'nginx → app 502 JSON (--log)', { url: `${base}/pay`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'app-error', generatedBy: null });
    assert.equal(report.verdict.confidence, 'high');
    assert.match(report.verdict.summary, /no upstream failure/);
  });

  it('502 with the app\'s JSON and --origin: the origin answers the same 502, so high', async (t) => {
    const report = await runScenario(t, 'nginx → app 502 JSON (--origin)', { url: `${base}/pay`, origin: `${appBase}/pay` },
      { status: 'down', hop: 'origin', cause: 'app-error', generatedBy: null });
    assert.equal(report.verdict.confidence, 'high');
  });

  it('503 with Retry-After from the app: overloaded', async (t) => {
    const report = await runScenario(t, 'nginx → app 503 Retry-After', { url: `${base}/busy`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'overloaded', generatedBy: null });
    assert.match(report.verdict.summary, /retry after 30/);
  });

  it('503 whose page says maintenance: maintenance', async (t) => {
    await runScenario(t, 'nginx → app 503 maintenance page', { url: `${base}/maintenance` },
      { status: 'down', hop: 'origin', cause: 'maintenance', generatedBy: null });
  });

  it('504 with the app\'s own HTML: app-error; alone, low with the gateway\'s causes beside it; with --log, high', async (t) => {
    const alone = await runScenario(t, 'nginx → app 504 HTML', { url: `${base}/report` },
      { status: 'down', hop: 'origin', cause: 'app-error', generatedBy: null });
    assert.equal(alone.verdict.confidence, 'low');
    assert.ok(alone.verdict.candidates?.includes('upstream-refused'));
    assert.ok(alone.verdict.decideWith?.some((d) => d.includes('--log')));
    const logged = await runScenario(t, 'nginx → app 504 HTML (--log)', { url: `${base}/report`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'app-error', generatedBy: null });
    assert.equal(logged.verdict.confidence, 'high');
  });

  it('control: nginx\'s own 502 for a dead upstream stays upstream-refused', async (t) => {
    await runScenario(t, 'nginx → dead port (--log)', { url: `${base}/dead/`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx' });
  });

  it('control: a custom error_page hides nginx\'s own failure; the error log still says upstream-refused', async (t) => {
    const report = await runScenario(t, 'nginx custom error_page → dead port (--log)', { url: `${base}/custom/`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: null });
    assert.equal(report.verdict.confidence, 'high');
  });

  it('nginx\'s own `return 503` as plain text: Server names the writer, medium, and the step says so', async (t) => {
    const report = await runScenario(t, 'nginx return 503 plain text', { url: `${base}/busy-here` },
      { status: 'down', hop: 'origin', cause: 'overloaded', generatedBy: 'nginx' });
    const step = report.steps.find((s) => s.id === 'fingerprint')!;
    assert.equal(step.evidence.generatorConfidence, 'medium');
    assert.match(step.detail, /named by its Server header/);
  });

  it('the app\'s own plain-text 503 with its own header: the Server header stays a hint', async (t) => {
    const report = await runScenario(t, 'nginx → app 503 plain text, X-Powered-By', { url: `${base}/plain` },
      { status: 'down', hop: 'origin', cause: 'overloaded', generatedBy: null });
    const step = report.steps.find((s) => s.id === 'fingerprint')!;
    assert.equal(step.evidence.hintedBy, 'nginx');
  });
});
