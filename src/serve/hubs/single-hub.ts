// SQLite means one hub: the file's `hubs` row says which process serves it, renewed every few
// seconds. A second `whydown serve` on the same file is refused at start (two processes would
// both check every monitor and count each slot twice); a row left by a process that died on this
// machine does not count.
import { WhydownError } from '../../core/errors.js';
import type { Database } from '../store/database.js';
import type { HubsInfo } from '../engine/types.js';
import type { HubIdentity } from './identity.js';

const BEAT_MS = 5000;
const DEAD_AFTER_MS = 20_000;

export class SingleHub {
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly db: Database, private readonly identity: HubIdentity, private readonly monitors: () => number) {}

  static async claim(db: Database, identity: HubIdentity, monitors: () => number): Promise<SingleHub> {
    const now = Date.now();
    await db.transaction(async (tx) => {
      const others = await tx.all<{ name: string; host: string; pid: number | string; heartbeat: number | string }>(
        'SELECT name, host, pid, heartbeat FROM hubs WHERE name <> :name', { name: identity.name });
      for (const other of others) {
        const live = Number(other.heartbeat) > now - DEAD_AFTER_MS && !(other.host === identity.host && !processAlive(Number(other.pid)));
        if (live) {
          throw new WhydownError('E_BAD_OPTION', `this SQLite database is in use by another whydown serve (${other.name}); `
            + 'SQLite means one hub: stop the other, or use PostgreSQL (--db postgres://…) to run several');
        }
        await tx.run('DELETE FROM hubs WHERE name = :name', { name: other.name });
      }
      await tx.run(`INSERT INTO hubs (name, host, pid, version, started, heartbeat, monitors) VALUES (:name, :host, :pid, :version, :now, :now, 0)
        ON CONFLICT (name) DO UPDATE SET host = excluded.host, pid = excluded.pid, version = excluded.version, started = excluded.started, heartbeat = excluded.heartbeat`,
      { ...identity, now });
    });
    const hub = new SingleHub(db, identity, monitors);
    hub.beat();
    return hub;
  }

  info(): HubsInfo {
    return {
      name: this.identity.name,
      heldMonitors: this.monitors,
      list: async () => [{ name: this.identity.name, lastSeen: new Date().toISOString(), monitors: this.monitors() }],
    };
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.db.run('DELETE FROM hubs WHERE name = :name', { name: this.identity.name }).catch(() => undefined);
  }

  private beat(): void {
    this.timer = setTimeout(() => {
      this.db.run('UPDATE hubs SET heartbeat = :now, monitors = :monitors WHERE name = :name', { now: Date.now(), monitors: this.monitors(), name: this.identity.name })
        .catch(() => undefined)
        .finally(() => { if (this.timer) this.beat(); });
    }, BEAT_MS);
    this.timer.unref();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
