// A tcp monitor's check: resolve and connect with the probe's own code (so the causes are the
// network hop's and DNS's, as `whydown diagnose` names them), then, when a banner is expected,
// read the first bytes the server sends. Nothing is ever written to the server.
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Cause, Timings } from '../../core/model.js';
import { connectToAny } from '../../core/probe/connect.js';
import { Deadline } from '../../core/probe/deadline.js';
import { resolveHost } from '../../core/probe/resolve.js';
import type { ProbeError } from '../../core/probe/types.js';

/** A banner is a first line; more than this and the server is not sending one. */
const BANNER_BYTES = 1024;

export interface TcpOutcome {
  cause: Cause;
  error: ProbeError | null;
  /** The address connected to (or last tried), `10.0.0.5:5432`. */
  address: string | null;
  timings: Timings;
  /** What the server sent first, when a banner was expected (printable, at most a line). */
  banner?: string;
  /** An expectation's finding in words (a banner that differs). */
  detail?: string;
}

/** `target` is `host:port` as the config normalised it (`[v6]:port` for IPv6). */
export async function tcpProbe(target: string, timeoutMs: number, banner?: string): Promise<TcpOutcome> {
  const started = performance.now();
  const deadline = new Deadline(timeoutMs);
  const { host, port } = splitTarget(target);
  const resolution = await resolveHost(host, port, { timeoutMs });
  const timings: Timings = { total: 0 };
  if (resolution.timeMs !== undefined) timings.dns = resolution.timeMs;
  const done = (outcome: Omit<TcpOutcome, 'timings'>): TcpOutcome => ({ ...outcome, timings: { ...timings, total: performance.now() - started } });
  if (resolution.failure) return done({ cause: resolution.failure.cause, error: resolution.failure.error, address: null });
  const connection = await connectToAny(resolution.addresses, port, deadline);
  if (connection.timeMs !== undefined) timings.tcp = connection.timeMs;
  if (!connection.socket) {
    return done({ cause: connection.failure?.cause ?? 'unknown', error: connection.failure?.error ?? null, address: connection.address });
  }
  const socket = connection.socket;
  try {
    if (banner === undefined) return done({ cause: 'ok', error: null, address: connection.address });
    const read = await readBanner(socket, deadline.remaining());
    if (read.firstByteMs !== undefined) timings.firstByte = read.firstByteMs;
    const shown = printable(read.text);
    if (read.error) return done({ cause: read.cause, error: read.error, address: connection.address, banner: shown });
    if (!read.text.includes(banner)) {
      return done({
        cause: 'unexpected-response', error: null, address: connection.address, banner: shown,
        detail: `the server's first line is ${JSON.stringify(shown)}, which does not contain ${JSON.stringify(banner)} (expect.banner)`,
      });
    }
    return done({ cause: 'ok', error: null, address: connection.address, banner: shown });
  } finally {
    socket.destroy();
  }
}

export function splitTarget(target: string): { host: string; port: number } {
  const colon = target.lastIndexOf(':');
  const host = target.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(target.slice(colon + 1)) };
}

interface BannerRead {
  text: string;
  firstByteMs?: number;
  cause: Cause;
  error: ProbeError | null;
}

/** Until a line ends, BANNER_BYTES arrive, the server closes, or time runs out. */
function readBanner(socket: net.Socket, timeoutMs: number): Promise<BannerRead> {
  const started = performance.now();
  return new Promise((resolve) => {
    let text = '';
    let firstByteMs: number | undefined;
    const finish = (cause: Cause, error: ProbeError | null): void => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      resolve({ text, ...(firstByteMs === undefined ? {} : { firstByteMs }), cause, error });
    };
    const timer = setTimeout(() => {
      if (text !== '') finish('ok', null); // a banner without a line end: what came is what there is
      else finish('response-timeout', { code: 'ETIMEDOUT', message: `no banner within ${Math.round(timeoutMs)} ms of connecting` });
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      firstByteMs ??= performance.now() - started;
      text += chunk;
      if (text.includes('\n') || text.length >= BANNER_BYTES) {
        text = text.slice(0, BANNER_BYTES);
        finish('ok', null);
      }
    });
    socket.once('end', () => {
      if (text !== '') finish('ok', null);
      else finish('empty-response', { code: 'ECLOSED', message: 'the server closed the connection without sending a banner' });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (text !== '') return finish('ok', null);
      finish(error.code === 'ECONNRESET' ? 'connect-reset' : 'empty-response', { code: error.code ?? 'EUNKNOWN', message: error.message });
    });
  });
}

/** The first line, control characters shown as `\xNN`, for messages and the API. */
function printable(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, 200);
}
