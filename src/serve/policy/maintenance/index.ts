// Maintenance windows: no alerts inside them, and their time counts neither as downtime nor as
// time observed (see src/serve/uptime/).
export { MaintenanceSchedule, type ActiveWindow } from './schedule.js';
export { covers, type MonitorScope } from './scope.js';
export { cronProblem } from './cron.js';
export { windowSettings, flappingSettings } from './settings.js';
