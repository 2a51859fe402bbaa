// A real nginx (Debian's package) on a loopback port with a config written by the test.
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

export interface Nginx {
  port: number;
  dir: string;
  errorLog: string;
  accessLog: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/**
 * Starts nginx with one `server {}` listening on a free port. `serverBody` is the inside of that
 * block; `httpExtra` goes into `http {}` (upstream blocks and the like). `{{PORT}}` is replaced.
 */
export async function startNginx(
  serverBody: string,
  httpExtra = '',
  options: { echoModule?: boolean; /** Addresses to listen on (`127.0.0.1`, `[::1]`); 127.0.0.1 by default. */ listen?: string[] } = {},
): Promise<Nginx> {
  const dir = await makeTempDir('nginx');
  await chmod(dir, 0o755); // workers run as nobody and must reach the cache and temp folders
  const port = await freePort();
  const errorLog = path.join(dir, 'error.log');
  const accessLog = path.join(dir, 'access.log');
  // Debian's libnginx-mod-http-echo: `echo_sleep` lets nginx itself delay its first byte.
  const modules = options.echoModule ? 'load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;' : '';
  const conf = `
${modules}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${errorLog} info;
events { worker_connections 256; }
http {
  access_log ${accessLog};
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  default_type text/html;
  ${httpExtra.replaceAll('{{PORT}}', String(port)).replaceAll('{{DIR}}', dir)}
  server {
    ${(options.listen ?? ['127.0.0.1']).map((address) => `listen ${address}:${port};`).join('\n    ')}
    server_name localhost;
    ${serverBody.replaceAll('{{PORT}}', String(port))}
  }
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), conf);
  const proc = await startProcess({
    command: 'nginx',
    args: ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-e', errorLog],
    waitForPort: { port, host: (options.listen ?? ['127.0.0.1'])[0]!.replace(/^\[(.*)\]$/, '$1') },
  });
  return { port, dir, errorLog, accessLog, process: proc, stop: () => proc.stop() };
}
