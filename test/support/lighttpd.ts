// A real lighttpd (Debian's package) on a loopback port with a config written by the test.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

export interface Lighttpd {
  port: number;
  dir: string;
  errorLog: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/**
 * Starts `lighttpd -D` with `config` appended to a base (document root, bind, port, error log).
 * `modules` are added to server.modules (e.g. ['mod_proxy']). `{{PORT}}`/`{{DIR}}` are replaced.
 */
export async function startLighttpd(config: string, options: { modules?: string[] } = {}): Promise<Lighttpd> {
  const dir = await makeTempDir('lighttpd');
  const port = await freePort();
  const errorLog = path.join(dir, 'error.log');
  await mkdir(path.join(dir, 'www'));
  const modules = options.modules ?? [];
  const conf = `server.document-root = "${dir}/www"
server.bind = "127.0.0.1"
server.port = ${port}
server.errorlog = "${errorLog}"
server.pid-file = "${dir}/lighttpd.pid"
${modules.length > 0 ? `server.modules += ( ${modules.map((m) => `"${m}"`).join(', ')} )` : ''}
${config.replaceAll('{{PORT}}', String(port)).replaceAll('{{DIR}}', dir)}
`;
  await writeFile(path.join(dir, 'lighttpd.conf'), conf);
  const proc = await startProcess({
    command: 'lighttpd',
    args: ['-D', '-f', path.join(dir, 'lighttpd.conf')],
    waitForPort: { port },
  });
  return { port, dir, errorLog, process: proc, stop: () => proc.stop() };
}
