// Network namespaces for vantage tests: each agent in its own namespace joined to the root
// namespace by a veth pair, and one address in the root namespace (on its loopback: no dummy
// interface module needed) where the hub and the targets listen. Addresses in 198.18.13.0/24 only (this suite's own /24 of the
// benchmarking range), names `wdag…`; everything made is removed by `remove()` (also on failure:
// call it from `after`).
import { execFileSync } from 'node:child_process';

export const HUB_ADDRESS = '198.18.13.250';

export interface Namespaces {
  /** Namespace names, one per agent, in order. */
  names: string[];
  /** The namespace side's address of each. */
  addresses: string[];
  /** Runs a command inside namespace `i` (as root), returning its stdout. */
  exec(i: number, command: string, args: string[]): string;
  /** Rejects (TCP reset → connect-refused) or drops (→ connect-timeout) traffic from namespace `i` to host:port; 'none' removes the rule. */
  block(i: number, how: 'reject' | 'drop' | 'none', host: string, port: number): void;
  remove(): void;
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function quiet(command: string, args: string[]): void {
  try {
    run(command, args);
  } catch {
    // already gone
  }
}

export function hasNetns(): string | null {
  if (process.getuid?.() !== 0) return 'needs root';
  for (const tool of [['ip', '-V'], ['nft', '--version']] as const) {
    try {
      run(tool[0], [tool[1]]);
    } catch {
      return `needs ${tool[0]}`;
    }
  }
  return null;
}

/** `count` namespaces (at most 60); `tag` keeps concurrent runs apart (a few digits). */
export function createNamespaces(count: number, tag = String(process.pid % 10000), hubAddress = HUB_ADDRESS): Namespaces {
  const names = Array.from({ length: count }, (_, i) => `wdag${tag}n${i}`);
  const hostSide = (i: number): string => `wdag${tag}h${i}`;
  const addresses = names.map((_, i) => `198.18.13.${4 * i + 2}`);
  const made: (() => void)[] = [];
  const remove = (): void => {
    for (const undo of made.splice(0).reverse()) undo();
  };
  try {
    run('ip', ['addr', 'add', `${hubAddress}/32`, 'dev', 'lo']);
    made.push(() => quiet('ip', ['addr', 'del', `${hubAddress}/32`, 'dev', 'lo']));
    names.forEach((ns, i) => {
      run('ip', ['netns', 'add', ns]);
      made.push(() => quiet('ip', ['netns', 'del', ns]));
      run('ip', ['link', 'add', hostSide(i), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      made.push(() => quiet('ip', ['link', 'del', hostSide(i)]));
      run('ip', ['addr', 'add', `198.18.13.${4 * i + 1}/30`, 'dev', hostSide(i)]);
      run('ip', ['link', 'set', hostSide(i), 'up']);
      const inNs = (args: string[]): string => run('ip', ['netns', 'exec', ns, ...args]);
      inNs(['ip', 'addr', 'add', `${addresses[i]}/30`, 'dev', 'eth0']);
      inNs(['ip', 'link', 'set', 'eth0', 'up']);
      inNs(['ip', 'link', 'set', 'lo', 'up']);
      inNs(['ip', 'route', 'add', `${hubAddress}/32`, 'via', `198.18.13.${4 * i + 1}`]);
      inNs(['nft', 'add table inet wdag; add chain inet wdag out { type filter hook output priority 0; }']);
    });
  } catch (error) {
    remove();
    throw error;
  }
  return {
    names,
    addresses,
    exec: (i, command, args) => run('ip', ['netns', 'exec', names[i]!, command, ...args]),
    block(i, how, host, port) {
      const ns = names[i]!;
      run('ip', ['netns', 'exec', ns, 'nft', 'flush chain inet wdag out']);
      if (how === 'none') return;
      const verdict = how === 'reject' ? 'reject with tcp reset' : 'drop';
      run('ip', ['netns', 'exec', ns, 'nft', `add rule inet wdag out ip daddr ${host} tcp dport ${port} ${verdict}`]);
    },
    remove,
  };
}
