// The diagnosis an incident opens with gets the monitor's request and its diagnose: evidence.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { diagnoseMonitor, diagnoseOptions } from '../../src/serve/engine/diagnose-monitor.js';
import { makeTempDir } from '../support/process.js';

describe('diagnosis of a monitor', () => {
  it('passes the monitor\'s request, logs and origin as --log and --origin would', () => {
    const monitor = parseConfig(`monitors:
  - name: shop
    url: https://shop.example/
    method: POST
    body: "{}"
    timeout: 4s
    headers: {X-Team: web}
    diagnose: {log: [/var/log/nginx/error.log, /var/log/app.log], origin: "http://10.0.0.5:8080"}
  - name: plain
    url: https://plain.example/
`).monitors;
    const options = diagnoseOptions(monitor[0]!, 3);
    assert.deepEqual(options.logs, ['/var/log/nginx/error.log', '/var/log/app.log']);
    assert.equal(options.origin?.href, 'http://10.0.0.5:8080/');
    assert.deepEqual(options.probe, { timeoutMs: 4000, method: 'POST', headers: { 'x-team': 'web' }, body: '{}' });
    const plain = diagnoseOptions(monitor[1]!, 3);
    assert.equal('logs' in plain || 'origin' in plain, false);
  });

  it('a log that is a named pipe is reported, not waited on for ever', async (t) => {
    const dir = await makeTempDir('fifo');
    const fifo = path.join(dir, 'error.log');
    execFileSync('mkfifo', [fifo]);
    const server = http.createServer((_req, res) => { res.statusCode = 503; res.end('down'); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    });
    const [monitor] = parseConfig(`monitors:
  - name: site
    url: http://127.0.0.1:${(server.address() as AddressInfo).port}/
    timeout: 2s
    diagnose: {log: ["${fifo}"]}
`).monitors;
    const report = await Promise.race([
      diagnoseMonitor(monitor!, 1),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the diagnosis waited on the pipe')), 15_000).unref()),
    ]);
    const logs = report.steps.find((step) => step.id === 'logs');
    assert.deepEqual(logs?.evidence.errors, [`${fifo}: not a regular file`]);
  });
});
