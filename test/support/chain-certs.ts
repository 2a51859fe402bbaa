// A three-level test PKI made with openssl: root → intermediate → leaves, the way public CAs
// issue (the root signs only the intermediate). Leaves carry an AIA "CA Issuers" URL, as public
// certificates do. Also leaves for other names, for SNI tests. Made once per test process.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir } from './process.js';

export interface ChainLeaf {
  certPath: string;
  keyPath: string;
  /** The leaf followed by the intermediate: what a server should send. */
  fullChainPath: string;
}

export interface ChainPki {
  dir: string;
  rootPem: string;
  rootPath: string;
  /** The URL the leaves name in AIA for their issuer (nothing serves it). */
  aiaUrl: string;
  /** localhost and 127.0.0.1, signed by the intermediate. */
  site: ChainLeaf;
  /** One leaf per name asked for, signed by the intermediate. */
  named: Record<string, ChainLeaf>;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`openssl ${args.join(' ')}: ${stderr}`));
      else resolve();
    });
  });
}

export async function makeChainPki(names: string[] = []): Promise<ChainPki> {
  const dir = await makeTempDir('chain-pki');
  const aiaUrl = 'http://127.0.0.1:9/whydown-test-intermediate.crt';
  await openssl(['req', '-x509', ...EC, '-keyout', 'root.key', '-out', 'root.crt', '-days', '3650', '-subj', '/CN=whydown chain test root',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  await openssl(['req', '-new', ...EC, '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=whydown chain test intermediate'], dir);
  await writeFile(path.join(dir, 'int.ext'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n');
  await openssl(['x509', '-req', '-in', 'int.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-CAcreateserial', '-days', '3650',
    '-extfile', 'int.ext', '-out', 'int.crt'], dir);
  const leaf = async (name: string, altNames: string): Promise<ChainLeaf> => {
    await openssl(['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${altNames.split(',')[0]!.replace(/^[A-Z]+:/, '')}`], dir);
    await writeFile(path.join(dir, `${name}.ext`), `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${altNames}\nauthorityInfoAccess=caIssuers;URI:${aiaUrl}\n`);
    await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'int.crt', '-CAkey', 'int.key', '-CAcreateserial', '-days', '365',
      '-extfile', `${name}.ext`, '-out', `${name}.crt`], dir);
    const fullChainPath = path.join(dir, `${name}.fullchain.crt`);
    await writeFile(fullChainPath, `${(await readFile(path.join(dir, `${name}.crt`), 'utf8')).trimEnd()}\n${await readFile(path.join(dir, 'int.crt'), 'utf8')}`);
    return { certPath: path.join(dir, `${name}.crt`), keyPath: path.join(dir, `${name}.key`), fullChainPath };
  };
  const site = await leaf('site', 'DNS:localhost,IP:127.0.0.1');
  const named: Record<string, ChainLeaf> = {};
  for (const name of names) named[name] = await leaf(name.replace(/[^a-z0-9]/gi, '-'), `DNS:${name}`);
  const rootPath = path.join(dir, 'root.crt');
  return { dir, rootPath, rootPem: await readFile(rootPath, 'utf8'), aiaUrl, site, named };
}

function opensslOut(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd }, (error, stdout, stderr) => {
      if (error) reject(new Error(`openssl ${args.join(' ')}: ${stderr}`));
      else resolve(stdout);
    });
  });
}

let responses = 0;

/**
 * An OCSP response (DER file) for `leaf`, signed by the intermediate with `openssl ocsp`, saying
 * `good` or `revoked`, valid for a day: what nginx's `ssl_stapling_file` staples.
 */
export async function makeOcspResponse(pki: ChainPki, leaf: ChainLeaf, status: 'good' | 'revoked'): Promise<string> {
  const n = ++responses;
  const serial = (await opensslOut(['x509', '-in', leaf.certPath, '-noout', '-serial'], pki.dir)).trim().split('=')[1]!;
  const index = path.join(pki.dir, `ocsp-${n}.index.txt`);
  const revoked = status === 'revoked';
  await writeFile(index, `${revoked ? 'R' : 'V'}\t351231000000Z\t${revoked ? '240101000000Z' : ''}\t${serial}\tunknown\t/CN=whydown\n`);
  const out = path.join(pki.dir, `ocsp-${n}-${status}.der`);
  await openssl(['ocsp', '-index', index, '-rsigner', 'int.crt', '-rkey', 'int.key', '-CA', 'int.crt', '-issuer', 'int.crt',
    '-cert', leaf.certPath, '-respout', out, '-ndays', '1'], pki.dir);
  return out;
}
