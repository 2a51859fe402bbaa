// The fingerprint against real servers (Debian's packages) started on loopback by this test:
// every case that scripts/capture-responses.mjs saves as a fixture is asked for again here and
// must still fingerprint the same way, so the signatures stay true to the installed versions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fingerprint } from '../../src/core/fingerprint/index.js';
import { SCENARIOS } from './servers/index.js';
import { isInstalled, type Running } from './servers/types.js';
import { assertFingerprint } from './support/expect.js';
import { fetchCase } from './support/run-case.js';
import { startUpstreams, type Upstreams } from './support/upstreams.js';

describe('fingerprint of real servers\' error responses', () => {
  let upstreams: Upstreams;
  before(async () => { upstreams = await startUpstreams(); });
  after(async () => { await upstreams?.stop(); });

  for (const scenario of SCENARIOS) {
    const skip = isInstalled(scenario.binary) ? false : `${scenario.binary} is not installed (bash scripts/install-test-deps.sh)`;
    describe(scenario.software, { skip }, () => {
      let running: Running | undefined;
      before(async () => { running = await scenario.start(upstreams); });
      after(async () => { await running?.stop(); });

      for (const testCase of scenario.cases) {
        it(`${testCase.name}: ${testCase.setup}`, async () => {
          assert.ok(running, 'server did not start');
          const { response } = await fetchCase(running.port, testCase);
          assert.equal(response.status, testCase.status, `status of ${testCase.path}`);
          assertFingerprint(fingerprint(response), testCase.expect, `${scenario.software}-${testCase.name}`);
        });
      }
    });
  }
});
