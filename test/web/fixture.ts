// A real `whydown serve` with a public status page over a real nginx whose upstream is gone, so
// the page's monitor has an open incident with a real diagnosis (upstream-refused, with nginx's
// error log read). The monitor's URL, a header and a private sibling monitor carry secret-looking
// strings: `secrets` lists what no public output may contain.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort, freePort, makeTempDir } from '../support/process.js';
import { startServeProcess, type ServeProcess } from '../support/serve.js';
import { waitFor } from '../support/wait.js';

export interface IncidentDetailView {
  id: number;
  verdict: { cause: string; summary: string; fixes: string[] };
  diagnosis: { steps: { detail: string; title: string }[] } | null;
}

export interface StatusFixture {
  serve: ServeProcess;
  nginx: Nginx;
  configFile: string;
  incident: IncidentDetailView;
  /** Strings from the config and the diagnosis that must never reach a public page. */
  secrets: string[];
  config(title: string): string;
  stop(): Promise<void>;
}

export async function startStatusFixture(): Promise<StatusFixture> {
  const dir = await makeTempDir('web');
  const closedPort = await deadPort();
  const nginx = await startNginx(`
      location /ok { return 200 "fine\\n"; }
      location /shop-s3cr3t-path { proxy_pass http://127.0.0.1:${closedPort}; }
  `);
  const configFile = path.join(dir, 'whydown.yml');
  const config = (title: string): string => `
defaults:
  interval: 1s
  timeout: 900ms
  confirm: { failures: 2 }
monitors:
  - name: shop
    url: http://127.0.0.1:${nginx.port}/shop-s3cr3t-path?key=tok-9e1b77
    headers: { x-api-key: hdr-c0ffee-secret }
    diagnose:
      log: [${nginx.errorLog}]
  - name: shop-api
    url: http://127.0.0.1:${nginx.port}/ok
  - name: payroll-internal
    url: http://127.0.0.1:${nginx.port}/ok?who=payroll
statusPages:
  - slug: shop
    title: ${JSON.stringify(title)}
    monitors: [shop, shop-api]
`;
  await writeFile(configFile, config('Shop status <&> "quoted"'));
  const serve = await startServeProcess(['--config', configFile, '--db', `sqlite:${path.join(dir, 'web.db')}`], await freePort());
  try {
    const opened = await waitFor('an open incident', async () => {
      const { body } = await serve.api<{ incidents: { id: number }[] }>('/api/v1/incidents?open=true');
      return body.incidents[0];
    });
    const { body: incident } = await serve.api<IncidentDetailView>(`/api/v1/incidents/${opened.id}`);
    const secrets = [
      '127.0.0.1', String(nginx.port), String(closedPort), 's3cr3t', 'tok-9e1b77', 'hdr-c0ffee-secret', 'x-api-key',
      'payroll', nginx.errorLog, 'nginx', 'connect() failed', incident.verdict.summary, ...incident.verdict.fixes,
      ...(incident.diagnosis?.steps ?? []).map((s) => s.detail).filter((d) => d.length > 12),
    ];
    return {
      serve, nginx, configFile, incident, secrets, config,
      stop: async () => {
        await serve.stop();
        await nginx.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await serve.stop();
    await nginx.stop();
    throw error;
  }
}
