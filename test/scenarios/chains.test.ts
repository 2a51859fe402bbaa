// Chains of real gateways on loopback: the hop that wrote the error page and the hops that only
// relayed it, as the fingerprint step's `chain` says. What the servers do (Debian 12):
// - Varnish 7.1 → nginx 1.22 → HAProxy 2.6 → a backend without servers: HAProxy writes its 503
//   "No server is available…" (no Server header), nginx passes it on with `Server: nginx/1.22.1`,
//   Varnish with `Via: 1.1 varnish (Varnish/7.1)`, `X-Varnish: <vxid>` and `Age: 0`;
// - Traffic Server 9.2 → nginx → a closed port: nginx writes its 502 page, ATS passes it on with
//   `Via: http/1.1 traffic_server (ApacheTrafficServer/9.2.x [c s f ])`, `Age: 0` and its own
//   `Server: ATS/9.2.x` in place of nginx's;
// - nghttpx 1.52 → Varnish → a dead backend: Varnish writes its "Guru Meditation" 503 (no Via of
//   its own on a synthetic page), nghttpx passes it on with `Server: nghttpx` and `Via: 1.1 nghttpx`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DiagnoseReport } from '../../src/core/model.js';
import { startHaproxy, type Haproxy } from '../support/haproxy.js';
import { startNghttpx } from '../support/nghttpx.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort } from '../support/process.js';
import { startTrafficServer } from '../support/trafficserver.js';
import { startVarnish } from '../support/varnish.js';
import { runScenario, scoreTable, SCORES } from './scenario.js';

interface Hop { software: string; role: 'wrote' | 'relayed'; evidence: string[] }

function chainOf(report: DiagnoseReport): Hop[] {
  const step = report.steps.find((s) => s.id === 'fingerprint')!;
  return step.evidence.chain as Hop[];
}

function roles(chain: Hop[]): string[] {
  return chain.map((h) => `${h.software}:${h.role}`);
}

describe('chains of gateways', () => {
  let haproxy: Haproxy;
  let nginx: Nginx;
  const stops: (() => Promise<void>)[] = [];
  const base: Record<string, string> = {};

  before(async () => {
    const dead = await deadPort();
    haproxy = await startHaproxy(`
frontend fe
  bind 127.0.0.1:{{PORT}}
  default_backend be_empty
backend be_empty
`);
    stops.push(haproxy.stop);
    nginx = await startNginx(`
    location /lb/ { proxy_pass http://127.0.0.1:${haproxy.port}; }
    location /dead/ { proxy_pass http://127.0.0.1:${dead}; }
`);
    stops.push(nginx.stop);
    const varnish = await startVarnish(`
backend nginx { .host = "127.0.0.1"; .port = "${nginx.port}"; }
backend dead { .host = "127.0.0.1"; .port = "${dead}"; }
sub vcl_recv { if (req.url ~ "^/gone") { set req.backend_hint = dead; } else { set req.backend_hint = nginx; } }
`);
    stops.push(varnish.stop);
    const ats = await startTrafficServer(`map / http://127.0.0.1:${nginx.port}/`, 'CONFIG proxy.config.http.cache.http INT 0');
    stops.push(ats.stop);
    const nghttpx = await startNghttpx(`backend=127.0.0.1,${varnish.port};;proto=http/1.1`);
    stops.push(nghttpx.stop);
    Object.assign(base, {
      varnish: `http://127.0.0.1:${varnish.port}`, ats: `http://127.0.0.1:${ats.port}`, nghttpx: `http://127.0.0.1:${nghttpx.port}`,
    });
  });

  after(async () => {
    for (const stop of stops.reverse()) await stop();
    console.log(`\nchains score\n${scoreTable(SCORES)}`);
  });

  it('Varnish → nginx → HAProxy → no server: HAProxy wrote the 503, nginx and Varnish relayed it', async (t) => {
    const report = await runScenario(t, 'varnish → nginx → haproxy → no server (--log haproxy)', { url: `${base.varnish}/lb/x`, logs: [haproxy.logFile] },
      { status: 'down', hop: 'gateway', cause: 'no-healthy-upstream', generatedBy: 'haproxy' });
    const chain = chainOf(report);
    assert.deepEqual(roles(chain), ['haproxy:wrote', 'nginx:relayed', 'varnish:relayed']);
    assert.ok(chain[0]!.evidence.some((e) => /HAProxy fixed body/.test(e)));
    assert.ok(chain[1]!.evidence.some((e) => /^Server: nginx\//.test(e)));
    const varnish = chain[2]!.evidence.join(' | ');
    assert.match(varnish, /Via: 1\.1 varnish \(Varnish\/[\d.]+\)/);
    assert.match(varnish, /X-Varnish: \d+/);
    assert.match(report.steps.find((s) => s.id === 'fingerprint')!.detail, /relayed by nginx .*then varnish/);
  });

  it('Traffic Server → nginx → closed port: nginx wrote the 502, Traffic Server relayed it', async (t) => {
    const report = await runScenario(t, 'trafficserver → nginx → closed port (--log nginx)', { url: `${base.ats}/dead/`, logs: [nginx.errorLog] },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx' });
    const chain = chainOf(report);
    assert.deepEqual(roles(chain), ['nginx:wrote', 'trafficserver:relayed']);
    assert.match(chain[1]!.evidence.join(' | '), /Via: http\/1\.1 traffic_server \(ApacheTrafficServer\/9\.2/);
  });

  it('nghttpx → Varnish → dead backend: Varnish wrote the Guru Meditation, nghttpx relayed it', async (t) => {
    const report = await runScenario(t, 'nghttpx → varnish → dead backend', { url: `${base.nghttpx}/gone` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'varnish' });
    const chain = chainOf(report);
    assert.deepEqual(roles(chain), ['varnish:wrote', 'nghttpx:relayed']);
  });
});
