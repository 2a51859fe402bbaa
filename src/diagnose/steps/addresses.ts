// "Try every address": the name's A and AAAA records, from every resolver the dns step asked (and
// the system's own lookup, or every --resolve pin for the host), each requested on its own — as a
// browser's Happy Eyeballs or a round-robin client would meet it. The reload attempts stop at the
// first address that answers, so an address that fails behind a working one is only seen here.
import dns from 'node:dns';
import net from 'node:net';
import { probeAddress, type AddressOutcome } from '../../core/probe/each-address.js';
import { bareHost, defaultPort } from '../../core/probe/target.js';
import { roundMs, roundTimings } from '../../core/render/text.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';
import { markerFor } from './reload.js';

export const ADDRESSES_TITLE = 'Try every address the name resolves to';
/** A name with more addresses is tried on the first ones only: the time stays bounded. */
export const MAX_ADDRESSES = 8;
const SYSTEM_LOOKUP_TIMEOUT_MS = 3000;

export interface AddressEvidence {
  skipped: boolean;
  /** Every distinct address tried (at most MAX_ADDRESSES), with who gave it. */
  outcomes: (AddressOutcome & { from: string[] })[];
  /** Addresses the name has beyond MAX_ADDRESSES, not tried. */
  notTried: string[];
}

export const addressesStep: ChecklistStep<'addresses'> = { id: 'addresses', title: ADDRESSES_TITLE, needs: ['dns'], run: runAddresses };

async function runAddresses(context: DiagnoseContext): Promise<StepOutcome<AddressEvidence>> {
  const host = bareHost(context.url);
  const port = defaultPort(context.url);
  if (net.isIP(host) !== 0) return skipped('the URL names an IP address: there is one address');
  const found = await gatherAddresses(context, host, port);
  const all = [...found.keys()];
  if (all.length <= 1) {
    return skipped(all.length === 1 ? `one address (${all[0]}): the reload attempts tried it` : 'no address to try');
  }
  const tried = all.slice(0, MAX_ADDRESSES);
  const outcomes = await Promise.all(tried.map(async (address, index) => {
    const outcome = await probeAddress(context.url, address, {
      ...context.options.probe,
      queryMarker: markerFor(context, `a${index + 1}`),
    });
    if (outcome.result) context.recordAttempt('addresses', outcome.result);
    return { ...outcome, from: found.get(address)! };
  }));
  const evidence: AddressEvidence = { skipped: false, outcomes, notTried: all.slice(MAX_ADDRESSES) };
  return { report: report(evidence), evidence };
}

/** address → who gave it ("127.0.0.1:5353", "system", "--resolve"), in the order first seen. */
async function gatherAddresses(context: DiagnoseContext, host: string, port: number): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const add = (address: string, from: string): void => {
    const list = found.get(address) ?? [];
    if (!list.includes(from)) list.push(from);
    found.set(address, list);
  };
  const pinned = context.options.probe.resolve?.filter((p) => p.host === host.toLowerCase() && p.port === port) ?? [];
  if (pinned.length > 0) {
    for (const p of pinned) add(p.address, '--resolve');
    return found;
  }
  const dnsEvidence = await context.need('dns');
  for (const answer of dnsEvidence.answers) for (const address of answer.addresses) add(address, answer.resolver);
  // Without --dns-server, what the system's lookup gives (hosts file included) is what the
  // reload attempts use; the dns step asks the configured nameservers only.
  if ((context.options.probe.dnsServers ?? []).length === 0) {
    for (const address of await systemLookup(host)) add(address, 'system');
  }
  return found;
}

async function systemLookup(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => { timer = setTimeout(() => resolve([]), SYSTEM_LOOKUP_TIMEOUT_MS); });
  const lookup = dns.promises.lookup(host, { all: true, verbatim: true })
    .then((found) => found.map((f) => f.address))
    .catch(() => [] as string[]);
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function isWorking(outcome: AddressOutcome): boolean {
  return outcome.allowed && (outcome.cause === 'ok' || outcome.cause === 'slow-response');
}

function describe(outcome: AddressOutcome & { from: string[] }): string {
  if (!outcome.allowed) return `${outcome.address} not tried (not a public destination)`;
  const what = outcome.status !== null ? `${outcome.status}` : isWorking(outcome) ? 'connects' : outcome.cause;
  return `${outcome.address} → ${what}${isWorking(outcome) || outcome.status !== null ? '' : ` (${outcome.error?.code ?? 'no detail'})`} in ${Math.round(outcome.timings.total)} ms`;
}

function report(evidence: AddressEvidence): StepOutcome<AddressEvidence>['report'] {
  const tried = evidence.outcomes.filter((o) => o.allowed);
  const working = tried.filter(isWorking);
  const failing = tried.filter((o) => !isWorking(o));
  const lines = evidence.outcomes.map(describe).join('; ');
  const beyond = evidence.notTried.length > 0 ? ` (${evidence.notTried.length} more not tried: at most ${MAX_ADDRESSES})` : '';
  let result: 'pass' | 'warn' | 'fail' = 'pass';
  let detail = `all ${tried.length} addresses work: ${lines}${beyond}`;
  if (tried.length === 0) {
    detail = `no address may be tried: ${lines}`;
  } else if (working.length === 0) {
    result = 'fail';
    detail = `no address works: ${lines}${beyond}`;
  } else if (failing.length > 0) {
    result = 'warn';
    detail = `${failing.length} of ${tried.length} addresses fail while ${working.length === 1 ? 'another works' : 'others work'}: ${lines}${beyond}`;
  }
  return {
    id: 'addresses',
    title: ADDRESSES_TITLE,
    result,
    detail,
    evidence: {
      addresses: evidence.outcomes.map((o) => ({
        address: o.address,
        family: o.family,
        from: o.from,
        checked: o.checked,
        outcome: !o.allowed ? 'not-allowed' : isWorking(o) ? 'ok' : 'failed',
        cause: o.cause,
        status: o.status,
        error: o.error?.code ?? null,
        ms: roundMs(o.timings.total, 1),
        timings: roundTimings(o.timings, 1),
      })),
      notTried: evidence.notTried,
    },
  };
}

function skipped(detail: string): StepOutcome<AddressEvidence> {
  return {
    report: { id: 'addresses', title: ADDRESSES_TITLE, result: 'skip', detail, evidence: {} },
    evidence: { skipped: true, outcomes: [], notTried: [] },
  };
}
