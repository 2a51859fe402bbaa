// Flapping: a monitor that goes down and up again and again within minutes. People get one alert
// that says so instead of one per change, and one more when it has settled.
//
// Semantics (times in epoch ms, fed in order):
// - Every incident event is a change of state: 'opened' = down, 'closed' = up.
// - The monitor starts flapping at the change that makes `changes` changes within `withinMs`
//   (that change and the ones less than withinMs before it). That change is
//   answered 'send-flapping': the one alert that says "flapping". The changes before it were
//   ordinary and were answered 'send'.
// - While flapping, every change is answered 'suppress' and pushes settling further away.
// - It has settled once a whole window passes without a change: settledAt(now) returns the
//   settlement once (with the state it settled in), for the caller to send one "stable again,
//   up" or "stable again, down" message. Call it on a timer at settlesAt(), or after every check.
// - A change that arrives after the window passed while nobody asked settledAt() ends the flapping
//   first; that settlement is then dropped (the change's own alert says the current state) and
//   the change is judged afresh, counting only itself and the changes after the settlement.
import type { Flapping } from '../config/types.js';
import { toMs, type TimeInput } from '../../core/time/time.js';

export type IncidentKind = 'opened' | 'closed';
export type FlapDecision = 'send' | 'send-flapping' | 'suppress';

export interface FlapSettlement {
  /** When it settled: the last change plus the window. */
  at: number;
  /** The state it settled in: 'down' means an incident is open. */
  state: 'up' | 'down';
  /** The change that started the flapping. */
  flappingSince: number;
  /** Changes while flapping, the first one included. */
  changes: number;
}

export class FlapDetector {
  /** Times of recent changes, oldest first, none older than the window before the newest. */
  private recent: number[] = [];
  private episode: { since: number; changes: number } | null = null;
  private last: { at: number; state: 'up' | 'down' } | null = null;

  /** `settings` false: never flapping, every change is sent. */
  constructor(private settings: Flapping | false) {}

  /** For a config reload; an episode under way goes on under the new settings. */
  update(settings: Flapping | false): void {
    this.settings = settings;
    if (!settings) this.episode = null;
  }

  get flapping(): boolean {
    return this.episode !== null;
  }

  onIncidentEvent(kind: IncidentKind, at: TimeInput): FlapDecision {
    const ms = toMs(at);
    this.last = { at: ms, state: kind === 'opened' ? 'down' : 'up' };
    const settings = this.settings;
    if (!settings) return 'send';
    if (this.episode && this.recent.length > 0 && ms - this.recent[this.recent.length - 1]! >= settings.withinMs) {
      this.episode = null; // settled unnoticed (see the header)
      this.recent = [];
    }
    this.recent.push(ms);
    this.recent = this.recent.filter((t) => ms - t < settings.withinMs);
    if (this.episode) {
      this.episode.changes += 1;
      return 'suppress';
    }
    if (this.recent.length >= settings.changes) {
      this.episode = { since: ms, changes: 1 };
      return 'send-flapping';
    }
    return 'send';
  }

  /** When the flapping ends if nothing changes meanwhile; null when not flapping. */
  settlesAt(): number | null {
    if (!this.episode || !this.settings || !this.last) return null;
    return this.last.at + this.settings.withinMs;
  }

  /** The settlement, once, when `now` is at or past settlesAt(); otherwise null. */
  settledAt(now: TimeInput): FlapSettlement | null {
    const at = this.settlesAt();
    if (at === null || toMs(now) < at || !this.episode || !this.last) return null;
    const settlement: FlapSettlement = { at, state: this.last.state, flappingSince: this.episode.since, changes: this.episode.changes };
    this.episode = null;
    this.recent = [];
    return settlement;
  }
}
