// Every real server the fingerprint is proven against, in the order they are started.
import { apache } from './apache.js';
import { caddy } from './caddy.js';
import { haproxy } from './haproxy.js';
import { lighttpd } from './lighttpd.js';
import { nghttpx } from './nghttpx.js';
import { nginx } from './nginx.js';
import { squid } from './squid.js';
import { trafficserver } from './trafficserver.js';
import { varnish } from './varnish.js';
import type { Scenario } from './types.js';

export type { Case, Expected, Scenario } from './types.js';

export const SCENARIOS: Scenario[] = [nginx, apache, haproxy, varnish, caddy, lighttpd, squid, nghttpx, trafficserver];
