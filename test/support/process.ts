// Starting and stopping real servers for tests: each in its own process group, stopped by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { forgetAtExit, killAtExit } from './cleanup.js';
import { delay } from './delay.js';

export { makeTempDir, removeTempDir } from './cleanup.js';
export { delay } from './delay.js';

export interface RunningProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything the process wrote on stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The kernel's ephemeral ports start here: listen(0) and outgoing connections take ports from it. */
function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

const handedOut = new Set<number>();

/**
 * A port nothing listens on for as long as the tests run, for "the upstream is down" and for an
 * application the test starts and stops on a port of its own. A port from freePort that is closed
 * again is back in the ephemeral pool: a server another test file starts with port 0 can take it
 * a moment later, and "refused" turns into an answer. These come from just below the ephemeral
 * range, which only a fixed `listen` could take, and no test listens on a fixed port. Distinct
 * within a process (tests tell upstreams apart by port); checked free when handed out.
 */
export async function deadPort(host = '127.0.0.1'): Promise<number> {
  const high = Math.max(2048, ephemeralLow()) - 1;
  const low = Math.max(1024, high - 10_000);
  for (;;) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, host, () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export interface StartOptions {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Resolve once this TCP port accepts connections. */
  waitForPort?: { port: number; host?: string };
  /** Or once the output contains this text. */
  waitForOutput?: string | RegExp;
  readyTimeoutMs?: number;
}

export async function startProcess(options: StartOptions): Promise<RunningProcess> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true, // own process group, so stop() ends the server and its workers
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Killed when this test process exits, should a test never get to stop() it. Only while its
  // leader lives: once it has exited, its group id may be reused by another process.
  const pid = child.pid;
  if (pid !== undefined) {
    killAtExit(pid);
    child.once('exit', () => forgetAtExit(pid));
  }
  let output = '';
  const append = (chunk: Buffer): void => {
    if (output.length < 1_000_000) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => { hasExited = true; });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const running: RunningProcess = {
    get pid() { return child.pid ?? -1; },
    child,
    output: () => output,
    async stop() {
      if (hasExited || child.pid === undefined) return;
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      killGroup(child.pid, 'SIGKILL'); // workers that outlived their master
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  const describe = `${options.command} ${options.args.join(' ')}`;
  for (;;) {
    const failed = await Promise.race([
      spawnError.then((error) => error),
      exited.then(() => new Error(`exited early`)),
      delay(50).then(() => null),
    ]);
    if (failed) {
      throw new Error(`${describe}: ${failed.message}\n${output}`);
    }
    if (options.waitForPort && (await canConnect(options.waitForPort.port, options.waitForPort.host))) break;
    if (options.waitForOutput && matches(output, options.waitForOutput)) break;
    if (!options.waitForPort && !options.waitForOutput) break;
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(`${describe}: not ready in time\n${output}`);
    }
  }
  return running;
}

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}


export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(500);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}
