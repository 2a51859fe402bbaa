// The shape of one answer of `whydown explain <code>`.
import type { Cause, Hop } from '../model.js';

export type ExplanationKind = 'http-status' | 'vendor' | 'cause';

export interface Explanation {
  /** The code as whydown knows it: `502`, `522`, `H12`, `SH--`, `UF`, `upstream-refused`. */
  code: string;
  kind: ExplanationKind;
  /** Who defines the code (`Cloudflare`, `nginx`, `HAProxy`...); absent for IANA statuses and cause ids. */
  vendor?: string;
  /** Short name: `Bad Gateway`, `Connection timed out`, `Request timeout`. */
  name: string;
  /** What the code means, in plain words. */
  meaning: string;
  /** Usual reasons for it (empty when it is not an error). */
  causes: string[];
  /** What to do, most likely first (empty when there is nothing to fix). */
  fixes: string[];
  /** The whydown cause ids this code usually corresponds to. */
  whydownCauses: Cause[];
  /** A caveat worth knowing: a clashing number, a status the client sees instead, a deprecated code. */
  note?: string;
  /** For a cause id: the hop where it usually happens. */
  hop?: Hop;
  /** For a cause id: status and vendor codes that usually point to it. */
  relatedCodes?: string[];
}

/** One row of a vendor table; `aliases` are other spellings the lookup accepts (long names). */
export interface VendorCode {
  code: string;
  vendor: string;
  name: string;
  meaning: string;
  causes: string[];
  fixes: string[];
  whydownCauses: Cause[];
  note?: string;
  aliases?: string[];
}
