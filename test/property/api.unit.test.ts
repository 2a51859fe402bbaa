// The API's JSON bodies against generated input: monitors shaped like the real thing with values
// of every type, any JSON at all, and text that is not JSON, POSTed and PUT. Every answer is a
// 2xx with the monitor, or a 4xx whose body is the JSON error — never a 500 — and a monitor the
// API says it created can be read back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { startHarness, type Answer } from '../server/harness.js';
import { checkAsync } from './settings.js';

const SCALARS = [
  'https://shop.example/', 'http://127.0.0.1:8000/health', 'ftp://x/', 'not a url', 'http://[::1', '30s', '2m', '0s', '-1s', 'soon',
  '100ms', 'GET', 'POST', 'BREW', '200', '2xx', '200-299', '600-100', 'shop', 'UPPER', 'a b', '${SECRET}', '', '0 3 * * 1',
  'Europe/Berlin', '2026-11-28T10:00:00Z',
];
const NAMES = ['shop', 'blog', 'a', 'x'.repeat(80), 'UPPER', 'with space', '..', 'é', 'a/b', 'from-file', '-', '0'];
const KEYS = ['name', 'url', 'interval', 'timeout', 'method', 'headers', 'body', 'expect', 'tags', 'confirm', 'notify', 'maintenance', 'flapping', 'status', 'bodyContains', 'failures', 'within', 'x'];

const anything: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom(...SCALARS), fc.jsonValue({ maxDepth: 2 }));
const nested: fc.Arbitrary<unknown> = fc.oneof(anything, fc.dictionary(fc.constantFrom(...KEYS), anything, { maxKeys: 3 }), fc.array(anything, { maxLength: 3 }));
const monitorLike = fc.record({
  name: fc.oneof(fc.constantFrom(...NAMES), anything),
  url: fc.oneof(fc.constantFrom(...SCALARS), anything),
  interval: fc.constantFrom(...SCALARS),
  timeout: fc.constantFrom(...SCALARS),
  method: fc.constantFrom(...SCALARS),
  headers: fc.oneof(fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 12 }), anything), { maxKeys: 3 }), anything),
  body: anything,
  expect: nested,
  tags: fc.oneof(fc.array(fc.oneof(fc.constantFrom(...NAMES), anything), { maxLength: 3 }), anything),
  confirm: nested,
  flapping: nested,
  notify: nested,
  maintenance: nested,
  x: anything,
}, { requiredKeys: [] });
/** A monitor that would be accepted, with a key or two changed to anything. */
const nearlyValid = fc.tuple(
  fc.record({ name: fc.constantFrom('shop', 'blog', 'a-1'), url: fc.constantFrom('https://shop.example/', 'http://127.0.0.1:8000/health') }),
  fc.record({ interval: fc.constantFrom('30s', '2m', '1h'), timeout: fc.constantFrom('5s', '10s'), tags: fc.constant(['prod']), method: fc.constantFrom('GET', 'HEAD') }, { requiredKeys: [] }),
  monitorLike.chain((changed) => fc.subarray(Object.keys(changed), { maxLength: 2 }).map((keys) => Object.fromEntries(keys.map((k) => [k, (changed as Record<string, unknown>)[k]])))),
).map(([base, extra, changed]) => ({ ...base, ...extra, ...changed }));
/** A body as sent: a monitor-ish object, any JSON, or text that is not JSON. */
const body = fc.oneof(
  { arbitrary: nearlyValid.map((value) => JSON.stringify(value)), weight: 4 },
  { arbitrary: monitorLike.map((value) => JSON.stringify(value)), weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)), weight: 2 },
  { arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', ' ', '{', '{"name":', '[1,]', 'null', '"\\ud800"', '1e999')), weight: 1 },
);
const call = fc.record({
  method: fc.constantFrom('POST', 'PUT'),
  name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 10 })),
  body,
});

function assertAnswer(answer: Answer, what: string): void {
  assert.ok(answer.status < 500, `${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
  assert.ok(answer.status >= 200, `${what}: ${answer.status}`);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/, what);
  if (answer.status >= 400) {
    const error = (answer.json as { error?: { code?: unknown; message?: unknown } }).error;
    assert.equal(typeof error?.code, 'string', `${what}: ${answer.text}`);
    assert.equal(typeof error?.message, 'string', `${what}: ${answer.text}`);
  }
}

describe('property: API bodies', () => {
  it('POST and PUT of any body: 2xx with the monitor, or a 4xx JSON error, never a 500', async (t) => {
    const h = await startHarness(t, { yaml: 'monitors:\n  - name: from-file\n    url: https://file.example/\n' });
    await checkAsync(fc.asyncProperty(call, async ({ method, name, body: text }) => {
      const path = method === 'POST' ? '/api/v1/monitors' : `/api/v1/monitors/${encodeURIComponent(name)}`;
      const what = `${method} ${path} ${text.slice(0, 200)}`;
      const answer = await h.call(method, path, { body: text });
      assertAnswer(answer, what);
      if (answer.status === 200 || answer.status === 201) {
        const created = (answer.json as { name: string }).name;
        const back = await h.call('GET', `/api/v1/monitors/${encodeURIComponent(created)}`);
        assert.equal(back.status, 200, `${what}: then GET ${created}: ${back.status} ${back.text}`);
        await h.call('DELETE', `/api/v1/monitors/${encodeURIComponent(created)}`);
      }
    }), 300);
  });
});
