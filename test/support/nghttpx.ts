// A real nghttpx (Debian's nghttp2-proxy) on a loopback port, without TLS, with a config written by
// the test. Its access and error logs go to files in its own temp folder.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

export interface Nghttpx {
  port: number;
  dir: string;
  accessLog: string;
  errorLog: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/**
 * Starts nghttpx with `lines` (backend=…, timeouts) added to a frontend on a free port. nghttpx
 * insists on a catch-all backend (`backend=host,port;;proto=http/1.1`): the caller gives one.
 */
export async function startNghttpx(lines: string): Promise<Nghttpx> {
  const dir = await makeTempDir('nghttpx');
  const port = await freePort();
  const accessLog = path.join(dir, 'access.log');
  const errorLog = path.join(dir, 'error.log');
  const conf = path.join(dir, 'nghttpx.conf');
  await writeFile(conf, [
    `frontend=127.0.0.1,${port};no-tls`,
    'workers=1',
    `accesslog-file=${accessLog}`,
    `errorlog-file=${errorLog}`,
    `pid-file=${path.join(dir, 'nghttpx.pid')}`,
    lines.trim(),
    '',
  ].join('\n'));
  const proc = await startProcess({ command: 'nghttpx', args: [`--conf=${conf}`], waitForPort: { port } });
  return { port, dir, accessLog, errorLog, process: proc, stop: () => proc.stop() };
}
