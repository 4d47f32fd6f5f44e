import { MAX_JOB_TASKS } from '../contract';
import type { AssessmentForm } from '../contract';
import type { AppDatabase, AttendeeJobRecord, AttendeeTaskRecord, EventRecord } from '../db';
import type { ResolvedContext } from '../reference/context';
import { appendOutboxEntry } from '../sync/outbox';
import { recordKey } from '../sync/recordIds';
import type { AttendeeJobBody } from '../sync/kinds/attendeeJobKind';
import { groupsOf, planAttendees, type PersonToRegister } from './plan';
import { learnerSearchFields } from '../search/searchText';
import { learnersByEmail } from '../learners/byEmail';
import { registrationRecordOf } from './settle';

/**
 * The store step of an attendee import, once its event is known: the people registered with the
 * desk's rules against what this laptop holds, the groups of 50 as job records with their local
 * outcomes, and one outbox entry per group. It runs inside the caller's transaction over
 * `storePeopleTables`, so an import is stored whole or not at all.
 */

export interface StorePeopleInput {
  importId: string;
  label: string;
  people: readonly PersonToRegister[];
  retryOf?: string;
}

export interface StoredPeople {
  jobIds: string[];
  registered: number;
  failed: number;
}

/** The tables `storePeople` reads and writes, for `db.transaction('rw', ...)`. */
export function storePeopleTables(db: AppDatabase) {
  return [db.events, db.learners, db.registrations, db.assessmentForms, db.attendeeJobs, db.outbox] as const;
}

export async function storePeople(
  db: AppDatabase,
  event: EventRecord,
  input: StorePeopleInput,
  context: ResolvedContext,
): Promise<StoredPeople> {
  const known = await learnersByEmail(
    db,
    input.people.map((p) => p.row.email),
  );
  const active = await db.registrations
    .where('[event_id+status]')
    .equals([event.event_id, 'active'])
    .toArray();
  const codes = [...new Set(input.people.flatMap((p) => (p.row.assessment ? [p.row.assessment] : [])))];
  const formsByCode = new Map<string, AssessmentForm>();
  for (const form of await db.assessmentForms.where('code').anyOf(codes).toArray()) {
    if (form.published && !form.bilingual) formsByCode.set(form.code, form);
  }
  const plan = planAttendees({
    event,
    people: input.people,
    learnersByEmail: known,
    registeredLearners: new Set(active.map((r) => r.learner.learner_id)),
    formsByCode,
    ctx: { coordinatorId: context.coordinatorId, now: context.nowIso, newEventId: '' },
    newId: () => crypto.randomUUID(),
  });

  const registrations = plan.people.flatMap((p) =>
    p.registration ? [registrationRecordOf(p.registration, 'local', context.now)] : [],
  );
  const learners = plan.people.flatMap((p) =>
    p.newLearner
      ? [
          {
            ...p.newLearner,
            ...learnerSearchFields(p.newLearner),
            sync_state: 'local' as const,
            written_at: context.now,
          },
        ]
      : [],
  );
  const firstGroup = await db.attendeeJobs.where('import_id').equals(input.importId).count();
  const jobs: AttendeeJobRecord[] = groupsOf(plan.people, MAX_JOB_TASKS).map((group, g) => ({
    id: crypto.randomUUID(),
    import_id: input.importId,
    event_id: event.event_id,
    group: firstGroup + g,
    status: 'processing',
    sync_state: 'local',
    local_changed_at: context.now,
    created_at: context.nowIso,
    updated_at: context.nowIso,
    label: input.label,
    tasks: group.map((p, index): AttendeeTaskRecord => ({ ...p.task, index })),
    ...(input.retryOf ? { retry_of: input.retryOf } : {}),
  }));
  // Every write is issued at once: IndexedDB runs a transaction's requests in the order they are
  // made (so the outbox seqs follow the groups), while this page clones the next records as the
  // database stores the last, instead of waiting for each table before starting the next.
  const outbox = jobs.map((job) => {
    const body: AttendeeJobBody = { event_id: job.event_id, tasks: job.tasks.map((t) => t.person) };
    return appendOutboxEntry(
      db,
      {
        record: recordKey({ kind: 'attendeeJob', id: job.id }),
        op: 'attendeeJob.create',
        method: 'POST',
        body,
      },
      context.now,
    );
  });
  await Promise.all([
    db.learners.bulkPut(learners),
    db.registrations.bulkPut(registrations),
    db.events.put({ ...event, ...plan.event }),
    db.attendeeJobs.bulkPut(jobs),
    ...outbox,
  ]);
  return { jobIds: jobs.map((j) => j.id), registered: plan.registered, failed: plan.failed };
}
