// A real php-fpm (Debian's php-fpm8.2) listening on a unix socket in its own directory, with its
// own error log and slow log, and PHP scripts written by the test.
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { delay, makeTempDir, startProcess, type RunningProcess } from './process.js';

export interface PhpFpm {
  dir: string;
  /** The pool's unix socket (mode 0666, in a world-readable directory, so nginx's workers can connect). */
  socket: string;
  /** Where the scripts are: the document root to pass as SCRIPT_FILENAME's directory. */
  docroot: string;
  errorLog: string;
  slowLog: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

export interface PhpFpmOptions {
  /** Pool settings, added to or replacing the defaults (pm = static, pm.max_children = 2, …). */
  pool?: Record<string, string | number>;
  /** Files of the document root: name → PHP source. */
  scripts?: Record<string, string>;
  /** `log_level` of the global section (default notice). */
  logLevel?: string;
}

export async function startPhpFpm(options: PhpFpmOptions = {}): Promise<PhpFpm> {
  const dir = await makeTempDir('php-fpm');
  await chmod(dir, 0o755); // workers run as www-data, nginx's as nobody
  const docroot = path.join(dir, 'www');
  await mkdir(docroot, { mode: 0o755 });
  for (const [name, source] of Object.entries(options.scripts ?? {})) {
    await writeFile(path.join(docroot, name), source, { mode: 0o644 });
  }
  const socket = path.join(dir, 'php.sock');
  const errorLog = path.join(dir, 'php-fpm.log');
  const slowLog = path.join(dir, 'slow.log');
  const pool: Record<string, string | number> = {
    user: 'www-data',
    group: 'www-data',
    listen: socket,
    'listen.mode': '0666',
    pm: 'static',
    'pm.max_children': 2,
    slowlog: slowLog,
    catch_workers_output: 'yes',
    'php_admin_value[log_errors]': 'On',
    'php_admin_value[display_errors]': 'Off',
    ...options.pool,
  };
  const conf = `[global]
pid = ${dir}/php-fpm.pid
error_log = ${errorLog}
log_level = ${options.logLevel ?? 'notice'}
daemonize = no
[www]
${Object.entries(pool).map(([key, value]) => `${key} = ${value}`).join('\n')}
`;
  await writeFile(path.join(dir, 'php-fpm.conf'), conf);
  const proc = await startProcess({ command: 'php-fpm8.2', args: ['-F', '-R', '-n', '-y', path.join(dir, 'php-fpm.conf')] });
  const deadline = Date.now() + 15_000;
  while (!(await exists(socket))) {
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`php-fpm did not create ${socket}\n${proc.output()}`);
    }
    await delay(50);
  }
  return { dir, socket, docroot, errorLog, slowLog, process: proc, stop: () => proc.stop() };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
