// The diagnosis an incident opens with: the same checklist as `whydown <url>`, made with the
// monitor's own request (method, headers, body, time limit) and the evidence its `diagnose:` key
// names, as --log and --origin would give it on the command line.
import type { MonitorConfig } from '../config/types.js';
import type { DiagnoseReport } from '../../core/model.js';
import { diagnose } from '../../diagnose/diagnose.js';
import type { DiagnoseOptions } from '../../diagnose/types.js';
import type { BrowserOptions } from '../../diagnose/browser/types.js';
import { diagnoseTcp } from './tcp-diagnosis.js';
import { diagnoseDns } from './dns-diagnosis.js';

export function diagnoseOptions(monitor: MonitorConfig, retries: number): DiagnoseOptions {
  const options: DiagnoseOptions = {
    retries,
    probe: {
      timeoutMs: monitor.timeoutMs,
      method: monitor.method,
      headers: monitor.headers,
      ...(monitor.body === undefined ? {} : { body: monitor.body }),
    },
  };
  if (monitor.diagnose?.log.length) options.logs = [...monitor.diagnose.log];
  if (monitor.diagnose?.origin !== undefined) options.origin = new URL(monitor.diagnose.origin);
  return options;
}

/** `browser`: a browser monitor's incident also loads the page (its screenshot kept with the incident). */
export function diagnoseMonitor(monitor: MonitorConfig, retries: number, browser?: BrowserOptions): Promise<DiagnoseReport> {
  // A tcp monitor makes no request: its own diagnosis, from a fresh connection.
  if (monitor.type === 'tcp') return diagnoseTcp(monitor);
  if (monitor.type === 'dns') return diagnoseDns(monitor);
  return diagnose(new URL(monitor.url), { ...diagnoseOptions(monitor, retries), ...(browser ? { browser } : {}) });
}
