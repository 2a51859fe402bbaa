// The diagnoses part of the store contract (contract.ts runs it): an incident keeps the whole
// diagnosis it was opened with and each re-diagnosis, bounded in size, and lists stay light.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DIAGNOSIS_MAX_BYTES } from '../../src/serve/store/diagnosis-size.js';
import { SqlStore } from '../../src/serve/store/sql-store.js';
import { MAX_REDIAGNOSES } from '../../src/serve/store/types.js';
import { diagnosis, fresh, verdict, type StoreFactory } from './fixtures.js';

export function diagnosesContract(factory: StoreFactory): void {
  it('keeps the opening diagnosis and each re-diagnosis whole; lists carry only verdicts', async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'shop', url: 'https://shop.test/', source: 'config' });
    const opening = diagnosis('upstream-refused');
    const opened = await store.openIncident('shop', opening.verdict, '2026-01-01T10:00:00Z', opening);
    // A second open returns the open incident and keeps nothing of its diagnosis.
    await store.openIncident('shop', verdict('app-error'), '2026-01-01T10:01:00Z', diagnosis('app-error'));

    const same = diagnosis('upstream-refused', { startedAt: '2026-01-01T10:05:00.000Z' });
    assert.equal(await store.addIncidentDiagnosis(opened.id, same, '2026-01-01T10:05:00Z'), true);
    const changed = diagnosis('upstream-timeout', { startedAt: '2026-01-01T10:10:00.000Z' });
    await store.updateIncidentVerdict(opened.id, changed.verdict, '2026-01-01T10:10:00Z', changed);

    const detail = await store.getIncident(opened.id);
    assert.ok(detail);
    assert.deepEqual(detail.diagnosis, opening, 'the opening diagnosis, every step and attempt with its evidence');
    assert.deepEqual(detail.rediagnoses, [same, changed]);
    assert.deepEqual(detail.verdict, changed.verdict);
    assert.deepEqual(detail.timeline.map((e) => e.type), ['opened', 'verdict-changed']);
    const { diagnosis: _d, rediagnoses: _r, ...record } = detail;
    assert.deepEqual(record, await store.openIncidentFor('shop'), 'the same incident as everywhere else');

    const listed = (await store.listIncidents()).incidents[0]!;
    assert.equal('diagnosis' in listed || 'rediagnoses' in listed, false, 'a list does not load diagnoses');

    await store.closeIncident(opened.id, '2026-01-01T10:30:00Z');
    assert.equal(await store.addIncidentDiagnosis(opened.id, same, '2026-01-01T10:31:00Z'), false, 'a closed incident takes no more');
    await store.updateIncidentVerdict(opened.id, verdict('app-error'), '2026-01-01T10:32:00Z', diagnosis('app-error'));
    assert.equal((await store.getIncident(opened.id))!.rediagnoses.length, 2);
    assert.equal(await store.getIncident(opened.id + 1000), null);
    assert.equal(await store.getIncident(-1), null);

    // Deleting the monitor takes its incidents' diagnoses with them.
    assert.ok(store instanceof SqlStore);
    const rows = async (): Promise<number> => Number((await store.db.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM incident_diagnoses'))!.n);
    assert.equal(await rows(), 3);
    await store.deleteMonitor('shop');
    assert.equal(await rows(), 0);
  });

  it('an incident opened without a diagnosis has none; re-diagnoses beyond the cap drop the oldest', async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'shop', url: 'https://shop.test/', source: 'config' });
    const opened = await store.openIncident('shop', verdict('connect-refused'), '2026-01-01T10:00:00Z');
    const stamps: string[] = [];
    for (let i = 0; i < MAX_REDIAGNOSES + 3; i++) {
      const startedAt = new Date(Date.parse('2026-01-01T10:00:00Z') + (i + 1) * 300_000).toISOString();
      stamps.push(startedAt);
      await store.addIncidentDiagnosis(opened.id, diagnosis('connect-refused', { startedAt }), startedAt);
    }
    const detail = (await store.getIncident(opened.id))!;
    assert.equal(detail.diagnosis, null);
    assert.deepEqual(detail.rediagnoses.map((d) => d.startedAt), stamps.slice(3));
  });

  it(`bounds a stored diagnosis to ${DIAGNOSIS_MAX_BYTES / 1024} KiB, cutting body samples first, and says so`, async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'shop', url: 'https://shop.test/', source: 'config' });
    // 8 attempts with 40 KB of headers and of body each: about 650 KB whole.
    const huge = diagnosis('upstream-refused', { attempts: 8, sampleBytes: 40_000 });
    const opened = await store.openIncident('shop', huge.verdict, '2026-01-01T10:00:00Z', huge);
    const stored = (await store.getIncident(opened.id))!.diagnosis!;
    assert.ok(Buffer.byteLength(JSON.stringify(stored)) <= DIAGNOSIS_MAX_BYTES);
    assert.ok(stored.trimmed, 'the record says it was cut');
    assert.ok(stored.trimmed.originalBytes > 600_000, String(stored.trimmed.originalBytes));
    assert.equal(stored.trimmed.limitBytes, DIAGNOSIS_MAX_BYTES);
    assert.deepEqual(stored.trimmed.cut, ['body samples shortened to 256 characters', 'body samples removed', 'response headers of the attempts removed']);
    assert.deepEqual(stored.verdict, huge.verdict);
    assert.deepEqual(stored.steps.map((s) => [s.id, s.result, s.detail]), huge.steps.map((s) => [s.id, s.result, s.detail]));
    assert.equal(stored.attempts.length, 8);
    assert.ok(stored.attempts.every((a) => a.bodySample === '' && Object.keys(a.headers).length === 0 && a.status === 502));
    assert.equal((stored.steps[0]!.evidence.sample as { bodySample: string }).bodySample, '', 'samples in step evidence go too');

    // A diagnosis that fits is stored as it came, a NUL and a lone surrogate in its samples included.
    const small = diagnosis('upstream-refused');
    const next = await store.updateIncidentVerdict(opened.id, verdict('upstream-closed'), '2026-01-01T10:10:00Z', small);
    assert.deepEqual((await store.getIncident(next.id))!.rediagnoses, [small]);
    assert.equal('trimmed' in (await store.getIncident(next.id))!.rediagnoses[0]!, false);
  });
}
