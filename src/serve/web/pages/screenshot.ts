// An incident's screenshot (a browser monitor's diagnosis loads the page in Chromium and keeps
// a PNG in the `browser.screenshots` folder; the stored diagnosis names the file). Sent only when
// the file is still there, is a PNG and is not larger than a screenshot can be: the path comes
// from the store, so nothing else on the disk can be read through this.
import { open } from 'node:fs/promises';
import type { IncidentDetail } from '../../store/types.js';
import type { WebReply } from '../respond.js';
import { screenshotOf } from './incident-view.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The browser step's 1280×800 viewport gives 20–200 kB; 8 MiB is far past any of them. */
const MAX_BYTES = 8 * 1024 * 1024;

/** null: no such screenshot (none taken, `n` out of range, the file removed or not a PNG). */
export async function incidentScreenshot(incident: IncidentDetail, n: number): Promise<WebReply | null> {
  const report = [incident.diagnosis, ...incident.rediagnoses][n];
  const file = report ? screenshotOf(report) : null;
  if (!file) return null;
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null; // removed since (the folder keeps the newest keepScreenshots files)
  }
  try {
    const { size } = await handle.stat();
    if (size < PNG_SIGNATURE.length || size > MAX_BYTES) return null;
    const bytes = Buffer.alloc(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0);
    if (bytesRead !== size || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return null;
    return { status: 200, type: 'image/png', body: bytes, maxAge: 0 };
  } finally {
    await handle.close();
  }
}
