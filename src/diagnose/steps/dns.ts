// "Change DNS server": ask every resolver, compare the answers, and check where each leads
// (an answer whose addresses accept no connection leads nowhere).
import dns from 'node:dns';
import net from 'node:net';
import { connectToAny } from '../../core/probe/connect.js';
import { Deadline } from '../../core/probe/deadline.js';
import { queryResolver, type ResolverAddress } from '../../core/probe/dns-query.js';
import { failureFromAnswer } from '../../core/probe/resolve.js';
import { bareHost, defaultPort, parseDnsServer } from '../../core/probe/target.js';
import type { DnsAnswer } from '../../core/probe/types.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';

export const DNS_TITLE = 'Ask other DNS resolvers and compare';
const REACH_TIMEOUT_MS = 2000;
const MAX_ADDRESSES_CHECKED = 8;

export interface DnsEvidence {
  skipped: boolean;
  answers: DnsAnswer[];
  /** address → reachable on the URL's port */
  reachable: Record<string, boolean>;
  /** Resolvers whose answer leads to a server that accepts connections. */
  working: string[];
  /** Resolvers whose answer leads nowhere (error, no address, or nothing accepts). */
  broken: string[];
  disagree: boolean;
}

export const dnsStep: ChecklistStep<'dns'> = { id: 'dns', title: DNS_TITLE, needs: [], run: runDns };

async function runDns(context: DiagnoseContext): Promise<StepOutcome<DnsEvidence>> {
  const host = bareHost(context.url);
  const port = defaultPort(context.url);
  const pinned = context.options.probe.resolve?.some((p) => p.host === host.toLowerCase() && p.port === port);
  if (net.isIP(host) !== 0 || pinned) {
    const why = pinned ? 'the address is pinned with --resolve' : 'the URL names an IP address';
    return skipped(`no DNS lookup: ${why}`);
  }
  const resolvers = chooseResolvers(context);
  if (resolvers.length === 0) return skipped('no resolver to ask (none given and none configured on this system)');

  const timeoutMs = Math.min(5000, context.options.probe.timeoutMs);
  const answers = await Promise.all(resolvers.map((r) => queryResolver(r, host, timeoutMs)));
  const reachable = await checkReachability(answers, port, context.options.probe.allowAddress);
  const working: string[] = [];
  const broken: string[] = [];
  for (const answer of answers) {
    const leads = failureFromAnswer(host, answer) === null && answer.addresses.some((a) => reachable[a]);
    (leads ? working : broken).push(answer.resolver);
  }
  const signatures = new Set(answers.map(signature));
  const disagree = signatures.size > 1;
  const evidence: DnsEvidence = { skipped: false, answers, reachable, working, broken, disagree };

  const lines = answers.map((a) => describeAnswer(a, reachable));
  let result: StepOutcome<DnsEvidence>['report']['result'] = 'pass';
  let detail = `${answers.length === 1 ? 'the resolver answers' : `all ${answers.length} resolvers agree`}: ${lines.join('; ')}`;
  if (working.length === 0) {
    result = 'fail';
    detail = `no resolver's answer leads to a server that accepts connections: ${lines.join('; ')}`;
  } else if (disagree && broken.length > 0) {
    result = 'warn';
    detail = `resolvers disagree, and ${broken.join(', ')} lead${broken.length === 1 ? 's' : ''} nowhere: ${lines.join('; ')}`;
  } else if (disagree) {
    detail = `resolvers give different answers, all of which work: ${lines.join('; ')}`;
  }
  return {
    report: { id: 'dns', title: DNS_TITLE, result, detail, evidence: { ...evidence } },
    evidence,
  };
}

/** --dns-server when given (only those); otherwise the system's own nameservers, asked directly. */
function chooseResolvers(context: DiagnoseContext): ResolverAddress[] {
  const given = context.options.probe.dnsServers ?? [];
  if (given.length > 0) return given.map(parseDnsServer);
  return dns.getServers().map((server) => {
    try {
      return parseDnsServer(server);
    } catch {
      return null;
    }
  }).filter((r): r is ResolverAddress => r !== null);
}

/** With a destination policy (the public /check), a refused address is not connected to: it counts as unreachable. */
async function checkReachability(
  answers: DnsAnswer[],
  port: number,
  allowAddress?: (address: string, port: number) => boolean,
): Promise<Record<string, boolean>> {
  const addresses = [...new Set(answers.flatMap((a) => a.addresses))].slice(0, MAX_ADDRESSES_CHECKED);
  const checks = await Promise.all(addresses.map(async (address) => {
    const outcome = await connectToAny([address], port, new Deadline(REACH_TIMEOUT_MS), allowAddress);
    outcome.socket?.destroy();
    return [address, outcome.socket !== null] as const;
  }));
  return Object.fromEntries(checks);
}

function signature(answer: DnsAnswer): string {
  return `${answer.rcode}|${[...answer.addresses].sort().join(',')}`;
}

function describeAnswer(answer: DnsAnswer, reachable: Record<string, boolean>): string {
  if (answer.rcode !== 'NOERROR') return `${answer.resolver} → ${answer.rcode}`;
  if (answer.addresses.length === 0) return `${answer.resolver} → no A/AAAA record`;
  const addresses = answer.addresses
    .map((a) => `${a}${reachable[a] === undefined ? '' : reachable[a] ? ' (accepts connections)' : ' (nothing answers there)'}`)
    .join(', ');
  return `${answer.resolver} → ${addresses}${answer.ttl !== null ? ` TTL ${answer.ttl}s` : ''}`;
}

function skipped(detail: string): StepOutcome<DnsEvidence> {
  const evidence: DnsEvidence = { skipped: true, answers: [], reachable: {}, working: [], broken: [], disagree: false };
  return { report: { id: 'dns', title: DNS_TITLE, result: 'skip', detail, evidence: {} }, evidence };
}
