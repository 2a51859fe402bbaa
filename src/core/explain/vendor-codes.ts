// Vendor codes that are not (or not only) IANA statuses: Cloudflare 52x/530 and 1xxx, nginx 444/494–499,
// AWS ELB 460/463/464/561, Heroku H/R codes, Envoy response flags. HAProxy termination states are
// composed from their characters (./vendors/haproxy.ts) rather than listed.
import type { VendorCode } from './types.js';
import { CLOUDFLARE_CODES } from './vendors/cloudflare.js';
import { ENVOY_CODES } from './vendors/envoy.js';
import { HEROKU_CODES } from './vendors/heroku.js';
import { ELB_CODES, NGINX_CODES } from './vendors/nginx-elb.js';

export { explainHaproxyInput, explainHaproxyState, isNotableHaproxyPair } from './vendors/haproxy.js';

/** Every listed vendor code, in the order they are shown when several match. */
export const VENDOR_CODES: readonly VendorCode[] = [
  ...CLOUDFLARE_CODES, ...NGINX_CODES, ...ELB_CODES, ...HEROKU_CODES, ...ENVOY_CODES,
];

function key(code: string): string {
  return code.toUpperCase();
}

const BY_CODE = new Map<string, VendorCode[]>();
for (const entry of VENDOR_CODES) {
  for (const spelling of [entry.code, ...(entry.aliases ?? [])]) {
    const list = BY_CODE.get(key(spelling)) ?? [];
    if (!list.includes(entry)) list.push(entry);
    BY_CODE.set(key(spelling), list);
  }
}

/** The listed vendor codes with this spelling (case-insensitive; Envoy long names too). */
export function vendorCodes(code: string): VendorCode[] {
  return BY_CODE.get(key(code)) ?? [];
}
