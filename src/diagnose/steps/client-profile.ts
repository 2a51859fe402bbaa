// "Try another browser": the plain attempts identify as whydown; this one looks like a current
// desktop browser. A block that only one profile meets is a rule about clients, not an outage.
import type { ProbeResult } from '../../core/probe/types.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';
import { extraAttempt, isBroken } from './extra-attempt.js';

export const CLIENT_PROFILE_TITLE = 'Try another client profile (browser-like)';

/** What Chrome sends on a top-level navigation. */
export const BROWSER_HEADERS: Record<string, string> = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'accept-language': 'en-US,en;q=0.9',
  'accept-encoding': 'gzip, deflate, br',
  'sec-ch-ua': '"Chromium";v="131", "Not_A Brand";v="24"',
  'sec-ch-ua-mobile': '?0',
  'sec-ch-ua-platform': '"Linux"',
  'sec-fetch-dest': 'document',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-site': 'none',
  'sec-fetch-user': '?1',
  'upgrade-insecure-requests': '1',
};

export interface ClientProfileEvidence {
  browser: ProbeResult;
  /** Which profile is blocked while the other gets through, if any. */
  blockedProfile: 'plain' | 'browser' | null;
}

export const clientProfileStep: ChecklistStep<'client-profile'> = { id: 'client-profile', title: CLIENT_PROFILE_TITLE, needs: ['reload'], run: runClientProfile };

async function runClientProfile(context: DiagnoseContext): Promise<StepOutcome<ClientProfileEvidence>> {
  const browserPromise = extraAttempt(context, 'client-profile', 'browser', { headers: BROWSER_HEADERS });
  const [browser, reload] = await Promise.all([browserPromise, context.need('reload')]);
  const plainBroken = reload.attempts.filter(isBroken);
  const plainAllBlocked = plainBroken.length === reload.attempts.length && plainBroken.every(looksLikeRefusal);
  const plainAllFine = plainBroken.length === 0;
  let blockedProfile: ClientProfileEvidence['blockedProfile'] = null;
  if (plainAllBlocked && !isBroken(browser)) blockedProfile = 'plain';
  else if (plainAllFine && isBroken(browser) && looksLikeRefusal(browser)) blockedProfile = 'browser';
  const plainSays = describe(reload.attempts[0]!);
  const browserSays = describe(browser);
  const detail = blockedProfile === 'plain'
    ? `a plain client is refused (${plainSays}) but a browser-like one gets through (${browserSays}): a firewall or bot rule blocks some clients`
    : blockedProfile === 'browser'
      ? `a browser-like client is refused (${browserSays}) but a plain one gets through (${plainSays}): a rule blocks browser traffic`
      : `both profiles get the same kind of answer (plain: ${plainSays}; browser-like: ${browserSays})`;
  return {
    report: {
      id: 'client-profile', title: CLIENT_PROFILE_TITLE, result: blockedProfile ? 'fail' : 'pass', detail,
      evidence: { plain: plainSays, browser: browserSays, blockedProfile },
    },
    evidence: { browser, blockedProfile },
  };
}

/** An answer that refuses this client rather than failing for everyone. */
function looksLikeRefusal(result: ProbeResult): boolean {
  return result.status === 401 || result.status === 403 || result.status === 406 || result.status === 429 ||
    result.status === 451 || result.status === 444 || result.cause === 'empty-response' || result.cause === 'connect-reset';
}

function describe(result: ProbeResult): string {
  return result.status !== null ? `${result.status}` : result.cause;
}
