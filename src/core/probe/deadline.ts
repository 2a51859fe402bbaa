// One time budget shared by every phase of an attempt.
import { performance } from 'node:perf_hooks';

export class Deadline {
  private readonly endsAt: number;

  constructor(readonly budgetMs: number) {
    this.endsAt = performance.now() + budgetMs;
  }

  remaining(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  expired(): boolean {
    return this.remaining() <= 0;
  }
}

export function timeoutError(what: string, ms: number): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${what} did not finish within ${Math.round(ms)} ms`);
  error.code = 'ETIMEDOUT';
  return error;
}
