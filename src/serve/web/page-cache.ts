// Status pages are the same for every visitor, so each rendering is kept a few seconds: during an
// outage, when everyone reloads the page at once, a thousand requests cost one rendering (requests
// that arrive while it renders wait for the same promise). A config reload starts afresh.
export class PageCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();
  private generation: unknown;

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now, private readonly maxEntries = 1000) {}

  /** `generation` changes when the config is reloaded: everything kept before is dropped. */
  get(generation: unknown, key: string, make: () => Promise<V>): Promise<V> {
    if (generation !== this.generation) {
      this.entries.clear();
      this.generation = generation;
    }
    const now = this.now();
    const kept = this.entries.get(key);
    if (kept && now - kept.at < this.ttlMs) return kept.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = make();
    this.entries.set(key, { at: now, value });
    // A failed rendering is not kept: the next request tries again.
    value.catch(() => { if (this.entries.get(key)?.value === value) this.entries.delete(key); });
    return value;
  }
}
