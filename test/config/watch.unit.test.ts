// The watcher against real files in a temporary folder: edits in place, editors that replace the
// file, an invalid edit in between, and stop().
import assert from 'node:assert/strict';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../../src/serve/config/types.js';
import { watchConfig } from '../../src/serve/config/watch.js';
import { makeTempDir, removeTempDir } from '../support/cleanup.js';

const DEBOUNCE_MS = 40;

function monitorYaml(name: string, interval = '30s'): string {
  return `monitors:\n  - name: ${name}\n    url: https://${name}.example/\n    interval: ${interval}\n`;
}

/** Collects what the watcher reports; `next()` waits for the next report. */
function recorder() {
  const events: ({ kind: 'change'; config: Config } | { kind: 'error'; error: Error })[] = [];
  let wake: (() => void) | undefined;
  const push = (event: (typeof events)[number]) => {
    events.push(event);
    wake?.();
  };
  return {
    events,
    onChange: (config: Config) => push({ kind: 'change', config }),
    onError: (error: Error) => push({ kind: 'error', error }),
    async next(count: number, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) assert.fail(`waited for report ${count}, have ${events.length}: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return events[count - 1]!;
    },
  };
}

describe('config: watch', () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir('watch');
  });
  after(async () => {
    await removeTempDir(dir);
  });

  it('reloads on change, keeps the last good config through an invalid edit, picks up the fix', async () => {
    const file = path.join(dir, 'whydown.yml');
    await writeFile(file, monitorYaml('one'));
    const seen = recorder();
    const stop = watchConfig(file, seen.onChange, seen.onError, { debounceMs: DEBOUNCE_MS, env: {} });
    try {
      await writeFile(file, monitorYaml('two'));
      const first = await seen.next(1);
      assert.equal(first.kind, 'change');
      assert.deepEqual(first.kind === 'change' && first.config.monitors.map((m) => m.name), ['two']);

      await writeFile(file, monitorYaml('three', 'abc'));
      const second = await seen.next(2);
      assert.equal(second.kind, 'error');
      assert.equal(second.kind === 'error' && second.error.message, `${file}:4:15: monitors[0].interval: "abc" is not a duration (use 30s, 5m, 1h)`);

      // An editor that writes a new file and renames it over the old one.
      const temp = path.join(dir, '.whydown.yml.swp');
      await writeFile(temp, monitorYaml('three'));
      await rename(temp, file);
      const third = await seen.next(3);
      assert.equal(third.kind, 'change');
      assert.deepEqual(third.kind === 'change' && third.config.monitors.map((m) => m.name), ['three']);
    } finally {
      stop();
    }
  });

  it('ignores edits that change nothing and files beside it', async () => {
    const file = path.join(dir, 'quiet.yml');
    await writeFile(file, monitorYaml('same'));
    const seen = recorder();
    const stop = watchConfig(file, seen.onChange, seen.onError, { debounceMs: DEBOUNCE_MS, env: {} });
    try {
      await writeFile(file, monitorYaml('same'));
      await writeFile(file, `# a comment\n${monitorYaml('same')}`);
      await writeFile(path.join(dir, 'whydown.db'), 'not the config');
      await sleep(DEBOUNCE_MS * 8);
      assert.deepEqual(seen.events, []);
    } finally {
      stop();
    }
  });

  it('after an error, restoring the old text is reported as a change', async () => {
    const file = path.join(dir, 'restore.yml');
    await writeFile(file, monitorYaml('keep'));
    const seen = recorder();
    const stop = watchConfig(file, seen.onChange, seen.onError, { debounceMs: DEBOUNCE_MS, env: {} });
    try {
      await writeFile(file, 'monitors: [\n');
      assert.equal((await seen.next(1)).kind, 'error');
      await writeFile(file, monitorYaml('keep'));
      const fixed = await seen.next(2);
      assert.equal(fixed.kind, 'change');
    } finally {
      stop();
    }
  });

  it('an emptied file (0 bytes, only spaces or comments) is an error, and the last good config stays', async () => {
    const file = path.join(dir, 'emptied.yml');
    await writeFile(file, monitorYaml('kept'));
    const seen = recorder();
    const stop = watchConfig(file, seen.onChange, seen.onError, { debounceMs: DEBOUNCE_MS, env: {} });
    try {
      await writeFile(file, '');
      const emptied = await seen.next(1);
      assert.equal(emptied.kind, 'error');
      assert.equal(emptied.kind === 'error' && emptied.error.message, `${file}: config file is empty; keeping the last good config`);
      // Only comments and blank lines parse to "no monitors": the same mistake, the same answer.
      await writeFile(file, '# monitors moved elsewhere\n\n   \n  # indented comment\n');
      const commented = await seen.next(2);
      assert.equal(commented.kind, 'error');
      assert.match(commented.kind === 'error' ? commented.error.message : '', /config file is empty; keeping the last good config$/);
      await writeFile(file, monitorYaml('kept'));
      const restored = await seen.next(3);
      assert.equal(restored.kind, 'change');
      assert.deepEqual(restored.kind === 'change' && restored.config.monitors.map((m) => m.name), ['kept']);
    } finally {
      stop();
    }
  });

  it('a save caught half-written (truncated, then filled) is not reported as empty', async () => {
    const file = path.join(dir, 'half.yml');
    await writeFile(file, monitorYaml('old'));
    const seen = recorder();
    const stop = watchConfig(file, seen.onChange, seen.onError, { debounceMs: DEBOUNCE_MS, env: {} });
    try {
      await writeFile(file, '');
      await sleep(DEBOUNCE_MS * 1.5); // the watcher reads the empty file here
      await writeFile(file, monitorYaml('new'));
      const first = await seen.next(1);
      assert.equal(first.kind, 'change', JSON.stringify(seen.events));
      await sleep(DEBOUNCE_MS * 4);
      assert.equal(seen.events.length, 1, JSON.stringify(seen.events));
    } finally {
      stop();
    }
  });

  it('stop() ends the reports, and a watched process can exit', async () => {
    const file = path.join(dir, 'stop.yml');
    await writeFile(file, monitorYaml('a'));
    const seen = recorder();
    const stop = watchConfig(file, seen.onChange, seen.onError, { debounceMs: DEBOUNCE_MS, env: {} });
    await writeFile(file, monitorYaml('b'));
    stop(); // before the debounce fires: the pending reload is dropped too
    await writeFile(file, monitorYaml('c'));
    await sleep(DEBOUNCE_MS * 8);
    assert.deepEqual(seen.events, []);
    stop(); // twice is harmless
  });

  it('a missing folder is E_FILE at once', () => {
    assert.throws(() => watchConfig(path.join(dir, 'nope', 'whydown.yml'), () => {}, () => {}), { code: 'E_FILE' });
  });
});
