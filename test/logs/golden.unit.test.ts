// Golden fixtures: logs captured from the real servers (test/fixtures/logs/<server>/*.log, saved by
// the live tests with WHYDOWN_SAVE_FIXTURES=1) next to the `--ndjson` output expected from them.
// WHYDOWN_UPDATE_GOLDEN=1 rewrites the .ndjson files (review the diff before keeping it).
process.env.TZ = 'UTC'; // the captured logs were written in UTC; read them so on any machine

import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { scanLogs } from '../../src/logs/read-logs.js';
import type { LogEvent } from '../../src/logs/types.js';
import { FIXTURES } from './helpers.js';

const servers = (await readdir(FIXTURES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const fixtures: Array<{ server: string; name: string }> = [];
for (const server of servers) {
  for (const name of (await readdir(path.join(FIXTURES, server))).filter((f) => f.endsWith('.log')).sort()) fixtures.push({ server, name });
}

function printed(event: LogEvent, file: string): Record<string, unknown> {
  const { line, time, server, cause, upstream, client, request, message } = event;
  const printedEvent: Record<string, unknown> = { file, line, time, server, cause, upstream, client, request, message };
  // An access log's 5xx line: what `--ndjson` adds after the contract's keys.
  if (event.kind === 'access') Object.assign(printedEvent, { kind: event.kind, status: event.status, path: event.path, upstreamTime: event.upstreamTime, requestTime: event.requestTime });
  return printedEvent;
}

describe('golden fixtures captured from real servers', () => {
  for (const { server, name } of fixtures) {
      test(`${server}/${name}`, async () => {
        const relative = `${server}/${name}`;
        const events: Record<string, unknown>[] = [];
        const [stats] = await scanLogs([path.join(FIXTURES, relative)], {}, (event) => events.push(printed(event, relative)));
        assert.equal(stats?.server, server, `${relative} is detected as ${server}`);
        const expectedFile = path.join(FIXTURES, relative.replace(/\.log$/, '.ndjson'));
        const text = events.map((event) => `${JSON.stringify(event)}\n`).join('');
        if (process.env.WHYDOWN_UPDATE_GOLDEN === '1') await writeFile(expectedFile, text);
        const expected = (await readFile(expectedFile, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown);
        assert.deepEqual(events, expected);
      });
  }
});
