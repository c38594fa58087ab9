import type { AuditDraft } from '../audit/chain';
import type { Page } from '../shared/page';
import type { Incident, IncidentKind, IncidentStatus } from './model';

/** Incidents occurring in [fromAt, toAt) (ISO instants), newest first by (occurredAt, id). */
export interface IncidentQuery {
  fromAt: string;
  toAt: string;
  kind?: IncidentKind;
  status?: IncidentStatus;
}

/** One counting window of one rule for one subject, as the detector keeps it between runs. */
export interface DetectorBucket {
  rule: string;
  /** The counted subject, raw (staff id, source address, member id, policy number): state only, never shown. */
  subject: string;
  windowFrom: string;
  windowTo: string;
  count: number;
  /** The first entries of the window, masked, for the incident's evidence. */
  sample: import('./model').IncidentEvidence[];
  /** Set once the window opened (or was found to belong to) an incident. */
  done?: boolean;
}

/** The detector's whole state: one document, written with a version check after each step. */
export interface DetectorState {
  /** Every audit entry with (at, id) ≤ this was counted. */
  cursor?: { at: string; id: string };
  buckets: Record<string, DetectorBucket>;
  /** The last whole-log verification the detector ran. */
  lastVerifyAt?: string;
  version: number;
}

export interface IncidentStore {
  /** Writes the incident with its audit entries unless one with its id exists: then that one, created false. */
  create(incident: Incident, audit: readonly AuditDraft[]): Promise<{ incident: Incident; created: boolean }>;
  get(id: string): Promise<Incident | null>;
  /** Version-checked (INCIDENT.VERSION_CONFLICT), with its audit entries in the same write. */
  update(incident: Incident, expectedVersion: number, audit: readonly AuditDraft[]): Promise<void>;
  list(query: IncidentQuery, page: { limit: number; cursor?: string }): Promise<Page<Incident>>;
  /** Incidents per (occurredMonth, kind) in these months; months with none are left out. */
  countByMonth(months: readonly string[]): Promise<{ month: string; kind: string; count: number }[]>;
  readDetector(): Promise<DetectorState>;
  /** False (nothing written) when the state moved since it was read: another run did this work. */
  writeDetector(state: DetectorState, expectedVersion: number): Promise<boolean>;
}
