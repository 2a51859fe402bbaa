// Checks on threads of their own. A check is mostly work for Node itself (a socket, the HTTP
// client, its streams and parser) and for the kernel: about 0.5 ms of CPU at 1,667 checks a
// second, which fills the main thread on its own at 100,000 monitors a minute and leaves no room
// for the scheduler, the store, the API and /metrics (measured: it topped out at ~1,150 checks a
// second). Here each check runs on one of a few worker threads, with the same runCheck; the main
// thread keeps the schedule, the results and everything after them.
//
// Requests and results cross in batches, at most BATCH_MS apart: every message costs a system
// call and wakes the other thread; one per check in each direction cost about 0.06 ms of CPU per
// check more (measured at 1,667 checks a second). The wait is part of the start delay the engine
// reports (the thread stamps each check when it really starts). A thread that dies (a bug; a check
// reports a target's failure as data, never throws) fails its checks in flight and is replaced;
// threads that die before answering anything, three times in a row, cannot start at all (a broken
// installation): the checks then run on the main thread rather than fail one by one.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScriptBeside } from '../../core/worker-thread.js';
import type { MonitorConfig } from '../config/types.js';
import type { ResultInput } from '../store/types.js';
import { checkTarget, runCheck, type CheckTarget } from './check.js';

export interface CheckRequest {
  id: number;
  target: CheckTarget;
  /** When the main thread started it, epoch ms. */
  at: number;
}

export type CheckReply = { id: number; result: ResultInput } | { id: number; error: string };

/** Longest a request or a result waits for others to share its message. */
export const BATCH_MS = 5;

const WORKER_SCRIPT = workerScriptBeside('check-worker.js', import.meta.url);

/**
 * One per CPU, at most 4: past that the main thread (schedule, store, API) is the limit. None
 * when the worker's script is missing (a build without it): the checks then run on the main thread.
 */
export function defaultCheckThreads(): number {
  return WORKER_SCRIPT !== null ? Math.min(4, Math.max(1, os.availableParallelism())) : 0;
}

interface Waiting {
  resolve(result: ResultInput): void;
  reject(error: Error): void;
}

class CheckThread {
  readonly pending = new Map<number, Waiting>();
  /** It has answered at least once: it started. */
  answered = false;
  private outbox: CheckRequest[] = [];
  private readonly worker: Worker;
  private stopping = false;

  constructor(onExit: (thread: CheckThread, why: string) => void) {
    // A missing script fails like a broken thread: three such and the checks move to the main thread.
    this.worker = new Worker(WORKER_SCRIPT ?? new URL('./check-worker.js', import.meta.url));
    // Idle threads do not keep the process alive; a thread with checks in flight does (ref in send).
    this.worker.unref();
    this.worker.on('message', (replies: CheckReply[]) => {
      this.answered = true;
      for (const reply of replies) {
        const waiting = this.pending.get(reply.id);
        if (waiting === undefined) continue;
        this.pending.delete(reply.id);
        if ('result' in reply) waiting.resolve(reply.result);
        else waiting.reject(new Error(reply.error));
      }
      if (this.pending.size === 0) this.worker.unref();
    });
    let why = '';
    this.worker.on('error', (error) => { why = error.message; });
    this.worker.on('exit', (code) => {
      const error = new Error(`the check thread stopped (${why || `exit code ${code}`})`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      if (!this.stopping) onExit(this, error.message);
    });
  }

  send(request: CheckRequest, waiting: Waiting): void {
    if (this.pending.size === 0) this.worker.ref();
    this.pending.set(request.id, waiting);
    if (this.outbox.length === 0) setTimeout(() => this.flush(), BATCH_MS);
    this.outbox.push(request);
  }

  async terminate(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }

  private flush(): void {
    const batch = this.outbox;
    this.outbox = [];
    this.worker.postMessage(batch);
  }
}

export class CheckPool {
  private readonly threads: CheckThread[] = [];
  private nextId = 0;
  private closed = false;
  /** Threads in a row that died before answering; at 3 the checks run on the main thread. */
  private failedStarts = 0;

  /** Threads start with the first check, so an engine that never runs one starts none. */
  constructor(readonly size: number, private readonly log: (line: string) => void = () => {}) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('a check pool needs at least one thread');
  }

  /** The same contract as runCheck: a target's failure is a result; a rejection is a bug (or the pool closed). */
  run(monitor: MonitorConfig, at: Date): Promise<ResultInput> {
    if (this.closed) return Promise.reject(new Error('the check threads are stopped'));
    if (this.failedStarts >= 3) return runCheck(monitor, at);
    while (this.threads.length < this.size) this.threads.push(this.startThread());
    // The least busy thread: one slowed by hanging targets gets fewer new checks.
    let thread = this.threads[0]!;
    for (const other of this.threads) if (other.pending.size < thread.pending.size) thread = other;
    const request: CheckRequest = { id: ++this.nextId, target: checkTarget(monitor), at: at.getTime() };
    return new Promise((resolve, reject) => thread.send(request, { resolve, reject }));
  }

  /** Stops the threads; checks still in flight fail (the engine stops the schedule and waits for them first). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((thread) => thread.terminate()));
  }

  private startThread(): CheckThread {
    return new CheckThread((thread, why) => {
      const index = this.threads.indexOf(thread);
      if (index < 0) return;
      this.failedStarts = thread.answered ? 0 : this.failedStarts + 1;
      if (this.closed || this.failedStarts >= 3) {
        this.threads.splice(index, 1);
        if (this.failedStarts === 3) this.log(`${why}; the check threads cannot start, checks run on the main thread`);
        return;
      }
      this.log(`${why}; its checks in flight failed, a new one takes its place`);
      this.threads[index] = this.startThread();
    });
  }
}
