import type { Database } from './database';

/**
 * Versioned migrations, applied in order at start. A migration never changes once released: add a new one.
 * The SQL is the subset PGlite and PostgreSQL share.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'bulk registrations, activities, expiry runs, tokens, idempotency keys',
    sql: /* sql */ `
CREATE FUNCTION padded_id(prefix text, n bigint, width int) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
    SELECT prefix || CASE WHEN length(n::text) >= width THEN n::text ELSE lpad(n::text, width, '0') END
  $$;

CREATE SEQUENCE batch_seq START 1;
CREATE SEQUENCE activity_seq START 1;

CREATE TABLE batches (
  seq bigint PRIMARY KEY,
  batch_id text NOT NULL UNIQUE,
  coordinator_id text NOT NULL,
  label text,
  client_batch_id text,
  cancellation_reason text,
  cancelled boolean NOT NULL DEFAULT false,
  total_items int NOT NULL,
  open_items int NOT NULL,
  completed int NOT NULL DEFAULT 0,
  failed int NOT NULL DEFAULT 0,
  cancelled_items int NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'processing',
  submitted_at timestamptz NOT NULL,
  completed_at timestamptz,
  cancelled_at timestamptz,
  updated_at timestamptz NOT NULL,
  lease_token text,
  lease_until timestamptz
);
CREATE INDEX batches_coordinator ON batches (coordinator_id, seq);
CREATE INDEX batches_updated ON batches (updated_at, seq);
CREATE INDEX batches_open ON batches (seq) WHERE open_items > 0;

-- The status and completed_at always follow from the counters, whoever writes them.
CREATE FUNCTION batches_derive_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.status := CASE
    WHEN NEW.cancelled THEN 'cancelled'
    WHEN NEW.open_items > 0 THEN 'processing'
    WHEN NEW.failed = 0 THEN 'completed'
    WHEN NEW.completed = 0 THEN 'failed'
    ELSE 'partial' END;
  IF NEW.open_items > 0 THEN
    NEW.completed_at := NULL;
  ELSIF NEW.completed_at IS NULL THEN
    NEW.completed_at := now();
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER batches_status BEFORE INSERT OR UPDATE ON batches
  FOR EACH ROW EXECUTE FUNCTION batches_derive_status();

CREATE TABLE batch_items (
  batch_seq bigint NOT NULL REFERENCES batches (seq) ON DELETE CASCADE,
  item_no int NOT NULL,
  mentor_id text NOT NULL,
  activity_type text NOT NULL,
  activity_date date NOT NULL,
  duration_minutes int NOT NULL,
  notes text,
  status text NOT NULL DEFAULT 'pending',
  activity_id text,
  error text,
  claim_token text,
  claimed_until timestamptz,
  PRIMARY KEY (batch_seq, item_no)
);

-- Registered activities outlive their batch record. The unique key is the duplicate rule.
CREATE TABLE activities (
  activity_id text PRIMARY KEY DEFAULT padded_id('pa-', nextval('activity_seq'), 3),
  mentor_id text NOT NULL,
  activity_type text NOT NULL,
  activity_date date NOT NULL,
  duration_minutes int NOT NULL,
  notes text,
  coordinator_id text NOT NULL,
  batch_id text NOT NULL,
  item_no int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mentor_id, activity_type, activity_date)
);

CREATE TABLE expiry_runs (
  run_id text PRIMARY KEY,
  owner text NOT NULL,
  triggered_by text NOT NULL,
  status text NOT NULL,
  expirations_evaluated int NOT NULL,
  notifications_dispatched int NOT NULL,
  thresholds_hit jsonb NOT NULL,
  error text,
  resolution_notes text,
  evaluated_at timestamptz NOT NULL,
  started_at timestamptz NOT NULL,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX expiry_runs_owner ON expiry_runs (owner, started_at);
CREATE INDEX expiry_runs_updated ON expiry_runs (updated_at, run_id);

-- One notification per (mentor, expiry date, threshold), ever: the primary key is the rule.
CREATE TABLE expiry_notifications (
  mentor_id text NOT NULL,
  expiry_date date NOT NULL,
  threshold text NOT NULL,
  coordinator_id text NOT NULL,
  run_id text NOT NULL,
  ord int NOT NULL,
  delivered_by text NOT NULL,
  dispatched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (mentor_id, expiry_date, threshold)
);
CREATE INDEX expiry_notifications_run ON expiry_notifications (run_id, ord);

CREATE TABLE api_tokens (
  token_hash text PRIMARY KEY,
  principal text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE idempotency_keys (
  principal text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  state text NOT NULL,
  status_code int,
  body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
`,
  },
  {
    version: 2,
    name: 'batch items: no foreign key check per item, room for HOT updates',
    sql: /* sql */ `
-- Checking the batch for each of 10,000 inserted items cost more than the insert; items are deleted with
-- their batch by BatchStore.remove in the same transaction instead.
ALTER TABLE batch_items DROP CONSTRAINT IF EXISTS batch_items_batch_seq_fkey;
-- Room on each page, so status changes are HOT updates that skip the index.
ALTER TABLE batch_items SET (fillfactor = 60);
`,
  },
  {
    version: 3,
    name: 'batches.version: a counter every change of a batch moves',
    sql: /* sql */ `
-- Instances keep a finished batch's JSON and check this before serving it. updated_at cannot serve: it is
-- the transaction's start time, so two changes can leave the same value (or move it backwards), and a
-- cache would then serve the older text. Row locks serialise updates, so OLD.version + 1 never repeats.
ALTER TABLE batches ADD COLUMN version bigint NOT NULL DEFAULT 1;
CREATE FUNCTION batches_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END $$;
CREATE TRIGGER batches_version BEFORE UPDATE ON batches
  FOR EACH ROW EXECUTE FUNCTION batches_next_version();
`,
  },
  {
    version: 4,
    name: 'part C1-C3: reference data, learners, events, registrations',
    sql: /* sql */ `
CREATE TABLE venues (
  venue_id uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  name text NOT NULL,
  address text NOT NULL,
  time_zone text NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX venues_updated ON venues (updated_at, venue_id);

CREATE TABLE exam_classes (
  organization_id uuid NOT NULL,
  exam_type text NOT NULL,
  exam_formats jsonb NOT NULL,
  billing_codes jsonb NOT NULL,
  position int NOT NULL,
  PRIMARY KEY (organization_id, exam_type)
);

CREATE TABLE assessment_forms (
  assessment_form_id uuid PRIMARY KEY,
  code text NOT NULL,
  title text NOT NULL,
  exam_type text NOT NULL,
  published boolean NOT NULL,
  bilingual boolean NOT NULL,
  updated_at timestamptz NOT NULL
);
-- seed 002's lookup: a published, non-bilingual form by code
CREATE INDEX assessment_forms_usable ON assessment_forms (code) WHERE published AND NOT bilingual;
CREATE INDEX assessment_forms_updated ON assessment_forms (updated_at, assessment_form_id);

CREATE TABLE learners (
  learner_id uuid PRIMARY KEY,
  coordinator_id text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL,
  email_lower text NOT NULL,
  phone text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX learners_email ON learners (coordinator_id, email_lower);
CREATE INDEX learners_updated ON learners (updated_at, learner_id);

CREATE TABLE events (
  event_id uuid PRIMARY KEY,
  venue_id uuid NOT NULL,
  event_start timestamptz NOT NULL,
  exam_type text NOT NULL,
  exam_format text NOT NULL,
  billing_code text NOT NULL,
  registration_limit int,
  status text NOT NULL,
  cancellation_reason text,
  registered_count int NOT NULL DEFAULT 0,
  coordinator_id text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- At most one non-cancelled event per venue and start, whichever instance inserts it.
CREATE UNIQUE INDEX events_one_per_venue_start ON events (venue_id, event_start) WHERE status <> 'cancelled';
CREATE INDEX events_start ON events (event_start);
CREATE INDEX events_updated ON events (updated_at, event_id);
CREATE INDEX events_coordinator ON events (coordinator_id);

CREATE TABLE registrations (
  registration_id uuid PRIMARY KEY,
  code text NOT NULL,
  event_id uuid NOT NULL,
  learner_id uuid NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL,
  learner_registrant_type text,
  assessment text,
  assessment_form_id uuid,
  accommodations jsonb NOT NULL,
  status text NOT NULL,
  cancellation_reason text,
  history jsonb NOT NULL,
  coordinator_id text NOT NULL,
  -- normalizeForSearch(first + ' ' + last) and lower(email), written by the server from src/domain
  search_text text NOT NULL,
  email_lower text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX registrations_event ON registrations (event_id, created_at);
CREATE UNIQUE INDEX registrations_one_active_per_learner ON registrations (event_id, learner_id)
  WHERE status = 'active';
CREATE INDEX registrations_code ON registrations (code);
CREATE INDEX registrations_updated ON registrations (updated_at, registration_id);
CREATE INDEX registrations_coordinator ON registrations (coordinator_id, updated_at);
CREATE INDEX registrations_learner ON registrations (learner_id);

-- Substring search on names and emails: trigram GIN indexes. An extension exists once per database,
-- so it goes to public (a test's own schema, dropped after, must not take it along), and the
-- indexes name the operator class in whichever schema holds it.
DO $$
DECLARE s text;
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
  SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_trgm';
  EXECUTE format('CREATE INDEX registrations_search_text ON registrations USING gin (search_text %I.gin_trgm_ops)', s);
  EXECUTE format('CREATE INDEX registrations_email_text ON registrations USING gin (email_lower %I.gin_trgm_ops)', s);
END $$;
`,
  },
  {
    version: 5,
    name: 'sections and walk-in registration transactions (contract C1 sections, C5)',
    sql: /* sql */ `
CREATE TABLE sections (
  section_uuid text PRIMARY KEY,
  reporting_term text NOT NULL,
  course_name text NOT NULL,
  section_code text NOT NULL,
  course_title text NOT NULL,
  amount numeric(12, 2) NOT NULL,
  credit_hours numeric(6, 2) NOT NULL,
  is_oncampus boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sections_term ON sections (reporting_term, course_name, section_code, section_uuid);
CREATE INDEX sections_updated ON sections (updated_at, section_uuid);

-- One row per transaction: the whole record (person, registrations with their copied catalogue
-- fields, decimals in hundredths) is written at once; the columns are what lists filter and order on.
CREATE TABLE walkin_transactions (
  transaction_uuid text PRIMARY KEY,
  reporting_term text NOT NULL,
  owner text NOT NULL,
  started_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX walkin_transactions_started ON walkin_transactions (reporting_term, started_at DESC, transaction_uuid);
CREATE INDEX walkin_transactions_updated ON walkin_transactions (reporting_term, updated_at, transaction_uuid);

-- The integer ids seed 004 gives people: one per authorizing (or archiving) staff UUID, and one per
-- walk-in person UUID on submit.
CREATE SEQUENCE walkin_staff_seq START 1;
CREATE TABLE walkin_staff_ids (
  staff_uuid text PRIMARY KEY,
  person_id int NOT NULL UNIQUE DEFAULT nextval('walkin_staff_seq')
);
CREATE SEQUENCE walkin_person_seq START 1;
CREATE TABLE walkin_person_ids (
  person_uuid text PRIMARY KEY,
  person_id int NOT NULL UNIQUE DEFAULT nextval('walkin_person_seq')
);
`,
  },
  {
    version: 6,
    name: 'attendee jobs (seed 001), their tasks, the webhook outbox',
    sql: /* sql */ `
-- A job's counters are kept on its row; its status follows from them (src/domain/attendeeJob.ts), written
-- by the worker in the same transaction that settles the tasks. A lease on the row lets one worker at a
-- time take the job's next tasks, in submitted order.
CREATE TABLE attendee_jobs (
  seq bigserial UNIQUE,
  job_id text PRIMARY KEY,
  event_id text NOT NULL,
  coordinator_id text NOT NULL,
  status text NOT NULL DEFAULT 'processing',
  total_items int NOT NULL,
  pending int NOT NULL,
  succeeded int NOT NULL DEFAULT 0,
  failed int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  lease_token text,
  lease_until timestamptz
);
CREATE INDEX attendee_jobs_open ON attendee_jobs (seq) WHERE pending > 0;
CREATE INDEX attendee_jobs_updated ON attendee_jobs (updated_at, seq);
CREATE INDEX attendee_jobs_coordinator ON attendee_jobs (coordinator_id, seq);

-- task_no is the task's index in the submitted list. A task is pending until the transaction that
-- registers its person also settles it, so a worker that dies leaves it pending, never half done.
CREATE TABLE attendee_job_tasks (
  job_id text NOT NULL,
  task_no int NOT NULL,
  attributes jsonb NOT NULL,
  -- the client's registration_id, or one made at submission: a task redone after a crash makes the same record
  registration_id text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  registration jsonb,
  errors jsonb NOT NULL DEFAULT '[]',
  settled_at timestamptz,
  PRIMARY KEY (job_id, task_no)
);

-- The webhook outbox: one row per event and URL, written in the transaction that ends the job.
CREATE TABLE webhook_deliveries (
  delivery_id bigserial PRIMARY KEY,
  url text NOT NULL,
  event text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  give_up_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  attempts int NOT NULL DEFAULT 0,
  delivered_at timestamptz,
  abandoned_at timestamptz,
  last_status int,
  last_error text,
  lease_token text,
  lease_until timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
  WHERE delivered_at IS NULL AND abandoned_at IS NULL;
`,
  },
  {
    version: 7,
    name: 'learners by email alone, for the admin match of contract C4 (learners_email leads with the coordinator)',
    sql: /* sql */ `
CREATE INDEX learners_email_lower ON learners (email_lower);
`,
  },
  {
    version: 8,
    name: 'registration search: a small GIN pending list, so a search does not scan up to 4 MB of unmerged entries',
    sql: /* sql */ `
-- GIN keeps new entries in an unsorted pending list until it reaches gin_pending_list_limit (4 MB by default)
-- or a vacuum merges it, and every search reads the whole list: with 100,000 registrations, 300 pending pages
-- made a name search cost 4 ms of PostgreSQL CPU instead of 0.1, and the cost followed how many rows had come
-- in since the last merge. A 256 kB list is merged by the insert that fills it, still in one sorted pass,
-- whereas fastupdate = off measured three times the cost of each registration insert.
ALTER INDEX registrations_search_text SET (gin_pending_list_limit = 256);
ALTER INDEX registrations_email_text SET (gin_pending_list_limit = 256);
`,
  },
  {
    version: 9,
    name: 'seat counts as HOT updates: no index on events.updated_at, room on each events page',
    sql: /* sql */ `
-- Every registration moves its event's registered_count and updated_at. With updated_at indexed no such
-- update could be HOT: each wrote a new entry into all five indexes of events (and left them to vacuum).
-- The event feed (updated_since) reads every matching event to count them anyway, and events are few
-- beside registrations, so it scans the table instead. Free room on each page lets the new version of
-- a row stay on its page, which HOT needs.
DROP INDEX IF EXISTS events_updated;
ALTER TABLE events SET (fillfactor = 50);
`,
  },
  {
    version: 10,
    name: "an event's attendee jobs by status, for the laptop's poll of the jobs still processing",
    sql: /* sql */ `
-- The laptop polls its jobs with GET /jobs?status=processing&event_id= (one listing for all of them,
-- often several a second while an import runs): without this index every poll read every job's row.
CREATE INDEX attendee_jobs_event_status ON attendee_jobs (event_id, status, seq);
`,
  },
];

/** Applies the missing migrations under an advisory lock, so instances starting together do not race. */
export async function migrate(db: Database): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(8787001)');
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
