import type { AssessmentForm, Event, ExamClass, Learner, Registration, Section, Venue } from '../contract';
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
    /** epoch ms of the last write here (a command or the pull): the in-memory index catches up from it */
    written_at?: number;
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
    /** `learnerSearchText` of the learner, for substring search */
    search_text: string;
    /** each word of `search_text`, for prefix lookup (a multi-entry index) */
    search_words: string[];
    /** set when the server's answer replaced a different local outcome */
    outcome_changed?: { from: string; at: string };
    /** epoch ms of the last write here (a command or the pull): the in-memory index catches up from it */
    written_at?: number;
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
}
