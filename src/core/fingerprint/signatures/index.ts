// All generator signatures in one table. The matcher takes the most confident match; at equal
// confidence, the earlier entry wins.
import type { GeneratorSignature } from '../types.js';
import { CDN_SIGNATURES } from './cdns.js';
import { PLATFORM_SIGNATURES } from './platforms.js';
import { PROXY_SIGNATURES } from './proxies.js';
import { SERVER_SIGNATURES } from './servers.js';

export const GENERATOR_SIGNATURES: readonly GeneratorSignature[] = [
  ...CDN_SIGNATURES,
  ...PLATFORM_SIGNATURES,
  ...PROXY_SIGNATURES,
  ...SERVER_SIGNATURES,
];

export { CACHE_SIGNATURES } from './cache.js';
export { EDGE_SIGNATURES } from './edges.js';
export { SERVER_PRODUCTS } from './server-header.js';
export { WAF_SIGNATURES } from './waf.js';
