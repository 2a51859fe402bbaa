// `whydown notify test <target>`: one test alert, one attempt, the outcome in one line. No retry:
// the point is to see at once what the receiver says.
import type { Config, NotifyTarget } from '../config/types.js';
import { hint } from '../config/suggest.js';
import { WhydownError } from '../../core/errors.js';
import { testMessage } from './message.js';
import { attempt, type DeliveryOutcome, type Notifier } from './notifier.js';
import { createNotifier } from './registry.js';

export interface TestSendResult {
  target: NotifyTarget;
  outcome: DeliveryOutcome;
  /** "delivered to ops-hook (webhook): HTTP 200", or "not delivered to …: why". */
  line: string;
}

export interface TestSendOptions {
  timeoutMs?: number;
  createNotifier?: (target: NotifyTarget) => Notifier;
}

export async function sendTest(config: Pick<Config, 'notify' | 'monitors'>, targetName: string, options: TestSendOptions = {}): Promise<TestSendResult> {
  const target = config.notify.find((t) => t.name === targetName);
  if (!target) {
    const names = config.notify.map((t) => t.name);
    const why = names.length === 0 ? ' (the config has no notify: targets)' : hint(targetName, names);
    throw new WhydownError('E_USAGE', `notify test: no notify target named "${targetName}"${why}`);
  }
  // The test names a monitor that alerts this target, so the receiver sees a realistic message.
  const monitor = config.monitors.find((m) => m.notify.includes(target.name)) ?? null;
  const notifier = (options.createNotifier ?? createNotifier)(target);
  try {
    const outcome = await attempt(notifier, testMessage(target.name, monitor), options.timeoutMs ?? 10_000);
    const who = `${target.name} (${target.type})`;
    const line = outcome.ok ? `delivered to ${who}: ${outcome.detail}` : `not delivered to ${who}: ${outcome.detail}`;
    return { target, outcome, line };
  } finally {
    await notifier.close?.();
  }
}
