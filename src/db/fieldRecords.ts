import type {
  AssessmentForm,
  AttendeeAttributes,
  Event,
  ExamClass,
  Learner,
  Registration,
  ResponseError,
  Section,
  TaskError,
  TaskStatus,
  Venue,
  WalkinTransaction,
} from '../contract';
import type { WalkinRecord } from '../domain/walkinTransaction';
import type { SyncState } from './records';

/**
 * What the laptop stores for field registration (contract part C). Each record is the wire shape
 * plus the local bookkeeping sync needs, so a pulled record is stored as it came and a local one
 * is pushed without renaming. Ids are client UUIDs, made here or by the server.
 */

/** Where a locally made or changed record stands with the server, for the record kinds. */
export interface FieldSyncFields {
  sync_state: SyncState;
  /** when this laptop last changed it (epoch ms); the feed does not overwrite a newer local change */
  local_changed_at?: number;
}

/** Reference data is pulled only; `pulled_at` (epoch ms) gives its age on screen. */
export type VenueRecord = Venue & { pulled_at: number };
export type ExamClassRecord = ExamClass & { pulled_at: number };
export type AssessmentFormRecord = AssessmentForm & { pulled_at: number };
export type SectionRecord = Section & { pulled_at: number };

export type LearnerRecord = Learner &
  FieldSyncFields & {
    /** `learnerSearchText` of the names and email: lower case, no accents */
    search_text: string;
    /** each word of `search_text`, for prefix lookup (a multi-entry index) */
    search_words: string[];
    /** epoch ms of the last write here (a command or the pull): the in-memory index catches up from it; part of the `[sync_state+written_at]` index, which leaves out a record without it */
    written_at: number;
  };

export type EventRecord = Event &
  FieldSyncFields & {
    /** made by a lax lookup offline; mapped onto the server's event for that venue and start */
    provisional?: boolean;
    /** `event_start`'s calendar date in the venue's time zone, for the day and week views */
    local_date: string;
  };

export type RegistrationRecord = Registration &
  FieldSyncFields & {
    /** `learnerSearchText` of the learner, for substring search (records written by earlier versions also carry its words, unread) */
    search_text: string;
    /** set when the server's answer replaced a different local outcome */
    outcome_changed?: { from: string; at: string };
    /** epoch ms of the last write here (a command or the pull): the in-memory index catches up from it; part of the `[sync_state+written_at]` index, which leaves out a record without it */
    written_at: number;
  };

/**
 * A walk-in transaction (seed 004) as the desk keeps it: the draft typed so far and, once synced,
 * the server's answer. The walk-ins feature owns the fields beyond the indexed ones.
 */
export interface WalkinLocalRecord extends FieldSyncFields {
  transaction_uuid: string;
  reporting_term: string;
  local_state: 'draft' | 'submitted' | 'authorized' | 'archived';
  updated_at: string;
  created_at: string;
  /** what the coordinator typed, exactly as typed (even half a date), saved on every change */
  form: WalkinFormValues;
  /** the transaction as the shared rules made it on this laptop at submit (ids provisional) */
  local?: WalkinRecord;
  /** the server's last answer: its `student_section_uuid`s, `is_provisional` and dates */
  server?: WalkinTransaction;
  /** the fields the server refused, kept while the reopened draft is edited (Edit and retry) */
  refused?: { message: string; errors: ResponseError[] };
}

/** The walk-in form's values: person text fields and flags as typed, the sections picked. */
export interface WalkinFormValues {
  person: Record<string, string | boolean>;
  registrations: Array<{ section_uuid: string; is_audit: boolean }>;
  notes: string;
}

/** A seed 001 job of at most 50 people, as the laptop follows it. */
export interface AttendeeJobRecord extends FieldSyncFields {
  /** client UUID of the job (one group of at most 50 rows) */
  id: string;
  /** the server's `job_id` once known */
  job_id?: string;
  /** the import the group came from, so a job page can list its groups */
  import_id: string;
  event_id: string;
  /** position of the group in its import (0-based) */
  group: number;
  status: 'processing' | 'ended' | 'failed';
  created_at: string;
  updated_at: string;
  /** the import's label (the file's name unless the coordinator changed it), as notifications say it */
  label: string;
  /** the people of the group, in the order they are sent */
  tasks: AttendeeTaskRecord[];
  /** the job this one retries failed tasks of */
  retry_of?: string;
  /** when the server's job is read next (epoch ms), while it is `processing` there */
  next_poll_at?: number;
  poll_attempts?: number;
  /** set on every group of an import once its "registered, failed" notification was raised */
  notified_at?: string;
}

/** One person of an attendee job: what is sent, the local outcome, and the server's once known. */
export interface AttendeeTaskRecord {
  /** place in the job's `tasks`, as the 207 gives it back */
  index: number;
  /** the file's row number, for the coordinator */
  row_number: number | null;
  /** the task's attributes, with the client ids of its registration and learner */
  person: AttendeeAttributes & { registration_id: string; learner_id: string };
  /** what the desk's rules decided here */
  local: { status: 'succeeded' | 'failed'; errors: TaskError[] };
  /** the 207's entry, which replaces the local outcome */
  server?: { status: TaskStatus; errors: TaskError[] };
  /** the server's outcome differs from the local one */
  outcome_changed?: { from: string; to: string; at: string };
  /** the job a retry sent this failed task again in */
  retried_in?: string;
}
