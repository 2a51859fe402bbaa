// A real Caddy v2 (Debian's caddy) on a loopback port, its own HOME/XDG dirs, logging JSON to a file.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

export interface Caddy {
  port: number;
  dir: string;
  /** The default log: errors (logger http.log.error…) and Caddy's own messages, JSON lines. */
  log: string;
  /** The site's access log, JSON lines. */
  accessLog: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/**
 * Starts `caddy run` with one site, `http://127.0.0.1:{{PORT}}`, whose body is `site` (handle
 * blocks, reverse_proxy …). The admin API and automatic HTTPS are off. `{{PORT}}`/`{{DIR}}` are replaced.
 */
export async function startCaddy(site: string, options: { globalExtra?: string } = {}): Promise<Caddy> {
  const dir = await makeTempDir('caddy');
  const port = await freePort();
  const log = path.join(dir, 'caddy.log');
  const accessLog = path.join(dir, 'access.log');
  const fill = (text: string): string => text.replaceAll('{{PORT}}', String(port)).replaceAll('{{DIR}}', dir);
  const caddyfile = `{
\tadmin off
\tauto_https off
\tlog {
\t\toutput file ${log}
\t\tformat json
\t\tlevel INFO
\t}
${fill(options.globalExtra ?? '')}
}

http://127.0.0.1:${port} {
\tlog {
\t\toutput file ${accessLog}
\t\tformat json
\t}
${fill(site)}
}
`;
  await writeFile(path.join(dir, 'Caddyfile'), caddyfile);
  const proc = await startProcess({
    command: 'caddy',
    args: ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'],
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'config') },
    waitForPort: { port },
  });
  return { port, dir, log, accessLog, process: proc, stop: () => proc.stop() };
}
