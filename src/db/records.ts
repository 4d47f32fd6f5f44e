import type { BatchStatus, ItemStatus, RunStatus } from '../contract';

/**
 * What the app stores in IndexedDB. Field names follow the wire (snake_case) wherever a field
 * is a contract field, so sync pushes and pulls records without renaming; local-only fields
 * are camelCase-free too for one style per table.
 */

/** Where a record stands with the central server, every value (a query per state lists them all). */
export const SYNC_STATES = ['local', 'pushing', 'synced', 'rejected'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export interface BatchRecord {
  /** client UUID; also sent as `client_batch_id` */
  id: string;
  /** server id (`batch-0043`) once known */
  batch_id?: string;
  coordinator_id: string;
  label: string;
  status: BatchStatus;
  total_items: number;
  /** successes */
  completed: number;
  failed: number;
  cancelled_items: number;
  /** when the coordinator submitted it here; the server's receipt time never replaces it */
  submitted_at: string;
  /** the server's `submitted_at` (when it received the batch), once synced */
  server_submitted_at?: string;
  completed_at: string | null;
  updated_at: string;
  cancellation_reason?: string;
  /** the file the batch came from, for the coordinator's eyes */
  source_name?: string;
  sync_state: SyncState;
  /** items whose server outcome differs from the local provisional one */
  changed_outcomes: number;
}

export interface ItemRecord {
  /** BatchRecord.id */
  batch: string;
  /** 1-based position in the batch; `item_id` is derived from it */
  seq: number;
  item_id: string;
  mentor_id: string;
  activity_type: string;
  activity_date: string;
  duration_minutes: number;
  notes?: string;
  /** the spreadsheet's row number of the imported row (local only; older items have none) */
  source_row?: number;
  status: ItemStatus;
  activity_id?: string;
  error?: string;
  /** set when the server's outcome replaced a different local one */
  outcome_changed?: { from: ItemStatus; from_error?: string; at: string };
}

/** A page of a batch's items: items `page * ITEM_PAGE_SIZE + 1` onwards, in `seq` order. */
export interface ItemPageRecord {
  batch: string;
  /** 0-based */
  page: number;
  items: ItemRecord[];
}

/** A registered activity of one mentor; the mentor, type and date are its key in the map. */
export interface RegisteredActivity {
  activity_id: string;
  duration_minutes: number;
  /** the item that registered it */
  batch: string;
  seq: number;
  /** false until the server confirmed it */
  confirmed: boolean;
}

/**
 * Every registered activity of one mentor, keyed by `activityTypeDateKey`: the duplicate rule
 * is "this mentor's map already has the key". One record per mentor, because a batch's items
 * cluster on few mentors and IndexedDB pays per record.
 */
export interface MentorActivitiesRecord {
  mentor_id: string;
  activities: Map<string, RegisteredActivity>;
}

/** The mentor ids a batch's items name, lower-cased, distinct and sorted, for the search. */
export interface BatchMentorsRecord {
  batch: string;
  mentors: string[];
}

export interface MentorRecord {
  mentor_id: string;
  name: string;
  coordinator_id: string;
  email?: string;
  updated_at: string;
}

/** One certification expiry per mentor; `expiry_date` is indexed for range queries. */
export interface ExpiryRecord {
  mentor_id: string;
  coordinator_id: string;
  expiry_date: string;
  updated_at: string;
}

export interface ExpiryRunRecord {
  run_id: string;
  triggered_by: string;
  expirations_evaluated: number;
  notifications_dispatched: number;
  thresholds_hit: string[];
  status: RunStatus;
  started_at: string;
  completed_at: string | null;
  evaluated_at: string;
  /** local calendar date the run evaluated (YYYY-MM-DD in the coordinator's zone) */
  evaluated_on: string;
  error?: string;
  resolution_notes?: string;
  updated_at: string;
  sync_state: SyncState;
}

/** The once-per-(mentor, expiry date, threshold) rule is this table's primary key. */
export interface NotificationLogRecord {
  mentor_id: string;
  expiry_date: string;
  threshold: string;
  coordinator_id: string;
  run_id: string;
  dispatched_at: string;
  /** shown to the coordinator (false while quiet hours hold it) */
  delivered: boolean;
  read: boolean;
}

export type OutboxStatus = 'pending' | 'inflight' | 'done' | 'rejected';

/** A contract call to make, written in the same transaction as the change it reports. */
export interface OutboxEntry {
  /** auto-increment: the global order */
  seq?: number;
  /** `batch:<uuid>` or `run:<uuid>`: entries of one record go in order */
  record: string;
  idempotency_key: string;
  method: 'POST' | 'PUT' | 'DELETE';
  /** operation name, e.g. `batch.create`, `batch.retry` */
  op: string;
  /** request body; server ids are filled in when the entry is sent */
  body?: unknown;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  created_at: string;
  last_error?: string;
  /** the server's answer for a permanent rejection */
  rejection?: {
    status: number;
    code: string;
    message: string;
    /** the fields the server named (`person.email`), for the record's own page */
    fields?: Array<{ field: string; code: string; message: string }>;
  };
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  kind: string;
  status: JobStatus;
  /** what the job works on, e.g. a batch id */
  subject?: string;
  payload?: unknown;
  lease_owner?: string;
  /** epoch ms; a running job past it may be claimed again */
  lease_expires_at: number;
  attempts: number;
  progress_done: number;
  progress_total: number;
  created_at: number;
  updated_at: number;
  error?: string;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}
