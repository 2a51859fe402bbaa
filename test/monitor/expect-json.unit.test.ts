// expect.json's verdict on bodies the probe kept: cut off, not JSON, a plain value, several
// matches, types that differ.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonMismatch } from '../../src/serve/engine/expect-json.js';

const status = [{ path: '$.status', value: 'ok' }];

describe('expect.json', () => {
  it('passes when every match has the value', () => {
    assert.equal(jsonMismatch(status, '{"status":"ok"}', false, 1024), undefined);
    assert.equal(jsonMismatch([{ path: '$.checks[*].up', value: true }], '{"checks":[{"up":true},{"up":true}]}', false, 1024), undefined);
  });

  it('names the first match that differs, its type visible', () => {
    assert.equal(jsonMismatch([{ path: '$.checks[*].up', value: true }], '{"checks":[{"up":true},{"up":false}]}', false, 1024), '$.checks[*].up is false, expected true');
    assert.equal(jsonMismatch([{ path: '$.code', value: 200 }], '{"code":"200"}', false, 1024), '$.code is "200", expected 200');
    assert.equal(jsonMismatch(status, '{"status":{"db":"ok","cache":"ok","queue":"ok","search":"ok","mail":"ok","files":"ok"}}', false, 1024),
      '$.status is {"db":"ok","cache":"ok","queue":"ok","search":"ok","mail":"ok","files":"ok"}, expected "ok"');
  });

  it('a body cut off at the sample, empty, not JSON or a plain value is said so', () => {
    assert.equal(jsonMismatch(status, '{"status":', true, 256 * 1024), 'the body is larger than the 256 KiB read for expect.json, so it was not parsed');
    assert.equal(jsonMismatch(status, '  ', false, 1024), 'the body is empty, not JSON');
    assert.equal(jsonMismatch(status, '"ok"', false, 1024), 'the body is JSON, but a plain "ok", not an object or a list');
    assert.equal(jsonMismatch(status, 'Service Unavailable', false, 1024), 'the body is not JSON (it starts "Service Unavailable")');
  });
});
