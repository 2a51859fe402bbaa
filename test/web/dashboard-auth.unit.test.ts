// The dashboard's sign-in parts without a server: password hashes, sessions (hashed ids, idle and
// absolute expiry), CSRF and origin checks, the `next` guard, the login rate limit, and ui.users
// in the config.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { ConfigError } from '../../src/serve/config/errors.js';
import { sameOrigin, tokensEqual } from '../../src/serve/web/dashboard/csrf.js';
import { LoginLimit } from '../../src/serve/web/dashboard/login-limit.js';
import { hashPassword, parsePasswordHash, verifyPassword } from '../../src/serve/web/dashboard/password.js';
import { safeNext } from '../../src/serve/web/dashboard/session-guard.js';
import { memorySessionRows } from '../../src/serve/web/dashboard/session-store.js';
import { hashSessionId, Sessions } from '../../src/serve/web/dashboard/sessions.js';
import { cameOverHttps, sessionCookie } from '../../src/serve/web/dashboard/cookies.js';

const FAST = { N: 1024, r: 8, p: 1 };
const request = (headers: Record<string, string>, encrypted = false): IncomingMessage => ({ headers, socket: { encrypted } } as unknown as IncomingMessage);

describe('dashboard sign-in parts', () => {
  it('hashes passwords with scrypt in the documented form and verifies them, wrong ones and malformed hashes refused', async () => {
    const hash = await hashPassword('correct horse', FAST);
    assert.match(hash, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    assert.equal(await verifyPassword('correct horse', hash), true);
    assert.equal(await verifyPassword('correct horsf', hash), false);
    assert.equal(await verifyPassword('', hash), false);
    assert.equal(await verifyPassword('correct horse', 'plaintext'), false);
    assert.notEqual(await hashPassword('correct horse', FAST), hash, 'a fresh salt each time');
    const real = await hashPassword('x');
    assert.match(real, /^scrypt\$32768\$8\$1\$/);
  });

  it('refuses hashes that are not of the form, or whose parameters would take the memory', () => {
    assert.match(parsePasswordHash('hunter2') as string, /not a password hash/);
    assert.match(parsePasswordHash('scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=') as string, /power of two/);
    assert.match(parsePasswordHash('scrypt$1048576$32$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=') as string, /MiB/);
    assert.equal(typeof parsePasswordHash('scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='), 'object');
  });

  it('keeps only the hash of a session id, finds it again (as after a restart), and expires it when idle or old', async () => {
    const rows = memorySessionRows();
    let clock = 1_000_000;
    const limits = { idleMs: 60 * 60_000, absoluteMs: 3 * 60 * 60_000 };
    const sessions = new Sessions(rows, limits, () => clock);
    const { id, session } = await sessions.create('admin');
    assert.match(id, /^[A-Za-z0-9_-]{43}$/);
    const stored = await rows.get(hashSessionId(id));
    assert.ok(stored);
    assert.equal(stored.user, 'admin');
    assert.ok(!JSON.stringify(stored).includes(id), 'the id itself is not stored');
    // A second Sessions over the same rows: a restarted server.
    const restarted = new Sessions(rows, limits, () => clock);
    assert.deepEqual(await restarted.find(id), session);
    assert.equal(await restarted.find('x'.repeat(43)), null);
    assert.equal(await restarted.find('<script>'), null);
    // Used every 50 minutes, it lives until the absolute limit.
    for (let i = 0; i < 3; i++) {
      clock += 50 * 60_000;
      assert.ok(await restarted.find(id), `alive after ${(i + 1) * 50} min`);
    }
    clock += 50 * 60_000;
    assert.equal(await restarted.find(id), null, 'past the absolute limit');
    assert.equal(await rows.get(hashSessionId(id)), null, 'and deleted');
    // Idle too long.
    const second = await sessions.create('admin');
    clock += 61 * 60_000;
    assert.equal(await sessions.find(second.id), null);
    // Ended (signed out): gone, and listeners hear of it.
    const third = await sessions.create('admin');
    const ended: string[] = [];
    sessions.onEnd((key) => ended.push(key));
    await sessions.end(third.session.key);
    assert.equal(await sessions.find(third.id), null);
    assert.deepEqual(ended, [third.session.key]);
  });

  it('checks CSRF tokens in constant time and refuses cross-site requests', () => {
    assert.equal(tokensEqual('abc', 'abc'), true);
    assert.equal(tokensEqual('abd', 'abc'), false);
    assert.equal(tokensEqual('ab', 'abc'), false);
    assert.equal(tokensEqual(undefined, 'abc'), false);
    assert.equal(sameOrigin(request({ 'sec-fetch-site': 'same-origin' })), true);
    assert.equal(sameOrigin(request({ 'sec-fetch-site': 'cross-site', origin: 'http://a' })), false);
    assert.equal(sameOrigin(request({ 'sec-fetch-site': 'same-site' })), false);
    assert.equal(sameOrigin(request({ origin: 'http://evil.example', host: 'whydown.local:8080' })), false);
    assert.equal(sameOrigin(request({ origin: 'http://whydown.local:8080', host: 'whydown.local:8080' })), true);
    assert.equal(sameOrigin(request({ origin: 'null', host: 'x' })), false);
    assert.equal(sameOrigin(request({ host: 'x' })), true, 'no browser headers: the token alone decides');
  });

  it('follows `next` only to a path of this site', () => {
    assert.equal(safeNext('/monitors/shop?x=1'), '/monitors/shop?x=1');
    for (const bad of ['https://evil.example', '//evil.example/', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', '/\u0000x', '/%0d%0aSet-Cookie:x', '', null, undefined]) {
      const next = safeNext(bad);
      assert.ok(next.startsWith('/') && !next.startsWith('//') && !/[\r\n]/.test(next), `${String(bad)} gave ${next}`);
      if (bad !== '/%0d%0aSet-Cookie:x') assert.equal(next, '/', String(bad));
    }
  });

  it('rate-limits failed sign-ins per key over a sliding window, and a success clears the name only', () => {
    let clock = 0;
    const limit = new LoginLimit({ max: 3, windowMs: 60_000, now: () => clock });
    const keys = ['address:1', 'user:admin'];
    for (let i = 0; i < 3; i++) {
      assert.equal(limit.retryAfter(keys), 0);
      limit.fail(keys);
      clock += 1000;
    }
    assert.equal(limit.retryAfter(keys), 57);
    assert.equal(limit.retryAfter(['address:2', 'user:admin']), 57, 'the name is limited from another address too');
    assert.equal(limit.retryAfter(['address:2', 'user:other']), 0);
    limit.succeed('user:admin');
    assert.equal(limit.retryAfter(['address:2', 'user:admin']), 0);
    assert.ok(limit.retryAfter(['address:1']) > 0, 'the address stays limited');
    clock += 60_000;
    assert.equal(limit.retryAfter(keys), 0, 'the window has passed');
    const bounded = new LoginLimit({ max: 1, windowMs: 60_000, maxKeys: 100, now: () => clock });
    for (let i = 0; i < 1000; i++) bounded.fail([`address:${i}`]);
    assert.equal(bounded.retryAfter(['address:0']), 0, 'the oldest keys are forgotten');
    assert.ok(bounded.retryAfter(['address:999']) > 0);
  });

  it('writes the cookie HttpOnly, SameSite=Strict, Path=/, and Secure only over https', () => {
    const plain = sessionCookie(request({}), 'id', 60);
    assert.equal(plain, 'whydown_session=id; Path=/; HttpOnly; SameSite=Strict; Max-Age=60');
    assert.equal(cameOverHttps(request({ 'x-forwarded-proto': 'https' })), true);
    assert.equal(cameOverHttps(request({}, true)), true);
    assert.match(sessionCookie(request({ 'x-forwarded-proto': 'https, http' }), 'id', 60), /; Secure$/);
  });

  it('reads ui.users, with file:line:col errors for a bad hash, a repeated or odd name, and unknown keys', async () => {
    const hash = await hashPassword('pw', FAST);
    const good = parseConfig(`ui:\n  users:\n    - name: admin\n      passwordHash: "${hash}"\n`, 'w.yml', { env: {} });
    assert.deepEqual(good.ui.users, [{ name: 'admin', passwordHash: hash }]);
    assert.deepEqual(parseConfig('{}', 'w.yml', { env: {} }).ui.users, []);
    const bad = `ui:
  users:
    - name: admin
      passwordHash: hunter2
    - name: admin
      passwordHash: "${hash}"
    - name: "a b"
      passwordHash: "${hash}"
    - name: x
      password: plain
`;
    assert.throws(() => parseConfig(bad, 'w.yml', { env: {} }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const text = error.message;
      assert.match(text, /w\.yml:4:\d+: .*password hash of "admin" is not a password hash/);
      assert.match(text, /w\.yml:5:\d+: .*listed twice/);
      assert.match(text, /w\.yml:7:\d+: .*user name/);
      assert.match(text, /w\.yml:10:\d+: .*unknown key/);
      assert.ok(!text.includes('hunter2'), 'the bad hash is not echoed');
      return true;
    });
  });
});
