// Revoking a vantage's token (a config reload) disconnects its agent, which stops with a one-line
// reason; the other vantage's agent stays. Hub and agents in this process, on loopback.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startServe, type RunningServe } from '../../src/serve/serve.js';
import { Agent } from '../../src/serve/vantage/agent.js';
import { makeTempDir, removeTempDir } from '../support/cleanup.js';
import { delay } from '../support/delay.js';

const config = (fraToken: string, dir: string) => `db: sqlite:${dir}/hub.db
vantages:
  - {name: fra-1, token: "${fraToken}"}
  - {name: nyc-1, token: "nyc-1-token-0123456789"}
monitors:
  - {name: shop, url: "http://127.0.0.1:9/", interval: 1s, timeout: 500ms, vantages: [fra-1, nyc-1]}
`;

describe('revoking a vantage token', () => {
  let dir = '';
  let serve: RunningServe | undefined;
  const agents: Agent[] = [];
  after(async () => {
    for (const agent of agents) await agent.stop();
    await serve?.stop();
    if (dir) await removeTempDir(dir);
  });

  it('disconnects that agent at the config reload; it stops, the other stays', async () => {
    dir = await makeTempDir('vantage-revoke');
    const file = path.join(dir, 'whydown.yml');
    await writeFile(file, config('fra-1-token-0123456789', dir));
    serve = await startServe({ configFile: file, listen: '127.0.0.1:0', checkThreads: 0, log: () => {} });
    const lines: string[] = [];
    const agent = (name: string, token: string): Agent => {
      const a = new Agent({ hub: serve!.url, token, name, spoolDir: path.join(dir, name), log: (l) => lines.push(l), statsEveryMs: 0 });
      agents.push(a);
      return a;
    };
    const fra = agent('fra-1', 'fra-1-token-0123456789');
    const nyc = agent('nyc-1', 'nyc-1-token-0123456789');
    const fraDone = fra.run();
    void nyc.run();
    for (let i = 0; i < 100 && !serve.vantages.list().every((v) => v.online); i++) await delay(100);
    assert.ok(serve.vantages.list().every((v) => v.online), lines.join('\n'));
    await writeFile(file, config('fra-1-new-token-0123456789', dir));
    const code = await Promise.race([fraDone, delay(15_000).then(() => 'timeout')]);
    assert.equal(code, 3, lines.join('\n'));
    assert.equal(fra.failure, 'the hub revoked the token of vantage fra-1');
    assert.deepEqual(serve.vantages.list().map((v) => `${v.name}:${v.online}`), ['fra-1:false', 'nyc-1:true']);
  });
});
