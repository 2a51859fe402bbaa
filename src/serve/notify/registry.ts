// One map from notify type to channel: a new channel is a file in channels/ and a line here
// (the compiler checks that every type in NOTIFY_TYPES has one).
import type { NotifyTarget, NotifyType } from '../config/types.js';
import { createDiscordNotifier } from './channels/discord.js';
import { createEmailNotifier } from './channels/email.js';
import { createNtfyNotifier } from './channels/ntfy.js';
import { createPagerDutyNotifier } from './channels/pagerduty.js';
import { createSlackNotifier } from './channels/slack.js';
import { createTeamsNotifier } from './channels/teams.js';
import { createTelegramNotifier } from './channels/telegram.js';
import { createWebhookNotifier } from './channels/webhook.js';
import type { Notifier } from './notifier.js';

type Factories = { [T in NotifyType]: (target: Extract<NotifyTarget, { type: T }>) => Notifier };

const CHANNELS = {
  webhook: createWebhookNotifier,
  slack: createSlackNotifier,
  discord: createDiscordNotifier,
  teams: createTeamsNotifier,
  telegram: createTelegramNotifier,
  ntfy: createNtfyNotifier,
  pagerduty: createPagerDutyNotifier,
  email: createEmailNotifier,
} satisfies Factories;

export function createNotifier(target: NotifyTarget): Notifier {
  // The map is keyed by the same `type` that narrows the target, which TypeScript cannot
  // correlate on its own; `satisfies Factories` above is what makes this cast safe.
  const create = CHANNELS[target.type] as (target: NotifyTarget) => Notifier;
  return create(target);
}
