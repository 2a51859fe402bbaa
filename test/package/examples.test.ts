// The deployment examples shipped in examples/: the systemd unit passes `systemd-analyze verify`
// without a warning, and the nginx reverse proxy passes `nginx -t` and, run for real in front of a
// stand-in for `whydown serve`, forwards the client's address and scheme and streams Server-Sent
// Events as they are written.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, makeTempDir, startProcess } from '../support/process.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const UNIT = path.join(ROOT, 'examples', 'whydown.service');
const NGINX_SITE = path.join(ROOT, 'examples', 'nginx-whydown.conf');

interface Run { code: number; stdout: string; stderr: string }

function run(command: string, args: string[], cwd?: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('examples/whydown.service', () => {
  let dir = '';
  before(async () => { dir = await makeTempDir('unit'); });
  after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  /** The unit as shipped, with ExecStart's binary pointed at one that exists (verify checks it). */
  async function unitCopy(edit: (text: string) => string = (t) => t): Promise<string> {
    const fakeBin = path.join(dir, 'whydown');
    await writeFile(fakeBin, '#!/bin/sh\nexit 0\n');
    await chmod(fakeBin, 0o755);
    const sub = await makeTempDir('unit-copy');
    const file = path.join(sub, 'whydown.service');
    await writeFile(file, edit((await readFile(UNIT, 'utf8')).replace('/usr/local/bin/whydown', fakeBin)));
    return file;
  }

  it('runs whydown serve with the documented config, database and token file', async () => {
    const text = await readFile(UNIT, 'utf8');
    assert.match(text, /^ExecStart=\/usr\/local\/bin\/whydown serve --config \/etc\/whydown\/whydown\.yml --db sqlite:\/var\/lib\/whydown\/whydown\.db$/m);
    assert.match(text, /^EnvironmentFile=\/etc\/whydown\/whydown\.env$/m);
    for (const line of ['DynamicUser=yes', 'StateDirectory=whydown', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes',
      'PrivateTmp=yes', 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK', 'Restart=on-failure']) {
      assert.ok(text.split('\n').includes(line), `${line} is set`);
    }
  });

  it('systemd-analyze verify finds nothing to say', async () => {
    const file = await unitCopy();
    const out = await run('systemd-analyze', ['verify', file], dir);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stderr.trim(), '', 'no warning');
  });

  it('the check has teeth: a misspelt key or a bad address family is reported', async () => {
    const misspelt = await run('systemd-analyze', ['verify', await unitCopy((t) => t.replace('NoNewPrivileges=', 'NoNewPrivilegs='))], dir);
    assert.match(misspelt.stderr, /Unknown key 'NoNewPrivilegs'/);
    const family = await run('systemd-analyze', ['verify', await unitCopy((t) => t.replace('AF_UNIX AF_NETLINK\n', 'AF_UNIX AF_BOGUS\n'))], dir);
    assert.match(family.stderr, /address family/);
  });
});

describe('examples/nginx-whydown.conf', () => {
  let dir = '';
  const ports = { http: 0, https: 0, upstream: 0 };
  let upstream: http.Server;
  /** Set by the /events handler: when the second event is written. */
  let secondEventAt = 0;

  before(async () => {
    dir = await makeTempDir('nginx-example');
    await chmod(dir, 0o755); // nginx workers run as nobody
    const cert = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=status.example.com',
      '-addext', 'subjectAltName=DNS:status.example.com', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
    assert.equal(cert.code, 0, cert.stderr);
    ports.http = await freePort();
    ports.https = await freePort();
    // A stand-in for whydown serve: echoes the forwarded headers, and streams two events 1.5 s apart.
    upstream = http.createServer((req, res) => {
      if (req.url === '/api/v1/monitors/shop/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write('data: first\n\n');
        const timer = setTimeout(() => {
          secondEventAt = Date.now();
          res.end('data: second\n\n');
        }, 1500);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, forwardedFor: req.headers['x-forwarded-for'], proto: req.headers['x-forwarded-proto'], host: req.headers.host }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    ports.upstream = (upstream.address() as { port: number }).port;
  });

  after(async () => {
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
    upstream.closeAllConnections();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The example as shipped, with this test's certificate, ports and upstream, inside a minimal nginx.conf. */
  async function nginxConf(name: string, edit: (site: string) => string = (s) => s): Promise<string> {
    const site = edit((await readFile(NGINX_SITE, 'utf8'))
      .replace(/ssl_certificate\s+\S+;/, `ssl_certificate ${dir}/cert.pem;`)
      .replace(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${dir}/key.pem;`)
      .replace('server 127.0.0.1:8080;', `server 127.0.0.1:${ports.upstream};`)
      .replace(/listen \[::\]:\d+[^;]*;\n/g, '') // loopback only here
      .replace('listen 80;', `listen 127.0.0.1:${ports.http};`)
      .replace('listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`));
    await writeFile(path.join(dir, `${name}.site.conf`), site);
    const conf = path.join(dir, `${name}.nginx.conf`);
    await writeFile(conf, `daemon off;
worker_processes 1;
pid ${dir}/${name}.pid;
error_log ${dir}/${name}.error.log;
events { worker_connections 64; }
http {
  access_log ${dir}/${name}.access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/${name}.site.conf;
}
`);
    return conf;
  }

  const nginxArgs = (conf: string): string[] => ['-p', `${dir}/`, '-c', conf, '-e', `${dir}/nginx-e.log`];

  it('sets the forwarding headers, a long read timeout and unbuffered events', async () => {
    const text = await readFile(NGINX_SITE, 'utf8');
    for (const needed of [/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/, /proxy_set_header X-Forwarded-Proto \$scheme;/,
      /proxy_buffering off;/, /proxy_read_timeout/, /server 127\.0\.0\.1:8080;/, /listen 443 ssl/]) {
      assert.match(text, needed);
    }
  });

  it('nginx -t accepts it', async () => {
    const out = await run('nginx', ['-t', ...nginxArgs(await nginxConf('check'))]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stderr, /test is successful/);
    // nginx ≥ 1.25 deprecates `listen … http2` (in favour of `http2 on`, which 1.22 lacks): the only warning allowed.
    const warnings = out.stderr.split('\n').filter((l) => l.includes('[warn]') && !l.includes('"http2" directive is deprecated'));
    assert.deepEqual(warnings, []);
  });

  it('nginx -t has teeth: a broken copy fails', async () => {
    const out = await run('nginx', ['-t', ...nginxArgs(await nginxConf('broken', (s) => s.replace('proxy_buffering off;', 'proxy_buffering of;')))]);
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /\[emerg\]/);
  });

  it('run for real: forwards address and scheme over TLS, and passes each event as it is written', async () => {
    const nginx = await startProcess({ command: 'nginx', args: nginxArgs(await nginxConf('live')), waitForPort: { port: ports.https } });
    try {
      const get = (urlPath: string, onChunk?: (chunk: string, at: number) => void): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> =>
        new Promise((resolve, reject) => {
          const req = https.get({ host: '127.0.0.1', port: ports.https, path: urlPath, servername: 'status.example.com', rejectUnauthorized: false,
            headers: { host: 'status.example.com' } }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => { body += chunk; onChunk?.(chunk, Date.now()); });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
          });
          req.on('error', reject);
        });
      const echoed = await get('/api/v1/monitors');
      assert.equal(echoed.status, 200);
      assert.deepEqual(JSON.parse(echoed.body), { path: '/api/v1/monitors', forwardedFor: '127.0.0.1', proto: 'https', host: 'status.example.com' });

      let firstAt = 0;
      const events = await get('/api/v1/monitors/shop/events', (chunk, at) => { if (firstAt === 0 && chunk.includes('first')) firstAt = at; });
      assert.equal(events.status, 200);
      assert.equal(events.body, 'data: first\n\ndata: second\n\n');
      for (const answer of [echoed, events]) assert.equal(answer.headers['strict-transport-security'], 'max-age=31536000', 'HSTS on every path');
      assert.ok(firstAt > 0 && firstAt < secondEventAt - 500, `the first event arrived ${secondEventAt - firstAt} ms before the second was written`);

      const redirect = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: ports.http, path: '/x', headers: { host: 'status.example.com' } }, resolve).on('error', reject);
      });
      redirect.resume();
      assert.equal(redirect.statusCode, 301);
      assert.equal(redirect.headers.location, 'https://status.example.com/x');
    } finally {
      await nginx.stop();
    }
  });
});
