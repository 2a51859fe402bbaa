// Which monitors a window covers: a global window without monitors or tags covers all; with
// either, a monitor named in it or carrying one of its tags. A monitor's own windows cover it.
import type { MaintenanceWindow, MonitorConfig } from '../../config/types.js';

export type MonitorScope = Pick<MonitorConfig, 'name' | 'tags' | 'maintenance'>;

export function covers(window: MaintenanceWindow, monitor: MonitorScope): boolean {
  if (!window.monitors && !window.tags) return true;
  return (window.monitors?.includes(monitor.name) ?? false) || (window.tags?.some((tag) => monitor.tags.includes(tag)) ?? false);
}
