// The single wording source for every cause id (see ../model.ts and the contract's cause table).
// Verdicts, log summaries and `whydown explain` all take their text from here.

import type { Cause, Hop } from '../model.js';
import { GATEWAY_CAUSES } from './causes-gateway.js';
import { REACH_CAUSES } from './causes-reach.js';
import { HEARTBEAT_CAUSES } from './causes-heartbeat.js';
import { BROWSER_CAUSES } from './causes-browser.js';

export interface CauseInfo {
  cause: Cause;
  /** The usual hop for this cause (the contract's table). */
  hop: Hop;
  /** Short headline, e.g. "The upstream refused the connection". */
  title: string;
  /** One plain sentence for a site owner. */
  meaning: string;
  /** 2–4 concrete actions, most likely first. */
  fixes: string[];
}

/** Every cause has an entry, and each entry's `cause` matches its key. */
export type CauseTable = { [C in Cause]: CauseInfo & { cause: C } };

export const CAUSE_INFO: Record<Cause, CauseInfo> = { ...REACH_CAUSES, ...GATEWAY_CAUSES, ...HEARTBEAT_CAUSES, ...BROWSER_CAUSES } satisfies CauseTable;

/** The wording for a cause id. */
export function describeCause(cause: Cause): CauseInfo {
  const info = CAUSE_INFO[cause];
  return { ...info, fixes: [...info.fixes] };
}
