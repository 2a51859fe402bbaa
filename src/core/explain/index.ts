// `whydown explain <code>`: look a code up in the IANA registry, the vendor tables and the cause ids.
import { CAUSE_INFO } from '../knowledge/causes.js';
import { CAUSES, type Cause } from '../model.js';
import { HTTP_STATUSES, httpStatus } from './http-statuses.js';
import type { Explanation, VendorCode } from './types.js';
import { VENDOR_CODES, explainHaproxyInput, explainHaproxyState, isNotableHaproxyPair, vendorCodes } from './vendor-codes.js';

export type { Explanation, ExplanationKind } from './types.js';

/**
 * Every explanation that matches `code`: the IANA status first, then vendor codes, then a cause id.
 * Empty when nothing matches. Input is trimmed; letter codes are case-insensitive, except HAProxy
 * termination states (`SH` server abort, `sH` server timeout): one written in another case is
 * answered with every state it could be, each noting that the input is not a code as written.
 */
export function explain(code: string): Explanation[] {
  const input = code.trim();
  if (input === '') return [];
  const found: Explanation[] = [];

  if (/^\d{3}$/.test(input)) {
    const status = httpStatus(Number(input));
    if (status) {
      const { status: number, ...rest } = status;
      found.push({ code: String(number), kind: 'http-status', ...rest });
    }
  }

  const listed = vendorCodes(input);
  for (const entry of listed) found.push(fromVendor(entry));

  // A bare pair like `UC` or `RL` is an Envoy flag first; only offer HAProxy's reading when HAProxy
  // documents that pair or the input is in HAProxy's own 4-character form.
  for (const haproxy of explainHaproxyInput(input)) {
    if (listed.length === 0 || input.length === 4 || isNotableHaproxyPair(haproxy.code)) found.push(fromVendor(haproxy));
  }

  const cause = input.toLowerCase();
  if (isCause(cause)) found.push(fromCause(cause));
  return found;
}

function fromVendor(entry: VendorCode): Explanation {
  const { aliases: _aliases, note, ...rest } = entry;
  return note === undefined ? { ...rest, kind: 'vendor' } : { ...rest, kind: 'vendor', note };
}

function isCause(value: string): value is Cause {
  return (CAUSES as readonly string[]).includes(value);
}

function fromCause(cause: Cause): Explanation {
  const info = CAUSE_INFO[cause];
  return {
    code: cause,
    kind: 'cause',
    name: info.title,
    meaning: info.meaning,
    causes: [],
    fixes: [...info.fixes],
    whydownCauses: [cause],
    hop: info.hop,
    relatedCodes: relatedCodes(cause),
  };
}

/** Status and vendor codes that usually point to this cause, for `explain <cause-id>`. */
function relatedCodes(cause: Cause): string[] {
  const codes: string[] = [];
  for (const status of HTTP_STATUSES) {
    if (status.status >= 400 && status.whydownCauses.includes(cause)) codes.push(String(status.status));
  }
  for (const entry of VENDOR_CODES) {
    if (entry.whydownCauses.includes(cause)) codes.push(`${entry.code} (${entry.vendor})`);
  }
  for (const pair of HAPROXY_PAIRS) {
    const state = explainHaproxyState(pair);
    if (state?.whydownCauses.includes(cause)) codes.push(`${pair} (HAProxy)`);
  }
  return codes;
}

const HAPROXY_PAIRS = ['SC', 'sC', 'SH', 'sH', 'SD', 'sD', 'sQ', 'CQ', 'CH', 'PH', 'PD', 'PC', 'PR', 'PT', 'RC'];
