// The checklist, in report order. Every step starts at once, after the steps it declares in
// `needs`, and waits only for the evidence it reads (context.need), so independent steps run
// concurrently. The needs are checked when this module loads (start-order.ts).
import { startOrder } from './start-order.js';
import type { ChecklistStep, StepId } from './types.js';
import { addressesStep } from './steps/addresses.js';
import { authorityStep } from './steps/authority.js';
import { cacheStep } from './steps/cache.js';
import { cdnStep } from './steps/cdn.js';
import { clientProfileStep } from './steps/client-profile.js';
import { dnsStep } from './steps/dns.js';
import { fingerprintStep } from './steps/fingerprint.js';
import { logsStep } from './steps/logs.js';
import { reloadStep } from './steps/reload.js';
import { timingStep } from './steps/timing.js';
import { tlsStep } from './steps/tls.js';

export const CHECKLIST = {
  reload: reloadStep,
  dns: dnsStep,
  authority: authorityStep,
  addresses: addressesStep,
  tls: tlsStep,
  cache: cacheStep,
  'client-profile': clientProfileStep,
  timing: timingStep,
  fingerprint: fingerprintStep,
  cdn: cdnStep,
  logs: logsStep,
} satisfies { [K in StepId]: ChecklistStep<K> };

/** Report order: the order the steps are listed in. */
export const STEP_ORDER = Object.keys(CHECKLIST) as StepId[];
/** Start order: each step after the steps it needs. Throws at load on a missing need or a cycle. */
export const START_ORDER = startOrder(CHECKLIST) as StepId[];
