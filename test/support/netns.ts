// A network namespace of this test's own, joined to the test's namespace by a veth pair, so a
// server can listen on a fixed port (DNS's 53) at an address nobody else uses. Names start with
// `wdnet14` and addresses come from 198.18.14.0/24 (the slice given to this work): a random /28 of
// it per namespace, so two runs at once rarely meet (and retry another when they do). Removed by
// remove(), and at exit at the latest, whatever happened.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface Netns {
  name: string;
  /** The test's own end of the link. */
  hostAddress: string;
  /** Addresses inside the namespace, on its end of the link. */
  addresses: string[];
  /** An address in the namespace's subnet that nothing holds (packets to it go unanswered). */
  unusedAddress: string;
  remove(): void;
}

const created = new Set<string>();
process.on('exit', () => { for (const name of created) removeQuietly(name); });

function ip(args: string[]): void {
  const run = spawnSync('ip', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ip ${args.join(' ')}: ${run.stderr.trim() || `exit ${run.status}`}`);
}

function removeQuietly(name: string): void {
  // Deleting the namespace deletes its end of the veth pair, which deletes the other end too.
  spawnSync('ip', ['link', 'del', `${name}h`], { encoding: 'utf8' });
  spawnSync('ip', ['netns', 'del', name], { encoding: 'utf8' });
  created.delete(name);
}

/** A namespace with `count` addresses (at most 12). */
export function createNetns(count: number): Netns {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    const name = `wdnet14${randomBytes(2).toString('hex')}`;
    const base = (randomBytes(1)[0]! % 16) * 16; // one of the sixteen /28s
    const at = (n: number): string => `198.18.14.${base + n}`;
    created.add(name);
    try {
      ip(['netns', 'add', name]);
      ip(['link', 'add', `${name}h`, 'type', 'veth', 'peer', 'name', `${name}n`]);
      ip(['link', 'set', `${name}n`, 'netns', name]);
      ip(['addr', 'add', `${at(14)}/28`, 'dev', `${name}h`]);
      ip(['link', 'set', `${name}h`, 'up']);
      const addresses = Array.from({ length: count }, (_, i) => at(i + 1));
      for (const address of addresses) ip(['netns', 'exec', name, 'ip', 'addr', 'add', `${address}/28`, 'dev', `${name}n`]);
      ip(['netns', 'exec', name, 'ip', 'link', 'set', `${name}n`, 'up']);
      ip(['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
      return { name, hostAddress: at(14), addresses, unusedAddress: at(13), remove: () => removeQuietly(name) };
    } catch (error) {
      lastError = error; // most likely that /28 is in use by another run: try another
      removeQuietly(name);
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
