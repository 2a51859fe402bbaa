// Was this response served from a cache? Any hit rule makes it a hit; otherwise any miss rule a
// miss; otherwise nothing on the path said (gateways.md §22).
import type { CacheSignature } from '../types.js';

const AGE_ABOVE_ZERO = /^0*[1-9]\d*$/;
const FASTLY = { header: 'x-served-by', value: /\bcache-[a-z0-9]+-[A-Z]{3}\b/ } as const;

export const CACHE_SIGNATURES = [
  { hit: true, all: [{ header: 'age', value: AGE_ABOVE_ZERO, label: 'a stored copy' }] },
  { hit: true, all: [{ header: 'cf-cache-status', value: /^(?:HIT|STALE|REVALIDATED|UPDATING)$/i }] },
  { hit: true, all: [{ header: 'x-cache', value: /^Error from cloudfront$/i }, { header: 'age', value: AGE_ABOVE_ZERO }] },
  { hit: true, all: [{ header: 'x-cache', value: /(?:^|[\s,])(?:HIT|TCP_(?:REMOTE_|MEM_|REFRESH_|IMS_)?HIT)\b|(?:Refresh)?Hit from cloudfront/i }],
    // Fastly reports HIT for its own synthetic responses too; it needs X-Cache-Hits or Age.
    none: [FASTLY] },
  { hit: true, all: [FASTLY, { header: 'x-cache-hits', value: /(?:^|[\s,])0*[1-9]/ }] },
  { hit: true, all: [{ header: 'x-varnish', value: /^\d+\s+\d+$/, label: 'two VXIDs' }] },
  { hit: true, all: [{ header: 'x-vercel-cache', value: /^(?:HIT|STALE|PRERENDER)$/i }] },
  { hit: true, all: [{ header: 'cache-status', value: /;\s*hit\b/i }] },

  { hit: false, all: [{ header: 'cf-cache-status', value: /^(?:MISS|EXPIRED|BYPASS|DYNAMIC|NONE|UNKNOWN)$/i }] },
  { hit: false, all: [{ header: 'x-cache', value: /\bMISS\b|Miss from cloudfront|Error from cloudfront|TCP_MISS|TCP_DENIED/i }] },
  { hit: false, all: [FASTLY, { header: 'x-cache-hits', value: /^0+(?:,\s*0+)*$/, label: 'no cache hits (a synthetic HIT)' }] },
  { hit: false, all: [{ header: 'x-vercel-cache', value: /^(?:MISS|BYPASS)$/i }] },
  { hit: false, all: [{ header: 'x-varnish', value: /^\d+$/, label: 'one VXID' }] },
  { hit: false, all: [{ header: 'age', value: /^0+$/ }] },
  { hit: false, all: [{ header: 'cache-status', value: /;\s*fwd=/i }] },
] as const satisfies readonly CacheSignature[];
