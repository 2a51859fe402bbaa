// A real Apache httpd (Debian's apache2) on a loopback port with a config written by the test.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

const MODULE_DIR = '/usr/lib/apache2/modules';

export interface Apache {
  port: number;
  dir: string;
  errorLog: string;
  accessLog: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

export interface ApacheOptions {
  /** Module names to load besides mpm_event and authz_core, e.g. ['proxy', 'proxy_http']. */
  modules?: string[];
  /** `LogLevel` (default `warn`). */
  logLevel?: string;
  /** Request workers (one process with this many threads; default 25). */
  workers?: number;
}

/**
 * Starts apache2 in the foreground with `body` as the main server's configuration (ProxyPass
 * lines, <Proxy> blocks …). `{{PORT}}` and `{{DIR}}` are replaced. Modules are loaded by name
 * (`proxy_fcgi` → mod_proxy_fcgi.so).
 */
export async function startApache(body: string, options: ApacheOptions = {}): Promise<Apache> {
  const dir = await makeTempDir('apache');
  const port = await freePort();
  const errorLog = path.join(dir, 'error.log');
  const accessLog = path.join(dir, 'access.log');
  const modules = ['mpm_event', 'authz_core', ...(options.modules ?? [])];
  const load = [...new Set(modules)].map((name) => `LoadModule ${name}_module ${MODULE_DIR}/mod_${name}.so`).join('\n');
  const fill = (text: string): string => text.replaceAll('{{PORT}}', String(port)).replaceAll('{{DIR}}', dir);
  const conf = `
ServerRoot ${dir}
ServerName localhost
Listen 127.0.0.1:${port}
PidFile ${dir}/httpd.pid
DefaultRuntimeDir ${dir}
Mutex file:${dir}
ErrorLog ${errorLog}
LogLevel ${options.logLevel ?? 'warn'}
User www-data
Group www-data
StartServers 1
ServerLimit 1
ThreadsPerChild ${options.workers ?? 25}
MaxRequestWorkers ${options.workers ?? 25}
${load}
LogFormat "%h %l %u %t \\"%r\\" %>s %b" common
CustomLog ${accessLog} common
${fill(body)}
`;
  await writeFile(path.join(dir, 'apache2.conf'), conf);
  const proc = await startProcess({
    command: 'apache2',
    args: ['-f', path.join(dir, 'apache2.conf'), '-DFOREGROUND'],
    env: { ...process.env, APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir, APACHE_LOG_DIR: dir },
    waitForPort: { port },
  });
  return { port, dir, errorLog, accessLog, process: proc, stop: () => proc.stop() };
}
