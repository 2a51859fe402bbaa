// Alerts: one notifier per channel behind one interface, a dispatcher that feeds them from the
// monitor's incident events. `whydown serve` wires AlertDispatcher; `whydown notify test` uses
// sendTest.
export { AlertDispatcher, type AlertStats, type DispatcherOptions, type ShouldSend, type TargetStats, type UnsentAlert } from './dispatcher.js';
export { logLine, type DeliveryLogEntry } from './log.js';
export { ALERT_EVENTS, incidentMessage, testMessage, type AlertEvent, type AlertMessage, type IncidentNotice } from './message.js';
export { attempt, type DeliveryOutcome, type Notifier, type SendContext } from './notifier.js';
export { createNotifier } from './registry.js';
export { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './backoff.js';
export { sendTest, type TestSendResult } from './test-send.js';
