import Dexie, { type EntityTable, type Table } from 'dexie';
import { moveToPages } from './upgradeToPages';
import { stampWrittenAt } from './upgradeStampWrittenAt';
import { indexPolledJobs } from './upgradePolledJobs';
import type {
  BatchMentorsRecord,
  BatchRecord,
  ExpiryRecord,
  ExpiryRunRecord,
  ItemPageRecord,
  JobRecord,
  MentorActivitiesRecord,
  MentorRecord,
  NotificationLogRecord,
  OutboxEntry,
  SettingRecord,
} from './records';
import type {
  AssessmentFormRecord,
  AttendeeJobRecord,
  EventRecord,
  ExamClassRecord,
  LearnerRecord,
  RegistrationRecord,
  SectionRecord,
  VenueRecord,
  WalkinLocalRecord,
} from './fieldRecords';

export const DEFAULT_DB_NAME = 'registration-orchestrator';

/**
 * Schema versions. Add a new `version(n)` with its `upgrade` for every change; never edit a
 * published one (users' databases were opened with it).
 */
export const SCHEMA_V1 = {
  batches: 'id, batch_id, status, submitted_at, updated_at, [status+submitted_at], label, sync_state',
  items: '[batch+seq], [batch+status+seq], mentor_id',
  activities: 'activity_id, &[mentor_id+activity_type+activity_date], [batch+seq]',
  mentors: 'mentor_id, name, coordinator_id',
  expiryRecords: 'mentor_id, expiry_date, coordinator_id',
  expiryRuns: 'run_id, status, started_at, evaluated_on, updated_at, sync_state',
  notificationLog: '[mentor_id+expiry_date+threshold], run_id, dispatched_at, delivered',
  outbox: '++seq, record, idempotency_key, status, [status+seq], [record+seq]',
  jobs: 'id, status, kind, subject, [status+created_at], [kind+status]',
  settings: 'key',
} as const;

/**
 * Version 2: IndexedDB pays per record (about 8,000 records a second in Chromium on a modest
 * laptop, whatever their size), so a batch's items are stored in pages of `ITEM_PAGE_SIZE`, the
 * registered activities one record per mentor, and the mentor ids a batch names one record per
 * batch (for the search). Version 2 adds the new tables and moves the data; version 3 drops the
 * old tables once nothing reads them.
 */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  itemPages: '[batch+page]',
  mentorActivities: 'mentor_id',
  batchMentors: 'batch',
} as const;

export const SCHEMA_V3 = { ...SCHEMA_V2, items: null, activities: null } as const;

/**
 * Version 4: field registration (contract part C). Reference data is pulled only; learners,
 * events, registrations, walk-ins and attendee jobs are made here offline and synced as record
 * kinds. `search_words` (multi-entry) holds each word of a name or email, lower case and without
 * accents, for prefix lookup while the coordinator types. No data moves: the tables are new.
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  venues: 'venue_id, organization_id, name',
  examClasses: '[organization_id+exam_type], organization_id',
  assessmentForms: 'assessment_form_id, code, exam_type',
  sections: 'section_uuid, reporting_term',
  learners: 'learner_id, email, updated_at, sync_state, *search_words, written_at',
  events: 'event_id, [event_venue+event_start], local_date, event_start, status, updated_at, sync_state',
  registrations:
    'registration_id, event_id, [event_id+status], learner.learner_id, code, updated_at, sync_state, *search_words, written_at',
  walkins: 'transaction_uuid, reporting_term, local_state, updated_at, sync_state',
  attendeeJobs: 'id, job_id, import_id, event_id, status, sync_state',
} as const;

/**
 * Version 5: IndexedDB writes every index entry of every record, and an attendee import writes a
 * learner and a registration per person, so the indexes no query reads go: the registrations'
 * `code`, `updated_at` and `*search_words` (found by substring in memory, from `search_text`) and
 * the learners' `updated_at`. The registrations' `event_id` goes too: Dexie serves
 * `where('event_id').equals(...)` from the first part of `[event_id+status]`. The records keep
 * those fields; only the index entries are dropped.
 */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  learners: 'learner_id, email, sync_state, *search_words, written_at',
  registrations: 'registration_id, [event_id+status], learner.learner_id, sync_state, written_at',
} as const;

