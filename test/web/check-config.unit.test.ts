// `ui.publicCheck` in whydown.yml: off by default, every mistake reported at its line and column.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/serve/config/errors.js';
import { parseConfig } from '../../src/serve/config/load.js';

function problems(text: string): string[] {
  try {
    parseConfig(text, 'whydown.yml', { env: {} });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map((i) => `${i.line}:${i.col}: ${i.path}: ${i.message}`);
  }
  assert.fail('the config loaded, but it should not have');
}

describe('config: ui.publicCheck', () => {
  it('is off, with ports 80 and 443, when the file says nothing', () => {
    assert.deepEqual(parseConfig('{}').ui.publicCheck, { enabled: false, allow: [], ports: [80, 443] });
    assert.deepEqual(parseConfig('ui:\n').ui.publicCheck, { enabled: false, allow: [], ports: [80, 443] });
  });

  it('reads enabled, allow, ports and from', () => {
    const config = parseConfig('ui:\n  publicCheck:\n    enabled: true\n    allow: [127.0.0.2/32, "fd00::/8"]\n    ports: [8080, 443]\n    from: Frankfurt\n');
    assert.deepEqual(config.ui.publicCheck, { enabled: true, allow: ['127.0.0.2/32', 'fd00::/8'], ports: [8080, 443], from: 'Frankfurt' });
  });

  it('reports each mistake at its line and column', () => {
    assert.deepEqual(problems('ui:\n  publicCheck:\n    enabled: yes please\n    allow: [10.0.0.0/33, example.com]\n    ports: [0, 70000]\n    color: red\n'), [
      '3:14: ui.publicCheck.enabled: expected true or false, got "yes please"',
      '4:13: ui.publicCheck.allow[0]: "10.0.0.0/33" is not a CIDR range (like 127.0.0.2/32 or fd00::/8)',
      '4:26: ui.publicCheck.allow[1]: "example.com" is not a CIDR range (like 127.0.0.2/32 or fd00::/8)',
      '5:13: ui.publicCheck.ports[0]: expected a whole number from 1 to 65535, got 0',
      '5:16: ui.publicCheck.ports[1]: expected a whole number from 1 to 65535, got 70000',
      '6:5: ui.publicCheck.color: unknown key (one of: enabled, allow, ports, from)',
    ]);
    assert.deepEqual(problems('ui:\n  publicCheck:\n    ports: []\n'), ['3:12: ui.publicCheck.ports: lists no port; leave it out for 80 and 443']);
  });

  it('names an unknown ui key', () => {
    assert.match(problems('ui:\n  publicChek: {enabled: true}\n')[0] ?? '', /^2:3: ui\.publicChek: unknown key.*publicCheck/);
  });
});
