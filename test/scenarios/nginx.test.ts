// Gateway scenarios behind a real nginx: each upstream failure it can meet, diagnosed end to end.
import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort, makeTempDir } from '../support/process.js';
import { startEmptyResponse, startGarbage, type RawServer } from '../support/raw-servers.js';
import {
  startBigHeaderUpstream, startHttpUpstream, startIntermittentUpstream, startSlowUpstream, type Upstream,
} from '../support/upstreams.js';
import { runScenario, scoreTable, SCORES } from './scenario.js';

describe('nginx gateway scenarios', () => {
  let nginx: Nginx;
  const stops: (() => Promise<void>)[] = [];
  let base = '';
  let healthyPort = 0;
  let closedPortShared = 0;

  before(async () => {
    const closedPort = await deadPort();
    const closes: RawServer = await startEmptyResponse();
    const garbage: RawServer = await startGarbage();
    const slow: Upstream = await startSlowUpstream(4000);
    const bigHeader: Upstream = await startBigHeaderUpstream();
    const intermittent: Upstream = await startIntermittentUpstream();
    let served = 0;
    // Fails once, then works: the failure lives on only in nginx's cache.
    const flaky: Upstream = await startHttpUpstream((_req, res) => {
      served++;
      res.statusCode = served === 1 ? 500 : 200;
      res.end(served === 1 ? 'application exploded' : '<html><body>all good</body></html>');
    });
    const healthy: Upstream = await startHttpUpstream((_req, res) => res.end('<html><body>app is fine</body></html>'));
    healthyPort = healthy.port;
    closedPortShared = closedPort;
    stops.push(closes.stop, garbage.stop, slow.stop, bigHeader.stop, intermittent.stop, flaky.stop, healthy.stop);
    const socketDir = await makeTempDir('fcgi');
    await chmod(socketDir, 0o755); // so nginx's workers see that the socket is missing, not forbidden
    // Cloudflare's managed challenge as its documentation and gateways.md describe it (the
    // captured fixture's body and headers), served by nginx: no challenge product runs here.
    const challengeDir = await makeTempDir('challenge');
    await chmod(challengeDir, 0o755);
    const fixture = await readFile(new URL('../../../test/fixtures/responses/cloudflare-403-challenge.http', import.meta.url), 'utf8');
    await writeFile(path.join(challengeDir, 'challenge.html'), fixture.slice(fixture.indexOf('\n\n') + 2), { mode: 0o644 });
    nginx = await startNginx(`
      location /refused { proxy_pass http://127.0.0.1:${closedPort}; }
      location /closes { proxy_pass http://127.0.0.1:${closes.port}; }
      location /garbage { proxy_pass http://127.0.0.1:${garbage.port}; }
      location /slow { proxy_pass http://127.0.0.1:${slow.port}; proxy_read_timeout 1s; }
      location /big-header { proxy_pass http://127.0.0.1:${bigHeader.port}; proxy_buffer_size 4k; }
      location /php { fastcgi_pass unix:${socketDir}/missing.sock; include /etc/nginx/fastcgi_params; }
      location /intermittent { proxy_pass http://127.0.0.1:${intermittent.port}; proxy_next_upstream off; }
      location /pool { proxy_pass http://pool; }
      location /cached {
        proxy_pass http://127.0.0.1:${flaky.port};
        proxy_cache errors; proxy_cache_valid any 10m; add_header X-Cache-Status $upstream_cache_status always;
      }
      location /maintenance {
        add_header Retry-After 600 always;
        return 503 "<html><body><h1>Down for maintenance</h1><p>We will be back shortly.</p></body></html>";
      }
      location /blocked {
        if ($http_user_agent ~* "whydown") { return 403; }
        proxy_pass http://127.0.0.1:${healthy.port};
      }
      location /limited { limit_req zone=perip; limit_req_status 429; proxy_pass http://127.0.0.1:${healthy.port}; }
      location /tls-upstream { proxy_pass https://127.0.0.1:${healthy.port}; }
      location /challenge {
        error_page 403 /challenge.html;
        return 403;
      }
      location = /challenge.html {
        internal;
        root ${challengeDir};
        default_type "text/html; charset=UTF-8";
        add_header cf-mitigated challenge always;
        add_header cf-ray 8a1b2c3d4e5f6a7b-AMS always;
      }
    `, `
      upstream pool { server 127.0.0.1:${healthy.port} down; server 127.0.0.1:${closedPort} down; }
      proxy_cache_path {{DIR}}/cache keys_zone=errors:1m;
      limit_req_zone $binary_remote_addr zone=perip:1m rate=1r/m;
    `);
    base = `http://127.0.0.1:${nginx.port}`;
    // Prime the cache with the one failure.
    const primed = await fetch(`${base}/cached`);
    assert.equal(primed.status, 500);
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all(stops.map((stop) => stop()));
    console.log(`\nnginx scenario score\n${scoreTable(SCORES)}`);
  });

  const log = () => [nginx.errorLog];

  it('proxy_pass to a closed port: upstream-refused, read from the error log', async (t) => {
    const report = await runScenario(t, 'nginx → closed port (--log)', { url: `${base}/refused`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'high');
    assert.match(report.verdict.summary, /Connection refused/);
    // nginx's own 502 page reaches every visitor: everyone, inferred from this one vantage.
    assert.equal(report.verdict.scope, 'everyone');
    assert.equal(report.verdict.scopeBasis, 'inferred');
  });

  it('without the log, the same 502 names the likely causes and says what would decide', async (t) => {
    const report = await runScenario(t, 'nginx → closed port (no log)', { url: `${base}/refused` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'low');
    assert.ok((report.verdict.candidates?.length ?? 0) > 1);
    assert.ok(report.verdict.decideWith?.some((d) => d.includes('--log')));
  });

  it('--origin answers while the public path fails: the gateway is at fault (wrong upstream port)', async (t) => {
    const report = await runScenario(t, 'nginx → wrong port, app fine (--origin)', { url: `${base}/refused`, origin: `http://127.0.0.1:${healthyPort}/` },
      { status: 'down', hop: 'gateway', cause: 'upstream-refused', generatedBy: 'nginx' });
    assert.equal(report.steps.find((s) => s.id === 'cdn')?.evidence.comparison, 'public-path-fails');
  });

  it('--origin fails too: the origin is at fault', async (t) => {
    const report = await runScenario(t, 'nginx → app down (--origin)', { url: `${base}/refused`, origin: `http://127.0.0.1:${closedPortShared}/`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx' });
    assert.equal(report.steps.find((s) => s.id === 'cdn')?.evidence.comparison, 'both-fail');
  });

  it('an upstream that closes at once: upstream-closed', async (t) => {
    await runScenario(t, 'nginx → upstream closes', { url: `${base}/closes`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'nginx' });
  });

  it('an upstream that sends garbage: upstream-invalid-response', async (t) => {
    // nginx 1.22 relays bytes that are not HTTP as an HTTP/0.9 response: no error page reaches
    // the client (so nothing names its writer); only the error log tells what happened.
    await runScenario(t, 'nginx → garbage (--log)', { url: `${base}/garbage`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-invalid-response', generatedBy: null });
  });

  it('a slow upstream past proxy_read_timeout: upstream-timeout, 504', async (t) => {
    const report = await runScenario(t, 'nginx → slow upstream (proxy_read_timeout 1s)', { url: `${base}/slow`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'nginx' });
    assert.equal(report.attempts[0]?.status, 504);
    assert.ok(report.durationMs < 1000 + 2000, `took ${report.durationMs} ms`);
  });

  it('a 504 is upstream-timeout even without the log, and the time limit is found', async (t) => {
    const report = await runScenario(t, 'nginx → slow upstream (no log)', { url: `${base}/slow` },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'nginx' });
    const timing = report.steps.find((s) => s.id === 'timing')!;
    assert.equal(timing.result, 'fail');
    assert.match(timing.detail, /1\.0\d s/);
  });

  it('response headers beyond proxy_buffer_size: upstream-header-too-big', async (t) => {
    await runScenario(t, 'nginx → huge response header', { url: `${base}/big-header`, logs: log() },
      { status: 'down', hop: 'gateway', cause: 'upstream-header-too-big', generatedBy: 'nginx' });
  });

  it('fastcgi_pass to a missing socket: upstream-refused', async (t) => {
    await runScenario(t, 'nginx → fastcgi socket missing', { url: `${base}/php`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx' });
  });

  it('every server of an upstream block marked down: no-healthy-upstream', async (t) => {
    await runScenario(t, 'nginx → upstream{} all failed', { url: `${base}/pool`, logs: log() },
      { status: 'down', hop: 'gateway', cause: 'no-healthy-upstream', generatedBy: 'nginx' });
  });

  it('an upstream that fails every other time: transient, degraded', async (t) => {
    await runScenario(t, 'nginx → intermittent upstream', { url: `${base}/intermittent`, logs: log(), retries: 4 },
      { status: 'degraded', hop: 'origin', cause: 'upstream-closed', generatedBy: 'nginx', transient: true });
  });

  it('an error kept in nginx\'s cache while the app is fine: cached-error', async (t) => {
    await runScenario(t, 'nginx proxy_cache holding a 500', { url: `${base}/cached` },
      { status: 'down', hop: 'cdn', cause: 'cached-error', generatedBy: null });
  });

  it('a maintenance page: maintenance', async (t) => {
    await runScenario(t, 'nginx maintenance page', { url: `${base}/maintenance` },
      // A custom page with only `Server: nginx`: it could as well be the application's.
      { status: 'down', hop: 'origin', cause: 'maintenance', generatedBy: null });
  });

  it('a rule that refuses non-browser clients: waf-blocked', async (t) => {
    const report = await runScenario(t, 'nginx user-agent block', { url: `${base}/blocked` },
      { hop: 'waf', cause: 'waf-blocked', generatedBy: 'nginx' });
    assert.equal(report.verdict.scope, 'some-vantages');
  });

  it('proxy_pass https:// to an upstream that speaks plain HTTP: upstream-tls-failed, from the error log', async (t) => {
    const report = await runScenario(t, 'nginx → TLS to a plain-HTTP upstream (--log)', { url: `${base}/tls-upstream`, logs: log() },
      // The contract puts TLS between gateway and upstream at the gateway hop: its side of the link is misconfigured.
      { status: 'down', hop: 'gateway', cause: 'upstream-tls-failed', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'high');
    assert.match(report.verdict.summary, /SSL_do_handshake\(\) failed/);
  });

  it('without the log the same 502 cannot be told from a refusal: TLS is among the candidates', async (t) => {
    const report = await runScenario(t, 'nginx → TLS to a plain-HTTP upstream (no log)', { url: `${base}/tls-upstream` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'low');
    assert.ok(report.verdict.candidates?.includes('upstream-tls-failed'), String(report.verdict.candidates));
  });

  it('a bot-protection challenge page (Cloudflare\'s, served by nginx): waf-challenge', async (t) => {
    const report = await runScenario(t, 'Cloudflare managed challenge (replayed by nginx)', { url: `${base}/challenge` },
      { hop: 'waf', cause: 'waf-challenge', generatedBy: 'cloudflare' });
    assert.ok(report.verdict.fixes.length > 0);
  });

  it('limit_req answering 429: rate-limited', async (t) => {
    await runScenario(t, 'nginx limit_req 429', { url: `${base}/limited` },
      { hop: 'waf', cause: 'rate-limited', generatedBy: 'nginx' });
  });
});
