// The checklist's ordering: each step declares the steps it reads (`needs`); the registry is
// checked when it loads (a missing need, a step needing itself, a cycle: one line naming it),
// steps start after what they need whatever order they are listed in, and a step that reads a
// step it did not declare fails at once instead of hanging or reading nothing.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { CHECKLIST, START_ORDER, STEP_ORDER } from '../../src/diagnose/registry.js';
import { startSteps, type RunnableStep } from '../../src/diagnose/run-steps.js';
import { startOrder, type NeedsById } from '../../src/diagnose/start-order.js';
import type { DiagnoseContext, DiagnoseEvent, StepId } from '../../src/diagnose/types.js';
import { makeTempDir, removeTempDir } from '../support/cleanup.js';

const steps = (needs: Record<string, string[]>): NeedsById =>
  Object.fromEntries(Object.entries(needs).map(([id, list]) => [id, { needs: list }]));

describe('checklist: start order from declared needs', () => {
  it('a cycle is one line naming it', () => {
    assert.throws(() => startOrder(steps({ a: ['c'], b: ['a'], c: ['b'], d: [] })),
      { message: 'checklist: steps need each other in a cycle: a → c → b → a' });
  });

  it('a need that is not a step names both', () => {
    assert.throws(() => startOrder(steps({ a: [], b: ['a', 'nope'] })),
      { message: 'checklist: step "b" needs "nope", which is not a step' });
  });

  it('a step needing itself is named', () => {
    assert.throws(() => startOrder(steps({ a: ['a'] })), { message: 'checklist: step "a" needs itself' });
  });

  it('keeps the listed order where the needs allow, and moves a step after what it needs', () => {
    assert.deepEqual(startOrder(steps({ late: ['early'], free: [], early: [] })), ['free', 'early', 'late']);
    assert.deepEqual(startOrder(steps({ a: [], b: ['a'], c: [] })), ['a', 'b', 'c']);
  });

  it('the real registry passes: every need exists and starts first', () => {
    assert.deepEqual([...START_ORDER].sort(), [...STEP_ORDER].sort());
    for (const id of STEP_ORDER) {
      for (const need of CHECKLIST[id].needs) {
        assert.ok(START_ORDER.indexOf(need) < START_ORDER.indexOf(id), `${id} starts before ${need}, which it needs`);
      }
    }
  });

  it('any listing of the real registry gives a valid start order', () => {
    const entries = Object.entries(CHECKLIST);
    for (let shift = 0; shift < entries.length; shift++) {
      for (const listing of [[...entries.slice(shift), ...entries.slice(0, shift)], [...entries].reverse()]) {
        const order = startOrder(Object.fromEntries(listing));
        for (const [id, step] of listing) {
          for (const need of step.needs) assert.ok(order.indexOf(need) < order.indexOf(id), `${id} before ${need}`);
        }
      }
    }
  });
});

describe('checklist: the runner', () => {
  const base = (events: DiagnoseEvent[] = []): Omit<DiagnoseContext, 'need'> => ({
    url: new URL('http://127.0.0.1/'), options: { retries: 1, probe: { timeoutMs: 1000 } }, runId: 'wdtest',
    emit: (event) => events.push(event), recordAttempt: () => undefined,
  });
  const step = (id: StepId, needs: StepId[], read: StepId[] = needs): RunnableStep => ({
    title: id,
    needs,
    run: async (context) => {
      const seen = await Promise.all(read.map((other) => context.need(other)));
      return { report: { id, title: id, result: 'pass', detail: '', evidence: {} }, evidence: { id, seen } };
    },
  });

  it('a step listed before the one it needs still reads its evidence', async () => {
    const checklist = { tls: step('tls', ['reload']), reload: step('reload', []) };
    const events: DiagnoseEvent[] = [];
    const running = startSteps(checklist, startOrder(checklist) as StepId[], base(events));
    assert.deepEqual((await running.get('tls')!).evidence, { id: 'tls', seen: [{ id: 'reload', seen: [] }] });
    assert.deepEqual(events.filter((e) => e.type === 'step-started').map((e) => e.type === 'step-started' && e.id), ['reload', 'tls']);
  });

  it('reading a step not listed in needs rejects, naming both', async () => {
    const checklist = { reload: step('reload', []), dns: step('dns', [], ['reload']) };
    const running = startSteps(checklist, ['reload', 'dns'], base());
    await assert.rejects(running.get('dns')!, { message: 'checklist: step "dns" reads "reload" without listing it in its needs' });
  });

  it('a need that has not started (an order not from startOrder) rejects instead of hanging', async () => {
    const checklist = { tls: step('tls', ['reload']), reload: step('reload', []) };
    const running = startSteps(checklist, ['tls', 'reload'], base());
    await assert.rejects(running.get('tls')!, { message: 'checklist: step "tls" needs "reload", which has not started' });
  });
});

describe('checklist: the real steps read only what they declare', () => {
  it('a full run with --log and --origin finishes every step (an undeclared read would reject)', async () => {
    const server = http.createServer((_request, response) => { response.writeHead(502); response.end('bad gateway'); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = await makeTempDir('needs');
    try {
      const log = path.join(dir, 'error.log');
      await writeFile(log, '');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const report = await diagnose(new URL(base), { retries: 1, probe: { timeoutMs: 2000 }, logs: [log], origin: new URL(base) });
      assert.deepEqual(report.steps.map((s) => s.id), STEP_ORDER);
    } finally {
      server.close();
      await removeTempDir(dir);
    }
  });
});
