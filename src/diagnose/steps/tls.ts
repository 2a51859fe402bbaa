// "Is the certificate right?": protocol, chain, dates and name, read from the attempts already
// made (no extra connection), with a warning when the certificate expires soon.
import type { ProbeResult, TlsInfo } from '../../core/probe/types.js';
import type { ChecklistStep, StepOutcome } from '../types.js';

export const TLS_TITLE = 'Check the TLS handshake and certificate';
const EXPIRY_WARNING_DAYS = 14;

export interface TlsEvidence {
  tls: TlsInfo | null;
}

export const tlsStep: ChecklistStep<'tls'> = {
  id: 'tls',
  title: TLS_TITLE,
  needs: ['reload'],
  run: async (context) => checkTls(context.url, (await context.need('reload')).attempts),
};

export function checkTls(url: URL, attempts: ProbeResult[], now = Date.now()): StepOutcome<TlsEvidence> {
  if (url.protocol !== 'https:') return outcome('skip', 'plain http:// — no TLS on this URL', null);
  const withTls = attempts.find((a) => a.tls !== null);
  const failedHandshake = attempts.find((a) => a.failedPhase === 'tls');
  if (!withTls) {
    if (failedHandshake) return outcome('fail', `the TLS handshake failed: ${failedHandshake.error?.message ?? 'no detail'}`, null);
    return outcome('skip', 'no attempt got as far as TLS', null);
  }
  const tls = withTls.tls!;
  const leaf = tls.chain[0];
  const session = `${tls.protocol ?? '?'}, ${tls.cipher ?? '?'}, ALPN ${tls.alpn ?? 'none'}`;
  if (!leaf) return outcome('fail', `${session}; the server sent no certificate`, tls);
  const names = leaf.subjectAltNames.join(', ') || leaf.subject;
  const validity = `valid ${leaf.validFrom.slice(0, 10)} to ${leaf.validTo.slice(0, 10)}`;
  if (failedHandshake) {
    return outcome('fail', `${session}; certificate for ${names}, ${validity}, issued by ${leaf.issuer}: ${failedHandshake.error?.detail ?? failedHandshake.error?.message ?? tls.verifyError}`, tls);
  }
  // A stapled OCSP response that is stale or for another certificate: clients soft-fail, so the
  // site works, but the staple is useless (and fatal with must-staple).
  if (tls.finding) return outcome('warn', `${session}; certificate for ${names}, ${validity}, trusted; but ${tls.finding.detail}`, tls);
  const daysLeft = (Date.parse(leaf.validTo) - now) / 86_400_000;
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    return outcome('warn', `${session}; certificate for ${names} expires in ${Math.max(0, Math.floor(daysLeft))} days (${leaf.validTo})`, tls);
  }
  return outcome('pass', `${session}; certificate for ${names}, ${validity}, trusted`, tls);
}

function outcome(result: StepOutcome<TlsEvidence>['report']['result'], detail: string, tls: TlsInfo | null): StepOutcome<TlsEvidence> {
  return {
    report: { id: 'tls', title: TLS_TITLE, result, detail, evidence: tls ? { ...tls } : {} },
    evidence: { tls },
  };
}
