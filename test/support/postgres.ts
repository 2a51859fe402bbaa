// A real PostgreSQL 15 (Debian's package) in a temporary folder, on a free loopback port. It
// refuses to run as root, so as root it runs as the `postgres` user through runuser, in its own
// process group; it is stopped by that group's id, never by name. fsync is off: the tests kill
// processes, not the machine, and a write the server has made survives its process.
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { delay, freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

const BIN = '/usr/lib/postgresql/15/bin';
const READY = 'database system is ready to accept connections';

export interface Postgres {
  port: number;
  dir: string;
  /** postgres://… for the `postgres` database. */
  url: string;
  /** A new, empty database; its URL. */
  createDatabase(): Promise<string>;
  /** `fast`: SIGINT (pg_ctl stop -m fast); `kill`: SIGKILL to the server and its backends. */
  stop(mode?: 'fast' | 'kill'): Promise<void>;
  /** Starts the server again on the same folder and port (after stop). */
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/** The command line, run as the postgres user when this process is root. */
function command(program: string, args: string[]): { command: string; args: string[] } {
  return asRoot
    ? { command: 'runuser', args: ['-u', 'postgres', '--', path.join(BIN, program), ...args] }
    : { command: path.join(BIN, program), args };
}

export async function startPostgres(): Promise<Postgres> {
  const dir = await makeTempDir('postgres');
  const data = path.join(dir, 'data');
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const init = command('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--locale=C', '--encoding=UTF8', '-N']);
  execFileSync(init.command, init.args, { stdio: 'pipe' });
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: RunningProcess | null = null;
  let databases = 0;

  const start = async (): Promise<void> => {
    const run = command('postgres', [
      '-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`,
      '-c', 'fsync=off', '-c', 'max_connections=200', '-c', 'shared_buffers=64MB',
    ]);
    // After a SIGKILL the old backends may take a moment to exit and let go of shared memory.
    for (let attempt = 1; ; attempt++) {
      try {
        server = await startProcess({ ...run, waitForOutput: READY, readyTimeoutMs: 30_000 });
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await delay(300);
      }
    }
  };

  // Signals go to the postmaster itself (its pid is the first line of postmaster.pid): its parent,
  // runuser, then reaps it at once, and its backends notice their postmaster is gone and exit.
  // Signalling the whole group would kill runuser too and leave the postmaster an unreaped zombie
  // whose pid, still in the lock file, keeps a new server from starting.
  const stop = async (mode: 'fast' | 'kill' = 'fast'): Promise<void> => {
    const running = server;
    if (running === null) return;
    server = null;
    const exited = new Promise<void>((resolve) => {
      if (running.child.exitCode !== null || running.child.signalCode !== null) resolve();
      else running.child.once('exit', () => resolve());
    });
    const postmaster = Number((await readFile(path.join(data, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    try {
      process.kill(postmaster > 0 ? postmaster : running.pid, mode === 'fast' ? 'SIGINT' : 'SIGKILL');
    } catch {
      // already gone
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(resolve, 15_000); })]);
    clearTimeout(timer);
    await running.stop(); // whatever is left of the group
  };

  await start();
  return {
    port, dir, url,
    async createDatabase() {
      const name = `whydown_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
    start,
    async destroy() {
      await stop('fast');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
