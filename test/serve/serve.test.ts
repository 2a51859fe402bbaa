// `whydown serve` end to end, from the real CLI: a real nginx as the target, a real SQLite file,
// the API and /metrics over HTTP, config reloads, a clean stop, and crashes (kill -9).
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort, delay, freePort, makeTempDir } from '../support/process.js';
import { waitFor } from '../support/wait.js';
import { startServeProcess } from '../support/serve.js';

interface MonitorView { name: string; status: string; source: string }
interface ResultView { at: string; status: string; cause: string; httpStatus: number | null }
interface IncidentView { id: number; monitor: string; openedAt: string; closedAt: string | null; verdict: { cause: string; generatedBy: string | null; hop: string; summary: string } }


describe('whydown serve', () => {
  let nginx: Nginx;
  let dir: string;
  let closedPort: number;

  before(async () => {
    dir = await makeTempDir('serve');
    closedPort = await deadPort();
    nginx = await startNginx(`
      location /ok { return 200 "fine\\n"; }
      location /shop { proxy_pass http://127.0.0.1:${closedPort}; }
      location /teapot { return 418 "short and stout\\n"; }
    `);
  });
  after(async () => {
    await nginx.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const config = (monitors: string): string => `
defaults:
  interval: 1s
  timeout: 900ms
  confirm: { failures: 2 }
monitors:
${monitors}
`;

  it('refuses a broken config at start with the file, line and problem, exit 3', async () => {
    const file = path.join(dir, 'broken.yml');
    await writeFile(file, config(`
  - name: shop
    url: http://127.0.0.1:${nginx.port}/ok
    intervall: 5s
`));
    const run = await runCli(['serve', '--config', file, '--db', `sqlite:${path.join(dir, 'broken.db')}`, '--listen', `127.0.0.1:${await freePort()}`]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /broken\.yml:10:5: monitors\[0\]\.intervall: unknown key \(did you mean "interval"\?\)/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  it('refuses a bad --db, a missing config file and a taken port in one line, exit 3', async () => {
    const good = path.join(dir, 'good.yml');
    await writeFile(good, config(`  - name: fine\n    url: http://127.0.0.1:${nginx.port}/ok\n`));
    const badDb = await runCli(['serve', '--config', good, '--db', 'mysql://x', '--listen', `127.0.0.1:${await freePort()}`]);
    assert.equal(badDb.code, 3);
    assert.match(badDb.stderr, /--db "mysql:\/\/x"/);
    const missing = await runCli(['serve', '--config', path.join(dir, 'nope.yml')]);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /cannot read the config file .*nope\.yml: ENOENT/);
    const taken = await runCli(['serve', '--config', good, '--db', `sqlite:${path.join(dir, 'taken.db')}`, '--listen', `127.0.0.1:${nginx.port}`]);
    assert.equal(taken.code, 3);
    assert.match(taken.stderr, /cannot listen on 127\.0\.0\.1:\d+: something else already listens there/);
    for (const run of [badDb, missing, taken]) assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  });

  it('checks, opens an incident with its diagnosis, serves the API and /metrics, reloads its config, stops cleanly', async () => {
    const file = path.join(dir, 'whydown.yml');
    await writeFile(file, config(`
  - name: fine
    url: http://127.0.0.1:${nginx.port}/ok
  - name: shop
    url: http://127.0.0.1:${nginx.port}/shop
`));
    const port = await freePort();
    const serve = await startServeProcess(['--config', file, '--db', `sqlite:${path.join(dir, 'e2e.db')}`], port);
    try {
      const incident = await waitFor('an open incident', async () => {
        const { body } = await serve.api<{ incidents: IncidentView[] }>('/api/v1/incidents?open=true');
        return body.incidents[0];
      });
      assert.equal(incident.monitor, 'shop');
      assert.equal(incident.verdict.cause, 'upstream-refused');
      assert.equal(incident.verdict.generatedBy, 'nginx');
      assert.equal(incident.closedAt, null);
      const { status: detailStatus, body: detail } = await serve.api<{ verdict: unknown; diagnosis: { verdict: unknown; steps: { id: string }[]; attempts: { status: number }[] } }>(`/api/v1/incidents/${incident.id}`);
      assert.equal(detailStatus, 200);
      assert.deepEqual(detail.diagnosis.verdict, detail.verdict, 'the diagnosis the verdict came from');
      assert.ok(detail.diagnosis.steps.some((step) => step.id === 'fingerprint') && detail.diagnosis.attempts.every((a) => a.status === 502));
      assert.match(serve.log(), /incident opened: shop — /);
      // The check saw a 502 it could not explain; the diagnosis named the cause: each line says which it reports.
      assert.match(serve.log(), /shop is down — check: unexpected-response \(HTTP 502, \d+ ms\)/);
      assert.match(serve.log(), /incident opened: shop — diagnosis: upstream-refused, low confidence — /);
      assert.match(serve.log(), /whydown serve: 2 monitors from /);

      const { body: list } = await serve.api<{ monitors: MonitorView[]; next: string | null }>('/api/v1/monitors');
      assert.deepEqual(list.monitors.map((m) => [m.name, m.status, m.source]), [['fine', 'up', 'config'], ['shop', 'down', 'config']]);
      const { body: results } = await serve.api<{ results: ResultView[] }>('/api/v1/monitors/shop/results?limit=5');
      assert.ok(results.results.length >= 2);
      assert.ok(results.results.every((r) => r.status === 'down' && r.httpStatus === 502));

      const metrics = await (await fetch(`${serve.base}/metrics`, { headers: { authorization: 'Bearer test-token' } })).text();
      const upChecks = Number(/^whydown_checks_total\{result="up"\} (\d+)/m.exec(metrics)?.[1]);
      const downChecks = Number(/^whydown_checks_total\{result="down"\} (\d+)/m.exec(metrics)?.[1]);
      assert.ok(upChecks >= 1 && downChecks >= 2, `up ${upChecks}, down ${downChecks}`);
      assert.match(metrics, /^whydown_check_delay_seconds_bucket\{le="\+Inf"\} \d+/m);
      assert.match(metrics, /^whydown_monitor_up\{monitor="shop"\} 0/m);

      // A saved change is taken up: a third monitor appears, nothing restarts.
      await writeFile(file, config(`
  - name: fine
    url: http://127.0.0.1:${nginx.port}/ok
  - name: shop
    url: http://127.0.0.1:${nginx.port}/shop
  - name: teapot
    url: http://127.0.0.1:${nginx.port}/teapot
    expect: { status: 418 }
`));
      await waitFor('the new monitor checked', async () => {
        const { status, body } = await serve.api<{ results: ResultView[] }>('/api/v1/monitors/teapot/results');
        return status === 200 && body.results[0]?.status === 'up' ? true : undefined;
      });
      await waitFor('the reload in the log', async () => (/config reloaded from .*whydown\.yml: 3 monitors/.test(serve.log()) ? true : undefined));
      // A broken save is reported and changes nothing.
      await writeFile(file, 'monitors:\n  - name: [oops\n');
      await waitFor('the reload error in the log', async () => (/config not reloaded, the last good one stays in force: .*whydown\.yml:3:1: YAML syntax/.test(serve.log()) ? true : undefined));
      const { body: still } = await serve.api<{ monitors: MonitorView[] }>('/api/v1/monitors');
      assert.deepEqual(still.monitors.map((m) => m.name), ['fine', 'shop', 'teapot']);

      assert.equal(await serve.stop('SIGTERM'), 0);
      assert.match(serve.log(), /SIGTERM: stopping/);
    } finally {
      await serve.stop('SIGKILL');
    }
  });

  it('diagnoses with the monitor\'s error log: the incident says upstream-refused with high confidence and carries the whole diagnosis', async () => {
    const file = path.join(dir, 'logged.yml');
    await writeFile(file, config(`
  - name: shop
    url: http://127.0.0.1:${nginx.port}/shop
    diagnose: {log: ["${nginx.errorLog}"]}
`));
    const serve = await startServeProcess(['--config', file, '--db', `sqlite:${path.join(dir, 'logged.db')}`], await freePort());
    try {
      const incident = await waitFor('an open incident', async () => (await serve.api<{ incidents: IncidentView[] }>('/api/v1/incidents?open=true')).body.incidents[0]);
      assert.equal(incident.verdict.cause, 'upstream-refused');
      assert.equal((incident.verdict as { confidence?: string }).confidence, 'high');
      const { body } = await serve.api<{ diagnosis: { steps: { id: string; result: string; detail: string }[] } }>(`/api/v1/incidents/${incident.id}`);
      const logs = body.diagnosis.steps.find((step) => step.id === 'logs');
      assert.equal(logs?.result, 'fail');
      assert.match(logs.detail, /upstream-refused — nginx says "connect\(\) failed \(111: Connection refused\)/);
      assert.match(serve.log(), /whydown serve: 1 monitor from /);
      assert.match(serve.log(), /incident opened: shop — diagnosis: upstream-refused, high confidence — /);
    } finally {
      await serve.stop('SIGKILL');
    }
  });

  it('loses no result the API has returned when killed with -9, and resumes checking within one interval', async () => {
    const file = path.join(dir, 'crash.yml');
    const names = Array.from({ length: 20 }, (_, i) => `site-${i}`);
    await writeFile(file, config(names.map((n) => `  - name: ${n}\n    url: http://127.0.0.1:${nginx.port}/ok\n`).join('')));
    const db = `sqlite:${path.join(dir, 'crash.db')}`;
    const port = await freePort();
    const seen = new Map<string, Set<string>>();
    for (let round = 0; round < 4; round++) {
      const serve = await startServeProcess(['--config', file, '--db', db], port);
      const startedAt = Date.now();
      // Every round after the first: checks resume within one interval (1 s) of the restart.
      const fresh = await waitFor('a new result after the restart', async () => {
        const { body } = await serve.api<{ results: ResultView[] }>('/api/v1/monitors/site-3/results?limit=1');
        const newest = body.results[0];
        return newest && Date.parse(newest.at) >= startedAt ? newest : undefined;
      }, 10_000);
      assert.ok(Date.parse(fresh.at) - startedAt < 1000 + 500, `first check ${Date.parse(fresh.at) - startedAt} ms after the start`);
      // Read results while checks keep landing, then crash at an arbitrary moment.
      const readUntil = Date.now() + 500 + Math.random() * 1500;
      while (Date.now() < readUntil) {
        for (const name of names.slice(0, 5)) {
          const { body } = await serve.api<{ results: ResultView[] }>(`/api/v1/monitors/${name}/results?limit=100`);
          const set = seen.get(name) ?? new Set<string>();
          for (const r of body.results) set.add(r.at);
          seen.set(name, set);
        }
      }
      assert.equal(await serve.stop('SIGKILL'), 'SIGKILL');
    }
    const serve = await startServeProcess(['--config', file, '--db', db], port);
    try {
      let total = 0;
      for (const [name, ats] of seen) {
        const { body } = await serve.api<{ results: ResultView[] }>(`/api/v1/monitors/${name}/results?limit=1000`);
        const stored = new Set(body.results.map((r) => r.at));
        for (const at of ats) assert.ok(stored.has(at), `${name} at ${at} was returned by the API, then lost`);
        total += ats.size;
      }
      assert.ok(total >= 20, `only ${total} results were seen`);
    } finally {
      await serve.stop('SIGKILL');
    }
  });
});
