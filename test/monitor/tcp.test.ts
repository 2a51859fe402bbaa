// tcp monitors against real listeners: a closed port (refused), a listener whose accept queue is
// full (timeout), servers that send a banner, the wrong one, or nothing; and the engine opening
// an incident with a connect verdict (not the HTTP checklist) and closing it when the port opens.
import assert from 'node:assert/strict';
import net from 'node:net';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { checkTarget, runCheck } from '../../src/serve/engine/check.js';
import { MonitorEngine } from '../../src/serve/engine/engine.js';
import type { IncidentClosed, IncidentOpened } from '../../src/serve/engine/events.js';
import { describeCause } from '../../src/core/knowledge/causes.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { startNeverAccept } from '../support/raw-servers.js';
import { deadPort, makeTempDir } from '../support/process.js';
import { waitFor } from '../support/wait.js';

/** A TCP server that greets every connection with `greeting` (nothing when undefined), then waits. */
function greeter(greeting: string | undefined, port = 0): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    if (greeting !== undefined) socket.write(greeting);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({
    port: (server.address() as net.AddressInfo).port,
    stop: () => new Promise<void>((done) => { for (const s of sockets) s.destroy(); server.close(() => done()); }),
  })));
}

const check = (yaml: string) => runCheck(checkTarget(parseConfig(`monitors:\n  - ${yaml}\n`).monitors[0]!));

describe('tcp monitor checks', () => {
  it('a closed port is down with connect-refused', async () => {
    const port = await deadPort();
    const result = await check(`{name: db, type: tcp, target: "127.0.0.1:${port}", timeout: 2s}`);
    assert.deepEqual([result.status, result.cause, result.errorCode, result.httpStatus], ['down', 'connect-refused', 'ECONNREFUSED', null]);
  });

  it('a listener that never accepts is down with connect-timeout, within the timeout', async () => {
    const server = await startNeverAccept();
    try {
      const result = await check(`{name: db, type: tcp, target: "127.0.0.1:${server.port}", timeout: 700ms, interval: 5s}`);
      assert.deepEqual([result.status, result.cause, result.errorCode], ['down', 'connect-timeout', 'ETIMEDOUT']);
      assert.ok(result.durationMs >= 650 && result.durationMs < 1500, `${result.durationMs} ms`);
    } finally {
      await server.stop();
    }
  });

  it('an SSH-like server with its banner is up; the connect time is kept', async () => {
    const server = await greeter('SSH-2.0-OpenSSH_9.6 whydown-test\r\n');
    try {
      const result = await check(`{name: ssh, type: tcp, target: "127.0.0.1:${server.port}", expect: {banner: "SSH-"}}`);
      assert.deepEqual([result.status, result.cause, result.errorCode, result.detail], ['up', 'ok', null, undefined]);
      assert.ok(result.timings.tcp !== undefined && result.timings.firstByte !== undefined, JSON.stringify(result.timings));
      const plain = await check(`{name: port, type: tcp, target: "127.0.0.1:${server.port}"}`);
      assert.deepEqual([plain.status, plain.cause], ['up', 'ok']);
    } finally {
      await server.stop();
    }
  });

  it('another banner is unexpected-response saying what came; silence is response-timeout', async () => {
    const smtp = await greeter('220 mail.example ESMTP\r\n');
    const silent = await greeter(undefined);
    try {
      const wrong = await check(`{name: ssh, type: tcp, target: "127.0.0.1:${smtp.port}", expect: {banner: "SSH-"}}`);
      assert.deepEqual([wrong.status, wrong.cause, wrong.detail], [
        'down', 'unexpected-response', 'the server\'s first line is "220 mail.example ESMTP", which does not contain "SSH-" (expect.banner)',
      ]);
      const quiet = await check(`{name: ssh, type: tcp, target: "127.0.0.1:${silent.port}", timeout: 500ms, expect: {banner: "SSH-"}}`);
      assert.deepEqual([quiet.status, quiet.cause, quiet.errorCode], ['down', 'response-timeout', 'ETIMEDOUT']);
    } finally {
      await smtp.stop();
      await silent.stop();
    }
  });

  it('a name that does not resolve is down with a DNS cause', async () => {
    const result = await check('{name: db, type: tcp, target: "no-such-host.invalid:5432", timeout: 3s}');
    assert.equal(result.status, 'down');
    assert.ok(['dns-nxdomain', 'dns-servfail', 'dns-timeout'].includes(result.cause), result.cause);
  });
});

describe('tcp monitor incidents', () => {
  let dir: string;
  before(async () => { dir = await makeTempDir('tcp'); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('opens with a connect verdict (hop network, plain words, the knowledge base\'s fixes) and closes when the port opens', async () => {
    const port = await deadPort();
    const store = await openSqliteStore(path.join(dir, 'tcp.db'));
    const config = parseConfig(`defaults: {interval: 1s, timeout: 900ms, confirm: 2}\nmonitors:\n  - {name: db, type: tcp, target: "127.0.0.1:${port}"}\n`);
    const engine = new MonitorEngine({ store, config });
    const opened: IncidentOpened[] = [];
    const closed: IncidentClosed[] = [];
    engine.events.on('incident.opened', (e) => opened.push(e));
    engine.events.on('incident.closed', (e) => closed.push(e));
    await engine.start();
    let server: { stop(): Promise<void> } | undefined;
    try {
      const { incident } = await waitFor('the incident', () => opened[0]);
      assert.deepEqual(
        [incident.verdict.status, incident.verdict.hop, incident.verdict.cause],
        ['down', 'network', 'connect-refused'],
      );
      assert.equal(incident.verdict.summary, `db (127.0.0.1:${port}) refuses connections: nothing listens on port ${port}.`);
      assert.deepEqual(incident.verdict.fixes, describeCause('connect-refused').fixes);
      const detail = await store.getIncident(incident.id);
      const diagnosis = detail?.diagnosis;
      assert.deepEqual(diagnosis?.steps.map((s) => [s.id, s.result]), [['connect', 'fail']], 'a connect step, not the HTTP checklist');
      server = await greeter(undefined, port);
      const done = await waitFor('the incident closes', () => closed[0], 10_000);
      assert.equal(done.incident.id, incident.id);
      const [state] = [...engine.states()];
      assert.equal(state?.type, 'tcp');
    } finally {
      await engine.stop();
      await server?.stop();
      await store.close();
    }
  });
});
