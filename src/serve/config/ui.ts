// The `ui:` section: what the web side of `whydown serve` shows. Each key has its reader; a new
// key (users, ...) is one more entry in UI_KEYS and one more reader.
import { parseCidr, DEFAULT_PORTS } from '../../core/probe/destination-policy.js';
import type { PublicCheckConfig, UiConfig, UiUser } from './types.js';
import { parsePasswordHash } from '../web/dashboard/password.js';
import type { Field, Walker } from './walker.js';

const UI_KEYS = ['publicCheck', 'users'] as const;
const USER_KEYS = ['name', 'passwordHash'] as const;
const PUBLIC_CHECK_KEYS = ['enabled', 'allow', 'ports', 'from'] as const;

export const DEFAULT_PUBLIC_CHECK: PublicCheckConfig = { enabled: false, allow: [], ports: [...DEFAULT_PORTS] };

export function defaultUi(): UiConfig {
  return { publicCheck: structuredClone(DEFAULT_PUBLIC_CHECK), users: [] };
}

export function readUi(w: Walker, field: Field): UiConfig {
  const f = w.map(field, UI_KEYS) ?? {};
  const ui = defaultUi();
  if (f.publicCheck) ui.publicCheck = readPublicCheck(w, f.publicCheck);
  if (f.users) ui.users = readUsers(w, f.users);
  return ui;
}

/** `ui.users`: names unique, each hash of the form `whydown hash-password` prints. */
function readUsers(w: Walker, field: Field): UiUser[] {
  const users: UiUser[] = [];
  const seen = new Set<string>();
  for (const item of w.list(field) ?? []) {
    const f = w.map(item, USER_KEYS, USER_KEYS);
    if (!f?.name || !f.passwordHash) continue;
    const name = w.string(f.name)?.trim();
    const hash = w.string(f.passwordHash)?.trim();
    if (name === undefined || hash === undefined) continue;
    if (!/^[\w.@+-]{1,64}$/.test(name)) {
      w.fail(f.name, 'a user name is 1 to 64 letters, digits or . _ @ + -');
      continue;
    }
    if (seen.has(name)) {
      w.fail(f.name, `the user "${name}" is listed twice; keep one`);
      continue;
    }
    seen.add(name);
    const parsed = parsePasswordHash(hash);
    // The hash itself is never echoed: it is a secret too.
    if (typeof parsed === 'string') {
      w.fail(f.passwordHash, `the password hash of "${name}" ${parsed}`);
      continue;
    }
    users.push({ name, passwordHash: hash });
  }
  return users;
}

/** `ui.publicCheck`: off unless enabled; `allow` opens CIDRs the policy refuses; `ports` replaces 80/443. */
function readPublicCheck(w: Walker, field: Field): PublicCheckConfig {
  const f = w.map(field, PUBLIC_CHECK_KEYS) ?? {};
  const check = structuredClone(DEFAULT_PUBLIC_CHECK);
  if (f.enabled) check.enabled = w.boolean(f.enabled) ?? false;
  if (f.allow) {
    for (const item of w.list(f.allow) ?? []) {
      const text = w.string(item);
      if (text === undefined) continue;
      if (parseCidr(text) === null) w.fail(item, `${w.shown(item)} is not a CIDR range (like 127.0.0.2/32 or fd00::/8)`);
      else if (!check.allow.includes(text.trim())) check.allow.push(text.trim());
    }
  }
  if (f.ports) {
    const items = w.list(f.ports);
    const ports: number[] = [];
    for (const item of items ?? []) {
      const port = w.integer(item, 1, 65535);
      if (port !== undefined && !ports.includes(port)) ports.push(port);
    }
    // Only an empty list is its own mistake; a list of bad ports has had each reported.
    if (items?.length === 0) w.fail(f.ports, 'lists no port; leave it out for 80 and 443');
    else if (ports.length > 0) check.ports = ports;
  }
  if (f.from) {
    const from = w.string(f.from)?.trim();
    if (from === '' || (from !== undefined && from.length > 80)) w.fail(f.from, 'name the place whydown runs in 1 to 80 characters (like "Frankfurt")');
    else if (from !== undefined) check.from = from;
  }
  return check;
}
