// A gateway scenario: a real server misbehaving on loopback, and the verdict whydown should give.
// Each scenario is diagnosed end to end and scored on hop, cause and generatedBy.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { DiagnoseOptions } from '../../src/diagnose/types.js';
import type { Cause, DiagnoseReport, Hop, Status } from '../../src/core/model.js';
import { deadPort } from '../support/process.js';
import { startEmptyResponse, startGarbage } from '../support/raw-servers.js';
import { startSlowUpstream } from '../support/upstreams.js';

export interface Expected {
  status?: Status;
  hop: Hop;
  cause: Cause;
  generatedBy: string | null;
  transient?: boolean;
}

export interface Setup {
  url: string;
  logs?: string[];
  origin?: string;
  retries?: number;
  timeoutMs?: number;
}

export interface ScoreRow {
  scenario: string;
  expected: Expected;
  got: Pick<DiagnoseReport['verdict'], 'hop' | 'cause' | 'generatedBy' | 'status' | 'confidence'>;
  ms: number;
}

export const SCORES: ScoreRow[] = [];

export async function runScenario(t: TestContext, name: string, setup: Setup, expected: Expected): Promise<DiagnoseReport> {
  const options: DiagnoseOptions = {
    retries: setup.retries ?? 3,
    probe: { timeoutMs: setup.timeoutMs ?? 10_000 },
    ...(setup.logs ? { logs: setup.logs } : {}),
    ...(setup.origin ? { origin: new URL(setup.origin) } : {}),
  };
  const report = await diagnose(new URL(setup.url), options);
  const { verdict } = report;
  SCORES.push({ scenario: name, expected, got: verdict, ms: report.durationMs });
  t.diagnostic(`${name}: ${verdict.status} hop=${verdict.hop} cause=${verdict.cause} by=${verdict.generatedBy} (${verdict.confidence}) — ${verdict.summary}`);
  for (const step of report.steps) if (step.result !== 'skip') t.diagnostic(`  ${step.id}: ${step.detail}`);
  const got = { hop: verdict.hop, cause: verdict.cause, generatedBy: verdict.generatedBy };
  assert.deepEqual(got, { hop: expected.hop, cause: expected.cause, generatedBy: expected.generatedBy }, verdict.summary);
  if (expected.status) assert.equal(verdict.status, expected.status);
  assertOneWriter(report);
  if (expected.transient !== undefined) assert.equal(verdict.transient, expected.transient);
  return report;
}

/** The fingerprint step and the verdict name the same writer of the page (or both none). */
export function assertOneWriter(report: DiagnoseReport): void {
  const step = report.steps.find((s) => s.id === 'fingerprint');
  if (!step) return;
  const named = /written by ([a-z0-9-]+)/.exec(step.detail)?.[1] ?? null;
  const by = report.verdict.generatedBy;
  assert.equal(named, by, `the fingerprint step says "${step.detail}" but the verdict's generatedBy is ${by}`);
  assert.equal(step.evidence.generatedBy ?? null, by, 'the fingerprint step\'s evidence.generatedBy');
}

/** The score table, printed after a scenario file runs. */
export function scoreTable(rows: ScoreRow[] = SCORES): string {
  const mark = (ok: boolean) => (ok ? '✔' : '✘');
  const lines = ['| scenario | hop | cause | generatedBy | confidence | ms |', '|---|---|---|---|---|---|'];
  let points = 0;
  for (const row of rows) {
    const hop = row.got.hop === row.expected.hop;
    const cause = row.got.cause === row.expected.cause;
    const by = row.got.generatedBy === row.expected.generatedBy;
    points += Number(hop) + Number(cause) + Number(by);
    lines.push(`| ${row.scenario} | ${mark(hop)} ${row.got.hop} | ${mark(cause)} ${row.got.cause} | ${mark(by)} ${row.got.generatedBy ?? '—'} | ${row.got.confidence} | ${row.ms} |`);
  }
  lines.push(`\nscore: ${points}/${rows.length * 3} (hop, cause, generatedBy per scenario)`);
  return lines.join('\n');
}

/** The four upstreams every gateway's scenarios stand in front of. */
export interface BrokenUpstreams {
  /** Nothing listens there (below the ephemeral range: no other test's server can take it). */
  closedPort: number;
  /** Reads the request, closes without a byte. */
  closesPort: number;
  /** Answers with bytes that are not HTTP. */
  garbagePort: number;
  /** Answers after 5 s: past a gateway's short time limit. */
  slowPort: number;
  stop(): Promise<void>;
}

export async function startBrokenUpstreams(): Promise<BrokenUpstreams> {
  const closedPort = await deadPort();
  const closes = await startEmptyResponse();
  const garbage = await startGarbage(4096);
  const slow = await startSlowUpstream(5000);
  return {
    closedPort,
    closesPort: closes.port,
    garbagePort: garbage.port,
    slowPort: slow.port,
    stop: async () => { await Promise.all([closes.stop(), garbage.stop(), slow.stop()]); },
  };
}
