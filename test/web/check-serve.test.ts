// /check as `whydown serve` answers it: mounted beside the API, without a token, off unless the
// config turns it on, and following the config as it reloads.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, makeTempDir } from '../support/process.js';
import { startServeProcess } from '../support/serve.js';
import { askCheck, startTwoFacedTarget, type TwoFacedTarget } from './check-support.js';

describe('whydown serve: GET /check', () => {
  let dir: string;
  let target: TwoFacedTarget;

  before(async () => {
    dir = await makeTempDir('check-serve');
    target = await startTwoFacedTarget();
  });
  after(async () => {
    await target?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers without a token when enabled, refuses what the policy refuses, and is a 404 when off', async () => {
    const file = path.join(dir, 'whydown.yml');
    await writeFile(file, `ui:\n  publicCheck:\n    enabled: true\n    allow: [127.0.0.2/32]\n    ports: [${target.port}]\n    from: the test\n`);
    const serve = await startServeProcess(['--config', file, '--db', `sqlite:${path.join(dir, 'check.db')}`], await freePort());
    try {
      const fine = await askCheck(serve.base, `http://127.0.0.2:${target.port}/`);
      assert.equal(fine.status, 200, fine.text);
      assert.equal((fine.json.verdict as { status: string }).status, 'up');
      assert.equal(fine.json.from, 'the test');
      const refused = await askCheck(serve.base, `http://127.0.0.1:${target.port}/`);
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error?.code, 'destination-not-allowed');
      assert.deepEqual(target.forbiddenHits, []);
      assert.equal((await serve.api('/api/v1/monitors', { token: null })).status, 401, 'the API still wants its token');
    } finally {
      await serve.stop();
    }
    await writeFile(file, 'monitors: []\n');
    const off = await startServeProcess(['--config', file, '--db', `sqlite:${path.join(dir, 'off.db')}`], await freePort());
    try {
      const reply = await askCheck(off.base, `http://127.0.0.2:${target.port}/`);
      assert.equal(reply.status, 404);
      assert.equal(reply.json.error?.code, 'not_found');
    } finally {
      await off.stop();
    }
  });
});
