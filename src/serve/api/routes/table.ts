// Every path the server answers, with who may call it.
import type { Handler } from '../context.js';
import { PROMETHEUS_TYPE } from '../exposition.js';
import type { Route } from '../router.js';
import { getIncident, listIncidents, listResults, listRollups } from './history.js';
import { getUptime } from './uptime.js';
import { pauseMonitor, resumeMonitor } from './pause.js';
import { diagnoseFromVantage, listVantages } from '../../vantage/api.js';
import { listHubs } from './hubs.js';
import { createMonitor, deleteMonitor, getMonitor, listMonitors, putMonitor } from './monitors.js';

export const ROUTES: readonly Route<Handler>[] = [
  { method: 'GET', path: '/healthz', access: 'public', handle: () => ({ status: 200, json: { ok: true } }) },
  { method: 'GET', path: '/metrics', access: 'read', handle: (ctx) => ({ status: 200, text: ctx.metrics.render() + (ctx.vantages?.metrics() ?? ''), contentType: PROMETHEUS_TYPE }) },
  { method: 'GET', path: '/api/v1/monitors', access: 'read', handle: listMonitors },
  { method: 'POST', path: '/api/v1/monitors', access: 'write', handle: createMonitor },
  { method: 'GET', path: '/api/v1/monitors/:name', access: 'read', handle: getMonitor },
  { method: 'PUT', path: '/api/v1/monitors/:name', access: 'write', handle: putMonitor },
  { method: 'DELETE', path: '/api/v1/monitors/:name', access: 'write', handle: deleteMonitor },
  { method: 'POST', path: '/api/v1/monitors/:name/pause', access: 'write', handle: pauseMonitor },
  { method: 'POST', path: '/api/v1/monitors/:name/resume', access: 'write', handle: resumeMonitor },
  { method: 'GET', path: '/api/v1/monitors/:name/results', access: 'read', handle: listResults },
  { method: 'GET', path: '/api/v1/monitors/:name/rollups', access: 'read', handle: listRollups },
  { method: 'GET', path: '/api/v1/monitors/:name/uptime', access: 'read', handle: getUptime },
  { method: 'GET', path: '/api/v1/incidents', access: 'read', handle: listIncidents },
  { method: 'GET', path: '/api/v1/incidents/:id', access: 'read', handle: getIncident },
  { method: 'GET', path: '/api/v1/vantages', access: 'read', handle: listVantages },
  { method: 'POST', path: '/api/v1/vantages/:name/diagnose', access: 'write', handle: diagnoseFromVantage },
  { method: 'GET', path: '/api/v1/hubs', access: 'read', handle: listHubs },
];
