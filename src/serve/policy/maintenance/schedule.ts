// The maintenance windows of `whydown serve`: is a monitor in maintenance now (no alerts), and
// which times of a period were maintenance (not counted as downtime, nor as time at all).
// Build one from Config.maintenance, again after each config reload.
import type { MaintenanceWindow } from '../../config/types.js';
import { mergeIntervals, type Interval } from '../../../core/time/intervals.js';
import { toIso, toMs, type TimeInput } from '../../../core/time/time.js';
import { WindowTimes } from './occurrences.js';
import { covers, type MonitorScope } from './scope.js';

export interface ActiveWindow {
  window: MaintenanceWindow;
  /** This occurrence, ISO times: when it opened and when it will close. */
  start: string;
  end: string;
}

export class MaintenanceSchedule {
  private readonly global: WindowTimes[];
  /** A monitor's own windows, by the object the config gave: a reload brings new objects. */
  private readonly own = new WeakMap<MaintenanceWindow, WindowTimes>();

  constructor(global: readonly MaintenanceWindow[]) {
    this.global = global.map((window) => new WindowTimes(window));
  }

  /** The open window that covers the monitor at `at` and closes last; null outside maintenance. */
  activeWindow(monitor: MonitorScope, at: TimeInput): ActiveWindow | null {
    const ms = toMs(at);
    let best: { times: WindowTimes; occurrence: Interval } | null = null;
    for (const times of this.timesFor(monitor)) {
      const occurrence = times.activeAt(ms);
      if (occurrence && (!best || occurrence[1] > best.occurrence[1])) best = { times, occurrence };
    }
    return best && { window: best.times.window, start: toIso(best.occurrence[0]), end: toIso(best.occurrence[1]) };
  }

  /** The monitor's maintenance within [from, to), merged and sorted, epoch ms. */
  maintenanceIntervals(monitor: MonitorScope, from: TimeInput, to: TimeInput): Interval[] {
    const start = toMs(from);
    const end = toMs(to);
    return mergeIntervals(this.timesFor(monitor).flatMap((times) => times.between(start, end)));
  }

  private timesFor(monitor: MonitorScope): WindowTimes[] {
    const own = monitor.maintenance.map((window) => {
      let times = this.own.get(window);
      if (!times) this.own.set(window, (times = new WindowTimes(window)));
      return times;
    });
    return [...this.global.filter((times) => covers(times.window, monitor)), ...own];
  }
}
