export { probe } from './probe.js';
export { parseTargetUrl, parsePinnedAddress, parseDnsServer } from './target.js';
export { queryResolver } from './dns-query.js';
export type * from './types.js';
