// Uptime arithmetic: uptime %, outages, MTTR, per calendar period, maintenance excluded; and the
// search-ranking risk of long server errors.
export type { IncidentSpan, MaintenanceInput, Outage, UptimeInput, UptimeSummary } from './types.js';
export { computeUptime } from './summary.js';
export { uptimeByPeriod, type PeriodUptime } from './buckets.js';
export { periodContaining, periodsBetween, type CalendarPeriod, type CalendarUnit } from './calendar.js';
export { crawlRisks, CRAWL_RATE_SOURCE, HTTP_ERRORS_SOURCE, type CrawlIncident, type CrawlRisk, type CrawlRiskOptions } from './crawl-risk.js';
export { formatPercent, formatSpan, formatUptimeLine, formatUptimeReport, periodTitle } from './format.js';
export { uptimeReport, type ReportInput, type UptimeReport } from './report.js';
