// An incident's screenshot: linked from the page only when the browser step kept one, and served
// only while the file is there, is a PNG and is not oversized.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IncidentDetail, StoredDiagnosis } from '../../../src/serve/store/types.js';
import { buildIncidentView } from '../../../src/serve/web/pages/incident-view.js';
import { incidentScreenshot } from '../../../src/serve/web/pages/screenshot.js';
import { makeTempDir, removeTempDir } from '../../support/cleanup.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

function incident(screenshot: unknown): IncidentDetail {
  const verdict = { status: 'down', hop: 'origin', cause: 'blank-page', generatedBy: null, transient: false, scope: 'everyone', confidence: 'high', summary: 'blank', fixes: [] };
  const diagnosis = {
    url: 'http://127.0.0.1:1/', startedAt: '2026-12-06T04:00:00.000Z', durationMs: 2000, verdict,
    steps: [{ id: 'browser', title: 'Load the page in a browser', result: 'fail', detail: 'blank', evidence: { screenshot } }],
    attempts: [],
  } as unknown as StoredDiagnosis;
  return { id: 7, monitor: 'cart', openedAt: '2026-12-06T04:00:00.000Z', closedAt: null, verdict, timeline: [], diagnosis, rediagnoses: [] } as unknown as IncidentDetail;
}

describe('incident screenshot', () => {
  let dir: string;
  before(async () => { dir = await makeTempDir('shot'); });
  after(async () => { await removeTempDir(dir); });

  it('is linked from the page and served as a PNG while the file is there', async () => {
    const file = path.join(dir, 'cart-1.png');
    await writeFile(file, PNG);
    const view = buildIncidentView(incident(file), [], Date.parse('2026-12-06T04:01:00Z'));
    assert.equal(view.current.screenshot, '/incidents/7/screenshot.png');
    const reply = await incidentScreenshot(incident(file), 0);
    assert.equal(reply?.type, 'image/png');
    assert.ok(Buffer.isBuffer(reply?.body) && reply.body.equals(PNG));
    assert.equal(await incidentScreenshot(incident(file), 1), null, 'no such diagnosis');
  });

  it('answers nothing for a removed file, a file that is not a PNG, or no screenshot at all', async () => {
    assert.equal(await incidentScreenshot(incident(path.join(dir, 'gone.png')), 0), null);
    const fake = path.join(dir, 'secret.png');
    await writeFile(fake, 'password=hunter2\n');
    assert.equal(await incidentScreenshot(incident(fake), 0), null, 'only PNG bytes are sent');
    assert.equal(await incidentScreenshot(incident('/etc/passwd'), 0), null, 'not a .png path');
    assert.equal(await incidentScreenshot(incident(null), 0), null);
    assert.equal(buildIncidentView(incident(null), [], Date.now()).current.screenshot, null);
  });
});
