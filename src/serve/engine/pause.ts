// Paused monitors: not checked (the scheduler drops their slots) until resumed, so no incident
// opens meanwhile; one already open stays as it is. Kept in the store, so a pause outlives a
// restart, config monitors included (the store keeps their ids over config reloads).
import type { Store } from '../store/types.js';

export class PauseList {
  private readonly paused = new Map<string, string>();

  constructor(private readonly store: Store) {}

  /** Reads the pauses kept by the last run; before the monitors are watched. */
  async load(): Promise<void> {
    this.paused.clear();
    for (const [name, at] of (await this.store.listPaused?.()) ?? []) this.paused.set(name, at);
  }

  has(name: string): boolean {
    return this.paused.has(name);
  }

  /** When the monitor was paused (ISO); undefined when it is not. */
  at(name: string): string | undefined {
    return this.paused.get(name);
  }

  /** Stores the pause first: the answer says paused only once a restart would keep it. */
  async pause(name: string, now = new Date()): Promise<boolean> {
    if (!this.store.setPaused) throw new Error('this store cannot keep pauses');
    if (!(await this.store.setPaused(name, now))) return false;
    if (!this.paused.has(name)) this.paused.set(name, now.toISOString());
    return true;
  }

  async resume(name: string): Promise<boolean> {
    if (!this.store.setPaused) throw new Error('this store cannot keep pauses');
    const exists = await this.store.setPaused(name, null);
    this.paused.delete(name);
    return exists;
  }

  /** A monitor gone: its row went with it in the store. */
  forget(name: string): void {
    this.paused.delete(name);
  }
}
