// Several hubs on one real PostgreSQL, as users run them: three `whydown serve` processes with the
// same config share the monitors, and then one is killed (-9), one is paused for 40 s (SIGSTOP)
// and resumed, PostgreSQL restarts under them, and one is cut off from PostgreSQL (a TCP proxy
// that drops its connections). Afterwards, from the store: no slot of any monitor checked twice,
// no monitor left unchecked for more than 30 s, and one alert for the one incident.
import assert from 'node:assert/strict';
import http from 'node:http';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { slotOffset } from '../../src/serve/engine/slots.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { delay, freePort, makeTempDir } from '../support/process.js';
import { startServeProcess, type ServeProcess } from '../support/serve.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';

const INTERVAL_MS = 2000;
const SITES = Array.from({ length: 24 }, (_, i) => `hub-site-${i}`);
const DOWN = 'hub-down';
const WATCHED = [...SITES, DOWN];

interface Hook { id: string; event: string; monitor: string }
interface HubsBody { hubs: { name: string; lastSeen: string; monitors: number }[] }

describe('several hubs on one PostgreSQL', () => {
  let dir: string;
  let nginx: Nginx;
  let postgres: Postgres;
  let proxy: TcpProxy;
  let receiver: http.Server;
  let db: string;
  let file: string;
  const hooks: Hook[] = [];
  const hubs = new Map<string, ServeProcess>();
  const logs: string[] = [];

  const startHub = async (name: string): Promise<ServeProcess> => {
    // hub-c reaches PostgreSQL through the proxy, so it can be cut off alone.
    const url = name === 'hub-c' ? db.replace(`:${postgres.port}/`, `:${proxy.port}/`) : db;
    const hub = await startServeProcess(['--config', file, '--db', url, '--hub-name', name, '--check-threads', '0'], await freePort());
    hubs.set(name, hub);
    return hub;
  };
  const hubList = async (via: ServeProcess): Promise<HubsBody['hubs']> => (await via.api<HubsBody>('/api/v1/hubs')).body.hubs;
  const shares = async (via: ServeProcess): Promise<string> => (await hubList(via)).map((h) => `${h.name}:${h.monitors}`).join(' ');

  before(async () => {
    dir = await makeTempDir('hubs-pg');
    nginx = await startNginx('location /ok { return 200 "fine\\n"; } location /fail { return 503 "down\\n"; }');
    postgres = await startPostgres();
    proxy = await startTcpProxy(postgres.port);
    db = await postgres.createDatabase();
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8').on('data', (c: string) => { raw += c; }).on('end', () => {
        hooks.push(JSON.parse(raw) as Hook);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    file = path.join(dir, 'whydown.yml');
    const target = `http://127.0.0.1:${nginx.port}`;
    await writeFile(file, [
      'notify:',
      `  - { name: hook, type: webhook, url: "${hookUrl}" }`,
      'defaults: { interval: 2s, timeout: 1500ms }',
      'monitors:',
      ...SITES.map((n) => `  - { name: ${n}, url: "${target}/ok" }`),
      `  - { name: ${DOWN}, url: "${target}/fail", notify: [hook] }`,
      '',
    ].join('\n'));
  });
  after(async () => {
    for (const [name, hub] of hubs) {
      if (hub.child.pid) try { process.kill(hub.child.pid, 'SIGCONT'); } catch { /* gone */ }
      await hub.stop('SIGKILL');
      logs.push(`--- ${name}\n${hub.log()}`);
    }
    receiver?.closeAllConnections();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    if (process.env.WHYDOWN_TEST_LOGS) process.stderr.write(logs.join("\n"));
    await proxy?.close();
    await nginx?.stop();
    await postgres?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('three hubs share the monitors evenly, and each answers for all of them', async (t) => {
    const a = await startHub('hub-a');
    await startHub('hub-b');
    const c = await startHub('hub-c');
    const settled = await waitFor('three hubs holding every monitor', async () => {
      const list = await hubList(a);
      const total = list.reduce((sum, h) => sum + h.monitors, 0);
      return list.length === 3 && total === WATCHED.length && list.every((h) => h.monitors > 0) ? list : undefined;
    }, 30_000, 250);
    t.diagnostic(`shares: ${settled.map((h) => `${h.name}:${h.monitors}`).join(' ')}`);
    // Every hub shows the status of every monitor, from the store, whichever hub checks it.
    await waitFor('every monitor\'s status on hub-c', async () => {
      const { body } = await c.api<{ monitors: { name: string; status: string }[] }>('/api/v1/monitors?limit=1000');
      const statuses = new Map(body.monitors.map((m) => [m.name, m.status]));
      return SITES.every((n) => statuses.get(n) === 'up') && statuses.get(DOWN) === 'down' ? true : undefined;
    }, 15_000, 250);
    for (const hub of hubs.values()) {
      const metrics = await fetch(`${hub.base}/metrics`, { headers: { authorization: 'Bearer test-token' } }).then((r) => r.text());
      assert.match(metrics, /^whydown_hub_monitors\{hub="hub-[abc]"\} \d+$/m);
    }
  });

  it('a monitor written through one hub is known to the others within a second', async () => {
    const [a, b, c] = ['hub-a', 'hub-b', 'hub-c'].map((n) => hubs.get(n)!);
    const made = await b!.api('/api/v1/monitors', { method: 'POST', body: { name: 'api-made', url: `http://127.0.0.1:${nginx.port}/ok`, interval: '1m' } });
    assert.equal(made.status, 201);
    await delay(1000);
    // hub-c deletes it: it knows the monitor (else 404); then hub-a, told of the deletion, takes the name again.
    assert.equal((await c!.api('/api/v1/monitors/api-made', { method: 'DELETE' })).status, 204);
    await delay(1000);
    assert.equal((await a!.api('/api/v1/monitors', { method: 'POST', body: { name: 'api-made', url: `http://127.0.0.1:${nginx.port}/ok`, interval: '1m' } })).status, 201);
  });

  it('a hub killed with -9: the others check its monitors again within 30 s; it comes back and takes a share', async (t) => {
    const a = hubs.get('hub-a')!;
    const b = hubs.get('hub-b')!;
    await delay(3000);
    const killedAt = Date.now();
    await a.stop('SIGKILL');
    const takenOver = await waitFor('hub-b and hub-c holding every monitor', async () => {
      const list = await hubList(b);
      return list.length === 2 && list.reduce((sum, h) => sum + h.monitors, 0) >= WATCHED.length ? Date.now() : undefined;
    }, 30_000, 250);
    t.diagnostic(`take-over after ${takenOver - killedAt} ms (${await shares(b)})`);
    await delay(5000);
    const checked = await firstResultAfter(db, killedAt);
    for (const name of WATCHED) {
      const at = checked.get(name);
      assert.ok(at !== undefined && at - killedAt <= 30_000, `${name}: not checked within 30 s of the kill (${at === undefined ? 'never' : `${at - killedAt} ms`})`);
    }
    const again = await startHub('hub-a');
    await waitFor('hub-a taking a share again', async () => ((await hubList(again)).find((h) => h.name === 'hub-a')?.monitors ?? 0) > 0 ? true : undefined, 30_000, 250);
    t.diagnostic(`after hub-a came back: ${await shares(again)}`);
  });

  it('a hub paused for 40 s (SIGSTOP) loses its share, and once resumed checks nothing it lost', async (t) => {
    const b = hubs.get('hub-b')!;
    await delay(3000);
    process.kill(b.child.pid!, 'SIGSTOP');
    const pausedAt = Date.now();
    await delay(40_000);
    t.diagnostic(`while hub-b was paused: ${await shares(hubs.get('hub-a')!)}`);
    process.kill(b.child.pid!, 'SIGCONT');
    t.diagnostic(`paused for ${Date.now() - pausedAt} ms`);
    await waitFor('hub-b taking a share again', async () => ((await hubList(b)).find((h) => h.name === 'hub-b')?.monitors ?? 0) > 0 ? true : undefined, 30_000, 250);
  });

  it('PostgreSQL restarts under the hubs', async () => {
    await delay(2000);
    await postgres.stop('fast');
    await delay(4000);
    await postgres.start();
    await delay(6000);
    const a = hubs.get('hub-a')!;
    await waitFor('three hubs after the restart', async () => {
      try {
        const list = await hubList(a);
        return list.length === 3 && list.reduce((sum, h) => sum + h.monitors, 0) === WATCHED.length + 1 ? true : undefined;
      } catch {
        return undefined;
      }
    }, 30_000, 250);
  });

  it('a hub cut off from PostgreSQL stops checking when its leases run out; the others take its monitors', async (t) => {
    await delay(2000);
    proxy.cut();
    await delay(20_000);
    t.diagnostic(`while hub-c was cut off: ${await shares(hubs.get('hub-a')!)}`);
    proxy.heal();
    const c = hubs.get('hub-c')!;
    await waitFor('hub-c taking a share again', async () => ((await hubList(c)).find((h) => h.name === 'hub-c')?.monitors ?? 0) > 0 ? true : undefined, 30_000, 250);
    await delay(4000);
  });

  it('afterwards: no slot checked twice, no monitor unchecked for 30 s, one alert for the one incident', async (t) => {
    for (const [name, hub] of hubs) {
      if (hub.child.exitCode === null && hub.child.signalCode === null) assert.equal(await hub.stop('SIGTERM'), 0, `${name}: ${hub.log()}`);
    }
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; at: string }>(
        'SELECT m.name, r.at FROM results r JOIN monitors m ON m.id = r.monitor_id WHERE m.name = ANY($1) ORDER BY m.name, r.at', [WATCHED]);
      const byMonitor = new Map<string, number[]>();
      for (const row of rows) {
        const list = byMonitor.get(row.name) ?? [];
        list.push(Number(row.at));
        byMonitor.set(row.name, list);
      }
      let total = 0;
      let widest = 0;
      for (const name of WATCHED) {
        const ats = byMonitor.get(name) ?? [];
        total += ats.length;
        const offset = slotOffset(name, INTERVAL_MS);
        const slots = ats.map((at) => at - (((at - offset) % INTERVAL_MS) + INTERVAL_MS) % INTERVAL_MS);
        const seen = new Set<number>();
        for (const [i, slot] of slots.entries()) {
          assert.ok(!seen.has(slot), `${name}: slot ${new Date(slot).toISOString()} checked twice (at ${new Date(ats[i]!).toISOString()})`);
          seen.add(slot);
        }
        for (let i = 1; i < slots.length; i++) {
          const gap = slots[i]! - slots[i - 1]!;
          widest = Math.max(widest, gap);
          assert.ok(gap <= 30_000, `${name}: unchecked for ${gap} ms after ${new Date(slots[i - 1]!).toISOString()}`);
        }
      }
      t.diagnostic(`${total} results of ${WATCHED.length} monitors; the widest gap between two checks of one monitor: ${widest} ms`);
      const incidents = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM incidents i JOIN monitors m ON m.id = i.monitor_id WHERE m.name = $1', [DOWN]);
      assert.equal(incidents.rows[0]!.n, 1, 'one incident for the monitor that was down throughout');
    } finally {
      await client.end();
    }
    const opened = hooks.filter((h) => h.event === 'incident.opened' && h.monitor === DOWN);
    assert.equal(opened.length, 1, `alerts: ${JSON.stringify(hooks)}`);
    assert.ok(hooks.every((h) => h.monitor === DOWN && h.event === 'incident.opened'), JSON.stringify(hooks));
  });
});

/** Each monitor's first result at or after `since`. */
async function firstResultAfter(url: string, since: number): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; at: string }>(
      'SELECT m.name, min(r.at) AS at FROM results r JOIN monitors m ON m.id = r.monitor_id WHERE r.at >= $1 GROUP BY m.name', [since]);
    return new Map(rows.map((r) => [r.name, Number(r.at)]));
  } finally {
    await client.end();
  }
}
