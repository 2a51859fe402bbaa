// Every hostile-server behaviour the probe and diagnose are run against
// (test/probe/hostile-catalogue.test.ts), grouped by where the abuse happens. Each entry starts its
// own server on a free loopback port and says what the probe must conclude, when one conclusion is
// right; the others must simply end classified, in time, with bounded memory.
import { BODY_CASES, REDIRECT_CASES } from './hostile-body.js';
import { DNS_CASES } from './hostile-dns.js';
import { CONNECTION_CASES, FRAMING_CASES, HEAD_CASES, SLOW_CASES } from './hostile-http1.js';
import type { HostileCase } from './hostile-kit.js';
import { HTTP2_CASES, TLS_CASES } from './hostile-tls.js';

export type { Expectation, HostileCase, HostileTarget } from './hostile-kit.js';

export const HOSTILE_CATALOGUE: readonly HostileCase[] = [
  ...CONNECTION_CASES,
  ...FRAMING_CASES,
  ...HEAD_CASES,
  ...SLOW_CASES,
  ...BODY_CASES,
  ...REDIRECT_CASES,
  ...TLS_CASES,
  ...HTTP2_CASES,
  ...DNS_CASES,
];
