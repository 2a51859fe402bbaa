// Which incident events become alerts: flapping detection and maintenance windows.
export { FlapDetector, type FlapDecision, type FlapSettlement, type IncidentKind } from './flapping.js';
export { AlertGate, type GateFollowUp, type GateOptions, type Told } from './gate.js';
