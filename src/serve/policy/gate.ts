// Whether an incident event of one monitor becomes an alert: maintenance windows and flapping,
// together. One gate per monitor, fed every incident event of it in time order.
//
// The rule behind every answer: what the people alerted were last told ('up', 'down' or
// 'flapping') must end up matching the monitor's real state, with as few messages as that takes.
// - In a maintenance window nothing is sent, with one exception: a recovery of an outage they
//   were told about is sent, so an open alert (a PagerDuty incident) is always resolved.
// - Changes in maintenance are planned work, not instability: the flapping detector never sees them.
// - Outside maintenance the flapping detector decides ('send', 'send-flapping', 'suppress'); a
//   recovery of an outage they never heard of (it opened in maintenance) is not sent.
// - The caller sends 'send' as the event's own alert (incident.opened / incident.closed), and
//   'send-flapping' as one alert saying the monitor is flapping (with its current state).
// - tick(now) reports what is owed once nothing holds it back any more: the monitor settled after
//   flapping ('settled', with the state), or a window closed while it stayed down ('still-down':
//   send the opened alert now). Call tick after every check of the monitor or at nextTickAt().
import type { Flapping } from '../config/types.js';
import type { ActiveWindow } from './maintenance/schedule.js';
import { toMs, type TimeInput } from '../../core/time/time.js';
import { FlapDetector, type FlapDecision, type FlapSettlement, type IncidentKind } from './flapping.js';

export type Told = 'up' | 'down' | 'flapping';

export type GateFollowUp =
  | { kind: 'settled'; settlement: FlapSettlement }
  | { kind: 'still-down'; at: number; window: ActiveWindow };

export interface GateOptions {
  flapping: Flapping | false;
  /** The monitor's open window at a time: `(at) => schedule.activeWindow(monitor, at)`. */
  maintenance: (at: number) => ActiveWindow | null;
}

export class AlertGate {
  private readonly detector: FlapDetector;
  private state: 'up' | 'down' = 'up';
  private told: Told = 'up';
  /** The window that swallowed the opened alert, while the outage lasts. */
  private heldBy: ActiveWindow | null = null;
  private settled: FlapSettlement | null = null;

  constructor(private readonly options: GateOptions) {
    this.detector = new FlapDetector(options.flapping);
  }

  /** After a config reload. */
  updateFlapping(settings: Flapping | false): void {
    this.detector.update(settings);
  }

  /** What recipients currently believe. */
  get lastTold(): Told {
    return this.told;
  }

  decide(kind: IncidentKind, at: TimeInput): FlapDecision {
    const ms = toMs(at);
    this.state = kind === 'opened' ? 'down' : 'up';
    const window = this.options.maintenance(ms);
    if (window) {
      this.heldBy = kind === 'opened' ? window : null;
      if (kind === 'closed' && this.told === 'down') return this.tell('up', 'send');
      return 'suppress';
    }
    const decision = this.detector.onIncidentEvent(kind, ms);
    if (decision === 'send-flapping') return this.tell('flapping', decision);
    if (decision === 'suppress') return decision;
    this.heldBy = null;
    // Flapping that settled unnoticed left them at 'flapping': the recovery tells them it is up.
    if (kind === 'closed' && this.told === 'up') return 'suppress';
    return this.tell(this.state, decision);
  }

  /** What is owed at `now`, if anything (see the header); each is returned once. */
  tick(now: TimeInput): GateFollowUp | null {
    const ms = toMs(now);
    const settlement = this.detector.settledAt(ms);
    if (settlement) this.settled = settlement;
    if (this.options.maintenance(ms)) return null;
    if (this.settled) {
      const settled = this.settled;
      this.settled = null;
      this.told = this.state;
      return { kind: 'settled', settlement: { ...settled, state: this.state } };
    }
    if (this.state === 'down' && this.told === 'up' && this.heldBy) {
      const window = this.heldBy;
      this.heldBy = null;
      this.told = 'down';
      return { kind: 'still-down', at: ms, window };
    }
    return null;
  }

  /** The next time tick() may have something to say: settling, or the end of the holding window. */
  nextTickAt(): number | null {
    const times = [this.detector.settlesAt(), this.heldBy && this.state === 'down' ? Date.parse(this.heldBy.end) : null];
    const due = times.filter((t): t is number => t !== null);
    return due.length > 0 ? Math.min(...due) : null;
  }

  private tell(told: Told, decision: FlapDecision): FlapDecision {
    this.told = told;
    return decision;
  }
}