/**
 * Version 6: the same reasoning for the attendee import (issue #12), whose learners and
 * registrations are most of what an import writes. `[sync_state+written_at]` replaces the two
 * single indexes: Dexie serves `where('sync_state')` from its first part, and the in-memory
 * search's catch-up reads it once per sync state (`dexieSource`). The learners' `email` goes: a
 * learner's email is one of its `search_words` (`wordsOf`), which `learnersByEmail` reads instead.
 * A compound index leaves out a record without `written_at`, so the upgrade stamps the (few, if
 * any) records written without one.
 */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  learners: 'learner_id, *search_words, [sync_state+written_at]',
  registrations: 'registration_id, [event_id+status], learner.learner_id, [sync_state+written_at]',
} as const;

/**
 * Version 7: the attendee job poll finds the jobs due through `[status+next_poll_at]` instead of
 * reading every processing job (each with its 50 tasks) on every look, which during a 10,000-person
 * sync it did every 50 ms. A job the server accepted before this version without `next_poll_at`
 * is given 0 (due now), so the index holds it.
 */
export const SCHEMA_V7 = {
  ...SCHEMA_V6,
  attendeeJobs: 'id, job_id, import_id, event_id, status, sync_state, [status+next_poll_at]',
} as const;

export class AppDatabase extends Dexie {
  batches!: EntityTable<BatchRecord, 'id'>;
  itemPages!: Table<ItemPageRecord, [string, number]>;
  mentorActivities!: EntityTable<MentorActivitiesRecord, 'mentor_id'>;
  batchMentors!: EntityTable<BatchMentorsRecord, 'batch'>;
  mentors!: EntityTable<MentorRecord, 'mentor_id'>;
  expiryRecords!: EntityTable<ExpiryRecord, 'mentor_id'>;
  expiryRuns!: EntityTable<ExpiryRunRecord, 'run_id'>;
  notificationLog!: Table<NotificationLogRecord, [string, string, string]>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  jobs!: EntityTable<JobRecord, 'id'>;
  settings!: EntityTable<SettingRecord, 'key'>;
  venues!: EntityTable<VenueRecord, 'venue_id'>;
  examClasses!: Table<ExamClassRecord, [string, string]>;
  assessmentForms!: EntityTable<AssessmentFormRecord, 'assessment_form_id'>;
  sections!: EntityTable<SectionRecord, 'section_uuid'>;
  learners!: EntityTable<LearnerRecord, 'learner_id'>;
  events!: EntityTable<EventRecord, 'event_id'>;
  registrations!: EntityTable<RegistrationRecord, 'registration_id'>;
  walkins!: EntityTable<WalkinLocalRecord, 'transaction_uuid'>;
  attendeeJobs!: EntityTable<AttendeeJobRecord, 'id'>;

  constructor(name: string = DEFAULT_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade((tx) => moveToPages(tx));
    this.version(3).stores(SCHEMA_V3);
    this.version(4).stores(SCHEMA_V4);
    this.version(5).stores(SCHEMA_V5);
    this.version(6)
      .stores(SCHEMA_V6)
      .upgrade((tx) => stampWrittenAt(tx));
    this.version(7)
      .stores(SCHEMA_V7)
      .upgrade((tx) => indexPolledJobs(tx));
  }
}

/** The tables a change to batch state touches, for `db.transaction('rw', ...)`. */
export function batchTables(db: AppDatabase) {
  return [db.batches, db.itemPages, db.mentorActivities, db.batchMentors, db.outbox, db.jobs] as const;
}
