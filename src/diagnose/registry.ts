// The checklist, in report order. Every step starts at once and waits only for the evidence it
// reads (context.need), so independent steps run concurrently.
import type { ChecklistStep, StepId } from './types.js';
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
  tls: tlsStep,
  cache: cacheStep,
  'client-profile': clientProfileStep,
  timing: timingStep,
  fingerprint: fingerprintStep,
  cdn: cdnStep,
  logs: logsStep,
} satisfies { [K in StepId]: ChecklistStep<K> };

export const STEP_ORDER = Object.keys(CHECKLIST) as StepId[];
