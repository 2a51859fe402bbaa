// The config loader against generated files: whatever the text — the example cut and spliced,
// generated trees of the config's own keys with values of every type, YAML punctuation soup —
// parseConfig gives a Config or one ConfigError whose every problem says where it is
// (whydown.yml:line:col), never another exception.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { isWhydownError } from '../../src/core/errors.js';
import { ConfigError } from '../../src/serve/config/errors.js';
import { parseConfig } from '../../src/serve/config/load.js';
import { check } from './settings.js';

const EXAMPLE = readFileSync(fileURLToPath(new URL('../../../examples/whydown.yml', import.meta.url)), 'utf8');
const ENV = { TOKEN: 'from-env', HOOK_SECRET: 's3cret' };

const KEYS = [
  'listen', 'db', 'api', 'tokens', 'publicRead', 'notify', 'defaults', 'monitors', 'maintenance', 'name', 'url', 'type',
  'secret', 'interval', 'timeout', 'confirm', 'failures', 'within', 'flapping', 'changes', 'headers', 'method', 'body',
  'expect', 'status', 'bodyContains', 'tags', 'start', 'end', 'cron', 'duration', 'timezone', 'token', 'chatId',
  'priority', 'routingKey', 'from', 'to', 'User-Agent', 'x',
];
const SCALARS = [
  '10s', '1m30s', '0s', '-5s', 'soon', '100ms', 'http://127.0.0.1:8000/', 'https://shop.example/', 'ftp://x', 'not a url',
  '${TOKEN}', '${MISSING}', '$${TOKEN}', '${', '200', '2xx', '200-299', '99', '600-100', 'webhook', 'slack', 'email', 'ntfy',
  'GET', 'BREW', '0 3 * * 1', '61 * * * *', 'Europe/Berlin', 'Mars/Olympus', '2026-11-28T10:00:00+01:00', '2026-13-45',
  'sqlite:./x.db', 'postgres://u@h/d', '127.0.0.1:8080', '[::1]:0', 'UPPER', 'a b', '', 'high', 'max', '7',
];

const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS),
    fc.integer({ min: -10, max: 100_000 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 12 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
  ),
})).value;
const MONITOR_KEYS = ['name', 'url', 'interval', 'timeout', 'confirm', 'flapping', 'headers', 'method', 'body', 'expect', 'tags', 'notify', 'maintenance', 'x'];
/** Mostly a sensible value for the key, sometimes anything. */
const field = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.constantFrom(...SCALARS), value), { maxKeys: 6 });
const shapedTree = fc.record({
  listen: fc.constantFrom(...SCALARS),
  db: fc.constantFrom(...SCALARS),
  api: fc.record({ tokens: fc.array(fc.constantFrom(...SCALARS), { maxLength: 2 }), publicRead: value }, { requiredKeys: [] }),
  notify: fc.array(field(['name', 'type', 'url', 'secret', 'token', 'chatId', 'priority', 'tags', 'routingKey', 'from', 'to']), { maxLength: 3 }),
  defaults: field(MONITOR_KEYS),
  monitors: fc.array(field(MONITOR_KEYS), { maxLength: 4 }),
  maintenance: fc.array(field(['start', 'end', 'cron', 'duration', 'timezone', 'monitors', 'tags', 'x']), { maxLength: 2 }),
}, { requiredKeys: [] });
const generatedTree = fc.oneof(shapedTree, fc.dictionary(fc.constantFrom(...KEYS.slice(0, 9)), value, { maxKeys: 6 }))
  .chain((tree) => fc.constantFrom(stringify(tree), stringify(tree, { collectionStyle: 'flow' })));
const cutExample = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 4 })
  .map((edits) => edits.reduce((text, [at, drop, insert]) => {
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + insert + text.slice(cut + drop);
  }, EXAMPLE));
const punctuation = fc.array(fc.constantFrom(':', ' ', '  ', '\n', '- ', '{', '}', '[', ']', ',', '"', "'", '#', '&a ', '*a', '!!str ', '|', '>',
  '%YAML 1.2\n', '---\n', '...\n', '? ', '\t', 'monitors', 'name', 'url', 'x', '1'), { maxLength: 40 }).map((parts) => parts.join(''));

function outcomeOf(text: string): void {
  try {
    parseConfig(text, 'whydown.yml', { env: ENV });
  } catch (error) {
    assert.ok(isWhydownError(error), `not a WhydownError: ${(error as Error)?.stack ?? String(error)}`);
    assert.ok(error instanceof ConfigError, `${error.code}: ${error.message}`);
    for (const issue of error.issues) {
      assert.equal(issue.file, 'whydown.yml');
      assert.ok(issue.line >= 1 && issue.col >= 1, `no position: ${JSON.stringify(issue)}`);
    }
    for (const line of error.message.split('\n').slice(error.issues.length > 1 ? 1 : 0)) {
      assert.match(line, /^whydown\.yml:\d+:\d+: /);
    }
  }
}

describe('property: config loader', () => {
  it('the example cut and spliced: a Config or a ConfigError with positions', () => {
    check(fc.property(cutExample, outcomeOf), 200);
  });

  it('generated trees of the config keys: a Config or a ConfigError with positions', () => {
    check(fc.property(generatedTree, outcomeOf), 300);
  });

  it('YAML punctuation soup: a Config or a ConfigError with positions', () => {
    check(fc.property(punctuation, outcomeOf), 400);
  });
});
