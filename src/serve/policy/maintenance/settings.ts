// Windows and flapping as a user writes them, for the API to show a monitor so that its answer
// can be edited and sent back (the counterpart of monitorSettings in src/serve/engine/monitor-view.ts).
import { formatDuration } from '../../config/duration.js';
import type { Flapping, MaintenanceWindow } from '../../config/types.js';

export function windowSettings(window: MaintenanceWindow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (window.reason !== undefined) out.reason = window.reason;
  if (window.kind === 'once') {
    out.start = window.start;
    out.end = window.end;
  } else {
    out.cron = window.cron;
    out.duration = formatDuration(window.durationMs);
    out.timezone = window.timezone;
  }
  if (window.monitors) out.monitors = window.monitors;
  if (window.tags) out.tags = window.tags;
  return out;
}

export function flappingSettings(flapping: Flapping | false): Record<string, unknown> | false {
  return flapping && { changes: flapping.changes, within: formatDuration(flapping.withinMs) };
}
