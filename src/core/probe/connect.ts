// TCP to each resolved address in turn until one answers, as a browser falls back.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Cause } from '../model.js';
import { timeoutError, type Deadline } from './deadline.js';
import type { ProbeError } from './types.js';

export interface ConnectOutcome {
  socket: net.Socket | null;
  address: string | null;
  attempts: { address: string; error: ProbeError | null; ms: number }[];
  /** Time of the successful connect only. */
  timeMs?: number;
  failure: { cause: Cause; error: ProbeError } | null;
}

/** The code a refused destination carries (see ProbeOptions.allowAddress). */
export const DESTINATION_REFUSED = 'EDESTINATIONREFUSED';

export function destinationRefused(address: string, port: number): ProbeError {
  return { code: DESTINATION_REFUSED, message: `${formatAddress(address, port)} is not a public destination; not connecting` };
}

export async function connectToAny(
  addresses: string[],
  port: number,
  deadline: Deadline,
  allowAddress?: (address: string, port: number) => boolean,
): Promise<ConnectOutcome> {
  const attempts: ConnectOutcome['attempts'] = [];
  for (const address of addresses) {
    const started = performance.now();
    if (allowAddress && !allowAddress(address, port)) {
      attempts.push({ address: formatAddress(address, port), error: destinationRefused(address, port), ms: 0 });
      continue;
    }
    try {
      const socket = await connectOne(address, port, deadline.remaining());
      // Judged again on the address the socket reached, not only the one asked for.
      const reached = socket.remoteAddress;
      if (allowAddress && (reached === undefined || !allowAddress(reached, socket.remotePort ?? port))) {
        socket.destroy();
        attempts.push({ address: formatAddress(address, port), error: destinationRefused(reached ?? address, port), ms: 0 });
        continue;
      }
      const timeMs = performance.now() - started;
      attempts.push({ address: formatAddress(address, port), error: null, ms: timeMs });
      return { socket, address: formatAddress(address, port), attempts, timeMs, failure: null };
    } catch (error) {
      attempts.push({ address: formatAddress(address, port), error: toProbeError(error), ms: performance.now() - started });
      if (deadline.expired()) break;
    }
  }
  const last = attempts[attempts.length - 1];
  const error = last?.error ?? { code: 'ENOADDRESS', message: 'no address to connect to' };
  return { socket: null, address: last?.address ?? null, attempts, failure: { cause: connectCause(error.code), error } };
}

export function formatAddress(address: string, port: number): string {
  return net.isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

function connectOne(address: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(timeoutError(`TCP connect to ${formatAddress(address, port)}`, timeoutMs));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}

export function connectCause(code: string): Cause {
  switch (code) {
    // Nothing was sent there: by policy the network path to it does not exist.
    case DESTINATION_REFUSED: return 'network-unreachable';
    case 'ECONNREFUSED': return 'connect-refused';
    case 'ECONNRESET': return 'connect-reset';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EADDRNOTAVAIL':
    case 'ENETDOWN':
    case 'EHOSTDOWN': return 'network-unreachable';
    default: return 'connect-timeout';
  }
}

export function toProbeError(error: unknown): ProbeError {
  const err = error as NodeJS.ErrnoException;
  return { code: err?.code ?? 'EUNKNOWN', message: err?.message ?? String(error) };
}
