// GET /api/v1/incidents/{id}: one incident with its whole diagnosis and each re-diagnosis; the
// list beside it stays light.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnosis } from '../store/fixtures.js';
import { errorOf, startHarness } from './harness.js';

const YAML = 'monitors:\n  - name: shop\n    url: https://shop.example/\n';

describe('API: one incident', () => {
  it('shows the incident as the list does, with its opening diagnosis and re-diagnoses as diagnose --json', async (t) => {
    const h = await startHarness(t, { yaml: YAML });
    const opening = diagnosis('upstream-refused');
    const incident = await h.service.openIncident('shop', opening.verdict, new Date('2026-03-01T10:00:00Z'), opening);
    const again = diagnosis('upstream-timeout', { startedAt: '2026-03-01T10:05:00.000Z' });
    await h.store.updateIncidentVerdict(incident.id, again.verdict, '2026-03-01T10:05:00Z', again);

    const answer = await h.call('GET', `/api/v1/incidents/${incident.id}`);
    assert.equal(answer.status, 200, answer.text);
    const body = answer.json as Record<string, unknown>;
    const listed = ((await h.call('GET', '/api/v1/incidents')).json as { incidents: Record<string, unknown>[] }).incidents[0]!;
    assert.deepEqual(Object.keys(body), [...Object.keys(listed), 'diagnosis', 'rediagnoses']);
    for (const [key, value] of Object.entries(listed)) assert.deepEqual(body[key], value, key);
    assert.deepEqual(body.diagnosis, opening);
    assert.deepEqual(body.rediagnoses, [again]);
    const { steps, attempts, verdict } = body.diagnosis as typeof opening;
    assert.ok(steps.length > 0 && attempts.length > 0 && verdict.cause === 'upstream-refused');
    assert.equal('diagnosis' in listed, false, 'the list carries verdicts only');

    const bare = await h.service.openIncident('shop', opening.verdict, new Date('2026-03-01T11:00:00Z'));
    assert.equal(bare.id, incident.id, 'still open: the same incident');
  });

  it('404s an unknown id, 400s a malformed one, and reads need a token like the other reads', async (t) => {
    const h = await startHarness(t, { yaml: YAML });
    const opening = diagnosis('upstream-refused');
    const incident = await h.service.openIncident('shop', opening.verdict, new Date('2026-03-01T10:00:00Z'), opening);

    const missing = await h.call('GET', `/api/v1/incidents/${incident.id + 1}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(errorOf(missing), { code: 'not_found', message: `no incident ${incident.id + 1}` });
    assert.equal(errorOf(await h.call('GET', '/api/v1/incidents/0')).code, 'not_found');
    for (const id of ['abc', '1.5', '-1', '1e3', '0x1', '%20', '99999999999999999', '12345678901234567890']) {
      const answer = await h.call('GET', `/api/v1/incidents/${id}`);
      assert.equal(answer.status, 400, id);
      assert.equal(errorOf(answer).code, 'invalid_parameter', id);
      assert.match(errorOf(answer).message, /^id: .* is not an incident id/, id);
    }
    assert.equal((await h.call('POST', `/api/v1/incidents/${incident.id}`)).status, 405);

    assert.equal((await h.call('GET', `/api/v1/incidents/${incident.id}`, { token: null })).status, 401);
    assert.equal((await h.call('GET', `/api/v1/incidents/${incident.id}`, { token: 'wrong' })).status, 401);
    h.apiConfig = { tokens: [], publicRead: true };
    assert.equal((await h.call('GET', `/api/v1/incidents/${incident.id}`, { token: null })).status, 200);
  });
});
