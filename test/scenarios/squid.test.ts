// Gateway scenarios behind a real Squid reverse proxy.
import { after, describe, it } from 'node:test';
import { deadPort } from '../support/process.js';
import { startEmptyResponse } from '../support/raw-servers.js';
import { startSquid, type Squid } from '../support/squid.js';
import { startSlowUpstream } from '../support/upstreams.js';
import { runScenario, scoreTable, SCORES } from './scenario.js';

describe('Squid gateway scenarios', () => {
  const stops: (() => Promise<void>)[] = [];
  after(async () => {
    await Promise.all(stops.map((stop) => stop()));
    console.log(`\nSquid scenario score\n${scoreTable(SCORES)}`);
  });
  const squidFor = async (originPort: number, extra = ''): Promise<Squid> => {
    const squid = await startSquid(originPort, extra);
    stops.push(squid.stop);
    return squid;
  };

  it('origin port closed: upstream-refused (Squid says ERR_READ_ERROR 0)', async (t) => {
    // Not freePort: a closed ephemeral port can be taken by another test's server a moment later.
    const squid = await squidFor(await deadPort());
    await runScenario(t, 'squid → closed port', { url: `http://127.0.0.1:${squid.port}/` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'squid' });
  });

  it('origin closes without a byte: upstream-closed (ERR_ZERO_SIZE_OBJECT)', async (t) => {
    const upstream = await startEmptyResponse();
    stops.push(upstream.stop);
    const squid = await squidFor(upstream.port);
    await runScenario(t, 'squid → upstream closes', { url: `http://127.0.0.1:${squid.port}/` },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'squid' });
  });

  it('origin slower than read_timeout: upstream-timeout (504 ERR_READ_TIMEOUT)', async (t) => {
    const upstream = await startSlowUpstream(5000);
    stops.push(upstream.stop);
    const squid = await squidFor(upstream.port, 'read_timeout 1 seconds');
    await runScenario(t, 'squid → slow upstream (read_timeout 1s)', { url: `http://127.0.0.1:${squid.port}/` },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'squid' });
  });
});
