// `whydown serve` as a child process, as a user runs it: started from the real CLI, waited for
// on /healthz, stopped with a signal (SIGTERM for a clean stop, SIGKILL for a crash).
import { spawn, type ChildProcess } from 'node:child_process';
import { forgetAtExit, killAtExit } from './cleanup.js';
import { BIN } from './cli.js';
import { delay } from './process.js';

export interface ServeProcess {
  child: ChildProcess;
  base: string;
  /** Everything written to stderr so far (the log). */
  log(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  /** GET (or another method) against the API with the token. */
  api<T = unknown>(path: string, init?: { method?: string; body?: unknown; token?: string | null }): Promise<{ status: number; body: T }>;
}

/** `listenArg: false`: no --listen, the config file's `listen:` names `port`. */
export async function startServeProcess(args: string[], port: number, env: NodeJS.ProcessEnv = {}, options: { listenArg?: boolean; readyTimeoutMs?: number } = {}): Promise<ServeProcess> {
  const listen = options.listenArg === false ? [] : ['--listen', `127.0.0.1:${port}`];
  const child = spawn(process.execPath, [BIN, 'serve', ...args, ...listen], {
    env: { ...process.env, NO_COLOR: '1', WHYDOWN_API_TOKEN: 'test-token', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Killed when the test process exits, should a test never get to stop() it.
  killAtExit(child.pid!, 'process');
  child.once('exit', () => forgetAtExit(child.pid!, 'process'));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const base = `http://127.0.0.1:${port}`;
  const api: ServeProcess['api'] = async (path, init = {}) => {
    const headers: Record<string, string> = {};
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? 'test-token'}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as never };
  };
  let done = false;
  void exited.then(() => { done = true; });
  for (let i = 0; ; i++) {
    if (done) throw new Error(`whydown serve exited at start: ${stderr}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > (options.readyTimeoutMs ?? 30_000) / 100) throw new Error(`whydown serve did not answer /healthz within ${(options.readyTimeoutMs ?? 30_000) / 1000} s: ${stderr}`);
    await delay(100);
  }
  return {
    child,
    base,
    log: () => stderr,
    exited,
    api,
    stop: async (signal = 'SIGTERM') => {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}
