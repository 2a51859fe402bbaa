// Test certificates made with the openssl command: a test CA and leaves for every TLS failure.
//
// Each leaf names localhost and 127.0.0.1 (plus the extra names asked for), except `wrongName`.
// OpenSSL 3.0's `x509 -req` cannot set a start date, so the leaves are signed with `openssl ca`
// and `-startdate`/`-enddate`. Generated once per test process (per set of extra names).
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { makeTempDir } from './process.js';

export interface LeafCert {
  /** The leaf alone, PEM. */
  cert: string;
  key: string;
  /** The leaf followed by the CA that signed it (what a server usually sends). */
  chain: string;
  certPath: string;
  keyPath: string;
  chainPath: string;
  notBefore: Date;
  notAfter: Date;
  /** The subjectAltName entries, e.g. `DNS:localhost`, `IP:127.0.0.1`. */
  altNames: string[];
}

export interface TestCerts {
  dir: string;
  /** The test CA: trust this one (`ca` in node, `--ca` in whydown). */
  caCertPath: string;
  caCertPem: string;
  /** The second CA, which signs `untrusted`; tests do not trust it. */
  otherCaCertPath: string;
  otherCaCertPem: string;
  leaves: {
    valid: LeafCert;
    /** Validity entirely in the past (ended 30 days ago). */
    expired: LeafCert;
    /** Validity starting 30 days from now. */
    notYetValid: LeafCert;
    /** Valid, signed by the test CA, but only for `other.example`. */
    wrongName: LeafCert;
    /** Valid, right names, but signed by the other CA. */
    untrusted: LeafCert;
    /** Valid, trusted, but only for 5 more days (a monitor's certValidFor).  */
    expiringSoon: LeafCert;
  };
}

export interface CertOptions {
  /** More subjectAltNames for the leaves (DNS names or IP addresses), e.g. `ok.whydown.test`. */
  extraNames?: string[];
}

const cache = new Map<string, Promise<TestCerts>>();

export function getTestCerts(options: CertOptions = {}): Promise<TestCerts> {
  const extra = [...new Set(options.extraNames ?? [])].sort();
  const key = extra.join(',');
  let made = cache.get(key);
  if (!made) {
    made = makeTestCerts(extra);
    made.catch(() => cache.delete(key));
    cache.set(key, made);
  }
  return made;
}

const DAY = 24 * 60 * 60 * 1000;

async function makeTestCerts(extraNames: string[]): Promise<TestCerts> {
  const dir = await makeTempDir('certs');
  const ca = await makeCa(dir, 'ca', 'whydown test CA');
  const other = await makeCa(dir, 'other-ca', 'whydown untrusted CA');
  const now = Date.now();
  const ours = ['DNS:localhost', 'IP:127.0.0.1', ...extraNames.map(altName)];
  const valid = await makeLeaf(dir, ca, 'valid', ours, now - DAY, now + 365 * DAY);
  const expired = await makeLeaf(dir, ca, 'expired', ours, now - 730 * DAY, now - 30 * DAY);
  const notYetValid = await makeLeaf(dir, ca, 'not-yet-valid', ours, now + 30 * DAY, now + 730 * DAY);
  const wrongName = await makeLeaf(dir, ca, 'wrong-name', ['DNS:other.example'], now - DAY, now + 365 * DAY);
  const untrusted = await makeLeaf(dir, other, 'untrusted', ours, now - DAY, now + 365 * DAY);
  const expiringSoon = await makeLeaf(dir, ca, 'expiring-soon', ours, now - DAY, now + 5 * DAY);
  return {
    dir,
    caCertPath: ca.certPath,
    caCertPem: ca.certPem,
    otherCaCertPath: other.certPath,
    otherCaCertPem: other.certPem,
    leaves: { valid, expired, notYetValid, wrongName, untrusted, expiringSoon },
  };
}

function altName(name: string): string {
  return net.isIP(name) ? `IP:${name}` : `DNS:${name}`;
}

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`openssl ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve();
    });
  });
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

interface Ca {
  name: string;
  dir: string;
  certPath: string;
  certPem: string;
  configPath: string;
}

async function makeCa(dir: string, name: string, commonName: string): Promise<Ca> {
  const certPath = path.join(dir, `${name}.crt`);
  const keyPath = path.join(dir, `${name}.key`);
  await openssl(
    [
      'req', '-x509', ...EC_KEY, '-keyout', keyPath, '-out', certPath, '-days', '3650',
      '-subj', `/CN=${commonName}`,
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  const database = path.join(dir, `${name}.index.txt`);
  await writeFile(database, '');
  const configPath = path.join(dir, `${name}.cnf`);
  await writeFile(
    configPath,
    `[ ca ]
default_ca = testca
[ testca ]
database = ${database}
new_certs_dir = ${dir}
certificate = ${certPath}
private_key = ${keyPath}
rand_serial = yes
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
email_in_dn = no
[ anything ]
commonName = supplied
`,
  );
  return { name, dir, certPath, certPem: await readFile(certPath, 'utf8'), configPath };
}

/** `YYYYMMDDHHMMSSZ`, the GeneralizedTime form `openssl ca -startdate` takes. */
function asn1Time(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}

async function makeLeaf(dir: string, ca: Ca, name: string, altNames: string[], from: number, until: number): Promise<LeafCert> {
  const keyPath = path.join(dir, `${name}.key`);
  const csrPath = path.join(dir, `${name}.csr`);
  const certPath = path.join(dir, `${name}.crt`);
  const chainPath = path.join(dir, `${name}.chain.crt`);
  const extPath = path.join(dir, `${name}.ext`);
  const commonName = (altNames[0] ?? 'DNS:localhost').replace(/^[A-Z]+:/, '');
  await openssl(['req', '-new', ...EC_KEY, '-keyout', keyPath, '-out', csrPath, '-subj', `/CN=${commonName}`], dir);
  await writeFile(
    extPath,
    `[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = ${altNames.join(',')}
`,
  );
  // Whole seconds: certificates carry no fractions.
  const notBefore = new Date(Math.floor(from / 1000) * 1000);
  const notAfter = new Date(Math.floor(until / 1000) * 1000);
  await openssl(
    [
      'ca', '-batch', '-notext', '-config', ca.configPath,
      '-startdate', asn1Time(notBefore.getTime()), '-enddate', asn1Time(notAfter.getTime()),
      '-extfile', extPath, '-extensions', 'leaf', '-in', csrPath, '-out', certPath,
    ],
    dir,
  );
  const cert = await readFile(certPath, 'utf8');
  const chain = `${cert.trimEnd()}\n${ca.certPem}`;
  await writeFile(chainPath, chain);
  return { cert, key: await readFile(keyPath, 'utf8'), chain, certPath, keyPath, chainPath, notBefore, notAfter, altNames };
}
