// A real HAProxy (Debian's package) on a loopback port. It logs (`format raw`) to a UDP syslog
// socket of the test, from its first line on, and the lines are written to a file so tests read
// its log like any other server's.
import dgram from 'node:dgram';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

export interface Haproxy {
  port: number;
  dir: string;
  /** What HAProxy logged: one line per message, as `log … format raw` writes them. */
  logFile: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

export interface HaproxyOptions {
  /** Replaces the default `defaults` section body (mode http, option httplog, every timeout set). */
  defaults?: string;
}

const DEFAULTS = `
  mode http
  log global
  option httplog
  timeout connect 2s
  timeout client 10s
  timeout server 10s
  timeout queue 2s`;

/**
 * Starts `haproxy -db` with `body` (frontends, backends) after the global and defaults sections.
 * A frontend should `bind 127.0.0.1:{{PORT}}`; `{{PORT}}` and `{{DIR}}` are replaced.
 */
export async function startHaproxy(body: string, options: HaproxyOptions = {}): Promise<Haproxy> {
  const dir = await makeTempDir('haproxy');
  const port = await freePort();
  const logFile = path.join(dir, 'haproxy.log');
  const log = createWriteStream(logFile);
  const syslog = dgram.createSocket('udp4');
  syslog.on('message', (message) => log.write(message.at(-1) === 10 ? message : Buffer.concat([message, Buffer.from('\n')])));
  await new Promise<void>((resolve) => syslog.bind(0, '127.0.0.1', resolve));
  const conf = `global
  log 127.0.0.1:${syslog.address().port} len 65535 format raw local0
defaults${options.defaults ?? DEFAULTS}
${body.replaceAll('{{PORT}}', String(port)).replaceAll('{{DIR}}', dir)}
`;
  await writeFile(path.join(dir, 'haproxy.cfg'), conf);
  const closeLog = async (): Promise<void> => {
    await new Promise<void>((resolve) => syslog.close(() => resolve()));
    await new Promise((resolve) => log.end(resolve));
  };
  let proc: RunningProcess;
  try {
    proc = await startProcess({
      command: 'haproxy',
      args: ['-db', '-f', path.join(dir, 'haproxy.cfg')],
      waitForPort: { port },
    });
  } catch (error) {
    await closeLog(); // or the socket keeps the test process alive
    throw error;
  }
  return {
    port, dir, logFile, process: proc,
    stop: async () => {
      await proc.stop();
      await closeLog();
    },
  };
}
