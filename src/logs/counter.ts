// Counts by name with a bound on distinct names: beyond it, new names are counted together under
// OTHERS, so memory stays bounded whatever a log holds (upstreams, paths).

export const OTHERS = '(others)';
const DEFAULT_MAX_NAMES = 10_000;

interface Counter { name: string; n: number }

export class CappedCounter {
  /**
   * Counters by name. Parsers on hot paths hand out the same string object for the same name
   * (parsers/common.ts Interner), which V8 finds by its cached hash and by pointer; a fresh
   * slice each time made this lookup 15% of `whydown logs` on a big file (see bench/RESULTS.md).
   */
  private readonly table = new Map<string, Counter>();
  private names = 0;

  constructor(private readonly maxNames = DEFAULT_MAX_NAMES) {}

  add(name: string, n = 1): void {
    const counter = this.table.get(name);
    if (counter !== undefined) {
      counter.n += n;
      return;
    }
    if (this.names >= this.maxNames && name !== OTHERS) {
      this.add(OTHERS, n);
      return;
    }
    if (name !== OTHERS) this.names++;
    this.table.set(name, { name, n });
  }

  /** As plain data, to pass between threads. */
  entries(): Array<[string, number]> {
    return [...this.table.values()].map((counter): [string, number] => [counter.name, counter.n]);
  }

  /** Most counted first (then by name). */
  sorted(): Array<[string, number]> {
    return this.entries().sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }
}
