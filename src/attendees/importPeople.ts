import { MAX_JOB_TASKS } from '../contract';
import type { AssessmentForm, Learner } from '../contract';
import type { AppDatabase, AttendeeJobRecord, AttendeeTaskRecord } from '../db';
import { AppError } from '../errors/appError';
import { resolveContext, type LocalCommandOptions } from '../reference/context';
import { appendOutboxEntry } from '../sync/outbox';
import { recordKey } from '../sync/recordIds';
import type { AttendeeJobBody } from '../sync/kinds/attendeeJobKind';
import { groupsOf, planAttendees, type PersonToRegister } from './plan';
import { learnerSearchFields } from '../search/searchText';
import { registrationRecordOf } from './settle';

/**
 * An attendee import stored on the laptop: every person registered locally with the desk's rules,
 * the groups of 50 as job records with their local outcomes, and one outbox entry per group, in
 * one transaction, so an import is stored whole or not at all (and 10,000 people take one bulk
 * write per table, not one transaction each).
 */

export class AttendeeImportError extends AppError<'event_not_found' | 'nothing_to_import'> {}

export interface ImportPeopleInput {
  eventId: string;
  /** the import's name on the job page and in the notification ("Spring sitting") */
  label: string;
  people: readonly PersonToRegister[];
  /** a retry: the import the people belong to and the job their failed tasks came from */
  importId?: string;
  retryOf?: string;
}

export interface ImportPeopleResult {
  importId: string;
  jobIds: string[];
  registered: number;
  failed: number;
}

export async function importPeople(
  db: AppDatabase,
  input: ImportPeopleInput,
  options: LocalCommandOptions = {},
): Promise<ImportPeopleResult> {
  if (input.people.length === 0) {
    throw new AttendeeImportError(
      'nothing_to_import',
      'There is nobody to register: the import has no rows to send.',
    );
  }
  const context = await resolveContext(db, options);
  const importId = input.importId ?? crypto.randomUUID();
  const tables = [db.events, db.learners, db.registrations, db.assessmentForms, db.attendeeJobs, db.outbox];
  return db.transaction('rw', tables, async () => {
    const event = await db.events.get(input.eventId);
    if (!event) {
      throw new AttendeeImportError(
        'event_not_found',
        'The event chosen for this import is no longer on this computer: choose the event again.',
      );
    }
    const emails = [...new Set(input.people.map((p) => p.row.email.toLowerCase()))];
    const learnersByEmail = new Map<string, Learner>();
    for (const learner of await db.learners.where('email').anyOfIgnoreCase(emails).toArray()) {
      learnersByEmail.set(learner.email.toLowerCase(), learner);
    }
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
      learnersByEmail,
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
    await db.learners.bulkPut(learners);
    await db.registrations.bulkPut(registrations);
    await db.events.put({ ...event, ...plan.event });

    const firstGroup = await db.attendeeJobs.where('import_id').equals(importId).count();
    const jobs: AttendeeJobRecord[] = groupsOf(plan.people, MAX_JOB_TASKS).map((group, g) => ({
      id: crypto.randomUUID(),
      import_id: importId,
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
    await db.attendeeJobs.bulkPut(jobs);
    for (const job of jobs) {
      const body: AttendeeJobBody = { event_id: job.event_id, tasks: job.tasks.map((t) => t.person) };
      await appendOutboxEntry(
        db,
        {
          record: recordKey({ kind: 'attendeeJob', id: job.id }),
          op: 'attendeeJob.create',
          method: 'POST',
          body,
        },
        context.now,
      );
    }
    return { importId, jobIds: jobs.map((j) => j.id), registered: plan.registered, failed: plan.failed };
  });
}
