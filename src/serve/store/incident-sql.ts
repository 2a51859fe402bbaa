// The incident half of the store's SQL, shared by its methods (sql-store.ts): events, diagnoses
// and timelines. Writes take the transaction they belong to.
import { StoreNotFound } from './errors.js';
import type { Verdict } from '../../core/model.js';
import type { Queryable } from './database.js';
import * as Q from './queries.js';
import { diagnosesFromRows, incidentsFromRows, toMs, type DiagnosisRow, type EventRow, type IncidentRow } from './records.js';
import { MAX_REDIAGNOSES, type IncidentDetail, type IncidentEventType, type IncidentRecord, type Instant } from './types.js';

export function addEvent(tx: Queryable, id: number, at: Instant, type: IncidentEventType, verdict: Verdict | null): Promise<number> {
  return tx.run(Q.ADD_INCIDENT_EVENT, { id, at: toMs(at), type, verdict: verdict === null ? null : JSON.stringify(verdict) });
}

/** `report` is the bounded JSON (diagnosis-size.ts). Re-diagnoses beyond MAX_REDIAGNOSES drop the oldest. */
export async function addDiagnosis(tx: Queryable, id: number, at: Instant, kind: 'opened' | 'rediagnosed', report: string): Promise<void> {
  await tx.run(Q.ADD_INCIDENT_DIAGNOSIS, { id, at: toMs(at), kind, report });
  if (kind === 'rediagnosed') await tx.run(Q.PRUNE_REDIAGNOSES, { id, keep: MAX_REDIAGNOSES });
}

/** Incidents with their timelines: one query for the events of up to EVENT_SLOTS incidents. */
export async function withTimelines(db: Queryable, rows: IncidentRow[]): Promise<IncidentRecord[]> {
  if (rows.length === 0) return [];
  const slots = Object.fromEntries(
    Array.from({ length: Q.EVENT_SLOTS }, (_, i) => [`i${i}`, rows[i] === undefined ? -1 : Number(rows[i]!.id)]),
  );
  return incidentsFromRows(rows, await db.all<EventRow>(Q.LIST_INCIDENT_EVENTS, slots));
}

/** The incident as a list shows it; an unknown id is the caller's mistake. */
export async function incidentById(db: Queryable, id: number): Promise<IncidentRecord> {
  const row = await db.one<IncidentRow>(Q.GET_INCIDENT, { id });
  if (row === undefined) throw new StoreNotFound(`no incident ${id}`);
  return (await withTimelines(db, [row]))[0]!;
}

/** The incident with its diagnoses; null for an unknown id. */
export async function incidentDetail(db: Queryable, id: number): Promise<IncidentDetail | null> {
  const row = await db.one<IncidentRow>(Q.GET_INCIDENT, { id });
  if (row === undefined) return null;
  const [incident] = await withTimelines(db, [row]);
  return { ...incident!, ...diagnosesFromRows(await db.all<DiagnosisRow>(Q.LIST_INCIDENT_DIAGNOSES, { id })) };
}
